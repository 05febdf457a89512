package pipeline

import (
	"context"
	"fmt"
	"math/big"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/extract"
)

// SimulationActivity is an activity extract loaded for `amcalc simulate`: read and
// validated exactly as Run reads it (rejected and duplicated rows are not used), so that the
// distributions it gives are the run's.
type SimulationActivity struct {
	table *extract.ActivityTable
	Input extract.Input
}

// LoadSimulationActivity reads and validates the activity extract at path (a file or a
// folder) as Run does.
func LoadSimulationActivity(ctx context.Context, path string, workers int) (*SimulationActivity, error) {
	t, _, in, err := extract.ReadActivityTable(ctx, path, extract.Options{Workers: workers})
	if err != nil {
		return nil, err
	}
	return &SimulationActivity{table: t, Input: in}, nil
}

// CheckRejectRatio returns ErrRejectRatio when more than ratio of the extract's rows are
// rejected (nil: 1/100, as Run): a run would publish no distribution from it.
func (a *SimulationActivity) CheckRejectRatio(ratio *big.Rat) error {
	if ratio == nil {
		ratio = DefaultMaxRejectRatio()
	}
	if exceeds(a.Input.RejectedRows, a.Input.Rows, ratio) {
		return fmt.Errorf("%w: activity: %d of %d rows rejected (more than %s): amcalc run would publish nothing from this extract",
			ErrRejectRatio, a.Input.RejectedRows, a.Input.Rows, ratio.RatString())
	}
	return nil
}

// Row returns the valid activity row of (doctor, year), as a contract of a run reads it.
func (a *SimulationActivity) Row(doctorID string, year int32) (*calc.Activity, bool) {
	return a.table.Index([]string{doctorID}).Lookup(doctorID, year)
}

// Bands computes the distributions the contract needs (R-BAND-1…5) from the activity,
// with the very code a run uses (computeBands), in DATA.md order.
func (a *SimulationActivity) Bands(ctx context.Context, c *calc.Contract, run calc.Run, workers int) ([]calc.Band, error) {
	bs, err := computeBands(ctx, []extract.ContractRow{{Contract: *c}}, a.table, run, max(workers, 1))
	if err != nil {
		return nil, err
	}
	return bs.rows, nil
}

// SimulationID is the contract_id of a simulated contract.
const SimulationID = "SIMULATION"

// Simulation is what `amcalc simulate` shows: the doctor's contract evaluated for each
// option, as if the objectives were exactly met every year.
type Simulation struct {
	// Contract is the simulated contract (Option aside, which each SimOption sets).
	Contract calc.Contract
	// Baseline is the doctor's activity row of the baseline year (R-OBJ-1).
	Baseline calc.Activity
	Options  []SimOption
}

// SimOption is one option simulated.
type SimOption struct {
	Option int32
	// X is the evaluation over every contract year, with an activity row at exactly the
	// targets in each observation year (fs_volet1 validated). For an ineligible or error
	// contract it holds the checks and status, and no event.
	X *calc.Explanation
	// Run is the run X was evaluated for: the year of the last settlement, every
	// contract year evaluated (calc.Run.AllYears).
	Run   calc.Run
	Years []SimYear
	// Total is the sum of the payable amounts of every event of the schedule.
	Total calc.Cents
}

// Eligible reports whether the option can be signed (no E-code failed, no error).
func (o *SimOption) Eligible() bool {
	return o.X.Status != calc.StatusError && o.X.Status != calc.StatusIneligible
}

// Failed returns the E-codes of the checks the option fails, sorted (R-… §3).
func (o *SimOption) Failed() []string {
	if o.X.Status == calc.StatusIneligible {
		return o.X.Reasons
	}
	return []string{}
}

// SimYear is the schedule of one contract year.
type SimYear struct {
	Record *calc.YearRecord
	// Events are the instalments (advance rows) and the settlement of the year, as the
	// payments rows of the runs that emit them, in DATA.md order.
	Events []calc.Payment
	// AtAttainment is the settlement of a year ≥ 3 at a lower attainment (R-MOD-1):
	// what a shortfall costs.
	AtAttainment []SimScenario
}

// SimScenario is a year's settlement for a given attainment (R-MOD-1).
type SimScenario struct {
	Attainment calc.Ratio
	Due        calc.Cents
	Payable    calc.Cents
}

// ScenarioAttainments are the attainments a simulation shows for years ≥ 3: met, at
// the year-3 threshold of R-MOD-1, and half.
var ScenarioAttainments = []calc.Ratio{calc.One, calc.NewRatio(3, 4), calc.NewRatio(1, 2)}

// Simulate evaluates contract c for each option with calc.Evaluate, as a run does: the
// baseline year's activity row is baseline, and every other year's row holds exactly the
// targets, so that the schedule is what the runs of the contract's years would publish if
// the objectives were met. bands gives the distributions (computed from an activity
// extract, or read from a published bands.parquet).
func Simulate(c calc.Contract, baseline calc.Activity, options []int32, p *calc.Params, bands calc.BandLookup) *Simulation {
	s := &Simulation{Contract: c, Baseline: baseline}
	for _, opt := range options {
		s.Options = append(s.Options, simulateOption(c, baseline, opt, p, bands))
	}
	return s
}

// SimulationRun is the run whose distributions a simulated contract needs: any run of a
// year from its signature on needs the same ones (R-BAND-5).
func SimulationRun(c *calc.Contract, p *calc.Params) calc.Run {
	return calc.Run{Year: c.SignedOn.Year(), AsOf: calc.YearEnd(c.SignedOn.Year()), Params: p}
}

func simulateOption(c calc.Contract, baseline calc.Activity, opt int32, p *calc.Params, bands calc.BandLookup) SimOption {
	c.Option = opt
	// First pass: the targets (R-OBJ-2…5) and the coverage end, from the baseline alone.
	onlyBaseline := func(doctor string, year int32) (*calc.Activity, bool) {
		if doctor == c.DoctorID && year == baseline.Year {
			return &baseline, true
		}
		return nil, false
	}
	run := SimulationRun(&c, p)
	first := calc.Evaluate(&c, run, onlyBaseline, bands)
	o := SimOption{Option: opt, X: first, Run: run}
	if first.Status == calc.StatusError || first.Status == calc.StatusIneligible || !first.Started {
		return o
	}
	// Second pass: every observation year at exactly the targets, fs_volet1 validated
	// (calc.OnTarget); the run of the year of the last settlement, every contract year
	// evaluated, so that the events of every calendar year are computed.
	last := first.CoverageEnd // the last settlement is dated on the coverage end (R-PAY-2)
	o.Run = calc.Run{Year: last.Year(), AsOf: last, Params: p, AllYears: true}
	o.X = calc.Evaluate(&c, o.Run, calc.OnTarget(first, onlyBaseline), bands)
	o.Years, o.Total = schedule(o.X)
	return o
}

// schedule groups the events of every contract year of x, whatever their payment year
// (calc.Explanation.Events: each instalment that fell due, R-PAY-1, then the settlement,
// R-PAY-2), and adds for years ≥ 3 the settlement at each ScenarioAttainments (R-MOD-1,
// calc.Explanation.SettlementAt).
func schedule(x *calc.Explanation) ([]SimYear, calc.Cents) {
	years := make([]SimYear, len(x.Years))
	at := map[int32]int{}
	for i := range x.Years {
		years[i].Record = &x.Years[i]
		at[int32(x.Years[i].K)] = i
	}
	var total calc.Cents
	for _, e := range x.Events() {
		y := &years[at[e.ContractYear]]
		y.Events = append(y.Events, e)
		total += e.Payable
	}
	for i := range years {
		y := years[i].Record
		// R-COORD-1 or R-FS-1 failing cuts the settlement to 0 whatever the attainment.
		if y.K < 3 || y.Settlement == nil || y.Settlement.Payment.Reasons != "" {
			continue
		}
		for _, a := range ScenarioAttainments {
			if due, payable, err := x.SettlementAt(y.K, a); err == nil {
				years[i].AtAttainment = append(years[i].AtAttainment, SimScenario{Attainment: a, Due: due, Payable: payable})
			}
		}
	}
	return years, total
}

// MissingDistributions returns the distributions contract c needs (R-BAND-1, R-BAND-5)
// that have no threshold in bands: absent, or of population 0 (R-BAND-3).
func MissingDistributions(c *calc.Contract, p *calc.Params, bands calc.BandLookup) ([]calc.DistKey, error) {
	keys, err := calc.NeededDistributions(c, SimulationRun(c, p))
	if err != nil {
		return nil, fmt.Errorf("distributions needed: %w", err)
	}
	var missing []calc.DistKey
	for _, k := range keys {
		if _, ok := bands(k).Thresholds(); !ok {
			missing = append(missing, k)
		}
	}
	return missing, nil
}
