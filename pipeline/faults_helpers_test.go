package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/pipeline/pipelinetest"
)

// Helpers of the fault tests (issue "Nothing lost"): a run on the checked-in fixtures,
// partition snapshots compared byte for byte, and the checks every failed run must pass.

var (
	fixtureContracts = filepath.Join("..", "fixtures", "input", "contracts.parquet")
	fixtureActivity  = filepath.Join("..", "fixtures", "input", "activity")
)

// partitionFiles are the five files of a complete partition (DATA.md "Outputs").
var partitionFiles = []string{"_MANIFEST.json", "bands.parquet", "contracts.parquet", "payments.parquet", "rejects.parquet"}

// faultConfig is a run of year 2024 on the fixtures into out; asOf "" is 31 December.
func faultConfig(out, asOf string) Config {
	d := calc.YearEnd(2024)
	if asOf != "" {
		var err error
		if d, err = calc.ParseDate(asOf); err != nil {
			panic(err)
		}
	}
	return Config{
		Year: 2024, AsOf: d, ContractsPath: fixtureContracts, ActivityPath: fixtureActivity,
		OutDir: out, Workers: 2, Version: "faults", Log: zerolog.Nop(),
		Now: func() time.Time { return time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC) },
	}
}

// previous returns a fresh output folder holding a published year=2024 (as of 31 Dec)
// and a year=2023 partition that no 2024 run may touch.
func previous(t *testing.T) string {
	t.Helper()
	out := t.TempDir()
	if _, err := Run(context.Background(), faultConfig(out, "")); err != nil {
		t.Fatalf("first run: %v", err)
	}
	other := filepath.Join(out, "year=2023")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "payments.parquet"), []byte("another year"), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// state is what a run must leave behind: both partitions, as bytes.
type state struct{ y2024, y2023 map[string][]byte }

func stateOf(t *testing.T, out string) state {
	return state{pipelinetest.Snapshot(t, filepath.Join(out, "year=2024")), pipelinetest.Snapshot(t, filepath.Join(out, "year=2023"))}
}

// checkNothingPublished: year=2024 and year=2023 are byte for byte as before, no staging
// or .old- folder is left, and the lock is free.
func checkNothingPublished(t *testing.T, out string, before state) {
	t.Helper()
	pipelinetest.CheckNothingPublished(t, out, map[string]map[string][]byte{"year=2024": before.y2024, "year=2023": before.y2023})
}
