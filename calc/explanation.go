package calc

// Explanation is the record of one contract's evaluation for a run: every input with
// where it came from, thresholds and band, eligibility checks, targets and, per contract
// year, observed values, rates, factors, table and amounts, each with its rule id. The
// ledger row, the payment rows and `amcalc explain` are all projections of it.
type Explanation struct {
	Contract Contract
	RunYear  int
	AsOf     Date

	Regime         string
	SignedAfterRun bool // R-DATE-1: signed after 31 Dec of the run year, not evaluated
	Started        bool // R-DATE-1: hired_on set
	Start          Date // S, when Started
	CoverageEnd    Date // R-DATE-3, when Started (exclusive)

	BaselineYear  int32
	BaselineRow   bool // the activity row (doctor, baseline year) exists
	Baseline      Baselines
	GP            bool
	MTMeasure     string
	ReferenceYear int32
	Dists         []DistUse

	ContractBand string
	Checks       []Check // eligibility, in rule order

	Increase        OptRatio // R-OBJ-2 increase used (grid), when computed
	IncreaseCell    string   // the grid cell's own confidence when it differs from its version's
	TargetFA        Sourced
	TargetMT        Sourced
	ObjectiveSource string

	Advance *Event // R-PAY-1 (nil when not due: error, ineligible, not started)
	Years   []YearRecord

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

// YearRecord is the evaluation of contract year k (§5–§7).
type YearRecord struct {
	K                       int
	Start, Anniversary      Date // [Start, Anniversary)
	CoveredDays, PeriodDays int
	SettlementDate          Date
	InRun                   bool // the settlement falls in this run (R-PAY-4)
	Unsettled               bool // explain only: started by as_of, settled after it

	Table    string
	TableRef Ref
	BaseCol  string // y1, y2, y3, y3_p90
	Base     Cents

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
	Prorata        Ratio

	CoordDeadline OptDate // R-COORD-1, when the check applies
	CoordOK       bool
	FSOK          bool

	Settlement *Event // nil when pending
}
