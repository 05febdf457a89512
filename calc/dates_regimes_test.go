package calc

import "testing"

// TestContractDates covers R-DATE-1 (start, not started, signed after the run year) and
// R-DATE-2/R-DATE-3 (anniversaries, early termination) through whole evaluations.
func TestContractDates(t *testing.T) {
	// gpR1 started on 29 Feb 2020: baseline 2019 (MT 950, FA 1500 → band p50_p70,
	// T_FA 1800, T_MT 1175).
	feb29 := func() *fixture {
		f := gpR1()
		f.c.SignedOn, f.c.HiredOn = d("2020-02-01"), od("2020-02-29")
		return f
	}
	lFeb29 := "regime=R1 start=2020-02-29 band=p50_p70 ref=2019 bmt=950 bfa=1500 tmt=1175 tfa=1800 src=grid"
	ended := func(last string) func(f *fixture) { return func(f *fixture) { f.c.EndedOn = od(last) } }
	runEvalCases(t, []evalCase{
		{name: "R-DATE-1_start_is_the_later_of_signed_on_and_hired_on", fix: gpR1,
			change: func(f *fixture) { f.c.HiredOn = od("2019-09-01") }, year: 2019,
			want: outcome{
				ledger:   lg("paid", "", "regime=R1 start=2019-10-01 band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=1163 tfa=1750 src=grid", 1, "12600.00"),
				payments: []string{"advance k1 2019-10-16 T2019 base=18000.00 obs=null att=null mod=null pro=null due=12600.00 paid=0.00 payable=12600.00 []"}}},
		{name: "R-DATE-1_no_hired_on_is_not_started_band_and_targets_shown", fix: gpR1,
			change: func(f *fixture) { f.c.HiredOn = OptDate{} }, year: 2020,
			want: outcome{ledger: lg("not_started", "", "regime=R1 start=null band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=1163 tfa=1750 src=grid", 0, "0.00")}},
		{name: "R-DATE-1_not_started_in_a_later_year_is_still_not_started", fix: gpR1,
			change: func(f *fixture) { f.c.HiredOn = OptDate{} }, year: 2026,
			want: outcome{ledger: lg("not_started", "", "regime=R1 start=null band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=1163 tfa=1750 src=grid", 0, "0.00")}},
		{name: "R-DATE-1_not_started_is_still_checked_for_eligibility", fix: gpR1,
			change: func(f *fixture) { f.c.HiredOn = OptDate{}; f.c.TariffSector = "S2" }, year: 2020,
			want: outcome{ledger: lg("ineligible", "E-SECTOR", "regime=R1 start=null band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=1163 tfa=1750 src=grid", 0, "0.00")}},
		{name: "R-DATE-1_not_started_is_still_checked_for_errors", fix: gpR1,
			change: func(f *fixture) { f.c.HiredOn = OptDate{}; f.c.DoctorID = "D9" }, year: 2020,
			want: outcome{ledger: lg("error", "NO_BASELINE", "regime=R1 start=null band=null ref=2018 bmt=null bfa=null tmt=null tfa=null src=null", 0, "0.00")}},
		{name: "R-DATE-1_signed_after_the_run_year_is_no_event_and_not_evaluated", fix: gpR1,
			change: func(f *fixture) {
				f.c.SignedOn, f.c.HiredOn = d("2021-01-01"), od("2021-01-15")
				f.c.DoctorID, f.c.TariffSector = "D9", "S2" // would be error / ineligible if evaluated
			}, year: 2020,
			want: outcome{ledger: lg("no_event", "", "regime=R1 start=2021-01-15 band=null ref=null bmt=null bfa=null tmt=null tfa=null src=null", 0, "0.00")},
			check: func(t *testing.T, x *Explanation) {
				want := Ledger{ContractID: "C1", DoctorID: "D9", Specialty: "01", Option: 2, Regime: "R1",
					StartDate: od("2021-01-15"), Status: StatusNoEvent}
				if got := x.Ledger(); got != want {
					t.Errorf("ledger %+v\nwant   %+v", got, want)
				}
				if !x.SignedAfterRun || len(x.Years) != 0 || len(x.Checks) != 0 || len(x.Distributions()) != 0 {
					t.Error("a contract signed after the run year was evaluated")
				}
			}},
		{name: "R-DATE-1_signed_after_the_run_year_not_started_has_null_start", fix: gpR1,
			change: func(f *fixture) { f.c.SignedOn, f.c.HiredOn = d("2021-01-01"), OptDate{} }, year: 2020,
			want: outcome{ledger: lg("no_event", "", "regime=R1 start=null band=null ref=null bmt=null bfa=null tmt=null tfa=null src=null", 0, "0.00")}},
		{name: "R-DATE-1_signed_31_Dec_of_the_run_year_is_evaluated", fix: gpR1,
			change: func(f *fixture) { f.c.SignedOn, f.c.HiredOn = d("2020-12-31"), OptDate{} }, year: 2020,
			want: outcome{ledger: lg("not_started", "", "regime=R1 start=null band=p50_p70 ref=2019 bmt=950 bfa=1500 tmt=1175 tfa=1800 src=grid", 0, "0.00")}},
		{name: "R-DATE-1_signed_after_as_of_but_in_the_run_year_is_evaluated", fix: gpR1,
			change: func(f *fixture) { f.c.SignedOn, f.c.HiredOn = d("2020-11-01"), od("2020-11-15") }, year: 2020, asOf: "2020-06-30",
			want: outcome{ledger: lg("no_event", "", "regime=R1 start=2020-11-15 band=p50_p70 ref=2019 bmt=950 bfa=1500 tmt=1175 tfa=1800 src=grid", 0, "0.00")}},
		{name: "R-DATE-2_start_29_Feb_year_1_ends_28_Feb", fix: feb29, year: 2021,
			want: outcome{ledger: lg("paid", "", lFeb29, 1, "5400.00"),
				payments: []string{"settlement k1 2021-02-28 T2019 base=18000.00 obs=2020 att=0.833333 mod=1.000000 pro=1.000000 due=18000.00 paid=12600.00 payable=5400.00 []"}},
			check: func(t *testing.T, x *Explanation) {
				p := x.Payments()[0]
				if p.PeriodStart != d("2020-02-29") || p.PeriodEnd != d("2021-02-28") || p.PeriodDays != 365 || p.CoveredDays != Some(365) {
					t.Errorf("period %s–%s days %d covered %v", p.PeriodStart, p.PeriodEnd, p.PeriodDays, p.CoveredDays)
				}
			}},
		{name: "R-DATE-2_start_29_Feb_year_4_ends_29_Feb_2024_366_days", fix: feb29, year: 2024,
			want: outcome{ledger: lg("paid", "", lFeb29, 1, "6300.00"),
				payments: []string{"settlement k4 2024-02-29 T2019 base=10500.00 obs=2023 att=0.600000 mod=0.600000 pro=1.000000 due=6300.00 paid=0.00 payable=6300.00 []"}},
			check: func(t *testing.T, x *Explanation) {
				p := x.Payments()[0]
				if p.PeriodStart != d("2023-02-28") || p.PeriodEnd != d("2024-02-29") || p.PeriodDays != 366 || p.CoveredDays != Some(366) {
					t.Errorf("period %s–%s days %d covered %v", p.PeriodStart, p.PeriodEnd, p.PeriodDays, p.CoveredDays)
				}
			}},
		{name: "R-DATE-2_start_29_Feb_year_5_ends_28_Feb_2025", fix: feb29, year: 2025,
			want: outcome{ledger: lg("paid", "", lFeb29, 1, "8750.00"),
				payments: []string{"settlement k5 2025-02-28 T2019 base=10500.00 obs=2024 att=0.833333 mod=0.833333 pro=1.000000 due=8750.00 paid=0.00 payable=8750.00 []"}}},
		{name: "R-DATE-3_start_29_Feb_closed_after_5_years", fix: feb29, year: 2026,
			want: outcome{ledger: lg("closed", "", lFeb29, 0, "0.00")}},
		{name: "R-DATE-3_early_termination_in_year_1_coverage_ends_the_day_after_ended_on", fix: gpR1,
			change: ended("2020-03-31"), year: 2020,
			want: outcome{ledger: lg("paid", "", l10, 1, "-4288.52"),
				payments: []string{"settlement k1 2020-04-01 T2019 base=18000.00 obs=2020 att=1.000000 mod=1.000000 pro=0.461749 due=8311.48 paid=12600.00 payable=-4288.52 []"}},
			check: func(t *testing.T, x *Explanation) {
				p := x.Payments()[0]
				if x.CoverageEnd != d("2020-04-01") || p.PeriodEnd != d("2020-10-15") || p.CoveredDays != Some(169) || p.PeriodDays != 366 || p.Prorata.R != NewRatio(169, 366) {
					t.Errorf("coverage end %s, period end %s, covered %v / %d, prorata %v", x.CoverageEnd, p.PeriodEnd, p.CoveredDays, p.PeriodDays, p.Prorata.R)
				}
			}},
		{name: "R-DATE-3_early_termination_closed_the_next_year", fix: gpR1, change: ended("2020-03-31"), year: 2021,
			want: outcome{ledger: lg("closed", "", l10, 0, "0.00")}},
		{name: "R-DATE-3_ended_on_31_Dec_settles_on_1_Jan_of_next_year", fix: gpR1, change: ended("2020-12-31"), year: 2021,
			want: outcome{ledger: lg("paid", "", l10, 1, "2884.93"),
				payments: []string{"settlement k2 2021-01-01 T2019 base=13500.00 obs=2020 att=1.000000 mod=1.000000 pro=0.213699 due=2884.93 paid=0.00 payable=2884.93 []"}}},
		{name: "R-DATE-3_ended_on_31_Dec_year_1_still_settled_in_full", fix: gpR1, change: ended("2020-12-31"), year: 2020,
			want: outcome{ledger: lg("paid", "", l10, 1, "5400.00"), payments: []string{k1_10}}},
		{name: "R-DATE-3_ended_on_31_Dec_closed_two_years_later", fix: gpR1, change: ended("2020-12-31"), year: 2022,
			want: outcome{ledger: lg("closed", "", l10, 0, "0.00")}},
		{name: "R-DATE-3_ended_on_after_5_years_changes_nothing", fix: gpR1, change: ended("2030-01-01"), year: 2024,
			want: outcome{ledger: lg("paid", "", l10, 1, "10500.00"), payments: []string{k5_10}}},
		{name: "R-DATE-3_contract_lasts_5_years_then_closed", fix: gpR1, year: 2025,
			want: outcome{ledger: lg("closed", "", l10, 0, "0.00")},
			check: func(t *testing.T, x *Explanation) {
				if x.CoverageEnd != d("2024-10-15") {
					t.Errorf("coverage end %s", x.CoverageEnd)
				}
			}},
	})
}

// TestRegimes covers R-REG-1 (regime by signed_on) and R-REG-2 (contract year 1's amount
// table by signed_on, a later year's by its first day).
func TestRegimes(t *testing.T) {
	signed := func(fix func() *fixture, signedOn, hiredOn string) func() *fixture {
		return func() *fixture {
			f := fix()
			f.c.SignedOn, f.c.HiredOn = d(signedOn), od(hiredOn)
			return f
		}
	}
	lR1in2023 := "regime=R1 start=2023-04-30 band=p50_p70 ref=2022 bmt=1050 bfa=1610 tmt=1292 tfa=1932 src=grid"
	lCard21 := "regime=R1 start=2021-07-01 band=p30_p50 ref=2020 bmt=null bfa=1100 tmt=null tfa=1320 src=grid"
	runEvalCases(t, []evalCase{
		{name: "R-REG-1_signed_2019-08-21_is_R1", fix: signed(gpR1, "2019-08-21", "2019-08-21"), year: 2019,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2019-08-21 band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=1163 tfa=1750 src=grid", 1, "12600.00"),
				payments: []string{"advance k1 2019-09-05 T2019 base=18000.00 obs=null att=null mod=null pro=null due=12600.00 paid=0.00 payable=12600.00 []"}}},
		{name: "R-REG-1_signed_2023-04-30_is_R1_70pct_15_days_mt_adult", fix: signed(gpR1, "2023-04-30", "2023-04-30"), year: 2023,
			want: outcome{ledger: lg("paid", "", lR1in2023, 1, "12600.00"),
				payments: []string{"advance k1 2023-05-15 T2019 base=18000.00 obs=null att=null mod=null pro=null due=12600.00 paid=0.00 payable=12600.00 []"}}},
		{name: "R-REG-1_signed_2023-05-01_is_R2_100pct_30_days_mt_total_ref_2021", fix: signed(gpR2, "2023-05-01", "2023-05-01"), year: 2023,
			want: outcome{ledger: lg("paid", "", "regime=R2 start=2023-05-01 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1263 tfa=1750 src=grid", 1, "18000.00"),
				payments: []string{"advance k1 2023-05-31 T2019 base=18000.00 obs=null att=null mod=null pro=null due=18000.00 paid=0.00 payable=18000.00 []"}}},
		{name: "R-REG-1_signed_2024-06-21_is_R2", fix: signed(gpR2, "2024-06-21", "2024-06-21"), year: 2024,
			want: outcome{ledger: lg("paid", "", "regime=R2 start=2024-06-21 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1263 tfa=1750 src=grid", 1, "18000.00"),
				payments: []string{"advance k1 2024-07-21 T2019 base=18000.00 obs=null att=null mod=null pro=null due=18000.00 paid=0.00 payable=18000.00 []"}}},
		{name: "R-REG-1_signed_2024-06-22_is_R3_on_T2024", fix: signed(gpR2, "2024-06-22", "2024-06-22"), year: 2024,
			want: outcome{ledger: lg("paid", "", "regime=R3 start=2024-06-22 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1263 tfa=1750 src=grid", 1, "19000.00"),
				payments: []string{"advance k1 2024-07-22 T2024 base=19000.00 obs=null att=null mod=null pro=null due=19000.00 paid=0.00 payable=19000.00 []"}}},
		{name: "R-REG-2_year_1_straddling_2024-06-22_uses_T2019_year_2_instalment_on_T2024", fix: gpR2, year: 2024,
			want: outcome{ledger: lg("paid", "", lR2, 2, "14000.00"),
				payments: []string{"settlement k1 2024-09-15 T2019 base=18000.00 obs=2024 att=1.000000 mod=1.000000 pro=1.000000 due=18000.00 paid=18000.00 payable=0.00 []",
					"advance k2 2024-09-15 T2024 base=14000.00 obs=null att=null mod=null pro=null due=14000.00 paid=0.00 payable=14000.00 []"}}},
		{name: "R-REG-2_next_year_starting_after_2024-06-22_uses_T2024", fix: gpR2, year: 2025,
			want: outcome{ledger: lg("paid", "", lR2, 2, "5500.00"),
				payments: []string{"settlement k2 2025-09-15 T2024 base=14000.00 obs=2025 att=1.000000 mod=1.000000 pro=1.000000 due=14000.00 paid=14000.00 payable=0.00 []",
					"advance k3 2025-09-15 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []"}}},
		{name: "R-REG-2_year_starting_on_2024-06-22_uses_T2024", fix: signed(gpR2, "2023-06-22", "2023-06-22"), year: 2025,
			want: outcome{ledger: lg("paid", "", "regime=R2 start=2023-06-22 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1263 tfa=1750 src=grid", 3, "11000.00"),
				payments: []string{"settlement k2 2025-06-22 T2024 base=14000.00 obs=2024 att=1.000000 mod=1.000000 pro=1.000000 due=14000.00 paid=14000.00 payable=0.00 []",
					"advance k3 2025-06-22 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []",
					"advance k3 2025-12-21 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []"}}},
		{name: "R-REG-2_year_starting_on_2024-06-21_uses_T2019", fix: signed(gpR2, "2023-06-21", "2023-06-21"), year: 2025,
			want: outcome{ledger: lg("paid", "", "regime=R2 start=2023-06-21 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1263 tfa=1750 src=grid", 3, "11000.00"),
				payments: []string{"settlement k2 2025-06-21 T2019 base=13500.00 obs=2024 att=1.000000 mod=1.000000 pro=1.000000 due=13500.00 paid=13500.00 payable=0.00 []",
					"advance k3 2025-06-21 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []",
					"advance k3 2025-12-20 T2024 base=11000.00 obs=null att=null mod=null pro=null due=5500.00 paid=0.00 payable=5500.00 []"}}},
		{name: "R-REG-2_year_1_on_the_table_in_force_on_signed_on_hired_after_2024-06-22", fix: signed(gpR2, "2024-06-01", "2024-06-25"), year: 2024,
			want: outcome{ledger: lg("paid", "", "regime=R2 start=2024-06-25 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1263 tfa=1750 src=grid", 1, "18000.00"),
				payments: []string{"advance k1 2024-07-25 T2019 base=18000.00 obs=null att=null mod=null pro=null due=18000.00 paid=0.00 payable=18000.00 []"}}},
		{name: "R-REG-2_signed_2024-06-21_hired_in_July_T2019_in_year_1", fix: signed(gpR2, "2024-06-21", "2024-07-10"), year: 2024,
			want: outcome{ledger: lg("paid", "", "regime=R2 start=2024-07-10 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1263 tfa=1750 src=grid", 1, "18000.00"),
				payments: []string{"advance k1 2024-08-09 T2019 base=18000.00 obs=null att=null mod=null pro=null due=18000.00 paid=0.00 payable=18000.00 []"}}},
		{name: "R-REG-2_signed_2024-06-21_hired_in_July_T2024_in_year_2", fix: signed(gpR2, "2024-06-21", "2024-07-10"), year: 2025,
			want: outcome{ledger: lg("paid", "", "regime=R2 start=2024-07-10 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1263 tfa=1750 src=grid", 2, "14000.00"),
				payments: []string{"settlement k1 2025-07-10 T2019 base=18000.00 obs=2025 att=1.000000 mod=1.000000 pro=1.000000 due=18000.00 paid=18000.00 payable=0.00 []",
					"advance k2 2025-07-10 T2024 base=14000.00 obs=null att=null mod=null pro=null due=14000.00 paid=0.00 payable=14000.00 []"}}},
		{name: "R-REG-2_year_1_on_the_table_in_force_on_signed_on_hired_before_2024-06-22", fix: signed(gpR2, "2024-06-01", "2024-06-21"), year: 2024,
			want: outcome{ledger: lg("paid", "", "regime=R2 start=2024-06-21 band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1263 tfa=1750 src=grid", 1, "18000.00"),
				payments: []string{"advance k1 2024-07-21 T2019 base=18000.00 obs=null att=null mod=null pro=null due=18000.00 paid=0.00 payable=18000.00 []"}}},
		{name: "R-REG-2_R1_contract_hired_after_2024-06-22_advance_70pct_of_T2019", fix: signed(gpR1, "2023-04-30", "2024-07-01"), year: 2024,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2024-07-01 band=p50_p70 ref=2022 bmt=1050 bfa=1610 tmt=1292 tfa=1932 src=grid", 1, "12600.00"),
				payments: []string{"advance k1 2024-07-16 T2019 base=18000.00 obs=null att=null mod=null pro=null due=12600.00 paid=0.00 payable=12600.00 []"}}},
		{name: "R-REG-2_R1_option_1_year_3_before_2024-06-22_on_T2019", fix: signed(cardioR1, "2021-07-01", "2021-07-01"), year: 2024,
			want: outcome{ledger: lg("paid", "", lCard21, 1, "1272.73"),
				payments: []string{"settlement k3 2024-07-01 T2019 base=7000.00 obs=2023 att=0.181818 mod=0.181818 pro=1.000000 due=1272.73 paid=0.00 payable=1272.73 []"}}},
		{name: "R-REG-2_R1_option_1_year_4_from_2024-07-01_on_T2024", fix: signed(cardioR1, "2021-07-01", "2021-07-01"), year: 2025,
			want: outcome{ledger: lg("paid", "", lCard21, 1, "3340.91"),
				payments: []string{"settlement k4 2025-07-01 T2024 base=7350.00 obs=2024 att=0.454545 mod=0.454545 pro=1.000000 due=3340.91 paid=0.00 payable=3340.91 []"}}},
	})
}

// TestBandsInEvaluation covers R-BAND-3…7 as a contract reads them.
func TestBandsInEvaluation(t *testing.T) {
	with := func(fix func() *fixture, change func(f *fixture)) func() *fixture {
		return func() *fixture { f := fix(); change(f); return f }
	}
	zeroBand := func(k DistKey) func(f *fixture) {
		return func(f *fixture) {
			f.bands[k] = Band{ReferenceYear: k.ReferenceYear, Specialty: k.Specialty, Measure: k.Measure}
		}
	}
	runEvalCases(t, []evalCase{
		{name: "R-BAND-5_R1_reference_year_is_the_baseline_year", fix: gpR1,
			change: func(f *fixture) {
				f.c.BaselineYear = Some(2017)
				k := DistKey{2017, "01", MeasureFileActive}
				f.bands[k] = mkBand(k, "", 500, 1000, 1500, 2000, 2500) // FA 1400 → p50_p70 in 2017 only
			}, year: 2019,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2019-10-15 band=p50_p70 ref=2017 bmt=900 bfa=1400 tmt=1110 tfa=1680 src=grid", 1, "12600.00"), payments: []string{adv10}}},
		{name: "R-BAND-5_R2_reference_year_is_2021_not_the_baseline_year", fix: gpR2,
			change: func(f *fixture) {
				k := DistKey{2022, "01", MeasureFileActive}
				f.bands[k] = mkBand(k, "", 100, 200, 300, 400, 500) // would make FA 1400 p95_plus
			}, year: 2023,
			want: outcome{ledger: lg("paid", "", lR2, 1, "18000.00"), payments: []string{advR2}}},
		{name: "R-BAND-7_GP_MT_band_higher_than_FA_band", fix: gpR1,
			change: func(f *fixture) { f.c.BaselineMTAdult = Some(1300) }, year: 2019,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2019-10-15 band=p70_p90 ref=2018 bmt=1300 bfa=1400 tmt=1431 tfa=1575 src=grid", 1, "12600.00"), payments: []string{adv10}},
			check: func(t *testing.T, x *Explanation) {
				if x.DistFA.Of != BandP30P50 || x.DistMT.Of != BandP70P90 {
					t.Errorf("FA band %s, MT band %s", x.DistFA.Of, x.DistMT.Of)
				}
			}},
		{name: "R-BAND-7_GP_FA_band_higher_than_MT_band", fix: gpR1,
			change: func(f *fixture) { f.c.BaselineFA = Some(2600) }, year: 2019,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2019-10-15 band=p90_p95 ref=2018 bmt=900 bfa=2600 tmt=1017 tfa=2756 src=grid", 1, "12600.00"), payments: []string{adv10}}},
		{name: "R-BAND-7_non_GP_FA_band_only_row_MT_ignored", fix: cardioR1, year: 2020,
			want: outcome{ledger: lg("paid", "", lCard, 1, "8400.00"), payments: []string{advCar}}},
		{name: "R-BAND-6_MT_on_the_pinned_P30_is_p30_p50_and_eligible", fix: gpR1,
			change: func(f *fixture) { f.c.BaselineMTAdult = Some(640) }, year: 2019,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2019-10-15 band=p30_p50 ref=2018 bmt=640 bfa=1400 tmt=903 tfa=1750 src=grid", 1, "12600.00"), payments: []string{adv10}}},
		{name: "R-BAND-6_MT_one_below_the_pinned_P30_fails_E-FLOOR", fix: gpR1,
			change: func(f *fixture) { f.c.BaselineMTAdult = Some(639) }, year: 2019,
			want: outcome{ledger: lg("ineligible", "E-FLOOR", "regime=R1 start=2019-10-15 band=p30_p50 ref=2018 bmt=639 bfa=1400 tmt=902 tfa=1750 src=grid", 0, "0.00")}},
		{name: "R-BAND-6_FA_on_P95_is_p95_plus", fix: gpR1,
			change: func(f *fixture) { f.c.BaselineFA = Some(3000) }, year: 2019,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2019-10-15 band=p95_plus ref=2018 bmt=900 bfa=3000 tmt=900 tfa=3000 src=grid", 1, "12600.00"), payments: []string{adv10}}},
		{name: "R-BAND-4_pinned_P30_above_computed_P50_built_with_BuildBand", fix: gpR1,
			change: func(f *fixture) {
				k := DistKey{2018, "01", MeasureMTAdult}
				b, err := BuildBand(k, []int32{1000, 900, 800, 700, 600, 500, 400, 300, 200, 100}, testParams)
				if err != nil {
					panic(err)
				}
				f.bands[k] = b // P30 640 (pinned), P50 500, P70 700, P90 900, P95 1000
			}, year: 2019,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2019-10-15 band=p90_p95 ref=2018 bmt=900 bfa=1400 tmt=963 tfa=1484 src=grid", 1, "12600.00"), payments: []string{adv10}}},
		{name: "R-BAND-3_population_0_is_error_NO_DISTRIBUTION", fix: with(gpR1, zeroBand(DistKey{2018, "01", MeasureFileActive})), year: 2019,
			want: outcome{ledger: lg("error", "NO_DISTRIBUTION", "regime=R1 start=2019-10-15 band=null ref=2018 bmt=900 bfa=1400 tmt=null tfa=null src=null", 0, "0.00")}},
		{name: "R-BAND-3_population_0_of_the_MT_measure_is_NO_DISTRIBUTION", fix: with(gpR2, zeroBand(DistKey{2021, "01", MeasureMTTotal})), year: 2023,
			want: outcome{ledger: lg("error", "NO_DISTRIBUTION", "regime=R2 start=2023-09-15 band=null ref=2021 bmt=1000 bfa=1400 tmt=null tfa=null src=null", 0, "0.00")}},
		{name: "R-BAND-3_population_0_of_a_pinned_measure_pins_do_not_apply_NO_DISTRIBUTION", fix: gpR1,
			change: func(f *fixture) {
				k := DistKey{2018, "01", MeasureMTAdult}
				b, err := BuildBand(k, nil, testParams)
				if err != nil {
					panic(err)
				}
				f.bands[k] = b
			}, year: 2019,
			want: outcome{ledger: lg("error", "NO_DISTRIBUTION", "regime=R1 start=2019-10-15 band=null ref=2018 bmt=900 bfa=1400 tmt=null tfa=null src=null", 0, "0.00")}},
		{name: "R-BAND-3_missing_bands_row_counts_as_population_0", fix: cardioR1,
			change: func(f *fixture) { f.bands[DistKey{2019, "03", MeasureFileActive}] = Band{} }, year: 2020,
			want: outcome{ledger: lg("error", "NO_DISTRIBUTION", "regime=R1 start=2020-03-01 band=null ref=2019 bmt=null bfa=1000 tmt=null tfa=null src=null", 0, "0.00")}},
		{name: "R-BAND-3_NO_BASELINE_and_NO_DISTRIBUTION_sorted", fix: with(gpR1, zeroBand(DistKey{2018, "01", MeasureMTAdult})),
			change: func(f *fixture) { f.c.DoctorID = "D9" }, year: 2019,
			want: outcome{ledger: lg("error", "NO_BASELINE;NO_DISTRIBUTION", "regime=R1 start=2019-10-15 band=null ref=2018 bmt=null bfa=null tmt=null tfa=null src=null", 0, "0.00")}},
	})
}
