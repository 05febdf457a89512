package calc

import "fmt"

// RULES.md §4: objectives.

// GridTarget implements R-OBJ-3: T_FA = round_half_up(FA0 × (1 + r)) and, for a GP,
// T_MT = MT0 + round_half_up(share × (T_FA − FA0)).
func GridTarget(fa0, mt0 int64, r, mtShare Ratio, gp bool) (tfa int64, tmt OptInt) {
	tfa = RoundHalfUp(fa0*(r.Den+r.Num), r.Den)
	if gp {
		tmt = Some(mt0 + RoundHalfUp(mtShare.Num*(tfa-fa0), mtShare.Den))
	}
	return tfa, tmt
}

// GridBand is the grid row a contract band reads (R-OBJ-2): below_p30 (exempted) reads
// p30_p50.
func GridBand(band string) string {
	if band == BandBelowP30 {
		return BandP30P50
	}
	return band
}

// baselines implements R-OBJ-1: each baseline from the contract row, else from the
// activity row of (doctor, baseline year).
func (e *evaluator) baselines() {
	c, x := e.c, e.x
	x.GP = c.Specialty == GPSpecialty
	x.MTMeasure = param[string](e, "mt_measure")
	if e.err != nil {
		return
	}
	x.BaselinesRead = true
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

// objectives implements R-OBJ-2…5: the contract-level targets. R-OBJ-4 (new
// installation) replaces the grid; R-OBJ-5 (negotiated targets) then replaces each
// computed target it names. R-OBJ-6 applies per contract year, over all of these.
func (e *evaluator) objectives() {
	c, x := e.c, e.x
	fa0, mt0 := x.Baseline.FA.Value.V, x.Baseline.MT.Value.V
	if c.NewInstallation {
		// R-OBJ-4: reach the reference P50.
		x.TargetFA = Sourced{Some(max(fa0, x.DistFA.Band.P50.V)), "new_installation"}
		if x.DistMT != nil {
			x.TargetMT = Sourced{Some(max(mt0, x.DistMT.Band.P50.V)), "new_installation"}
		}
		x.ObjectiveSource = "new_installation"
	} else if !e.gridTargets(fa0, mt0) {
		return
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

// gridTargets implements R-OBJ-2 and R-OBJ-3; false when the grid has no cell for the
// contract (MISSING_PARAMETER, R-OBJ-2).
func (e *evaluator) gridTargets(fa0, mt0 int64) bool {
	c, x := e.c, e.x
	band := GridBand(x.ContractBand)
	grid, ref := paramRef[[]GridCell](e, "objective_grid", nil)
	if e.err != nil {
		return false
	}
	i := -1
	for j, g := range grid {
		if g.Band == band && g.Option == c.Option {
			i = j
		}
	}
	if i < 0 {
		e.fail("R-OBJ-2", fmt.Errorf("parameter objective_grid from %s: no cell for band %s option %d", ref.From, band, c.Option))
		return false
	}
	g := grid[i]
	if g.Confidence != "" && g.Confidence != ref.Confidence {
		x.IncreaseCell = g.Confidence
	}
	if g.Confidence == "assumption" {
		e.assume(fmt.Sprintf("objective_grid from %s cell %s option %d: %s", ref.From, g.Band, g.Option, ref.Source))
	}
	x.Increase = SomeRatio(g.Increase)
	tfa, tmt := GridTarget(fa0, mt0, g.Increase, param[Ratio](e, "mt_target_share"), x.GP)
	x.TargetFA = Sourced{Some(tfa), "grid"}
	if x.GP {
		x.TargetMT = Sourced{tmt, "grid"}
	}
	x.ObjectiveSource = "grid"
	return true
}

// YearTargets implements R-OBJ-6 over the contract targets: when the doctor is aged
// m65.Age or more in the year the contract year starts, that year's targets are the
// baselines with m65's tolerance, whatever R-OBJ-2…5 gave (it takes precedence over the
// negotiated targets of R-OBJ-5). m65 nil or a null birth year: not applied.
func YearTargets(x *Explanation, yearStart Date, m65 *Maintain65) (tfa, tmt OptInt, tol Ratio, applied bool) {
	by := x.Contract.DoctorBirthYear
	if m65 != nil && by.Valid && int64(yearStart.Year())-by.V >= int64(m65.Age) {
		return x.Baseline.FA.Value, x.Baseline.MT.Value, m65.Tolerance, true
	}
	return x.TargetFA.Value, x.TargetMT.Value, Zero, false
}
