package extract

import (
	"cmp"
	"context"
	"slices"

	"github.com/amcalc/amcalc/calc"
)

// SuspensionRow is a valid suspension row (DATA.md "suspensions", R-SUSP-1) with its
// provenance. reason is read (it must be a valid string) but carried to no output.
type SuspensionRow struct {
	ContractID string
	calc.Suspension
	File string // as in rejects.file
	Row  int64  // 0-based in File
}

// ReadSuspensions reads and validates the suspensions input: a Parquet file or a folder of
// them, under the same file rules as the other inputs (its four columns must all be
// present, reason included). known says whether a valid (not rejected) contract row has
// the id; nil skips the UNKNOWN_CONTRACT check. Valid rows come in file then row order;
// rejects are sorted as rejects.parquet. Periods may repeat or overlap: there is no
// DUPLICATE_KEY (their union counts, R-SUSP-1).
func ReadSuspensions(ctx context.Context, arg string, opt Options, known func(contractID string) bool) ([]SuspensionRow, []Reject, Input, error) {
	t, err := readInput(ctx, InputSuspensions, arg, SuspensionColumns, opt, nil, decodeSuspensions)
	if err != nil {
		return nil, nil, Input{Arg: arg}, err
	}
	if known != nil {
		markUnknownContracts(t, known)
	}
	return finish(InputSuspensions, arg, t)
}

// decodeSuspensions is the decoder of the suspensions input.
func decodeSuspensions(b *batch, out sink[SuspensionRow], rej []Reject) ([]Reject, error) {
	rows, st := out.rows, out.st
	cols := b.cols
	var probs []problem
	required := suspensionRequired // in a register, not reloaded per column
	for i := range b.n {
		row := &rows[i]
		row.File, row.Row = b.rel, b.rowBase+int64(i)
		var nulls uint32
		for ci := range SuspensionColumns {
			if required&(1<<ci) != 0 && cols[ci].null(i) {
				nulls |= 1 << ci
			}
		}
		if nulls&(1<<sContractID) == 0 {
			row.ContractID = cols[sContractID].str(i)
		} else {
			st[i] |= stKeyNull
		}
		var from calc.OptDate
		if nulls&(1<<sSuspendedFrom) == 0 {
			from = calc.SomeDate(calc.Date(cols[sSuspendedFrom].int(i)))
			row.From = from.V
		}
		if !cols[sSuspendedUntil].null(i) {
			row.Until = calc.SomeDate(calc.Date(cols[sSuspendedUntil].int(i)))
		}
		probs = validateSuspension(from, row.Until, nulls, probs[:0])
		if len(probs) == 0 {
			continue
		}
		st[i] |= stBad
		rej = appendRejects(rej, InputSuspensions, row.File, row.Row, row.ContractID, st[i]&stKeyNull != 0, probs)
	}
	return rej, nil
}

// validateSuspension appends the problems of one suspension row (all but
// UNKNOWN_CONTRACT, which needs the contracts). Every check is independent; the
// cross-column one is skipped when an operand is null.
func validateSuspension(from, until calc.OptDate, nulls uint32, p []problem) []problem {
	p = nullProblems(p, SuspensionColumns, nulls)
	p = checkDate(p, "suspended_from", from, MinContractDate, dateRange2019)
	p = checkDate(p, "suspended_until", until, MinContractDate, dateRange2019)
	if from.Valid && until.Valid && until.V < from.V {
		p = append(p, problem{"suspended_until", ProblemEndsBeforeStart,
			"suspended_until " + until.V.String() + " < suspended_from " + from.V.String()})
	}
	return p
}

// markUnknownContracts rejects the rows whose contract_id no valid contract has; a null
// contract_id gets NULL_REQUIRED only.
func markUnknownContracts(t *table[SuspensionRow], known func(string) bool) {
	rows, st := t.all.rows, t.all.st
	for r := range rows {
		if st[r]&stKeyNull != 0 || known(rows[r].ContractID) {
			continue
		}
		st[r] |= stBad
		s := &rows[r]
		t.rej = append(t.rej, Reject{
			Input: InputSuspensions, File: s.File, Row: s.Row, Key: s.ContractID,
			Column: "contract_id", Problem: ProblemUnknownContract,
			Detail: "no valid contract row with contract_id " + s.ContractID,
		})
	}
}

// JoinSuspensions sets each contract's Suspensions (R-SUSP-1) from the valid suspension
// rows: its periods sorted by From, ties in file then row order (rows as ReadSuspensions
// returns them). A contract without a period keeps nil; rows of other ids are ignored
// (ReadSuspensions has rejected them as UNKNOWN_CONTRACT).
func JoinSuspensions(contracts []ContractRow, rows []SuspensionRow) {
	byID := make(map[string][]calc.Suspension)
	for _, r := range rows {
		byID[r.ContractID] = append(byID[r.ContractID], r.Suspension)
	}
	for i := range contracts {
		c := &contracts[i].Contract
		s := byID[c.ContractID]
		slices.SortStableFunc(s, func(a, b calc.Suspension) int { return cmp.Compare(a.From, b.From) })
		c.Suspensions = s
	}
}
