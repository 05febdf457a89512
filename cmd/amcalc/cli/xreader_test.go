package cli

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	xlocal "github.com/xitongsys/parquet-go-source/local"
	xcommon "github.com/xitongsys/parquet-go/common"
	xreader "github.com/xitongsys/parquet-go/reader"

	"github.com/amcalc/amcalc/calc"
)

// checkIndependentReader reads every output file of a published partition with the
// independent reader (xitongsys/parquet-go, test-only) and requires the manifest's row
// counts and payable totals.
func checkIndependentReader(t *testing.T, dir string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "_MANIFEST.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Outputs []struct {
			File         string `json:"file"`
			Rows         int64  `json:"rows"`
			PayableTotal string `json:"payable_total"`
		} `json:"outputs"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	money := map[string]string{"payments.parquet": "payable", "contracts.parquet": "payable_total"}
	for _, o := range m.Outputs {
		pf, err := xlocal.NewLocalFileReader(filepath.Join(dir, o.File))
		if err != nil {
			t.Fatal(err)
		}
		pr, err := xreader.NewParquetColumnReader(pf, 1)
		if err != nil {
			t.Fatalf("independent reader cannot open %s: %v", o.File, err)
		}
		if n := pr.GetNumRows(); n != o.Rows {
			t.Errorf("%s: independent reader sees %d rows, manifest says %d", o.File, n, o.Rows)
		}
		if col, ok := money[o.File]; ok {
			vals, _, _, err := pr.ReadColumnByPath(xcommon.ReformPathStr("parquet_go_root."+col), o.Rows)
			if err != nil {
				vals, _, _, err = pr.ReadColumnByPath(xcommon.ReformPathStr("schema."+col), o.Rows)
			}
			if err != nil {
				t.Fatalf("%s: read %s: %v", o.File, col, err)
			}
			var sum int64
			for _, v := range vals {
				sum += v.(int64) // DECIMAL(18,2) stored as INT64 cents
			}
			if got := calc.Cents(sum).String(); got != o.PayableTotal || int64(len(vals)) != o.Rows {
				t.Errorf("%s: independent reader sums %s over %d values, manifest says %s over %d", o.File, got, len(vals), o.PayableTotal, o.Rows)
			}
		}
		pr.ReadStop()
		pf.Close()
	}
}

// TestIndependentReaderOnRuns cross-reads the fixture run and a conformance run.
func TestIndependentReaderOnRuns(t *testing.T) {
	checkIndependentReader(t, runFixtures(t, "2024"))
	out := t.TempDir()
	base := filepath.Join(fixtures, "conformance", "input")
	code := Main(t.Context(), []string{"run", "--year", "2024", "--contracts", filepath.Join(base, "contracts.parquet"),
		"--activity", filepath.Join(base, "activity"), "--out", out, "--log-level", "error"}, io.Discard, io.Discard)
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	checkIndependentReader(t, filepath.Join(out, "year=2024"))
}
