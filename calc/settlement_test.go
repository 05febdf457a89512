package calc

import (
	"reflect"
	"slices"
	"testing"
)

func TestRate(t *testing.T) {
	tol := NewRatio(1, 10)
	cases := []struct {
		name    string
		b, t, o int64
		tol     Ratio
		want    Ratio
	}{
		{"R-ATT-2_increase_partly_reached_210/350", 1400, 1750, 1610, Zero, NewRatio(3, 5)},
		{"R-ATT-2_increase_MT_150/263", 900, 1163, 1050, Zero, NewRatio(150, 263)},
		{"R-ATT-2_increase_reached_exactly", 1400, 1750, 1750, Zero, One},
		{"R-ATT-2_increase_exceeded_clamped_to_1", 1400, 1750, 2000, Zero, One},
		{"R-ATT-2_below_baseline_clamped_to_0", 1400, 1750, 1300, Zero, Zero},
		{"R-ATT-2_on_baseline_is_0", 1400, 1750, 1400, Zero, Zero},
		{"R-ATT-2_maintain_t_eq_b_reached", 1400, 1400, 1400, Zero, One},
		{"R-ATT-2_maintain_t_eq_b_exceeded", 1400, 1400, 1500, Zero, One},
		{"R-ATT-2_maintain_t_eq_b_missed_o/t", 1400, 1400, 1260, Zero, NewRatio(9, 10)},
		{"R-ATT-2_maintain_o_0_is_0", 1400, 1400, 0, Zero, Zero},
		{"R-ATT-2_t_0_is_1", 0, 0, 0, Zero, One},
		{"R-ATT-2_t_0_below_a_baseline_is_1", 50, 0, 0, Zero, One},
		{"R-ATT-2_negotiated_target_below_baseline_reached", 1400, 1300, 1300, Zero, One},
		{"R-ATT-2_negotiated_target_below_baseline_exceeded", 1400, 1300, 1500, Zero, One},
		{"R-ATT-2_negotiated_target_below_baseline_missed_o/t", 1400, 1300, 1299, Zero, NewRatio(1299, 1300)},
		{"R-OBJ-6_tolerance_o_eq_0.9t_is_1", 1000, 1000, 900, tol, One},
		{"R-OBJ-6_tolerance_o_just_below_0.9t", 1000, 1000, 899, tol, NewRatio(899, 900)},
		{"R-OBJ-6_tolerance_on_FA_1260_of_1400_is_1", 1400, 1400, 1260, tol, One},
		{"R-OBJ-6_tolerance_FA_1134_of_1400_is_9/10", 1400, 1400, 1134, tol, NewRatio(9, 10)},
		{"R-OBJ-6_tolerance_0.9t_not_integer_1001", 1001, 1001, 901, tol, One},
		{"R-OBJ-6_tolerance_0.9t_not_integer_1001_just_below", 1001, 1001, 900, tol, NewRatio(9000, 9009)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Rate(tc.b, tc.t, tc.o, tc.tol); got != tc.want {
				t.Errorf("Rate(b=%d, t=%d, o=%d, τ=%v) = %v, want %v", tc.b, tc.t, tc.o, tc.tol, got, tc.want)
			}
		})
	}
}

// TestObservation covers R-ATT-1: the observation year by the midpoint of the covered
// part, and pending NO_ACTIVITY.
func TestObservation(t *testing.T) {
	hired := func(day string) func(f *fixture) {
		return func(f *fixture) { f.c.SignedOn, f.c.HiredOn = d(day), od(day) }
	}
	// gpR1 started 2020-01-10 and ended 2020-06-30: advance 2020-01-25 and year-1
	// settlement 2020-07-01 in the same run. Baseline 2019 → p50_p70, T_FA 1800, T_MT 1175.
	short := func(f *fixture) {
		f.c.SignedOn, f.c.HiredOn, f.c.EndedOn = d("2020-01-10"), od("2020-01-10"), od("2020-06-30")
	}
	lShort := "regime=R1 start=2020-01-10 band=p50_p70 ref=2019 bmt=950 bfa=1500 tmt=1175 tfa=1800 src=grid"
	advShort := "advance k1 2020-01-25 T2019 base=18000.00 obs=null att=null mod=null pro=null due=12600.00 paid=0.00 payable=12600.00 []"
	obs := func(year int64, fa int64) func(t *testing.T, x *Explanation) {
		return func(t *testing.T, x *Explanation) {
			ps := x.Payments()
			p := ps[len(ps)-1]
			if p.ObservationYear != Some(year) || p.ObservedFA != Some(fa) {
				t.Errorf("observation year %v FA %v, want %d %d", p.ObservationYear, p.ObservedFA, year, fa)
			}
		}
	}
	runEvalCases(t, []evalCase{
		{name: "R-ATT-1_year_covering_mostly_the_next_calendar_year_observes_it", fix: gpR1, year: 2020,
			want: outcome{ledger: lg("paid", "", l10, 1, "5400.00"), payments: []string{k1_10}}, check: obs(2020, 1750)},
		{name: "R-ATT-1_midpoint_on_31_Dec_observes_that_year", fix: cardioR1, change: hired("2020-07-02"), year: 2021,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2020-07-02 band=p30_p50 ref=2019 bmt=null bfa=1000 tmt=null tfa=1200 src=grid", 1, "3600.00"),
				payments: []string{"settlement k1 2021-07-02 T2019 base=12000.00 obs=2020 att=0.500000 mod=1.000000 pro=1.000000 due=12000.00 paid=8400.00 payable=3600.00 []"}},
			check: obs(2020, 1100)},
		{name: "R-ATT-1_midpoint_on_1_Jan_observes_the_next_year", fix: cardioR1, change: hired("2020-07-03"), year: 2021,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2020-07-03 band=p30_p50 ref=2019 bmt=null bfa=1000 tmt=null tfa=1200 src=grid", 1, "3600.00"),
				payments: []string{"settlement k1 2021-07-03 T2019 base=12000.00 obs=2021 att=1.000000 mod=1.000000 pro=1.000000 due=12000.00 paid=8400.00 payable=3600.00 []"}},
			check: obs(2021, 1200)},
		{name: "R-ATT-1_termination_moves_the_midpoint_of_the_covered_part_back", fix: cardioR1,
			change: func(f *fixture) { hired("2020-07-03")(f); f.c.EndedOn = od("2020-12-31") }, year: 2021,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2020-07-03 band=p30_p50 ref=2019 bmt=null bfa=1000 tmt=null tfa=1200 src=grid", 1, "-2416.44"),
				payments: []string{"settlement k1 2021-01-01 T2019 base=12000.00 obs=2020 att=0.500000 mod=1.000000 pro=0.498630 due=5983.56 paid=8400.00 payable=-2416.44 []"}},
			check: obs(2020, 1100)},
		{name: "R-ATT-1_short_covered_part_after_termination_observes_its_own_year", fix: gpR1,
			change: func(f *fixture) { f.c.EndedOn = od("2020-12-31") }, year: 2021,
			want: outcome{ledger: lg("paid", "", l10, 1, "2884.93"),
				payments: []string{"settlement k2 2021-01-01 T2019 base=13500.00 obs=2020 att=1.000000 mod=1.000000 pro=0.213699 due=2884.93 paid=0.00 payable=2884.93 []"}},
			check: obs(2020, 1750)},
		{name: "R-ATT-1_missing_row_k1_is_pending_NO_ACTIVITY", fix: gpR1,
			change: func(f *fixture) { delete(f.acts, actKey{"D1", 2020}) }, year: 2020,
			want: outcome{ledger: lg("pending", "NO_ACTIVITY", l10, 0, "0.00")},
			check: func(t *testing.T, x *Explanation) {
				if len(x.Years) != 1 || !x.Years[0].Pending || x.Years[0].Settlement != nil || x.Years[0].ObservationYear != 2020 {
					t.Errorf("year record %+v", x.Years)
				}
			}},
		{name: "R-ATT-1_missing_row_k2_is_pending", fix: gpR1,
			change: func(f *fixture) { delete(f.acts, actKey{"D1", 2021}) }, year: 2021,
			want: outcome{ledger: lg("pending", "NO_ACTIVITY", l10, 0, "0.00")}},
		{name: "R-ATT-1_pending_outranks_paid_the_advance_is_still_emitted", fix: gpR1,
			change: func(f *fixture) { short(f); delete(f.acts, actKey{"D1", 2020}) }, year: 2020,
			want: outcome{ledger: lg("pending", "NO_ACTIVITY", lShort, 1, "12600.00"), payments: []string{advShort}}},
		{name: "R-ATT-1_same_contract_with_its_row_pays_both_events", fix: gpR1, change: short, year: 2020,
			want: outcome{ledger: lg("paid", "", lShort, 2, "8508.20"), payments: []string{advShort,
				"settlement k1 2020-07-01 T2019 base=18000.00 obs=2020 att=0.833333 mod=1.000000 pro=0.472678 due=8508.20 paid=12600.00 payable=-4091.80 []"}}},
		{name: "R-ATT-1_pending_even_when_the_year_would_pay_0", fix: gpR1,
			change: func(f *fixture) {
				f.c.SignedOn, f.c.HiredOn, f.c.CoordinatedSince = d("2022-01-01"), od("2022-01-15"), OptDate{} // COORDINATION: due 0
				delete(f.acts, actKey{"D1", 2022})
			}, year: 2023,
			want: outcome{ledger: lg("pending", "NO_ACTIVITY", "regime=R1 start=2022-01-15 band=p50_p70 ref=2021 bmt=1163 bfa=1750 tmt=1426 tfa=2100 src=grid", 0, "0.00")}},
		{name: "R-ATT-1_missing_row_after_as_of_is_not_pending", fix: gpR1,
			change: func(f *fixture) { delete(f.acts, actKey{"D1", 2020}) }, year: 2020, asOf: "2020-10-14",
			want: outcome{ledger: lg("no_event", "", l10, 0, "0.00")}},
		{name: "R-ATT-1_missing_row_of_another_year_does_not_matter", fix: gpR1,
			change: func(f *fixture) { delete(f.acts, actKey{"D1", 2021}) }, year: 2020,
			want: outcome{ledger: lg("paid", "", l10, 1, "5400.00"), payments: []string{k1_10}}},
		{name: "R-ATT-1_k3_GP_null_MT_is_pending", fix: gpR1,
			change: func(f *fixture) { f.row(2022).MTAdult = OptInt{} }, year: 2022,
			want: outcome{ledger: lg("pending", "NO_ACTIVITY", l10, 0, "0.00")}},
		{name: "R-ATT-1_k4_GP_null_MT_is_pending", fix: gpR1,
			change: func(f *fixture) { f.row(2023).MTAdult = OptInt{} }, year: 2023,
			want: outcome{ledger: lg("pending", "NO_ACTIVITY", l10, 0, "0.00")}},
		{name: "R-ATT-1_k3_R1_GP_child_alone_is_not_the_MT_measure_pending", fix: gpR1,
			change: func(f *fixture) { f.row(2022).MTAdult, f.row(2022).MTChild = OptInt{}, Some(1200) }, year: 2022,
			want: outcome{ledger: lg("pending", "NO_ACTIVITY", l10, 0, "0.00")}},
		{name: "R-ATT-1_k3_R2_GP_MT_total_from_the_child_part_alone_is_settled", fix: gpR2,
			change: func(f *fixture) { f.row(2026).MTAdult, f.row(2026).MTChild = OptInt{}, Some(1263) }, year: 2026,
			want: outcome{ledger: lg("paid", "", lR2, 3, "11000.00"),
				payments: []string{"advance k3 2026-03-16 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []",
					"settlement k3 2026-09-15 T2024 base=11000.00 obs=2026 att=1.000000 mod=1.000000 pro=1.000000 due=11000.00 paid=11000.00 payable=0.00 []",
					"advance k4 2026-09-15 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []"}}},
		{name: "R-ATT-1_k3_R2_GP_both_MT_parts_null_is_pending_instalments_still_emitted", fix: gpR2,
			change: func(f *fixture) { f.row(2026).MTAdult, f.row(2026).MTChild = OptInt{}, OptInt{} }, year: 2026,
			want: outcome{ledger: lg("pending", "NO_ACTIVITY", lR2, 2, "11000.00"), payments: []string{
				"advance k3 2026-03-16 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []",
				"advance k4 2026-09-15 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []"}}},
		{name: "R-ATT-1_k1_GP_null_MT_is_settled_with_attainment_null", fix: gpR1,
			change: func(f *fixture) { f.row(2020).MTAdult = OptInt{} }, year: 2020,
			want: outcome{ledger: lg("paid", "", l10, 1, "5400.00"),
				payments: []string{"settlement k1 2020-10-15 T2019 base=18000.00 obs=2020 att=null mod=1.000000 pro=1.000000 due=18000.00 paid=12600.00 payable=5400.00 []"}},
			check: func(t *testing.T, x *Explanation) {
				p := x.Payments()[0]
				if p.ObservedMT.Valid || p.ObservedFA != Some(1750) || p.TargetMT != Some(1163) || p.TargetFA != Some(1750) {
					t.Errorf("observed MT %v FA %v, targets %v %v", p.ObservedMT, p.ObservedFA, p.TargetMT, p.TargetFA)
				}
			}},
		{name: "R-ATT-1_k2_GP_null_MT_is_settled_with_attainment_null", fix: gpR1,
			change: func(f *fixture) { f.row(2021).MTAdult = OptInt{} }, year: 2021,
			want: outcome{ledger: lg("paid", "", l10, 1, "13500.00"),
				payments: []string{"settlement k2 2021-10-15 T2019 base=13500.00 obs=2021 att=null mod=1.000000 pro=1.000000 due=13500.00 paid=0.00 payable=13500.00 []"}}},
		{name: "R-ATT-1_non_GP_null_MT_is_never_pending_k3", fix: cardioR1,
			change: func(f *fixture) { f.row(2022).MTAdult, f.row(2022).MTChild = OptInt{}, OptInt{} }, year: 2023,
			want: outcome{ledger: lg("paid", "", lCard, 1, "7000.00"),
				payments: []string{"settlement k3 2023-03-01 T2019 base=7000.00 obs=2022 att=0.750000 mod=1.000000 pro=1.000000 due=7000.00 paid=0.00 payable=7000.00 []"}},
			check: func(t *testing.T, x *Explanation) {
				p := x.Payments()[0]
				if p.ObservedMT.Valid || p.TargetMT.Valid {
					t.Errorf("non-GP shows MT: observed %v target %v", p.ObservedMT, p.TargetMT)
				}
			}},
		{name: "R-ATT-1_non_GP_MT_columns_null_whatever_the_row_carries", fix: cardioR1, year: 2021,
			want: outcome{ledger: lg("paid", "", lCard, 1, "3600.00"),
				payments: []string{"settlement k1 2021-03-01 T2019 base=12000.00 obs=2020 att=0.500000 mod=1.000000 pro=1.000000 due=12000.00 paid=8400.00 payable=3600.00 []"}},
			check: func(t *testing.T, x *Explanation) {
				p := x.Payments()[0]
				if p.ObservedMT.Valid || p.TargetMT.Valid {
					t.Errorf("non-GP shows MT: observed %v target %v", p.ObservedMT, p.TargetMT)
				}
			}},
		{name: "R-ATT-1_row_of_another_specialty_is_read_by_doctor_and_year", fix: gpR1,
			change: func(f *fixture) { f.row(2020).Specialty = "03" }, year: 2020,
			want: outcome{ledger: lg("paid", "", l10, 1, "5400.00"), payments: []string{k1_10}}},
	})
}

// TestModulation covers R-MOD-1 and R-ATT-3.
func TestModulation(t *testing.T) {
	fa := func(year int32, v int64) func(f *fixture) { return func(f *fixture) { f.row(year).FileActive = v } }
	runEvalCases(t, []evalCase{
		{name: "R-MOD-1_k1_pays_in_full_whatever_the_attainment", fix: cardioR1, change: fa(2020, 900), year: 2021,
			want: outcome{ledger: lg("paid", "", lCard, 1, "3600.00"),
				payments: []string{"settlement k1 2021-03-01 T2019 base=12000.00 obs=2020 att=0.000000 mod=1.000000 pro=1.000000 due=12000.00 paid=8400.00 payable=3600.00 []"}}},
		{name: "R-MOD-1_k2_pays_in_full_whatever_the_attainment", fix: cardioR1, change: fa(2021, 900), year: 2022,
			want: outcome{ledger: lg("paid", "", lCard, 1, "9000.00"),
				payments: []string{"settlement k2 2022-03-01 T2019 base=9000.00 obs=2021 att=0.000000 mod=1.000000 pro=1.000000 due=9000.00 paid=0.00 payable=9000.00 []"}}},
		{name: "R-MOD-1_k3_attainment_exactly_3/4_pays_in_full", fix: cardioR1, year: 2023,
			want: outcome{ledger: lg("paid", "", lCard, 1, "7000.00"),
				payments: []string{"settlement k3 2023-03-01 T2019 base=7000.00 obs=2022 att=0.750000 mod=1.000000 pro=1.000000 due=7000.00 paid=0.00 payable=7000.00 []"}}},
		{name: "R-MOD-1_k3_attainment_just_below_3/4_pays_pro_rata", fix: cardioR1, change: fa(2022, 1149), year: 2023,
			want: outcome{ledger: lg("paid", "", lCard, 1, "5215.00"),
				payments: []string{"settlement k3 2023-03-01 T2019 base=7000.00 obs=2022 att=0.745000 mod=0.745000 pro=1.000000 due=5215.00 paid=0.00 payable=5215.00 []"}}},
		{name: "R-MOD-1_k3_attainment_0_pays_0", fix: cardioR1, change: fa(2022, 1000), year: 2023,
			want: outcome{ledger: lg("paid", "", lCard, 1, "0.00"),
				payments: []string{"settlement k3 2023-03-01 T2019 base=7000.00 obs=2022 att=0.000000 mod=0.000000 pro=1.000000 due=0.00 paid=0.00 payable=0.00 []"}}},
		{name: "R-MOD-1_k4_attainment_7/10", fix: cardioR1, year: 2024,
			want: outcome{ledger: lg("paid", "", lCard, 1, "4900.00"),
				payments: []string{"settlement k4 2024-03-01 T2019 base=7000.00 obs=2023 att=0.700000 mod=0.700000 pro=1.000000 due=4900.00 paid=0.00 payable=4900.00 []"}}},
		{name: "R-MOD-1_k4_attainment_above_3/4_still_pro_rata", fix: cardioR1, change: fa(2023, 1160), year: 2024,
			want: outcome{ledger: lg("paid", "", lCard, 1, "5600.00"),
				payments: []string{"settlement k4 2024-03-01 T2019 base=7000.00 obs=2023 att=0.800000 mod=0.800000 pro=1.000000 due=5600.00 paid=0.00 payable=5600.00 []"}}},
		{name: "R-MOD-1_k4_attainment_exactly_3/4_pro_rata", fix: cardioR1, change: fa(2023, 1150), year: 2024,
			want: outcome{ledger: lg("paid", "", lCard, 1, "5250.00"),
				payments: []string{"settlement k4 2024-03-01 T2019 base=7000.00 obs=2023 att=0.750000 mod=0.750000 pro=1.000000 due=5250.00 paid=0.00 payable=5250.00 []"}}},
		{name: "R-MOD-1_k5_attainment_1", fix: cardioR1, year: 2025,
			want: outcome{ledger: lg("paid", "", lCard, 1, "7000.00"),
				payments: []string{"settlement k5 2025-03-01 T2019 base=7000.00 obs=2024 att=1.000000 mod=1.000000 pro=1.000000 due=7000.00 paid=0.00 payable=7000.00 []"}}},
		{name: "R-ATT-3_R1_GP_min_of_rates_1/2_and_1_is_1/2_k3_pays_half", fix: gpR1,
			change: func(f *fixture) { f.row(2022).FileActive, f.row(2022).MTAdult = 1575, Some(1163) }, year: 2022,
			want: outcome{ledger: lg("paid", "", l10, 1, "5250.00"),
				payments: []string{"settlement k3 2022-10-15 T2019 base=10500.00 obs=2022 att=0.500000 mod=0.500000 pro=1.000000 due=5250.00 paid=0.00 payable=5250.00 []"}}},
		{name: "R-ATT-3_GP_k3_worked_example_below_3/4", fix: gpR1, year: 2022,
			want: outcome{ledger: lg("paid", "", l10, 1, "5988.59"), payments: []string{k3_10}}},
		{name: "R-ATT-3_R1_GP_k4_min_of_4/5_and_200/263", fix: gpR1, year: 2023,
			want: outcome{ledger: lg("paid", "", l10, 1, "7984.79"), payments: []string{k4_10}},
			check: func(t *testing.T, x *Explanation) {
				y := x.Years[0]
				if y.RateFA.R != NewRatio(4, 5) || y.RateMT.R != NewRatio(200, 263) || y.Attainment.R != NewRatio(200, 263) {
					t.Errorf("rates %v %v attainment %v", y.RateFA.R, y.RateMT.R, y.Attainment.R)
				}
			}},
		{name: "R-ATT-3_GP_k5", fix: gpR1, year: 2024,
			want: outcome{ledger: lg("paid", "", l10, 1, "10500.00"), payments: []string{k5_10}}},
	})
}

// TestAmounts covers R-AMT-1: y1, y2, y3, y3_p90 and p95_plus.
func TestAmounts(t *testing.T) {
	// gpR1 at p95_plus (MT adult 1900 ≥ P95 1800): maintain targets 1400 / 1900, and every
	// observed year on them.
	p95 := func(f *fixture) {
		f.c.BaselineMTAdult = Some(1900)
		for y := int32(2020); y <= 2024; y++ {
			f.row(y).MTAdult, f.row(y).FileActive = Some(1900), 1400
		}
	}
	lP95 := "regime=R1 start=2019-10-15 band=p95_plus ref=2018 bmt=1900 bfa=1400 tmt=1900 tfa=1400 src=grid"
	// gpR1 at p90_p95 (FA 2600): T_FA 2756, T_MT 1017, every observed year on them.
	p90 := func(f *fixture) {
		f.c.BaselineFA = Some(2600)
		for y := int32(2020); y <= 2024; y++ {
			f.row(y).MTAdult, f.row(y).FileActive = Some(1017), 2756
		}
	}
	lP90 := "regime=R1 start=2019-10-15 band=p90_p95 ref=2018 bmt=900 bfa=2600 tmt=1017 tfa=2756 src=grid"
	settle := func(k int, date string, base string) string {
		return "settlement k" + string(rune('0'+k)) + " " + date + " T2019 base=" + base + " obs=" + date[:4] +
			" att=1.000000 mod=1.000000 pro=1.000000 due=" + base + " paid=0.00 payable=" + base + " []"
	}
	runEvalCases(t, []evalCase{
		{name: "R-AMT-1_p95_plus_advance_on_y1", fix: gpR1, change: p95, year: 2019,
			want: outcome{ledger: lg("paid", "", lP95, 1, "12600.00"), payments: []string{adv10}}},
		{name: "R-AMT-1_p95_plus_pays_y1_in_year_2", fix: gpR1, change: p95, year: 2021,
			want: outcome{ledger: lg("paid", "", lP95, 1, "18000.00"), payments: []string{settle(2, "2021-10-15", "18000.00")}}},
		{name: "R-AMT-1_p95_plus_pays_y1_in_year_3", fix: gpR1, change: p95, year: 2022,
			want: outcome{ledger: lg("paid", "", lP95, 1, "18000.00"), payments: []string{settle(3, "2022-10-15", "18000.00")}}},
		{name: "R-AMT-1_p95_plus_pays_y1_in_year_5", fix: gpR1, change: p95, year: 2024,
			want: outcome{ledger: lg("paid", "", lP95, 1, "18000.00"), payments: []string{settle(5, "2024-10-15", "18000.00")}}},
		{name: "R-AMT-1_p95_plus_pays_T2024_y1_in_a_T2024_year", fix: gpR2,
			change: func(f *fixture) {
				f.c.BaselineMTAdult = Some(1800) // + child 100 = 1900 = P95 of mt_total
				f.row(2025).MTAdult, f.row(2025).FileActive = Some(1800), 1400
			}, year: 2025,
			want: outcome{ledger: lg("paid", "", "regime=R2 start=2023-09-15 band=p95_plus ref=2021 bmt=1900 bfa=1400 tmt=1900 tfa=1400 src=grid", 2, "9500.00"),
				payments: []string{"settlement k2 2025-09-15 T2024 base=19000.00 obs=2025 att=1.000000 mod=1.000000 pro=1.000000 due=19000.00 paid=19000.00 payable=0.00 []",
					"advance k3 2025-09-15 T2024 base=19000.00 obs=null att=null mod=null pro=null due=9500.00 paid=0.00 payable=9500.00 []"}}},
		{name: "R-AMT-1_p90_p95_year_2_is_y2", fix: gpR1, change: p90, year: 2021,
			want: outcome{ledger: lg("paid", "", lP90, 1, "13500.00"), payments: []string{settle(2, "2021-10-15", "13500.00")}}},
		{name: "R-AMT-1_p90_p95_year_3_is_y3_p90", fix: gpR1, change: p90, year: 2022,
			want: outcome{ledger: lg("paid", "", lP90, 1, "12500.00"), payments: []string{settle(3, "2022-10-15", "12500.00")}}},
		{name: "R-AMT-1_p90_p95_year_4_is_y3_p90", fix: gpR1, change: p90, year: 2023,
			want: outcome{ledger: lg("paid", "", lP90, 1, "12500.00"), payments: []string{settle(4, "2023-10-15", "12500.00")}}},
		{name: "R-AMT-1_p90_p95_T2024_y3_p90_option_1", fix: cardioR1,
			change: func(f *fixture) {
				f.c.SignedOn, f.c.HiredOn, f.c.BaselineFA = d("2021-07-01"), od("2021-07-01"), Some(2100) // p90_p95: T_FA 2184
				f.row(2024).FileActive = 2184
			}, year: 2025,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2021-07-01 band=p90_p95 ref=2020 bmt=null bfa=2100 tmt=null tfa=2184 src=grid", 1, "8767.00"),
				payments: []string{"settlement k4 2025-07-01 T2024 base=8767.00 obs=2024 att=1.000000 mod=1.000000 pro=1.000000 due=8767.00 paid=0.00 payable=8767.00 []"}}},
		{name: "R-AMT-1_y1_y2_y3_other_bands", fix: gpR1, year: 2021,
			want: outcome{ledger: lg("paid", "", l10, 1, "13500.00"), payments: []string{k2_10}}},
		{name: "R-AMT-1_option_3_T2019_y2", fix: gpR1,
			change: func(f *fixture) {
				f.c.Option, f.c.UnderservedZone = 3, true
				f.row(2021).FileActive, f.row(2021).MTAdult = 1890, Some(1268)
			}, year: 2021,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2019-10-15 band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=1268 tfa=1890 src=grid", 1, "27000.00"),
				payments: []string{settle(2, "2021-10-15", "27000.00")}}},
	})
}

// TestPayments covers R-PAY-1…4: advance, settlement, prorata, as_of and statuses.
func TestPayments(t *testing.T) {
	ended := func(last string) func(f *fixture) { return func(f *fixture) { f.c.EndedOn = od(last) } }
	short := func(f *fixture) {
		f.c.SignedOn, f.c.HiredOn, f.c.EndedOn = d("2020-01-10"), od("2020-01-10"), od("2020-06-30")
	}
	lShort := "regime=R1 start=2020-01-10 band=p50_p70 ref=2019 bmt=950 bfa=1500 tmt=1175 tfa=1800 src=grid"
	advShort := "advance k1 2020-01-25 T2019 base=18000.00 obs=null att=null mod=null pro=null due=12600.00 paid=0.00 payable=12600.00 []"
	lDec := "regime=R1 start=2020-12-20 band=p50_p70 ref=2019 bmt=950 bfa=1500 tmt=1175 tfa=1800 src=grid"
	runEvalCases(t, []evalCase{
		{name: "R-PAY-1_R1_advance_70pct_due_S_plus_15", fix: gpR1, year: 2019,
			want: outcome{ledger: lg("paid", "", l10, 1, "12600.00"), payments: []string{adv10}},
			check: func(t *testing.T, x *Explanation) {
				want := "C1 D1 advance k1 2019-10-30 [2019-10-15,2020-10-15) cov=null days=366 T2019 band=p30_p50 obs=null tfa=null tmt=null ofa=null omt=null src=null att=null mod=null pro=null base=18000.00 due=12600.00 paid=0.00 payable=12600.00 []"
				if got := rowS(x.Payments()[0]); got != want {
					t.Errorf("advance row\n got %s\nwant %s", got, want)
				}
			}},
		{name: "R-PAY-1_R1_option_1_advance_8400", fix: cardioR1, year: 2020,
			want: outcome{ledger: lg("paid", "", lCard, 1, "8400.00"), payments: []string{advCar}}},
		{name: "R-PAY-1_R2_advance_100pct_due_S_plus_30", fix: gpR2, year: 2023,
			want: outcome{ledger: lg("paid", "", lR2, 1, "18000.00"), payments: []string{advR2}},
			check: func(t *testing.T, x *Explanation) {
				want := "C2 D2 advance k1 2023-10-15 [2023-09-15,2024-09-15) cov=null days=366 T2019 band=p30_p50 obs=null tfa=null tmt=null ofa=null omt=null src=null att=null mod=null pro=null base=18000.00 due=18000.00 paid=0.00 payable=18000.00 []"
				if got := rowS(x.Payments()[0]); got != want {
					t.Errorf("advance row\n got %s\nwant %s", got, want)
				}
			}},
		{name: "R-PAY-1_R3_advance_100pct_T2024", fix: gpR3, year: 2024,
			want: outcome{ledger: lg("paid", "", lR3, 1, "19000.00"), payments: []string{advR3}}},
		{name: "R-PAY-1_advance_due_in_the_next_year_no_event_this_year", fix: gpR1,
			change: func(f *fixture) { f.c.SignedOn, f.c.HiredOn = d("2020-12-20"), od("2020-12-20") }, year: 2020,
			want: outcome{ledger: lg("no_event", "", lDec, 0, "0.00")}},
		{name: "R-PAY-1_advance_due_in_the_next_year_paid_with_the_year_1_settlement", fix: gpR1,
			change: func(f *fixture) { f.c.SignedOn, f.c.HiredOn = d("2020-12-20"), od("2020-12-20") }, year: 2021,
			want: outcome{ledger: lg("paid", "", lDec, 2, "18000.00"),
				payments: []string{"advance k1 2021-01-04 T2019 base=18000.00 obs=null att=null mod=null pro=null due=12600.00 paid=0.00 payable=12600.00 []",
					"settlement k1 2021-12-20 T2019 base=18000.00 obs=2021 att=0.833333 mod=1.000000 pro=1.000000 due=18000.00 paid=12600.00 payable=5400.00 []"}}},
		{name: "R-PAY-2_settlement_due_already_paid_payable", fix: gpR1, year: 2020,
			want: outcome{ledger: lg("paid", "", l10, 1, "5400.00"), payments: []string{k1_10}}},
		{name: "R-PAY-2_terminated_in_year_1_recovers_overpaid_advance", fix: gpR1, change: ended("2020-03-31"), year: 2020,
			want: outcome{ledger: lg("paid", "", l10, 1, "-4288.52"),
				payments: []string{"settlement k1 2020-04-01 T2019 base=18000.00 obs=2020 att=1.000000 mod=1.000000 pro=0.461749 due=8311.48 paid=12600.00 payable=-4288.52 []"}}},
		{name: "R-PAY-2_terminated_on_S_advance_and_1_day_settlement_in_one_run", fix: gpR1, change: ended("2019-10-15"), year: 2019,
			want: outcome{ledger: lg("paid", "", l10, 1, "49.18"), payments: []string{"settlement k1 2019-10-16 T2019 base=18000.00 obs=2019 att=0.190114 mod=1.000000 pro=0.002732 due=49.18 paid=0.00 payable=49.18 []"}}},
		{name: "R-PAY-2_terminated_in_year_1_settlement_and_advance_same_run", fix: gpR1, change: short, year: 2020,
			want: outcome{ledger: lg("paid", "", lShort, 2, "8508.20"), payments: []string{advShort,
				"settlement k1 2020-07-01 T2019 base=18000.00 obs=2020 att=0.833333 mod=1.000000 pro=0.472678 due=8508.20 paid=12600.00 payable=-4091.80 []"}}},
		{name: "R-PAY-3_prorata_of_a_terminated_year_5", fix: gpR1, change: ended("2024-03-31"), year: 2024,
			want: outcome{ledger: lg("paid", "", l10, 1, "4848.36"),
				payments: []string{"settlement k5 2024-04-01 T2019 base=10500.00 obs=2024 att=1.000000 mod=1.000000 pro=0.461749 due=4848.36 paid=0.00 payable=4848.36 []"}}},
		{name: "R-PAY-4_as_of_the_day_before_the_advance_no_event", fix: gpR1, year: 2019, asOf: "2019-10-29",
			want: outcome{ledger: lg("no_event", "", l10, 0, "0.00")}},
		{name: "R-PAY-4_as_of_on_the_advance_date_emits_it", fix: gpR1, year: 2019, asOf: "2019-10-30",
			want: outcome{ledger: lg("paid", "", l10, 1, "12600.00"), payments: []string{adv10}}},
		{name: "R-PAY-4_as_of_before_the_settlement_no_event", fix: gpR1, year: 2020, asOf: "2020-10-14",
			want: outcome{ledger: lg("no_event", "", l10, 0, "0.00")}},
		{name: "R-PAY-4_as_of_keeps_the_advance_cuts_the_settlement", fix: gpR1, change: short, year: 2020, asOf: "2020-06-30",
			want: outcome{ledger: lg("paid", "", lShort, 1, "12600.00"), payments: []string{advShort}}},
		{name: "R-PAY-4_as_of_after_31_Dec_changes_nothing", fix: gpR1, year: 2020, asOf: "2021-06-30",
			want: outcome{ledger: lg("paid", "", l10, 1, "5400.00"), payments: []string{k1_10}}},
		{name: "R-PAY-4_only_events_dated_in_the_run_year", fix: gpR1, year: 2022,
			want: outcome{ledger: lg("paid", "", l10, 1, "5988.59"), payments: []string{k3_10}}},
		{name: "R-PAY-4_closed_when_coverage_ended_before_1_Jan", fix: gpR1, change: ended("2020-03-31"), year: 2021,
			want: outcome{ledger: lg("closed", "", l10, 0, "0.00")}},
		{name: "R-PAY-4_coverage_ended_31_Dec_is_closed_the_next_year", fix: gpR1, change: ended("2020-12-30"), year: 2021,
			want: outcome{ledger: lg("closed", "", l10, 0, "0.00")}},
		{name: "R-PAY-4_settlement_dated_1_Jan_is_paid_not_closed", fix: gpR1, change: ended("2020-12-31"), year: 2021,
			want: outcome{ledger: lg("paid", "", l10, 1, "2884.93"),
				payments: []string{"settlement k2 2021-01-01 T2019 base=13500.00 obs=2020 att=1.000000 mod=1.000000 pro=0.213699 due=2884.93 paid=0.00 payable=2884.93 []"}}},
		{name: "R-PAY-4_closed_after_the_fifth_year", fix: gpR1, year: 2025,
			want: outcome{ledger: lg("closed", "", l10, 0, "0.00")}},
		{name: "R-PAY-4_year_before_the_start_is_no_event", fix: gpR3, year: 2024, asOf: "2024-09-30",
			want: outcome{ledger: lg("no_event", "", lR3, 0, "0.00")}},
	})
	t.Run("R-PAY-4_same_inputs_same_events", func(t *testing.T) {
		for _, year := range []int{2019, 2020, 2021, 2022, 2023, 2024, 2025} {
			f := gpR1()
			a, b := f.eval(year), f.eval(year)
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%d: two evaluations differ", year)
			}
		}
	})
	t.Run("R-PAY-4_the_contract_is_not_modified", func(t *testing.T) {
		f := gpR1()
		before := f.c
		f.eval(2022)
		if !reflect.DeepEqual(f.c, before) {
			t.Error("Evaluate modified the contract")
		}
	})
}

// TestCoordination covers R-COORD-1 (R1 only, per contract year, never the advance).
func TestCoordination(t *testing.T) {
	since := func(day string) func(f *fixture) {
		return func(f *fixture) {
			f.c.CoordinatedSince = OptDate{}
			if day != "" {
				f.c.CoordinatedSince = od(day)
			}
		}
	}
	// gpR1 signed 2022-01-01, hired 2022-01-15: baseline 2021 → p50_p70, T_FA 2100,
	// T_MT 1426; year 1 observes 2022 (FA 1610, MT 1050: attainment 0).
	signed2022 := func(signedOn string, coordinated string) func(f *fixture) {
		return func(f *fixture) {
			f.c.SignedOn, f.c.HiredOn = d(signedOn), od("2022-01-15")
			since(coordinated)(f)
		}
	}
	l2022 := func(ref string) string {
		return "regime=R1 start=2022-01-15 band=p50_p70 ref=" + ref + " bmt=1163 bfa=1750 tmt=1426 tfa=2100 src=grid"
	}
	k1in2023 := func(due, payable, reasons string) string {
		return "settlement k1 2023-01-15 T2019 base=18000.00 obs=2022 att=0.000000 mod=1.000000 pro=1.000000 due=" + due + " paid=12600.00 payable=" + payable + " [" + reasons + "]"
	}
	k3coord := "settlement k3 2022-10-15 T2019 base=10500.00 obs=2022 att=0.570342 mod=0.570342 pro=1.000000 due=0.00 paid=0.00 payable=0.00 [COORDINATION]"
	runEvalCases(t, []evalCase{
		{name: "R-COORD-1_before_2022_year_1_before_the_S_plus_2y_deadline_is_paid", fix: gpR1, change: since(""), year: 2020,
			want: outcome{ledger: lg("paid", "", l10, 1, "5400.00"), payments: []string{k1_10}},
			check: func(t *testing.T, x *Explanation) {
				if x.Years[0].CoordDeadline != od("2021-10-15") {
					t.Errorf("deadline %v, want 2021-10-15", x.Years[0].CoordDeadline)
				}
			}},
		{name: "R-COORD-1_settlement_on_the_deadline_is_paid", fix: gpR1, change: since(""), year: 2021,
			want: outcome{ledger: lg("paid", "", l10, 1, "13500.00"), payments: []string{k2_10}}},
		{name: "R-COORD-1_after_the_deadline_never_coordinated_due_0", fix: gpR1, change: since(""), year: 2022,
			want: outcome{ledger: lg("paid", "", l10, 1, "0.00"), payments: []string{k3coord}}},
		{name: "R-COORD-1_coordinated_the_day_before_the_settlement_is_paid", fix: gpR1, change: since("2022-10-14"), year: 2022,
			want: outcome{ledger: lg("paid", "", l10, 1, "5988.59"), payments: []string{k3_10}}},
		{name: "R-COORD-1_coordinated_on_the_settlement_date_is_not_paid", fix: gpR1, change: since("2022-10-15"), year: 2022,
			want: outcome{ledger: lg("paid", "", l10, 1, "0.00"), payments: []string{k3coord}}},
		{name: "R-COORD-1_coordinated_after_the_settlement_is_not_paid", fix: gpR1, change: since("2022-12-01"), year: 2022,
			want: outcome{ledger: lg("paid", "", l10, 1, "0.00"), payments: []string{k3coord}}},
		{name: "R-COORD-1_coordinated_after_the_deadline_before_the_settlement_is_paid", fix: gpR1, change: since("2022-01-01"), year: 2022,
			want: outcome{ledger: lg("paid", "", l10, 1, "5988.59"), payments: []string{k3_10}}},
		{name: "R-COORD-1_signed_from_2022_deadline_is_signed_on_year_1_due_0", fix: gpR1, change: signed2022("2022-01-01", ""), year: 2023,
			want: outcome{ledger: lg("paid", "", l2022("2021"), 1, "-12600.00"), payments: []string{k1in2023("0.00", "-12600.00", "COORDINATION")}},
			check: func(t *testing.T, x *Explanation) {
				if x.Years[0].CoordDeadline != od("2022-01-01") {
					t.Errorf("deadline %v, want 2022-01-01", x.Years[0].CoordDeadline)
				}
			}},
		{name: "R-COORD-1_never_applied_to_the_advance", fix: gpR1, change: signed2022("2022-01-01", ""), year: 2022,
			want: outcome{ledger: lg("paid", "", l2022("2021"), 1, "12600.00"),
				payments: []string{"advance k1 2022-01-30 T2019 base=18000.00 obs=null att=null mod=null pro=null due=12600.00 paid=0.00 payable=12600.00 []"}}},
		{name: "R-COORD-1_signed_from_2022_coordinated_at_signature_is_paid", fix: gpR1, change: signed2022("2022-01-01", "2022-01-01"), year: 2023,
			want: outcome{ledger: lg("paid", "", l2022("2021"), 1, "5400.00"), payments: []string{k1in2023("18000.00", "5400.00", "")}}},
		{name: "R-COORD-1_signed_2021-12-31_deadline_is_S_plus_2y", fix: gpR1, change: signed2022("2021-12-31", ""), year: 2023,
			want: outcome{ledger: lg("paid", "", l2022("2020"), 1, "5400.00"), payments: []string{k1in2023("18000.00", "5400.00", "")}},
			check: func(t *testing.T, x *Explanation) {
				if x.Years[0].CoordDeadline != od("2024-01-15") {
					t.Errorf("deadline %v, want 2024-01-15", x.Years[0].CoordDeadline)
				}
			}},
		{name: "R-COORD-1_not_checked_under_R2", fix: gpR2, year: 2024,
			want: outcome{ledger: lg("paid", "", lR2, 2, "14000.00"),
				payments: []string{"settlement k1 2024-09-15 T2019 base=18000.00 obs=2024 att=1.000000 mod=1.000000 pro=1.000000 due=18000.00 paid=18000.00 payable=0.00 []",
					"advance k2 2024-09-15 T2024 base=14000.00 obs=null att=null mod=null pro=null due=14000.00 paid=0.00 payable=14000.00 []"}},
			check: func(t *testing.T, x *Explanation) {
				if x.Years[0].CoordDeadline.Valid {
					t.Error("coordination deadline under R2")
				}
			}},
		{name: "R-COORD-1_not_checked_under_R3", fix: gpR3, year: 2027,
			want: outcome{ledger: lg("paid", "", lR3, 3, "11000.00"),
				payments: []string{"advance k3 2027-03-02 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []",
					"settlement k3 2027-09-01 T2024 base=11000.00 obs=2027 att=1.000000 mod=1.000000 pro=1.000000 due=11000.00 paid=11000.00 payable=0.00 []",
					"advance k4 2027-09-01 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []"}}},
	})
}

// TestForfaitStructure covers R-FS-1.
func TestForfaitStructure(t *testing.T) {
	fsOff := func(year int32) func(f *fixture) { return func(f *fixture) { f.row(year).FSVolet1 = false } }
	runEvalCases(t, []evalCase{
		{name: "R-FS-1_fs_volet1_false_due_0_advance_recovered", fix: gpR1, change: fsOff(2020), year: 2020,
			want: outcome{ledger: lg("paid", "", l10, 1, "-12600.00"),
				payments: []string{"settlement k1 2020-10-15 T2019 base=18000.00 obs=2020 att=1.000000 mod=1.000000 pro=1.000000 due=0.00 paid=12600.00 payable=-12600.00 [FORFAIT_STRUCTURE]"}}},
		{name: "R-FS-1_read_in_the_observation_year_not_the_settlement_year", fix: gpR1,
			change: func(f *fixture) { f.c.EndedOn = od("2020-12-31"); fsOff(2021)(f) }, year: 2021,
			want: outcome{ledger: lg("paid", "", l10, 1, "2884.93"),
				payments: []string{"settlement k2 2021-01-01 T2019 base=13500.00 obs=2020 att=1.000000 mod=1.000000 pro=0.213699 due=2884.93 paid=0.00 payable=2884.93 []"}}},
		{name: "R-FS-1_and_COORDINATION_both_listed_sorted", fix: gpR1,
			change: func(f *fixture) { f.c.CoordinatedSince = OptDate{}; fsOff(2022)(f) }, year: 2022,
			want: outcome{ledger: lg("paid", "", l10, 1, "0.00"),
				payments: []string{"settlement k3 2022-10-15 T2019 base=10500.00 obs=2022 att=0.570342 mod=0.570342 pro=1.000000 due=0.00 paid=0.00 payable=0.00 [COORDINATION;FORFAIT_STRUCTURE]"}}},
		{name: "R-FS-1_applies_under_R2", fix: gpR2, change: fsOff(2024), year: 2024,
			want: outcome{ledger: lg("paid", "", lR2, 2, "-4000.00"),
				payments: []string{"settlement k1 2024-09-15 T2019 base=18000.00 obs=2024 att=1.000000 mod=1.000000 pro=1.000000 due=0.00 paid=18000.00 payable=-18000.00 [FORFAIT_STRUCTURE]",
					"advance k2 2024-09-15 T2024 base=14000.00 obs=null att=null mod=null pro=null due=14000.00 paid=0.00 payable=14000.00 []"}}},
		{name: "R-FS-1_never_applied_to_the_advance", fix: gpR1, change: fsOff(2019), year: 2019,
			want: outcome{ledger: lg("paid", "", l10, 1, "12600.00"), payments: []string{adv10}}},
	})
}

// TestMaintain65 covers R-OBJ-6 (R3 only) and its tolerance in R-ATT-2.
func TestMaintain65(t *testing.T) {
	born := func(y int64) func(f *fixture) { return func(f *fixture) { f.c.DoctorBirthYear = Some(y) } }
	row := func(year int32, adult int64, fa int64) func(f *fixture) {
		return func(f *fixture) { f.row(year).MTAdult, f.row(year).FileActive = Some(adult), fa }
	}
	both := func(fs ...func(f *fixture)) func(f *fixture) {
		return func(f *fixture) {
			for _, g := range fs {
				g(f)
			}
		}
	}
	rates := func(fa, mt Ratio) func(t *testing.T, x *Explanation) {
		return func(t *testing.T, x *Explanation) {
			y := x.Years[0]
			if y.RateFA.R != fa || y.RateMT.R != mt || y.Attainment.R != One || x.Combination != CombineMax {
				t.Errorf("rates %v %v attainment %v (%s), want %v %v and max 1", y.RateFA.R, y.RateMT.R, y.Attainment.R, x.Combination, fa, mt)
			}
		}
	}
	src := func(want string, tfa, tmt int64) func(t *testing.T, x *Explanation) {
		return func(t *testing.T, x *Explanation) {
			ps := x.Payments()
			i := slices.IndexFunc(ps, func(p Payment) bool { return p.Kind == "settlement" })
			p := ps[i]
			if p.ObjectiveSource != want || p.TargetFA != Some(tfa) || p.TargetMT != Some(tmt) {
				t.Errorf("source %q targets %v %v, want %s %d %d", p.ObjectiveSource, p.TargetFA, p.TargetMT, want, tfa, tmt)
			}
		}
	}
	runEvalCases(t, []evalCase{
		{name: "R-OBJ-6_65_in_year_1_settlement_targets_are_the_baselines_ledger_keeps_contract_targets", fix: gpR3, change: born(1959), year: 2025,
			want: outcome{ledger: lg("paid", "", lR3, 2, "14000.00"),
				payments: []string{"settlement k1 2025-09-01 T2024 base=19000.00 obs=2025 att=1.000000 mod=1.000000 pro=1.000000 due=19000.00 paid=19000.00 payable=0.00 []",
					"advance k2 2025-09-01 T2024 base=14000.00 obs=null att=null mod=null pro=null due=14000.00 paid=0.00 payable=14000.00 []"}},
			check: func(t *testing.T, x *Explanation) {
				want := "C3 D3 settlement k1 2025-09-01 [2024-09-01,2025-09-01) cov=365 days=365 T2024 band=p30_p50 obs=2025 tfa=1400 tmt=1000 ofa=1750 omt=1263 src=maintain_65 att=1.000000 mod=1.000000 pro=1.000000 base=19000.00 due=19000.00 paid=19000.00 payable=0.00 []"
				if got := rowS(x.Payments()[0]); got != want {
					t.Errorf("settlement row\n got %s\nwant %s", got, want)
				}
			}},
		{name: "R-OBJ-6_tolerance_boundary_o_eq_0.9t_on_both_measures_is_1", fix: gpR3, change: both(born(1959), row(2028, 800, 1260)), year: 2028,
			want: outcome{ledger: lg("paid", "", lR3, 3, "11000.00"), payments: []string{"advance k4 2028-03-01 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []",
				"settlement k4 2028-09-01 T2024 base=11000.00 obs=2028 att=1.000000 mod=1.000000 pro=1.000000 due=11000.00 paid=11000.00 payable=0.00 []",
				"advance k5 2028-09-01 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []"}},
			check: src("maintain_65", 1400, 1000)},
		{name: "R-OBJ-6_tolerance_FA_one_below_0.9t_rate_1259/1260_R-ATT-3_R3_max_is_1", check: rates(NewRatio(1259, 1260), One), fix: gpR3, change: both(born(1959), row(2028, 800, 1259)), year: 2028,
			want: outcome{ledger: lg("paid", "", lR3, 3, "11000.00"), payments: []string{"advance k4 2028-03-01 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []",
				"settlement k4 2028-09-01 T2024 base=11000.00 obs=2028 att=1.000000 mod=1.000000 pro=1.000000 due=11000.00 paid=11000.00 payable=0.00 []",
				"advance k5 2028-09-01 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []"}}},
		{name: "R-OBJ-6_tolerance_FA_at_0.81t_rate_9/10_R-ATT-3_R3_max_is_1", check: rates(NewRatio(9, 10), One), fix: gpR3, change: both(born(1959), row(2028, 800, 1134)), year: 2028,
			want: outcome{ledger: lg("paid", "", lR3, 3, "11000.00"), payments: []string{"advance k4 2028-03-01 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []",
				"settlement k4 2028-09-01 T2024 base=11000.00 obs=2028 att=1.000000 mod=1.000000 pro=1.000000 due=11000.00 paid=11000.00 payable=0.00 []",
				"advance k5 2028-09-01 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []"}}},
		{name: "R-OBJ-6_under_65_same_rows_measured_against_the_grid_targets", fix: gpR3, change: both(born(1970), row(2028, 800, 1134)), year: 2028,
			want: outcome{ledger: lg("paid", "", lR3, 3, "0.00"), payments: []string{"advance k4 2028-03-01 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []",
				"settlement k4 2028-09-01 T2024 base=11000.00 obs=2028 att=0.000000 mod=0.000000 pro=1.000000 due=0.00 paid=11000.00 payable=-11000.00 []",
				"advance k5 2028-09-01 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []"}},
			check: src("grid", 1750, 1263)},
		{name: "R-OBJ-6_64_in_year_1_not_applied", fix: gpR3, change: born(1960), year: 2025,
			want: outcome{ledger: lg("paid", "", lR3, 2, "14000.00"),
				payments: []string{"settlement k1 2025-09-01 T2024 base=19000.00 obs=2025 att=1.000000 mod=1.000000 pro=1.000000 due=19000.00 paid=19000.00 payable=0.00 []",
					"advance k2 2025-09-01 T2024 base=14000.00 obs=null att=null mod=null pro=null due=14000.00 paid=0.00 payable=14000.00 []"}},
			check: src("grid", 1750, 1263)},
		{name: "R-OBJ-6_turns_65_in_the_year_contract_year_2_starts_applied", fix: gpR3, change: born(1960), year: 2026,
			want: outcome{ledger: lg("paid", "", lR3, 2, "5500.00"),
				payments: []string{"settlement k2 2026-09-01 T2024 base=14000.00 obs=2026 att=1.000000 mod=1.000000 pro=1.000000 due=14000.00 paid=14000.00 payable=0.00 []",
					"advance k3 2026-09-01 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []"}},
			check: src("maintain_65", 1400, 1000)},
		{name: "R-OBJ-6_null_birth_year_not_applied", fix: gpR3, year: 2025,
			want: outcome{ledger: lg("paid", "", lR3, 2, "14000.00"),
				payments: []string{"settlement k1 2025-09-01 T2024 base=19000.00 obs=2025 att=1.000000 mod=1.000000 pro=1.000000 due=19000.00 paid=19000.00 payable=0.00 []",
					"advance k2 2025-09-01 T2024 base=14000.00 obs=null att=null mod=null pro=null due=14000.00 paid=0.00 payable=14000.00 []"}},
			check: src("grid", 1750, 1263)},
		{name: "R-OBJ-6_negotiated_targets_replaced_too_ledger_says_contract", fix: gpR3,
			change: func(f *fixture) { born(1959)(f); f.c.TargetFA = Some(2000) }, year: 2025,
			want: outcome{ledger: lg("paid", "", "regime=R3 start=2024-09-01 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1263 tfa=2000 src=contract", 2, "14000.00"),
				payments: []string{"settlement k1 2025-09-01 T2024 base=19000.00 obs=2025 att=1.000000 mod=1.000000 pro=1.000000 due=19000.00 paid=19000.00 payable=0.00 []",
					"advance k2 2025-09-01 T2024 base=14000.00 obs=null att=null mod=null pro=null due=14000.00 paid=0.00 payable=14000.00 []"}},
			check: src("maintain_65", 1400, 1000)},
		{name: "R-OBJ-6_not_under_R2", fix: gpR2, change: born(1940), year: 2024,
			want: outcome{ledger: lg("paid", "", lR2, 2, "14000.00"),
				payments: []string{"settlement k1 2024-09-15 T2019 base=18000.00 obs=2024 att=1.000000 mod=1.000000 pro=1.000000 due=18000.00 paid=18000.00 payable=0.00 []",
					"advance k2 2024-09-15 T2024 base=14000.00 obs=null att=null mod=null pro=null due=14000.00 paid=0.00 payable=14000.00 []"}},
			check: src("grid", 1750, 1263)},
		{name: "R-OBJ-6_not_under_R1", fix: gpR1, change: born(1940), year: 2022,
			want:  outcome{ledger: lg("paid", "", l10, 1, "5988.59"), payments: []string{k3_10}},
			check: src("grid", 1750, 1163)},
	})
}
