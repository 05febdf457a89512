package calc

import "testing"

// TestEligibility covers §3: each E-rule passing and failing, exemptions, exact code
// matching and several failures listed in byte order. Ineligible contracts emit nothing
// but show their band and targets.
func TestEligibility(t *testing.T) {
	// gpR1 below P30 on both measures: MT adult 600 (< 640), FA 900 (< 1000), child 50
	// from the 2018 row → band below_p30, targets as p30_p50 (+25 %): T_FA 1125,
	// T_MT 600 + round_half_up(0.75 × 225 = 168.75) = 769.
	below := func(f *fixture) { f.c.BaselineMTAdult, f.c.BaselineFA = Some(600), Some(900) }
	lBelow := "regime=R1 start=2019-10-15 band=below_p30 ref=2018 bmt=600 bfa=900 tmt=769 tfa=1125 src=grid"
	paid10 := outcome{ledger: lg("paid", "", l10, 1, "12600.00"), payments: []string{adv10}}
	in10 := func(reasons string) outcome { return outcome{ledger: lg("ineligible", reasons, l10, 0, "0.00")} }
	paidCard := outcome{ledger: lg("paid", "", lCard, 1, "8400.00"), payments: []string{advCar}}
	// A non-GP code other than 03 reads the same "other specialty" thresholds.
	spec := func(code string, zone bool) func(f *fixture) {
		return func(f *fixture) { f.c.Specialty, f.c.UnderservedZone = code, zone }
	}
	// gpR2 on the non-GP thresholds: FA 1400 → p50_p70, +20 % → 1680.
	lR2nonGP := "regime=R2 start=2023-09-15 band=p50_p70 ref=2021 bmt=null bfa=1400 tmt=null tfa=1680 src=grid"
	runEvalCases(t, []evalCase{
		// E-FLOOR
		{name: "E-FLOOR_below_p30_without_exemption_is_ineligible_band_and_targets_shown", fix: gpR1, change: below, year: 2019,
			want: outcome{ledger: lg("ineligible", "E-FLOOR", lBelow, 0, "0.00")},
			check: func(t *testing.T, x *Explanation) {
				if len(x.Years) != 0 {
					t.Error("an ineligible contract has events")
				}
			}},
		{name: "E-FLOOR_below_p30_new_installation_exempted", fix: gpR1,
			change: func(f *fixture) { below(f); f.c.NewInstallation = true }, year: 2019,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2019-10-15 band=below_p30 ref=2018 bmt=600 bfa=900 tmt=1000 tfa=1500 src=new_installation", 1, "12600.00"), payments: []string{adv10}}},
		{name: "E-FLOOR_below_p30_rqth_ald_exempted_targets_as_p30_p50", fix: gpR1,
			change: func(f *fixture) { below(f); f.c.RqthAld = true }, year: 2019,
			want: outcome{ledger: lg("paid", "", lBelow, 1, "12600.00"), payments: []string{adv10}}},
		{name: "E-FLOOR_R1_GP_child_share_exactly_20pct_not_exempted_4x150_eq_600", fix: gpR1,
			change: func(f *fixture) { below(f); f.c.BaselineMTChild = Some(150) }, year: 2019,
			want: outcome{ledger: lg("ineligible", "E-FLOOR", lBelow, 0, "0.00")}},
		{name: "E-FLOOR_R1_GP_child_share_above_20pct_exempted_4x151_gt_600", fix: gpR1,
			change: func(f *fixture) { below(f); f.c.BaselineMTChild = Some(151) }, year: 2019,
			want: outcome{ledger: lg("paid", "", lBelow, 1, "12600.00"), payments: []string{adv10}}},
		{name: "E-FLOOR_R1_GP_child_share_from_the_activity_row", fix: gpR1,
			change: func(f *fixture) { below(f); f.row(2018).MTChild = Some(151) }, year: 2019,
			want: outcome{ledger: lg("paid", "", lBelow, 1, "12600.00"), payments: []string{adv10}}},
		{name: "E-FLOOR_null_child_counts_0_not_exempted", fix: gpR1,
			change: func(f *fixture) { below(f); f.row(2018).MTChild = OptInt{} }, year: 2019,
			want: outcome{ledger: lg("ineligible", "E-FLOOR", lBelow, 0, "0.00")}},
		{name: "E-FLOOR_null_child_with_adult_0_not_exempted", fix: gpR1,
			change: func(f *fixture) { below(f); f.c.BaselineMTAdult = Some(0); f.row(2018).MTChild = OptInt{} }, year: 2019,
			want: outcome{ledger: lg("ineligible", "E-FLOOR", "regime=R1 start=2019-10-15 band=below_p30 ref=2018 bmt=0 bfa=900 tmt=169 tfa=1125 src=grid", 0, "0.00")}},
		{name: "E-FLOOR_one_child_with_adult_0_exempted", fix: gpR1,
			change: func(f *fixture) { below(f); f.c.BaselineMTAdult = Some(0); f.c.BaselineMTChild = Some(1) }, year: 2019,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2019-10-15 band=below_p30 ref=2018 bmt=0 bfa=900 tmt=169 tfa=1125 src=grid", 1, "12600.00"), payments: []string{adv10}}},
		{name: "E-FLOOR_R2_has_no_child_exemption", fix: gpR2,
			change: func(f *fixture) {
				f.c.BaselineMTAdult, f.c.BaselineMTChild, f.c.BaselineFA = Some(300), Some(400), Some(900) // total 700 < 775
			}, year: 2023,
			want: outcome{ledger: lg("ineligible", "E-FLOOR", "regime=R2 start=2023-09-15 band=below_p30 ref=2021 bmt=700 bfa=900 tmt=869 tfa=1125 src=grid", 0, "0.00")}},
		{name: "E-FLOOR_R2_MT_total_on_pinned_775_eligible", fix: gpR2,
			change: func(f *fixture) { f.c.BaselineMTAdult, f.c.BaselineMTChild = Some(675), Some(100) }, year: 2023,
			want: outcome{ledger: lg("paid", "", "regime=R2 start=2023-09-15 band=p30_p50 ref=2021 bmt=775 bfa=1400 tmt=1038 tfa=1750 src=grid", 1, "18000.00"), payments: []string{advR2}}},
		{name: "E-FLOOR_R2_new_installation_exempted", fix: gpR2,
			change: func(f *fixture) {
				f.c.BaselineMTAdult, f.c.BaselineMTChild, f.c.BaselineFA = Some(300), Some(400), Some(900)
				f.c.NewInstallation = true
			}, year: 2023,
			want: outcome{ledger: lg("paid", "", "regime=R2 start=2023-09-15 band=below_p30 ref=2021 bmt=700 bfa=900 tmt=1100 tfa=1500 src=new_installation", 1, "18000.00"), payments: []string{advR2}}},
		{name: "E-FLOOR_GP_floor_is_the_MT_measure_only_FA_below_P30_is_fine", fix: gpR1,
			change: func(f *fixture) { f.c.BaselineFA = Some(900) }, year: 2019,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2019-10-15 band=p30_p50 ref=2018 bmt=900 bfa=900 tmt=1069 tfa=1125 src=grid", 1, "12600.00"), payments: []string{adv10}}},
		{name: "E-FLOOR_GP_MT_below_P30_fails_even_with_a_high_FA", fix: gpR1,
			change: func(f *fixture) { f.c.BaselineMTAdult, f.c.BaselineFA = Some(600), Some(2600) }, year: 2019,
			want: outcome{ledger: lg("ineligible", "E-FLOOR", "regime=R1 start=2019-10-15 band=p90_p95 ref=2018 bmt=600 bfa=2600 tmt=717 tfa=2756 src=grid", 0, "0.00")}},
		{name: "E-FLOOR_non_GP_floor_is_FA_below_P30", fix: cardioR1,
			change: func(f *fixture) { f.c.BaselineFA = Some(799) }, year: 2020,
			want: outcome{ledger: lg("ineligible", "E-FLOOR", "regime=R1 start=2020-03-01 band=below_p30 ref=2019 bmt=null bfa=799 tmt=null tfa=959 src=grid", 0, "0.00")}},
		{name: "E-FLOOR_non_GP_FA_on_P30_eligible", fix: cardioR1,
			change: func(f *fixture) { f.c.BaselineFA = Some(800) }, year: 2020,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2020-03-01 band=p30_p50 ref=2019 bmt=null bfa=800 tmt=null tfa=960 src=grid", 1, "8400.00"), payments: []string{advCar}}},
		{name: "E-FLOOR_non_GP_has_no_child_exemption", fix: cardioR1,
			change: func(f *fixture) { f.c.BaselineFA = Some(799); f.c.BaselineMTChild = Some(5000) }, year: 2020,
			want: outcome{ledger: lg("ineligible", "E-FLOOR", "regime=R1 start=2020-03-01 band=below_p30 ref=2019 bmt=null bfa=799 tmt=null tfa=959 src=grid", 0, "0.00")}},
		// E-SECTOR
		{name: "E-SECTOR_S1_eligible", fix: gpR1, year: 2019, want: paid10},
		{name: "E-SECTOR_S2_OPTAM_eligible", fix: gpR1, change: func(f *fixture) { f.c.TariffSector = "S2_OPTAM" }, year: 2019, want: paid10},
		{name: "E-SECTOR_S2_OPTAMCO_eligible", fix: gpR1, change: func(f *fixture) { f.c.TariffSector = "S2_OPTAMCO" }, year: 2019, want: paid10},
		{name: "E-SECTOR_S2_ineligible", fix: gpR1, change: func(f *fixture) { f.c.TariffSector = "S2" }, year: 2019, want: in10("E-SECTOR")},
		{name: "E-SECTOR_lowercase_s1_is_not_S1", fix: gpR1, change: func(f *fixture) { f.c.TariffSector = "s1" }, year: 2019, want: in10("E-SECTOR")},
		{name: "E-SECTOR_R3_S2_ineligible", fix: gpR3, change: func(f *fixture) { f.c.TariffSector = "S2" }, year: 2024,
			want: outcome{ledger: lg("ineligible", "E-SECTOR", lR3, 0, "0.00")}},
		// E-SPECIALTY
		{name: "E-SPECIALTY_R1_national_03_eligible", fix: cardioR1, year: 2020, want: paidCard},
		{name: "E-SPECIALTY_R1_national_added_05_eligible", fix: cardioR1, change: spec("05", false), year: 2020, want: paidCard},
		{name: "E-SPECIALTY_R1_under_served_only_02_with_zone_eligible", fix: cardioR1, change: spec("02", true), year: 2020, want: paidCard},
		{name: "E-SPECIALTY_R1_under_served_only_02_without_zone_ineligible", fix: cardioR1, change: spec("02", false), year: 2020,
			want: outcome{ledger: lg("ineligible", "E-SPECIALTY", lCard, 0, "0.00")}},
		{name: "E-SPECIALTY_R1_under_served_added_42_without_zone_ineligible", fix: cardioR1, change: spec("42", false), year: 2020,
			want: outcome{ledger: lg("ineligible", "E-SPECIALTY", lCard, 0, "0.00")}},
		{name: "E-SPECIALTY_R1_not_listed_99_ineligible_even_with_zone", fix: cardioR1, change: spec("99", true), year: 2020,
			want: outcome{ledger: lg("ineligible", "E-SPECIALTY", lCard, 0, "0.00")}},
		{name: "E-SPECIALTY_R1_not_listed_18_ineligible", fix: cardioR1, change: spec("18", false), year: 2020,
			want: outcome{ledger: lg("ineligible", "E-SPECIALTY", lCard, 0, "0.00")}},
		{name: "E-SPECIALTY_code_1_is_not_01_not_a_GP_and_not_listed", fix: gpR1, change: func(f *fixture) { f.c.Specialty = "1" }, year: 2019,
			want: outcome{ledger: lg("ineligible", "E-SPECIALTY", "regime=R1 start=2019-10-15 band=p50_p70 ref=2018 bmt=null bfa=1400 tmt=null tfa=1680 src=grid", 0, "0.00")},
			check: func(t *testing.T, x *Explanation) {
				if x.GP || x.DistMT != nil || x.DistFA.Key != (DistKey{2018, "1", MeasureFileActive}) {
					t.Errorf("specialty 1 read as a GP: GP=%t dists %v", x.GP, x.Distributions())
				}
			}},
		{name: "E-SPECIALTY_code_3_is_not_03", fix: cardioR1, change: spec("3", false), year: 2020,
			want: outcome{ledger: lg("ineligible", "E-SPECIALTY", lCard, 0, "0.00")}},
		{name: "E-SPECIALTY_R2_excluded_06_ineligible", fix: gpR2, change: spec("06", false), year: 2023,
			want: outcome{ledger: lg("ineligible", "E-SPECIALTY", lR2nonGP, 0, "0.00")}},
		{name: "E-SPECIALTY_R2_excluded_02_ineligible_even_with_zone", fix: gpR2, change: spec("02", true), year: 2023,
			want: outcome{ledger: lg("ineligible", "E-SPECIALTY", lR2nonGP, 0, "0.00")}},
		{name: "E-SPECIALTY_R2_18_excluded_ineligible", fix: gpR2, change: spec("18", false), year: 2023,
			want: outcome{ledger: lg("ineligible", "E-SPECIALTY", lR2nonGP, 0, "0.00")}},
		{name: "E-SPECIALTY_R2_99_not_excluded_eligible", fix: gpR2, change: spec("99", false), year: 2023,
			want: outcome{ledger: lg("paid", "", lR2nonGP, 1, "18000.00"), payments: []string{advR2}}},
		{name: "E-SPECIALTY_R3_excluded_74_ineligible", fix: gpR3, change: spec("74", false), year: 2024,
			want: outcome{ledger: lg("ineligible", "E-SPECIALTY", "regime=R3 start=2024-09-01 band=p50_p70 ref=2021 bmt=null bfa=1400 tmt=null tfa=1680 src=grid", 0, "0.00")}},
		// E-OPTION
		{name: "E-OPTION_R1_option_3_without_zone_ineligible", fix: gpR1, change: func(f *fixture) { f.c.Option = 3 }, year: 2019,
			want: outcome{ledger: lg("ineligible", "E-OPTION", "regime=R1 start=2019-10-15 band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=1268 tfa=1890 src=grid", 0, "0.00")}},
		{name: "E-OPTION_R1_option_3_with_zone_eligible", fix: gpR1, change: func(f *fixture) { f.c.Option, f.c.UnderservedZone = 3, true }, year: 2019,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2019-10-15 band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=1268 tfa=1890 src=grid", 1, "25200.00"),
				payments: []string{"advance k1 2019-10-30 T2019 base=36000.00 obs=null att=null mod=null pro=null due=25200.00 paid=0.00 payable=25200.00 []"}}},
		{name: "E-OPTION_R1_option_1_without_zone_eligible", fix: cardioR1, year: 2020, want: paidCard},
		{name: "E-OPTION_R2_option_1_cannot_be_signed", fix: gpR2, change: func(f *fixture) { f.c.Option = 1 }, year: 2023,
			want: outcome{ledger: lg("ineligible", "E-OPTION", "regime=R2 start=2023-09-15 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1210 tfa=1680 src=grid", 0, "0.00")}},
		{name: "E-OPTION_R2_option_1_ineligible_even_with_zone", fix: gpR2, change: func(f *fixture) { f.c.Option, f.c.UnderservedZone = 1, true }, year: 2023,
			want: outcome{ledger: lg("ineligible", "E-OPTION", "regime=R2 start=2023-09-15 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1210 tfa=1680 src=grid", 0, "0.00")}},
		{name: "E-OPTION_R2_option_3_without_zone_eligible", fix: gpR2, change: func(f *fixture) { f.c.Option = 3 }, year: 2023,
			want: outcome{ledger: lg("paid", "", "regime=R2 start=2023-09-15 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1368 tfa=1890 src=grid", 1, "36000.00"),
				payments: []string{"advance k1 2023-10-15 T2019 base=36000.00 obs=null att=null mod=null pro=null due=36000.00 paid=0.00 payable=36000.00 []"}}},
		{name: "E-OPTION_R3_option_1_cannot_be_signed", fix: gpR3, change: func(f *fixture) { f.c.Option = 1 }, year: 2024,
			want: outcome{ledger: lg("ineligible", "E-OPTION", "regime=R3 start=2024-09-01 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1210 tfa=1680 src=grid", 0, "0.00")}},
		// E-GROUP
		{name: "E-GROUP_R1_no_group_practice_no_zone_ineligible", fix: gpR1, change: func(f *fixture) { f.c.GroupPractice = false }, year: 2019, want: in10("E-GROUP")},
		{name: "E-GROUP_R1_underserved_zone_derogation_eligible", fix: gpR1,
			change: func(f *fixture) { f.c.GroupPractice, f.c.UnderservedZone = false, true }, year: 2019, want: paid10},
		{name: "E-GROUP_not_checked_under_R2", fix: gpR2, year: 2023,
			want: outcome{ledger: lg("paid", "", lR2, 1, "18000.00"), payments: []string{advR2}},
			check: func(t *testing.T, x *Explanation) {
				for _, c := range x.Checks {
					if c.Rule == "E-GROUP" {
						t.Error("E-GROUP checked under R2")
					}
				}
			}},
		{name: "E-GROUP_not_checked_under_R3", fix: gpR3, year: 2024,
			want: outcome{ledger: lg("paid", "", lR3, 1, "19000.00"), payments: []string{advR3}}},
		// several failures
		{name: "E-SECTOR_E-GROUP_two_failures_sorted", fix: gpR1,
			change: func(f *fixture) { f.c.TariffSector, f.c.GroupPractice = "S2", false }, year: 2019, want: in10("E-GROUP;E-SECTOR")},
		{name: "E-FLOOR_E-GROUP_E-OPTION_E-SECTOR_E-SPECIALTY_all_five_sorted_in_byte_order", fix: cardioR1,
			change: func(f *fixture) {
				f.c.Specialty, f.c.TariffSector, f.c.Option, f.c.GroupPractice, f.c.BaselineFA = "99", "S2", 3, false, Some(700)
			}, year: 2020,
			want: outcome{ledger: lg("ineligible", "E-FLOOR;E-GROUP;E-OPTION;E-SECTOR;E-SPECIALTY", "regime=R1 start=2020-03-01 band=below_p30 ref=2019 bmt=null bfa=700 tmt=null tfa=945 src=grid", 0, "0.00")},
			check: func(t *testing.T, x *Explanation) {
				var rules []string
				for _, c := range x.Checks {
					rules = append(rules, c.Rule)
				}
				if len(rules) != 5 {
					t.Errorf("checks %v", rules)
				}
			}},
		{name: "E-SECTOR_error_outranks_ineligible_E-codes_not_evaluated", fix: gpR1,
			change: func(f *fixture) { f.c.TariffSector, f.c.DoctorID = "S2", "D9" }, year: 2019,
			want: outcome{ledger: lg("error", "NO_BASELINE", "regime=R1 start=2019-10-15 band=null ref=2018 bmt=null bfa=null tmt=null tfa=null src=null", 0, "0.00")},
			check: func(t *testing.T, x *Explanation) {
				if len(x.Checks) != 0 {
					t.Errorf("E-codes evaluated on an error contract: %v", x.Checks)
				}
			}},
	})
}
