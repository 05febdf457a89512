package extract

import (
	"context"
	"fmt"
	"hash/maphash"
	"math"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/amcalc/amcalc/calc"
)

// Columns of the activity extract (DATA.md "activity"), in this order in batch.cols.
const (
	aDoctorID = iota
	aYear
	aSpecialty
	aMTAdult
	aMTChild
	aFileActive
	aFSVolet1
)

var activitySpecs = []colSpec{
	aDoctorID:   {name: "doctor_id", kind: kindString},
	aYear:       {name: "year", kind: kindInt},
	aSpecialty:  {name: "specialty", kind: kindString, dict: true},
	aMTAdult:    {name: "mt_adult", kind: kindInt},
	aMTChild:    {name: "mt_child", kind: kindInt},
	aFileActive: {name: "file_active", kind: kindInt},
	aFSVolet1:   {name: "fs_volet1", kind: kindBool},
}

// activityRequired are the non-null columns of activity, as a bit set over column indexes.
const activityRequired uint32 = 1<<aDoctorID | 1<<aYear | 1<<aSpecialty | 1<<aFileActive | 1<<aFSVolet1

// ReadActivity reads and validates the activity input: a Parquet file or a folder of them.
// Valid rows come in file order then row order; rejects are sorted as rejects.parquet.
func ReadActivity(ctx context.Context, arg string, opt Options) ([]ActivityRow, []Reject, Input, error) {
	opt = opt.withDefaults()
	t, err := readInput(ctx, InputActivity, arg, activitySpecs, opt, true, decodeActivity)
	if err != nil {
		return nil, nil, Input{Arg: arg}, err
	}
	t.rej = markActivityDuplicates(t.all, t.rej, opt.Workers)
	return finish(InputActivity, arg, t)
}

// markActivityDuplicates rejects every row of a (doctor_id, year) key seen more than once
// across all files, whatever else is wrong with it; rows with a null key part never match.
//
// Rows are matched by a 64-bit hash of their key, computed by the decoders in parallel;
// equal hashes are confirmed on the key itself, and the rare different keys sharing a hash
// are settled in an exact map. A national input holds millions of keys: one big map would
// miss the cache on every row, so rows are first scattered into parts by the top bits of
// their hash, and each part (a cache-sized map) is settled on its own, in parallel.
func markActivityDuplicates(all sink[ActivityRow], rej []Reject, workers int) []Reject {
	const partBits = 8
	rows, st := all.rows, all.st
	var start [1<<partBits + 1]int
	for r, h := range all.hash {
		if st[r]&stKeyNull == 0 {
			start[h>>(64-partBits)+1]++
		}
	}
	for p := 1; p < len(start); p++ {
		start[p] += start[p-1]
	}
	// The hash travels with the row number so that settling a part reads memory in order.
	type entry struct {
		h uint64
		r int32
	}
	order := make([]entry, start[len(start)-1])
	next := start
	for r, h := range all.hash {
		if st[r]&stKeyNull == 0 {
			p := h >> (64 - partBits)
			order[next[p]] = entry{h, int32(r)}
			next[p]++
		}
	}

	type key struct {
		id   string
		year int32
	}
	keyOf := func(r int32) key { return key{rows[r].DoctorID, rows[r].Year} }
	settle := func(part []entry, first map[uint64]int32, found []int32) []int32 {
		clear(first)
		var exact map[key]int32
		for _, e := range part {
			r := e.r
			j, ok := first[e.h]
			if !ok {
				first[e.h] = r
				continue
			}
			if keyOf(j) == keyOf(r) {
				found = append(found, j, r)
				continue
			}
			if exact == nil {
				exact = map[key]int32{keyOf(j): j}
			} else if _, ok := exact[keyOf(j)]; !ok {
				exact[keyOf(j)] = j
			}
			if k, ok := exact[keyOf(r)]; ok {
				found = append(found, k, r)
			} else {
				exact[keyOf(r)] = r
			}
		}
		return found
	}

	// Each part is settled by one worker; a row is in one part only.
	founds := make([][]int32, workers)
	var nextPart atomic.Int32
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			first := make(map[uint64]int32, 2*len(order)>>partBits)
			for {
				p := int(nextPart.Add(1) - 1)
				if p >= 1<<partBits {
					return
				}
				founds[w] = settle(order[start[p]:start[p+1]], first, founds[w])
			}
		})
	}
	wg.Wait()
	for _, found := range founds {
		for _, r := range found {
			if st[r]&stDup != 0 {
				continue
			}
			st[r] |= stDup | stBad
			a := &rows[r]
			rej = append(rej, Reject{
				Input: InputActivity, File: a.File, Row: a.Row, Key: activityKey(a.DoctorID, true, int64(a.Year), true),
				Column: "doctor_id,year", Problem: ProblemDuplicateKey,
				Detail: "(doctor_id, year) appears more than once",
			})
		}
	}
	return rej
}

// keyHash hashes an activity key (doctor_id, year).
func keyHash(seed maphash.Seed, id string, year int32) uint64 {
	h := maphash.String(seed, id) ^ uint64(uint32(year))*0x9e3779b97f4a7c15
	// Finalise (splitmix64) so that the year reaches every bit.
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	return h ^ h>>31
}

// decodeActivity is the decoder of the activity input.
func decodeActivity(b *batch, out sink[ActivityRow], rej []Reject) ([]Reject, error) {
	rows, st := out.rows, out.st
	var probs []problem
	cols := b.cols
	for i := range b.n {
		row := &rows[i]
		row.File, row.Row = b.rel, b.rowBase+int64(i)
		a := &row.Activity
		var nulls uint32
		for ci := range activitySpecs {
			if activityRequired&(1<<ci) != 0 && cols[ci].null(i) {
				nulls |= 1 << ci
			}
		}
		var year int64
		if nulls&(1<<aDoctorID) == 0 {
			a.DoctorID = cols[aDoctorID].str(i)
		}
		if nulls&(1<<aYear) == 0 {
			year = cols[aYear].int(i)
			// year has no range check (DATA.md), but the typed row holds an int32: a value
			// beyond it cannot be kept, and narrowing it would invent another year.
			if year < math.MinInt32 || year > math.MaxInt32 {
				return rej, fmt.Errorf("row %d: column year: %d does not fit in 32 bits", row.Row, year)
			}
			a.Year = int32(year)
		}
		if nulls&(1<<aSpecialty) == 0 {
			a.Specialty = cols[aSpecialty].str(i)
		}
		if !cols[aMTAdult].null(i) {
			a.MTAdult = calc.Some(cols[aMTAdult].int(i))
		}
		if !cols[aMTChild].null(i) {
			a.MTChild = calc.Some(cols[aMTChild].int(i))
		}
		if nulls&(1<<aFileActive) == 0 {
			a.FileActive = cols[aFileActive].int(i)
		}
		if nulls&(1<<aFSVolet1) == 0 {
			a.FSVolet1 = cols[aFSVolet1].bool(i)
		}
		if nulls&(1<<aDoctorID|1<<aYear) != 0 {
			st[i] |= stKeyNull
		} else {
			out.hash[i] = keyHash(b.seed, a.DoctorID, a.Year)
		}
		probs = validateActivity(a, nulls, probs[:0])
		if len(probs) == 0 {
			continue
		}
		st[i] |= stBad
		key := activityKey(a.DoctorID, nulls&(1<<aDoctorID) == 0, year, nulls&(1<<aYear) == 0)
		for _, p := range probs {
			rej = append(rej, Reject{
				Input: InputActivity, File: row.File, Row: row.Row, Key: key,
				Column: p.column, Problem: p.problem, Detail: p.detail,
			})
		}
	}
	return rej, nil
}

// validateActivity appends the problems of one activity row (all but DUPLICATE_KEY).
// nulls has bit ci set when required column ci is null.
func validateActivity(a *calc.Activity, nulls uint32, p []problem) []problem {
	if nulls != 0 {
		for ci, cs := range activitySpecs {
			if nulls&(1<<ci) != 0 {
				p = append(p, problem{cs.name, ProblemNullRequired, cs.name + " is null"})
			}
		}
	}
	p = checkCount(p, "mt_adult", a.MTAdult)
	p = checkCount(p, "mt_child", a.MTChild)
	p = checkCount(p, "file_active", calc.OptInt{V: a.FileActive, Valid: nulls&(1<<aFileActive) == 0})
	return p
}

// activityKey is rejects.key of an activity row: doctor_id|year, null parts written empty.
func activityKey(id string, idOK bool, year int64, yearOK bool) string {
	b := make([]byte, 0, len(id)+6)
	if idOK {
		b = append(b, id...)
	}
	b = append(b, '|')
	if yearOK {
		b = strconv.AppendInt(b, year, 10)
	}
	return string(b)
}
