package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/amcalc/amcalc/calc"
)

// simBands are the 2021 GP distributions (R2/R3 reference year) and the 2019 ones (an R1
// contract signed in 2020), P30 of MT as pinned (R-BAND-4).
func simBands() calc.BandLookup {
	th := func(k calc.DistKey, p30, p50, p70, p90, p95 int64) calc.Band {
		return calc.Band{ReferenceYear: k.ReferenceYear, Specialty: k.Specialty, Measure: k.Measure, Population: 1000,
			P30: calc.Some(p30), P50: calc.Some(p50), P70: calc.Some(p70), P90: calc.Some(p90), P95: calc.Some(p95)}
	}
	m := map[calc.DistKey]calc.Band{}
	for _, k := range []calc.DistKey{{ReferenceYear: 2021, Specialty: "01", Measure: calc.MeasureFileActive},
		{ReferenceYear: 2019, Specialty: "01", Measure: calc.MeasureFileActive}} {
		m[k] = th(k, 1000, 1500, 2000, 2600, 3000)
	}
	mtTotal := calc.DistKey{ReferenceYear: 2021, Specialty: "01", Measure: calc.MeasureMTTotal}
	m[mtTotal] = th(mtTotal, 775, 1000, 1200, 1500, 1800)
	mtAdult := calc.DistKey{ReferenceYear: 2019, Specialty: "01", Measure: calc.MeasureMTAdult}
	m[mtAdult] = th(mtAdult, 640, 1000, 1200, 1500, 1800)
	return func(k calc.DistKey) calc.Band { return m[k] }
}

func simDoctor(signed calc.Date, hired calc.Date) (calc.Contract, calc.Activity) {
	c := calc.Contract{ContractID: SimulationID, DoctorID: "D1", Specialty: "01", TariffSector: "S1",
		GroupPractice: true, CoordinatedSince: calc.SomeDate(calc.MakeDate(2019, 6, 1)),
		SignedOn: signed, HiredOn: calc.SomeDate(hired)}
	base := calc.Activity{DoctorID: "D1", Year: int32(signed.Year() - 1), Specialty: "01",
		MTAdult: calc.Some(900), MTChild: calc.Some(60), FileActive: 1400}
	return c, base
}

// TestSimulateIsTheRuns: the schedule of a simulation is exactly the events that the runs
// of every calendar year publish for that contract (calc.Evaluate's Payments, year by
// year, with the same activity at the targets), whatever the regime and option.
func TestSimulateIsTheRuns(t *testing.T) {
	p := calc.DefaultParams()
	for _, c := range []struct {
		name           string
		signed, hired  calc.Date
		options        []int32
		eligible       []bool
		wantTotalCents []calc.Cents
	}{
		// R1 (2019 tables): ½ FTE 18 000 + 13 500 + 3 × 10 500 = 63 000.00.
		{"R1_signed_2020_hired_later", calc.MakeDate(2020, 2, 1), calc.MakeDate(2020, 3, 16), []int32{1, 2, 3},
			[]bool{true, true, false}, []calc.Cents{calc.Euros(12000 + 9000 + 3*7000), calc.Euros(63000), 0}},
		// R3 (T2024): ½ FTE 19 000 + 14 000 + 3 × 11 000 = 66 000.00; option 1 cannot be signed.
		{"R3_signed_2025", calc.MakeDate(2025, 3, 1), calc.MakeDate(2025, 3, 1), []int32{1, 2, 3},
			[]bool{false, true, true}, []calc.Cents{0, calc.Euros(66000), calc.Euros(38000 + 28000 + 3*22000)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ct, base := simDoctor(c.signed, c.hired)
			sim := Simulate(ct, base, c.options, p, simBands())
			for i, o := range sim.Options {
				if o.Eligible() != c.eligible[i] || o.Total != c.wantTotalCents[i] {
					t.Errorf("option %d: eligible %t (status %s %v), total %s; want %t, %s", o.Option, o.Eligible(),
						o.X.Status, o.X.Reasons, o.Total, c.eligible[i], c.wantTotalCents[i])
				}
				if !o.Eligible() {
					if len(o.Years) != 0 {
						t.Errorf("option %d: an ineligible option has a schedule", o.Option)
					}
					continue
				}
				var sched []calc.Payment
				for _, y := range o.Years {
					sched = append(sched, y.Events...)
				}
				// The runs: one per calendar year, each emitting its events (R-PAY-4).
				met := func(doctor string, year int32) (*calc.Activity, bool) {
					if year == base.Year {
						return &base, true
					}
					a := calc.Activity{DoctorID: doctor, Year: year, Specialty: "01", FileActive: o.X.TargetFA.Value.V,
						MTAdult: o.X.TargetMT.Value, MTChild: calc.Some(0), FSVolet1: true}
					return &a, true
				}
				cc := ct
				cc.Option = o.Option
				var runs []calc.Payment
				for y := c.signed.Year(); y <= o.X.CoverageEnd.Year(); y++ {
					x := calc.Evaluate(&cc, calc.Run{Year: y, AsOf: calc.YearEnd(y), Params: p}, met, simBands())
					runs = append(runs, x.Payments()...)
				}
				if !reflect.DeepEqual(sched, runs) {
					t.Errorf("option %d: simulated schedule\n%+v\nthe runs publish\n%+v", o.Option, sched, runs)
				}
			}
		})
	}
}

// BenchmarkSimulate: one doctor, three options, distributions already in memory (what
// `amcalc simulate --bands` does after reading the small bands file).
func BenchmarkSimulate(b *testing.B) {
	p := calc.DefaultParams()
	ct, base := simDoctor(calc.MakeDate(2025, 3, 1), calc.MakeDate(2025, 3, 1))
	bands := simBands()
	b.ReportAllocs()
	for b.Loop() {
		Simulate(ct, base, []int32{1, 2, 3}, p, bands)
	}
}

// BenchmarkSimulateActivityScale1: `amcalc simulate --activity` at national scale — read
// and validate the whole activity extract, compute the distributions as a run does, and
// simulate three options; on ../data/scale1 (make data) or AMCALC_BENCH_DATA.
func BenchmarkSimulateActivityScale1(b *testing.B) {
	dir := filepath.Join("..", "data", "scale1")
	if d := os.Getenv("AMCALC_BENCH_DATA"); d != "" {
		dir = d
	}
	if _, err := os.Stat(dir); err != nil {
		b.Skip("no national-scale data: run make data")
	}
	p := calc.DefaultParams()
	ct, base := simDoctor(calc.MakeDate(2025, 3, 1), calc.MakeDate(2025, 3, 1))
	for b.Loop() {
		act, err := LoadSimulationActivity(context.Background(), filepath.Join(dir, "activity"), 2)
		if err != nil {
			b.Fatal(err)
		}
		rows, err := act.Bands(context.Background(), &ct, SimulationRun(&ct, p), 2)
		if err != nil || len(rows) != 2 {
			b.Fatalf("bands %v, %v", rows, err)
		}
		m := map[calc.DistKey]calc.Band{}
		for _, r := range rows {
			m[calc.DistKey{ReferenceYear: r.ReferenceYear, Specialty: r.Specialty, Measure: r.Measure}] = r
		}
		Simulate(ct, base, []int32{1, 2, 3}, p, func(k calc.DistKey) calc.Band { return m[k] })
	}
}
