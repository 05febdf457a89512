package cli

// Golden tests of `amcalc explain` on fixtures/input for payment year 2024. Regenerate with
//
//	go test ./cmd/amcalc/cli -run TestAuditExplain -update
//
// and review the diff like code. Each golden was reviewed against RULES.md v1.2 when it
// was written:
//
// F30-2024.txt / .json (termination in year 1), every number checked by hand:
//   - contract row: option 2, S1, GP, group practice, signed 2023-05-15 → R2 (R-REG-1:
//     2023-05-01 ≤ signed < 2024-06-22); hired 2023-06-01 → S = 2023-06-01 (R-DATE-1);
//     ended_on 2024-01-31 → coverage [2023-06-01, 2024-02-01) = min(S + 5 y, ended + 1 d)
//     (R-DATE-3).
//   - baseline year 2023 − 1 = 2022; activity 19000000030|2022: MT adult 1160, child 174,
//     FA 1740 (pqdump of year=2022/part-0.parquet); R2 MT measure = mt_total = 1334
//     (R-OBJ-1, R-BAND-1).
//   - reference year 2021 (R-BAND-5); the 113 GP rows of 2021 with FA > 0 give by nearest
//     rank (k = ceil(p·113/100) = 34, 57, 80, 102, 108) P30 1677, P50 1764, P70 2493,
//     P90 3438, P95 3644; MT total: P30 computed 1288 but pinned 775 (R-BAND-4), P50 1321,
//     P70 1919, P90 2645, P95 2894 (recomputed with awk from a pqdump of the 2021 rows).
//     FA 1740 ∈ [1677, 1764) → p30_p50; MT 1334 ∈ [1321, 1919) → p50_p70; contract band
//     = the higher, p50_p70 (R-BAND-6, R-BAND-7).
//   - eligible: S1; 01 not excluded under R2; 1334 ≥ 775; option 2 allowed (§3).
//   - r = 20 % (p50_p70, option 2, R-OBJ-2 [assumption]); T_FA = round_half_up(1740 × 1.2)
//     = 2088; T_MT = 1334 + round_half_up(0.75 × 348 = 261) = 1595 (R-OBJ-3).
//   - advance: R2 share 100 % of y1 T2019 option 2 = 18 000.00, on S + 30 d = 2023-07-01
//     (R-PAY-1, table in force on S): not in the 2024 run.
//   - year 1 [2023-06-01, 2024-06-01): 366 days (29 Feb 2024); covered 30+31+31+30+31+30+
//     31+31 = 245 days; settled min(A_1, coverage end) = 2024-02-01, in 2024 (R-PAY-2,
//     R-PAY-4). Table T2019 (year starts before 2024-06-22, R-REG-2), y1 = 18 000.00.
//   - observation year: 2023-06-01 + floor(245/2) = 122 d = 2023-10-01 → 2023 (R-ATT-1);
//     activity 19000000030|2023: FA 1800, MT 1200 + 180 = 1380, fs_volet1 true.
//   - FA rate (1800 − 1740)/(2088 − 1740) = 60/348 = 5/29; MT rate (1380 − 1334)/(1595 −
//     1334) = 46/261; attainment (45/261 + 46/261)/2 = 91/522 = 0.174330 (R-ATT-2, R-ATT-3);
//     modulation 1 (k = 1, R-MOD-1); prorata 245/366 = 0.669399 (R-PAY-3); no coordination
//     check (R2); fs pass (R-FS-1).
//   - due = round(18 000 × 245/366) = round(12 049.180…) = 12 049.18; already paid the
//     advance 18 000.00; payable 12 049.18 − 18 000.00 = −5 950.82 (R-PAY-2); status paid,
//     1 event, payable total −5 950.82 — as fixtures/README.md's hand review and the golden
//     ledger say.
//
// F19-2024.txt (advance in 2024): R3 (signed 2024-07-01), S = hired 2024-07-15; advance
// 100 % of y1 T2024 option 2 = 19 000.00 on S + 30 d = 2024-08-14 (R-PAY-1); baselines 2023
// (FA 1800, MT total 1380) → p50_p70 both; T_FA 2160, T_MT 1380 + 270 = 1650; year 1 settles
// 2025-07-15, after as_of: not evaluated (R-PAY-4). Checked.
//
// F01-2024.txt (modulated year 5): R1, S = 2019-10-15, baseline 2018 MT adult 900, FA 1350 →
// band p30_p50 (MT; FA is below_p30), r 25 %: T_FA = round_half_up(1687.5) = 1688, T_MT =
// 900 + round_half_up(253.5) = 1154; year 5 [2023-10-15, 2024-10-15), 366 days, observation
// 2024 (midpoint 2024-04-15): FA 1674, MT 1116 → rates 324/338, 216/254, attainment
// 19413/21463 = 0.904487 = modulation (k ≥ 4); due round(10 500 × 0.904487…) = 9 497.11.
// Checked.
//
// F31-2024.txt (modulated year 3, attainment < 3/4): baselines from the contract (MT adult
// 950, FA 1450) and activity 2019 (child 150); band p30_p50 (MT), r 25 %: T_FA =
// round_half_up(1812.5) = 1813, T_MT = 950 + round_half_up(272.25) = 1222; observed FA 1500,
// MT 1000 → 50/363 and 50/272, attainment 15875/98736 = 0.160782 < 3/4 → modulation =
// attainment (R-MOD-1 k = 3); due round(10 500 × 0.160782…) = 1 688.21. Checked.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// explainGoldens are the contracts whose 2024 explanation is pinned, and why.
var explainGoldens = []struct {
	id, format, why string
}{
	{"F19", "text", "R3 advance paid in 2024 (R-PAY-1); year 1 settles after as_of"},
	{"F01", "text", "year 5 modulated by attainment 0.904487 (R-MOD-1, k ≥ 4)"},
	{"F31", "text", "year 3 with attainment 0.160782 < 3/4 (R-MOD-1, k = 3)"},
	{"F30", "text", "terminated in year 1: prorata 245/366, payable −5 950.82 (R-DATE-3, R-PAY-2, R-PAY-3)"},
	{"F30", "json", "the same, for machines"},
}

// ruleIDs are the rule ids of RULES.md v1.3.
var ruleIDs = map[string]bool{}

func init() {
	for _, id := range strings.Fields(`R-DATE-1 R-DATE-2 R-DATE-3 R-REG-1 R-REG-2
		R-BAND-1 R-BAND-2 R-BAND-3 R-BAND-4 R-BAND-5 R-BAND-6 R-BAND-7
		E-SECTOR E-SPECIALTY E-FLOOR E-OPTION E-GROUP E-CLINICAL R-COORD-1 R-FS-1
		R-OBJ-1 R-OBJ-2 R-OBJ-3 R-OBJ-4 R-OBJ-5 R-OBJ-6 R-ATT-1 R-ATT-2 R-ATT-3 R-MOD-1
		R-AMT-1 R-PAY-1 R-PAY-2 R-PAY-3 R-PAY-4 R-SUSP-1 R-MONEY-1 R-MONEY-2`) {
		ruleIDs[id] = true
	}
}

// explainArgs are the arguments of `amcalc explain` on the fixtures for 2024.
func explainArgs(id string, extra ...string) []string {
	return append([]string{"explain", "--year", "2024", "--contract", id,
		"--contracts", filepath.Join(fixtures, "input", "contracts.parquet"),
		"--activity", filepath.Join(fixtures, "input", "activity")}, extra...)
}

func explain(t *testing.T, id string, extra ...string) string {
	t.Helper()
	code, stdout, stderr := amcalc(t, explainArgs(id, extra...)...)
	if code != ExitOK {
		t.Fatalf("amcalc explain %s: exit %d\n%s", id, code, stderr)
	}
	return stdout
}

// TestAuditExplainGolden compares the explanations of explainGoldens with
// fixtures/explain/<ID>-2024.txt|json, checks that a second run gives the same bytes, that
// every text line carries a rule id, and that the JSON holds the text's lines.
func TestAuditExplainGolden(t *testing.T) {
	dir := filepath.Join(fixtures, "explain")
	for _, g := range explainGoldens {
		ext := map[string]string{"text": "txt", "json": "json"}[g.format]
		name := g.id + "-2024." + ext
		t.Run(name, func(t *testing.T) {
			got := explain(t, g.id, "--format", g.format)
			if again := explain(t, g.id, "--format", g.format); again != got {
				t.Fatalf("two runs differ:\n%s\n---\n%s", got, again)
			}
			path := filepath.Join(dir, name)
			if *update {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (regenerate with -update)", err)
			}
			if got != string(want) {
				t.Errorf("explain %s (%s) differs from %s; regenerate with -update and review\n--- got\n%s", g.id, g.why, path, got)
			}
			if g.format == "text" {
				checkRuleIDs(t, got)
			} else {
				checkExplainJSON(t, got, explain(t, g.id))
			}
		})
	}
}

// checkRuleIDs requires every explained line (indented by two spaces) to start with RULES.md
// rule ids ("R-AMT-1, R-REG-2" for two); the only line without one, shown "-", is the
// description of the contract row (specialty, option, sector, flags), which computes nothing.
func checkRuleIDs(t *testing.T, text string) {
	t.Helper()
	for _, p := range ruleIDProblems(text) {
		t.Error(p)
	}
}

func ruleIDProblems(text string) []string {
	var problems []string
	descriptions := 0
	for n, line := range strings.Split(text, "\n") {
		body, ok := strings.CutPrefix(line, "  ")
		if !ok {
			continue // header, section title or blank line
		}
		if rest, ok := strings.CutPrefix(body, "-"); ok && (rest == "" || rest[0] == ' ') {
			if !strings.HasPrefix(strings.TrimSpace(rest), "specialty ") {
				problems = append(problems, fmt.Sprintf("line %d has no rule id: %q", n+1, line))
			}
			descriptions++
			continue
		}
		for _, f := range strings.Fields(body) {
			id := strings.TrimSuffix(f, ",")
			if !ruleIDs[id] {
				problems = append(problems, fmt.Sprintf("line %d: %q is not a RULES.md rule id: %q", n+1, id, line))
				break
			}
			if !strings.HasSuffix(f, ",") {
				break
			}
		}
	}
	if descriptions != 1 {
		problems = append(problems, fmt.Sprintf("%d contract description lines, want 1", descriptions))
	}
	return problems
}

// TestAuditRuleIDCheck: the rule-id check above catches what it is meant to catch.
func TestAuditRuleIDCheck(t *testing.T) {
	const desc = "  -          specialty 01, option 2 (contract row)\n"
	for _, c := range []struct {
		text string
		ok   bool
	}{
		{"contract F1\n\nTitle\n" + desc + "  R-PAY-2    due 1.00\n  R-AMT-1, R-REG-2 amounts\n", true},
		{desc + "  -          parameter problem: x\n", false},
		{desc + "  R-PAY-9    due 1.00\n", false},
		{desc + "  R-AMT-1, payable\n", false},
		{"  R-PAY-2    due 1.00\n", false},
		{desc + desc, false},
	} {
		if got := len(ruleIDProblems(c.text)) == 0; got != c.ok {
			t.Errorf("check of %q passes %t, want %t", c.text, got, c.ok)
		}
	}
}

// explainDoc is the JSON form of an explanation.
type explainDoc struct {
	ContractID string   `json:"contract_id"`
	DoctorID   string   `json:"doctor_id"`
	Year       int      `json:"year"`
	AsOf       string   `json:"as_of"`
	Status     string   `json:"status"`
	Reasons    []string `json:"reasons"`
	Sections   []struct {
		Title string `json:"title"`
		Lines []struct {
			Rule  string          `json:"rule"`
			Text  string          `json:"text"`
			Param json.RawMessage `json:"param"`
		} `json:"lines"`
	} `json:"sections"`
}

// checkExplainJSON: the JSON form parses, cites a known rule on every line but the
// contract description, and holds the text form's sections and lines in the same order.
func checkExplainJSON(t *testing.T, doc, text string) {
	t.Helper()
	var x explainDoc
	if err := json.Unmarshal([]byte(doc), &x); err != nil {
		t.Fatalf("explain --format json: %v", err)
	}
	if x.Year != 2024 || x.AsOf != "2024-12-31" || x.Status == "" || x.Reasons == nil {
		t.Errorf("json header: year %d, as_of %q, status %q, reasons %v", x.Year, x.AsOf, x.Status, x.Reasons)
	}
	textLines := strings.Split(text, "\n")
	pos := 0
	find := func(want string) {
		for pos < len(textLines) && !strings.Contains(textLines[pos], want) {
			pos++
		}
		if pos == len(textLines) {
			t.Errorf("json line %q is not in the text form (in order)", want)
			pos = 0
		}
	}
	for _, s := range x.Sections {
		find(s.Title)
		for _, l := range s.Lines {
			if l.Rule == "" {
				if !strings.HasPrefix(l.Text, "specialty ") {
					t.Errorf("json line without a rule: %q", l.Text)
				}
			} else {
				for _, id := range strings.Split(l.Rule, ", ") {
					if !ruleIDs[id] {
						t.Errorf("json line %q: rule %q is not a RULES.md rule id", l.Text, l.Rule)
					}
				}
			}
			find(l.Text)
		}
	}
}

// TestAuditExplainMissingParameter: with a parameter file whose amounts table leaves a gap
// (T2019 from 2023-07-01 instead of 2019-08-21), F30's year 1 (starting 2023-06-01) has no
// amount: status error MISSING_PARAMETER, no event, and a line naming the parameter and the
// date (never a default). That line should cite its rule like every other line.
func TestAuditExplainMissingParameter(t *testing.T) {
	params, err := os.ReadFile(filepath.Join("..", "..", "..", "calc", "params.json"))
	if err != nil {
		t.Fatal(err)
	}
	const from = `{"from": "2019-08-21", "until": "2024-06-22", "source": "seed 002, seed 004"`
	if strings.Count(string(params), from) != 1 {
		t.Fatalf("calc/params.json: the T2019 amounts version %s is not there once", from)
	}
	gap := filepath.Join(t.TempDir(), "gap.json")
	gapped := strings.Replace(string(params), from, strings.Replace(from, "2019-08-21", "2023-07-01", 1), 1)
	if err := os.WriteFile(gap, []byte(gapped), 0o644); err != nil {
		t.Fatal(err)
	}
	text := explain(t, "F30", "--params", gap)
	m := statusLine.FindStringSubmatch(text)
	if m == nil || m[1] != "error" || m[2] != "MISSING_PARAMETER" || m[3] != "0" || m[4] != "0.00" {
		t.Fatalf("status line %q, want error (MISSING_PARAMETER) with 0 events and 0.00\n%s", m, text)
	}
	if !strings.Contains(text, "parameter amounts: no value in force on 2023-06-01") {
		t.Errorf("the explanation does not name the parameter and the date:\n%s", text)
	}
	if problems := ruleIDProblems(text); len(problems) > 0 {
		t.Errorf("the MISSING_PARAMETER line carries no rule id: %s", strings.Join(problems, "; "))
	}
}

// statusLine is the explanation's "Status for the run" line.
var statusLine = regexp.MustCompile(`(?m)^  R-PAY-4    status (\w+)(?: \(([^)]*)\))?; (\d+) event\(s\) in 2024 up to 2024-12-31, payable total (-?\d+\.\d\d)$`)

// TestAuditExplainAgreesWithLedger explains every scenario contract F01…F40 for 2024 and
// requires its status, reasons, event count and payable total to be the golden ledger's
// (fixtures/golden/year=2024/contracts.parquet: the explanation and the ledger row are two
// projections of one evaluation), and every line to carry a rule id.
func TestAuditExplainAgreesWithLedger(t *testing.T) {
	ledger := readPartitionTable(t, filepath.Join(fixtures, "golden", "year=2024"), "contracts")
	seen := 0
	for i := range ledger.NumRows() {
		id := ledger.Value("contract_id", i).Str
		if !strings.HasPrefix(id, "F") {
			continue
		}
		seen++
		t.Run(id, func(t *testing.T) {
			text := explain(t, id)
			checkRuleIDs(t, text)
			m := statusLine.FindStringSubmatch(text)
			if m == nil {
				t.Fatalf("no status line in\n%s", text)
			}
			want := []string{
				ledger.Value("status", i).Str,
				ledger.Value("reasons", i).Str,
				strconv.FormatInt(ledger.Value("events", i).Int, 10),
				ledger.Value("payable_total", i).String(),
			}
			if got := m[1:]; strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("explain says status|reasons|events|payable %s, the golden ledger %s",
					strings.Join(got, "|"), strings.Join(want, "|"))
			}
		})
	}
	if seen != 40 {
		t.Errorf("%d scenario contracts in the golden ledger, want 40", seen)
	}
}

// TestAuditExplainErrors: an unknown or rejected contract is a failure (exit 1) with a
// message naming the contract's problems — every (column, problem) that rejects.parquet
// lists for it; a command-line mistake is a usage error (exit 2). Nothing goes to stdout.
func TestAuditExplainErrors(t *testing.T) {
	rejects := readPartitionTable(t, filepath.Join(fixtures, "golden", "year=2024"), "rejects")
	problems := map[string][]string{} // contract_id → "column PROBLEM"
	for i := range rejects.NumRows() {
		if rejects.Value("input", i).Str == "contracts" {
			key := rejects.Value("key", i).Str
			problems[key] = append(problems[key], rejects.Value("column", i).Str+" "+rejects.Value("problem", i).Str)
		}
	}
	if len(problems["B01"]) != 3 || len(problems["B02"]) != 4 {
		t.Fatalf("golden rejects list %v for B01 and B02, want 3 and 4 problems (fixtures/README.md)", problems)
	}
	cases := []struct {
		name    string
		args    []string
		code    int
		mention []string
	}{
		{"unknown contract", explainArgs("F99"), ExitFailed, []string{"unknown contract", "F99"}},
		{"rejected B01", explainArgs("B01"), ExitFailed, append([]string{"B01", "rejected"}, problems["B01"]...)},
		{"rejected B02", explainArgs("B02"), ExitFailed, append([]string{"B02", "rejected"}, problems["B02"]...)},
		{"missing --contract", without(explainArgs("F30"), "--contract"), ExitUsage, []string{"--contract"}},
		{"empty --contract", explainArgs(""), ExitUsage, []string{"--contract"}},
		{"bad --format", explainArgs("F30", "--format", "xml"), ExitUsage, []string{"--format"}},
		{"extra argument", explainArgs("F30", "extra"), ExitUsage, []string{"no other argument"}},
		{"missing --year", without(explainArgs("F30"), "--year"), ExitUsage, []string{"--year"}},
		{"unknown flag", explainArgs("F30", "--colour"), ExitUsage, []string{"flag provided but not defined"}},
		{"missing input", []string{"explain", "--year", "2024", "--contract", "F30",
			"--contracts", filepath.Join(fixtures, "input", "no-such.parquet"),
			"--activity", filepath.Join(fixtures, "input", "activity")}, ExitFailed, []string{"no-such.parquet"}},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			code, stdout, stderr := amcalc(t, c.args...)
			if code != c.code {
				t.Errorf("amcalc %s: exit %d, want %d\n%s", strings.Join(c.args, " "), code, c.code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout not empty:\n%s", stdout)
			}
			for _, m := range c.mention {
				if !strings.Contains(stderr, m) {
					t.Errorf("stderr does not mention %q:\n%s", m, stderr)
				}
			}
		})
	}
}

// without returns args without the flag name and its value.
func without(args []string, name string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		if args[i] == name {
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out
}
