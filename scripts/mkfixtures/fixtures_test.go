package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
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
	if len(ta) != 9 {
		t.Fatalf("%d files written, want 9", len(ta))
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

func readFixtures(t *testing.T) ([]extract.ContractRow, []extract.Reject, extract.Input, []extract.ActivityRow, []extract.Reject, extract.Input) {
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
	return c, crej, cin, a, arej, ain
}

// Every rejected row is one we meant, for the problems we meant, and the run still
// publishes with the default --max-reject-ratio 0.01.
func TestRejects(t *testing.T) {
	_, crej, cin, _, arej, ain := readFixtures(t)
	var got []string
	for _, r := range append(crej, arej...) {
		got = append(got, fmt.Sprintf("%s %s %d %s %s %s", r.Input, r.File, r.Row, r.Key, r.Column, r.Problem))
	}
	want := []string{
		"contracts contracts.parquet 40 B01 ended_on ENDS_BEFORE_START",
		"contracts contracts.parquet 40 B01 option BAD_ENUM",
		"contracts contracts.parquet 40 B01 signed_on SIGNED_BEFORE_SCHEME",
		"contracts contracts.parquet 41 B02 doctor_id NULL_REQUIRED",
		"contracts contracts.parquet 41 B02 hired_on DATE_OUT_OF_RANGE",
		"contracts contracts.parquet 41 B02 target_file_active COUNT_TOO_LARGE",
		"contracts contracts.parquet 41 B02 tariff_sector BAD_ENUM",
		"activity year=2019/part-0.parquet %d 99000000001|2019 fs_volet1 NULL_REQUIRED",
		"activity year=2020/part-0.parquet %d |2020 doctor_id NULL_REQUIRED",
		"activity year=2021/part-0.parquet %d 99000000003|2021 mt_child NEGATIVE_COUNT",
		"activity year=2022/part-0.parquet %d 99000000004|2022 file_active COUNT_TOO_LARGE",
		"activity year=2022/part-0.parquet %d 99000000006|2022 doctor_id,year DUPLICATE_KEY",
		"activity year=2023/part-0.parquet %d 99000000006|2022 doctor_id,year DUPLICATE_KEY",
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
		want[7+i] = fmt.Sprintf(want[7+i], rows[i])
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rejects:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, in := range []extract.Input{cin, ain} {
		if in.RejectedRows*100 > in.Rows {
			t.Errorf("%s: %d of %d rows rejected: more than 1 %%, the default run would not publish", in.Arg, in.RejectedRows, in.Rows)
		}
	}
	if cin.Rows != 202 || cin.RejectedRows != 2 || ain.RejectedRows != 6 {
		t.Errorf("contracts %d rows, %d rejected; activity %d rejected; want 202, 2, 6", cin.Rows, cin.RejectedRows, ain.RejectedRows)
	}
}

// evaluateAll applies calc to every valid contract of the fixtures for a payment year.
func evaluateAll(t *testing.T, year int) map[string]*calc.Explanation {
	t.Helper()
	crows, _, _, arows, _, _ := readFixtures(t)
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

// summary is one contract's outcome in a run: status, reasons, band, then each event as
// kind/k/date/payable/reasons.
func summary(x *calc.Explanation) string {
	s := strings.TrimSpace(fmt.Sprintf("%s [%s] %s", x.Status, strings.Join(x.Reasons, ";"), x.ContractBand))
	for _, p := range x.Payments() {
		s += fmt.Sprintf(" | %s k%d %s %s", p.Kind, p.ContractYear, p.EventDate, p.Payable)
		if p.Reasons != "" {
			s += " " + p.Reasons
		}
	}
	return s
}

// Each scenario contract shows, through calc, the situation its comment in data.go and
// fixtures/README.md claim, in the payment years 2021, 2024 (the goldens) and 2025.
func TestScenarios(t *testing.T) {
	for _, y := range []int{2021, 2024, 2025} {
		xs := evaluateAll(t, y)
		for id, want := range scenarioWant[y] {
			if got := summary(xs[id]); got != want {
				t.Errorf("%d %s:\n got %s\nwant %s", y, id, got, want)
			}
		}
		if len(scenarioWant[y]) != 40 {
			t.Errorf("%d: %d scenarios listed, want 40", y, len(scenarioWant[y]))
		}
	}
}

// scenarioWant is each scenario contract's outcome per payment year, as summary prints it.
var scenarioWant = map[int]map[string]string{
	2021: {
		"F01": "paid [] p30_p50 | settlement k2 2021-10-15 13500.00",
		"F02": "paid [] p50_p70 | advance k1 2021-03-30 8400.00 | settlement k1 2021-07-01 -4849.32",
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
		"F13": "paid [] p90_p95 | advance k1 2021-03-02 12600.00",
		"F14": "paid [] p30_p50 | settlement k2 2021-10-21 13500.00",
		"F15": "paid [] p30_p50 | advance k1 2021-04-06 12600.00",
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
		"F31": "paid [] p30_p50 | advance k1 2021-02-09 12600.00",
		"F32": "paid [] p30_p50 | settlement k2 2021-09-02 13500.00",
		"F33": "no_event []",
		"F34": "no_event []",
		"F35": "no_event []",
		"F36": "no_event []",
		"F37": "paid [] p30_p50 | advance k1 2021-10-19 12600.00",
		"F38": "paid [] p30_p50 | advance k1 2021-01-19 12600.00",
		"F39": "no_event []",
		"F40": "paid [] below_p30 | settlement k1 2021-10-01 5400.00",
	},
	2024: {
		"F01": "paid [] p30_p50 | settlement k5 2024-10-15 9497.11",
		"F02": "closed [] p50_p70",
		"F03": "paid [] p50_p70 | settlement k4 2024-02-29 10894.37",
		"F04": "pending [NO_ACTIVITY] p50_p70 | advance k1 2024-01-03 18000.00",
		"F05": "ineligible [E-SECTOR] p30_p50",
		"F06": "ineligible [E-SPECIALTY] p50_p70",
		"F07": "ineligible [E-OPTION] p50_p70",
		"F08": "ineligible [E-FLOOR] below_p30",
		"F09": "paid [] below_p30 | settlement k4 2024-06-15 4621.98",
		"F10": "not_started [] p50_p70",
		"F11": "no_event []",
		"F12": "paid [] p95_plus | settlement k5 2024-12-02 18000.00",
		"F13": "paid [] p90_p95 | settlement k3 2024-02-15 12500.00",
		"F14": "paid [] p30_p50 | settlement k5 2024-10-21 0.00 COORDINATION",
		"F15": "paid [] p30_p50 | settlement k3 2024-03-22 0.00 COORDINATION",
		"F16": "paid [] p30_p50 | settlement k2 2024-06-13 0.00 COORDINATION",
		"F17": "paid [] p50_p70 | settlement k4 2024-04-01 0.00 FORFAIT_STRUCTURE",
		"F18": "paid [] p50_p70 | settlement k1 2024-06-20 0.00",
		"F19": "paid [] p50_p70 | advance k1 2024-08-14 19000.00",
		"F20": "paid [] p50_p70 | settlement k2 2024-09-01 13500.00",
		"F21": "error [NO_BASELINE]",
		"F22": "paid [] p50_p70 | advance k1 2024-10-31 38000.00",
		"F23": "paid [] p50_p70 | settlement k1 2024-07-03 0.00",
		"F24": "ineligible [E-SPECIALTY] p50_p70",
		"F25": "paid [] p30_p50 | settlement k4 2024-11-16 6114.13",
		"F26": "ineligible [E-OPTION] p30_p50",
		"F27": "ineligible [E-GROUP] p30_p50",
		"F28": "closed [] p30_p50",
		"F29": "paid [] below_p30 | settlement k1 2024-08-21 0.00",
		"F30": "paid [] p50_p70 | settlement k1 2024-02-01 -5950.82",
		"F31": "paid [] p30_p50 | settlement k3 2024-01-25 1688.21",
		"F32": "paid [] p30_p50 | settlement k5 2024-09-02 9523.99",
		"F33": "paid [] p30_p50 | settlement k1 2024-05-15 5400.00",
		"F34": "paid [] p50_p70 | settlement k1 2024-05-10 0.00",
		"F35": "paid [] p50_p70 | advance k1 2024-07-31 19000.00",
		"F36": "paid [] p50_p70 | advance k1 2024-07-24 38000.00",
		"F37": "paid [] p30_p50 | settlement k3 2024-10-04 5874.27",
		"F38": "pending [NO_ACTIVITY] p30_p50",
		"F39": "error [NO_DISTRIBUTION]",
		"F40": "paid [] below_p30 | settlement k4 2024-10-01 7053.85",
	},
	2025: {
		"F01": "closed [] p30_p50",
		"F02": "closed [] p50_p70",
		"F03": "paid [] p50_p70 | settlement k5 2025-02-28 13617.96",
		"F04": "pending [NO_ACTIVITY] p50_p70",
		"F05": "ineligible [E-SECTOR] p30_p50",
		"F06": "ineligible [E-SPECIALTY] p50_p70",
		"F07": "ineligible [E-OPTION] p50_p70",
		"F08": "ineligible [E-FLOOR] below_p30",
		"F09": "paid [] below_p30 | settlement k5 2025-06-15 5777.48",
		"F10": "not_started [] p50_p70",
		"F11": "no_event []",
		"F12": "closed [] p95_plus",
		"F13": "paid [] p90_p95 | settlement k4 2025-02-15 12500.00",
		"F14": "closed [] p30_p50",
		"F15": "paid [] p30_p50 | settlement k4 2025-03-22 0.00 COORDINATION",
		"F16": "paid [] p30_p50 | settlement k3 2025-06-13 0.00 COORDINATION",
		"F17": "paid [] p50_p70 | settlement k5 2025-04-01 9534.11",
		"F18": "paid [] p50_p70 | settlement k2 2025-06-20 13500.00",
		"F19": "paid [] p50_p70 | settlement k1 2025-07-15 0.00",
		"F20": "paid [] p50_p70 | settlement k3 2025-09-01 7413.14",
		"F21": "error [NO_BASELINE]",
		"F22": "paid [] p50_p70 | settlement k1 2025-10-01 0.00",
		"F23": "paid [] p50_p70 | settlement k2 2025-07-03 28000.00",
		"F24": "ineligible [E-SPECIALTY] p50_p70",
		"F25": "paid [] p30_p50 | settlement k5 2025-11-16 7686.34",
		"F26": "ineligible [E-OPTION] p30_p50",
		"F27": "ineligible [E-GROUP] p30_p50",
		"F28": "closed [] p30_p50",
		"F29": "paid [] below_p30 | settlement k2 2025-08-21 14000.00",
		"F30": "closed [] p50_p70",
		"F31": "paid [] p30_p50 | settlement k4 2025-01-25 1688.21",
		"F32": "closed [] p30_p50",
		"F33": "paid [] p30_p50 | settlement k2 2025-05-15 13500.00",
		"F34": "paid [] p50_p70 | settlement k2 2025-05-10 13500.00",
		"F35": "paid [] p50_p70 | settlement k1 2025-07-01 0.00",
		"F36": "paid [] p50_p70 | settlement k1 2025-06-24 0.00",
		"F37": "paid [] p30_p50 | settlement k4 2025-10-04 7692.50",
		"F38": "paid [] p30_p50 | settlement k4 2025-01-04 7622.08",
		"F39": "error [NO_DISTRIBUTION]",
		"F40": "paid [] below_p30 | settlement k5 2025-10-01 8856.41",
	},
}
