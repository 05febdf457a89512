package calc

import (
	"fmt"
	"slices"
	"strings"
)

// Reason codes that are not rule ids of §3.
const (
	ReasonNoBaseline       = "NO_BASELINE"
	ReasonNoDistribution   = "NO_DISTRIBUTION"
	ReasonNoActivity       = "NO_ACTIVITY"
	ReasonMissingParameter = "MISSING_PARAMETER"
	ReasonCoordination     = "COORDINATION"
	ReasonForfaitStructure = "FORFAIT_STRUCTURE"
)

// GPSpecialty is the CNAM code of general practice.
const GPSpecialty = "01"

// Run is what a run fixes for every contract: the payment year, as_of and parameters.
type Run struct {
	Year   int
	AsOf   Date
	Params *Params
	// AllYears evaluates every contract year started by as_of (for explain), not only
	// those settled in the run.
	AllYears bool
}

// ActivityLookup returns the valid activity row of (doctor, year).
type ActivityLookup func(doctorID string, year int32) (*Activity, bool)

// BandLookup returns the bands row of a distribution; a missing one counts as population 0.
type BandLookup func(DistKey) Band

// evaluator carries one contract's evaluation.
type evaluator struct {
	run   Run
	c     *Contract
	acts  ActivityLookup
	bands BandLookup
	x     *Explanation
	err   error  // first parameter lookup error: status error, MISSING_PARAMETER
	rule  string // the rule of the parameter behind err
}

// assume records an assumption used, once.
func (e *evaluator) assume(a string) {
	if !slices.Contains(e.x.Assumptions, a) {
		e.x.Assumptions = append(e.x.Assumptions, a)
	}
}

// amountUsed records the use of one cell of an amount table when it is an assumption.
func (e *evaluator) amountUsed(t AmountTable, option int32, col string) {
	key := fmt.Sprintf("%d.%s", option, col)
	if c, ok := t.Cells[key]; ok && c.Confidence == "assumption" {
		e.assume(fmt.Sprintf("amounts from %s cell %s: %s", t.From, key, c.Source))
	}
}

// fail records the first parameter problem and the rule it belongs to.
func (e *evaluator) fail(rule string, err error) {
	if e.err == nil {
		e.err, e.rule = err, rule
	}
}

func param[T any](e *evaluator, name string, d Date) T {
	v, _ := paramRef[T](e, name, d)
	return v
}

// paramRef looks name up on d, cites the version used (and records it when it is an
// assumption), and returns the value with its citation.
func paramRef[T any](e *evaluator, name string, d Date) (T, Ref) {
	v, ref, err := get[T](e.run.Params, name, d)
	if err != nil {
		rule := ""
		if pd := e.run.Params.params[name]; pd != nil {
			rule = pd.Rule
		}
		e.fail(rule, err)
		return v, ref
	}
	for i := range e.x.Refs {
		if r := &e.x.Refs[i]; r.Param == ref.Param && r.From == ref.From {
			return v, ref // a parameter's versions differ by their start
		}
	}
	e.x.Refs = append(e.x.Refs, ref)
	if ref.Confidence == "assumption" {
		e.assume(fmt.Sprintf("%s from %s: %s", name, ref.From, ref.Source))
	}
	return v, ref
}

// Regime returns the signature regime of a contract (R-REG-1).
func Regime(p *Params, signedOn Date) (string, error) {
	r, _, err := get[string](p, "regime", signedOn)
	return r, err
}

// BaselineYear returns R-OBJ-1's baseline year: the contract's, else year(signed_on) − 1.
func BaselineYear(c *Contract) int32 {
	if c.BaselineYear.Valid {
		return int32(c.BaselineYear.V)
	}
	return int32(c.SignedOn.Year() - 1)
}

// NeededDistributions lists the distributions a contract reads (R-BAND-1, R-BAND-5), in
// a fixed order; nil for a contract signed after the run year (not evaluated).
func NeededDistributions(c *Contract, run Run) ([]DistKey, error) {
	if c.SignedOn > YearEnd(run.Year) {
		return nil, nil
	}
	ref, _, err := get[OptInt](run.Params, "reference_year", c.SignedOn)
	if err != nil {
		return nil, err
	}
	year := BaselineYear(c)
	if ref.Valid {
		year = int32(ref.V)
	}
	keys := []DistKey{{year, c.Specialty, MeasureFileActive}}
	if c.Specialty == GPSpecialty {
		m, _, err := get[string](run.Params, "mt_measure", c.SignedOn)
		if err != nil {
			return nil, err
		}
		keys = append(keys, DistKey{year, c.Specialty, m})
	}
	return keys, nil
}

// Evaluate applies the whole rule book to one contract for one run.
func Evaluate(c *Contract, run Run, acts ActivityLookup, bands BandLookup) *Explanation {
	x := &Explanation{Contract: *c, RunYear: run.Year, AsOf: run.AsOf, Refs: make([]Ref, 0, 20)}
	e := &evaluator{run: run, c: c, acts: acts, bands: bands, x: x}
	e.evaluate()
	if e.err != nil {
		// A missing parameter makes the contract an error whatever else was found.
		x.Status = StatusError
		x.Reasons = sortedUnique(append(x.Reasons, ReasonMissingParameter))
		x.Problem = e.err.Error()
		x.ProblemRule = e.rule
		x.Advance, x.Years = nil, nil
		x.ContractBand, x.TargetFA, x.TargetMT, x.ObjectiveSource = "", Sourced{}, Sourced{}, ""
	}
	return x
}

func (e *evaluator) evaluate() {
	c, x := e.c, e.x
	// R-REG-1
	x.Regime = param[string](e, "regime", c.SignedOn)
	// R-DATE-1: S = max(signed_on, hired_on).
	if c.HiredOn.Valid {
		x.Started = true
		x.Start = max(c.SignedOn, c.HiredOn.V)
		// R-DATE-3: coverage ends at min(S + n years, ended_on + 1 day).
		years := param[int](e, "contract_years", c.SignedOn)
		x.CoverageEnd = x.Start.AddYears(years)
		if c.EndedOn.Valid {
			x.CoverageEnd = min(x.CoverageEnd, c.EndedOn.V.AddDays(1))
		}
	}
	if c.SignedOn > YearEnd(e.run.Year) {
		x.SignedAfterRun = true
		x.Status = StatusNoEvent
		return
	}
	if e.err != nil {
		return
	}
	var errs []string
	e.baselines()
	if e.err != nil {
		return
	}
	b := &x.Baseline
	if !b.FA.Value.Valid || (x.GP && !b.MT.Value.Valid) {
		errs = append(errs, ReasonNoBaseline) // R-OBJ-1
	}
	// R-BAND-2…6: the distributions and the band of the contract's value in each.
	keys, err := NeededDistributions(c, e.run)
	if err != nil {
		e.fail("R-BAND-5", err)
		return
	}
	x.ReferenceYear = keys[0].ReferenceYear
	for _, k := range keys {
		u := DistUse{Key: k, Band: e.bands(k)}
		if k.Measure == MeasureFileActive {
			u.Value = b.FA.Value
		} else {
			u.Value = b.MT.Value
		}
		th, ok := u.Band.Thresholds()
		if !ok {
			errs = append(errs, ReasonNoDistribution) // R-BAND-3
		} else if u.Value.Valid {
			u.Of = BandOf(u.Value.V, th)
		}
		x.Dists = append(x.Dists, u)
	}
	if len(errs) > 0 {
		x.Status, x.Reasons = StatusError, sortedUnique(errs)
		return
	}
	// R-BAND-7: GP → the higher of the MT and FA bands; others → FA band.
	for _, u := range x.Dists {
		if x.ContractBand == "" || bandRank(u.Of) > bandRank(x.ContractBand) {
			x.ContractBand = u.Of
		}
	}
	e.eligibility()
	e.objectives()
	if e.err != nil {
		return
	}
	var failed []string
	for _, ch := range x.Checks {
		if !ch.Passed {
			failed = append(failed, ch.Rule)
		}
	}
	if len(failed) > 0 {
		x.Status, x.Reasons = StatusIneligible, sortedUnique(failed)
		return
	}
	if !x.Started {
		x.Status = StatusNotStarted
		return
	}
	e.events()
	if e.err != nil {
		return
	}
	events, pending := 0, false
	if x.Advance != nil && x.Advance.InRun {
		events++
	}
	for _, y := range x.Years {
		if y.InRun && y.Pending {
			pending = true
		}
		if y.Settlement != nil && y.Settlement.InRun {
			events++
		}
	}
	switch {
	case pending:
		x.Status, x.Reasons = StatusPending, []string{ReasonNoActivity}
	case events > 0:
		x.Status = StatusPaid
	case x.CoverageEnd <= YearStart(e.run.Year):
		x.Status = StatusClosed
	default:
		x.Status = StatusNoEvent
	}
}

// baselines implements R-OBJ-1: each baseline from the contract row, else from the
// activity row of (doctor, baseline year).
func (e *evaluator) baselines() {
	c, x := e.c, e.x
	x.GP = c.Specialty == GPSpecialty
	x.MTMeasure = param[string](e, "mt_measure", c.SignedOn)
	x.BaselineYear = BaselineYear(c)
	row, found := e.acts(c.DoctorID, x.BaselineYear)
	x.BaselineRow = found
	from := fmt.Sprintf("activity %d", x.BaselineYear)
	pick := func(own OptInt, act func(*Activity) OptInt) Sourced {
		if own.Valid {
			return Sourced{own, "contract"}
		}
		if found {
			if v := act(row); v.Valid {
				return Sourced{v, from}
			}
		}
		return Sourced{}
	}
	b := &x.Baseline
	b.MTAdult = pick(c.BaselineMTAdult, func(a *Activity) OptInt { return a.MTAdult })
	b.MTChild = pick(c.BaselineMTChild, func(a *Activity) OptInt { return a.MTChild })
	b.FA = pick(c.BaselineFA, func(a *Activity) OptInt { return Some(a.FileActive) })
	if x.GP {
		b.MT = Sourced{MeasureValue(x.MTMeasure, b.MTAdult.Value, b.MTChild.Value, 0), "computed"}
		if x.MTMeasure == MeasureMTAdult {
			b.MT = b.MTAdult
		}
	}
}

// eligibility implements §3, on baseline values.
func (e *evaluator) eligibility() {
	c, x := e.c, e.x
	add := func(rule string, ok bool, detail string) {
		x.Checks = append(x.Checks, Check{Rule: rule, Passed: ok, Detail: detail})
	}
	// E-SECTOR
	sectors := param[[]string](e, "sectors", c.SignedOn)
	add("E-SECTOR", slices.Contains(sectors, c.TariffSector),
		fmt.Sprintf("tariff_sector %s; allowed %s", c.TariffSector, strings.Join(sectors, ", ")))
	// E-SPECIALTY
	lists, listsRef := paramRef[SpecialtyLists](e, "specialties", c.SignedOn)
	in := func(ls []CodeList) bool {
		for _, l := range ls {
			if slices.Contains(l.Codes, c.Specialty) {
				return true
			}
		}
		return false
	}
	switch {
	case len(lists.Excluded) > 0 || (len(lists.National) == 0 && len(lists.UnderservedOnly) == 0):
		add("E-SPECIALTY", !in(lists.Excluded), fmt.Sprintf("specialty %s; excluded list", c.Specialty))
	default:
		ok := in(lists.National) || (in(lists.UnderservedOnly) && c.UnderservedZone)
		if ok {
			for _, l := range append(append([]CodeList{}, lists.National...), lists.UnderservedOnly...) {
				if l.Confidence == "assumption" && slices.Contains(l.Codes, c.Specialty) {
					e.assume(fmt.Sprintf("specialties from %s codes %s: %s", listsRef.From, strings.Join(l.Codes, ","), l.Source))
				}
			}
		}
		add("E-SPECIALTY", ok, fmt.Sprintf("specialty %s; national list, or under-served list with underserved_zone=%t", c.Specialty, c.UnderservedZone))
	}
	// E-FLOOR: the floor measure (GP: MT; others: FA) ≥ P30, unless exempted.
	floor := x.Dists[len(x.Dists)-1] // GP: the MT distribution; others: FA (the only one)
	p30 := floor.Band.P30.V
	exempt := ""
	switch {
	case c.NewInstallation:
		exempt = "new_installation"
	case c.RqthAld:
		exempt = "rqth_ald"
	}
	share := param[OptRatio](e, "floor", c.SignedOn)
	if exempt == "" && x.GP && share.Valid {
		// child/(adult+child) > s  ⟺  child·(1−s) > adult·s (null child = 0).
		s := share.R
		adult, child := x.Baseline.MTAdult.Value.V, x.Baseline.MTChild.Value.V
		if child*(s.Den-s.Num) > adult*s.Num {
			exempt = "child share > " + s.String()
		}
	}
	ok := floor.Value.V >= p30 || exempt != ""
	detail := fmt.Sprintf("%s %d vs P30 %d", floor.Key.Measure, floor.Value.V, p30)
	if exempt != "" {
		detail += "; exempted: " + exempt
	}
	add("E-FLOOR", ok, detail)
	// E-OPTION
	or := param[OptionRule](e, "option_rule", c.SignedOn)
	okOpt := !slices.Contains(or.Forbidden, c.Option) && (!slices.Contains(or.NeedsUnderserved, c.Option) || c.UnderservedZone)
	add("E-OPTION", okOpt, fmt.Sprintf("option %d, underserved_zone=%t", c.Option, c.UnderservedZone))
	// E-GROUP
	if param[bool](e, "group_required", c.SignedOn) {
		add("E-GROUP", c.GroupPractice || c.UnderservedZone,
			fmt.Sprintf("group_practice=%t, underserved_zone=%t", c.GroupPractice, c.UnderservedZone))
	}
}

// objectives implements R-OBJ-2…5: contract-level targets.
func (e *evaluator) objectives() {
	c, x := e.c, e.x
	fa0 := x.Baseline.FA.Value.V
	mt0 := x.Baseline.MT.Value.V
	if c.NewInstallation {
		// R-OBJ-4: reach the reference P50.
		x.TargetFA = Sourced{Some(max(fa0, x.Dists[0].Band.P50.V)), "new_installation"}
		if x.GP {
			x.TargetMT = Sourced{Some(max(mt0, x.Dists[1].Band.P50.V)), "new_installation"}
		}
		x.ObjectiveSource = "new_installation"
	} else {
		// R-OBJ-2, R-OBJ-3
		band := x.ContractBand
		if band == BandBelowP30 {
			band = BandP30P50
		}
		grid, ref := paramRef[[]GridCell](e, "objective_grid", c.SignedOn)
		var r Ratio
		found := false
		for _, g := range grid {
			if g.Band == band && g.Option == c.Option {
				r, found = g.Increase, true
				if g.Confidence != "" && g.Confidence != ref.Confidence {
					x.IncreaseCell = g.Confidence
				}
				if g.Confidence == "assumption" {
					e.assume(fmt.Sprintf("objective_grid from %s cell %s option %d: %s", ref.From, g.Band, g.Option, ref.Source))
				}
			}
		}
		if !found {
			if e.err == nil {
				e.err = fmt.Errorf("parameter objective_grid: no cell for band %s option %d", band, c.Option)
			}
			return
		}
		x.Increase = SomeRatio(r)
		tfa := RoundHalfUp(fa0*(r.Den+r.Num), r.Den)
		x.TargetFA = Sourced{Some(tfa), "grid"}
		if x.GP {
			s := param[Ratio](e, "mt_target_share", c.SignedOn)
			x.TargetMT = Sourced{Some(mt0 + RoundHalfUp(s.Num*(tfa-fa0), s.Den)), "grid"}
		}
		x.ObjectiveSource = "grid"
	}
	// R-OBJ-5: negotiated targets replace their own measure; target_mt ignored for non-GPs.
	if c.TargetFA.Valid {
		x.TargetFA = Sourced{c.TargetFA, "contract"}
		x.ObjectiveSource = "contract"
	}
	if c.TargetMT.Valid && x.GP {
		x.TargetMT = Sourced{c.TargetMT, "contract"}
		x.ObjectiveSource = "contract"
	}
}

// events implements §5–§7 for a started, eligible contract.
func (e *evaluator) events() {
	c, x, run := e.c, e.x, e.run
	inRun := func(d Date) bool { return d.Year() == run.Year && d <= run.AsOf }
	// R-PAY-1: the advance, on the table in force on S.
	adv := param[Advance](e, "advance", c.SignedOn)
	table1 := param[AmountTable](e, "amounts", x.Start)
	if e.err != nil {
		return
	}
	amt1, ok := table1.Options[c.Option]
	e.amountUsed(table1, c.Option, "y1")
	if !ok {
		e.fail("R-AMT-1", fmt.Errorf("parameter amounts: table %s has no option %d", table1.Name, c.Option))
		return
	}
	advance := RoundMoney(amt1.Y1, adv.Share)
	a1 := x.Start.AddYears(1)
	advDate := x.Start.AddDays(adv.Days)
	x.Advance = &Event{InRun: inRun(advDate), Payment: Payment{
		ContractID: c.ContractID, DoctorID: c.DoctorID, ContractYear: 1, Kind: "advance",
		EventDate: advDate, PeriodStart: x.Start, PeriodEnd: a1, PeriodDays: int32(a1 - x.Start),
		AmountTable: table1.Name, Band: x.ContractBand, BaseAmount: amt1.Y1,
		Due: advance, Payable: advance,
	}}
	years := param[int](e, "contract_years", c.SignedOn)
	m65 := param[*Maintain65](e, "maintain_65", c.SignedOn)
	mod := param[Modulation](e, "modulation", c.SignedOn)
	coord := param[*Coordination](e, "coordination", c.SignedOn)
	for k := 1; k <= years; k++ {
		start, ann := x.Start.AddYears(k-1), x.Start.AddYears(k)
		end := min(ann, x.CoverageEnd)
		if end <= start {
			break // R-PAY-2: only years with covered days > 0
		}
		y := YearRecord{K: k, Start: start, Anniversary: ann, CoveredDays: int(end - start),
			PeriodDays: int(ann - start), SettlementDate: end}
		y.InRun = inRun(end)
		if !y.InRun && !(run.AllYears && start <= run.AsOf) {
			continue
		}
		if end > run.AsOf {
			// Started but not yet settled by as_of (explain only): nothing to observe yet.
			y.Unsettled = true
			x.Years = append(x.Years, y)
			continue
		}
		e.year(&y, advance, m65, mod, coord)
		if e.err != nil {
			return
		}
		x.Years = append(x.Years, y)
	}
}

// year evaluates contract year y: observation, attainment, modulation, amounts.
func (e *evaluator) year(y *YearRecord, advance Cents, m65 *Maintain65, mod Modulation, coord *Coordination) {
	c, x := e.c, e.x
	// R-REG-2, R-AMT-1: the table in force on the year's first day.
	table := param[AmountTable](e, "amounts", y.Start)
	if e.err != nil {
		return
	}
	y.Table = table.Name
	amt := table.Options[c.Option]
	defer func() { e.amountUsed(table, c.Option, y.BaseCol) }()
	switch {
	case x.ContractBand == BandP95Plus:
		y.BaseCol, y.Base = "y1", amt.Y1
	case y.K == 1:
		y.BaseCol, y.Base = "y1", amt.Y1
	case y.K == 2:
		y.BaseCol, y.Base = "y2", amt.Y2
	case x.ContractBand == BandP90P95:
		y.BaseCol, y.Base = "y3_p90", amt.Y3P90
	default:
		y.BaseCol, y.Base = "y3", amt.Y3
	}
	// R-ATT-1: the observation year contains the midpoint of the covered part.
	y.ObservationYear = int32(y.Start.AddDays(y.CoveredDays / 2).Year())
	row, found := e.acts(c.DoctorID, y.ObservationYear)
	y.ActivityFound = found
	if found {
		y.FSVolet1 = row.FSVolet1
		y.ObservedFA = Some(row.FileActive)
		if x.GP {
			y.ObservedMT = MeasureValue(x.MTMeasure, row.MTAdult, row.MTChild, 0)
		}
	}
	complete := found && (!x.GP || y.ObservedMT.Valid)
	if !found || (y.K > mod.FullUntilYear && !complete) {
		y.Pending = true
		return
	}
	// R-OBJ-6: doctors aged 65 or more keep their baselines, with a tolerance.
	y.TargetFA, y.TargetMT = x.TargetFA.Value, x.TargetMT.Value
	y.Tolerance = Zero
	if m65 != nil && c.DoctorBirthYear.Valid && int64(y.Start.Year())-c.DoctorBirthYear.V >= int64(m65.Age) {
		y.Maintain65 = true
		y.Tolerance = m65.Tolerance
		y.TargetFA, y.TargetMT = x.Baseline.FA.Value, x.Baseline.MT.Value
	}
	// R-ATT-2, R-ATT-3
	if complete {
		y.RateFA = SomeRatio(Rate(x.Baseline.FA.Value.V, y.TargetFA.V, y.ObservedFA.V, y.Tolerance))
		y.Attainment = y.RateFA
		if x.GP {
			y.RateMT = SomeRatio(Rate(x.Baseline.MT.Value.V, y.TargetMT.V, y.ObservedMT.V, y.Tolerance))
			// R-ATT-3: "mean" is the only combination the parameter file accepts.
			if param[string](e, "attainment_combination", c.SignedOn) != "mean" {
				return
			}
			y.Attainment = SomeRatio(y.RateFA.R.Add(y.RateMT.R).Mul(NewRatio(1, 2)))
		}
	}
	// R-MOD-1
	switch {
	case y.K <= mod.FullUntilYear:
		y.Modulation = One
	case y.K == mod.ThresholdYear && y.Attainment.R.Cmp(mod.Threshold) >= 0:
		y.Modulation = One
	default:
		y.Modulation = y.Attainment.R
	}
	// R-PAY-3
	y.Prorata = NewRatio(int64(y.CoveredDays), int64(y.PeriodDays))
	// R-COORD-1 (R1): after the deadline, paid only if coordinated before the settlement.
	y.CoordOK = true
	if coord != nil {
		deadline := x.Start.AddYears(coord.DelayYears)
		if c.SignedOn >= coord.AtSignatureFrom {
			deadline = c.SignedOn
		}
		y.CoordDeadline = SomeDate(deadline)
		if y.SettlementDate > deadline {
			y.CoordOK = c.CoordinatedSince.Valid && c.CoordinatedSince.V < y.SettlementDate
		}
	}
	// R-FS-1
	y.FSOK = y.FSVolet1
	// R-PAY-2
	var reasons []string
	due := RoundMoney(y.Base, y.Modulation, y.Prorata)
	if !y.CoordOK {
		reasons, due = append(reasons, ReasonCoordination), 0
	}
	if !y.FSOK {
		reasons, due = append(reasons, ReasonForfaitStructure), 0
	}
	paid := Cents(0)
	if y.K == 1 {
		paid = advance
	}
	src := x.ObjectiveSource
	if y.Maintain65 {
		src = "maintain_65"
	}
	p := Payment{
		ContractID: c.ContractID, DoctorID: c.DoctorID, ContractYear: int32(y.K), Kind: "settlement",
		EventDate: y.SettlementDate, PeriodStart: y.Start, PeriodEnd: y.Anniversary,
		CoveredDays: Some(int64(y.CoveredDays)), PeriodDays: int32(y.PeriodDays),
		AmountTable: y.Table, Band: x.ContractBand, ObservationYear: Some(int64(y.ObservationYear)),
		TargetFA: y.TargetFA, TargetMT: y.TargetMT, ObservedFA: y.ObservedFA, ObservedMT: y.ObservedMT,
		ObjectiveSource: src, Attainment: y.Attainment, Modulation: SomeRatio(y.Modulation),
		Prorata: SomeRatio(y.Prorata), BaseAmount: y.Base, Due: due, AlreadyPaid: paid,
		Payable: due - paid, Reasons: strings.Join(sortedUnique(reasons), ";"),
	}
	if !x.GP {
		p.TargetMT, p.ObservedMT = OptInt{}, OptInt{}
	}
	y.Settlement = &Event{Payment: p, InRun: y.InRun}
}

// Rate implements R-ATT-2 for one measure: baseline b, target t, observed o, tolerance τ.
func Rate(b, t, o int64, tol Ratio) Ratio {
	if t > b {
		return NewRatio(o-b, t-b).Clamp01()
	}
	if t == 0 {
		return One
	}
	// floor = t·(1−τ); 1 if o ≥ floor, else clamp(o / floor).
	fnum, fden := t*(tol.Den-tol.Num), tol.Den
	if o*fden >= fnum {
		return One
	}
	return NewRatio(o*fden, fnum).Clamp01()
}

// Payments returns the events of the run, in DATA.md order (advance first).
func (x *Explanation) Payments() []Payment {
	var out []Payment
	if x.Advance != nil && x.Advance.InRun {
		out = append(out, x.Advance.Payment)
	}
	for _, y := range x.Years {
		if y.Settlement != nil && y.Settlement.InRun {
			out = append(out, y.Settlement.Payment)
		}
	}
	return out
}

// Ledger returns the contract's ledger row (DATA.md "contracts").
func (x *Explanation) Ledger() Ledger {
	c := &x.Contract
	l := Ledger{ContractID: c.ContractID, DoctorID: c.DoctorID, Specialty: c.Specialty, Option: c.Option,
		Regime: x.Regime, Status: x.Status, Reasons: strings.Join(x.Reasons, ";")}
	if x.Started {
		l.StartDate = SomeDate(x.Start)
	}
	if x.SignedAfterRun {
		return l
	}
	if x.Status == StatusError && slices.Contains(x.Reasons, ReasonMissingParameter) && x.ReferenceYear == 0 {
		return l
	}
	l.ReferenceYear = Some(int64(x.ReferenceYear))
	l.BaselineFA = x.Baseline.FA.Value
	if x.GP {
		l.BaselineMT = x.Baseline.MT.Value
	}
	if x.Status == StatusError {
		return l
	}
	l.Band = x.ContractBand
	l.TargetFA = x.TargetFA.Value
	if x.GP {
		l.TargetMT = x.TargetMT.Value
	}
	l.ObjectiveSource = x.ObjectiveSource
	for _, p := range x.Payments() {
		l.Events++
		l.PayableTotal += p.Payable
	}
	return l
}
