package calc

import (
	"math"
	"testing"
)

func TestRoundMoney(t *testing.T) {
	cases := []struct {
		name    string
		amount  Cents
		factors []Ratio
		want    Cents
	}{
		{"R-MONEY-1_plus_half_cent_rounds_away_from_zero_1x1/2", 1, []Ratio{NewRatio(1, 2)}, 1},
		{"R-MONEY-1_minus_half_cent_rounds_away_from_zero_-1x1/2", -1, []Ratio{NewRatio(1, 2)}, -1},
		{"R-MONEY-1_one_and_a_half_cent_3x1/2", 3, []Ratio{NewRatio(1, 2)}, 2},
		{"R-MONEY-1_minus_one_and_a_half_cent_-3x1/2", -3, []Ratio{NewRatio(1, 2)}, -2},
		{"R-MONEY-1_two_and_a_half_cents_5x1/2", 5, []Ratio{NewRatio(1, 2)}, 3},
		{"R-MONEY-1_0.49_cent_rounds_down", 1, []Ratio{NewRatio(49, 100)}, 0},
		{"R-MONEY-1_-0.49_cent_rounds_toward_zero", -1, []Ratio{NewRatio(49, 100)}, 0},
		{"R-MONEY-1_0.51_cent_rounds_up", 1, []Ratio{NewRatio(51, 100)}, 1},
		{"R-MONEY-1_0.4999999_cent_rounds_down", 1, []Ratio{NewRatio(4999999, 10000000)}, 0},
		{"R-MONEY-1_0.5000001_cent_rounds_up", 1, []Ratio{NewRatio(5000001, 10000000)}, 1},
		{"R-MONEY-1_two_thirds", 100, []Ratio{NewRatio(2, 3)}, 67},
		{"R-MONEY-1_minus_two_thirds", -100, []Ratio{NewRatio(2, 3)}, -67},
		{"R-MONEY-1_no_factor_is_identity", 1260000, nil, 1260000},
		{"R-MONEY-1_zero_factor", 1260000, []Ratio{Zero}, 0},
		{"R-MONEY-1_advance_70pct_of_18000", Euros(18000), []Ratio{NewRatio(70, 100)}, Euros(12600)},
		{"R-MONEY-1_rounded_once_over_two_factors_not_per_factor", 1050000, []Ratio{NewRatio(1539, 2630), NewRatio(1, 1)}, 614430},
		// 1 cent × 1/2 × 1/2 = 0.25 → 0 once; rounding after each factor would give 1 then 1.
		{"R-MONEY-1_rounded_once_quarter_cent", 1, []Ratio{NewRatio(1, 2), NewRatio(1, 2)}, 0},
		{"R-PAY-3_prorata_169/366_of_18000", Euros(18000), []Ratio{One, NewRatio(169, 366)}, 831148},
		{"R-PAY-3_prorata_78/365_of_13500", Euros(13500), []Ratio{One, NewRatio(78, 365)}, 288493},
		// 9e18 × 999 overflows int64; the exact product is 8.991e18, which fits.
		{"R-MONEY-1_big_value_no_int64_overflow", 9_000_000_000_000_000_000, []Ratio{NewRatio(999, 1000)}, 8_991_000_000_000_000_000},
		{"R-MONEY-1_big_value_rounds_up_0.999", 9_000_000_000_000_000_001, []Ratio{NewRatio(999, 1000)}, 8_991_000_000_000_000_001},
		{"R-MONEY-1_big_negative_value", -9_000_000_000_000_000_001, []Ratio{NewRatio(999, 1000)}, -8_991_000_000_000_000_001},
		{"R-MONEY-1_max_int64_times_large_fraction", math.MaxInt64, []Ratio{NewRatio(math.MaxInt64-1, math.MaxInt64)}, math.MaxInt64 - 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := RoundMoney(tc.amount, tc.factors...); got != tc.want {
				t.Errorf("RoundMoney(%d, %v) = %d, want %d", tc.amount, tc.factors, got, tc.want)
			}
		})
	}
}

func TestRatioMicros(t *testing.T) {
	cases := []struct {
		name     string
		r        Ratio
		want     int64
		wantText string
	}{
		{"R-MONEY-2_half_at_6th_decimal_rounds_away_positive", NewRatio(1, 2_000_000), 1, "0.000001"},
		{"R-MONEY-2_half_at_6th_decimal_rounds_away_negative", NewRatio(-1, 2_000_000), -1, "-0.000001"},
		{"R-MONEY-2_1.5_micro_positive", NewRatio(3, 2_000_000), 2, "0.000002"},
		{"R-MONEY-2_1.5_micro_negative", NewRatio(-3, 2_000_000), -2, "-0.000002"},
		{"R-MONEY-2_0.4999_micro_rounds_to_zero", NewRatio(4999, 10_000_000_000), 0, "0.000000"},
		{"R-MONEY-2_-0.4999_micro_rounds_to_zero", NewRatio(-4999, 10_000_000_000), 0, "0.000000"},
		{"R-MONEY-2_one_third", NewRatio(1, 3), 333333, "0.333333"},
		{"R-MONEY-2_two_thirds_rounds_up", NewRatio(2, 3), 666667, "0.666667"},
		{"R-MONEY-2_minus_two_thirds", NewRatio(-2, 3), -666667, "-0.666667"},
		{"R-MONEY-2_worked_example_attainment", NewRatio(1539, 2630), 585171, "0.585171"},
		{"R-MONEY-2_worked_example_MT_rate", NewRatio(150, 263), 570342, "0.570342"},
		{"R-MONEY-2_one", One, 1_000_000, "1.000000"},
		{"R-MONEY-2_zero", Zero, 0, "0.000000"},
		{"R-MONEY-2_prorata_169/366", NewRatio(169, 366), 461749, "0.461749"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.r.Micros(); got != tc.want {
				t.Errorf("%d/%d Micros = %d, want %d", tc.r.Num, tc.r.Den, got, tc.want)
			}
			if got := tc.r.String(); got != tc.wantText {
				t.Errorf("%d/%d String = %s, want %s", tc.r.Num, tc.r.Den, got, tc.wantText)
			}
		})
	}
}

func TestRoundHalfUp(t *testing.T) {
	cases := []struct {
		name     string
		num, den int64
		want     int64
	}{
		{"R-OBJ-3_262.5_rounds_up_to_263", 525, 2, 263},
		{"R-MONEY-1_2.5_rounds_up_to_3", 5, 2, 3},
		{"R-MONEY-1_3.5_rounds_up_to_4", 7, 2, 4},
		{"R-MONEY-1_262.4_rounds_down", 2624, 10, 262},
		{"R-MONEY-1_262.6_rounds_up", 2626, 10, 263},
		{"R-MONEY-1_integer_unchanged", 1750, 1, 1750},
		{"R-OBJ-3_1400x125/100_is_1750", 1400 * 125, 100, 1750},
		{"R-OBJ-3_0.75x490_is_367.5_rounds_to_368", 3 * 490, 4, 368},
		{"R-OBJ-3_0.75x175_is_131.25_rounds_to_131", 3 * 175, 4, 131},
		{"R-MONEY-1_half_up_is_toward_plus_infinity_for_-2.5", -5, 2, -2},
		{"R-MONEY-1_zero", 0, 7, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := RoundHalfUp(tc.num, tc.den); got != tc.want {
				t.Errorf("RoundHalfUp(%d, %d) = %d, want %d", tc.num, tc.den, got, tc.want)
			}
		})
	}
}

func TestRatioAndCents(t *testing.T) {
	t.Run("R-MONEY-1_NewRatio_reduces_and_moves_sign_to_numerator", func(t *testing.T) {
		if r := NewRatio(6, -8); r != (Ratio{-3, 4}) {
			t.Errorf("NewRatio(6,-8) = %v", r)
		}
		if r := NewRatio(0, 5); r != (Ratio{0, 1}) {
			t.Errorf("NewRatio(0,5) = %v", r)
		}
	})
	t.Run("R-MONEY-1_zero_denominator_panics", func(t *testing.T) {
		defer func() {
			if recover() == nil {
				t.Error("no panic")
			}
		}()
		NewRatio(1, 0)
	})
	t.Run("R-MONEY-1_exact_add_mul_cmp", func(t *testing.T) {
		a := NewRatio(3, 5).Add(NewRatio(150, 263)).Mul(NewRatio(1, 2))
		if a != (Ratio{1539, 2630}) {
			t.Errorf("(3/5 + 150/263)/2 = %v, want 1539/2630", a)
		}
		if a.Cmp(NewRatio(3, 4)) != -1 || NewRatio(3, 4).Cmp(NewRatio(6, 8)) != 0 || One.Cmp(a) != 1 {
			t.Error("Cmp")
		}
	})
	t.Run("R-ATT-2_Clamp01", func(t *testing.T) {
		for _, c := range []struct{ in, want Ratio }{
			{NewRatio(-1, 3), Zero}, {NewRatio(4, 3), One}, {NewRatio(2, 3), NewRatio(2, 3)}, {One, One}, {Zero, Zero},
		} {
			if got := c.in.Clamp01(); got != c.want {
				t.Errorf("Clamp01(%v) = %v, want %v", c.in, got, c.want)
			}
		}
	})
	t.Run("R-MONEY-1_ParseRatio_exact_fractions_only", func(t *testing.T) {
		for s, want := range map[string]Ratio{"70/100": {7, 10}, "1": One, "0": Zero, " 3 / 4 ": {3, 4}} {
			if got, err := ParseRatio(s); err != nil || got != want {
				t.Errorf("ParseRatio(%q) = %v, %v; want %v", s, got, err, want)
			}
		}
		for _, s := range []string{"", "a/b", "1/0", "1/-2", "0.7", "1/"} {
			if _, err := ParseRatio(s); err == nil {
				t.Errorf("ParseRatio(%q) accepted", s)
			}
		}
	})
	t.Run("R-MONEY-2_Cents_String", func(t *testing.T) {
		for c, want := range map[Cents]string{0: "0.00", 1: "0.01", -1: "-0.01", 1260000: "12600.00", -428852: "-4288.52", 614430: "6144.30", Euros(-12600): "-12600.00"} {
			if got := c.String(); got != want {
				t.Errorf("Cents(%d) = %s, want %s", int64(c), got, want)
			}
		}
	})
}
