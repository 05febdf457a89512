package calc

import (
	"testing"
)

// workedExample is RULES.md §10 with its distributions built by BuildBand from small
// populations: FA P30 1 000, P50 1 500; MT adult P30 pinned 640 (computed 600), P50 1 000.
func workedExample(t testing.TB) *fixture {
	f := gpR1()
	for _, b := range []struct {
		measure string
		values  []int32
	}{
		{MeasureFileActive, []int32{3000, 500, 2500, 800, 2200, 1000, 2000, 1200, 1700, 1500}},
		{MeasureMTAdult, []int32{1800, 300, 1500, 500, 1400, 600, 1200, 800, 1100, 1000}},
	} {
		k := DistKey{2018, "01", b.measure}
		band, err := BuildBand(k, b.values, testParams)
		if err != nil {
			t.Fatal(err)
		}
		f.bands[k] = band
	}
	return f
}

// TestWorkedExample reproduces RULES.md §10 to the cent, every column of every row.
func TestWorkedExample(t *testing.T) {
	cases := []struct {
		name string
		year int
		rows []string
		led  string
	}{
		{"R-PAY-1_section_10_advance_12600_due_2019-10-30", 2019, []string{
			"C1 D1 advance k1 2019-10-30 [2019-10-15,2020-10-15) cov=null days=366 T2019 band=p30_p50 obs=null tfa=null tmt=null ofa=null omt=null src=null att=null mod=null pro=null base=18000.00 due=12600.00 paid=0.00 payable=12600.00 []",
		}, lg("paid", "", l10, 1, "12600.00")},
		{"R-PAY-2_section_10_year_1_due_18000_already_paid_12600_payable_5400", 2020, []string{
			"C1 D1 settlement k1 2020-10-15 [2019-10-15,2020-10-15) cov=366 days=366 T2019 band=p30_p50 obs=2020 tfa=1750 tmt=1163 ofa=1750 omt=1163 src=grid att=1.000000 mod=1.000000 pro=1.000000 base=18000.00 due=18000.00 paid=12600.00 payable=5400.00 []",
		}, lg("paid", "", l10, 1, "5400.00")},
		{"R-AMT-1_section_10_year_2_13500", 2021, []string{
			"C1 D1 settlement k2 2021-10-15 [2020-10-15,2021-10-15) cov=365 days=365 T2019 band=p30_p50 obs=2021 tfa=1750 tmt=1163 ofa=1750 omt=1163 src=grid att=1.000000 mod=1.000000 pro=1.000000 base=13500.00 due=13500.00 paid=0.00 payable=13500.00 []",
		}, lg("paid", "", l10, 1, "13500.00")},
		{"R-MOD-1_section_10_year_3_attainment_min_0.570342_due_5988.59", 2022, []string{
			"C1 D1 settlement k3 2022-10-15 [2021-10-15,2022-10-15) cov=365 days=365 T2019 band=p30_p50 obs=2022 tfa=1750 tmt=1163 ofa=1610 omt=1050 src=grid att=0.570342 mod=0.570342 pro=1.000000 base=10500.00 due=5988.59 paid=0.00 payable=5988.59 []",
		}, lg("paid", "", l10, 1, "5988.59")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			x := workedExample(t).eval(tc.year)
			got := paysS(x.Payments(), rowS)
			if len(got) != len(tc.rows) {
				t.Fatalf("rows:\n%v\nwant\n%v", got, tc.rows)
			}
			for i := range got {
				if got[i] != tc.rows[i] {
					t.Errorf("row %d\n got %s\nwant %s", i, got[i], tc.rows[i])
				}
			}
			if l := ledgerS(x.Ledger()); l != tc.led {
				t.Errorf("ledger\n got %s\nwant %s", l, tc.led)
			}
		})
	}
	t.Run("R-OBJ-3_section_10_bands_targets_and_exact_year_3_ratios", func(t *testing.T) {
		x := workedExample(t).eval(2022)
		if fa, mt := x.DistFA.Band, x.DistMT.Band; fa.P30 != Some(1000) || fa.P50 != Some(1500) || mt.P30 != Some(640) || mt.P50 != Some(1000) || mt.Pinned != "p30" {
			t.Errorf("bands FA %+v MT %+v", fa, mt)
		}
		if x.TargetFA.Value != Some(1750) || x.TargetMT.Value != Some(1163) || x.Increase.R != NewRatio(25, 100) {
			t.Errorf("targets %v %v increase %v", x.TargetFA.Value, x.TargetMT.Value, x.Increase.R)
		}
		y := x.Years[0]
		if y.K != 3 || y.ObservationYear != 2022 || y.RateFA.R != NewRatio(3, 5) || y.RateMT.R != NewRatio(150, 263) ||
			y.Attainment.R != NewRatio(150, 263) || y.Modulation != NewRatio(150, 263) || y.Base != Euros(10500) || y.Settlement.Payment.Due != 598859 {
			t.Errorf("year 3 %+v", y)
		}
		if y.CoordDeadline != od("2021-10-15") || !y.CoordOK || !y.FSOK {
			t.Errorf("coordination deadline %v ok %t, forfait structure %t", y.CoordDeadline, y.CoordOK, y.FSOK)
		}
	})
	t.Run("R-PAY-2_section_10_whole_contract_explained", func(t *testing.T) {
		f := workedExample(t)
		run := f.run(2024)
		run.AllYears = true
		x := Evaluate(&f.c, run, f.act, f.band)
		want := []string{k1_10, k2_10, k3_10, k4_10, k5_10}
		if len(x.Years) != 5 {
			t.Fatalf("%d years explained", len(x.Years))
		}
		for i, y := range x.Years {
			if got := payS(y.Settlement.Payment); got != want[i] {
				t.Errorf("year %d\n got %s\nwant %s", i+1, got, want[i])
			}
		}
		if got := paysS(x.Payments(), payS); len(got) != 1 || got[0] != k5_10 {
			t.Errorf("AllYears changed the run's events: %v", got)
		}
		if len(x.Refs) == 0 || x.Refs[0].Param != "regime" {
			t.Errorf("refs %v", x.Refs)
		}
	})
}

// BenchmarkEvaluate times one typical GP contract in a settlement year.
func BenchmarkEvaluate(b *testing.B) {
	f := workedExample(b)
	run := f.run(2022)
	b.ReportAllocs()
	for b.Loop() {
		x := Evaluate(&f.c, run, f.act, f.band)
		if x.Status != StatusPaid {
			b.Fatal(x.Status)
		}
	}
}
