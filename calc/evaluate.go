package calc

import (
	"fmt"
	"slices"
)

// Reason codes that are not rule ids of §3.
const (
	ReasonNoBaseline       = "NO_BASELINE"
	ReasonNoDistribution   = "NO_DISTRIBUTION"
	ReasonNoFees           = "NO_FEES"
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
	// AllYears evaluates every contract year started by as_of (for explain and
	// simulation), not only those with an event in the run.
	AllYears bool
}

// ActivityLookup returns the valid activity row of (doctor, year).
type ActivityLookup func(doctorID string, year int32) (*Activity, bool)

// BandLookup returns the bands row of a distribution; a missing one counts as population 0.
type BandLookup func(DistKey) Band

// evaluator carries one contract's evaluation: the inputs, the record being filled and
// the first parameter lookup that failed.
type evaluator struct {
	run   Run
	c     *Contract
	acts  ActivityLookup
	bands BandLookup
	x     *Explanation
	err   error  // first parameter lookup error: status error, MISSING_PARAMETER
	rule  string // the rule of the parameter behind err
}

// Evaluate applies the whole rule book to one contract for one run.
func Evaluate(c *Contract, run Run, acts ActivityLookup, bands BandLookup) *Explanation {
	x := &Explanation{Contract: *c, RunYear: run.Year, AsOf: run.AsOf, Refs: make([]Ref, 0, 24)}
	e := &evaluator{run: run, c: c, acts: acts, bands: bands, x: x}
	e.evaluate()
	if e.err != nil {
		e.missingParameter()
	}
	return x
}

// evaluate follows RULES.md in order; each step stops the contract at its status.
func (e *evaluator) evaluate() {
	c, x := e.c, e.x
	e.dates()
	if c.SignedOn > YearEnd(e.run.Year) {
		x.SignedAfterRun, x.Status = true, StatusNoEvent // R-DATE-1: not evaluated
		return
	}
	if e.err != nil {
		return
	}
	// DATA.md "Fees": NO_BASELINE, NO_DISTRIBUTION and NO_FEES are found together, and an
	// error contract evaluates no E-code.
	errs := e.inputs()
	if e.err != nil {
		return
	}
	if len(errs) > 0 {
		x.Status, x.Reasons = StatusError, errs
		return
	}
	x.ContractBand = ContractBand(x.DistFA.Of, x.DistMT) // R-BAND-7
	e.eligibility()
	e.objectives()
	if e.err != nil {
		return
	}
	if failed := failedChecks(x.Checks); len(failed) > 0 {
		x.Status, x.Reasons = StatusIneligible, failed
		return
	}
	if !x.Started {
		x.Status = StatusNotStarted // R-DATE-1: no event
		return
	}
	e.years()
	if e.err != nil {
		return
	}
	x.Status, x.Reasons = runStatus(x.Years, x.CoverageEnd, e.run.Year)
}

// inputs gathers what every rule reads: baselines (R-OBJ-1), distributions (R-BAND-*)
// and, where E-CLINICAL applies, the fees. It returns the error codes that apply.
func (e *evaluator) inputs() []string {
	var errs []string
	e.baselines()
	if e.err != nil {
		return nil
	}
	if !e.x.Baseline.FA.Value.Valid || (e.x.GP && !e.x.Baseline.MT.Value.Valid) {
		errs = append(errs, ReasonNoBaseline) // R-OBJ-1
	}
	if !e.distributions() {
		errs = append(errs, ReasonNoDistribution) // R-BAND-3
	}
	if e.clinicalApplies() && (!e.c.Fees12mTotal.Valid || !e.c.Fees12mCCAM.Valid) {
		errs = append(errs, ReasonNoFees) // E-CLINICAL
	}
	return sortedUnique(errs)
}

// missingParameter makes the contract an error whatever else was found: nothing that
// depends on the rules is shown, the baselines found are kept (DATA.md "error contracts").
func (e *evaluator) missingParameter() {
	x := e.x
	x.Status = StatusError
	x.Reasons = sortedUnique(append(x.Reasons, ReasonMissingParameter))
	x.Problem, x.ProblemRule = e.err.Error(), e.rule
	x.Years, x.Checks = nil, nil
	x.ContractBand, x.TargetFA, x.TargetMT, x.ObjectiveSource = "", Sourced{}, Sourced{}, ""
	x.Increase, x.IncreaseCell = OptRatio{}, ""
}

// ---- parameter lookups: the date comes from the parameter's keyed_by ----

// yearKey names the contract year a lookup is for (R-REG-2); nil means the contract.
type yearKey struct {
	k     int
	start Date
}

// assume records an assumption used, once.
func (e *evaluator) assume(a string) {
	if !slices.Contains(e.x.Assumptions, a) {
		e.x.Assumptions = append(e.x.Assumptions, a)
	}
}

// fail records the first parameter problem and the rule it belongs to.
func (e *evaluator) fail(rule string, err error) {
	if e.err == nil {
		e.err, e.rule = err, rule
	}
}

// param looks a contract-level parameter up (keyed by signed_on).
func param[T any](e *evaluator, name string) T {
	v, _ := paramRef[T](e, name, nil)
	return v
}

// paramRef looks name up on the date its keyed_by names for the contract (and year y),
// cites the version used (recording it when it is an assumption) and returns the value
// with its citation. A failed lookup makes the contract an error, MISSING_PARAMETER.
func paramRef[T any](e *evaluator, name string, y *yearKey) (T, Ref) {
	p := e.run.Params
	v, ref, err := getFor[T](p, name, e.c.SignedOn, y)
	if err != nil {
		e.fail(p.Rule(name), err)
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

// failedChecks returns the rules of the failed checks, sorted (§3 reason codes).
func failedChecks(checks []Check) []string {
	var failed []string
	for _, ch := range checks {
		if !ch.Passed {
			failed = append(failed, ch.Rule)
		}
	}
	return sortedUnique(failed)
}
