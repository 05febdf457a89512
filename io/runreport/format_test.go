package runreport

import (
	"maps"
	"math"
	"slices"
	"testing"
)

// TestMoney: money is formatted from integer cents, per language (issue "amcalc report":
// 7 074 325,17 € in French with a narrow no-break space, 7,074,325.17 € in English).
func TestMoney(t *testing.T) {
	for _, c := range []struct {
		cents      int64
		en, fr, js string
	}{
		{707432517, "7,074,325.17\u00a0€", "7\u202f074\u202f325,17\u00a0€", "7074325.17"},
		{0, "0.00\u00a0€", "0,00\u00a0€", "0.00"},
		{5, "0.05\u00a0€", "0,05\u00a0€", "0.05"},
		{-595082, "−5,950.82\u00a0€", "−5\u202f950,82\u00a0€", "-5950.82"},
		{100000, "1,000.00\u00a0€", "1\u202f000,00\u00a0€", "1000.00"},
		{99999, "999.99\u00a0€", "999,99\u00a0€", "999.99"},
		{math.MinInt64, "−92,233,720,368,547,758.08\u00a0€", "−92\u202f233\u202f720\u202f368\u202f547\u202f758,08\u00a0€", "-92233720368547758.08"},
	} {
		if got := locales["en"].Money(c.cents); got != c.en {
			t.Errorf("en Money(%d) = %q, want %q", c.cents, got, c.en)
		}
		if got := locales["fr"].Money(c.cents); got != c.fr {
			t.Errorf("fr Money(%d) = %q, want %q", c.cents, got, c.fr)
		}
		if got := jsonMoney(c.cents); got != c.js {
			t.Errorf("jsonMoney(%d) = %q, want %q", c.cents, got, c.js)
		}
	}
}

func TestDatesAndCounts(t *testing.T) {
	en, fr := locales["en"], locales["fr"]
	for _, c := range []struct{ got, want string }{
		{en.Date("2024-12-31"), "2024-12-31"},
		{fr.Date("2024-12-31"), "31/12/2024"},
		{fr.Date(""), ""},
		{en.Int(12000), "12,000"},
		{fr.Int(12000), "12\u202f000"},
		{fr.Int(999), "999"},
		{en.Int(-1234567), "−1,234,567"},
		{fr.Percent(75), "75\u00a0%"},
		{en.Percent(75), "75%"},
		{en.SignedMoney(10000), "+100.00\u00a0€"},
		{en.SignedMoney(-10000), "−100.00\u00a0€"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestLabelTables: every language has the same label keys (a label missing in one
// language would stop the page), and a locale.
func TestLabelTables(t *testing.T) {
	keys := slices.Sorted(maps.Keys(labels["en"]))
	for _, lang := range Langs() {
		if got := slices.Sorted(maps.Keys(labels[lang])); !slices.Equal(got, keys) {
			for _, k := range keys {
				if _, ok := labels[lang][k]; !ok {
					t.Errorf("%s lacks label %q", lang, k)
				}
			}
			for _, k := range got {
				if _, ok := labels["en"][k]; !ok {
					t.Errorf("%s has label %q that en lacks", lang, k)
				}
			}
		}
		if _, ok := locales[lang]; !ok {
			t.Errorf("%s has no locale", lang)
		}
	}
	if len(labels) != len(Langs()) || len(locales) != len(Langs()) {
		t.Errorf("%d label tables, %d locales, %d languages", len(labels), len(locales), len(Langs()))
	}
}
