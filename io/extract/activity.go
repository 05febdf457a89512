package extract

import (
	"strconv"
	"strings"

	"github.com/amcalc/amcalc/calc"
)

// decodeActivity is the decoder of the activity input: it validates each row and packs it
// (see packedActivity).
func decodeActivity(b *batch, out sink[packedActivity], rej []Reject) ([]Reject, error) {
	rows, st := out.rows, out.st
	var probs []problem
	cols := b.cols
	// A dictionary-encoded specialty column (the usual case) is numbered once per batch.
	var dictIDs []uint16
	if sc := &cols[aSpecialty]; sc.didx != nil {
		dictIDs = make([]uint16, len(sc.dstr))
		for j, code := range sc.dstr {
			id, err := b.specID(code)
			if err != nil {
				return rej, err
			}
			dictIDs[j] = id
		}
	}
	required := activityRequired // in a register, not reloaded per column
	for i := range b.n {
		var a calc.Activity
		var nulls uint32
		for ci := range ActivityColumns {
			if required&(1<<ci) != 0 && cols[ci].null(i) {
				nulls |= 1 << ci
			}
		}
		var year int64
		if nulls&(1<<aDoctorID) == 0 {
			a.DoctorID = cols[aDoctorID].str(i)
		}
		if nulls&(1<<aYear) == 0 {
			// year has no range check (DATA.md) and is never narrowed: a year beyond 32 bits
			// stays in the packed key, exact, and matches no contract's year.
			year = cols[aYear].int(i)
			a.Year = yearOf(year)
		}
		if nulls&(1<<aSpecialty) == 0 {
			if dictIDs != nil {
				out.spec[i] = dictIDs[cols[aSpecialty].didx[i]]
			} else {
				id, err := b.specID(cols[aSpecialty].str(i))
				if err != nil {
					return rej, err
				}
				out.spec[i] = id
			}
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
		var key uint64
		if nulls&(1<<aDoctorID|1<<aYear) == 0 {
			var ok bool
			if key, ok = numericKey(a.DoctorID, year); !ok {
				key = b.aux.fb.key(a.DoctorID, year)
			}
		}
		probs = validateActivity(&a, nulls, probs[:0])
		if len(probs) == 0 {
			v := uint64(a.FileActive) << (2 * valBits)
			if a.MTAdult.Valid {
				v |= uint64(a.MTAdult.V) | mtAdultOK
			}
			if a.MTChild.Valid {
				v |= uint64(a.MTChild.V)<<valBits | mtChildOK
			}
			if a.FSVolet1 {
				v |= fsVolet1
			}
			rows[i] = packedActivity{key: key, vals: v}
			continue
		}
		rows[i] = packedActivity{key: key}
		st[i] |= stBad
		rowNum := b.rowBase + int64(i)
		k := activityKey(a.DoctorID, nulls&(1<<aDoctorID) == 0, year, nulls&(1<<aYear) == 0)
		rej = appendRejects(rej, InputActivity, b.rel, rowNum, k, false, probs)
	}
	return rej, nil
}

// specID numbers a specialty code, through the file's cache first.
func (b *batch) specID(code string) (uint16, error) {
	if id, ok := b.specCache[code]; ok {
		return id, nil
	}
	id, err := b.aux.specs.id(code)
	if err != nil {
		return 0, err
	}
	b.specCache[strings.Clone(code)] = id
	return id, nil
}

// validateActivity appends the problems of one activity row (all but DUPLICATE_KEY).
// nulls has bit ci set when required column ci is null.
func validateActivity(a *calc.Activity, nulls uint32, p []problem) []problem {
	p = nullProblems(p, ActivityColumns, nulls)
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
