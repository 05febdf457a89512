package extract

import (
	"context"
	"fmt"
	"math"
	"strconv"

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
	aDoctorID:   {"doctor_id", kindString},
	aYear:       {"year", kindInt},
	aSpecialty:  {"specialty", kindString},
	aMTAdult:    {"mt_adult", kindInt},
	aMTChild:    {"mt_child", kindInt},
	aFileActive: {"file_active", kindInt},
	aFSVolet1:   {"fs_volet1", kindBool},
}

// activityRequired are the non-null columns of activity, as a bit set over column indexes.
const activityRequired uint32 = 1<<aDoctorID | 1<<aYear | 1<<aSpecialty | 1<<aFileActive | 1<<aFSVolet1

// ReadActivity reads and validates the activity input: a Parquet file or a folder of them.
// Valid rows come in file order then row order; rejects are sorted as rejects.parquet.
func ReadActivity(ctx context.Context, arg string, opt Options) ([]ActivityRow, []Reject, Input, error) {
	outs, err := readInput(ctx, InputActivity, arg, activitySpecs, opt, decodeActivity)
	if err != nil {
		return nil, nil, Input{Arg: arg}, err
	}
	in, rej := summarize(InputActivity, arg, outs)
	rej = markActivityDuplicates(outs, in.Rows, rej)
	rows := compact(outs, &in)
	sortRejects(rej)
	return rows, rej, in, nil
}

// markActivityDuplicates rejects every row of a (doctor_id, year) key seen more than once
// across all files, whatever else is wrong with it; rows with a null key part never match.
func markActivityDuplicates(outs []fileOut[ActivityRow], total int64, rej []Reject) []Reject {
	type key struct {
		id   string
		year int32
	}
	type at struct{ f, r int32 }
	first := make(map[key]at, total)
	mark := func(f, r int32) {
		o := &outs[f]
		if o.st[r]&stDup != 0 {
			return
		}
		o.st[r] |= stDup | stBad
		a := &o.rows[r]
		rej = append(rej, Reject{
			Input: InputActivity, File: a.File, Row: a.Row, Key: activityKey(a.DoctorID, true, int64(a.Year), true),
			Column: "doctor_id,year", Problem: ProblemDuplicateKey,
			Detail: "(doctor_id, year) appears more than once",
		})
	}
	for f := range outs {
		o := &outs[f]
		for r := range o.rows {
			if o.st[r]&stKeyNull != 0 {
				continue
			}
			k := key{o.rows[r].DoctorID, o.rows[r].Year}
			here := at{int32(f), int32(r)}
			if j, ok := first[k]; ok {
				mark(j.f, j.r)
				mark(here.f, here.r)
				continue
			}
			first[k] = here
		}
	}
	return rej
}

// decodeActivity is the decoder of the activity input.
func decodeActivity(b *batch, rows []ActivityRow, st []uint8, rej []Reject) ([]Reject, error) {
	var probs []problem
	cols := b.cols
	spec := interner{}
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
			a.Specialty = spec.get(cols[aSpecialty].str(i))
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
