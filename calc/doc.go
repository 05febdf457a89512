// Package calc implements the payment rules of the medical-assistant aid (RULES.md beside
// this file, spec v1.3) as pure functions: typed rows in, typed results and explanation
// records out. Its files follow the sections of RULES.md: contract_dates.go (§1), bands.go
// (§2), eligibility.go (§3), objectives.go (§4), attainment.go (§5), amounts.go (§6),
// payments.go (§7: instalments, settlements, suspensions), money.go (§8), status.go (the
// ledger status); params.go and param_values.go load and check the parameter file.
//
// It must never do I/O, log, read a clock or import Arrow. Money is integer cents
// (Cents); ratios are exact rationals; every time-dependent function takes a Date.
package calc
