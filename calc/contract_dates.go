package calc

// RULES.md §1: dates and regimes.

// Regime returns the signature regime of a contract (R-REG-1).
func Regime(p *Params, signedOn Date) (string, error) {
	r, _, err := getFor[string](p, "regime", signedOn, nil)
	return r, err
}

// ContractStart implements R-DATE-1: S = the later of signed_on and hired_on.
func ContractStart(signedOn, hiredOn Date) Date { return max(signedOn, hiredOn) }

// CoverageEnd implements R-DATE-3: coverage ends (exclusive) at min(S + n years,
// ended_on + 1 day); ended_on is the last covered day.
func CoverageEnd(start Date, years int, endedOn OptDate) Date {
	end := start.AddYears(years)
	if endedOn.Valid {
		end = min(end, endedOn.V.AddDays(1))
	}
	return end
}

// ContractYear returns the bounds of contract year k (§0): [start_k, A_k), and end_k =
// min(A_k, coverage end). ok is false when the year has no span (span_k ≤ 0).
func ContractYear(start, coverageEnd Date, k int) (y YearRecord, ok bool) {
	y.K = k
	y.Start, y.Anniversary = start.AddYears(k-1), start.AddYears(k)
	y.End = min(y.Anniversary, coverageEnd)
	y.SpanDays, y.PeriodDays = int(y.End-y.Start), int(y.Anniversary-y.Start)
	return y, y.End > y.Start
}

// ObservationYear implements R-ATT-1: the calendar year of start_k + floor(span_k / 2);
// suspensions do not move it.
func ObservationYear(start Date, spanDays int) int32 {
	return int32(start.AddDays(spanDays / 2).Year())
}

// dates fills the regime (R-REG-1), the start (R-DATE-1) and the coverage (R-DATE-3).
func (e *evaluator) dates() {
	c, x := e.c, e.x
	x.Regime = param[string](e, "regime")
	if !c.HiredOn.Valid {
		return
	}
	x.Started = true
	x.Start = ContractStart(c.SignedOn, c.HiredOn.V)
	x.CoverageEnd = CoverageEnd(x.Start, param[int](e, "contract_years"), c.EndedOn)
}
