package runreport

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkReport builds the page of a national-scale partition (make report-bench:
// amgen --scale 1, then amcalc run --year 2024). The partition is $AMCALC_REPORT_PARTITION,
// else data/out/year=2024 at the repository root; the benchmark skips without it.
// The target: under 1 s.
func BenchmarkReport(b *testing.B) {
	dir := os.Getenv("AMCALC_REPORT_PARTITION")
	if dir == "" {
		dir = filepath.Join("..", "..", "data", "out", "year=2024")
	}
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("no partition at %s (make report-bench makes one): %v", dir, err)
	}
	for _, c := range []struct {
		name string
		opt  Options
	}{
		{"en", Options{Lang: "en"}},
		{"fr", Options{Lang: "fr"}},
		{"en-compare", Options{Lang: "en", CompareDir: dir}}, // the diff summary against itself
	} {
		b.Run(c.name, func(b *testing.B) {
			var size int
			for b.Loop() {
				page, err := Build(dir, c.opt)
				if err != nil {
					b.Fatal(err)
				}
				size = len(page)
			}
			b.ReportMetric(float64(size), "page-bytes")
		})
	}
}
