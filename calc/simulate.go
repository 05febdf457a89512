package calc

// Helpers for a simulation (what a contract would pay, before it is signed): the same
// Evaluate, with observation years given and every event of the contract listed.
//
// A simulation evaluates the contract once with the doctor's real baseline rows to get its
// band and targets, then again with OnTarget's lookup and Run{Year: the last year of the
// contract, AsOf: its coverage end, AllYears: true}: Events lists every instalment and
// settlement, and SettlementAt gives a year's settlement at another attainment (R-MOD-1).

// OnTarget returns an activity lookup that gives acts' row for the contract's baseline
// year and, for every later year, a row whose measures are exactly the contract's targets
// (R-OBJ-2…5) with the forfait structure validated (R-FS-1): the objectives met. x must
// have targets (an eligible or not-started contract); otherwise acts is returned as is.
func OnTarget(x *Explanation, acts ActivityLookup) ActivityLookup {
	if !x.TargetFA.Value.Valid || (x.GP && !x.TargetMT.Value.Valid) {
		return acts
	}
	c := x.Contract
	return func(doctorID string, year int32) (*Activity, bool) {
		if year <= x.BaselineYear {
			return acts(doctorID, year)
		}
		a := &Activity{DoctorID: doctorID, Year: year, Specialty: c.Specialty, FileActive: x.TargetFA.Value.V, FSVolet1: true}
		if x.GP {
			// MT total = adult + child; with child 0 both MT measures equal the target.
			a.MTAdult, a.MTChild = x.TargetMT.Value, Some(0)
		}
		return a, true
	}
}

// Events returns every event of the contract years the explanation shows, whatever their
// date (Payments keeps those of the run): instalments by number, then the settlement,
// year by year.
func (x *Explanation) Events() []Payment {
	var out []Payment
	for i := range x.Years {
		y := &x.Years[i]
		for _, in := range y.Instalments {
			if in.Event != nil {
				out = append(out, in.Event.Payment)
			}
		}
		if y.Settlement != nil {
			out = append(out, y.Settlement.Payment)
		}
	}
	return out
}
