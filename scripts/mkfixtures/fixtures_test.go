package main

import (
	"bytes"
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/extract"
)

// checkedIn is the fixture folder, relative to this package.
var checkedIn = filepath.Join("..", "..", "fixtures", "input")

var update = flag.Bool("update", false, "rewrite fixtures/input from data.go")

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".parquet") {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The checked-in files are exactly what data.go gives (regenerate with -update or
// `go run ./scripts/mkfixtures`), and writing twice gives the same bytes.
func TestCheckedInUpToDate(t *testing.T) {
	if *update {
		if err := write(checkedIn, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	a, b := t.TempDir(), t.TempDir()
	if err := write(a, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := write(b, io.Discard); err != nil {
		t.Fatal(err)
	}
	ta, tb, tc := readTree(t, a), readTree(t, b), readTree(t, checkedIn)
	if len(ta) != 10 {
		t.Fatalf("%d files written, want 10", len(ta))
	}
	for name, want := range ta {
		if !bytes.Equal(want, tb[name]) {
			t.Errorf("%s: two writes differ", name)
		}
		if !bytes.Equal(want, tc[name]) {
			t.Errorf("fixtures/input/%s is stale: run go run ./scripts/mkfixtures", name)
		}
	}
	for name := range tc {
		if _, ok := ta[name]; !ok {
			t.Errorf("fixtures/input/%s is not written by mkfixtures", name)
		}
	}
}

// fixtureInputs are the three inputs as read and validated.
type fixtureInputs struct {
	contracts   []extract.ContractRow
	activity    []extract.ActivityRow
	suspensions []extract.SuspensionRow
	rejects     []extract.Reject // contracts, activity, then suspensions
	ins         []extract.Input  // the same order
}

func readFixtures(t *testing.T) fixtureInputs {
	t.Helper()
	ctx := context.Background()
	c, crej, cin, err := extract.ReadContracts(ctx, filepath.Join(checkedIn, "contracts.parquet"), extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, arej, ain, err := extract.ReadActivity(ctx, filepath.Join(checkedIn, "activity"), extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	valid := map[string]bool{}
	for i := range c {
		valid[c[i].ContractID] = true
	}
	s, srej, sin, err := extract.ReadSuspensions(ctx, filepath.Join(checkedIn, "suspensions.parquet"), extract.Options{},
		func(id string) bool { return valid[id] })
	if err != nil {
		t.Fatal(err)
	}
	return fixtureInputs{c, a, s, append(append(crej, arej...), srej...), []extract.Input{cin, ain, sin}}
}

// Every rejected row is one we meant, for the problems we meant, and the run still
// publishes with the default --max-reject-ratio 0.01.
func TestRejects(t *testing.T) {
	in := readFixtures(t)
	var got []string
	for _, r := range in.rejects {
		got = append(got, fmt.Sprintf("%s %s %d %s %s %s", r.Input, r.File, r.Row, r.Key, r.Column, r.Problem))
	}
	want := []string{
		"contracts contracts.parquet 51 B01 ended_on ENDS_BEFORE_START",
		"contracts contracts.parquet 51 B01 fees_12m_ccam FEES_INCONSISTENT",
		"contracts contracts.parquet 51 B01 option BAD_ENUM",
		"contracts contracts.parquet 51 B01 signed_on SIGNED_BEFORE_SCHEME",
		"contracts contracts.parquet 52 B02 doctor_id NULL_REQUIRED",
		"contracts contracts.parquet 52 B02 fees_12m_ccam NEGATIVE_AMOUNT",
		"contracts contracts.parquet 52 B02 fees_12m_total AMOUNT_TOO_LARGE",
		"contracts contracts.parquet 52 B02 hired_on DATE_OUT_OF_RANGE",
		"contracts contracts.parquet 52 B02 target_file_active COUNT_TOO_LARGE",
		"contracts contracts.parquet 52 B02 tariff_sector BAD_ENUM",
		"activity year=2019/part-0.parquet %d 99000000001|2019 fs_volet1 NULL_REQUIRED",
		"activity year=2020/part-0.parquet %d |2020 doctor_id NULL_REQUIRED",
		"activity year=2021/part-0.parquet %d 99000000003|2021 mt_child NEGATIVE_COUNT",
		"activity year=2022/part-0.parquet %d 99000000004|2022 file_active COUNT_TOO_LARGE",
		"activity year=2022/part-0.parquet %d 99000000006|2022 doctor_id,year DUPLICATE_KEY",
		"activity year=2023/part-0.parquet %d 99000000006|2022 doctor_id,year DUPLICATE_KEY",
		"suspensions suspensions.parquet 7  contract_id NULL_REQUIRED",
		"suspensions suspensions.parquet 7  suspended_until ENDS_BEFORE_START",
		"suspensions suspensions.parquet 8 B01 contract_id UNKNOWN_CONTRACT",
		"suspensions suspensions.parquet 8 B01 suspended_from DATE_OUT_OF_RANGE",
	}
	// Activity rows: the extra rows follow the doctors' rows of their file.
	files := activityFiles()
	rowOf := func(y int, id string) int {
		for i, r := range files[y-firstYear].rows {
			if r.DoctorID != nil && *r.DoctorID == id || r.DoctorID == nil && id == "" {
				if id != "99000000006" || *r.Year == 2022 {
					return i
				}
			}
		}
		t.Fatalf("no row %s in %d", id, y)
		return 0
	}
	rows := []int{rowOf(2019, "99000000001"), rowOf(2020, ""), rowOf(2021, "99000000003"),
		rowOf(2022, "99000000004"), rowOf(2022, "99000000006"), rowOf(2023, "99000000006")}
	for i := range rows {
		want[10+i] = fmt.Sprintf(want[10+i], rows[i])
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rejects:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, in := range in.ins {
		if in.RejectedRows*100 > in.Rows {
			t.Errorf("%s: %d of %d rows rejected: more than 1 %%, the default run would not publish", in.Arg, in.RejectedRows, in.Rows)
		}
	}
	cin, ain, sin := in.ins[0], in.ins[1], in.ins[2]
	if cin.Rows != 202 || cin.RejectedRows != 2 || ain.RejectedRows != 6 || sin.Rows != 307 || sin.RejectedRows != 2 {
		t.Errorf("contracts %d rows, %d rejected; activity %d rejected; suspensions %d rows, %d rejected; want 202, 2, 6, 307, 2",
			cin.Rows, cin.RejectedRows, ain.RejectedRows, sin.Rows, sin.RejectedRows)
	}
}

// evaluateAll applies calc to every valid contract of the fixtures for a payment year.
func evaluateAll(t *testing.T, year int) map[string]*calc.Explanation {
	t.Helper()
	in := readFixtures(t)
	crows, arows := in.contracts, in.activity
	// R-SUSP-1: each contract's periods, sorted by first day then last (open end last), as
	// the pipeline joins them.
	periods := map[string][]calc.Suspension{}
	for _, s := range in.suspensions {
		periods[s.ContractID] = append(periods[s.ContractID], s.Suspension)
	}
	for i := range crows {
		ps := periods[crows[i].ContractID]
		slices.SortStableFunc(ps, func(a, b calc.Suspension) int {
			if a.From != b.From {
				return cmp.Compare(a.From, b.From)
			}
			return cmp.Compare(untilKey(a.Until), untilKey(b.Until))
		})
		crows[i].Suspensions = ps
	}
	p := calc.DefaultParams()
	type key struct {
		id string
		y  int32
	}
	acts := map[key]*calc.Activity{}
	pop := map[calc.DistKey][]int32{}
	for i := range arows {
		a := &arows[i].Activity
		acts[key{a.DoctorID, a.Year}] = a
		for _, m := range []string{calc.MeasureMTAdult, calc.MeasureMTTotal, calc.MeasureFileActive} {
			if v := calc.MeasureValue(m, a.MTAdult, a.MTChild, a.FileActive); v.Valid && v.V > 0 {
				k := calc.DistKey{ReferenceYear: a.Year, Specialty: a.Specialty, Measure: m}
				pop[k] = append(pop[k], int32(v.V))
			}
		}
	}
	bands := map[calc.DistKey]calc.Band{}
	lookupBand := func(k calc.DistKey) calc.Band {
		if b, ok := bands[k]; ok {
			return b
		}
		b, err := calc.BuildBand(k, append([]int32(nil), pop[k]...), p)
		if err != nil {
			t.Fatal(err)
		}
		bands[k] = b
		return b
	}
	lookupAct := func(id string, y int32) (*calc.Activity, bool) {
		a, ok := acts[key{id, y}]
		return a, ok
	}
	run := calc.Run{Year: year, AsOf: calc.YearEnd(year), Params: p}
	out := map[string]*calc.Explanation{}
	for i := range crows {
		c := &crows[i].Contract
		out[c.ContractID] = calc.Evaluate(c, run, lookupAct, lookupBand)
	}
	return out
}

// untilKey orders a period's last day, an open end after every date.
func untilKey(d calc.OptDate) int64 {
	if !d.Valid {
		return math.MaxInt64
	}
	return int64(d.V)
}

// summary is one contract's outcome in a run: status, reasons, band, then each event as
// kind/k/date/payable/reasons.
func summary(x *calc.Explanation) string {
	s := strings.TrimSpace(fmt.Sprintf("%s [%s] %s", x.Status, strings.Join(x.Reasons, ";"), x.ContractBand))
	for _, p := range x.Payments() {
		kind := p.Kind
		if p.Instalment.Valid {
			kind += fmt.Sprintf(" i%d", p.Instalment.V)
		}
		s += fmt.Sprintf(" | %s k%d %s %s", kind, p.ContractYear, p.EventDate, p.Payable)
		if p.SuspendedDays.V > 0 {
			s += fmt.Sprintf(" (%d/%d days)", p.CoveredDays.V, p.PeriodDays)
		}
		if p.Reasons != "" {
			s += " " + p.Reasons
		}
	}
	return s
}

// Each scenario contract shows, through calc, the situation its comment in data.go and
// fixtures/README.md claim, in the payment years of the goldens (2021, 2024, 2025, 2026).
func TestScenarios(t *testing.T) {
	for _, y := range []int{2021, 2024, 2025, 2026} {
		xs := evaluateAll(t, y)
		for id, want := range scenarioWant[y] {
			if got := summary(xs[id]); got != want {
				t.Errorf("%d %s:\n got %s\nwant %s", y, id, got, want)
			}
		}
		if len(scenarioWant[y]) != 51 {
			t.Errorf("%d: %d scenarios listed, want 51", y, len(scenarioWant[y]))
		}
	}
}

// scenarioWant is each scenario contract's outcome per payment year, as summary prints it.
var scenarioWant = map[int]map[string]string{
	2021: {
		"F01": "paid [] p30_p50 | settlement k2 2021-10-15 13500.00",
		"F02": "paid [] p50_p70 | advance i1 k1 2021-03-30 8400.00 | settlement k1 2021-07-01 -4849.32",
		"F03": "paid [] p50_p70 | settlement k1 2021-02-28 10800.00",
		"F04": "no_event []",
		"F05": "ineligible [E-SECTOR] p30_p50",
		"F06": "ineligible [E-SPECIALTY] p50_p70",
		"F07": "no_event []",
		"F08": "ineligible [E-FLOOR] below_p30",
		"F09": "paid [] below_p30 | settlement k1 2021-06-15 5400.00",
		"F10": "no_event []",
		"F11": "no_event []",
		"F12": "paid [] p95_plus | settlement k2 2021-12-02 18000.00",
		"F13": "paid [] p90_p95 | advance i1 k1 2021-03-02 12600.00",
		"F14": "paid [] p30_p50 | settlement k2 2021-10-21 13500.00",
		"F15": "paid [] p30_p50 | advance i1 k1 2021-04-06 12600.00",
		"F16": "no_event []",
		"F17": "paid [] p50_p70 | settlement k1 2021-04-01 5400.00",
		"F18": "no_event []",
		"F19": "no_event []",
		"F20": "no_event []",
		"F21": "error [NO_BASELINE]",
		"F22": "no_event []",
		"F23": "no_event []",
		"F24": "no_event []",
		"F25": "paid [] p30_p50 | settlement k1 2021-11-16 5400.00",
		"F26": "ineligible [E-OPTION] p30_p50",
		"F27": "ineligible [E-GROUP] p30_p50",
		"F28": "paid [] p30_p50 | settlement k2 2021-09-16 13500.00",
		"F29": "no_event []",
		"F30": "no_event []",
		"F31": "paid [] p30_p50 | advance i1 k1 2021-02-09 12600.00",
		"F32": "paid [] p30_p50 | settlement k2 2021-09-02 13500.00",
		"F33": "no_event []",
		"F34": "no_event []",
		"F35": "no_event []",
		"F36": "no_event []",
		"F37": "paid [] p30_p50 | advance i1 k1 2021-10-19 12600.00",
		"F38": "paid [] p30_p50 | advance i1 k1 2021-01-19 12600.00",
		"F39": "no_event []",
		"F40": "paid [] below_p30 | settlement k1 2021-10-01 5400.00",
		"F41": "no_event []",
		"F42": "no_event []",
		"F43": "no_event []",
		"F44": "no_event []",
		"F45": "no_event []",
		"F46": "no_event []",
		"F47": "no_event []",
		"F48": "no_event []",
		"F49": "no_event []",
		"F50": "no_event []",
		"F51": "no_event []",
	},
	2024: {
		"F01": "paid [] p30_p50 | settlement k5 2024-10-15 8929.13",
		"F02": "closed [] p50_p70",
		"F03": "paid [] p50_p70 | settlement k4 2024-02-29 10253.52",
		"F04": "pending [NO_ACTIVITY] p50_p70 | advance i1 k1 2024-01-03 18000.00 | advance i1 k2 2024-12-04 14000.00",
		"F05": "ineligible [E-SECTOR] p30_p50",
		"F06": "ineligible [E-SPECIALTY] p50_p70",
		"F07": "ineligible [E-OPTION] p50_p70",
		"F08": "ineligible [E-FLOOR] below_p30",
		"F09": "paid [] below_p30 | settlement k4 2024-06-15 3949.84",
		"F10": "not_started [] p50_p70",
		"F11": "no_event []",
		"F12": "paid [] p95_plus | settlement k5 2024-12-02 18000.00",
		"F13": "paid [] p90_p95 | settlement k3 2024-02-15 12500.00",
		"F14": "paid [] p30_p50 | settlement k5 2024-10-21 0.00 COORDINATION",
		"F15": "paid [] p30_p50 | settlement k3 2024-03-22 0.00 COORDINATION",
		"F16": "paid [] p30_p50 | settlement k2 2024-06-13 0.00 COORDINATION",
		"F17": "paid [] p50_p70 | settlement k4 2024-04-01 0.00 FORFAIT_STRUCTURE",
		"F18": "paid [] p50_p70 | settlement k1 2024-06-20 0.00 | advance i1 k2 2024-06-20 13500.00",
		"F19": "paid [] p50_p70 | advance i1 k1 2024-08-14 19000.00",
		"F20": "paid [] p50_p70 | settlement k2 2024-09-01 13500.00",
		"F21": "error [NO_BASELINE]",
		"F22": "paid [] p50_p70 | advance i1 k1 2024-10-31 38000.00",
		"F23": "paid [] p50_p70 | settlement k1 2024-07-03 0.00 | advance i1 k2 2024-07-03 28000.00",
		"F24": "ineligible [E-SPECIALTY] p50_p70",
		"F25": "paid [] p30_p50 | settlement k4 2024-11-16 6114.13",
		"F26": "ineligible [E-OPTION] p30_p50",
		"F27": "ineligible [E-GROUP] p30_p50",
		"F28": "closed [] p30_p50",
		"F29": "paid [] below_p30 | settlement k1 2024-08-21 0.00 | advance i1 k2 2024-08-21 14000.00",
		"F30": "paid [] p50_p70 | settlement k1 2024-02-01 -5950.82",
		"F31": "paid [] p30_p50 | settlement k3 2024-01-25 1446.28",
		"F32": "paid [] p30_p50 | settlement k5 2024-09-02 8967.97",
		"F33": "paid [] p30_p50 | settlement k1 2024-05-15 5400.00",
		"F34": "paid [] p50_p70 | settlement k1 2024-05-10 0.00 | advance i1 k2 2024-05-10 13500.00",
		"F35": "paid [] p50_p70 | advance i1 k1 2024-07-31 18000.00",
		"F36": "paid [] p50_p70 | advance i1 k1 2024-07-24 38000.00",
		"F37": "paid [] p30_p50 | settlement k3 2024-10-04 5526.32",
		"F38": "pending [NO_ACTIVITY] p30_p50",
		"F39": "error [NO_DISTRIBUTION;NO_FEES]",
		"F40": "paid [] below_p30 | settlement k4 2024-10-01 6030.77",
		"F41": "paid [] p90_p95 | settlement k1 2024-05-15 0.00 | advance i1 k2 2024-05-15 13500.00",
		"F42": "paid [] p30_p50 | settlement k1 2024-06-12 -540.98 (355/366 days)",
		"F43": "paid [] p30_p50 | settlement k1 2024-09-11 0.00",
		"F44": "paid [] p30_p50 | settlement k1 2024-07-10 -4475.41 (275/366 days) | advance i1 k2 2024-07-10 14000.00",
		"F45": "paid [] p30_p50 | settlement k1 2024-10-09 -10918.03 (144/366 days)",
		"F46": "paid [] p50_p70 | settlement k1 2024-11-13 0.00 | advance i1 k2 2024-11-13 14000.00",
		"F47": "ineligible [E-CLINICAL] p50_p70",
		"F48": "error [NO_FEES]",
		"F49": "paid [] p50_p70 | advance i1 k1 2024-07-31 19000.00",
		"F50": "paid [] p50_p70 | settlement k1 2024-08-07 0.00 | advance i1 k2 2024-08-07 14000.00",
		"F51": "ineligible [E-SPECIALTY] p95_plus",
	},
	2025: {
		"F01": "closed [] p30_p50",
		"F02": "closed [] p50_p70",
		"F03": "paid [] p50_p70 | settlement k5 2025-02-28 12816.90",
		"F04": "pending [NO_ACTIVITY] p50_p70 | advance i1 k3 2025-12-04 5500.00",
		"F05": "ineligible [E-SECTOR] p30_p50",
		"F06": "ineligible [E-SPECIALTY] p50_p70",
		"F07": "ineligible [E-OPTION] p50_p70",
		"F08": "ineligible [E-FLOOR] below_p30",
		"F09": "paid [] below_p30 | settlement k5 2025-06-15 4937.30",
		"F10": "not_started [] p50_p70",
		"F11": "no_event []",
		"F12": "closed [] p95_plus",
		"F13": "paid [] p90_p95 | settlement k4 2025-02-15 12500.00",
		"F14": "closed [] p30_p50",
		"F15": "paid [] p30_p50 | settlement k4 2025-03-22 0.00 COORDINATION",
		"F16": "paid [] p30_p50 | settlement k3 2025-06-13 0.00 COORDINATION",
		"F17": "paid [] p50_p70 | settlement k5 2025-04-01 8977.70",
		"F18": "paid [] p50_p70 | settlement k2 2025-06-20 0.00 | advance i1 k3 2025-06-20 5500.00 | advance i2 k3 2025-12-19 5500.00",
		"F19": "paid [] p50_p70 | settlement k1 2025-07-15 0.00 | advance i1 k2 2025-07-15 14000.00",
		"F20": "paid [] p50_p70 | settlement k3 2025-09-01 6973.58",
		"F21": "error [NO_BASELINE]",
		"F22": "paid [] p50_p70 | settlement k1 2025-10-01 0.00 | advance i1 k2 2025-10-01 28000.00",
		"F23": "paid [] p50_p70 | settlement k2 2025-07-03 0.00 | advance i1 k3 2025-07-03 11000.00",
		"F24": "ineligible [E-SPECIALTY] p50_p70",
		"F25": "paid [] p30_p50 | settlement k5 2025-11-16 7686.34",
		"F26": "ineligible [E-OPTION] p30_p50",
		"F27": "ineligible [E-GROUP] p30_p50",
		"F28": "closed [] p30_p50",
		"F29": "paid [] below_p30 | settlement k2 2025-08-21 0.00 | advance i1 k3 2025-08-21 5500.00",
		"F30": "closed [] p50_p70",
		"F31": "paid [] p30_p50 | settlement k4 2025-01-25 1446.28",
		"F32": "closed [] p30_p50",
		"F33": "paid [] p30_p50 | settlement k2 2025-05-15 13500.00",
		"F34": "paid [] p50_p70 | settlement k2 2025-05-10 0.00 | advance i1 k3 2025-05-10 5500.00 | advance i2 k3 2025-11-08 5500.00",
		"F35": "paid [] p50_p70 | settlement k1 2025-07-01 0.00 | advance i1 k2 2025-07-01 14000.00",
		"F36": "paid [] p50_p70 | settlement k1 2025-06-24 0.00 | advance i1 k2 2025-06-24 28000.00",
		"F37": "paid [] p30_p50 | settlement k4 2025-10-04 7236.84",
		"F38": "paid [] p30_p50 | settlement k4 2025-01-04 7167.24",
		"F39": "error [NO_DISTRIBUTION;NO_FEES]",
		"F40": "paid [] below_p30 | settlement k5 2025-10-01 7558.97",
		"F41": "paid [] p90_p95 | settlement k2 2025-05-15 0.00 | advance i1 k3 2025-05-15 6500.00 | advance i2 k3 2025-11-13 6500.00",
		"F42": "paid [] p30_p50 | settlement k2 2025-06-12 12797.26 (346/365 days) | advance i1 k3 2025-06-12 5500.00 | advance i2 k3 2025-12-11 5500.00",
		"F43": "paid [] p30_p50 | advance i1 k3 2025-09-11 5500.00",
		"F44": "paid [] p30_p50 | settlement k2 2025-07-10 0.00 | advance i1 k3 2025-07-10 5500.00",
		"F45": "no_event [] p30_p50",
		"F46": "paid [] p50_p70 | settlement k2 2025-11-13 0.00 | advance i1 k3 2025-11-13 5500.00",
		"F47": "ineligible [E-CLINICAL] p50_p70",
		"F48": "error [NO_FEES]",
		"F49": "paid [] p50_p70 | settlement k1 2025-07-01 0.00 | advance i1 k2 2025-07-01 14000.00",
		"F50": "paid [] p50_p70 | settlement k2 2025-08-07 0.00 | advance i1 k3 2025-08-07 5500.00",
		"F51": "ineligible [E-SPECIALTY] p95_plus",
	},
	2026: {
		"F01": "closed [] p30_p50",
		"F02": "closed [] p50_p70",
		"F03": "closed [] p50_p70",
		"F04": "pending [NO_ACTIVITY] p50_p70 | advance i2 k3 2026-06-04 5500.00 | advance i1 k4 2026-12-04 5500.00",
		"F05": "ineligible [E-SECTOR] p30_p50",
		"F06": "ineligible [E-SPECIALTY] p50_p70",
		"F07": "ineligible [E-OPTION] p50_p70",
		"F08": "ineligible [E-FLOOR] below_p30",
		"F09": "closed [] below_p30",
		"F10": "not_started [] p50_p70",
		"F11": "paid [] p50_p70 | advance i1 k1 2026-03-04 19000.00",
		"F12": "closed [] p95_plus",
		"F13": "paid [] p90_p95 | settlement k5 2026-02-15 13000.00",
		"F14": "closed [] p30_p50",
		"F15": "paid [] p30_p50 | settlement k5 2026-03-22 0.00 COORDINATION",
		"F16": "paid [] p30_p50 | settlement k4 2026-06-13 0.00 COORDINATION",
		"F17": "closed [] p50_p70",
		"F18": "paid [] p50_p70 | settlement k3 2026-06-20 0.00 | advance i1 k4 2026-06-20 5500.00 | advance i2 k4 2026-12-19 5500.00",
		"F19": "pending [NO_ACTIVITY] p50_p70 | advance i1 k3 2026-07-15 5500.00",
		"F20": "pending [NO_ACTIVITY] p50_p70",
		"F21": "error [NO_BASELINE]",
		"F22": "pending [NO_ACTIVITY] p50_p70 | advance i1 k3 2026-10-01 11000.00",
		"F23": "pending [NO_ACTIVITY] p50_p70 | advance i2 k3 2026-01-01 11000.00 | advance i1 k4 2026-07-03 11000.00",
		"F24": "ineligible [E-SPECIALTY] p50_p70",
		"F25": "closed [] p30_p50",
		"F26": "ineligible [E-OPTION] p30_p50",
		"F27": "ineligible [E-GROUP] p30_p50",
		"F28": "closed [] p30_p50",
		"F29": "pending [NO_ACTIVITY] below_p30 | advance i2 k3 2026-02-19 5500.00 | advance i1 k4 2026-08-21 5500.00",
		"F30": "closed [] p50_p70",
		"F31": "paid [] p30_p50 | settlement k5 2026-01-25 1515.15",
		"F32": "closed [] p30_p50",
		"F33": "paid [] p30_p50 | settlement k3 2026-05-15 4049.08",
		"F34": "paid [] p50_p70 | settlement k3 2026-05-10 -5310.34 | advance i1 k4 2026-05-10 5500.00 | advance i2 k4 2026-11-08 5500.00",
		"F35": "paid [] p50_p70 | settlement k2 2026-07-01 0.00 | advance i1 k3 2026-07-01 5500.00 | advance i2 k3 2026-12-30 5500.00",
		"F36": "paid [] p50_p70 | settlement k2 2026-06-24 0.00 | advance i1 k3 2026-06-24 11000.00 | advance i2 k3 2026-12-23 11000.00",
		"F37": "pending [NO_ACTIVITY] p30_p50",
		"F38": "paid [] p30_p50 | settlement k5 2026-01-04 9010.24",
		"F39": "error [NO_DISTRIBUTION;NO_FEES]",
		"F40": "closed [] below_p30",
		"F41": "paid [] p90_p95 | settlement k3 2026-05-15 -4333.33 | advance i1 k4 2026-05-15 6500.00 | advance i2 k4 2026-11-13 6500.00",
		"F42": "paid [] p30_p50 | settlement k3 2026-06-12 -7480.00 | advance i1 k4 2026-06-12 5500.00 | advance i2 k4 2026-12-11 5500.00",
		"F43": "pending [NO_ACTIVITY] p30_p50 | advance i2 k3 2026-03-12 5500.00 | advance i1 k4 2026-09-11 5500.00",
		"F44": "pending [NO_ACTIVITY] p30_p50 | advance i2 k3 2026-01-08 5500.00 | advance i1 k4 2026-07-10 5500.00",
		"F45": "no_event [] p30_p50",
		"F46": "pending [NO_ACTIVITY] p50_p70 | advance i2 k3 2026-05-14 5500.00 | advance i1 k4 2026-11-13 5500.00",
		"F47": "ineligible [E-CLINICAL] p50_p70",
		"F48": "error [NO_FEES]",
		"F49": "paid [] p50_p70 | settlement k2 2026-07-01 0.00 | advance i1 k3 2026-07-01 5500.00 | advance i2 k3 2026-12-30 5500.00",
		"F50": "pending [NO_ACTIVITY] p50_p70 | advance i2 k3 2026-02-05 5500.00 | advance i1 k4 2026-08-07 5500.00",
		"F51": "ineligible [E-SPECIALTY] p95_plus",
	},
}

// F41 runs through its five contract years (R-PAY-1): after the golden years, the halves of
// years 4 and 5 still fall due (no activity is needed for an instalment), while the
// settlements of years 4 and 5, observed in 2026 and 2027, wait for an activity row
// (R-ATT-1, pending).
func TestScenarioF41Years4And5(t *testing.T) {
	want := map[int]string{
		2027: "pending [NO_ACTIVITY] p90_p95 | advance i1 k5 2027-05-15 6500.00 | advance i2 k5 2027-11-13 6500.00",
		2028: "pending [NO_ACTIVITY] p90_p95",
	}
	for y, w := range want {
		if got := summary(evaluateAll(t, y)["F41"]); got != w {
			t.Errorf("%d F41:\n got %s\nwant %s", y, got, w)
		}
	}
}
