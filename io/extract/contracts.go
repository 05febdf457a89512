package extract

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/amcalc/amcalc/calc"
)

// Columns of the contracts extract (DATA.md "contracts"), in this order in batch.cols.
const (
	cContractID = iota
	cDoctorID
	cSpecialty
	cTariffSector
	cUnderservedZone
	cGroupPractice
	cCoordinatedSince
	cNewInstallation
	cRqthAld
	cOption
	cSignedOn
	cHiredOn
	cEndedOn
	cBaselineYear
	cBaselineMTAdult
	cBaselineMTChild
	cBaselineFA
	cTargetMT
	cTargetFA
	cDoctorBirthYear
)

var contractSpecs = []colSpec{
	cContractID:       {name: "contract_id", kind: kindString},
	cDoctorID:         {name: "doctor_id", kind: kindString},
	cSpecialty:        {name: "specialty", kind: kindString, dict: true},
	cTariffSector:     {name: "tariff_sector", kind: kindString, dict: true},
	cUnderservedZone:  {name: "underserved_zone", kind: kindBool},
	cGroupPractice:    {name: "group_practice", kind: kindBool},
	cCoordinatedSince: {name: "coordinated_since", kind: kindDate},
	cNewInstallation:  {name: "new_installation", kind: kindBool},
	cRqthAld:          {name: "rqth_ald", kind: kindBool},
	cOption:           {name: "option", kind: kindInt},
	cSignedOn:         {name: "signed_on", kind: kindDate},
	cHiredOn:          {name: "hired_on", kind: kindDate},
	cEndedOn:          {name: "ended_on", kind: kindDate},
	cBaselineYear:     {name: "baseline_year", kind: kindInt},
	cBaselineMTAdult:  {name: "baseline_mt_adult", kind: kindInt},
	cBaselineMTChild:  {name: "baseline_mt_child", kind: kindInt},
	cBaselineFA:       {name: "baseline_file_active", kind: kindInt},
	cTargetMT:         {name: "target_mt", kind: kindInt},
	cTargetFA:         {name: "target_file_active", kind: kindInt},
	cDoctorBirthYear:  {name: "doctor_birth_year", kind: kindInt},
}

// contractRequired are the non-null columns of contracts, as a bit set over column indexes.
const contractRequired uint32 = 1<<cContractID | 1<<cDoctorID | 1<<cSpecialty | 1<<cTariffSector |
	1<<cUnderservedZone | 1<<cGroupPractice | 1<<cNewInstallation | 1<<cRqthAld | 1<<cOption | 1<<cSignedOn

// Tariff sectors (DATA.md "contracts"); valid rows share these strings.
var tariffSectors = [...]string{"S1", "S2_OPTAM", "S2_OPTAMCO", "S2"}

// Date bounds of DATE_OUT_OF_RANGE and SIGNED_BEFORE_SCHEME.
var (
	minContractDate = calc.MakeDate(2019, time.January, 1)
	maxDate         = calc.MakeDate(2099, time.December, 31)
	minCoordDate    = calc.MakeDate(1970, time.January, 1)
	schemeStart     = calc.MakeDate(2019, time.August, 21) // R-REG-1: avenant 7 in force
)

const (
	dateRange2019 = "2019-01-01..2099-12-31"
	dateRange1970 = "1970-01-01..2099-12-31"
)

// ReadContracts reads and validates the contracts input: a Parquet file or a folder of them.
// Valid rows come in file order then row order; rejects are sorted as rejects.parquet.
func ReadContracts(ctx context.Context, arg string, opt Options) ([]ContractRow, []Reject, Input, error) {
	t, err := readInput(ctx, InputContracts, arg, contractSpecs, opt, nil, decodeContracts)
	if err != nil {
		return nil, nil, Input{Arg: arg}, err
	}
	markContractDuplicates(t)
	return finish(InputContracts, arg, t)
}

// markContractDuplicates rejects every row of a contract_id seen more than once, whatever
// else is wrong with it; null ids are never duplicates.
func markContractDuplicates(t *table[ContractRow]) {
	rows, st := t.all.rows, t.all.st
	mark := func(r int) {
		if st[r]&stDup != 0 {
			return
		}
		st[r] |= stDup | stBad
		c := &rows[r]
		t.rej = append(t.rej, Reject{
			Input: InputContracts, File: c.File, Row: c.Row, Key: c.ContractID,
			Column: "contract_id", Problem: ProblemDuplicateKey,
			Detail: "contract_id " + c.ContractID + " appears more than once",
		})
	}
	first := make(map[string]int, len(rows))
	for r := range rows {
		if st[r]&stKeyNull != 0 {
			continue
		}
		if j, ok := first[rows[r].ContractID]; ok {
			mark(j)
			mark(r)
			continue
		}
		first[rows[r].ContractID] = r
	}
}

// decodeContracts is the decoder of the contracts input.
func decodeContracts(b *batch, out sink[ContractRow], rej []Reject) ([]Reject, error) {
	rows, st := out.rows, out.st
	var probs []problem
	cols := b.cols
	optDate := func(ci, i int) calc.OptDate {
		if cols[ci].null(i) {
			return calc.OptDate{}
		}
		return calc.SomeDate(calc.Date(cols[ci].int(i)))
	}
	optInt := func(ci, i int) calc.OptInt {
		if cols[ci].null(i) {
			return calc.OptInt{}
		}
		return calc.Some(cols[ci].int(i))
	}
	for i := range b.n {
		row := &rows[i]
		row.File, row.Row = b.rel, b.rowBase+int64(i)
		c := &row.Contract
		var nulls uint32
		for ci := range contractSpecs {
			if contractRequired&(1<<ci) != 0 && cols[ci].null(i) {
				nulls |= 1 << ci
			}
		}
		has := func(ci int) bool { return nulls&(1<<ci) == 0 }
		if has(cContractID) {
			c.ContractID = cols[cContractID].str(i)
		}
		if has(cDoctorID) {
			c.DoctorID = cols[cDoctorID].str(i)
		}
		if has(cSpecialty) {
			c.Specialty = cols[cSpecialty].str(i)
		}
		if has(cTariffSector) {
			c.TariffSector = cols[cTariffSector].str(i)
		}
		c.UnderservedZone = has(cUnderservedZone) && cols[cUnderservedZone].bool(i)
		c.GroupPractice = has(cGroupPractice) && cols[cGroupPractice].bool(i)
		c.NewInstallation = has(cNewInstallation) && cols[cNewInstallation].bool(i)
		c.RqthAld = has(cRqthAld) && cols[cRqthAld].bool(i)
		var option int64
		if has(cOption) {
			option = cols[cOption].int(i)
		}
		if has(cSignedOn) {
			c.SignedOn = calc.Date(cols[cSignedOn].int(i))
		}
		c.CoordinatedSince = optDate(cCoordinatedSince, i)
		c.HiredOn = optDate(cHiredOn, i)
		c.EndedOn = optDate(cEndedOn, i)
		c.BaselineYear = optInt(cBaselineYear, i)
		c.BaselineMTAdult = optInt(cBaselineMTAdult, i)
		c.BaselineMTChild = optInt(cBaselineMTChild, i)
		c.BaselineFA = optInt(cBaselineFA, i)
		c.TargetMT = optInt(cTargetMT, i)
		c.TargetFA = optInt(cTargetFA, i)
		c.DoctorBirthYear = optInt(cDoctorBirthYear, i)

		probs = validateContract(c, option, nulls, probs[:0])
		if nulls&(1<<cContractID) != 0 {
			st[i] |= stKeyNull
		}
		if len(probs) == 0 {
			c.Option = int32(option) // 1, 2 or 3: checked
			continue
		}
		st[i] |= stBad
		for _, p := range probs {
			rej = append(rej, Reject{
				Input: InputContracts, File: row.File, Row: row.Row,
				Key: c.ContractID, KeyNull: st[i]&stKeyNull != 0,
				Column: p.column, Problem: p.problem, Detail: p.detail,
			})
		}
	}
	return rej, nil
}

// validateContract appends the problems of one contract row (all but DUPLICATE_KEY, which
// needs every row). nulls has bit ci set when required column ci is null; the value of a
// null column in c is meaningless. option is the raw value, before narrowing to int32.
// On return with no problem, c is a valid contract (c.Option aside, set by the caller).
func validateContract(c *calc.Contract, option int64, nulls uint32, p []problem) []problem {
	for ci, cs := range contractSpecs {
		if nulls&(1<<ci) != 0 {
			p = append(p, problem{cs.name, ProblemNullRequired, cs.name + " is null"})
		}
	}
	has := func(ci int) bool { return nulls&(1<<ci) == 0 }

	if has(cTariffSector) {
		ok := false
		for _, s := range tariffSectors {
			if c.TariffSector == s {
				c.TariffSector, ok = s, true // share the constant, not the batch's bytes
				break
			}
		}
		if !ok {
			p = append(p, problem{"tariff_sector", ProblemBadEnum,
				"tariff_sector = " + c.TariffSector + ", expected one of S1, S2_OPTAM, S2_OPTAMCO, S2"})
		}
	}
	if has(cOption) && (option < 1 || option > 3) {
		p = append(p, problem{"option", ProblemBadEnum,
			"option = " + strconv.FormatInt(option, 10) + ", expected 1, 2 or 3"})
	}

	p = checkCount(p, "baseline_mt_adult", c.BaselineMTAdult)
	p = checkCount(p, "baseline_mt_child", c.BaselineMTChild)
	p = checkCount(p, "baseline_file_active", c.BaselineFA)
	p = checkCount(p, "target_mt", c.TargetMT)
	p = checkCount(p, "target_file_active", c.TargetFA)

	signed := calc.OptDate{V: c.SignedOn, Valid: has(cSignedOn)}
	p = checkDate(p, "signed_on", signed, minContractDate, dateRange2019)
	p = checkDate(p, "hired_on", c.HiredOn, minContractDate, dateRange2019)
	p = checkDate(p, "ended_on", c.EndedOn, minContractDate, dateRange2019)
	p = checkDate(p, "coordinated_since", c.CoordinatedSince, minCoordDate, dateRange1970)

	// ENDS_BEFORE_START: ended_on < S = max(signed_on, hired_on) (R-DATE-1), or < signed_on
	// when hired_on is null; skipped when ended_on or signed_on is null.
	if c.EndedOn.Valid && signed.Valid {
		if c.HiredOn.Valid {
			start := max(c.SignedOn, c.HiredOn.V)
			if c.EndedOn.V < start {
				p = append(p, problem{"ended_on", ProblemEndsBeforeStart,
					"ended_on " + c.EndedOn.V.String() + " < start " + start.String()})
			}
		} else if c.EndedOn.V < c.SignedOn {
			p = append(p, problem{"ended_on", ProblemEndsBeforeStart,
				"ended_on " + c.EndedOn.V.String() + " < signed_on " + c.SignedOn.String()})
		}
	}
	// R-REG-1: signed before the scheme existed.
	if signed.Valid && c.SignedOn < schemeStart {
		p = append(p, problem{"signed_on", ProblemSignedBeforeScheme,
			"signed_on " + c.SignedOn.String() + " < " + schemeStart.String()})
	}
	return p
}

// checkCount applies NEGATIVE_COUNT and COUNT_TOO_LARGE to a nullable count.
func checkCount(p []problem, col string, v calc.OptInt) []problem {
	switch {
	case !v.Valid:
	case v.V < 0:
		p = append(p, problem{col, ProblemNegativeCount, col + " = " + strconv.FormatInt(v.V, 10)})
	case v.V > MaxCount:
		p = append(p, problem{col, ProblemCountTooLarge,
			fmt.Sprintf("%s = %d > %d", col, v.V, MaxCount)})
	}
	return p
}

// checkDate applies DATE_OUT_OF_RANGE: lo..2099-12-31.
func checkDate(p []problem, col string, d calc.OptDate, lo calc.Date, rng string) []problem {
	if d.Valid && (d.V < lo || d.V > maxDate) {
		p = append(p, problem{col, ProblemDateOutOfRange, col + " = " + d.V.String() + " outside " + rng})
	}
	return p
}
