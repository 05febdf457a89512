package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/inwrite"
	"github.com/amcalc/amcalc/io/partdiff"
)

var update = flag.Bool("update", false, "rewrite the golden partitions in fixtures/golden from this run")

var fixtures = filepath.Join("..", "..", "..", "fixtures")

var outputFiles = []string{"payments.parquet", "contracts.parquet", "bands.parquet", "rejects.parquet"}

// goldenYears are the payment years of the golden runs: 2021 (R1 only), 2024 (R2 and R3
// year 1, suspensions), 2025 and 2026 (the halves of years ≥ 3, R-PAY-1, and their
// settlement).
var goldenYears = []string{"2021", "2024", "2025", "2026"}

// runFixtures runs amcalc on the checked-in extract set (the three inputs) and returns the
// partition folder.
func runFixtures(t *testing.T, year string, extra ...string) string {
	t.Helper()
	out := t.TempDir()
	args := append([]string{"run", "--year", year,
		"--contracts", filepath.Join(fixtures, "input", "contracts.parquet"),
		"--activity", filepath.Join(fixtures, "input", "activity"),
		"--suspensions", filepath.Join(fixtures, "input", "suspensions.parquet"),
		"--out", out, "--log-format", "json"}, extra...)
	var stdout, stderr bytes.Buffer
	if code := Main(context.Background(), args, &stdout, &stderr); code != ExitOK {
		t.Fatalf("amcalc %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	return filepath.Join(out, "year="+year)
}

// TestGolden runs the fixtures for the golden payment years and compares the four files
// with fixtures/golden/year=YYYY, content first (a readable report), then bytes. Regenerate
// with `go test ./cmd/amcalc/cli -run TestGolden -update` and review the diff like code.
func TestGolden(t *testing.T) {
	for _, year := range goldenYears {
		t.Run(year, func(t *testing.T) {
			got := runFixtures(t, year)
			want := filepath.Join(fixtures, "golden", "year="+year)
			if *update {
				if err := os.MkdirAll(want, 0o755); err != nil {
					t.Fatal(err)
				}
				for _, f := range outputFiles {
					b, err := os.ReadFile(filepath.Join(got, f))
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(want, f), b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			rep, err := partdiff.DiffPartitions(want, got, partdiff.Options{MaxLines: 40})
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Identical() {
				var sb strings.Builder
				_ = rep.WriteText(&sb)
				t.Fatalf("content differs from the golden partition (old = golden):\n%s", sb.String())
			}
			for _, f := range outputFiles {
				a, _ := os.ReadFile(filepath.Join(want, f))
				b, _ := os.ReadFile(filepath.Join(got, f))
				if !bytes.Equal(a, b) {
					t.Errorf("%s: same content but different bytes (writer settings changed?)", f)
				}
			}
			problems, err := partdiff.CheckOrderAndTypes(got)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Error(p)
			}
			checkManifest(t, got)
		})
	}
}

// checkManifest asserts the manifest accounts for every input row and every output file.
func checkManifest(t *testing.T, dir string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "_MANIFEST.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Inputs []struct {
			Name         string `json:"name"`
			Rows         int64  `json:"rows"`
			RowsRejected int64  `json:"rows_rejected"`
			Files        []struct {
				Rows int64 `json:"rows"`
			} `json:"files"`
		} `json:"inputs"`
		Outputs []struct {
			File string `json:"file"`
			Rows int64  `json:"rows"`
		} `json:"outputs"`
		CountsByStatus map[string]int64 `json:"counts_by_status"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Inputs) != 3 || len(m.Outputs) != 4 {
		t.Fatalf("manifest lists %d inputs and %d outputs, want 3 and 4", len(m.Inputs), len(m.Outputs))
	}
	var ledger int64
	for _, o := range m.Outputs {
		tbl, err := partdiff.ReadTable(filepath.Join(dir, o.File))
		if err != nil {
			t.Fatal(err)
		}
		if int64(tbl.NumRows()) != o.Rows {
			t.Errorf("manifest says %s has %d rows, the file has %d", o.File, o.Rows, tbl.NumRows())
		}
		if o.File == "contracts.parquet" {
			ledger = o.Rows
		}
	}
	var statuses int64
	for _, n := range m.CountsByStatus {
		statuses += n
	}
	if statuses != ledger {
		t.Errorf("counts by status add up to %d, the ledger has %d rows", statuses, ledger)
	}
	for _, in := range m.Inputs {
		var files int64
		for _, f := range in.Files {
			files += f.Rows
		}
		if files != in.Rows {
			t.Errorf("%s: files hold %d rows, the input says %d", in.Name, files, in.Rows)
		}
		if in.Name == "contracts" && ledger+in.RowsRejected != in.Rows {
			t.Errorf("contracts: %d in the ledger + %d rejected != %d read", ledger, in.RowsRejected, in.Rows)
		}
	}
}

// TestReproducible: two runs, and --workers 1 against --workers 8, give byte-identical
// files (DATA.md "Publishing"), in 2024 and in 2026 (two instalments of a year, R-PAY-1).
func TestReproducible(t *testing.T) {
	for _, year := range []string{"2024", "2026"} {
		runs := map[string]string{
			"default":   runFixtures(t, year),
			"again":     runFixtures(t, year),
			"workers-1": runFixtures(t, year, "--workers", "1"),
			"workers-2": runFixtures(t, year, "--workers", "2"),
			"workers-8": runFixtures(t, year, "--workers", "8"),
		}
		for name, dir := range runs {
			for _, f := range outputFiles {
				a, err := os.ReadFile(filepath.Join(runs["default"], f))
				if err != nil {
					t.Fatal(err)
				}
				b, err := os.ReadFile(filepath.Join(dir, f))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(a, b) {
					t.Errorf("%s %s: %s differs from the default run's", year, name, f)
				}
			}
		}
	}
}

// TestManifestAssumptionsUsed: the manifest lists the parameter values of confidence
// "assumption" that the run's contracts used — not the whole file's — each named as
// calc.Params.Assumptions names it.
func TestManifestAssumptionsUsed(t *testing.T) {
	dir := runFixtures(t, "2024")
	b, err := os.ReadFile(filepath.Join(dir, "_MANIFEST.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Assumptions []string `json:"params_assumptions"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := []string{
		// R3 GPs' max (R-ATT-3: F19, F49…); R1/R2's min is not an assumption.
		"attainment_combination from 2024-06-22: the 2024 convention relaxed the objectives («assouplis», ameli 2024) and the cumulative condition is said to concern mainly the older contracts",
		// E-CLINICAL at exactly 20 % (F46 passes at the boundary).
		"clinical_test from 2023-05-01 cell max_ccam_share: exactly 20 % passes: ameli writes both «moins de 20 %» of CCAM fees and «80 % et plus» of clinical fees; the «en clair» sentence decides",
		"objective_grid from 2019-08-21 cell p50_p70 option 2: seed 004", // R1 option 2 in p50_p70 (e.g. F03)
		"objective_grid from 2019-08-21 cell p50_p70 option 3: seed 004",
		"objective_grid from 2023-05-01: R2/R3 grids not published: R1's grid applies", // R2/R3 contracts
	}
	if !reflect.DeepEqual(m.Assumptions, want) {
		t.Errorf("params_assumptions:\n got %q\nwant %q", m.Assumptions, want)
	}
	all := calc.DefaultParams().Assumptions()
	for _, a := range m.Assumptions {
		if !slices.Contains(all, a) {
			t.Errorf("%q is not an assumption of the parameter file", a)
		}
	}
	if len(m.Assumptions) >= len(all) {
		t.Errorf("the manifest lists %d assumptions, the file has %d: it should list only those used", len(m.Assumptions), len(all))
	}
}

// TestEmptyStringsAreValues: DATA.md checks nulls, not content, so a contract whose
// contract_id, doctor_id and specialty are "" is a valid row: it publishes (never fails
// the run at write time) and keeps its empty strings in the ledger.
func TestEmptyStringsAreValues(t *testing.T) {
	signed, _ := calc.ParseDate("2022-03-01")
	hired, _ := calc.ParseDate("2022-03-15")
	c := calc.Contract{ContractID: "", DoctorID: "", Specialty: "", TariffSector: "S1", GroupPractice: true,
		Option: 2, SignedOn: signed, HiredOn: calc.SomeDate(hired)}
	path := filepath.Join(t.TempDir(), "contracts.parquet")
	if err := inwrite.WriteContracts(path, []calc.Contract{c}); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := Main(t.Context(), []string{"run", "--year", "2022", "--contracts", path,
		"--activity", filepath.Join(fixtures, "input", "activity"), "--out", out}, &stdout, &stderr)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	tbl, err := partdiff.ReadTable(filepath.Join(out, "year=2022", "contracts.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if tbl.NumRows() != 1 {
		t.Fatalf("%d ledger rows, want 1", tbl.NumRows())
	}
	for _, col := range []string{"contract_id", "doctor_id", "specialty"} {
		if v := tbl.Value(col, 0); v != partdiff.Str("") {
			t.Errorf("%s = %v, want the empty string", col, v)
		}
	}
	// No baseline row for doctor "" in 2021 (R-OBJ-1) and no population of specialty ""
	// (R-BAND-3): status error with both codes.
	if s, r := tbl.Value("status", 0), tbl.Value("reasons", 0); s != partdiff.Str("error") || r != partdiff.Str("NO_BASELINE;NO_DISTRIBUTION") {
		t.Errorf("status %v %v, want error NO_BASELINE;NO_DISTRIBUTION", s, r)
	}
}
