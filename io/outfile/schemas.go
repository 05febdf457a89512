package outfile

import (
	"fmt"

	"github.com/amcalc/amcalc/calc"
)

// The four outputs of DATA.md "Outputs", column by column, in the order of the reference
// files. The bool after a string column's name says whether it is dictionary-encoded:
// only low-cardinality columns are (enums, reason lists, file names), never ids or
// amounts, where a dictionary costs more than it saves.

var paymentColumns = []column[calc.Payment]{
	strCol("contract_id", false, anyString, func(r *calc.Payment) string { return r.ContractID }),
	strCol("doctor_id", false, anyString, func(r *calc.Payment) string { return r.DoctorID }),
	int32Col("contract_year", false, func(r *calc.Payment) int32 { return r.ContractYear }),
	strCol("kind", true, enum("advance", "settlement"), func(r *calc.Payment) string { return r.Kind }),
	optInt32Col("instalment", func(r *calc.Payment) calc.OptInt { return r.Instalment }),
	dateCol("event_date", func(r *calc.Payment) calc.Date { return r.EventDate }),
	dateCol("period_start", func(r *calc.Payment) calc.Date { return r.PeriodStart }),
	dateCol("period_end", func(r *calc.Payment) calc.Date { return r.PeriodEnd }),
	optInt32Col("covered_days", func(r *calc.Payment) calc.OptInt { return r.CoveredDays }),
	optInt32Col("suspended_days", func(r *calc.Payment) calc.OptInt { return r.SuspendedDays }),
	int32Col("period_days", false, func(r *calc.Payment) int32 { return r.PeriodDays }),
	strCol("amount_table", true, required, func(r *calc.Payment) string { return r.AmountTable }),
	strCol("band", true, nullable, func(r *calc.Payment) string { return r.Band }),
	optInt32Col("observation_year", func(r *calc.Payment) calc.OptInt { return r.ObservationYear }),
	optInt64Col("target_file_active", func(r *calc.Payment) calc.OptInt { return r.TargetFA }),
	optInt64Col("target_mt", func(r *calc.Payment) calc.OptInt { return r.TargetMT }),
	optInt64Col("observed_file_active", func(r *calc.Payment) calc.OptInt { return r.ObservedFA }),
	optInt64Col("observed_mt", func(r *calc.Payment) calc.OptInt { return r.ObservedMT }),
	strCol("objective_source", true, nullable, func(r *calc.Payment) string { return r.ObjectiveSource }),
	ratioCol("attainment", func(r *calc.Payment) calc.OptRatio { return r.Attainment }),
	ratioCol("modulation", func(r *calc.Payment) calc.OptRatio { return r.Modulation }),
	ratioCol("prorata", func(r *calc.Payment) calc.OptRatio { return r.Prorata }),
	moneyCol("base_amount", func(r *calc.Payment) calc.Cents { return r.BaseAmount }),
	moneyCol("due", func(r *calc.Payment) calc.Cents { return r.Due }),
	moneyCol("already_paid", func(r *calc.Payment) calc.Cents { return r.AlreadyPaid }),
	moneyCol("payable", func(r *calc.Payment) calc.Cents { return r.Payable }),
	strCol("reasons", true, anyString, func(r *calc.Payment) string { return r.Reasons }),
}

var ledgerColumns = []column[calc.Ledger]{
	strCol("contract_id", false, anyString, func(r *calc.Ledger) string { return r.ContractID }),
	strCol("doctor_id", false, anyString, func(r *calc.Ledger) string { return r.DoctorID }),
	strCol("specialty", true, anyString, func(r *calc.Ledger) string { return r.Specialty }),
	int32Col("option", true, func(r *calc.Ledger) int32 { return r.Option }),
	strCol("regime", true, nullable, func(r *calc.Ledger) string { return r.Regime }),
	optDateCol("start_date", func(r *calc.Ledger) calc.OptDate { return r.StartDate }),
	strCol("status", true, enum(calc.Statuses...), func(r *calc.Ledger) string { return r.Status }),
	strCol("reasons", true, anyString, func(r *calc.Ledger) string { return r.Reasons }),
	strCol("band", true, nullable, func(r *calc.Ledger) string { return r.Band }),
	optInt32Col("reference_year", func(r *calc.Ledger) calc.OptInt { return r.ReferenceYear }),
	optInt64Col("baseline_mt", func(r *calc.Ledger) calc.OptInt { return r.BaselineMT }),
	optInt64Col("baseline_file_active", func(r *calc.Ledger) calc.OptInt { return r.BaselineFA }),
	optInt64Col("target_mt", func(r *calc.Ledger) calc.OptInt { return r.TargetMT }),
	optInt64Col("target_file_active", func(r *calc.Ledger) calc.OptInt { return r.TargetFA }),
	strCol("objective_source", true, nullable, func(r *calc.Ledger) string { return r.ObjectiveSource }),
	int32Col("events", false, func(r *calc.Ledger) int32 { return r.Events }),
	moneyCol("payable_total", func(r *calc.Ledger) calc.Cents { return r.PayableTotal }),
}

var bandColumns = []column[calc.Band]{
	int32Col("reference_year", false, func(r *calc.Band) int32 { return r.ReferenceYear }),
	strCol("specialty", true, anyString, func(r *calc.Band) string { return r.Specialty }),
	strCol("measure", true, enum(calc.MeasureMTAdult, calc.MeasureMTTotal, calc.MeasureFileActive),
		func(r *calc.Band) string { return r.Measure }),
	int64Col("population", func(r *calc.Band) int64 { return r.Population }),
	optInt64Col("p30", func(r *calc.Band) calc.OptInt { return r.P30 }),
	optInt64Col("p50", func(r *calc.Band) calc.OptInt { return r.P50 }),
	optInt64Col("p70", func(r *calc.Band) calc.OptInt { return r.P70 }),
	optInt64Col("p90", func(r *calc.Band) calc.OptInt { return r.P90 }),
	optInt64Col("p95", func(r *calc.Band) calc.OptInt { return r.P95 }),
	strCol("pinned", true, anyString, func(r *calc.Band) string { return r.Pinned }),
}

// RejectRow is one row of rejects.parquet (DATA.md "Bad input"). Key is null when
// KeyNull is set (a null contract_id); every other string is written as is.
type RejectRow struct {
	Input   string // "contracts" | "activity" | "suspensions"
	File    string // relative to the argument, '/'-separated
	Row     int64  // 0-based in its file
	Key     string
	KeyNull bool
	Column  string
	Problem string
	Detail  string
}

var rejectColumns = []column[RejectRow]{
	strCol("input", true, enum("contracts", "activity", "suspensions"), func(r *RejectRow) string { return r.Input }),
	strCol("file", true, required, func(r *RejectRow) string { return r.File }),
	withCheck(int64Col("row", func(r *RejectRow) int64 { return r.Row }), func(r *RejectRow) error {
		if r.Row < 0 {
			return fmt.Errorf("%w: negative row %d", ErrBadValue, r.Row)
		}
		return nil
	}),
	optStrCol("key", false, anyString, func(r *RejectRow) (string, bool) { return r.Key, !r.KeyNull }),
	strCol("column", true, required, func(r *RejectRow) string { return r.Column }),
	strCol("problem", true, required, func(r *RejectRow) string { return r.Problem }),
	strCol("detail", false, anyString, func(r *RejectRow) string { return r.Detail }),
}
