package calc

import (
	"testing"
)

// Tests of the rules RULES.md v1.3 added or changed: R-PAY-1 instalment schedules,
// R-SUSP-1 suspensions, E-CLINICAL, R-ATT-3 by regime.

// advR2k renders an R2 instalment row of gpR2 (T2024 from year 2 on).
func advR2k(k int, date, base, amount string) string {
	return "advance k" + string(rune('0'+k)) + " " + date + " T2024 base=" + base + " obs=null att=null mod=null pro=null due=" + amount + " paid=0.00 payable=" + amount + " []"
}

// setR2k renders an on-target R2 settlement row of gpR2 whose instalments paid it all.
func setR2k(k int, date, obs, base string) string {
	return "settlement k" + string(rune('0'+k)) + " " + date + " T2024 base=" + base + " obs=" + obs + " att=1.000000 mod=1.000000 pro=1.000000 due=" + base + " paid=" + base + " payable=0.00 []"
}

// TestInstalments covers R-PAY-1/R-PAY-2 with the R2 schedule over a whole contract:
// gpR2 (S = 2023-09-15, signed 2023-09-01: year 1 on T2019, later years on T2024).
func TestInstalments(t *testing.T) {
	runEvalCases(t, []evalCase{
		{name: "R-PAY-1_R2_year_1_in_full_at_S_plus_30_on_T2019", fix: gpR2, year: 2023,
			want: outcome{ledger: lg("paid", "", lR2, 1, "18000.00"), payments: []string{advR2}}},
		{name: "R-PAY-1_R2_year_2_in_full_on_the_first_anniversary", fix: gpR2, year: 2024,
			want: outcome{ledger: lg("paid", "", lR2, 2, "14000.00"), payments: []string{
				"settlement k1 2024-09-15 T2019 base=18000.00 obs=2024 att=1.000000 mod=1.000000 pro=1.000000 due=18000.00 paid=18000.00 payable=0.00 []",
				advR2k(2, "2024-09-15", "14000.00", "14000.00")}}},
		{name: "R-PAY-1_R2_year_3_first_half_on_its_first_day", fix: gpR2, year: 2025,
			want: outcome{ledger: lg("paid", "", lR2, 2, "5500.00"), payments: []string{
				setR2k(2, "2025-09-15", "2025", "14000.00"), advR2k(3, "2025-09-15", "11000.00", "5500.00")}}},
		{name: "R-PAY-1_R2_year_3_second_half_at_day_182_then_year_4", fix: gpR2, year: 2026,
			want: outcome{ledger: lg("paid", "", lR2, 3, "11000.00"), payments: []string{
				advR2k(3, "2026-03-16", "11000.00", "5500.00"), setR2k(3, "2026-09-15", "2026", "11000.00"),
				advR2k(4, "2026-09-15", "11000.00", "5500.00")}}},
		{name: "R-PAY-1_R2_year_5_halves_around_29_Feb_2028", fix: gpR2, year: 2028,
			want: outcome{ledger: lg("paid", "", lR2, 2, "5500.00"), payments: []string{
				advR2k(5, "2028-03-15", "11000.00", "5500.00"), setR2k(5, "2028-09-15", "2028", "11000.00")}}},
		{name: "R-PAY-2_R2_year_4_half_attainment_recovers_half_of_the_instalments", fix: gpR2,
			change: func(f *fixture) { f.row(2027).FileActive = 1575 }, year: 2027,
			want: outcome{ledger: lg("paid", "", lR2, 3, "5500.00"), payments: []string{
				advR2k(4, "2027-03-16", "11000.00", "5500.00"),
				"settlement k4 2027-09-15 T2024 base=11000.00 obs=2027 att=0.500000 mod=0.500000 pro=1.000000 due=5500.00 paid=11000.00 payable=-5500.00 []",
				advR2k(5, "2027-09-15", "11000.00", "5500.00")}}},
		{name: "R-PAY-1_instalment_on_or_after_the_coverage_end_does_not_fall_due", fix: gpR2,
			change: func(f *fixture) { f.c.EndedOn = od("2026-03-15") }, year: 2026,
			want: outcome{ledger: lg("paid", "", lR2, 1, "-15.07"), payments: []string{
				"settlement k3 2026-03-16 T2024 base=11000.00 obs=2025 att=1.000000 mod=1.000000 pro=0.498630 due=5484.93 paid=5500.00 payable=-15.07 []"}},
			check: func(t *testing.T, x *Explanation) {
				in := x.Years[0].Instalments[1]
				if in.FellDue || in.NotDue != NotDueAfterCoverage || in.Date != d("2026-03-16") || in.Amount != 550000 {
					t.Errorf("instalment 2 %+v", in)
				}
			}},
		{name: "R-PAY-1_R1_year_2_has_no_instalment", fix: gpR1, year: 2020, asOf: "2020-12-31",
			want: outcome{ledger: lg("paid", "", l10, 1, "5400.00"), payments: []string{k1_10}}},
	})
	t.Run("R-PAY-1_advance_row_columns", func(t *testing.T) {
		f := gpR2()
		p := f.eval(2024).Payments()[1]
		want := "C2 D2 advance k2 2024-09-15 [2024-09-15,2025-09-15) cov=null days=365 T2024 band=p30_p50 obs=null tfa=null tmt=null ofa=null omt=null src=null att=null mod=null pro=null base=14000.00 due=14000.00 paid=0.00 payable=14000.00 []"
		if got := rowS(p); got != want || p.Instalment != Some(1) || p.SuspendedDays.Valid {
			t.Errorf("\n got %s instalment %v suspended %v\nwant %s", got, p.Instalment, p.SuspendedDays, want)
		}
	})
}

// TestSuspensions covers R-SUSP-1 with R-PAY-1/R-PAY-3 on gpR2 (year 3 = [2025-09-15,
// 2026-09-15), 365 days, instalments on 2025-09-15 and 2026-03-16).
func TestSuspensions(t *testing.T) {
	susp := func(ps ...Suspension) func(f *fixture) { return func(f *fixture) { f.c.Suspensions = ps } }
	until := func(from, last string) Suspension { return Suspension{From: d(from), Until: od(last)} }
	suspended := func(k int, days int64) func(t *testing.T, x *Explanation) {
		return func(t *testing.T, x *Explanation) {
			for _, p := range x.Payments() {
				if p.Kind == "settlement" && p.ContractYear == int32(k) && p.SuspendedDays != Some(days) {
					t.Errorf("suspended_days %v, want %d", p.SuspendedDays, days)
				}
			}
		}
	}
	runEvalCases(t, []evalCase{
		{name: "R-SUSP-1_suspension_over_an_instalment_date_it_does_not_fall_due_prorata_334/365", fix: gpR2,
			change: susp(until("2026-03-01", "2026-03-31")), year: 2026,
			want: outcome{ledger: lg("paid", "", lR2, 2, "10065.75"), payments: []string{
				"settlement k3 2026-09-15 T2024 base=11000.00 obs=2026 att=1.000000 mod=1.000000 pro=0.915068 due=10065.75 paid=5500.00 payable=4565.75 []",
				advR2k(4, "2026-09-15", "11000.00", "5500.00")}},
			check: suspended(3, 31)},
		{name: "R-SUSP-1_overlapping_and_touching_periods_count_once", fix: gpR2,
			change: susp(until("2026-03-01", "2026-03-20"), until("2026-03-10", "2026-03-25"), until("2026-03-26", "2026-03-31")), year: 2026,
			want: outcome{ledger: lg("paid", "", lR2, 2, "10065.75"), payments: []string{
				"settlement k3 2026-09-15 T2024 base=11000.00 obs=2026 att=1.000000 mod=1.000000 pro=0.915068 due=10065.75 paid=5500.00 payable=4565.75 []",
				advR2k(4, "2026-09-15", "11000.00", "5500.00")}},
			check: suspended(3, 31)},
		{name: "R-SUSP-1_wholly_suspended_year_no_settlement_no_instalment", fix: gpR2,
			change: susp(until("2025-09-15", "2026-09-14")), year: 2026,
			want: outcome{ledger: lg("paid", "", lR2, 1, "5500.00"), payments: []string{advR2k(4, "2026-09-15", "11000.00", "5500.00")}},
			check: func(t *testing.T, x *Explanation) {
				y := x.Years[0]
				if y.K != 3 || !y.WhollySuspended || y.Settlement != nil || y.SuspendedDays != 365 || y.AlreadyPaid != 0 {
					t.Errorf("year %d wholly suspended %t settlement %v suspended %d paid %s", y.K, y.WhollySuspended, y.Settlement, y.SuspendedDays, y.AlreadyPaid)
				}
			}},
		{name: "R-SUSP-1_wholly_suspended_year_its_first_instalment_on_the_year_2_settlement_day", fix: gpR2,
			change: susp(until("2025-09-15", "2026-09-14")), year: 2025,
			want:  outcome{ledger: lg("paid", "", lR2, 1, "0.00"), payments: []string{setR2k(2, "2025-09-15", "2025", "14000.00")}},
			check: suspended(2, 0)},
		{name: "R-SUSP-1_still_suspended_prorata_108/365_and_recovery", fix: gpR2,
			change: susp(Suspension{From: d("2026-01-01")}), year: 2026,
			want: outcome{ledger: lg("paid", "", lR2, 1, "-2245.21"), payments: []string{
				"settlement k3 2026-09-15 T2024 base=11000.00 obs=2026 att=1.000000 mod=1.000000 pro=0.295890 due=3254.79 paid=5500.00 payable=-2245.21 []"}},
			check: suspended(3, 257)},
		{name: "R-SUSP-1_changes_nothing_for_a_contract_not_started", fix: gpR2,
			change: func(f *fixture) {
				f.c.HiredOn = OptDate{}
				f.c.Suspensions = []Suspension{until("2024-01-01", "2024-12-31")}
			}, year: 2024,
			want: outcome{ledger: lg("not_started", "", "regime=R2 start=null band=p30_p50 ref=2021 bmt=1000 bfa=1400 tmt=1263 tfa=1750 src=grid", 0, "0.00")}},
		{name: "R-SUSP-1_changes_nothing_for_an_ineligible_contract", fix: gpR2,
			change: func(f *fixture) {
				f.c.TariffSector = "S2"
				f.c.Suspensions = []Suspension{until("2024-01-01", "2024-12-31")}
			}, year: 2024,
			want: outcome{ledger: lg("ineligible", "E-SECTOR", lR2, 0, "0.00")}},
	})
}

// surgeonR3 is a general surgeon (04) under R3: signed and hired 2024-09-01, option 2,
// baseline 2023 FA 1000 (p30_p50 of the other-specialty distribution) → T_FA 1250; fees
// 100 000.00 of which 20 000.00 CCAM (exactly 1/5).
func surgeonR3() *fixture {
	f := &fixture{acts: map[actKey]*Activity{}, bands: map[DistKey]Band{}}
	f.c = Contract{ContractID: "C5", DoctorID: "D5", Specialty: "04", TariffSector: "S1", Option: 2,
		SignedOn: d("2024-09-01"), HiredOn: od("2024-09-01"), Fees12mTotal: Some(10_000_000), Fees12mCCAM: Some(2_000_000)}
	f.setRow(2023, OptInt{}, OptInt{}, 1000)
	return f
}

// TestClinical covers E-CLINICAL (R2/R3) and NO_FEES.
func TestClinical(t *testing.T) {
	lSurg := "regime=R3 start=2024-09-01 band=p30_p50 ref=2021 bmt=null bfa=1000 tmt=null tfa=1250 src=grid"
	lSurgErr := "regime=R3 start=2024-09-01 band=null ref=2021 bmt=null bfa=1000 tmt=null tfa=null src=null"
	adv := "advance k1 2024-10-01 T2024 base=19000.00 obs=null att=null mod=null pro=null due=19000.00 paid=0.00 payable=19000.00 []"
	fees := func(total, ccam OptInt) func(f *fixture) {
		return func(f *fixture) { f.c.Fees12mTotal, f.c.Fees12mCCAM = total, ccam }
	}
	runEvalCases(t, []evalCase{
		{name: "E-CLINICAL_surgeon_at_exactly_20pct_passes", fix: surgeonR3, year: 2024,
			want: outcome{ledger: lg("paid", "", lSurg, 1, "19000.00"), payments: []string{adv}},
			check: func(t *testing.T, x *Explanation) {
				want := "clinical_test from 2023-05-01 cell max_ccam_share: exactly 20 % passes: ameli writes both «moins de 20 %» of CCAM fees and «80 % et plus» of clinical fees; the «en clair» sentence decides"
				if !containsStr(x.Assumptions, want) {
					t.Errorf("assumptions %q lack the boundary", x.Assumptions)
				}
			}},
		{name: "E-CLINICAL_surgeon_one_cent_above_20pct_fails", fix: surgeonR3, change: fees(Some(10_000_000), Some(2_000_001)), year: 2024,
			want: outcome{ledger: lg("ineligible", "E-CLINICAL", lSurg, 0, "0.00")}},
		{name: "E-CLINICAL_zero_fees_pass", fix: surgeonR3, change: fees(Some(0), Some(0)), year: 2024,
			want: outcome{ledger: lg("paid", "", lSurg, 1, "19000.00"), payments: []string{adv}}},
		{name: "E-CLINICAL_null_fees_is_NO_FEES_error", fix: surgeonR3, change: fees(Some(10_000_000), OptInt{}), year: 2024,
			want: outcome{ledger: lg("error", "NO_FEES", lSurgErr, 0, "0.00")}},
		{name: "E-CLINICAL_NO_FEES_listed_with_NO_BASELINE_no_E-code_evaluated", fix: surgeonR3,
			change: func(f *fixture) { f.c.Fees12mTotal, f.c.DoctorID, f.c.TariffSector = OptInt{}, "D9", "S2" }, year: 2024,
			want: outcome{ledger: lg("error", "NO_BASELINE;NO_FEES", "regime=R3 start=2024-09-01 band=null ref=2021 bmt=null bfa=null tmt=null tfa=null src=null", 0, "0.00")},
			check: func(t *testing.T, x *Explanation) {
				if len(x.Checks) != 0 {
					t.Errorf("checks evaluated: %v", x.Checks)
				}
			}},
		{name: "E-CLINICAL_fails_with_the_other_E-codes", fix: surgeonR3,
			change: func(f *fixture) { f.c.Fees12mCCAM, f.c.TariffSector = Some(5_000_000), "S2" }, year: 2024,
			want: outcome{ledger: lg("ineligible", "E-CLINICAL;E-SECTOR", lSurg, 0, "0.00")}},
		{name: "E-CLINICAL_not_applied_to_a_specialty_outside_the_list", fix: surgeonR3,
			change: func(f *fixture) { f.c.Specialty = "03"; f.c.Fees12mTotal, f.c.Fees12mCCAM = OptInt{}, OptInt{} }, year: 2024,
			want: outcome{ledger: lg("paid", "", lSurg, 1, "19000.00"), payments: []string{adv}}},
		{name: "E-CLINICAL_not_applied_under_R1_null_fees_ignored", fix: surgeonR3,
			change: func(f *fixture) {
				f.c.SignedOn, f.c.HiredOn, f.c.UnderservedZone, f.c.GroupPractice = d("2022-09-01"), od("2022-09-01"), true, true
				f.c.Fees12mTotal, f.c.Fees12mCCAM = OptInt{}, OptInt{}
				f.setRow(2021, OptInt{}, OptInt{}, 1000)
			}, year: 2022,
			want: outcome{ledger: lg("paid", "", "regime=R1 start=2022-09-01 band=p30_p50 ref=2021 bmt=null bfa=1000 tmt=null tfa=1250 src=grid", 1, "12600.00"),
				payments: []string{"advance k1 2022-09-16 T2019 base=18000.00 obs=null att=null mod=null pro=null due=12600.00 paid=0.00 payable=12600.00 []"}}},
		{name: "E-SPECIALTY_76_radiotherapy_excluded_under_R2_R3", fix: surgeonR3, change: func(f *fixture) { f.c.Specialty = "76" }, year: 2024,
			want: outcome{ledger: lg("ineligible", "E-SPECIALTY", lSurg, 0, "0.00")}},
	})
}

func containsStr(ss []string, s string) bool {
	for _, v := range ss {
		if v == s {
			return true
		}
	}
	return false
}

// TestCombineRates covers R-ATT-3's three combinations and an unknown one.
func TestCombineRates(t *testing.T) {
	fa, mt := NewRatio(3, 5), NewRatio(150, 263)
	for _, tc := range []struct {
		name, comb string
		want       Ratio
	}{
		{"R-ATT-3_min", CombineMin, mt},
		{"R-ATT-3_mean", CombineMean, NewRatio(1539, 2630)},
		{"R-ATT-3_max", CombineMax, fa},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := CombineRates(tc.comb, fa, mt); err != nil || got != tc.want {
				t.Errorf("%v, %v; want %v", got, err, tc.want)
			}
		})
	}
	t.Run("R-ATT-3_unknown_is_an_error", func(t *testing.T) {
		if _, err := CombineRates("median", fa, mt); err == nil {
			t.Error("no error")
		}
	})
	t.Run("R-ATT-3_R3_GP_max_of_rates", func(t *testing.T) {
		f := gpR3()
		f.row(2027).FileActive = 1575 // FA rate 1/2, MT rate 1 → max 1
		x := f.eval(2027)
		y := x.Years[0]
		if y.K != 3 || y.Attainment.R != One || y.RateFA.R != NewRatio(1, 2) {
			t.Errorf("year %d attainment %v FA %v", y.K, y.Attainment.R, y.RateFA.R)
		}
	})
}

// TestSettlementAt covers the simulation helper: R-MOD-1 at 100 %, 75 % and 50 %.
func TestSettlementAt(t *testing.T) {
	f := gpR2()
	run := f.run(2030)
	run.AllYears = true
	x := Evaluate(&f.c, run, f.act, f.band)
	for _, tc := range []struct {
		name         string
		k            int
		att          Ratio
		due, payable Cents
	}{
		{"R-MOD-1_year_3_at_100pct", 3, One, 1100000, 0},
		{"R-MOD-1_year_3_at_75pct_is_full", 3, NewRatio(3, 4), 1100000, 0},
		{"R-MOD-1_year_3_at_50pct", 3, NewRatio(1, 2), 550000, -550000},
		{"R-MOD-1_year_4_at_75pct", 4, NewRatio(3, 4), 825000, -275000},
		{"R-MOD-1_year_1_at_50pct_is_full", 1, NewRatio(1, 2), 1800000, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			due, payable, err := x.SettlementAt(tc.k, tc.att)
			if err != nil || due != tc.due || payable != tc.payable {
				t.Errorf("due %s payable %s %v; want %s %s", due, payable, err, tc.due, tc.payable)
			}
		})
	}
	if _, _, err := x.SettlementAt(6, One); err != ErrNoSettlement {
		t.Errorf("year 6: %v", err)
	}
}
