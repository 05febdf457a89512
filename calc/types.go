package calc

// OptInt is a nullable integer (an input or output column that may be null).
type OptInt struct {
	V     int64
	Valid bool
}

// Some returns a valid OptInt.
func Some(v int64) OptInt { return OptInt{V: v, Valid: true} }

// OptDate is a nullable Date.
type OptDate struct {
	V     Date
	Valid bool
}

// SomeDate returns a valid OptDate.
func SomeDate(d Date) OptDate { return OptDate{V: d, Valid: true} }

// Contract is one validated row of the contracts extract (DATA.md "contracts").
type Contract struct {
	ContractID       string
	DoctorID         string
	Specialty        string
	TariffSector     string
	UnderservedZone  bool
	GroupPractice    bool
	CoordinatedSince OptDate
	NewInstallation  bool
	RqthAld          bool
	Option           int32 // 1, 2 or 3
	SignedOn         Date
	HiredOn          OptDate
	EndedOn          OptDate // last covered day of an early termination
	BaselineYear     OptInt
	BaselineMTAdult  OptInt
	BaselineMTChild  OptInt
	BaselineFA       OptInt
	TargetMT         OptInt
	TargetFA         OptInt
	DoctorBirthYear  OptInt
	// Fees12mTotal and Fees12mCCAM are the doctor's fees over the 12 months before
	// signature, in cents: all of them, and those of CCAM technical acts (E-CLINICAL;
	// DATA.md v1.3-optional columns: null when the extract lacks them).
	Fees12mTotal OptInt
	Fees12mCCAM  OptInt
	// Suspensions are the contract's suspended periods (R-SUSP-1), joined from the
	// suspensions input by contract_id, sorted by From; nil when never suspended.
	Suspensions []Suspension
}

// Suspension is one suspended period of a contract (R-SUSP-1, DATA.md "suspensions").
type Suspension struct {
	From  Date    // first suspended day
	Until OptDate // last suspended day; null = still suspended
}

// Activity is one validated row of the activity extract (DATA.md "activity").
type Activity struct {
	DoctorID   string
	Year       int32
	Specialty  string
	MTAdult    OptInt
	MTChild    OptInt
	FileActive int64
	FSVolet1   bool
}

// Payment is one payment event (DATA.md "payments"). Ratios are kept exact and
// formatted as DECIMAL(9,6) by the writer; money is in cents.
type Payment struct {
	ContractID      string
	DoctorID        string
	ContractYear    int32
	Kind            string // "advance" | "settlement"
	Instalment      OptInt // R-PAY-1: the instalment's number i on an advance row; null on a settlement
	EventDate       Date
	PeriodStart     Date
	PeriodEnd       Date // exclusive: the anniversary
	CoveredDays     OptInt
	SuspendedDays   OptInt // R-SUSP-1: suspended days of a settlement's span; null on an advance
	PeriodDays      int32
	AmountTable     string
	Band            string
	ObservationYear OptInt
	TargetFA        OptInt
	TargetMT        OptInt
	ObservedFA      OptInt
	ObservedMT      OptInt
	ObjectiveSource string // "" means null
	Attainment      OptRatio
	Modulation      OptRatio
	Prorata         OptRatio
	BaseAmount      Cents
	Due             Cents
	AlreadyPaid     Cents
	Payable         Cents
	Reasons         string // sorted codes joined by ';', "" if none
}

// Ledger is one row of the contracts ledger (DATA.md "contracts"). Empty strings in
// nullable string columns (Regime, Band, ObjectiveSource) mean null.
type Ledger struct {
	ContractID      string
	DoctorID        string
	Specialty       string
	Option          int32
	Regime          string
	StartDate       OptDate
	Status          string
	Reasons         string
	Band            string
	ReferenceYear   OptInt
	BaselineMT      OptInt
	BaselineFA      OptInt
	TargetMT        OptInt
	TargetFA        OptInt
	ObjectiveSource string
	Events          int32
	PayableTotal    Cents
}

// Band is one row of the bands output (DATA.md "bands"): the thresholds of one
// distribution. Thresholds are null (Valid false) when the population is 0.
type Band struct {
	ReferenceYear int32
	Specialty     string
	Measure       string // "mt_adult" | "mt_total" | "file_active"
	Population    int64
	P30, P50, P70 OptInt
	P90, P95      OptInt
	Pinned        string // names of pinned thresholds joined by ';', "" if none
}

// Key returns the distribution the row describes.
func (b Band) Key() DistKey {
	return DistKey{ReferenceYear: b.ReferenceYear, Specialty: b.Specialty, Measure: b.Measure}
}

// Ledger statuses (DATA.md "contracts"), most severe first.
const (
	StatusError      = "error"
	StatusIneligible = "ineligible"
	StatusPending    = "pending"
	StatusPaid       = "paid"
	StatusClosed     = "closed"
	StatusNotStarted = "not_started"
	StatusNoEvent    = "no_event"
)

// Statuses lists the ledger statuses, most severe first (DATA.md "contracts"): the one list
// the writer, the logs, the manifest and the report use.
var Statuses = []string{StatusError, StatusIneligible, StatusPending, StatusPaid, StatusClosed, StatusNotStarted, StatusNoEvent}

// Bands lists the bands lowest first (R-BAND-6).
var Bands = bandOrder

// Measures of a distribution (R-BAND-1).
const (
	MeasureMTAdult    = "mt_adult"
	MeasureMTTotal    = "mt_total"
	MeasureFileActive = "file_active"
)
