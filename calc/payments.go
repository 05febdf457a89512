package calc

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// RULES.md §7: payment events — instalments, settlements, prorata, suspensions.

// SuspendedDays is the union of a contract's suspended periods (R-SUSP-1), as sorted,
// disjoint, half-open day ranges.
type SuspendedDays []dayRange

type dayRange struct{ from, until Date } // [from, until)

// Suspended merges the periods of a contract (overlapping or touching ones become one);
// an open end (still suspended) runs to the end of time.
func Suspended(periods []Suspension) SuspendedDays {
	var rs SuspendedDays
	for _, p := range periods {
		r := dayRange{p.From, Date(math.MaxInt32)}
		if p.Until.Valid {
			r.until = p.Until.V.AddDays(1) // Until is the last suspended day
		}
		if r.until > r.from {
			rs = append(rs, r)
		}
	}
	slices.SortFunc(rs, func(a, b dayRange) int { return int(a.from) - int(b.from) })
	var out SuspendedDays
	for _, r := range rs {
		if n := len(out); n > 0 && r.from <= out[n-1].until {
			out[n-1].until = max(out[n-1].until, r.until)
			continue
		}
		out = append(out, r)
	}
	return out
}

// In returns the number of suspended days of [start, end).
func (s SuspendedDays) In(start, end Date) int {
	n := 0
	for _, r := range s {
		if lo, hi := max(r.from, start), min(r.until, end); hi > lo {
			n += int(hi - lo)
		}
	}
	return n
}

// Has reports whether day d is suspended.
func (s SuspendedDays) Has(d Date) bool {
	return slices.ContainsFunc(s, func(r dayRange) bool { return d >= r.from && d < r.until })
}

// Instalments implements R-PAY-1 for contract year y: instalment i is round(base_k ×
// share_i), dated start_k + offset_i; it falls due only before the coverage end and on a
// day that is not suspended. Its row (DATA.md "Advance rows") is built for every one
// that fell due; inRun marks those the run emits (R-PAY-4).
func Instalments(plan []InstalmentShare, y *YearRecord, coverageEnd Date, susp SuspendedDays, row Payment, inRun func(Date) bool) []Instalment {
	out := make([]Instalment, 0, len(plan))
	for i, s := range plan {
		in := Instalment{I: i + 1, Share: s.Share, OffsetDays: s.OffsetDays,
			Date: y.Start.AddDays(s.OffsetDays), Amount: RoundMoney(y.Base, s.Share)}
		switch {
		case in.Date >= coverageEnd:
			in.NotDue = NotDueAfterCoverage
		case susp.Has(in.Date):
			in.NotDue = NotDueSuspended
		default:
			in.FellDue = true
			p := row
			p.Kind, p.Instalment, p.EventDate = "advance", Some(int64(in.I)), in.Date
			p.Due, p.Payable = in.Amount, in.Amount
			in.Event = &Event{Payment: p, InRun: inRun(in.Date)}
		}
		out = append(out, in)
	}
	return out
}

// FellDue returns the sum of the instalments that fell due (R-PAY-2's already_paid).
func FellDue(ins []Instalment) Cents {
	var sum Cents
	for _, in := range ins {
		if in.FellDue {
			sum += in.Amount
		}
	}
	return sum
}

// years evaluates every contract year with a span (R-PAY-1: instalments of every year),
// keeps those this run shows, and settles those whose settlement it reaches.
func (e *evaluator) years() {
	x, run := e.x, e.run
	n := param[int](e, "contract_years")
	sched, ref := paramRef[Schedule](e, "instalments", nil)
	x.Modulation = param[Modulation](e, "modulation")
	if x.GP {
		x.Combination = param[string](e, "attainment_combination")
	}
	susp := Suspended(e.c.Suspensions)
	for k := 1; k <= n && e.err == nil; k++ {
		// A year the run does not show leaves no trace in the citations and assumptions.
		refs, assumed := len(x.Refs), len(x.Assumptions)
		y, ok := e.instalmentYear(k, sched, ref, susp)
		if !ok {
			break // R-PAY-2: only years with a span
		}
		if e.err != nil {
			return
		}
		// Shown: a year with an event in the run, or whose settlement date is in it (a
		// wholly suspended year says why it has none), or every started year for explain.
		if y.End.Year() != run.Year && y.eventCount() == 0 && !(run.AllYears && y.Start <= run.AsOf) {
			x.Refs, x.Assumptions = x.Refs[:refs], x.Assumptions[:assumed]
			continue
		}
		if ent, _ := sched.Entry(k); ent.Confidence == "assumption" && len(ent.Instalments) > 0 {
			e.assume(scheduleAssumption(ref.From, ent))
		}
		switch {
		case y.WhollySuspended:
		case y.End > run.AsOf:
			y.Unsettled = true
		default:
			e.settle(&y)
		}
		x.Years = append(x.Years, y)
	}
}

// instalmentYear computes contract year k up to its instalments: bounds (§0), suspended
// and covered days (R-SUSP-1), prorata (R-PAY-3), base (R-AMT-1) and instalments
// (R-PAY-1); ok is false when the year has no span.
func (e *evaluator) instalmentYear(k int, sched Schedule, ref Ref, susp SuspendedDays) (y YearRecord, ok bool) {
	x, run := e.x, e.run
	y, ok = ContractYear(x.Start, x.CoverageEnd, k)
	if !ok {
		return y, false
	}
	y.SuspendedDays = susp.In(y.Start, y.End)
	y.CoveredDays = y.SpanDays - y.SuspendedDays
	y.Prorata = NewRatio(int64(y.CoveredDays), int64(y.PeriodDays))
	y.WhollySuspended = y.CoveredDays == 0
	e.base(&y)
	plan, found := sched.Year(k)
	if !found {
		e.fail("R-PAY-1", &ParamError{Param: "instalments", Date: e.c.SignedOn,
			Detail: fmt.Sprintf("no schedule for contract year %d (version from %s)", k, ref.From)})
	}
	if e.err != nil {
		return y, true
	}
	inRun := func(d Date) bool { return d.Year() == run.Year && d <= run.AsOf }
	y.Instalments = Instalments(plan, &y, x.CoverageEnd, susp, e.advanceRow(&y), inRun)
	y.AlreadyPaid = FellDue(y.Instalments)
	y.InRun = !y.WhollySuspended && inRun(y.End)
	return y, true
}

// advanceRow is what every advance row of year y shows (DATA.md "Advance rows").
func (e *evaluator) advanceRow(y *YearRecord) Payment {
	return Payment{ContractID: e.c.ContractID, DoctorID: e.c.DoctorID, ContractYear: int32(y.K),
		PeriodStart: y.Start, PeriodEnd: y.Anniversary, PeriodDays: int32(y.PeriodDays),
		AmountTable: y.Table, Band: e.x.ContractBand, BaseAmount: y.Base}
}

// settle evaluates contract year y's settlement: observation (R-ATT-1), targets
// (R-OBJ-6), attainment (R-ATT-2/3), modulation (R-MOD-1), checks (R-COORD-1, R-FS-1)
// and amounts (R-PAY-2).
func (e *evaluator) settle(y *YearRecord) {
	x := e.x
	if !e.observe(y) {
		y.Pending = true
		return
	}
	y.TargetFA, y.TargetMT, y.Tolerance, y.Maintain65 = YearTargets(x, y.Start, param[*Maintain65](e, "maintain_65"))
	if complete := y.ObservedFA.Valid && (!x.GP || y.ObservedMT.Valid); complete {
		y.RateFA = SomeRatio(Rate(x.Baseline.FA.Value.V, y.TargetFA.V, y.ObservedFA.V, y.Tolerance))
		y.Attainment = y.RateFA
		if x.GP {
			y.RateMT = SomeRatio(Rate(x.Baseline.MT.Value.V, y.TargetMT.V, y.ObservedMT.V, y.Tolerance))
			att, err := CombineRates(x.Combination, y.RateFA.R, y.RateMT.R)
			if err != nil {
				e.fail("R-ATT-3", err)
				return
			}
			y.Attainment = SomeRatio(att)
		}
	}
	// Attainment is null only for k ≤ FullUntilYear (R-ATT-1), where it is not read.
	y.Modulation = ModulationFactor(y.K, y.Attainment.R, x.Modulation)
	e.coordination(y)
	y.FSOK = y.FSVolet1 // R-FS-1
	y.Settlement = &Event{Payment: e.settlementRow(y), InRun: y.InRun}
}

// observe reads the observation year's activity row (R-ATT-1); false when the settlement
// cannot be made: no row, or (after the full-payment years) a needed measure null.
func (e *evaluator) observe(y *YearRecord) bool {
	x := e.x
	y.ObservationYear = ObservationYear(y.Start, y.SpanDays)
	row, found := e.acts(e.c.DoctorID, y.ObservationYear)
	y.ActivityFound = found
	if !found {
		return false
	}
	y.FSVolet1 = row.FSVolet1
	y.ObservedFA = Some(row.FileActive)
	if x.GP {
		y.ObservedMT = MeasureValue(x.MTMeasure, row.MTAdult, row.MTChild, 0)
	}
	return y.K <= x.Modulation.FullUntilYear || !x.GP || y.ObservedMT.Valid
}

// coordination implements R-COORD-1 (R1): after the deadline, a year is paid only if the
// doctor coordinated before its settlement date.
func (e *evaluator) coordination(y *YearRecord) {
	c, x := e.c, e.x
	y.CoordOK = true
	coord := param[*Coordination](e, "coordination")
	if coord == nil {
		return
	}
	deadline := x.Start.AddYears(coord.DelayYears)
	if c.SignedOn >= coord.AtSignatureFrom {
		deadline = c.SignedOn
	}
	y.CoordDeadline = SomeDate(deadline)
	if y.End > deadline {
		y.CoordOK = c.CoordinatedSince.Valid && c.CoordinatedSince.V < y.End
	}
}

// settlementRow implements R-PAY-2: due = round(base × modulation × prorata), 0 when
// R-COORD-1 or R-FS-1 fails; already_paid = the instalments of the year that fell due.
func (e *evaluator) settlementRow(y *YearRecord) Payment {
	x := e.x
	var reasons []string
	due := RoundMoney(y.Base, y.Modulation, y.Prorata)
	if !y.CoordOK {
		reasons, due = append(reasons, ReasonCoordination), 0
	}
	if !y.FSOK {
		reasons, due = append(reasons, ReasonForfaitStructure), 0
	}
	src := x.ObjectiveSource
	if y.Maintain65 {
		src = "maintain_65"
	}
	p := e.advanceRow(y)
	p.Kind, p.EventDate = "settlement", y.End
	p.CoveredDays, p.SuspendedDays = Some(int64(y.CoveredDays)), Some(int64(y.SuspendedDays))
	p.ObservationYear = Some(int64(y.ObservationYear))
	p.TargetFA, p.TargetMT, p.ObservedFA, p.ObservedMT = y.TargetFA, y.TargetMT, y.ObservedFA, y.ObservedMT
	p.ObjectiveSource, p.Attainment = src, y.Attainment
	p.Modulation, p.Prorata = SomeRatio(y.Modulation), SomeRatio(y.Prorata)
	p.Due, p.AlreadyPaid, p.Payable = due, y.AlreadyPaid, due-y.AlreadyPaid
	p.Reasons = strings.Join(sortedUnique(reasons), ";")
	if !x.GP {
		p.TargetMT, p.ObservedMT = OptInt{}, OptInt{}
	}
	return p
}
