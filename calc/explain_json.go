package calc

import (
	"encoding/json"
	"io"
	"strings"
)

// The JSON form of an explanation carries every amount, date, rate and code as its own
// field (amounts as decimal strings with two places, dates YYYY-MM-DD, ratios as a
// six-place decimal with the exact fraction, null when absent), then the text's sections.

// jsonRatio is an exact ratio: the DECIMAL(9,6) display value and the fraction.
type jsonRatio struct {
	Decimal  string `json:"decimal"`
	Fraction string `json:"fraction"`
}

func ratioJSON(r OptRatio) *jsonRatio {
	if !r.Valid {
		return nil
	}
	return &jsonRatio{r.R.String(), r.R.Fraction()}
}

func intJSON(o OptInt) *int64 {
	if !o.Valid {
		return nil
	}
	return &o.V
}

func dateJSON(d OptDate) *string {
	if !d.Valid {
		return nil
	}
	s := d.V.String()
	return &s
}

func strJSON(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

type jsonSourced struct {
	Value *int64  `json:"value"`
	From  *string `json:"from"`
}

func sourcedJSON(s Sourced) jsonSourced { return jsonSourced{intJSON(s.Value), strJSON(s.From)} }

type jsonPayment struct {
	ContractYear    int32      `json:"contract_year"`
	Kind            string     `json:"kind"`
	Instalment      *int64     `json:"instalment"`
	EventDate       string     `json:"event_date"`
	PeriodStart     string     `json:"period_start"`
	PeriodEnd       string     `json:"period_end"`
	CoveredDays     *int64     `json:"covered_days"`
	SuspendedDays   *int64     `json:"suspended_days"`
	PeriodDays      int32      `json:"period_days"`
	AmountTable     string     `json:"amount_table"`
	Band            *string    `json:"band"`
	ObservationYear *int64     `json:"observation_year"`
	TargetFA        *int64     `json:"target_file_active"`
	TargetMT        *int64     `json:"target_mt"`
	ObservedFA      *int64     `json:"observed_file_active"`
	ObservedMT      *int64     `json:"observed_mt"`
	ObjectiveSource *string    `json:"objective_source"`
	Attainment      *jsonRatio `json:"attainment"`
	Modulation      *jsonRatio `json:"modulation"`
	Prorata         *jsonRatio `json:"prorata"`
	BaseAmount      string     `json:"base_amount"`
	Due             string     `json:"due"`
	AlreadyPaid     string     `json:"already_paid"`
	Payable         string     `json:"payable"`
	Reasons         []string   `json:"reasons"`
}

func paymentJSON(p Payment) jsonPayment {
	reasons := []string{}
	if p.Reasons != "" {
		reasons = strings.Split(p.Reasons, ";")
	}
	return jsonPayment{p.ContractYear, p.Kind, intJSON(p.Instalment), p.EventDate.String(), p.PeriodStart.String(), p.PeriodEnd.String(),
		intJSON(p.CoveredDays), intJSON(p.SuspendedDays), p.PeriodDays, p.AmountTable, strJSON(p.Band), intJSON(p.ObservationYear),
		intJSON(p.TargetFA), intJSON(p.TargetMT), intJSON(p.ObservedFA), intJSON(p.ObservedMT), strJSON(p.ObjectiveSource),
		ratioJSON(p.Attainment), ratioJSON(p.Modulation), ratioJSON(p.Prorata),
		p.BaseAmount.String(), p.Due.String(), p.AlreadyPaid.String(), p.Payable.String(), reasons}
}

type jsonInstalment struct {
	Instalment int        `json:"instalment"`
	Share      *jsonRatio `json:"share"`
	OffsetDays int        `json:"offset_days"`
	Date       string     `json:"date"`
	Amount     string     `json:"amount"`
	FallsDue   bool       `json:"falls_due"`
	NotDue     *string    `json:"not_due"`
	InRun      bool       `json:"in_run"`
}

type jsonYear struct {
	ContractYear    int              `json:"contract_year"`
	Start           string           `json:"start"`
	Anniversary     string           `json:"anniversary"`
	End             string           `json:"end"`
	SpanDays        int              `json:"span_days"`
	SuspendedDays   int              `json:"suspended_days"`
	CoveredDays     int              `json:"covered_days"`
	PeriodDays      int              `json:"period_days"`
	AmountTable     string           `json:"amount_table"`
	TableDate       string           `json:"table_date"`
	BaseColumn      string           `json:"base_column"`
	BaseAmount      string           `json:"base_amount"`
	Instalments     []jsonInstalment `json:"instalments"`
	AlreadyPaid     string           `json:"already_paid"`
	Prorata         *jsonRatio       `json:"prorata"`
	State           string           `json:"state"`
	ObservationYear *int64           `json:"observation_year"`
	ObservedFA      *int64           `json:"observed_file_active"`
	ObservedMT      *int64           `json:"observed_mt"`
	Maintain65      bool             `json:"maintain_65"`
	RateFA          *jsonRatio       `json:"rate_file_active"`
	RateMT          *jsonRatio       `json:"rate_mt"`
	Attainment      *jsonRatio       `json:"attainment"`
	Modulation      *jsonRatio       `json:"modulation"`
	CoordDeadline   *string          `json:"coordination_deadline"`
	Settlement      *jsonPayment     `json:"settlement"`
	SettlementInRun bool             `json:"settlement_in_run"`
}

// Year states in the JSON form.
const (
	YearSettled         = "settled"
	YearPending         = "pending"          // R-ATT-1: NO_ACTIVITY
	YearUnsettled       = "not_yet_settled"  // settled after as_of
	YearWhollySuspended = "wholly_suspended" // R-SUSP-1
)

// State says what happened to the year's settlement in this evaluation.
func (y *YearRecord) State() string {
	switch {
	case y.WhollySuspended:
		return YearWhollySuspended
	case y.Unsettled:
		return YearUnsettled
	case y.Pending:
		return YearPending
	}
	return YearSettled
}

func yearJSON(y *YearRecord) jsonYear {
	j := jsonYear{ContractYear: y.K, Start: y.Start.String(), Anniversary: y.Anniversary.String(), End: y.End.String(),
		SpanDays: y.SpanDays, SuspendedDays: y.SuspendedDays, CoveredDays: y.CoveredDays, PeriodDays: y.PeriodDays,
		AmountTable: y.Table, TableDate: y.TableDate.String(), BaseColumn: y.BaseCol, BaseAmount: y.Base.String(),
		Instalments: []jsonInstalment{}, AlreadyPaid: y.AlreadyPaid.String(), Prorata: ratioJSON(SomeRatio(y.Prorata)),
		State: y.State(), Maintain65: y.Maintain65, RateFA: ratioJSON(y.RateFA), RateMT: ratioJSON(y.RateMT),
		Attainment: ratioJSON(y.Attainment), CoordDeadline: dateJSON(y.CoordDeadline)}
	for _, in := range y.Instalments {
		j.Instalments = append(j.Instalments, jsonInstalment{in.I, ratioJSON(SomeRatio(in.Share)), in.OffsetDays, in.Date.String(),
			in.Amount.String(), in.FellDue, strJSON(in.NotDue), in.Event != nil && in.Event.InRun})
	}
	if y.State() == YearSettled || y.Pending {
		j.ObservationYear, j.ObservedFA, j.ObservedMT = intJSON(Some(int64(y.ObservationYear))), intJSON(y.ObservedFA), intJSON(y.ObservedMT)
	}
	if s := y.Settlement; s != nil {
		p := paymentJSON(s.Payment)
		j.Settlement, j.SettlementInRun, j.Modulation = &p, s.InRun, ratioJSON(SomeRatio(y.Modulation))
	}
	return j
}

type jsonLedger struct {
	Regime          *string `json:"regime"`
	StartDate       *string `json:"start_date"`
	Status          string  `json:"status"`
	Reasons         string  `json:"reasons"`
	Band            *string `json:"band"`
	ReferenceYear   *int64  `json:"reference_year"`
	BaselineMT      *int64  `json:"baseline_mt"`
	BaselineFA      *int64  `json:"baseline_file_active"`
	TargetMT        *int64  `json:"target_mt"`
	TargetFA        *int64  `json:"target_file_active"`
	ObjectiveSource *string `json:"objective_source"`
	Events          int32   `json:"events"`
	PayableTotal    string  `json:"payable_total"`
}

func ledgerJSON(l Ledger) jsonLedger {
	return jsonLedger{strJSON(l.Regime), dateJSON(l.StartDate), l.Status, l.Reasons, strJSON(l.Band), intJSON(l.ReferenceYear),
		intJSON(l.BaselineMT), intJSON(l.BaselineFA), intJSON(l.TargetMT), intJSON(l.TargetFA), strJSON(l.ObjectiveSource),
		l.Events, l.PayableTotal.String()}
}

type jsonCheck struct {
	Rule   string `json:"rule"`
	Passed bool   `json:"passed"`
	Detail string `json:"detail"`
}

type jsonDist struct {
	Key        string  `json:"distribution"`
	Population int64   `json:"population"`
	P30        *int64  `json:"p30"`
	P50        *int64  `json:"p50"`
	P70        *int64  `json:"p70"`
	P90        *int64  `json:"p90"`
	P95        *int64  `json:"p95"`
	Pinned     *string `json:"pinned"`
	Value      *int64  `json:"value"`
	Band       *string `json:"band"`
}

type jsonProblem struct {
	Rule string `json:"rule"`
	Text string `json:"text"`
}

// explanationJSON is the document WriteJSON writes.
type explanationJSON struct {
	ContractID    string         `json:"contract_id"`
	DoctorID      string         `json:"doctor_id"`
	Year          int            `json:"year"`
	AsOf          string         `json:"as_of"`
	Status        string         `json:"status"`
	Reasons       []string       `json:"reasons"`
	Ledger        jsonLedger     `json:"ledger"`
	Payments      []jsonPayment  `json:"payments"`
	CoverageEnd   *string        `json:"coverage_end"`
	BaselineYear  *int64         `json:"baseline_year"`
	Baselines     map[string]any `json:"baselines"`
	Distributions []jsonDist     `json:"distributions"`
	Checks        []jsonCheck    `json:"checks"`
	Increase      *jsonRatio     `json:"increase"`
	TargetFA      jsonSourced    `json:"target_file_active"`
	TargetMT      jsonSourced    `json:"target_mt"`
	Combination   *string        `json:"attainment_combination"`
	Years         []jsonYear     `json:"years"`
	Problem       *jsonProblem   `json:"problem"`
	Assumptions   []string       `json:"assumptions"`
	Parameters    []Ref          `json:"parameters"`
	Sections      []Section      `json:"sections"`
}

func (x *Explanation) document() explanationJSON {
	c := &x.Contract
	v := explanationJSON{ContractID: c.ContractID, DoctorID: c.DoctorID, Year: x.RunYear, AsOf: x.AsOf.String(),
		Status: x.Status, Reasons: append([]string{}, x.Reasons...), Ledger: ledgerJSON(x.Ledger()),
		Payments: []jsonPayment{}, Distributions: []jsonDist{}, Checks: []jsonCheck{}, Years: []jsonYear{},
		Increase: ratioJSON(x.Increase), TargetFA: sourcedJSON(x.TargetFA), TargetMT: sourcedJSON(x.TargetMT),
		Combination: strJSON(x.Combination), Assumptions: append([]string{}, x.Assumptions...),
		Parameters: append([]Ref{}, x.Refs...), Sections: x.Sections()}
	for _, p := range x.Payments() {
		v.Payments = append(v.Payments, paymentJSON(p))
	}
	if x.Started {
		v.CoverageEnd = dateJSON(SomeDate(x.CoverageEnd))
	}
	if x.BaselinesRead {
		v.BaselineYear = intJSON(Some(int64(x.BaselineYear)))
		v.Baselines = map[string]any{"mt_adult": sourcedJSON(x.Baseline.MTAdult), "mt_child": sourcedJSON(x.Baseline.MTChild),
			"file_active": sourcedJSON(x.Baseline.FA)}
		if x.GP {
			v.Baselines[x.MTMeasure] = sourcedJSON(x.Baseline.MT)
		}
	}
	for _, u := range x.Distributions() {
		b := u.Band
		v.Distributions = append(v.Distributions, jsonDist{u.Key.String(), b.Population, intJSON(b.P30), intJSON(b.P50), intJSON(b.P70),
			intJSON(b.P90), intJSON(b.P95), strJSON(b.Pinned), intJSON(u.Value), strJSON(u.Of)})
	}
	for _, ch := range x.Checks {
		v.Checks = append(v.Checks, jsonCheck(ch))
	}
	for i := range x.Years {
		v.Years = append(v.Years, yearJSON(&x.Years[i]))
	}
	if x.Problem != "" {
		v.Problem = &jsonProblem{x.ProblemRule, x.Problem}
	}
	return v
}

// WriteJSON writes the explanation for machines: every value as a structured field, then
// the text form's sections.
func (x *Explanation) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(x.document())
}
