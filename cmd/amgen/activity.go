package main

import (
	"context"
	"fmt"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/inwrite"
)

// badActivity makes the k-th bad row of a year file (b is its index among all bad activity
// rows, which picks the problem); last is the last valid row written in this file, nil if
// none. It returns the row, its column and problem, and whether it copies last's key.
func (p *population) badActivity(r *rng, b, y int, last *calc.Activity) (inwrite.RawActivity, string, string, bool) {
	r.at(p.seed, streamBadActivity, uint64(b), 0)
	// Doctors 99… are not in the population, so a bad row never collides with a valid key.
	a := calc.Activity{
		DoctorID:   fmt.Sprintf("99%09d", b+1),
		Year:       int32(y),
		Specialty:  "01",
		MTAdult:    calc.Some(int64(500 + r.IntN(1500))),
		MTChild:    calc.Some(int64(r.IntN(200))),
		FileActive: int64(900 + r.IntN(2000)),
		FSVolet1:   true,
	}
	raw := inwrite.RawFromActivity(a)
	kind := b % 6
	if kind == 3 && last == nil {
		kind = 4
	}
	switch kind {
	case 0:
		raw.FileActive = nil
		return raw, "file_active", "NULL_REQUIRED", false
	case 1:
		raw.MTChild = inwrite.Ptr(int64(-3))
		return raw, "mt_child", "NEGATIVE_COUNT", false
	case 2:
		raw.FileActive = inwrite.Ptr(int64(maxCount + 1))
		return raw, "file_active", "COUNT_TOO_LARGE", false
	case 3:
		// A second row for the previous doctor and year, other counts: both are rejected.
		dup := *last
		dup.FileActive = last.FileActive + 1
		return inwrite.RawFromActivity(dup), "doctor_id,year", "DUPLICATE_KEY", true
	case 4:
		raw.DoctorID = nil
		return raw, "doctor_id", "NULL_REQUIRED", false
	default:
		raw.FSVolet1 = nil
		return raw, "fs_volet1", "NULL_REQUIRED", false
	}
}

// writeActivityYear writes the activity file of year y: one row per doctor present, in slot
// (= doctor_id) order, with nbad bad rows spread among them. yi is the year's index: bad
// rows are dealt round-robin, so this file's k-th bad row is bad row yi + k·years overall.
func writeActivityYear(ctx context.Context, path string, p *population, y, nbad, yi int) (fileOut, error) {
	var out fileOut
	aw, err := inwrite.CreateActivity(path)
	if err != nil {
		return out, err
	}
	file := fmt.Sprintf("year=%d/part-0.parquet", y)
	years := p.last - p.first + 1
	// Bad row k goes just before the doctor of slot at[k] (whether present or not).
	at := make([]int, nbad)
	for k := range nbad {
		at[k] = max(1, (k+1)*p.slots/(nbad+1))
	}
	r, br := newRNG(), newRNG()
	var last calc.Activity
	lastRow, haveLast := int64(-1), false
	row := int64(0)
	k := 0
	writeBad := func() error {
		var lp *calc.Activity
		if haveLast {
			lp = &last
		}
		raw, col, prob, dup := p.badActivity(br, yi+k*years, y, lp)
		if dup {
			out.rejected = append(out.rejected, lastRow)
		}
		out.bad = append(out.bad, BadRow{File: file, Row: row, Column: col, Problem: prob})
		out.rejected = append(out.rejected, row)
		row++
		k++
		return aw.WriteRaw(&raw)
	}
	for slot := range p.slots {
		if slot&0xffff == 0 && ctx.Err() != nil {
			aw.Abort()
			return out, ctx.Err()
		}
		for k < nbad && at[k] <= slot {
			if err := writeBad(); err != nil {
				aw.Abort()
				return out, err
			}
		}
		d := p.doctor(r, slot)
		if !d.present(y) {
			continue
		}
		last = p.activity(r, &d, y)
		lastRow, haveLast = row, true
		row++
		if err := aw.Write(&last); err != nil {
			aw.Abort()
			return out, err
		}
	}
	for k < nbad {
		if err := writeBad(); err != nil {
			aw.Abort()
			return out, err
		}
	}
	out.rows = aw.Rows()
	return out, aw.Close()
}
