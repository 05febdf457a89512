package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/partdiff"
)

// The auditors' workflow of `amcalc diff`: an expert corrects one parameter, reruns the
// year with --params, and diffs the two partitions. These tests pin what that report says,
// computed independently from the first run's rows rather than copied from the output.

// paramsY3 is calc/params.json with one deliberate change: T2019 option 2 y3 (R-AMT-1)
// 10 500 → 11 000 euros. Nothing else differs (TestAuditParamsFixtureHasOneChange).
var paramsY3 = filepath.Join(fixtures, "params", "y3-option2-11000.json")

// diffGolden is the full text report of `amcalc diff` between the 2024 runs with the
// embedded parameters (OLD) and with paramsY3 (NEW), folder paths replaced by OLD and NEW.
var diffGolden = filepath.Join(fixtures, "params", "diff-2024.txt")

const (
	oldY3 = 1050000 // cents: T2019 option 2 y3 in calc/params.json
	newY3 = 1100000 // cents: the same cell in paramsY3
)

// amcalc runs Main with args and returns the exit code, stdout and stderr.
func amcalc(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestAuditParamsFixtureHasOneChange: the fixture is the embedded file with exactly one
// value changed, so that every difference in the diff below is that value's consequence.
func TestAuditParamsFixtureHasOneChange(t *testing.T) {
	fixture, err := os.ReadFile(paramsY3)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := calc.LoadParams(fixture); err != nil {
		t.Fatalf("%s does not load: %v", paramsY3, err)
	}
	var a, b any
	if err := json.Unmarshal(calc.DefaultParamsJSON(), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(fixture, &b); err != nil {
		t.Fatal(err)
	}
	var changes []string
	jsonChanges("", a, b, &changes)
	want := []string{`parameters.amounts.versions[0].value.options.2.y3: 10500 → 11000`}
	if !slices.Equal(changes, want) {
		t.Errorf("%s differs from calc/params.json in\n  %s\nwant only\n  %s", paramsY3,
			strings.Join(changes, "\n  "), strings.Join(want, "\n  "))
	}
}

// jsonChanges lists the leaves of two decoded JSON documents that differ, in path order.
func jsonChanges(path string, a, b any, out *[]string) {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		keys := make([]string, 0, len(am)+len(bm))
		for k := range am {
			keys = append(keys, k)
		}
		for k := range bm {
			if _, ok := am[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			jsonChanges(strings.TrimPrefix(path+"."+k, "."), am[k], bm[k], out)
		}
		return
	}
	as, aok := a.([]any)
	bs, bok := b.([]any)
	if aok && bok && len(as) == len(bs) {
		for i := range as {
			jsonChanges(fmt.Sprintf("%s[%d]", path, i), as[i], bs[i], out)
		}
		return
	}
	if !reflect.DeepEqual(a, b) {
		*out = append(*out, fmt.Sprintf("%s: %v → %v", path, a, b))
	}
}

// TestAuditDiffChangedParams runs 2024 with the embedded parameters and with paramsY3 and
// requires `amcalc diff OLD NEW` to report exactly the consequences of the change:
//
//   - every settlement of an option-2 contract year ≥ 3 at table T2019 whose base was y3
//     (R-AMT-1: band neither p90_p95, which takes y3_p90, nor p95_plus, which takes y1)
//     gets base_amount 10500.00 → 11000.00;
//   - its due becomes round(11 000 × modulation × prorata) (R-PAY-2), recomputed here from
//     the row's targets, observations and the ledger's baselines (R-ATT-2, R-ATT-3,
//     R-MOD-1, R-PAY-3), and stays 0 when R-COORD-1 or R-FS-1 failed; payable follows;
//   - the ledger's payable_total of those contracts and both totals move by the sum;
//   - the manifest's params_sha256 changes from the embedded file's hash to the fixture's;
//   - nothing else.
//
// The text report must equal that expectation line for line, and also the golden file
// fixtures/params/diff-2024.txt (regenerate with -update); --format json must carry the
// same rows and counts.
func TestAuditDiffChangedParams(t *testing.T) {
	oldDir := runFixtures(t, "2024")
	newDir := runFixtures(t, "2024", "--params", paramsY3)
	want := expectedY3Diff(t, oldDir)

	code, stdout, stderr := amcalc(t, "diff", oldDir, newDir)
	if code != ExitFailed {
		t.Fatalf("amcalc diff: exit %d, want %d (differs)\n%s", code, ExitFailed, stderr)
	}
	got := normalisePaths(stdout, oldDir, newDir)
	if got != want.text {
		t.Errorf("diff report differs from the independently computed one\n--- got\n%s--- want\n%s", got, want.text)
	}

	if *update {
		if err := os.WriteFile(diffGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	golden, err := os.ReadFile(diffGolden)
	if err != nil {
		t.Fatalf("%v (regenerate with -update)", err)
	}
	if got != string(golden) {
		t.Errorf("diff report differs from %s (regenerate with -update and review)\n--- got\n%s--- golden\n%s", diffGolden, got, golden)
	}

	code, stdout, stderr = amcalc(t, "diff", "--format", "json", oldDir, newDir)
	if code != ExitFailed {
		t.Fatalf("amcalc diff --format json: exit %d, want %d\n%s", code, ExitFailed, stderr)
	}
	rep := decodeDiffJSON(t, stdout)
	if rep.Identical || rep.Old != oldDir || rep.New != newDir {
		t.Errorf("json: identical %t, old %q, new %q; want false, %q, %q", rep.Identical, rep.Old, rep.New, oldDir, newDir)
	}
	if got := rep.lines(); !slices.Equal(got, want.lines) {
		t.Errorf("json rows differ from the expected changes\n--- got\n%s\n--- want\n%s", strings.Join(got, "\n"), strings.Join(want.lines, "\n"))
	}
	if got := rep.counts(); !reflect.DeepEqual(got, want.counts) {
		t.Errorf("json counts %v, want %v (the text report's)", got, want.counts)
	}
	for _, tot := range rep.Totals {
		if tot.Delta != want.delta {
			t.Errorf("json total %s delta %s, want %s", tot.Name, tot.Delta, want.delta)
		}
	}
	if len(rep.Manifest.Changes) != 1 || rep.Manifest.Changes[0].Path != "params_sha256" {
		t.Errorf("json manifest changes %+v, want params_sha256 only", rep.Manifest.Changes)
	}
}

// y3Diff is the expected report: its whole text, its detail lines (payments then
// contracts) and the per-table counts [added, removed, changed].
type y3Diff struct {
	text   string
	lines  []string
	counts map[string][3]int
	delta  string // total payable delta, e.g. "2113.02"
}

// expectedY3Diff derives the report from the OLD partition alone (see
// TestAuditDiffChangedParams for the rules it applies).
func expectedY3Diff(t *testing.T, oldDir string) y3Diff {
	t.Helper()
	pay := readPartitionTable(t, oldDir, "payments")
	ledger := readPartitionTable(t, oldDir, "contracts")
	type contract struct {
		option          int64
		gp              bool
		regime          string
		baseMT, baseFA  partdiff.Value
		oldTotal, delta int64
	}
	contracts := map[string]*contract{}
	var order []string // ledger order = contract_id order
	for i := range ledger.NumRows() {
		id := ledger.Value("contract_id", i).Str
		contracts[id] = &contract{
			option: ledger.Value("option", i).Int,
			gp:     ledger.Value("specialty", i).Str == "01",
			regime: ledger.Value("regime", i).Str,
			baseMT: ledger.Value("baseline_mt", i), baseFA: ledger.Value("baseline_file_active", i),
			oldTotal: ledger.Value("payable_total", i).Int,
		}
		order = append(order, id)
	}

	var d y3Diff
	var payLines, ledgerLines []string
	var changedPayments, changedContracts int
	var oldSum, delta int64
	for i := range pay.NumRows() {
		v := func(col string) partdiff.Value { return pay.Value(col, i) }
		oldSum += v("payable").Int
		id := v("contract_id").Str
		c := contracts[id]
		if c == nil {
			t.Fatalf("payments row %d: contract %s not in the ledger", i, id)
		}
		k := v("contract_year").Int
		band := v("band").Str
		if v("amount_table").Str != "T2019" || c.option != 2 || k < 3 || band == "p90_p95" || band == "p95_plus" {
			continue
		}
		// An R2/R3 instalment of a year ≥ 3 (R-PAY-1) would move too, and its settlement's
		// already_paid: no contract of the fixtures has one in 2024, and this expectation
		// does not model it.
		if v("kind").Str != "settlement" || v("base_amount").Int != oldY3 {
			t.Fatalf("payments row %d (%s k%d): kind %s base %s; a T2019 option-2 year ≥ 3 below p90 must be a y3 settlement",
				i, id, k, v("kind"), v("base_amount"))
		}
		key := fmt.Sprintf("[contract_id=%s contract_year=%d kind=settlement]", id, k)
		changedPayments++
		payLines = append(payLines, fmt.Sprintf("~ payments %s base_amount: %s → %s", key, euros(oldY3), euros(newY3)))

		// R-PAY-2: due = round(base × modulation × prorata), or 0 when a condition failed.
		oldDue, paid := v("due").Int, v("already_paid").Int
		if v("payable").Int != oldDue-paid {
			t.Fatalf("%s: payable %s != due %s − already_paid %s", key, v("payable"), v("due"), v("already_paid"))
		}
		if v("reasons").Str != "" {
			if oldDue != 0 {
				t.Fatalf("%s: reasons %q but due %s", key, v("reasons").Str, v("due"))
			}
			continue
		}
		factor := settlementFactor(t, key, c.gp, c.regime, c.baseFA, c.baseMT, v)
		if got := roundCents(new(big.Rat).Mul(big.NewRat(oldY3, 1), factor)); got != oldDue {
			t.Fatalf("%s: recomputed due %s with the embedded y3, the run has %s: the recomputation is wrong", key, euros(got), euros(oldDue))
		}
		newDue := roundCents(new(big.Rat).Mul(big.NewRat(newY3, 1), factor))
		if newDue != oldDue {
			payLines = append(payLines,
				fmt.Sprintf("~ payments %s due: %s → %s", key, euros(oldDue), euros(newDue)),
				fmt.Sprintf("~ payments %s payable: %s → %s", key, euros(oldDue-paid), euros(newDue-paid)))
			c.delta += newDue - oldDue
			delta += newDue - oldDue
		}
	}
	for _, id := range order {
		if c := contracts[id]; c.delta != 0 {
			changedContracts++
			ledgerLines = append(ledgerLines, fmt.Sprintf("~ contracts [contract_id=%s] payable_total: %s → %s", id, euros(c.oldTotal), euros(c.oldTotal+c.delta)))
		}
	}
	if changedPayments == 0 || delta == 0 {
		t.Fatal("the fixtures hold no T2019 option-2 y3 settlement with a non-zero due in 2024: the test checks nothing")
	}

	oldHash := sha256.Sum256(calc.DefaultParamsJSON())
	fixture, err := os.ReadFile(paramsY3)
	if err != nil {
		t.Fatal(err)
	}
	newHash := sha256.Sum256(fixture)

	var b strings.Builder
	fmt.Fprintf(&b, "payments: 0 added, 0 removed, %d changed (%d → %d rows)\n", changedPayments, pay.NumRows(), pay.NumRows())
	for _, l := range payLines {
		b.WriteString(l + "\n")
	}
	fmt.Fprintf(&b, "contracts: 0 added, 0 removed, %d changed (%d → %d rows)\n", changedContracts, ledger.NumRows(), ledger.NumRows())
	for _, l := range ledgerLines {
		b.WriteString(l + "\n")
	}
	for _, name := range []string{"bands", "rejects"} {
		fmt.Fprintf(&b, "%s: identical (%d rows)\n", name, readPartitionTable(t, oldDir, name).NumRows())
	}
	for _, name := range []string{"payments.payable", "contracts.payable_total"} {
		fmt.Fprintf(&b, "total %s: %s → %s (+%s)\n", name, euros(oldSum), euros(oldSum+delta), euros(delta))
	}
	fmt.Fprintf(&b, "manifest params_sha256: %q → %q\n", hex.EncodeToString(oldHash[:]), hex.EncodeToString(newHash[:]))
	b.WriteString("different\n")

	d.text = b.String()
	d.lines = append(payLines, ledgerLines...)
	d.counts = map[string][3]int{
		"payments": {0, 0, changedPayments}, "contracts": {0, 0, changedContracts},
		"bands": {0, 0, 0}, "rejects": {0, 0, 0},
	}
	d.delta = euros(delta)
	return d
}

// settlementFactor is modulation × prorata of a settlement row, as an exact fraction,
// recomputed from RULES.md: R-ATT-2 rates from the ledger's baselines and the row's
// targets and observations (tolerance 1/10 under R-OBJ-6), R-ATT-3 (GP: the FA and MT
// rates combined by the regime's rule, R1 and R2 the minimum, R3 the maximum), R-MOD-1 and
// R-PAY-3 (covered_days already leaves out the suspended days, R-SUSP-1). The row's
// DECIMAL(9,6) attainment, modulation and prorata must be these fractions rounded.
func settlementFactor(t *testing.T, key string, gp bool, regime string, baseFA, baseMT partdiff.Value, v func(string) partdiff.Value) *big.Rat {
	t.Helper()
	tol := new(big.Rat)
	if v("objective_source").Str == "maintain_65" {
		tol = big.NewRat(1, 10)
	}
	rate := func(b, tg, o partdiff.Value) *big.Rat {
		if b.IsNull() || tg.IsNull() || o.IsNull() {
			t.Fatalf("%s: a null baseline, target or observation in a paid settlement", key)
		}
		zero, one := new(big.Rat), big.NewRat(1, 1)
		clamp := func(r *big.Rat) *big.Rat {
			if r.Cmp(zero) < 0 {
				return zero
			}
			if r.Cmp(one) > 0 {
				return one
			}
			return r
		}
		if tg.Int > b.Int {
			return clamp(big.NewRat(o.Int-b.Int, tg.Int-b.Int))
		}
		if tg.Int == 0 {
			return one
		}
		floor := new(big.Rat).Mul(big.NewRat(tg.Int, 1), new(big.Rat).Sub(one, tol))
		o64 := big.NewRat(o.Int, 1)
		if o64.Cmp(floor) >= 0 {
			return one
		}
		return clamp(o64.Quo(o64, floor))
	}
	att := rate(baseFA, v("target_file_active"), v("observed_file_active"))
	if gp {
		mt := rate(baseMT, v("target_mt"), v("observed_mt"))
		switch regime {
		case "R1", "R2": // R-ATT-3: min, the objectives are cumulative
			if mt.Cmp(att) < 0 {
				att = mt
			}
		case "R3": // R-ATT-3: max
			if mt.Cmp(att) > 0 {
				att = mt
			}
		default:
			t.Fatalf("%s: regime %q in the ledger", key, regime)
		}
	}
	mod := att
	switch k := v("contract_year").Int; {
	case k <= 2:
		mod = big.NewRat(1, 1)
	case k == 3 && att.Cmp(big.NewRat(3, 4)) >= 0:
		mod = big.NewRat(1, 1)
	}
	prorata := big.NewRat(v("covered_days").Int, v("period_days").Int)
	for _, c := range []struct {
		col string
		r   *big.Rat
	}{{"attainment", att}, {"modulation", mod}, {"prorata", prorata}} {
		got := v(c.col)
		if want := roundScaled(c.r, 6); got.Kind != partdiff.KindDecimal || got.Scale != 6 || got.Int != want {
			t.Fatalf("%s: %s %s, recomputed %s", key, c.col, got, c.r.FloatString(6))
		}
	}
	return new(big.Rat).Mul(mod, prorata)
}

// roundCents rounds a number of cents half away from zero (R-MONEY-1).
func roundCents(r *big.Rat) int64 { return roundScaled(r, 0) }

// roundScaled returns r × 10^scale rounded half away from zero.
func roundScaled(r *big.Rat, scale int) int64 {
	x := new(big.Rat).Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)))
	num, den := new(big.Int).Abs(x.Num()), x.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if m.Lsh(m, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if x.Sign() < 0 {
		q.Neg(q)
	}
	return q.Int64()
}

// euros formats cents as the report does: 10500.00, -5950.82.
func euros(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

func readPartitionTable(t *testing.T, dir, name string) *partdiff.Table {
	t.Helper()
	tbl, err := partdiff.ReadTable(filepath.Join(dir, name+".parquet"))
	if err != nil {
		t.Fatal(err)
	}
	return tbl
}

// normalisePaths replaces the two partition folders (and their temporary parents) by
// OLD and NEW, so that a golden report does not depend on where the test ran.
func normalisePaths(s, oldDir, newDir string) string {
	return strings.NewReplacer(oldDir, "OLD", newDir, "NEW",
		filepath.Dir(oldDir), "OLD", filepath.Dir(newDir), "NEW").Replace(s)
}

// diffJSON is the subset of `amcalc diff --format json` the tests read.
type diffJSON struct {
	Old, New  string
	Identical bool
	Tables    []struct {
		Table                              string
		KeyNames                           []string `json:"key"`
		Identical                          bool
		OldRows                            *int `json:"old_rows"`
		NewRows                            *int `json:"new_rows"`
		Added, Removed, Changed, Unchanged int
		Rows                               []struct {
			Op      string
			Key     []json.RawMessage
			Changes []struct {
				Column   string
				Old, New json.RawMessage
			}
		}
	}
	Totals []struct {
		Name            string
		Old, New, Delta string
	}
	Manifest struct {
		Compared bool
		Changes  []struct {
			Path     string
			Old, New json.RawMessage
		}
	}
}

func decodeDiffJSON(t *testing.T, s string) diffJSON {
	t.Helper()
	var r diffJSON
	dec := json.NewDecoder(strings.NewReader(s))
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("diff --format json: %v\n%s", err, s)
	}
	if dec.More() {
		t.Fatalf("diff --format json: more than one JSON document\n%s", s)
	}
	return r
}

// lines renders the JSON rows as the text report's detail lines (without the values
// shown beside added and removed rows).
func (r diffJSON) lines() []string {
	bare := func(raw json.RawMessage) string {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return string(raw)
	}
	var out []string
	for _, tb := range r.Tables {
		for _, row := range tb.Rows {
			var parts []string
			for i, k := range row.Key {
				if string(k) == "null" && tb.KeyNames[i] == "instalment" {
					continue // a settlement's: not shown
				}
				parts = append(parts, tb.KeyNames[i]+"="+bare(k))
			}
			key := "[" + strings.Join(parts, " ") + "]"
			if row.Op != "~" {
				out = append(out, row.Op+" "+tb.Table+" "+key)
				continue
			}
			for _, c := range row.Changes {
				out = append(out, fmt.Sprintf("~ %s %s %s: %s → %s", tb.Table, key, c.Column, bare(c.Old), bare(c.New)))
			}
		}
	}
	return out
}

func (r diffJSON) counts() map[string][3]int {
	m := map[string][3]int{}
	for _, tb := range r.Tables {
		m[tb.Table] = [3]int{tb.Added, tb.Removed, tb.Changed}
	}
	return m
}

// TestAuditDiffIdentical: a partition against itself, and against a second run of the
// same inputs and parameters in another folder (other times, other paths), is identical:
// exit 0, every table "identical", the manifest "same".
func TestAuditDiffIdentical(t *testing.T) {
	a := runFixtures(t, "2024")
	again := runFixtures(t, "2024")
	for _, pair := range [][2]string{{a, a}, {a, again}} {
		code, stdout, stderr := amcalc(t, "diff", pair[0], pair[1])
		if code != ExitOK {
			t.Fatalf("diff %s %s: exit %d, want 0\n%s%s", pair[0], pair[1], code, stdout, stderr)
		}
		var want strings.Builder
		for _, name := range []string{"payments", "contracts", "bands", "rejects"} {
			fmt.Fprintf(&want, "%s: identical (%d rows)\n", name, readPartitionTable(t, a, name).NumRows())
		}
		total := euros(sumCents(t, readPartitionTable(t, a, "payments"), "payable"))
		fmt.Fprintf(&want, "total payments.payable: %s (unchanged)\ntotal contracts.payable_total: %s (unchanged)\n", total, total)
		want.WriteString("manifest: same year, as_of, inputs, parameters and versions\nidentical\n")
		if stdout != want.String() {
			t.Errorf("diff %s %s:\n--- got\n%s--- want\n%s", pair[0], pair[1], stdout, want.String())
		}

		code, stdout, stderr = amcalc(t, "diff", "--format", "json", pair[0], pair[1])
		if code != ExitOK {
			t.Fatalf("diff --format json: exit %d, want 0\n%s", code, stderr)
		}
		rep := decodeDiffJSON(t, stdout)
		if !rep.Identical || len(rep.Tables) != 4 || len(rep.Manifest.Changes) != 0 || !rep.Manifest.Compared {
			t.Errorf("json: identical %t, %d tables, manifest compared %t with %d changes; want true, 4, true, 0",
				rep.Identical, len(rep.Tables), rep.Manifest.Compared, len(rep.Manifest.Changes))
		}
		for _, tb := range rep.Tables {
			n := readPartitionTable(t, a, tb.Table).NumRows()
			if !tb.Identical || tb.Added+tb.Removed+tb.Changed != 0 || tb.Unchanged != n || len(tb.Rows) != 0 ||
				tb.OldRows == nil || tb.NewRows == nil || *tb.OldRows != n || *tb.NewRows != n {
				t.Errorf("json table %s: %+v, want identical with %d unchanged rows", tb.Table, tb, n)
			}
		}
		for _, tot := range rep.Totals {
			if tot.Old != total || tot.New != total || tot.Delta != "0.00" {
				t.Errorf("json total %s: %s → %s (%s), want %s unchanged", tot.Name, tot.Old, tot.New, tot.Delta, total)
			}
		}
	}
}

func sumCents(t *testing.T, tbl *partdiff.Table, col string) int64 {
	t.Helper()
	var s int64
	for i := range tbl.NumRows() {
		s += tbl.Value(col, i).Int
	}
	return s
}

// TestAuditDiffUsage: command-line mistakes and unreadable partitions exit 2 with a
// message on stderr and nothing on stdout (like diff(1): 0 same, 1 different, 2 trouble).
func TestAuditDiffUsage(t *testing.T) {
	a := filepath.Join(fixtures, "golden", "year=2024")
	missing := filepath.Join(t.TempDir(), "no-such-folder", "year=2024")
	notDir := filepath.Join(a, "payments.parquet")
	for _, c := range []struct {
		name   string
		args   []string
		stderr string // a fragment the message must hold
	}{
		{"no argument", nil, "usage: amcalc diff"},
		{"one folder", []string{a}, "usage: amcalc diff"},
		{"three folders", []string{a, a, a}, "usage: amcalc diff"},
		{"bad format", []string{"--format", "xml", a, a}, `--format "xml"`},
		{"unknown flag", []string{"--colour", a, a}, "flag provided but not defined"},
		{"bad max-lines", []string{"--max-lines", "many", a, a}, "invalid value"},
		{"missing OLD", []string{missing, a}, missing},
		{"missing NEW", []string{a, missing}, missing},
		{"file, not folder", []string{a, notDir}, "not a directory"},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			code, stdout, stderr := amcalc(t, append([]string{"diff"}, c.args...)...)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d\n%s", code, ExitUsage, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout not empty:\n%s", stdout)
			}
			if !strings.Contains(stderr, c.stderr) {
				t.Errorf("stderr does not mention %q:\n%s", c.stderr, stderr)
			}
		})
	}
}

// TestAuditDiffIgnoresInputLocations: the same three inputs (runFixtures passes
// --suspensions too) named by another path (absolute instead of relative) give the same content, and the manifest comparison should say so —
// partdiff ignores "times and file locations" (ignoredManifestKey), but the manifest's
// inputs[].arg, the argument as typed, is a location it does not know.
func TestAuditDiffIgnoresInputLocations(t *testing.T) {
	rel := runFixtures(t, "2024")
	absFixtures, err := filepath.Abs(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	code, _, stderr := amcalc(t, "run", "--year", "2024",
		"--contracts", filepath.Join(absFixtures, "input", "contracts.parquet"),
		"--activity", filepath.Join(absFixtures, "input", "activity"),
		"--suspensions", filepath.Join(absFixtures, "input", "suspensions.parquet"),
		"--out", out, "--log-format", "json")
	if code != ExitOK {
		t.Fatalf("run with absolute paths: exit %d\n%s", code, stderr)
	}
	code, stdout, _ := amcalc(t, "diff", rel, filepath.Join(out, "year=2024"))
	if code != ExitOK {
		t.Fatalf("diff: exit %d, want 0 (same content)\n%s", code, stdout)
	}
	if !strings.Contains(stdout, "manifest: same year, as_of, inputs, parameters and versions\n") {
		t.Errorf("the manifest comparison reports the input arguments' spelling as a change:\n%s", stdout)
	}
}

// TestAuditDiffNotPartitions: issue 9 item 15 — folders that are not partitions (the
// output folder instead of OUT/year=YYYY, an empty folder) are an unreadable partition
// (exit 2) naming what is missing, never "different" (exit 1).
func TestAuditDiffNotPartitions(t *testing.T) {
	part := runFixtures(t, "2024")
	out := filepath.Dir(part)
	empty := t.TempDir()
	for _, c := range []struct {
		name     string
		old, new string
		mention  []string
	}{
		{"output_folders", out, out, []string{"unreadable partition " + out, "no _MANIFEST.json, payments.parquet", "it holds year=2024"}},
		{"empty_folder", part, empty, []string{"unreadable partition " + empty, "no _MANIFEST.json, payments.parquet, contracts.parquet, bands.parquet or rejects.parquet"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := amcalc(t, "diff", c.old, c.new)
			if code != ExitUsage || stdout != "" {
				t.Errorf("exit %d, stdout %q; want exit 2 and nothing on stdout", code, stdout)
			}
			for _, m := range c.mention {
				if !strings.Contains(stderr, m) {
					t.Errorf("stderr does not say %q:\n%s", m, stderr)
				}
			}
		})
	}
}

// TestAuditDiffShowsAmountsAndFiles: issue 9 item 15 — payments present on one side only
// show their date and amount, and an input file that differs is named by its path.
func TestAuditDiffShowsAmountsAndFiles(t *testing.T) {
	full := runFixtures(t, "2024")
	// The same extracts without the 2018 activity file, and as of 30 June: payments after
	// that day are removed.
	act := filepath.Join(t.TempDir(), "activity")
	src := filepath.Join(fixtures, "input", "activity")
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == "year=2018" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name(), "part-0.parquet"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(act, e.Name()), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(act, e.Name(), "part-0.parquet"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	code, _, stderr := amcalc(t, "run", "--log-format", "json", "--year", "2024", "--as-of", "2024-06-30",
		"--contracts", filepath.Join(fixtures, "input", "contracts.parquet"), "--activity", act, "--out", out)
	if code != ExitOK {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	june := filepath.Join(out, "year=2024")
	code, stdout, _ := amcalc(t, "diff", full, june)
	if code != ExitFailed {
		t.Fatalf("diff: exit %d, want 1\n%s", code, stdout)
	}
	// Every payment dated after 30 June is removed, with its date and amount.
	pay := readPartitionTable(t, full, "payments")
	removed := 0
	for i := range pay.NumRows() {
		v := func(c string) partdiff.Value { return pay.Value(c, i) }
		if v("event_date").String() <= "2024-06-30" {
			continue
		}
		removed++
		key := fmt.Sprintf("contract_id=%s contract_year=%d kind=%s", v("contract_id").Str, v("contract_year").Int, v("kind").Str)
		if n := v("instalment"); !n.IsNull() { // v1.3 advances
			key += fmt.Sprintf(" instalment=%d", n.Int)
		}
		line := fmt.Sprintf("- payments [%s] event_date=%s payable=%s\n", key, v("event_date"), v("payable"))
		if !strings.Contains(stdout, line) {
			t.Errorf("report lacks %q:\n%s", line, stdout)
		}
	}
	if removed == 0 {
		t.Fatal("no payment after 30 June in the fixtures: the test checks nothing")
	}
	for _, want := range []string{
		`manifest as_of: "2024-12-31" → "2024-06-30"`,
		`manifest inputs[activity].files[year=2018/part-0.parquet]: removed {"bytes":`,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
}
