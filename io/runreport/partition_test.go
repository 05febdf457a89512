package runreport

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/amcalc/amcalc/io/publish"
)

// golden is the fixture run's published tables (v1.3 payments, no manifest).
var golden = filepath.Join("..", "..", "fixtures", "golden", "year=2024")

// partition copies the golden tables into a fresh folder, lets edit change any of them,
// then writes a manifest that lists each file with its sha256.
func partition(t *testing.T, edit func(dir string)) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "year=2024")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range Files {
		b, err := os.ReadFile(filepath.Join(golden, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if edit != nil {
		edit(dir)
	}
	m := publish.Manifest{Year: 2024, AsOf: "2024-12-31", RulesVersion: "1.3", ProgramVersion: "test"}
	for _, f := range Files {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		m.Outputs = append(m.Outputs, publish.ManifestOutput{File: f, SHA256: hex.EncodeToString(sum[:])})
	}
	if err := publish.WriteManifest(dir, m); err != nil {
		t.Fatal(err)
	}
	return dir
}

// readPayments reads dir's payments.parquet whole.
func readPayments(t *testing.T, dir string) arrow.Table {
	t.Helper()
	rdr, err := file.OpenParquetFile(filepath.Join(dir, PaymentsFile), false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return tbl
}

// toV12 rewrites payments.parquet as DATA.md v1.2 shaped it: the v1.3 columns instalment
// and suspended_days left out, every other column as it was.
func toV12(t *testing.T, dir string) {
	t.Helper()
	tbl := readPayments(t, dir)
	defer tbl.Release()
	var fields []arrow.Field
	var cols []arrow.Column
	for i, f := range tbl.Schema().Fields() {
		if f.Name == "instalment" || f.Name == "suspended_days" {
			continue
		}
		fields = append(fields, f)
		cols = append(cols, *tbl.Column(i))
	}
	if len(fields) != int(tbl.NumCols())-2 {
		t.Fatalf("the golden payments.parquet lacks instalment or suspended_days: not a v1.3 file")
	}
	out := array.NewTable(arrow.NewSchema(fields, nil), cols, tbl.NumRows())
	defer out.Release()
	f, err := os.Create(filepath.Join(dir, PaymentsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := pqarrow.WriteTable(out, f, max(tbl.NumRows(), 1), parquet.NewWriterProperties(), pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
}

// sumInt32 sums the non-null values of an int32 column of tbl.
func sumInt32(t *testing.T, tbl arrow.Table, name string) int64 {
	t.Helper()
	idx := tbl.Schema().FieldIndices(name)
	if len(idx) != 1 {
		t.Fatalf("column %s: %d of them", name, len(idx))
	}
	var sum int64
	for _, ch := range tbl.Column(idx[0]).Data().Chunks() {
		a := ch.(*array.Int32)
		for i := 0; i < a.Len(); i++ {
			if a.IsValid(i) {
				sum += int64(a.Value(i))
			}
		}
	}
	return sum
}

var dataRE = regexp.MustCompile(`(?s)id="amcalc-report">(.*?)</script>`)

func pageData(t *testing.T, page []byte) map[string]any {
	t.Helper()
	m := dataRE.FindSubmatch(page)
	if m == nil {
		t.Fatal("no embedded JSON")
	}
	var v map[string]any
	if err := json.Unmarshal(m[1], &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestPaymentsShapes: a v1.3 payments file (the golden run's) and the same file without
// its v1.3 columns (instalment, suspended_days: a partition written before v1.3) are both
// read by column name and give the same money (DATA.md v1.3, R-PAY-1); only the v1.3 page
// shows suspended days (R-SUSP-1), their sum over the file.
func TestPaymentsShapes(t *testing.T) {
	v13dir := partition(t, nil)
	v13, err := Build(v13dir, Options{Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	v12, err := Build(partition(t, func(dir string) { toV12(t, dir) }), Options{Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	pay := readPayments(t, v13dir)
	defer pay.Release()
	wantSuspended := sumInt32(t, pay, "suspended_days")
	if wantSuspended == 0 {
		t.Fatal("the golden payments hold no suspended day: the test checks nothing")
	}
	a, b := pageData(t, v12), pageData(t, v13)
	for _, k := range []string{"payable_total", "events", "instalments", "settlements", "payable_by_month"} {
		ja, _ := json.Marshal(a[k])
		jb, _ := json.Marshal(b[k])
		if string(ja) != string(jb) {
			t.Errorf("%s: v1.2 %s, v1.3 %s", k, ja, jb)
		}
	}
	if _, ok := a["suspended_days"]; ok {
		t.Error("v1.2 page shows suspended days")
	}
	if got := b["suspended_days"]; got != float64(wantSuspended) {
		t.Errorf("v1.3 suspended_days = %v, want %d (the sum of the column)", got, wantSuspended)
	}
	if !strings.Contains(string(v13), "instalment 1</td>") {
		t.Error("v1.3 page does not number the instalments of its largest payments")
	}
}

// TestLoadErrors: every file is checked against the manifest before anything is read.
func TestLoadErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		spoil func(dir string) error
		want  error
		file  string
	}{
		{"missing payments", func(d string) error { return os.Remove(filepath.Join(d, PaymentsFile)) }, ErrIncomplete, PaymentsFile},
		{"missing manifest", func(d string) error { return os.Remove(filepath.Join(d, publish.ManifestName)) }, ErrIncomplete, publish.ManifestName},
		{"contracts altered", func(d string) error {
			return os.WriteFile(filepath.Join(d, ContractsFile), []byte("PAR1"), 0o644)
		}, ErrChecksum, ContractsFile},
		{"manifest not JSON", func(d string) error {
			return os.WriteFile(filepath.Join(d, publish.ManifestName), []byte("{"), 0o644)
		}, ErrUnreadable, publish.ManifestName},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := partition(t, nil)
			if err := c.spoil(dir); err != nil {
				t.Fatal(err)
			}
			_, err := Load(dir)
			var fe *FileError
			if !errors.Is(err, c.want) || !errors.As(err, &fe) || filepath.Base(fe.Path) != c.file {
				t.Errorf("Load: %v; want %v on %s", err, c.want, c.file)
			}
		})
	}
	t.Run("unknown language", func(t *testing.T) {
		if _, err := Build(partition(t, nil), Options{Lang: "de"}); !errors.Is(err, ErrLang) {
			t.Errorf("Build: %v, want ErrLang", err)
		}
	})
}
