package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	xlocal "github.com/xitongsys/parquet-go-source/local"
	xreader "github.com/xitongsys/parquet-go/reader"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/publish"
)

// TestRunUsage: DATA.md "Command line" — bad flags and values are usage errors (exit 2),
// with a message naming the flag, and nothing is created.
func TestRunUsage(t *testing.T) {
	in := []string{"--contracts", filepath.Join(fixtures, "input", "contracts.parquet"),
		"--activity", filepath.Join(fixtures, "input", "activity")}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no_year", append([]string{"--out", "X"}, in...), "--year is required"},
		{"year_2018", append([]string{"--year", "2018", "--out", "X"}, in...), "--year 2018: want 2019…2099"},
		{"year_2100", append([]string{"--year", "2100", "--out", "X"}, in...), "--year 2100: want 2019…2099"},
		{"no_contracts", []string{"--year", "2024", "--activity", "A", "--out", "X"}, "--contracts is required"},
		{"no_activity", []string{"--year", "2024", "--contracts", "C", "--out", "X"}, "--activity is required"},
		{"no_out", append([]string{"--year", "2024"}, in...), "--out is required"},
		{"as_of_not_a_date", append([]string{"--year", "2024", "--as-of", "2024-02-30", "--out", "X"}, in...), "--as-of"},
		{"as_of_not_iso", append([]string{"--year", "2024", "--as-of", "30/06/2024", "--out", "X"}, in...), "--as-of"},
		{"as_of_before_year", append([]string{"--year", "2024", "--as-of", "2023-12-31", "--out", "X"}, in...), "--as-of 2023-12-31 is before 1 January 2024"},
		{"negative_workers", append([]string{"--year", "2024", "--workers", "-1", "--out", "X"}, in...), "--workers -1"},
		{"bad_log_format", append([]string{"--year", "2024", "--log-format", "xml", "--out", "X"}, in...), "--log-format"},
		{"bad_log_level", append([]string{"--year", "2024", "--log-level", "loud", "--out", "X"}, in...), "--log-level"},
		{"extra_argument", append([]string{"--year", "2024", "--out", "X", "extra"}, in...), "unexpected argument"},
		{"unknown_flag", []string{"--yeer", "2024"}, "flag provided but not defined"},
		// Issue 9 item 9: an explicitly empty value (a cron line with an unset variable)
		// is a mistake, never the default.
		{"as_of_empty", append([]string{"--year", "2024", "--as-of", "", "--out", "X"}, in...), "--as-of: empty value"},
		{"params_empty", append([]string{"--year", "2024", "--params", "", "--out", "X"}, in...), "--params: empty value"},
		{"suspensions_empty", append([]string{"--year", "2024", "--suspensions=", "--out", "X"}, in...), "--suspensions: empty value"},
		{"out_empty", append([]string{"--year", "2024", "--out", ""}, in...), "--out: empty value"},
		// Item 10: decimal only, and no flag twice.
		{"year_hexadecimal", append([]string{"--year", "0x7e8", "--out", "X"}, in...), "want a decimal integer"},
		{"year_octal", append([]string{"--year", "03750", "--out", "X"}, in...), "want a decimal integer"},
		{"workers_hexadecimal", append([]string{"--year", "2024", "--workers", "0x10", "--out", "X"}, in...), "want a decimal integer"},
		{"year_twice", append([]string{"--year", "2024", "--year", "2025", "--out", "X"}, in...), "--year given twice"},
		{"as_of_twice", append([]string{"--year", "2024", "--as-of", "2024-06-30", "--as-of=2024-12-31", "--out", "X"}, in...), "--as-of given twice"},
		{"out_twice", append([]string{"--year", "2024", "--out", "X", "--out", "X"}, in...), "--out given twice"},
		{"log_format_twice", append([]string{"--year", "2024", "--log-format", "json", "--log-format", "json", "--out", "X"}, in...), "--log-format given twice"},
		// Item 11: a documented maximum.
		{"workers_above_max", append([]string{"--year", "2024", "--workers", "1025", "--out", "X"}, in...), "--workers 1025: want 1…1024"},
		{"workers_2_31", append([]string{"--year", "2024", "--workers", "2147483648", "--out", "X"}, in...), "--workers 2147483648: want 1…1024"},
		{"workers_beyond_int64", append([]string{"--year", "2024", "--workers", "99999999999999999999", "--out", "X"}, in...), "out of range"},
		// Item 1 (CLI side): a parameter file that cannot be used is a usage error.
		{"params_missing_file", append([]string{"--year", "2024", "--params", "/no/such/params.json", "--out", "X"}, in...), "/no/such/params.json"},
		{"params_not_json", append([]string{"--year", "2024", "--params", filepath.Join(fixtures, "input", "contracts.parquet"), "--out", "X"}, in...), "--params"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for i, a := range c.args {
				if a == "X" {
					c.args[i] = filepath.Join(dir, "out")
				}
			}
			var stdout, stderr bytes.Buffer
			code := Main(t.Context(), append([]string{"run"}, c.args...), &stdout, &stderr)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d\n%s", code, ExitUsage, stderr.String())
			}
			if !strings.Contains(stderr.String(), c.want) {
				t.Errorf("stderr %q does not say %q", stderr.String(), c.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "out")); !os.IsNotExist(err) {
				t.Errorf("a usage error created the output folder")
			}
		})
	}
}

// TestCommands: no command and an unknown one are usage errors; version and help answer.
func TestCommands(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		out  string
	}{
		{nil, ExitUsage, "Usage:"},
		{[]string{"frobnicate"}, ExitUsage, `unknown command "frobnicate"`},
		{[]string{"version"}, ExitOK, "amcalc " + Version + " (rules 1.3)"},
		{[]string{"help"}, ExitOK, "amcalc run --year Y"},
		{[]string{"version", "extra"}, ExitUsage, `unexpected argument "extra"`},
		// Item 10: a flag given twice is a usage error in every command.
		{[]string{"diff", "--format", "text", "--format", "json", "a", "b"}, ExitUsage, "--format given twice"},
		{[]string{"diff", "--max-lines", "0x10", "a", "b"}, ExitUsage, "want a decimal integer"},
		{append(explainArgs("F30"), "--contract", "F31"), ExitUsage, "--contract given twice"},
		{append(explainArgs("F30"), "--year", "2024"), ExitUsage, "--year given twice"},
		{append(explainArgs("F30"), "--as-of", ""), ExitUsage, "--as-of: empty value"},
		{append(without(explainArgs("F30"), "--suspensions"), "--suspensions", ""), ExitUsage, "--suspensions: empty value"},
		{append(explainArgs("F30"), "--suspensions", "x.parquet"), ExitUsage, "--suspensions given twice"},
	} {
		var stdout, stderr bytes.Buffer
		code := Main(t.Context(), c.args, &stdout, &stderr)
		if code != c.code || !strings.Contains(stdout.String()+stderr.String(), c.out) {
			t.Errorf("amcalc %v: exit %d, output %q; want exit %d and %q", c.args, code, stdout.String()+stderr.String(), c.code, c.out)
		}
	}
}

// TestAsOfAfterYearChangesNothing: R-PAY-4 — an as_of after 31 December of the run year
// gives the same files as the default.
func TestAsOfAfterYearChangesNothing(t *testing.T) {
	def := runFixtures(t, "2024")
	late := runFixtures(t, "2024", "--as-of", "2025-03-01")
	for _, f := range outputFiles {
		a, _ := os.ReadFile(filepath.Join(def, f))
		b, _ := os.ReadFile(filepath.Join(late, f))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s differs with --as-of 2025-03-01", f)
		}
	}
}

// TestMissingInputPath: DATA.md — an input path that does not exist stops the run with
// exit 1, the path named, nothing published.
func TestMissingInputPath(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	code := Main(t.Context(), []string{"run", "--year", "2024", "--contracts", "/no/such/contracts.parquet",
		"--activity", filepath.Join(fixtures, "input", "activity"), "--out", out}, &stdout, &stderr)
	if code != ExitFailed || !strings.Contains(stderr.String(), "/no/such/contracts.parquet") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(out, "year=2024")); !os.IsNotExist(err) {
		t.Error("something was published")
	}
}

// checkJSONLines fails unless every line of stderr is a JSON object with a time of
// sub-second precision (issue 9 item 13).
func checkJSONLines(t *testing.T, stderr string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	subSecond := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`)
	for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Errorf("stderr line is not JSON: %q", line)
			continue
		}
		if ts, _ := m["time"].(string); !subSecond.MatchString(ts) {
			t.Errorf("time %q of %q: want RFC 3339 with microseconds", ts, line)
		}
		lines = append(lines, m)
	}
	return lines
}

// TestLogFormatJSONEveryLine: issue 9 item 13 — with --log-format json every stderr line
// is JSON, the flag package's own messages, usage errors and --params errors included; the
// run log names the parameter file and its sha256.
func TestLogFormatJSONEveryLine(t *testing.T) {
	in := []string{"--contracts", filepath.Join(fixtures, "input", "contracts.parquet"),
		"--activity", filepath.Join(fixtures, "input", "activity")}
	badParams := filepath.Join(t.TempDir(), "params.json")
	if err := os.WriteFile(badParams, []byte(`{"rules_version": "1.2",`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		code int
		want string // in the error field
	}{
		{"unknown_flag", []string{"run", "--log-format", "json", "--yeer", "2024"}, ExitUsage, "flag provided but not defined: -yeer"},
		{"format_after_unknown_flag", []string{"run", "--yeer", "2024", "--log-format=json"}, ExitUsage, "flag provided but not defined: -yeer"},
		{"bad_value", []string{"run", "--log-format", "json", "--year", "0x7e8"}, ExitUsage, "want a decimal integer"},
		{"twice", []string{"run", "--log-format", "json", "--year", "2024", "--year", "2024"}, ExitUsage, "--year given twice"},
		{"missing_year", append([]string{"run", "--log-format", "json", "--out", "X"}, in...), ExitUsage, "--year is required"},
		{"bad_log_level", append([]string{"run", "--log-format", "json", "--log-level", "loud", "--year", "2024", "--out", "X"}, in...), ExitUsage, "--log-level"},
		{"params_syntax", append([]string{"run", "--log-format", "json", "--year", "2024", "--out", "X", "--params", badParams}, in...), ExitUsage, badParams},
		{"extra_argument", append([]string{"run", "--log-format", "json", "--year", "2024", "--out", "X", "extra"}, in...), ExitUsage, "unexpected argument"},
		{"missing_input", []string{"run", "--log-format", "json", "--year", "2024", "--out", "X", "--contracts", "/no/such.parquet", "--activity", filepath.Join(fixtures, "input", "activity")}, ExitFailed, "/no/such.parquet"},
		{"explain_usage", append(explainArgs("F30", "--log-format", "json"), "--colour"), ExitUsage, "flag provided but not defined: -colour"},
		{"explain_unknown", explainArgs("F99", "--log-format", "json"), ExitFailed, "F99"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for i, a := range c.args {
				if a == "X" {
					c.args[i] = filepath.Join(t.TempDir(), "out")
				}
			}
			code, _, stderr := amcalc(t, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d\n%s", code, c.code, stderr)
			}
			lines := checkJSONLines(t, stderr)
			if len(lines) == 0 {
				t.Fatal("no log line")
			}
			last := lines[len(lines)-1]
			if msg, _ := last["error"].(string); last["level"] != "error" || !strings.Contains(msg, c.want) {
				t.Errorf("last line %v: want an error line mentioning %q", last, c.want)
			}
		})
	}

	t.Run("run", func(t *testing.T) {
		// A copy of the embedded file: it loads whatever the rules version.
		data := calc.DefaultParamsJSON()
		params := filepath.Join(t.TempDir(), "params.json")
		if err := os.WriteFile(params, data, 0o644); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		code, _, stderr := amcalc(t, append([]string{"run", "--log-format", "json", "--year", "2024",
			"--out", t.TempDir(), "--params", params}, in...)...)
		if code != ExitOK {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		var started map[string]any
		for _, l := range checkJSONLines(t, stderr) {
			if l["message"] == "run started" {
				started = l
			}
		}
		if started["params"] != params || started["params_sha256"] != hex.EncodeToString(sum[:]) {
			t.Errorf("run started line %v: want params %s and its sha256", started, params)
		}
	})
}

// TestAsOfToday: issue 9 item 14 — --as-of today is the date in Europe/Paris when the
// run starts (the CLI's clock, replaced here), in the log and the manifest. 30 June 2024
// 22:30 UTC is already 1 July in Paris (UTC+2).
func TestAsOfToday(t *testing.T) {
	defer func(old func() time.Time) { now = old }(now)
	now = func() time.Time { return time.Date(2024, time.June, 30, 22, 30, 0, 0, time.UTC) }
	dir := runFixtures(t, "2024", "--as-of", "today")
	b, err := os.ReadFile(filepath.Join(dir, "_MANIFEST.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		AsOf     string `json:"as_of"`
		Started  string `json:"started_at"`
		Finished string `json:"finished_at"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.AsOf != "2024-07-01" {
		t.Errorf("manifest as_of %s, want 2024-07-01 (today in Europe/Paris)", m.AsOf)
	}
	subSecond := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`)
	if !subSecond.MatchString(m.Started) || !subSecond.MatchString(m.Finished) {
		t.Errorf("manifest times %s, %s: want sub-second precision", m.Started, m.Finished)
	}
	same := runFixtures(t, "2024", "--as-of", "2024-07-01")
	for _, f := range outputFiles {
		a, _ := os.ReadFile(filepath.Join(dir, f))
		b, _ := os.ReadFile(filepath.Join(same, f))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s with --as-of today differs from --as-of 2024-07-01", f)
		}
	}

	code, _, stderr := amcalc(t, "run", "--log-format", "json", "--year", "2024", "--as-of", "today", "--out", t.TempDir(),
		"--contracts", filepath.Join(fixtures, "input", "contracts.parquet"), "--activity", filepath.Join(fixtures, "input", "activity"))
	resolved := false
	for _, l := range checkJSONLines(t, stderr) {
		resolved = resolved || (l["message"] == "--as-of today resolved in Europe/Paris" && l["as_of"] == "2024-07-01")
	}
	if code != ExitOK || !resolved {
		t.Errorf("exit %d; the log does not show today resolved:\n%s", code, stderr)
	}
	now = func() time.Time { return time.Date(2024, time.December, 31, 23, 30, 0, 0, time.UTC) }
	code, _, stderr = amcalc(t, "run", "--year", "2024", "--as-of", "today", "--out", t.TempDir(),
		"--contracts", filepath.Join(fixtures, "input", "contracts.parquet"), "--activity", filepath.Join(fixtures, "input", "activity"))
	if code != ExitOK { // 1 January 2025 in Paris is after the year: as 31 December (R-PAY-4)
		t.Errorf("--as-of today after the year: exit %d, want 0 (R-PAY-4: as 31 December)\n%s", code, stderr)
	}
	code, _, stderr = amcalc(t, "run", "--year", "2025", "--as-of", "today", "--out", filepath.Join(t.TempDir(), "out"),
		"--contracts", filepath.Join(fixtures, "input", "contracts.parquet"), "--activity", filepath.Join(fixtures, "input", "activity"))
	if code != ExitOK {
		t.Errorf("--year 2025 on 1 January 2025 (Paris): exit %d\n%s", code, stderr)
	}
	code, _, stderr = amcalc(t, "run", "--year", "2026", "--as-of", "today", "--out", filepath.Join(t.TempDir(), "out"),
		"--contracts", filepath.Join(fixtures, "input", "contracts.parquet"), "--activity", filepath.Join(fixtures, "input", "activity"))
	if code != ExitUsage || !strings.Contains(stderr, "--as-of today (2025-01-01) is before 1 January 2026") {
		t.Errorf("--year 2026 today: exit %d, want 2 naming the resolved date\n%s", code, stderr)
	}
}

// TestWorkersMaxCancelsPromptly: issue 9 item 11 — at the largest --workers a cancelled
// run (SIGTERM's cause) stops within a second, whenever the signal comes: it publishes
// (the signal came too late) or exits 1 "interrupted by SIGTERM" with nothing published.
func TestWorkersMaxCancelsPromptly(t *testing.T) {
	for _, delay := range []time.Duration{0, 2 * time.Millisecond, 10 * time.Millisecond, 30 * time.Millisecond, 60 * time.Millisecond} {
		t.Run(delay.String(), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			ctx, cancel := context.WithCancelCause(context.Background())
			var cancelled atomic.Int64
			timer := time.AfterFunc(delay, func() {
				cancelled.Store(time.Now().UnixNano())
				cancel(&Interrupted{Signal: syscall.SIGTERM})
			})
			defer timer.Stop()
			var stdout, stderr bytes.Buffer
			code := Main(ctx, []string{"run", "--log-format", "json", "--workers", strconv.Itoa(MaxWorkers), "--year", "2024",
				"--contracts", filepath.Join(fixtures, "input", "contracts.parquet"),
				"--activity", filepath.Join(fixtures, "input", "activity"), "--out", out}, &stdout, &stderr)
			end := time.Now()
			switch code {
			case ExitOK:
				return // finished before the signal
			case ExitFailed:
				if !strings.Contains(stderr.String(), `"error":"interrupted by SIGTERM"`) {
					t.Errorf("stderr does not say interrupted by SIGTERM:\n%s", stderr.String())
				}
				if took := end.Sub(time.Unix(0, cancelled.Load())); took > time.Second {
					t.Errorf("stopped %v after the signal, want < 1 s", took)
				}
				if _, err := os.Stat(filepath.Join(out, "year=2024")); !os.IsNotExist(err) {
					t.Error("an interrupted run published")
				}
			default:
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
		})
	}
}

// TestSignalContext: issue 9 item 13 — the context main runs with is cancelled by the
// signal, and its cause names it (SIGINT here; SIGTERM in TestFaultsSIGTERM).
func TestSignalContext(t *testing.T) {
	ctx, stop := SignalContext(context.Background())
	defer stop()
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("SIGINT did not cancel the context")
	}
	if got := context.Cause(ctx); got == nil || got.Error() != "interrupted by SIGINT" {
		t.Errorf("cause %v, want interrupted by SIGINT", got)
	}
	stop() // idempotent
}

// TestRunManifestSuspensionsInput: DATA.md "_MANIFEST.json" — each input with its path,
// bytes, sha256, rows and rows rejected, "the suspensions input only when given" (R-SUSP-1).
// With --suspensions the manifest lists it third, its one file's size and sha256 computed
// here from the file, its rows counted by the independent reader and its rejected rows the
// distinct suspensions rows of rejects.parquet; without it, only contracts and activity.
func TestRunManifestSuspensionsInput(t *testing.T) {
	path := filepath.Join(fixtures, "input", "suspensions.parquet")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	pf, err := xlocal.NewLocalFileReader(path)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := xreader.NewParquetColumnReader(pf, 1)
	if err != nil {
		t.Fatal(err)
	}
	rows := pr.GetNumRows()
	pr.ReadStop()
	pf.Close()

	manifestOf := func(t *testing.T, dir string) publish.Manifest {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, publish.ManifestName))
		if err != nil {
			t.Fatal(err)
		}
		var m publish.Manifest
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	names := func(m publish.Manifest) []string {
		var n []string
		for _, in := range m.Inputs {
			n = append(n, in.Name)
		}
		return n
	}

	t.Run("R-SUSP-1_given", func(t *testing.T) {
		dir := runFixtures(t, "2024") // with --suspensions
		m := manifestOf(t, dir)
		if got := names(m); !slices.Equal(got, []string{"contracts", "activity", "suspensions"}) {
			t.Fatalf("manifest inputs %v, want contracts, activity, suspensions", got)
		}
		rej := readPartitionTable(t, dir, "rejects")
		distinct := map[int64]bool{}
		for i := range rej.NumRows() {
			if rej.Value("input", i).Str == "suspensions" {
				distinct[rej.Value("row", i).Int] = true
			}
		}
		if len(distinct) != 2 {
			t.Fatalf("%d suspensions rows rejected, want 2 (fixtures/README.md: rows 7 and 8)", len(distinct))
		}
		in := m.Inputs[2]
		if in.Arg != path || in.Rows != rows || in.RowsRejected != int64(len(distinct)) {
			t.Errorf("suspensions input arg %q rows %d rejected %d, want %q %d %d", in.Arg, in.Rows, in.RowsRejected, path, rows, len(distinct))
		}
		if len(in.Files) != 1 {
			t.Fatalf("suspensions input files %+v, want the one file", in.Files)
		}
		f := in.Files[0]
		if f.Bytes != int64(len(raw)) || f.SHA256 != hex.EncodeToString(sum[:]) || f.Rows != rows {
			t.Errorf("suspensions file %+v, want %d bytes, sha256 %x, %d rows", f, len(raw), sum, rows)
		}
	})

	t.Run("R-SUSP-1_not_given", func(t *testing.T) {
		out := t.TempDir()
		code, _, stderr := amcalc(t, "run", "--year", "2024",
			"--contracts", filepath.Join(fixtures, "input", "contracts.parquet"),
			"--activity", filepath.Join(fixtures, "input", "activity"),
			"--out", out, "--log-format", "json")
		if code != ExitOK {
			t.Fatalf("run without --suspensions: exit %d\n%s", code, stderr)
		}
		dir := filepath.Join(out, "year=2024")
		if got := names(manifestOf(t, dir)); !slices.Equal(got, []string{"contracts", "activity"}) {
			t.Errorf("manifest inputs %v, want contracts and activity only", got)
		}
		rej := readPartitionTable(t, dir, "rejects")
		for i := range rej.NumRows() {
			if rej.Value("input", i).Str == "suspensions" {
				t.Fatalf("rejects.parquet row %d is a suspensions reject in a run without --suspensions", i)
			}
		}
	})
}
