package calc

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func explainText(t *testing.T, x *Explanation) string {
	t.Helper()
	var b bytes.Buffer
	if err := x.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestExplainText: the explanation says what v1.3 adds, each line with its rule id.
func TestExplainText(t *testing.T) {
	cases := []struct {
		name    string
		fix     func() *fixture
		change  func(f *fixture)
		year    int
		want    []string // lines (trimmed of the rule column) that must appear
		notWant []string
	}{
		{name: "R-PAY-1_every_instalment_with_date_share_amount_and_why_not_due", fix: gpR2,
			change: func(f *fixture) {
				f.c.Suspensions = []Suspension{{From: d("2026-03-01"), Until: od("2026-03-31")}}
			}, year: 2026,
			want: []string{
				"R-PAY-1    instalment 1: round(base × 1/2) = 5500.00 on 2025-09-15 (start + 0 days): falls due (not in this run)",
				"R-PAY-1    instalment 2: round(base × 1/2) = 5500.00 on 2026-03-16 (start + 182 days): does not fall due, on a suspended day (R-SUSP-1)",
				"R-SUSP-1   span 365 days to 2026-09-15, 31 suspended; covered 334 of 365 days",
				"R-SUSP-1   suspended periods (suspensions input): from 2026-03-01, last day 2026-03-31",
				"R-PAY-2    settlement on 2026-09-15 (in this run): due 10065.75 = round(11000.00 × modulation × prorata); already paid 5500.00 (instalments that fell due); payable 4565.75",
				"R-ATT-3    a GP's attainment is the min of the file-active and MT rates (regime R2)",
				"R-REG-2    table T2024 (in force on its first day 2025-09-15); R-AMT-1 y3 = 11000.00",
			}},
		{name: "R-REG-2_year_1_table_named_by_signed_on", fix: gpR2, year: 2023,
			want: []string{"R-REG-2    table T2019 (year 1: in force on signed_on 2023-09-01); R-AMT-1 y1 = 18000.00"}},
		{name: "R-SUSP-1_wholly_suspended_year_says_so", fix: gpR2,
			change: func(f *fixture) { f.c.Suspensions = []Suspension{{From: d("2025-09-15"), Until: od("2026-09-14")}} }, year: 2026,
			want: []string{"R-SUSP-1   wholly suspended: no settlement"}},
		{name: "R-ATT-1_pending_year_said_once_with_why", fix: gpR2,
			change: func(f *fixture) { delete(f.acts, actKey{"D2", 2026}) }, year: 2026,
			want:    []string{"R-ATT-1    pending (NO_ACTIVITY): the settlement of 2026-09-15 needs the activity row of observation year 2026, which is missing; a later run settles it"},
			notWant: []string{"settlement on 2026-09-15", "not emitted"}},
		{name: "E-CLINICAL_fees_shown_as_an_input", fix: surgeonR3, year: 2024,
			want: []string{
				"E-CLINICAL specialty 04 is in the clinical-test list: fees_12m_total 10000000, fees_12m_ccam 2000000 (contract row, cents)",
				"E-CLINICAL pass: fees_12m_ccam 20000.00 of fees_12m_total 100000.00; at most 1/5 of CCAM fees",
			}},
		{name: "R-REG-1_missing_parameter_shows_no_baseline_year_0", fix: gpR1,
			change: func(f *fixture) { f.c.SignedOn = d("2019-08-20") }, year: 2019,
			want:    []string{"parameter problem: parameter regime: no value in force on 2019-08-20"},
			notWant: []string{"baseline year 0", "reference year 0"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.fix()
			if tc.change != nil {
				tc.change(f)
			}
			text := explainText(t, f.eval(tc.year))
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("no line %q in\n%s", w, text)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(text, w) {
					t.Errorf("%q said in\n%s", w, text)
				}
			}
		})
	}
}

// TestExplainJSON: WriteJSON carries amounts, dates, rates and codes as fields.
func TestExplainJSON(t *testing.T) {
	f := gpR2()
	f.c.Suspensions = []Suspension{{From: d("2026-03-01"), Until: od("2026-03-31")}}
	var b bytes.Buffer
	if err := f.eval(2026).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Status   string `json:"status"`
		Payments []struct {
			Kind       string `json:"kind"`
			Instalment *int   `json:"instalment"`
			EventDate  string `json:"event_date"`
			Payable    string `json:"payable"`
			Suspended  *int   `json:"suspended_days"`
			Prorata    *struct{ Decimal, Fraction string }
		} `json:"payments"`
		Years []struct {
			ContractYear int    `json:"contract_year"`
			State        string `json:"state"`
			Suspended    int    `json:"suspended_days"`
			Instalments  []struct {
				Date     string  `json:"date"`
				Amount   string  `json:"amount"`
				FallsDue bool    `json:"falls_due"`
				NotDue   *string `json:"not_due"`
			} `json:"instalments"`
		} `json:"years"`
		Ledger struct {
			PayableTotal string `json:"payable_total"`
		} `json:"ledger"`
		Combination string `json:"attainment_combination"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Status != "paid" || doc.Ledger.PayableTotal != "10065.75" || doc.Combination != "min" || len(doc.Payments) != 2 {
		t.Fatalf("doc %+v", doc)
	}
	p := doc.Payments[0]
	if p.Kind != "settlement" || p.EventDate != "2026-09-15" || p.Payable != "4565.75" || *p.Suspended != 31 ||
		p.Prorata.Fraction != "334/365" || p.Instalment != nil || *doc.Payments[1].Instalment != 1 {
		t.Errorf("payment %+v", p)
	}
	y := doc.Years[0]
	if y.ContractYear != 3 || y.State != YearSettled || y.Suspended != 31 || len(y.Instalments) != 2 ||
		y.Instalments[1].Date != "2026-03-16" || y.Instalments[1].FallsDue || *y.Instalments[1].NotDue != NotDueSuspended {
		t.Errorf("year %+v", y)
	}
	if doc.Years[1].State != YearUnsettled {
		t.Errorf("year 4 state %s", doc.Years[1].State)
	}
}
