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

// golden is the fixture run's published tables (v1.2 payments, no manifest).
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

// toV13 rewrites payments.parquet as DATA.md v1.3 shapes it: instalment (1 on an advance
// row, null on a settlement) and suspended_days (10 on a settlement, null on an advance),
// two int32 columns, inserted where v1.3 puts them.
func toV13(t *testing.T, dir string) {
	t.Helper()
	path := filepath.Join(dir, PaymentsFile)
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	rdr.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	n := int(tbl.NumRows())
	kindIdx := tbl.Schema().FieldIndices("kind")[0]
	kinds := make([]string, 0, n)
	for _, ch := range tbl.Column(kindIdx).Data().Chunks() {
		for i := 0; i < ch.Len(); i++ {
			kinds = append(kinds, ch.ValueStr(i))
		}
	}
	inst, susp := array.NewInt32Builder(memory.DefaultAllocator), array.NewInt32Builder(memory.DefaultAllocator)
	for _, k := range kinds {
		if k == "advance" {
			inst.Append(1)
			susp.AppendNull()
		} else {
			inst.AppendNull()
			susp.Append(10)
		}
	}
	instArr, suspArr := inst.NewArray(), susp.NewArray()
	defer instArr.Release()
	defer suspArr.Release()
	var fields []arrow.Field
	var cols []arrow.Column
	for i, f := range tbl.Schema().Fields() {
		fields = append(fields, f)
		cols = append(cols, *tbl.Column(i))
		var extra arrow.Array
		var name string
		switch f.Name {
		case "kind":
			extra, name = instArr, "instalment"
		case "covered_days":
			extra, name = suspArr, "suspended_days"
		default:
			continue
		}
		nf := arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Int32, Nullable: true}
		ch := arrow.NewChunked(nf.Type, []arrow.Array{extra})
		fields = append(fields, nf)
		cols = append(cols, *arrow.NewColumn(nf, ch))
	}
	out := array.NewTable(arrow.NewSchema(fields, nil), cols, int64(n))
	defer out.Release()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := pqarrow.WriteTable(out, f, int64(n), parquet.NewWriterProperties(), pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
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

// TestPaymentsShapes: a v1.2 payments file (no instalment, no suspended_days) and a v1.3
// one are both read by column name and give the same money (DATA.md v1.3, R-PAY-1).
func TestPaymentsShapes(t *testing.T) {
	v12, err := Build(partition(t, nil), Options{Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	v13, err := Build(partition(t, func(dir string) { toV13(t, dir) }), Options{Lang: "en"})
	if err != nil {
		t.Fatal(err)
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
	settlements := b["settlements"].(map[string]any)["count"].(float64)
	if got := b["suspended_days"]; got != settlements*10 {
		t.Errorf("v1.3 suspended_days = %v, want %v (10 per settlement)", got, settlements*10)
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
