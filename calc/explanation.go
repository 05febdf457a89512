package calc

import (
	"errors"
	"slices"
	"strings"
)

// Explanation is the record of one contract's evaluation for a run: every input with
// where it came from, thresholds and band, eligibility checks, targets and, per contract
// year, instalments, suspended days, observed values, rates, factors, table and amounts,
// each with its rule id. The ledger row, the payment rows and `amcalc explain` are all
// projections of it.
type Explanation struct {
	Contract Contract
	RunYear  int
	AsOf     Date

	Regime         string
	SignedAfterRun bool // R-DATE-1: signed after 31 Dec of the run year, not evaluated
	Started        bool // R-DATE-1: hired_on set
	Start          Date // S, when Started
	CoverageEnd    Date // R-DATE-3, when Started (exclusive)

	BaselinesRead bool // R-OBJ-1 was evaluated (false when a parameter stopped it first)
	BaselineYear  int64
	BaselineRow   bool // the activity row (doctor, baseline year) exists
	Baseline      Baselines
	GP            bool
	MTMeasure     string
	ReferenceYear int32
	DistFA        DistUse  // R-BAND-1: the file-active distribution (every contract)
	DistMT        *DistUse // R-BAND-1: the regime's MT distribution (GP only)

	// Clinical is E-CLINICAL's parameter when it applies to the contract's specialty under
	// its regime (R2/R3 clinical-test list), else nil.
	Clinical *ClinicalTest

	ContractBand string
	Checks       []Check // eligibility, in rule order

	Increase        OptRatio // R-OBJ-2 increase used (grid), when computed
	IncreaseCell    string   // the grid cell's own confidence when it differs from its version's
	TargetFA        Sourced
	TargetMT        Sourced
	ObjectiveSource string

	Combination string     // R-ATT-3: how a GP's two rates combine (min, mean, max)
	Modulation  Modulation // R-MOD-1's parameter, for SettlementAt

	Years []YearRecord // the contract years this run shows (events in the run, or explain)

	Status      string
	Reasons     []string // the status's own codes, sorted
	Problem     string   // the failed parameter lookup behind MISSING_PARAMETER
	ProblemRule string   // the rule of that parameter

	Refs []Ref // parameter values used, in order of first use

	// Assumptions are the values of confidence "assumption" this evaluation used (a whole
	// version, or one cell of a grid, table or list), as Params.Assumptions() names them.
	Assumptions []string
}

// Baselines are R-OBJ-1's values, each with its origin.
type Baselines struct {
	MTAdult, MTChild, FA, MT Sourced // MT: the regime's measure (GP only)
}

// Sourced is a value and where it came from: "contract", "activity YEAR", "computed",
// "grid", "new_installation", "baseline" or "" when null and not found.
type Sourced struct {
	Value OptInt
	From  string
}

// DistUse is one distribution a contract reads: the bands row and the band of the
// contract's value in it.
type DistUse struct {
	Key   DistKey
	Band  Band
	Value OptInt // the contract's baseline value of the measure
	Of    string // band of Value (R-BAND-6); "" when not computable
}

// Distributions returns the distributions the contract read, file active first.
func (x *Explanation) Distributions() []DistUse {
	if x.DistFA.Key.Measure == "" {
		return nil
	}
	out := []DistUse{x.DistFA}
	if x.DistMT != nil {
		out = append(out, *x.DistMT)
	}
	return out
}

// Check is one eligibility rule's outcome (§3).
type Check struct {
	Rule   string
	Passed bool
	Detail string
}

// Event is one payment event with everything its row shows.
type Event struct {
	Payment Payment
	InRun   bool // dated in the run year and ≤ as_of (R-PAY-4)
}

// Instalment is one instalment of a contract year (R-PAY-1): its place in the schedule,
// its date and amount, and whether it fell due.
type Instalment struct {
	I          int // 1, 2… in the schedule's order
	Share      Ratio
	OffsetDays int
	Date       Date
	Amount     Cents  // round(base_k × share)
	FellDue    bool   // before the coverage end and not a suspended day
	NotDue     string // why it did not fall due: NotDueAfterCoverage or NotDueSuspended
	Event      *Event // the advance row, when it fell due
}

// Why an instalment did not fall due (R-PAY-1).
const (
	NotDueAfterCoverage = "on or after the coverage end (R-DATE-3)"
	NotDueSuspended     = "on a suspended day (R-SUSP-1)"
)

// YearRecord is the evaluation of contract year k (§5–§7).
type YearRecord struct {
	K                  int
	Start, Anniversary Date // [Start, Anniversary): the whole contract year
	End                Date // end_k = min(A_k, coverage end): the settlement date (R-PAY-2)
	SpanDays           int  // span_k = End − Start
	SuspendedDays      int  // R-SUSP-1: suspended days of [Start, End)
	CoveredDays        int  // covered_k = span_k − suspended days
	PeriodDays         int  // days_k = Anniversary − Start

	Table     string // R-REG-2
	TableDate Date   // the date the table is in force on: signed_on for year 1, Start after
	BaseCol   string // y1, y2, y3, y3_p90 (R-AMT-1)
	Base      Cents

	Instalments []Instalment // R-PAY-1
	AlreadyPaid Cents        // the instalments of the year that fell due (R-PAY-2)
	Prorata     Ratio        // R-PAY-3: covered_k / days_k

	WhollySuspended bool // R-SUSP-1: covered_k = 0, no settlement
	InRun           bool // the settlement falls in this run (R-PAY-4)
	Unsettled       bool // settled after as_of: not evaluated in this run

	ObservationYear int32
	ActivityFound   bool
	FSVolet1        bool
	ObservedFA      OptInt
	ObservedMT      OptInt
	Pending         bool // R-ATT-1: NO_ACTIVITY

	Maintain65 bool // R-OBJ-6
	Tolerance  Ratio
	TargetFA   OptInt
	TargetMT   OptInt

	RateFA, RateMT OptRatio
	Attainment     OptRatio
	Modulation     Ratio

	CoordDeadline OptDate // R-COORD-1, when the check applies
	CoordOK       bool
	FSOK          bool

	Settlement *Event // nil when not settled in this evaluation
}

// runEvents yields the year's events of the run, in DATA.md order: instalments by number,
// then the settlement. Ranging over it copies no row: the ledger and the run's counts
// read every contract's events this way.
func (y *YearRecord) runEvents(yield func(*Payment) bool) {
	for _, in := range y.Instalments {
		if in.Event != nil && in.Event.InRun && !yield(&in.Event.Payment) {
			return
		}
	}
	if y.Settlement != nil && y.Settlement.InRun {
		yield(&y.Settlement.Payment)
	}
}

// eventCount returns how many events of the run the year has.
func (y *YearRecord) eventCount() int {
	n := 0
	for range y.runEvents {
		n++
	}
	return n
}

// Payments returns the events of the run, in DATA.md order (contract year, advances by
// instalment number, then the settlement).
func (x *Explanation) Payments() []Payment {
	var out []Payment
	for i := range x.Years {
		for p := range x.Years[i].runEvents {
			out = append(out, *p)
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
	// DATA.md "error contracts": the reference year and the baselines found are filled.
	if x.ReferenceYear != 0 {
		l.ReferenceYear = Some(int64(x.ReferenceYear))
	}
	if x.BaselinesRead {
		l.BaselineFA = x.Baseline.FA.Value
		if x.GP {
			l.BaselineMT = x.Baseline.MT.Value
		}
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
	for i := range x.Years {
		for p := range x.Years[i].runEvents {
			l.Events++
			l.PayableTotal += p.Payable
		}
	}
	return l
}

// ErrNoSettlement is returned by SettlementAt for a contract year the explanation does
// not settle (not evaluated, wholly suspended, or not a year of the contract).
var ErrNoSettlement = errors.New("no settlement for this contract year")

// SettlementAt returns what contract year k's settlement would be at the given attainment
// (R-MOD-1, R-PAY-2), as if R-COORD-1 and R-FS-1 held: due = round(base_k × modulation ×
// prorata), payable = due − the instalments of the year that fell due. It serves a
// simulation of "settlement at 100 %, 75 %, 50 % attainment"; the explanation must show
// year k (evaluate with Run.AllYears and as_of after the year).
func (x *Explanation) SettlementAt(k int, attainment Ratio) (due, payable Cents, err error) {
	i := slices.IndexFunc(x.Years, func(y YearRecord) bool { return y.K == k })
	if i < 0 || x.Years[i].WhollySuspended {
		return 0, 0, ErrNoSettlement
	}
	y := &x.Years[i]
	due = RoundMoney(y.Base, ModulationFactor(k, attainment, x.Modulation), y.Prorata)
	return due, due - y.AlreadyPaid, nil
}
