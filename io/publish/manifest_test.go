package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/outfile"
)

func TestManifestBytes(t *testing.T) {
	m := Manifest{
		Year:              2024,
		AsOf:              "2024-12-31",
		RulesVersion:      "1.2",
		ParamsSHA256:      "ab12",
		ParamsAssumptions: []string{"T2024.option3"},
		ProgramVersion:    "0.1.0",
		Inputs: []ManifestInput{{
			Name: "contracts", Arg: "in/contracts",
			Files: []ManifestFile{{Path: "year=2024/part-0.parquet", Bytes: 1234, SHA256: "cd34", Rows: 10}},
			Rows:  10, RowsRejected: 1,
		}, {Name: "activity", Arg: "activity.parquet"}},
		Outputs: []ManifestOutput{
			OutputOf(outfile.Summary{File: "payments.parquet", Rows: 3, SHA256: "ef56", PayableTotal: 707432517}, true),
			OutputOf(outfile.Summary{File: "bands.parquet", Rows: 2, SHA256: "0a0b"}, false),
			OutputOf(outfile.Summary{File: "contracts.parquet", Rows: 2, SHA256: "0c0d", PayableTotal: -5}, true),
		},
		CountsByStatus: map[string]int64{calc.StatusPaid: 2, calc.StatusError: 1, calc.StatusNoEvent: 7},
		StartedAt:      "2025-01-02T03:04:05Z",
		FinishedAt:     "2025-01-02T03:04:06Z",
		Workers:        2,
	}
	const want = `{
  "format_version": 1,
  "year": 2024,
  "as_of": "2024-12-31",
  "rules_version": "1.2",
  "params_sha256": "ab12",
  "params_assumptions": [
    "T2024.option3"
  ],
  "program_version": "0.1.0",
  "inputs": [
    {
      "name": "contracts",
      "arg": "in/contracts",
      "files": [
        {
          "path": "year=2024/part-0.parquet",
          "bytes": 1234,
          "sha256": "cd34",
          "rows": 10
        }
      ],
      "rows": 10,
      "rows_rejected": 1
    },
    {
      "name": "activity",
      "arg": "activity.parquet",
      "files": [],
      "rows": 0,
      "rows_rejected": 0
    }
  ],
  "outputs": [
    {
      "file": "payments.parquet",
      "rows": 3,
      "sha256": "ef56",
      "payable_total": "7074325.17"
    },
    {
      "file": "bands.parquet",
      "rows": 2,
      "sha256": "0a0b"
    },
    {
      "file": "contracts.parquet",
      "rows": 2,
      "sha256": "0c0d",
      "payable_total": "-0.05"
    }
  ],
  "counts_by_status": {
    "error": 1,
    "no_event": 7,
    "paid": 2
  },
  "started_at": "2025-01-02T03:04:05Z",
  "finished_at": "2025-01-02T03:04:06Z",
  "workers": 2
}
`
	dir := t.TempDir()
	for range 3 { // map order must not matter
		if err := WriteManifest(dir, m); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, ManifestName))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Fatalf("manifest:\n%s\nwant:\n%s", got, want)
		}
	}
}

func TestManifestEmptyListsNotNull(t *testing.T) {
	b, err := MarshalManifest(Manifest{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"params_assumptions": []`, `"inputs": []`, `"outputs": []`, `"counts_by_status": {}`, `"format_version": 1`} {
		if !strings.Contains(string(b), s) {
			t.Errorf("manifest lacks %s:\n%s", s, b)
		}
	}
}
