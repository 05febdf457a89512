package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/amcalc/amcalc/io/publish"
)

// TestRunV12ContractsNoSuspensions: a contracts extract written before v1.3 (no fee
// columns) and no --suspensions still publishes (issue "Rule book v1.3"; DATA.md "Inputs":
// an absent v1.3 column reads as null). The fees read as null: the one contract of a
// clinical-test specialty under R2/R3 (F39, code 45) is an error with NO_FEES (E-CLINICAL),
// every other contract row is in the ledger, and the manifest has no suspensions input.
func TestRunV12ContractsNoSuspensions(t *testing.T) {
	out := t.TempDir()
	args := []string{"run", "--year", "2024",
		"--contracts", filepath.Join(fixtures, "v12", "contracts.parquet"),
		"--activity", filepath.Join(fixtures, "input", "activity"),
		"--out", out, "--log-format", "json"}
	var stdout, stderr bytes.Buffer
	if code := Main(context.Background(), args, &stdout, &stderr); code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	dir := filepath.Join(out, "year=2024")
	b, err := os.ReadFile(filepath.Join(dir, publish.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m publish.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Inputs) != 2 || m.Inputs[0].Name != "contracts" || m.Inputs[1].Name != "activity" {
		t.Fatalf("manifest inputs %+v, want contracts and activity only", m.Inputs)
	}
	if c := m.Inputs[0]; c.Rows != 202 || c.RowsRejected != 2 {
		t.Errorf("contracts: %d rows, %d rejected; want 202, 2", c.Rows, c.RowsRejected)
	}
	ledger := readPartitionTable(t, dir, "contracts")
	if ledger.NumRows() != 200 {
		t.Fatalf("ledger has %d rows, want 200", ledger.NumRows())
	}
	found := false
	for i := range ledger.NumRows() {
		if ledger.Value("contract_id", i).Str != "F39" {
			continue
		}
		found = true
		status, reasons := ledger.Value("status", i).Str, ledger.Value("reasons", i).Str
		if status != "error" || reasons != "NO_DISTRIBUTION;NO_FEES" {
			t.Errorf("F39: status %q reasons %q, want error NO_DISTRIBUTION;NO_FEES (as with the v1.3 file's null fees)", status, reasons)
		}
	}
	if !found {
		t.Error("F39 not in the ledger")
	}
	pays := readPartitionTable(t, dir, "payments")
	if pays.NumRows() == 0 {
		t.Error("no payment published")
	}
}
