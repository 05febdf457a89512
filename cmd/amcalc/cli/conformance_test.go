package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amcalc/amcalc/io/partdiff"
)

// conformanceCases are the five runs of fixtures/conformance/README.md (a copy of
// ../shared/conformance: expected outputs computed by an independent implementation),
// each run with --suspensions as its README says.
var conformanceCases = []struct {
	name string
	args []string
	year string
}{
	{"y2020", []string{"--year", "2020"}, "2020"},
	{"y2022", []string{"--year", "2022"}, "2022"},
	{"y2024", []string{"--year", "2024"}, "2024"},
	{"y2025", []string{"--year", "2025"}, "2025"},
	{"y2024-asof-0630", []string{"--year", "2024", "--as-of", "2024-06-30"}, "2024"},
}

// TestConformance runs amcalc on each conformance case and requires the same content as
// the expected partition, row by row and column by column (rejects.detail aside), plus
// DATA.md's sort order and column types on our own files.
func TestConformance(t *testing.T) {
	base := filepath.Join("..", "..", "..", "fixtures", "conformance")
	for _, c := range conformanceCases {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"run",
				"--contracts", filepath.Join(base, "input", "contracts.parquet"),
				"--activity", filepath.Join(base, "input", "activity"),
				"--suspensions", filepath.Join(base, "input", "suspensions.parquet"),
				"--out", out, "--log-format", "json"}, c.args...)
			var stdout, stderr bytes.Buffer
			if code := Main(context.Background(), args, &stdout, &stderr); code != ExitOK {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			got := filepath.Join(out, "year="+c.year)
			want := filepath.Join(base, "expected", c.name, "year="+c.year)
			rep, err := partdiff.DiffPartitions(want, got, partdiff.Options{
				IgnoreColumns: map[string][]string{"rejects": {"detail"}},
				MaxLines:      40,
			})
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Identical() {
				var sb strings.Builder
				_ = rep.WriteText(&sb)
				t.Fatalf("differs from the expected partition (old = expected, new = ours):\n%s", sb.String())
			}
			problems, err := partdiff.CheckOrderAndTypes(got)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
}
