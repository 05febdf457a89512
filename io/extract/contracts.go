package extract

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/amcalc/amcalc/calc"
)

// TariffSectors are the values of tariff_sector (DATA.md "contracts"; BAD_ENUM otherwise);
// valid rows share these strings, and simulate's --tariff-sector checks the same list.
var TariffSectors = []string{"S1", "S2_OPTAM", "S2_OPTAMCO", "S2"}

// Date bounds of DATE_OUT_OF_RANGE (DATA.md "Bad input"): the one definition, which
// simulate's flags check too. (SIGNED_BEFORE_SCHEME reads the parameters: Options.SchemeStart.)
var (
	MinContractDate = calc.MakeDate(2019, time.January, 1)
	MaxDate         = calc.MakeDate(2099, time.December, 31)
	MinCoordDate    = calc.MakeDate(1970, time.January, 1)
)

const (
	dateRange2019 = "2019-01-01..2099-12-31"
	dateRange1970 = "1970-01-01..2099-12-31"
)

// ReadContracts reads and validates the contracts input: a Parquet file or a folder of them.
// Valid rows come in file order then row order; rejects are sorted as rejects.parquet.
//
// The v1.3-optional fee columns may be absent (read as null); SIGNED_BEFORE_SCHEME uses
// opt.SchemeStart.
func ReadContracts(ctx context.Context, arg string, opt Options) ([]ContractRow, []Reject, Input, error) {
	opt = opt.withDefaults()
	t, err := readInput(ctx, InputContracts, arg, ContractColumns, opt, nil, contractDecoder(opt.SchemeStart))
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

// contractDecoder returns the decoder of the contracts input.
func contractDecoder(schemeStart calc.Date) decoder[ContractRow] {
	return func(b *batch, out sink[ContractRow], rej []Reject) ([]Reject, error) {
		return decodeContracts(b, out, rej, schemeStart)
	}
}

func decodeContracts(b *batch, out sink[ContractRow], rej []Reject, schemeStart calc.Date) ([]Reject, error) {
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
	required := contractRequired // in a register, not reloaded per column
	for i := range b.n {
		row := &rows[i]
		row.File, row.Row = b.rel, b.rowBase+int64(i)
		c := &row.Contract
		var nulls uint32
		for ci := range ContractColumns {
			if required&(1<<ci) != 0 && cols[ci].null(i) {
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
		c.Fees12mTotal = optInt(cFees12mTotal, i)
		c.Fees12mCCAM = optInt(cFees12mCCAM, i)

		probs = validateContract(c, option, nulls, schemeStart, probs[:0])
		if nulls&(1<<cContractID) != 0 {
			st[i] |= stKeyNull
		}
		if len(probs) == 0 {
			c.Option = int32(option) // 1, 2 or 3: checked
			continue
		}
		st[i] |= stBad
		rej = appendRejects(rej, InputContracts, row.File, row.Row, c.ContractID, st[i]&stKeyNull != 0, probs)
	}
	return rej, nil
}

// validateContract appends the problems of one contract row (all but DUPLICATE_KEY, which
// needs every row). nulls has bit ci set when required column ci is null; the value of a
// null column in c is meaningless. option is the raw value, before narrowing to int32.
// On return with no problem, c is a valid contract (c.Option aside, set by the caller).
func validateContract(c *calc.Contract, option int64, nulls uint32, schemeStart calc.Date, p []problem) []problem {
	p = nullProblems(p, ContractColumns, nulls)
	has := func(ci int) bool { return nulls&(1<<ci) == 0 }

	if has(cTariffSector) {
		ok := false
		for _, s := range TariffSectors {
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

	// v1.3 fees, checked on every row whether or not E-CLINICAL reads them.
	p = checkAmount(p, "fees_12m_total", c.Fees12mTotal)
	p = checkAmount(p, "fees_12m_ccam", c.Fees12mCCAM)
	if c.Fees12mTotal.Valid && c.Fees12mCCAM.Valid && c.Fees12mCCAM.V > c.Fees12mTotal.V {
		p = append(p, problem{"fees_12m_ccam", ProblemFeesInconsistent,
			fmt.Sprintf("fees_12m_ccam %d > fees_12m_total %d", c.Fees12mCCAM.V, c.Fees12mTotal.V)})
	}

	signed := calc.OptDate{V: c.SignedOn, Valid: has(cSignedOn)}
	p = checkDate(p, "signed_on", signed, MinContractDate, dateRange2019)
	p = checkDate(p, "hired_on", c.HiredOn, MinContractDate, dateRange2019)
	p = checkDate(p, "ended_on", c.EndedOn, MinContractDate, dateRange2019)
	p = checkDate(p, "coordinated_since", c.CoordinatedSince, MinCoordDate, dateRange1970)

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

// nullProblems applies NULL_REQUIRED: one problem per column of cols whose bit is set in
// nulls (a row's null required columns, in spec order). Most rows have none: no loop then.
func nullProblems(p []problem, cols []Column, nulls uint32) []problem {
	if nulls == 0 {
		return p
	}
	for ci, cs := range cols {
		if nulls&(1<<ci) != 0 {
			p = append(p, problem{cs.Name, ProblemNullRequired, cs.Name + " is null"})
		}
	}
	return p
}

// checkCount applies NEGATIVE_COUNT and COUNT_TOO_LARGE to a nullable count.
func checkCount(p []problem, col string, v calc.OptInt) []problem {
	return checkRange(p, col, v, MaxCount, ProblemNegativeCount, ProblemCountTooLarge)
}

// checkAmount applies NEGATIVE_AMOUNT and AMOUNT_TOO_LARGE to a nullable amount in cents.
func checkAmount(p []problem, col string, v calc.OptInt) []problem {
	return checkRange(p, col, v, MaxAmount, ProblemNegativeAmount, ProblemAmountTooLarge)
}

// checkRange reports negative (below 0) or tooLarge (above limit; limit is valid) for a
// non-null value; a null is left to NULL_REQUIRED where the column is required.
func checkRange(p []problem, col string, v calc.OptInt, limit int64, negative, tooLarge string) []problem {
	switch {
	case !v.Valid:
	case v.V < 0:
		p = append(p, problem{col, negative, col + " = " + strconv.FormatInt(v.V, 10)})
	case v.V > limit:
		p = append(p, problem{col, tooLarge, fmt.Sprintf("%s = %d > %d", col, v.V, limit)})
	}
	return p
}

// checkDate applies DATE_OUT_OF_RANGE: lo..2099-12-31.
func checkDate(p []problem, col string, d calc.OptDate, lo calc.Date, rng string) []problem {
	if d.Valid && (d.V < lo || d.V > MaxDate) {
		p = append(p, problem{col, ProblemDateOutOfRange, col + " = " + d.V.String() + " outside " + rng})
	}
	return p
}
