package calc

import "testing"

func TestAddYears(t *testing.T) {
	cases := []struct {
		name string
		from string
		n    int
		want string
	}{
		{"R-DATE-2_29_Feb_2020_plus_1_is_28_Feb_2021_not_1_Mar", "2020-02-29", 1, "2021-02-28"},
		{"R-DATE-2_29_Feb_2020_plus_2_is_28_Feb_2022", "2020-02-29", 2, "2022-02-28"},
		{"R-DATE-2_29_Feb_2020_plus_4_is_29_Feb_2024", "2020-02-29", 4, "2024-02-29"},
		{"R-DATE-2_29_Feb_2020_plus_5_is_28_Feb_2025", "2020-02-29", 5, "2025-02-28"},
		{"R-DATE-2_29_Feb_2096_plus_4_is_28_Feb_2100_not_leap", "2096-02-29", 4, "2100-02-28"},
		{"R-DATE-2_29_Feb_1996_plus_4_is_29_Feb_2000_leap", "1996-02-29", 4, "2000-02-29"},
		{"R-DATE-2_29_Feb_2024_minus_1_is_28_Feb_2023", "2024-02-29", -1, "2023-02-28"},
		{"R-DATE-2_28_Feb_2021_plus_3_stays_28_Feb_2024", "2021-02-28", 3, "2024-02-28"},
		{"R-DATE-2_1_Mar_2019_plus_1_stays_1_Mar_2020", "2019-03-01", 1, "2020-03-01"},
		{"R-DATE-2_ordinary_date_keeps_month_and_day", "2019-10-15", 5, "2024-10-15"},
		{"R-DATE-2_31_Dec_plus_1", "2019-12-31", 1, "2020-12-31"},
		{"R-DATE-2_plus_0_is_identity_on_29_Feb", "2020-02-29", 0, "2020-02-29"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := d(tc.from).AddYears(tc.n).String(); got != tc.want {
				t.Errorf("%s + %d years = %s, want %s", tc.from, tc.n, got, tc.want)
			}
		})
	}
}

func TestDayCounts(t *testing.T) {
	cases := []struct {
		name       string
		start, end string
		want       int
	}{
		{"R-DATE-2_contract_year_over_29_Feb_2020_has_366_days", "2019-10-15", "2020-10-15", 366},
		{"R-DATE-2_ordinary_contract_year_has_365_days", "2020-10-15", "2021-10-15", 365},
		{"R-DATE-2_year_from_29_Feb_2020_to_28_Feb_2021_has_365_days", "2020-02-29", "2021-02-28", 365},
		{"R-DATE-2_year_from_28_Feb_2023_to_29_Feb_2024_has_366_days", "2023-02-28", "2024-02-29", 366},
		{"R-DATE-2_year_from_1_Mar_2020_has_365_days", "2020-03-01", "2021-03-01", 365},
		{"R-DATE-2_half_open_one_day", "2019-10-15", "2019-10-16", 1},
		{"R-DATE-2_half_open_empty", "2019-10-15", "2019-10-15", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := int(d(tc.end) - d(tc.start)); got != tc.want {
				t.Errorf("[%s, %s) = %d days, want %d", tc.start, tc.end, got, tc.want)
			}
		})
	}
}

func TestDateBasics(t *testing.T) {
	t.Run("R-DATE-2_Date_is_days_since_1970-01-01", func(t *testing.T) {
		if d("1970-01-01") != 0 || d("1970-01-02") != 1 || d("1969-12-31") != -1 {
			t.Error("Date is not days since 1970-01-01")
		}
	})
	t.Run("R-DATE-2_ParseDate_rejects_29_Feb_of_a_common_year", func(t *testing.T) {
		if _, err := ParseDate("2021-02-29"); err == nil {
			t.Error("2021-02-29 accepted")
		}
	})
	t.Run("R-DATE-2_ParseDate_rejects_non_ISO_and_impossible_dates", func(t *testing.T) {
		for _, s := range []string{"2021-2-3", "20210203", "", "2021-13-01", "2021-04-31"} {
			if _, err := ParseDate(s); err == nil {
				t.Errorf("%q accepted", s)
			}
		}
	})
	t.Run("R-DATE-2_YearStart_YearEnd_Year_AddDays_MakeDate", func(t *testing.T) {
		if YearStart(2024).String() != "2024-01-01" || YearEnd(2024).String() != "2024-12-31" {
			t.Error("YearStart/YearEnd")
		}
		if d("2024-12-31").Year() != 2024 || d("2025-01-01").Year() != 2025 {
			t.Error("Year")
		}
		if d("2020-02-28").AddDays(1).String() != "2020-02-29" || d("2019-10-15").AddDays(15).String() != "2019-10-30" {
			t.Error("AddDays")
		}
		if MakeDate(2021, 2, 29).String() != "2021-03-01" {
			t.Error("MakeDate normalises like time.Date")
		}
	})
}
