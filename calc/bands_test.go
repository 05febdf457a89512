package calc

import (
	"testing"
)

func seq(from, to int32) []int32 {
	var v []int32
	for i := from; i <= to; i++ {
		v = append(v, i)
	}
	return v
}

func TestBuildBand(t *testing.T) {
	cases := []struct {
		name   string
		key    DistKey
		values []int32
		want   Band
	}{
		{"R-BAND-3_computed_thresholds_no_pin",
			DistKey{2018, "01", MeasureFileActive}, seq(1, 10),
			Band{ReferenceYear: 2018, Specialty: "01", Measure: MeasureFileActive, Population: 10,
				P30: Some(3), P50: Some(5), P70: Some(7), P90: Some(9), P95: Some(10)}},
		{"R-BAND-4_pinned_p30_640_replaces_P30_even_above_P50",
			DistKey{2018, "01", MeasureMTAdult}, seq(1, 10),
			Band{ReferenceYear: 2018, Specialty: "01", Measure: MeasureMTAdult, Population: 10,
				P30: Some(640), P50: Some(5), P70: Some(7), P90: Some(9), P95: Some(10), Pinned: "p30"}},
		{"R-BAND-4_pinned_p30_775_for_mt_total",
			DistKey{2021, "01", MeasureMTTotal}, []int32{800, 1000, 1200, 700, 900},
			Band{ReferenceYear: 2021, Specialty: "01", Measure: MeasureMTTotal, Population: 5,
				P30: Some(775), P50: Some(900), P70: Some(1000), P90: Some(1200), P95: Some(1200), Pinned: "p30"}},
		{"R-BAND-4_pins_hold_for_every_reference_year",
			DistKey{2030, "01", MeasureMTAdult}, []int32{100},
			Band{ReferenceYear: 2030, Specialty: "01", Measure: MeasureMTAdult, Population: 1,
				P30: Some(640), P50: Some(100), P70: Some(100), P90: Some(100), P95: Some(100), Pinned: "p30"}},
		{"R-BAND-4_no_pin_on_another_specialty",
			DistKey{2018, "03", MeasureMTAdult}, seq(1, 10),
			Band{ReferenceYear: 2018, Specialty: "03", Measure: MeasureMTAdult, Population: 10,
				P30: Some(3), P50: Some(5), P70: Some(7), P90: Some(9), P95: Some(10)}},
		{"R-BAND-4_code_1_is_not_01_no_pin",
			DistKey{2018, "1", MeasureMTAdult}, seq(1, 10),
			Band{ReferenceYear: 2018, Specialty: "1", Measure: MeasureMTAdult, Population: 10,
				P30: Some(3), P50: Some(5), P70: Some(7), P90: Some(9), P95: Some(10)}},
		{"R-BAND-4_no_pin_on_GP_file_active",
			DistKey{2021, "01", MeasureFileActive}, seq(1, 20),
			Band{ReferenceYear: 2021, Specialty: "01", Measure: MeasureFileActive, Population: 20,
				P30: Some(6), P50: Some(10), P70: Some(14), P90: Some(18), P95: Some(19)}},
		{"R-BAND-3_population_0_null_thresholds_pins_do_not_apply",
			DistKey{2018, "01", MeasureMTAdult}, nil,
			Band{ReferenceYear: 2018, Specialty: "01", Measure: MeasureMTAdult, Population: 0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := BuildBand(tc.key, tc.values, testParams)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("BuildBand:\n got %+v\nwant %+v", got, tc.want)
			}
			th, ok := got.Thresholds()
			if ok != (len(tc.values) > 0) {
				t.Errorf("Thresholds ok = %t", ok)
			}
			if ok && th != [5]int64{tc.want.P30.V, tc.want.P50.V, tc.want.P70.V, tc.want.P90.V, tc.want.P95.V} {
				t.Errorf("Thresholds = %v", th)
			}
		})
	}
}

func TestBandOf(t *testing.T) {
	th := [5]int64{10, 20, 30, 40, 50}
	cases := []struct {
		name string
		v    int64
		th   [5]int64
		want string
	}{
		{"R-BAND-6_below_P30", 9, th, BandBelowP30},
		{"R-BAND-6_on_P30_lower_bound_included", 10, th, BandP30P50},
		{"R-BAND-6_just_below_P50", 19, th, BandP30P50},
		{"R-BAND-6_on_P50", 20, th, BandP50P70},
		{"R-BAND-6_on_P70", 30, th, BandP70P90},
		{"R-BAND-6_on_P90", 40, th, BandP90P95},
		{"R-BAND-6_just_below_P95", 49, th, BandP90P95},
		{"R-BAND-6_on_P95_is_p95_plus", 50, th, BandP95Plus},
		{"R-BAND-6_far_above", 100_000, th, BandP95Plus},
		{"R-BAND-6_zero", 0, th, BandBelowP30},
		{"R-BAND-6_equal_thresholds_below", 4, [5]int64{5, 5, 5, 5, 5}, BandBelowP30},
		{"R-BAND-6_equal_thresholds_on_is_p95_plus", 5, [5]int64{5, 5, 5, 5, 5}, BandP95Plus},
		// R-BAND-4: a pinned P30 above P50; the tests run in order, the first that holds wins.
		{"R-BAND-4_pinned_P30_above_P50_value_below_pin", 600, [5]int64{640, 500, 700, 800, 900}, BandBelowP30},
		{"R-BAND-4_pinned_P30_above_P50_value_on_pin", 640, [5]int64{640, 500, 700, 800, 900}, BandP50P70},
		{"R-BAND-4_pinned_P30_above_P95_value_on_pin", 640, [5]int64{640, 5, 7, 9, 10}, BandP95Plus},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := BandOf(tc.v, tc.th); got != tc.want {
				t.Errorf("BandOf(%d, %v) = %s, want %s", tc.v, tc.th, got, tc.want)
			}
		})
	}
}

func TestMeasureValue(t *testing.T) {
	null := OptInt{}
	cases := []struct {
		name         string
		measure      string
		adult, child OptInt
		fa           int64
		want         OptInt
	}{
		{"R-BAND-1_mt_adult_is_adult", MeasureMTAdult, Some(900), Some(100), 1400, Some(900)},
		{"R-BAND-1_mt_adult_null", MeasureMTAdult, null, Some(100), 1400, null},
		{"R-BAND-1_mt_total_is_adult_plus_child", MeasureMTTotal, Some(900), Some(100), 1400, Some(1000)},
		{"R-BAND-1_mt_total_null_child_counts_0", MeasureMTTotal, Some(900), null, 1400, Some(900)},
		{"R-BAND-1_mt_total_null_adult_counts_0", MeasureMTTotal, null, Some(100), 1400, Some(100)},
		{"R-BAND-1_mt_total_both_null_is_null", MeasureMTTotal, null, null, 1400, null},
		{"R-BAND-1_file_active", MeasureFileActive, null, null, 1400, Some(1400)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := MeasureValue(tc.measure, tc.adult, tc.child, tc.fa); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestNeededDistributions(t *testing.T) {
	cases := []struct {
		name string
		fix  func() *fixture
		year int
		want []DistKey
	}{
		{"R-BAND-5_R1_GP_baseline_year_FA_and_mt_adult", gpR1, 2020,
			[]DistKey{{2018, "01", MeasureFileActive}, {2018, "01", MeasureMTAdult}}},
		{"R-BAND-5_R2_GP_2021_FA_and_mt_total", gpR2, 2024,
			[]DistKey{{2021, "01", MeasureFileActive}, {2021, "01", MeasureMTTotal}}},
		{"R-BAND-5_R3_GP_2021_FA_and_mt_total", gpR3, 2024,
			[]DistKey{{2021, "01", MeasureFileActive}, {2021, "01", MeasureMTTotal}}},
		{"R-BAND-1_non_GP_FA_only", cardioR1, 2020,
			[]DistKey{{2019, "03", MeasureFileActive}}},
		{"R-DATE-1_signed_after_run_year_needs_none", gpR3, 2023, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.fix()
			got, err := NeededDistributions(&f.c, f.run(tc.year))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
	t.Run("R-BAND-1_explicit_baseline_year_is_R1_reference_year", func(t *testing.T) {
		f := gpR1()
		f.c.BaselineYear = Some(2016)
		got, _ := NeededDistributions(&f.c, f.run(2020))
		if len(got) != 2 || got[0].ReferenceYear != 2016 || got[1].ReferenceYear != 2016 {
			t.Errorf("got %v", got)
		}
	})
	t.Run("R-BAND-2_DistKey_order_of_the_bands_output_and_String", func(t *testing.T) {
		a, b := DistKey{2018, "01", MeasureFileActive}, DistKey{2018, "01", MeasureMTAdult}
		if !a.Less(b) || b.Less(a) || !(DistKey{2018, "03", "a"}).Less(DistKey{2019, "01", "a"}) || a.Less(a) {
			t.Error("Less")
		}
		if a.String() != "2018/01/file_active" {
			t.Error(a.String())
		}
	})
}
