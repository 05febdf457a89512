package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
