package cli

// Fault tests of issue "Nothing lost" through cli.Main and the built binary: bad input
// files (fixtures/bad), crashes and signals at each pipeline.CrashPoints entry,
// concurrent runs, the reject ratio. Every helper here is prefixed fault… so as not to
// collide with the other tests of the package. The README's fault table lists what each test
// proves.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/amcalc/amcalc/io/publish"
	"github.com/amcalc/amcalc/pipeline/pipelinetest"
)

var (
	faultRoot      = filepath.Join("..", "..", "..")
	faultContracts = filepath.Join(faultRoot, "fixtures", "input", "contracts.parquet")
	faultActivity  = filepath.Join(faultRoot, "fixtures", "input", "activity")
	faultBad       = filepath.Join(faultRoot, "fixtures", "bad")

	// faultTmp holds what the fault tests share within one process: the built binary
	// and the template output folders. TestMain removes it.
	faultTmp string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if faultTmp != "" {
		os.RemoveAll(faultTmp)
	}
	os.Exit(code)
}

var faultTmpOnce sync.Once

func faultShared(t *testing.T) string {
	t.Helper()
	faultTmpOnce.Do(func() {
		var err error
		if faultTmp, err = os.MkdirTemp("", "amcalc-faults-"); err != nil {
			panic(err)
		}
	})
	return faultTmp
}

// faultResult is one run of cli.Main or of the binary.
type faultResult struct {
	code           int
	stdout, stderr string
}

// faultMain runs cli.Main with JSON logs.
func faultMain(t *testing.T, args ...string) faultResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	full := append([]string{"run", "--log-format", "json"}, args...)
	code := Main(context.Background(), full, &stdout, &stderr)
	return faultResult{code, stdout.String(), stderr.String()}
}

// errorMessage returns the "error" field of the run's error log line ("" if none).
func (r faultResult) errorMessage() string {
	for _, line := range strings.Split(r.stderr, "\n") {
		var ev struct {
			Level string `json:"level"`
			Error string `json:"error"`
			Msg   string `json:"message"`
		}
		if json.Unmarshal([]byte(line), &ev) == nil && ev.Level == "error" {
			return ev.Error
		}
	}
	return ""
}

// faultRunArgs are the arguments of a run of year 2024 into out.
func faultRunArgs(contracts, activity, out string, extra ...string) []string {
	return append([]string{"--year", "2024", "--contracts", contracts, "--activity", activity, "--out", out}, extra...)
}

var (
	faultTemplateOnce sync.Once
	faultTemplateDir  string
	faultTemplateErr  string
)

// faultPrevious returns a fresh output folder holding the year=2024 partition of the
// fixtures (as of 31 December) and a year=2021 partition, both published by cli.Main.
func faultPrevious(t *testing.T) string {
	t.Helper()
	shared := faultShared(t)
	faultTemplateOnce.Do(func() {
		dir := filepath.Join(shared, "template")
		for _, year := range []string{"2024", "2021"} {
			var stdout, stderr bytes.Buffer
			args := []string{"run", "--log-format", "json", "--year", year, "--contracts", faultContracts,
				"--activity", faultActivity, "--out", dir}
			if code := Main(context.Background(), args, &stdout, &stderr); code != ExitOK {
				faultTemplateErr = fmt.Sprintf("template run %s: exit %d: %s", year, code, stderr.String())
				return
			}
		}
		faultTemplateDir = dir
	})
	if faultTemplateErr != "" {
		t.Fatal(faultTemplateErr)
	}
	out := filepath.Join(t.TempDir(), "out")
	pipelinetest.CopyTree(t, faultTemplateDir, out, func(n string) bool { return n == publish.LockFile })
	return out
}

// faultState is both partitions of an output folder, as bytes.
type faultState struct{ y2024, y2021 map[string][]byte }

func faultStateOf(t *testing.T, out string) faultState {
	return faultState{pipelinetest.Snapshot(t, filepath.Join(out, "year=2024")), pipelinetest.Snapshot(t, filepath.Join(out, "year=2021"))}
}

// faultNothingPublished: both partitions byte for byte as before, nothing left behind,
// the lock free.
func faultNothingPublished(t *testing.T, out string, before faultState) {
	t.Helper()
	pipelinetest.CheckNothingPublished(t, out, map[string]map[string][]byte{"year=2024": before.y2024, "year=2021": before.y2021})
}

// faultTable reads a whole Parquet file (it must be readable) into columns of strings,
// "<null>" for a null.
func faultTable(t *testing.T, path string) (names []string, rows [][]string) {
	t.Helper()
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	defer tbl.Release()
	for i := range int(tbl.NumCols()) {
		names = append(names, tbl.Column(i).Name())
	}
	rows = make([][]string, tbl.NumRows())
	for i := range rows {
		rows[i] = make([]string, len(names))
	}
	for j := range names {
		at := 0
		for _, chunk := range tbl.Column(j).Data().Chunks() {
			for i := range chunk.Len() {
				v := "<null>"
				if !chunk.IsNull(i) {
					v = chunk.ValueStr(i)
					if s, ok := chunk.(*array.String); ok {
						v = s.Value(i)
					}
				}
				rows[at][j] = v
				at++
			}
		}
	}
	return names, rows
}

// faultManifest is the part of _MANIFEST.json the fault tests read.
type faultManifest struct {
	AsOf   string `json:"as_of"`
	Inputs []struct {
		Name         string `json:"name"`
		Rows         int64  `json:"rows"`
		RowsRejected int64  `json:"rows_rejected"`
	} `json:"inputs"`
	Outputs []struct {
		File string `json:"file"`
		Rows int64  `json:"rows"`
	} `json:"outputs"`
}

// faultReadPartition checks that dir is a complete, readable partition: the five files,
// each Parquet file opened and read whole with the row count of the manifest.
func faultReadPartition(t *testing.T, dir string) faultManifest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, publish.ManifestName))
	if err != nil {
		t.Fatalf("partition %s: %v", dir, err)
	}
	var m faultManifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	if len(m.Outputs) != 4 {
		t.Fatalf("manifest lists %d outputs", len(m.Outputs))
	}
	for _, o := range m.Outputs {
		_, rows := faultTable(t, filepath.Join(dir, o.File))
		if int64(len(rows)) != o.Rows {
			t.Errorf("%s: %d rows, manifest says %d", o.File, len(rows), o.Rows)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 5 {
		t.Errorf("partition holds %d entries, want 5", len(entries))
	}
	return m
}

// faultBuildOnce builds cmd/amcalc once per test process.
var (
	faultBuildOnce sync.Once
	faultBin       string
	faultBuildErr  string
)

func faultBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	shared := faultShared(t)
	faultBuildOnce.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			faultBuildErr = "no go tool on PATH: " + err.Error()
			return
		}
		bin := filepath.Join(shared, "amcalc")
		cmd := exec.Command(goTool, "build", "-o", bin, "github.com/amcalc/amcalc/cmd/amcalc")
		if out, err := cmd.CombinedOutput(); err != nil {
			faultBuildErr = fmt.Sprintf("go build: %v\n%s", err, out)
			return
		}
		faultBin = bin
	})
	if faultBuildErr != "" {
		t.Fatal(faultBuildErr)
	}
	return faultBin
}
