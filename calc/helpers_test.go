package calc

import (
	"fmt"
	"strings"
	"testing"
)

// Test helpers: small contracts, a map-based activity lookup and hand-made bands, so that
// every expected value in the tests can be recomputed by hand from RULES.md.

// d parses a YYYY-MM-DD literal of a test table.
func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func od(s string) OptDate { return SomeDate(d(s)) }

type actKey struct {
	doctor string
	year   int32
}

// fixture is one contract with the activity rows and distributions it reads.
type fixture struct {
	c      Contract
	acts   map[actKey]*Activity
	bands  map[DistKey]Band // overrides of defaultBand
	params *Params
}

func (f *fixture) act(doctor string, year int32) (*Activity, bool) {
	a, ok := f.acts[actKey{doctor, year}]
	return a, ok
}

func (f *fixture) band(k DistKey) Band {
	if b, ok := f.bands[k]; ok {
		return b
	}
	return defaultBand(k)
}

// row returns (creating it if needed) the activity row of the fixture's doctor for year.
func (f *fixture) row(year int32) *Activity {
	k := actKey{f.c.DoctorID, year}
	if f.acts[k] == nil {
		f.acts[k] = &Activity{DoctorID: f.c.DoctorID, Year: year, Specialty: f.c.Specialty, FSVolet1: true}
	}
	return f.acts[k]
}

func (f *fixture) setRow(year int32, adult, child OptInt, fa int64) {
	r := f.row(year)
	r.MTAdult, r.MTChild, r.FileActive = adult, child, fa
}

func (f *fixture) run(year int) Run { return f.runAsOf(year, YearEnd(year)) }

func (f *fixture) runAsOf(year int, asOf Date) Run {
	p := f.params
	if p == nil {
		p = testParams
	}
	return Run{Year: year, AsOf: asOf, Params: p}
}

func (f *fixture) eval(year int) *Explanation {
	return Evaluate(&f.c, f.run(year), f.act, f.band)
}

func (f *fixture) evalAsOf(year int, asOf Date) *Explanation {
	return Evaluate(&f.c, f.runAsOf(year, asOf), f.act, f.band)
}

var testParams = DefaultParams()

// mkBand builds a hand-made bands row.
func mkBand(k DistKey, pinned string, th ...int64) Band {
	return Band{ReferenceYear: k.ReferenceYear, Specialty: k.Specialty, Measure: k.Measure, Population: 100,
		P30: Some(th[0]), P50: Some(th[1]), P70: Some(th[2]), P90: Some(th[3]), P95: Some(th[4]), Pinned: pinned}
}

// defaultBand gives every distribution the same thresholds, whatever the reference year:
//
//	GP file_active      1000 1500 2000 2500 3000
//	GP mt_adult          640 1000 1200 1500 1800 (P30 pinned)
//	GP mt_total          775 1100 1300 1600 1900 (P30 pinned)
//	other file_active    800 1200 1600 2000 2400
func defaultBand(k DistKey) Band {
	switch {
	case k.Specialty == GPSpecialty && k.Measure == MeasureFileActive:
		return mkBand(k, "", 1000, 1500, 2000, 2500, 3000)
	case k.Specialty == GPSpecialty && k.Measure == MeasureMTAdult:
		return mkBand(k, "p30", 640, 1000, 1200, 1500, 1800)
	case k.Specialty == GPSpecialty && k.Measure == MeasureMTTotal:
		return mkBand(k, "p30", 775, 1100, 1300, 1600, 1900)
	case k.Measure == MeasureFileActive:
		return mkBand(k, "", 800, 1200, 1600, 2000, 2400)
	}
	return Band{ReferenceYear: k.ReferenceYear, Specialty: k.Specialty, Measure: k.Measure}
}

// gpR1 is the worked example of RULES.md §10: GP, R1, option 2, signed 2019-10-01, hired
// 2019-10-15 (S = 2019-10-15), baseline 2018 MT adult 900 / FA 1400 (band p30_p50),
// targets T_FA 1750, T_MT 1163. Observed rows: 2020 and 2021 on target, 2022 as in §10
// (FA 1610, MT 1050), 2023 FA 1680 MT 1100, 2024+ on target.
func gpR1() *fixture {
	f := &fixture{acts: map[actKey]*Activity{}, bands: map[DistKey]Band{}}
	f.c = Contract{ContractID: "C1", DoctorID: "D1", Specialty: "01", TariffSector: "S1",
		GroupPractice: true, CoordinatedSince: od("2019-06-01"), Option: 2,
		SignedOn: d("2019-10-01"), HiredOn: od("2019-10-15")}
	f.setRow(2017, Some(900), Some(50), 1400)
	f.setRow(2018, Some(900), Some(50), 1400)
	f.setRow(2019, Some(950), Some(50), 1500)
	f.setRow(2020, Some(1163), Some(50), 1750)
	f.setRow(2021, Some(1163), Some(50), 1750)
	f.setRow(2022, Some(1050), Some(50), 1610)
	f.setRow(2023, Some(1100), Some(50), 1680)
	for y := int32(2024); y <= 2031; y++ {
		f.setRow(y, Some(1163), Some(50), 1750)
	}
	return f
}

// gpR2 is a GP signed under R2: signed 2023-09-01, hired 2023-09-15 (S = 2023-09-15),
// option 2, no group practice and no coordination (neither is checked under R2). Baseline
// 2022: MT adult 900 + child 100 = MT total 1000 (p30_p50 of mt_total), FA 1400 → targets
// T_FA 1750, T_MT 1000 + 263 = 1263. Every observed year is on target.
func gpR2() *fixture {
	f := &fixture{acts: map[actKey]*Activity{}, bands: map[DistKey]Band{}}
	f.c = Contract{ContractID: "C2", DoctorID: "D2", Specialty: "01", TariffSector: "S2_OPTAM",
		Option: 2, SignedOn: d("2023-09-01"), HiredOn: od("2023-09-15")}
	f.setRow(2022, Some(900), Some(100), 1400)
	f.setRow(2023, Some(900), Some(100), 1400)
	for y := int32(2024); y <= 2031; y++ {
		f.setRow(y, Some(1163), Some(100), 1750)
	}
	return f
}

// gpR3 is a GP signed under R3: signed and hired 2024-09-01, option 2, same baseline
// (2023) and targets as gpR2. Every observed year is on target.
func gpR3() *fixture {
	f := gpR2()
	f.c.ContractID, f.c.DoctorID = "C3", "D3"
	f.c.SignedOn, f.c.HiredOn = d("2024-09-01"), od("2024-09-01")
	acts := map[actKey]*Activity{}
	for k, a := range f.acts {
		b := *a
		b.DoctorID = "D3"
		acts[actKey{"D3", k.year}] = &b
	}
	f.acts = acts
	return f
}

// cardioR1 is a non-GP (03 cardiology) under R1: signed and hired 2020-03-01, option 1,
// baseline 2019 FA 1000 (p30_p50 of the other-specialty distribution) → T_FA 1200.
// y1 12 000, y2 9 000, y3 7 000. Observed FA: 2020 1100, 2021 1200, 2022 1150 (rate
// exactly 3/4), 2023 1140 (rate 7/10), 2024 1200. Its rows carry MT values, which a
// non-GP ignores.
func cardioR1() *fixture {
	f := &fixture{acts: map[actKey]*Activity{}, bands: map[DistKey]Band{}}
	f.c = Contract{ContractID: "C4", DoctorID: "D4", Specialty: "03", TariffSector: "S1",
		GroupPractice: true, CoordinatedSince: od("2019-06-01"), Option: 1,
		SignedOn: d("2020-03-01"), HiredOn: od("2020-03-01")}
	for y, fa := range map[int32]int64{2019: 1000, 2020: 1100, 2021: 1200, 2022: 1150, 2023: 1140, 2024: 1200, 2025: 1200} {
		f.setRow(y, Some(500), Some(20), fa)
	}
	return f
}

// ---- compact, exact renderings of output rows ----

func optS(v OptInt) string {
	if !v.Valid {
		return "null"
	}
	return fmt.Sprint(v.V)
}

func ratS(r OptRatio) string {
	if !r.Valid {
		return "null"
	}
	return r.R.String()
}

func strS(s string) string {
	if s == "" {
		return "null"
	}
	return s
}

// ledgerS renders a ledger row with every column.
func ledgerS(l Ledger) string {
	start := "null"
	if l.StartDate.Valid {
		start = l.StartDate.V.String()
	}
	return fmt.Sprintf("%s [%s] regime=%s start=%s band=%s ref=%s bmt=%s bfa=%s tmt=%s tfa=%s src=%s events=%d total=%s",
		l.Status, l.Reasons, strS(l.Regime), start, strS(l.Band), optS(l.ReferenceYear), optS(l.BaselineMT),
		optS(l.BaselineFA), optS(l.TargetMT), optS(l.TargetFA), strS(l.ObjectiveSource), l.Events, l.PayableTotal)
}

// payS renders the money-relevant columns of a payment row.
func payS(p Payment) string {
	return fmt.Sprintf("%s k%d %s %s base=%s obs=%s att=%s mod=%s pro=%s due=%s paid=%s payable=%s [%s]",
		p.Kind, p.ContractYear, p.EventDate, p.AmountTable, p.BaseAmount, optS(p.ObservationYear),
		ratS(p.Attainment), ratS(p.Modulation), ratS(p.Prorata), p.Due, p.AlreadyPaid, p.Payable, p.Reasons)
}

// rowS renders every column of a payment row.
func rowS(p Payment) string {
	return fmt.Sprintf("%s %s %s k%d %s [%s,%s) cov=%s days=%d %s band=%s obs=%s tfa=%s tmt=%s ofa=%s omt=%s src=%s att=%s mod=%s pro=%s base=%s due=%s paid=%s payable=%s [%s]",
		p.ContractID, p.DoctorID, p.Kind, p.ContractYear, p.EventDate, p.PeriodStart, p.PeriodEnd,
		optS(p.CoveredDays), p.PeriodDays, p.AmountTable, strS(p.Band), optS(p.ObservationYear),
		optS(p.TargetFA), optS(p.TargetMT), optS(p.ObservedFA), optS(p.ObservedMT), strS(p.ObjectiveSource),
		ratS(p.Attainment), ratS(p.Modulation), ratS(p.Prorata), p.BaseAmount, p.Due, p.AlreadyPaid, p.Payable, p.Reasons)
}

func paysS(ps []Payment, f func(Payment) string) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, f(p))
	}
	return out
}

// outcome is what a table case expects of one evaluation: the ledger row and the payment
// rows (short form) of the run.
type outcome struct {
	ledger   string
	payments []string
}

func checkOutcome(t *testing.T, x *Explanation, want outcome) {
	t.Helper()
	if got := ledgerS(x.Ledger()); got != want.ledger {
		t.Errorf("ledger:\n got %s\nwant %s", got, want.ledger)
	}
	got := paysS(x.Payments(), payS)
	if want.payments == nil {
		want.payments = []string{}
	}
	if strings.Join(got, "\n") != strings.Join(want.payments, "\n") {
		t.Errorf("payments:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want.payments, "\n     "))
	}
}

// evalCase is one row of an Evaluate table: a fixture, a change, a run and the outcome.
type evalCase struct {
	name   string
	fix    func() *fixture
	change func(f *fixture)
	year   int
	asOf   string // "" = 31 Dec of year
	want   outcome
	check  func(t *testing.T, x *Explanation) // extra assertions, optional
}

func runEvalCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.fix()
			if tc.change != nil {
				tc.change(f)
			}
			asOf := YearEnd(tc.year)
			if tc.asOf != "" {
				asOf = d(tc.asOf)
			}
			x := f.evalAsOf(tc.year, asOf)
			checkOutcome(t, x, tc.want)
			if tc.check != nil {
				tc.check(t, x)
			}
		})
	}
}

// lg renders an expected ledger row: status, reasons, the contract-level columns and
// this run's events and payable total.
func lg(status, reasons, cols string, events int, total string) string {
	return fmt.Sprintf("%s [%s] %s events=%d total=%s", status, reasons, cols, events, total)
}

// The worked example (gpR1) as the ledger and payment rows show it.
const (
	l10   = "regime=R1 start=2019-10-15 band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=1163 tfa=1750 src=grid"
	adv10 = "advance k1 2019-10-30 T2019 base=18000.00 obs=null att=null mod=null pro=null due=12600.00 paid=0.00 payable=12600.00 []"
	k1_10 = "settlement k1 2020-10-15 T2019 base=18000.00 obs=2020 att=1.000000 mod=1.000000 pro=1.000000 due=18000.00 paid=12600.00 payable=5400.00 []"
	k2_10 = "settlement k2 2021-10-15 T2019 base=13500.00 obs=2021 att=1.000000 mod=1.000000 pro=1.000000 due=13500.00 paid=0.00 payable=13500.00 []"
	k3_10 = "settlement k3 2022-10-15 T2019 base=10500.00 obs=2022 att=0.570342 mod=0.570342 pro=1.000000 due=5988.59 paid=0.00 payable=5988.59 []"
	k4_10 = "settlement k4 2023-10-15 T2019 base=10500.00 obs=2023 att=0.760456 mod=0.760456 pro=1.000000 due=7984.79 paid=0.00 payable=7984.79 []"
	k5_10 = "settlement k5 2024-10-15 T2019 base=10500.00 obs=2024 att=1.000000 mod=1.000000 pro=1.000000 due=10500.00 paid=0.00 payable=10500.00 []"
)

// The R2 and R3 fixtures and the cardiology fixture, contract-level columns.
const (
	lR2    = "regime=R2 start=2023-09-15 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1263 tfa=1750 src=grid"
	lR3    = "regime=R3 start=2024-09-01 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1263 tfa=1750 src=grid"
	lCard  = "regime=R1 start=2020-03-01 band=p30_p50 ref=2019 bmt=null bfa=1000 tmt=null tfa=1200 src=grid"
	advR2  = "advance k1 2023-10-15 T2019 base=18000.00 obs=null att=null mod=null pro=null due=18000.00 paid=0.00 payable=18000.00 []"
	advR3  = "advance k1 2024-10-01 T2024 base=19000.00 obs=null att=null mod=null pro=null due=19000.00 paid=0.00 payable=19000.00 []"
	advCar = "advance k1 2020-03-16 T2019 base=12000.00 obs=null att=null mod=null pro=null due=8400.00 paid=0.00 payable=8400.00 []"
)
