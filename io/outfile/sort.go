package outfile

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/amcalc/amcalc/calc"
)

// The writers do not sort: the caller sorts at the sink with these orders (DATA.md
// "Outputs", column "sorted by"), so the bytes never depend on how rows were produced.
// Strings compare byte-wise.

// ComparePayments orders payments by contract_id, contract_year, kind ("advance" <
// "settlement", so the instalments come first), instalment (R-PAY-1's number; null on a
// settlement, which sorts first among equal keys).
func ComparePayments(a, b *calc.Payment) int {
	return cmp.Or(cmp.Compare(a.ContractID, b.ContractID),
		cmp.Compare(a.ContractYear, b.ContractYear),
		cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)),
		cmp.Compare(a.Kind, b.Kind),
		compareOpt(a.Instalment, b.Instalment))
}

// compareOpt orders nullable integers, null first.
func compareOpt(a, b calc.OptInt) int {
	return cmp.Or(cmp.Compare(b2i(a.Valid), b2i(b.Valid)), cmp.Compare(a.V, b.V))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func kindRank(k string) int {
	if k == "advance" {
		return 0
	}
	return 1
}

// CompareLedger orders ledger rows by contract_id.
func CompareLedger(a, b *calc.Ledger) int { return cmp.Compare(a.ContractID, b.ContractID) }

// CompareBands orders bands by reference_year, specialty, measure.
func CompareBands(a, b *calc.Band) int {
	return cmp.Or(cmp.Compare(a.ReferenceYear, b.ReferenceYear),
		cmp.Compare(a.Specialty, b.Specialty),
		cmp.Compare(a.Measure, b.Measure))
}

// CompareRejects orders rejects by input, file, row, column, problem.
func CompareRejects(a, b *RejectRow) int {
	return cmp.Or(cmp.Compare(a.Input, b.Input),
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Row, b.Row),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Problem, b.Problem))
}

// SortPayments sorts rows in place (stable, so equal keys keep their order).
func SortPayments(rows []calc.Payment) { sortBy(rows, ComparePayments) }

// SortLedger sorts rows in place (stable).
func SortLedger(rows []calc.Ledger) { sortBy(rows, CompareLedger) }

// SortBands sorts rows in place (stable).
func SortBands(rows []calc.Band) { sortBy(rows, CompareBands) }

// SortRejects sorts rows in place (stable).
func SortRejects(rows []RejectRow) { sortBy(rows, CompareRejects) }

// CheckSortedPayments returns an error naming the first row out of order.
func CheckSortedPayments(rows []calc.Payment) error {
	return checkSorted("payments", rows, ComparePayments)
}

// CheckSortedLedger returns an error naming the first row out of order.
func CheckSortedLedger(rows []calc.Ledger) error {
	return checkSorted("contracts", rows, CompareLedger)
}

// CheckSortedBands returns an error naming the first row out of order.
func CheckSortedBands(rows []calc.Band) error { return checkSorted("bands", rows, CompareBands) }

// CheckSortedRejects returns an error naming the first row out of order.
func CheckSortedRejects(rows []RejectRow) error {
	return checkSorted("rejects", rows, CompareRejects)
}

func sortBy[T any](rows []T, c func(a, b *T) int) {
	slices.SortStableFunc(rows, func(a, b T) int { return c(&a, &b) })
}

func checkSorted[T any](name string, rows []T, c func(a, b *T) int) error {
	for i := 1; i < len(rows); i++ {
		if c(&rows[i-1], &rows[i]) > 0 {
			return fmt.Errorf("%s: row %d sorts before row %d", name, i, i-1)
		}
	}
	return nil
}
