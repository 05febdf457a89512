package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"

	"github.com/amcalc/amcalc/calc"
)

// BenchmarkRunScale1 runs the whole job on ../data/scale1 (make data), or on the folder
// named by AMCALC_BENCH_DATA; skipped when absent.
func BenchmarkRunScale1(b *testing.B) {
	dir := filepath.Join("..", "data", "scale1")
	if d := os.Getenv("AMCALC_BENCH_DATA"); d != "" {
		dir = d
	}
	if _, err := os.Stat(dir); err != nil {
		b.Skip("no national-scale data: run make data")
	}
	for i := 0; i < b.N; i++ {
		_, err := Run(context.Background(), Config{
			Year: 2024, AsOf: calc.YearEnd(2024), ContractsPath: filepath.Join(dir, "contracts.parquet"),
			ActivityPath: filepath.Join(dir, "activity"), SuspensionsPath: filepath.Join(dir, "suspensions.parquet"), OutDir: b.TempDir(), Version: "bench", Log: zerolog.Nop(),
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
