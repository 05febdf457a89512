package calc

import "testing"

// TestBaselines covers R-OBJ-1: each baseline from the contract row, else from the
// activity row of (doctor, baseline year); NO_BASELINE when a needed one is missing.
func TestBaselines(t *testing.T) {
	paid := func(cols string) outcome {
		return outcome{ledger: lg("paid", "", cols, 1, "12600.00"), payments: []string{adv10}}
	}
	noBaseline := func(cols string) outcome { return outcome{ledger: lg("error", "NO_BASELINE", cols, 0, "0.00")} }
	runEvalCases(t, []evalCase{
		{name: "R-OBJ-1_both_baselines_from_the_activity_row", fix: gpR1, year: 2019, want: paid(l10),
			check: func(t *testing.T, x *Explanation) {
				b := x.Baseline
				if b.FA.From != "activity 2018" || b.MTAdult.From != "activity 2018" || b.MTChild.Value != Some(50) || x.BaselineYear != 2018 {
					t.Errorf("baselines %+v, year %d", b, x.BaselineYear)
				}
			}},
		{name: "R-OBJ-1_FA_from_the_contract_MT_from_the_activity_row", fix: gpR1,
			change: func(f *fixture) { f.c.BaselineFA = Some(1200) }, year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p30_p50 ref=2018 bmt=900 bfa=1200 tmt=1125 tfa=1500 src=grid"),
			check: func(t *testing.T, x *Explanation) {
				if x.Baseline.FA.From != "contract" || x.Baseline.MTAdult.From != "activity 2018" {
					t.Errorf("origins FA %q MT %q", x.Baseline.FA.From, x.Baseline.MTAdult.From)
				}
			}},
		{name: "R-OBJ-1_MT_from_the_contract_FA_from_the_activity_row", fix: gpR1,
			change: func(f *fixture) { f.c.BaselineMTAdult = Some(1000) }, year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p50_p70 ref=2018 bmt=1000 bfa=1400 tmt=1210 tfa=1680 src=grid")},
		{name: "R-OBJ-1_contract_baselines_need_no_activity_row", fix: gpR1,
			change: func(f *fixture) { f.c.DoctorID = "D9"; f.c.BaselineMTAdult, f.c.BaselineFA = Some(900), Some(1400) }, year: 2019,
			want: outcome{ledger: lg("paid", "", l10, 1, "12600.00"),
				payments: []string{adv10}}},
		{name: "R-OBJ-1_default_baseline_year_is_year_of_signed_on_minus_1", fix: gpR1,
			change: func(f *fixture) { f.c.SignedOn, f.c.HiredOn = d("2020-01-01"), od("2020-01-15") }, year: 2020,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2020-01-15 band=p50_p70 ref=2019 bmt=950 bfa=1500 tmt=1175 tfa=1800 src=grid", 1, "12600.00"),
				payments: []string{"advance k1 2020-01-30 T2019 base=18000.00 obs=null att=null mod=null pro=null due=12600.00 paid=0.00 payable=12600.00 []"}}},
		{name: "R-OBJ-1_explicit_baseline_year", fix: gpR1,
			change: func(f *fixture) { f.c.BaselineYear = Some(2019) }, year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p50_p70 ref=2019 bmt=950 bfa=1500 tmt=1175 tfa=1800 src=grid")},
		{name: "R-OBJ-1_NO_BASELINE_no_activity_row", fix: gpR1,
			change: func(f *fixture) { f.c.DoctorID = "D9" }, year: 2019,
			want: noBaseline("regime=R1 start=2019-10-15 band=null ref=2018 bmt=null bfa=null tmt=null tfa=null src=null"),
			check: func(t *testing.T, x *Explanation) {
				want := Ledger{ContractID: "C1", DoctorID: "D9", Specialty: "01", Option: 2, Regime: "R1",
					StartDate: od("2019-10-15"), Status: StatusError, Reasons: "NO_BASELINE", ReferenceYear: Some(2018)}
				if got := x.Ledger(); got != want {
					t.Errorf("ledger %+v\nwant   %+v", got, want)
				}
				if len(x.Years) != 0 || x.Payments() != nil {
					t.Error("an error contract has events")
				}
			}},
		{name: "R-OBJ-1_NO_BASELINE_GP_MT_adult_null_in_the_row_FA_found", fix: gpR1,
			change: func(f *fixture) { f.row(2018).MTAdult = OptInt{} }, year: 2019,
			want: noBaseline("regime=R1 start=2019-10-15 band=null ref=2018 bmt=null bfa=1400 tmt=null tfa=null src=null")},
		{name: "R-OBJ-1_NO_BASELINE_R1_child_alone_is_not_the_MT_measure", fix: gpR1,
			change: func(f *fixture) { f.row(2018).MTAdult = OptInt{}; f.c.BaselineMTChild = Some(900) }, year: 2019,
			want: noBaseline("regime=R1 start=2019-10-15 band=null ref=2018 bmt=null bfa=1400 tmt=null tfa=null src=null")},
		{name: "R-OBJ-1_NO_BASELINE_only_FA_from_the_contract", fix: gpR1,
			change: func(f *fixture) { f.c.DoctorID = "D9"; f.c.BaselineFA = Some(1400) }, year: 2019,
			want: noBaseline("regime=R1 start=2019-10-15 band=null ref=2018 bmt=null bfa=1400 tmt=null tfa=null src=null")},
		{name: "R-OBJ-1_NO_BASELINE_only_MT_from_the_contract", fix: gpR1,
			change: func(f *fixture) { f.c.DoctorID = "D9"; f.c.BaselineMTAdult = Some(900) }, year: 2019,
			want: noBaseline("regime=R1 start=2019-10-15 band=null ref=2018 bmt=900 bfa=null tmt=null tfa=null src=null")},
		{name: "R-OBJ-1_NO_BASELINE_baseline_year_without_a_row", fix: gpR1,
			change: func(f *fixture) { f.c.BaselineYear = Some(2016) }, year: 2019,
			want: noBaseline("regime=R1 start=2019-10-15 band=null ref=2016 bmt=null bfa=null tmt=null tfa=null src=null")},
		{name: "R-OBJ-1_R2_MT_total_from_the_child_part_alone", fix: gpR2,
			change: func(f *fixture) { f.row(2022).MTAdult, f.row(2022).MTChild = OptInt{}, Some(800) }, year: 2023,
			want: outcome{ledger: lg("paid", "", "regime=R2 start=2023-09-15 band=p30_p50 ref=2021 bmt=800 bfa=1400 tmt=1063 tfa=1750 src=grid", 1, "18000.00"), payments: []string{advR2}}},
		{name: "R-OBJ-1_R2_MT_total_adult_from_the_contract_child_from_the_row", fix: gpR2,
			change: func(f *fixture) { f.c.BaselineMTAdult = Some(1000) }, year: 2023,
			want: outcome{ledger: lg("paid", "", "regime=R2 start=2023-09-15 band=p50_p70 ref=2021 bmt=1100 bfa=1400 tmt=1310 tfa=1680 src=grid", 1, "18000.00"), payments: []string{advR2}}},
		{name: "R-OBJ-1_R2_NO_BASELINE_both_MT_parts_null", fix: gpR2,
			change: func(f *fixture) { f.row(2022).MTAdult, f.row(2022).MTChild = OptInt{}, OptInt{} }, year: 2023,
			want: noBaseline("regime=R2 start=2023-09-15 band=null ref=2021 bmt=null bfa=1400 tmt=null tfa=null src=null")},
		{name: "R-OBJ-1_non_GP_needs_FA_only_null_MT_is_fine", fix: cardioR1,
			change: func(f *fixture) { f.row(2019).MTAdult, f.row(2019).MTChild = OptInt{}, OptInt{} }, year: 2020,
			want: outcome{ledger: lg("paid", "", lCard, 1, "8400.00"), payments: []string{advCar}}},
		{name: "R-OBJ-1_non_GP_baseline_MT_null_whatever_the_contract_carries", fix: cardioR1,
			change: func(f *fixture) { f.c.BaselineMTAdult = Some(777) }, year: 2020,
			want: outcome{ledger: lg("paid", "", lCard, 1, "8400.00"), payments: []string{advCar}}},
		{name: "R-OBJ-1_non_GP_NO_BASELINE_without_FA", fix: cardioR1,
			change: func(f *fixture) { f.c.DoctorID = "D9" }, year: 2020,
			want: noBaseline("regime=R1 start=2020-03-01 band=null ref=2019 bmt=null bfa=null tmt=null tfa=null src=null")},
	})
}

// TestObjectives covers R-OBJ-2…5: grid targets with round_half_up, new installation,
// negotiated targets and objective_source.
func TestObjectives(t *testing.T) {
	paid := func(cols string, adv string, total string) outcome {
		return outcome{ledger: lg("paid", "", cols, 1, total), payments: []string{adv}}
	}
	adv3 := "advance k1 2019-10-30 T2019 base=36000.00 obs=null att=null mod=null pro=null due=25200.00 paid=0.00 payable=25200.00 []"
	adv1 := "advance k1 2019-10-30 T2019 base=12000.00 obs=null att=null mod=null pro=null due=8400.00 paid=0.00 payable=8400.00 []"
	opt := func(o int32, mt, fa int64) func(f *fixture) {
		return func(f *fixture) {
			f.c.Option, f.c.UnderservedZone = o, o == 3
			if mt > 0 {
				f.c.BaselineMTAdult = Some(mt)
			}
			if fa > 0 {
				f.c.BaselineFA = Some(fa)
			}
		}
	}
	runEvalCases(t, []evalCase{
		{name: "R-OBJ-3_worked_example_0.75x350_is_262.5_rounds_up_to_263", fix: gpR1, year: 2019,
			want: paid(l10, adv10, "12600.00"),
			check: func(t *testing.T, x *Explanation) {
				if x.Increase != SomeRatio(NewRatio(1, 4)) || x.TargetFA.From != "grid" || x.TargetMT.From != "grid" {
					t.Errorf("increase %v, sources %q %q", x.Increase, x.TargetFA.From, x.TargetMT.From)
				}
			}},
		{name: "R-OBJ-2_p30_p50_option_1_plus_20pct", fix: gpR1, change: opt(1, 0, 0), year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=1110 tfa=1680 src=grid", adv1, "8400.00")},
		{name: "R-OBJ-2_p30_p50_option_3_plus_35pct_MT_367.5_rounds_to_368", fix: gpR1, change: opt(3, 0, 0), year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=1268 tfa=1890 src=grid", adv3, "25200.00")},
		{name: "R-OBJ-2_p50_p70_option_2_plus_20pct", fix: gpR1, change: opt(2, 1000, 0), year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p50_p70 ref=2018 bmt=1000 bfa=1400 tmt=1210 tfa=1680 src=grid", adv10, "12600.00")},
		{name: "R-OBJ-2_p50_p70_option_3_plus_28pct", fix: gpR1, change: opt(3, 1000, 0), year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p50_p70 ref=2018 bmt=1000 bfa=1400 tmt=1294 tfa=1792 src=grid", adv3, "25200.00")},
		{name: "R-OBJ-2_p70_p90_option_1_plus_7.5pct_MT_78.75_rounds_to_79", fix: gpR1, change: opt(1, 1300, 0), year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p70_p90 ref=2018 bmt=1300 bfa=1400 tmt=1379 tfa=1505 src=grid", adv1, "8400.00")},
		{name: "R-OBJ-2_p70_p90_option_2_plus_12.5pct_MT_131.25_rounds_to_131", fix: gpR1, change: opt(2, 1300, 0), year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p70_p90 ref=2018 bmt=1300 bfa=1400 tmt=1431 tfa=1575 src=grid", adv10, "12600.00")},
		{name: "R-OBJ-2_p70_p90_worked_example_2355_to_2649_and_975_to_1196", fix: gpR1, change: opt(2, 975, 2355), year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p70_p90 ref=2018 bmt=975 bfa=2355 tmt=1196 tfa=2649 src=grid", adv10, "12600.00")},
		{name: "R-OBJ-2_p90_p95_option_2_plus_6pct", fix: gpR1, change: opt(2, 0, 2600), year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p90_p95 ref=2018 bmt=900 bfa=2600 tmt=1017 tfa=2756 src=grid", adv10, "12600.00")},
		{name: "R-OBJ-2_p90_p95_option_3_plus_12.5pct", fix: gpR1, change: opt(3, 1600, 0), year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p90_p95 ref=2018 bmt=1600 bfa=1400 tmt=1731 tfa=1575 src=grid", adv3, "25200.00")},
		{name: "R-OBJ-2_p95_plus_option_2_maintain", fix: gpR1, change: opt(2, 1900, 0), year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p95_plus ref=2018 bmt=1900 bfa=1400 tmt=1900 tfa=1400 src=grid", adv10, "12600.00")},
		{name: "R-OBJ-2_p95_plus_option_3_plus_5pct_MT_52.5_rounds_to_53", fix: gpR1, change: opt(3, 1900, 0), year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p95_plus ref=2018 bmt=1900 bfa=1400 tmt=1953 tfa=1470 src=grid", adv3, "25200.00")},
		{name: "R-OBJ-2_non_GP_has_no_MT_target", fix: cardioR1, year: 2020,
			want: outcome{ledger: lg("paid", "", lCard, 1, "8400.00"), payments: []string{advCar}}},
		{name: "R-OBJ-2_R2_grid_is_R1_grid", fix: gpR2, change: func(f *fixture) { f.c.Option = 3 }, year: 2023,
			want: outcome{ledger: lg("paid", "", "regime=R2 start=2023-09-15 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1368 tfa=1890 src=grid", 1, "36000.00"),
				payments: []string{"advance k1 2023-10-15 T2019 base=36000.00 obs=null att=null mod=null pro=null due=36000.00 paid=0.00 payable=36000.00 []"}}},
		{name: "R-OBJ-4_new_installation_max_of_baseline_and_P50_per_measure", fix: gpR1,
			change: func(f *fixture) { f.c.NewInstallation = true; f.c.BaselineMTAdult = Some(1100) }, year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p50_p70 ref=2018 bmt=1100 bfa=1400 tmt=1100 tfa=1500 src=new_installation", adv10, "12600.00")},
		{name: "R-OBJ-4_new_installation_whatever_the_band_p95_plus_option_3", fix: gpR1,
			change: func(f *fixture) {
				opt(3, 1900, 3100)(f)
				f.c.NewInstallation = true
			}, year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p95_plus ref=2018 bmt=1900 bfa=3100 tmt=1900 tfa=3100 src=new_installation", adv3, "25200.00")},
		{name: "R-OBJ-4_new_installation_non_GP", fix: cardioR1,
			change: func(f *fixture) { f.c.NewInstallation = true; f.c.BaselineFA = Some(900) }, year: 2020,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2020-03-01 band=p30_p50 ref=2019 bmt=null bfa=900 tmt=null tfa=1200 src=new_installation", 1, "8400.00"), payments: []string{advCar}}},
		{name: "R-OBJ-4_new_installation_R2_uses_the_2021_P50s", fix: gpR2,
			change: func(f *fixture) { f.c.NewInstallation = true }, year: 2023,
			want: outcome{ledger: lg("paid", "", "regime=R2 start=2023-09-15 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1100 tfa=1500 src=new_installation", 1, "18000.00"), payments: []string{advR2}}},
		{name: "R-OBJ-5_negotiated_FA_replaces_FA_only_MT_from_the_computed_T_FA", fix: gpR1,
			change: func(f *fixture) { f.c.TargetFA = Some(1600) }, year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=1163 tfa=1600 src=contract", adv10, "12600.00")},
		{name: "R-OBJ-5_negotiated_MT_replaces_MT_only", fix: gpR1,
			change: func(f *fixture) { f.c.TargetMT = Some(1000) }, year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=1000 tfa=1750 src=contract", adv10, "12600.00")},
		{name: "R-OBJ-5_both_negotiated_even_below_the_baselines", fix: gpR1,
			change: func(f *fixture) { f.c.TargetMT, f.c.TargetFA = Some(800), Some(1300) }, year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=800 tfa=1300 src=contract", adv10, "12600.00")},
		{name: "R-OBJ-5_negotiated_outranks_new_installation_as_source", fix: gpR1,
			change: func(f *fixture) { f.c.NewInstallation = true; f.c.TargetFA = Some(1450) }, year: 2019,
			want: paid("regime=R1 start=2019-10-15 band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=1000 tfa=1450 src=contract", adv10, "12600.00")},
		{name: "R-OBJ-5_target_mt_ignored_for_a_non_GP", fix: cardioR1,
			change: func(f *fixture) { f.c.TargetMT = Some(5000) }, year: 2020,
			want: outcome{ledger: lg("paid", "", lCard, 1, "8400.00"), payments: []string{advCar}}},
		{name: "R-OBJ-5_negotiated_FA_for_a_non_GP", fix: cardioR1,
			change: func(f *fixture) { f.c.TargetFA, f.c.TargetMT = Some(1100), Some(5000) }, year: 2020,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2020-03-01 band=p30_p50 ref=2019 bmt=null bfa=1000 tmt=null tfa=1100 src=contract", 1, "8400.00"), payments: []string{advCar}}},
	})
}
