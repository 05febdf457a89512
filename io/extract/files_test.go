package extract

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/schema"

	"github.com/amcalc/amcalc/calc"
)

// plus returns cols with more columns, never sharing cols' array.
func plus(cols []tcol, more ...tcol) []tcol { return slices.Concat(cols, more) }

const (
	intExp  = "an integer (INT32 or INT64)"
	dateExp = "a date (INT32 Date)"
	strExp  = "a string (BYTE_ARRAY String)"
	boolExp = "a boolean (BOOLEAN)"
)

// TestSchemaErrors: a listed column missing, duplicated or of the wrong type is a bad file
// (ErrBadSchema) naming the file, the column, the expected and the found type in plain
// words (DATA.md "Inputs").
func TestSchemaErrors(t *testing.T) {
	c := specCols(ContractColumns, false, baseContract("K"))
	a := specCols(ActivityColumns, true, baseActivity("1", 2021))
	colOf := func(cols []tcol, name string, typ arrow.DataType, v any) []tcol {
		return replaceCol(cols, name, &tcol{name: name, typ: typ, vals: []any{v}})
	}
	tests := []struct {
		name     string
		activity bool
		cols     []tcol
		o        writeOpts
		column   string
		expected string
		found    string
	}{
		{"option_as_string", false, colOf(c, "option", arrow.BinaryTypes.String, "2"), writeOpts{},
			"option", intExp, "BYTE_ARRAY (String)"},
		{"signed_on_as_timestamp", false, colOf(c, "signed_on", arrow.FixedWidthTypes.Timestamp_ms, int64(1600000000000)), writeOpts{},
			"signed_on", dateExp, "INT64 (Timestamp(milliseconds, UTC))"},
		{"signed_on_as_int96", false, colOf(c, "signed_on", arrow.FixedWidthTypes.Timestamp_ns, int64(1600000000000000000)), writeOpts{int96: true},
			"signed_on", dateExp, "INT96"},
		{"signed_on_as_plain_int32", false, colOf(c, "signed_on", arrow.PrimitiveTypes.Int32, d("2021-01-01")), writeOpts{},
			"signed_on", dateExp, "INT32 (Int(32, signed))"},
		{"option_as_uint8", false, colOf(c, "option", arrow.PrimitiveTypes.Uint8, int64(2)), writeOpts{},
			"option", intExp, "INT32 (Int(8, unsigned))"},
		{"option_as_uint32", false, colOf(c, "option", arrow.PrimitiveTypes.Uint32, int64(2)), writeOpts{},
			"option", intExp, "INT32 (Int(32, unsigned))"},
		{"baseline_year_as_uint64", false, colOf(c, "baseline_year", arrow.PrimitiveTypes.Uint64, int64(2020)), writeOpts{},
			"baseline_year", intExp, "INT64 (Int(64, unsigned))"},
		{"option_as_decimal", false, colOf(c, "option", &arrow.Decimal128Type{Precision: 9, Scale: 0}, int64(2)), writeOpts{decimalInt: true},
			"option", intExp, "INT32 (Decimal(9, 0))"},
		{"option_as_double", false, colOf(c, "option", arrow.PrimitiveTypes.Float64, 2.0), writeOpts{},
			"option", intExp, "DOUBLE"},
		{"option_as_float", false, colOf(c, "option", arrow.PrimitiveTypes.Float32, 2.0), writeOpts{},
			"option", intExp, "FLOAT"},
		{"option_as_date", false, colOf(c, "option", arrow.FixedWidthTypes.Date32, d("2021-01-01")), writeOpts{},
			"option", intExp, "INT32 (Date)"},
		{"contract_id_as_binary", false, colOf(c, "contract_id", arrow.BinaryTypes.Binary, "K"), writeOpts{},
			"contract_id", strExp, "BYTE_ARRAY"},
		{"underserved_zone_as_int", false, colOf(c, "underserved_zone", arrow.PrimitiveTypes.Int32, int64(1)), writeOpts{},
			"underserved_zone", boolExp, "INT32 (Int(32, signed))"},
		{"missing_nullable_column", false, replaceCol(c, "doctor_birth_year", nil), writeOpts{},
			"doctor_birth_year", intExp, "missing"},
		{"fees_12m_total_as_double", false, plus(c, tcol{name: "fees_12m_total", typ: arrow.PrimitiveTypes.Float64, vals: []any{1.5}}), writeOpts{},
			"fees_12m_total", intExp, "DOUBLE"},
		{"fees_12m_ccam_as_string", false, plus(c, tcol{name: "fees_12m_ccam", typ: arrow.BinaryTypes.String, vals: []any{"1"}}), writeOpts{},
			"fees_12m_ccam", intExp, "BYTE_ARRAY (String)"},
		{"R-4_duplicated_option", false, plus(c, tcol{name: "option", typ: arrow.PrimitiveTypes.Int32, vals: []any{int64(1)}}), writeOpts{},
			"option", intExp, "2 columns of that name (the run cannot choose)"},
		{"R-4_duplicated_fees_column", false, plus(c,
			tcol{name: "fees_12m_total", typ: arrow.PrimitiveTypes.Int64, vals: []any{int64(1)}},
			tcol{name: "fees_12m_total", typ: arrow.PrimitiveTypes.Int64, vals: []any{int64(1)}}), writeOpts{},
			"fees_12m_total", intExp, "2 columns of that name (the run cannot choose)"},
		{"a_group_is_never_the_listed_column", false, replaceCol(c, "option", &tcol{name: "option", typ: arrow.StructOf(
			arrow.Field{Name: "option", Type: arrow.PrimitiveTypes.Int32, Nullable: true}), vals: []any{nil}}), writeOpts{},
			"option", intExp, "missing"},
		{"activity_year_as_string", true, colOf(a, "year", arrow.BinaryTypes.String, "2021"), writeOpts{},
			"year", intExp, "BYTE_ARRAY (String)"},
		{"activity_duplicated_year", true, plus(a, tcol{name: "year", typ: arrow.PrimitiveTypes.Int64, vals: []any{int64(2022)}}), writeOpts{},
			"year", intExp, "2 columns of that name (the run cannot choose)"},
		{"activity_missing_fs_volet1", true, replaceCol(a, "fs_volet1", nil), writeOpts{},
			"fs_volet1", boolExp, "missing"},
		{"activity_mt_adult_as_timestamp", true, colOf(a, "mt_adult", arrow.FixedWidthTypes.Timestamp_us, int64(5)), writeOpts{},
			"mt_adult", intExp, "INT64 (Timestamp(microseconds, UTC))"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), "x.parquet", tt.o, tt.cols)
			var err error
			input := InputContracts
			if tt.activity {
				input = InputActivity
				_, _, _, err = ReadActivity(context.Background(), p, Options{})
			} else {
				_, _, _, err = ReadContracts(context.Background(), p, Options{})
			}
			var fe *FileError
			if !errors.As(err, &fe) || !errors.Is(err, ErrBadSchema) {
				t.Fatalf("error %v, want a *FileError with ErrBadSchema", err)
			}
			if fe.Input != input || fe.File != p || fe.Row != -1 || fe.Column != tt.column || fe.Expected != tt.expected || fe.Found != tt.found {
				t.Errorf("got %+v", *fe)
			}
			if want := input + " file " + p + ": column " + tt.column + ": expected " + tt.expected + ", found " + tt.found; err.Error() != want {
				t.Errorf("message %q, want %q", err, want)
			}
		})
	}
}

// TestSchemaFreeOrderAndExtraColumns: column order is free and extra columns, nested ones
// included (they shift the leaf numbering), are ignored.
func TestSchemaFreeOrderAndExtraColumns(t *testing.T) {
	cols := specCols(ActivityColumns, false, baseActivity("1", 2021), with(baseActivity("2", 2021), "mt_adult", int64(-4)))
	extraStruct := tcol{name: "extra_struct", typ: arrow.StructOf(
		arrow.Field{Name: "a", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
		arrow.Field{Name: "b", Type: arrow.BinaryTypes.String, Nullable: true}), vals: []any{nil, nil}}
	extraFloat := tcol{name: "extra", typ: arrow.PrimitiveTypes.Float64, vals: []any{1.5, 2.5}}
	shuffled := []tcol{extraStruct, cols[6], cols[3], extraFloat, cols[0], cols[5], cols[1], cols[4], cols[2]}
	p := writeFile(t, t.TempDir(), "a.parquet", writeOpts{}, shuffled)
	got, rej, _, err := ReadActivity(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].DoctorID != "1" || got[0].MTAdult.V != 900 || got[0].FileActive != 1800 || !got[0].FSVolet1 {
		t.Errorf("rows %+v", got)
	}
	if len(rej) != 1 || rej[0].Key != "2|2021" || rej[0].Detail != "mt_adult = -4" {
		t.Errorf("rejects %+v", rej)
	}
}

// TestArrowLayouts: a stored Arrow schema makes pqarrow return large strings or
// dictionaries for valid Parquet columns; they read like the plain ones.
func TestArrowLayouts(t *testing.T) {
	base := specCols(ActivityColumns, true, baseActivity("D1", 2021), with(baseActivity("D2", 2022), "specialty", nil, "file_active", int64(-1)))
	cols := replaceCol(base, "doctor_id", &tcol{name: "doctor_id", typ: arrow.BinaryTypes.LargeString, vals: []any{"D1", "D2"}})
	cols = replaceCol(cols, "specialty", &tcol{name: "specialty",
		typ: &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int16, ValueType: arrow.BinaryTypes.String}, vals: []any{"35", nil}})
	for _, store := range []bool{false, true} {
		p := writeFile(t, t.TempDir(), "a.parquet", writeOpts{storeSchema: store}, cols)
		got, rjs, _, err := ReadActivity(context.Background(), p, Options{})
		if err != nil {
			t.Fatalf("store schema %v: %v", store, err)
		}
		if len(got) != 1 || got[0].DoctorID != "D1" || got[0].Specialty != "35" || got[0].FileActive != 1800 {
			t.Errorf("store schema %v: rows %+v", store, got)
		}
		want := []rej{
			{"a.parquet", 1, "D2|2022", false, "file_active", "NEGATIVE_COUNT", "file_active = -1"},
			{"a.parquet", 1, "D2|2022", false, "specialty", "NULL_REQUIRED", "specialty is null"},
		}
		if !reflect.DeepEqual(rejs(rjs), want) {
			t.Errorf("store schema %v: rejects %+v", store, rejs(rjs))
		}
	}
}

// TestYearBeyondInt32: INT64 years are never narrowed (DATA.md "Inputs", issue item 6).
// An activity year of 2021 + 2³² is a valid, counted row that matches only that exact
// year, never 2021, and joins no reference year; a contract's baseline_year keeps its
// value.
func TestYearBeyondInt32(t *testing.T) {
	const far = 2021 + 1<<32
	dir := t.TempDir()
	p := writeFile(t, dir, "a.parquet", writeOpts{}, specCols(ActivityColumns, true,
		baseActivity("10000000001", far), baseActivity("10000000001", 2022), baseActivity("D-X", far), baseActivity("D-X", -far)))
	tab, rej, in, err := ReadActivityTable(context.Background(), p, Options{})
	if err != nil || len(rej) != 0 || in.Rows != 4 || tab.NumValid() != 4 {
		t.Fatalf("rows %d valid %d rejects %v error %v", in.Rows, tab.NumValid(), rej, err)
	}
	for i, want := range []int64{far, 2022, far, -far} {
		if tab.Year64(i) != want || (want != 2022 && tab.Year(i) != NoYear) {
			t.Errorf("row %d: Year64 %d Year %d, want %d", i, tab.Year64(i), tab.Year(i), want)
		}
	}
	ix := tab.Index([]string{"10000000001", "D-X"})
	for _, id := range []string{"10000000001", "D-X"} {
		if _, ok := ix.Lookup(id, 2021); ok {
			t.Errorf("%s: year 2021 found a row of year %d", id, int64(far))
		}
		if a, ok := ix.LookupYear(id, far); !ok || a.DoctorID != id || a.FileActive != 1800 {
			t.Errorf("%s: the exact year finds %+v, %v", id, a, ok)
		}
	}

	c := writeFile(t, dir, "c.parquet", writeOpts{}, specCols(ContractColumns, true,
		with(baseContract("K"), "baseline_year", int64(far), "doctor_birth_year", int64(-far))))
	rows, rej, _, err := ReadContracts(context.Background(), c, Options{})
	if err != nil || len(rej) != 0 || len(rows) != 1 || rows[0].BaselineYear != calc.Some(far) || rows[0].DoctorBirthYear != calc.Some(-far) {
		t.Errorf("rows %+v rejects %v error %v", rows, rej, err)
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	good := parquetBytes(t, writeOpts{}, specCols(ContractColumns, false, baseContract("K")))
	files := map[string][]byte{
		"text.parquet":      []byte("contract_id,doctor_id\nK,1\n"),
		"empty.parquet":     nil,
		"truncated.parquet": good[:len(good)-12], // footer length and magic cut
		"nofooter.parquet":  good[:len(good)/2],  // half a file
		"badmagic.parquet":  append(append([]byte{}, good[:len(good)-4]...), 'P', 'A', 'R', '0'),
		"tiny.parquet":      []byte("PAR1"),
	}
	for name, b := range files {
		t.Run(strings.TrimSuffix(name, ".parquet"), func(t *testing.T) {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, _, err := ReadContracts(context.Background(), p, Options{})
			if err == nil || !strings.Contains(err.Error(), p) || !strings.HasPrefix(err.Error(), "read contracts ") {
				t.Errorf("error %v, want one naming %s", err, p)
			}
			if errors.Unwrap(err) == nil {
				t.Errorf("error %v wraps no cause", err)
			}
		})
	}
	t.Run("bad_file_in_folder_stops_before_any_row", func(t *testing.T) {
		d := t.TempDir()
		writeFile(t, d, "a.parquet", writeOpts{}, specCols(ContractColumns, false, baseContract("K")))
		if err := os.WriteFile(filepath.Join(d, "b.parquet"), []byte("nope"), 0o644); err != nil {
			t.Fatal(err)
		}
		rows, rej, _, err := ReadContracts(context.Background(), d, Options{})
		if err == nil || !strings.Contains(err.Error(), filepath.Join(d, "b.parquet")) || rows != nil || rej != nil {
			t.Errorf("rows %v rejects %v error %v", rows, rej, err)
		}
	})
	t.Run("missing_path", func(t *testing.T) {
		p := filepath.Join(dir, "nope")
		_, _, _, err := ReadActivity(context.Background(), p, Options{})
		if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), p) {
			t.Errorf("error %v", err)
		}
	})
	t.Run("folder_without_parquet", func(t *testing.T) {
		d := t.TempDir()
		if err := os.WriteFile(filepath.Join(d, "data.csv"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(filepath.Join(d, "sub.parquet"), 0o755); err != nil { // a folder is not a file
			t.Fatal(err)
		}
		_, _, _, err := ReadActivity(context.Background(), d, Options{})
		if !errors.Is(err, ErrNoParquet) || !strings.Contains(err.Error(), d) {
			t.Errorf("error %v", err)
		}
	})
	t.Run("canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, _, _, err := ReadActivity(ctx, confActivity, Options{})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v", err)
		}
	})
}

func TestZeroRows(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "year=2020/empty.parquet", writeOpts{}, specCols(ActivityColumns, false))
	writeFile(t, dir, "year=2021/one.parquet", writeOpts{}, specCols(ActivityColumns, false, baseActivity("1", 2021)))
	got, rej, in, err := ReadActivity(context.Background(), p, Options{})
	if err != nil || len(got) != 0 || len(rej) != 0 || in.Rows != 0 || in.RejectedRows != 0 || len(in.Files) != 1 || in.Files[0].SHA256 == "" {
		t.Errorf("zero-row file: rows %v rejects %v input %+v error %v", got, rej, in, err)
	}
	got, _, in, err = ReadActivity(context.Background(), dir, Options{})
	if err != nil || len(got) != 1 || in.Rows != 1 || len(in.Files) != 2 || in.Files[0].Rows != 0 || in.Files[1].Rows != 1 {
		t.Errorf("folder: rows %v input %+v error %v", got, in, err)
	}
	checkFileInfos(t, in)
}

func TestListFiles(t *testing.T) {
	dir := t.TempDir()
	for _, rel := range []string{"b.parquet", "a/x.parquet", "a.b/x.parquet", "a/y.txt", "a/z/deep.parquet", "A.parquet", "a/x.parquet.bak", ".hidden.parquet"} {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(rel), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, err := ListFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	var rels []string
	for _, f := range files {
		rels = append(rels, f.Rel)
		if f.Path != filepath.Join(dir, filepath.FromSlash(f.Rel)) || f.Bytes != int64(len(f.Rel)) {
			t.Errorf("file %+v", f)
		}
	}
	// Byte order of paths: '.' (0x2e) < '/' (0x2f) < 'A' < 'a' < 'b'.
	want := []string{".hidden.parquet", "A.parquet", "a.b/x.parquet", "a/x.parquet", "a/z/deep.parquet", "b.parquet"}
	if !reflect.DeepEqual(rels, want) {
		t.Errorf("files %q, want %q", rels, want)
	}
	one, err := ListFiles(filepath.Join(dir, "a", "x.parquet"))
	if err != nil || len(one) != 1 || one[0].Rel != "x.parquet" {
		t.Errorf("file argument: %+v %v", one, err)
	}
}

// TestNoLeak proves every Arrow buffer is released, on success and on failure.
func TestNoLeak(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	opt := Options{Alloc: mem, BatchSize: 500}
	if _, _, _, err := ReadContracts(context.Background(), confContracts, opt); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := ReadActivity(context.Background(), confActivity, opt); err != nil {
		t.Fatal(err)
	}
	p := writeFile(t, t.TempDir(), "a.parquet", writeOpts{}, specCols(ActivityColumns, true, baseActivity("1", 2021), baseActivity("1\xff", 2021)))
	if _, _, _, err := ReadActivity(context.Background(), p, opt); !errors.Is(err, ErrBadString) {
		t.Fatal("want an error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, _, _ = ReadActivity(ctx, confActivity, opt)
	// The Parquet reader keeps page buffers in a sync.Pool released by finalizers.
	runtime.GC()
	runtime.GC()
	mem.AssertSize(t, 0)
}

// TestLegacyAndUnannotatedTypes: integers without annotation, legacy converted types
// (UTF8, INT_32, INT_64) and REQUIRED columns are all valid.
func TestLegacyAndUnannotatedTypes(t *testing.T) {
	must := func(n *schema.PrimitiveNode, err error) schema.Node {
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	opt, req := parquet.Repetitions.Optional, parquet.Repetitions.Required
	fields := schema.FieldList{
		must(schema.NewPrimitiveNodeConverted("doctor_id", opt, parquet.Types.ByteArray, schema.ConvertedTypes.UTF8, 0, 0, 0, -1)),
		must(schema.NewPrimitiveNode("year", req, parquet.Types.Int32, -1, -1)),
		must(schema.NewPrimitiveNodeLogical("specialty", opt, schema.StringLogicalType{}, parquet.Types.ByteArray, 0, -1)),
		must(schema.NewPrimitiveNode("mt_adult", opt, parquet.Types.Int64, -1, -1)),
		must(schema.NewPrimitiveNodeConverted("mt_child", opt, parquet.Types.Int32, schema.ConvertedTypes.Int32, 0, 0, 0, -1)),
		must(schema.NewPrimitiveNodeConverted("file_active", opt, parquet.Types.Int64, schema.ConvertedTypes.Int64, 0, 0, 0, -1)),
		must(schema.NewPrimitiveNode("fs_volet1", req, parquet.Types.Boolean, -1, -1)),
	}
	root, err := schema.NewGroupNode("schema", req, fields, -1)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "legacy.parquet")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := file.NewParquetWriter(f, root)
	rg := w.AppendRowGroup()
	def := []int16{1, 1}
	write := func(fn func(cw file.ColumnChunkWriter) (int64, error)) {
		cw, err := rg.NextColumn()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fn(cw); err != nil {
			t.Fatal(err)
		}
		if err := cw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	write(func(cw file.ColumnChunkWriter) (int64, error) {
		return cw.(*file.ByteArrayColumnChunkWriter).WriteBatch([]parquet.ByteArray{[]byte("D1"), []byte("D2")}, def, nil)
	})
	write(func(cw file.ColumnChunkWriter) (int64, error) {
		return cw.(*file.Int32ColumnChunkWriter).WriteBatch([]int32{2021, 2021}, nil, nil)
	})
	write(func(cw file.ColumnChunkWriter) (int64, error) {
		return cw.(*file.ByteArrayColumnChunkWriter).WriteBatch([]parquet.ByteArray{[]byte("01"), []byte("01")}, def, nil)
	})
	write(func(cw file.ColumnChunkWriter) (int64, error) {
		return cw.(*file.Int64ColumnChunkWriter).WriteBatch([]int64{700}, []int16{1, 0}, nil)
	})
	write(func(cw file.ColumnChunkWriter) (int64, error) {
		return cw.(*file.Int32ColumnChunkWriter).WriteBatch([]int32{50, -2}, def, nil)
	})
	write(func(cw file.ColumnChunkWriter) (int64, error) {
		return cw.(*file.Int64ColumnChunkWriter).WriteBatch([]int64{1234, 99}, def, nil)
	})
	write(func(cw file.ColumnChunkWriter) (int64, error) {
		return cw.(*file.BooleanColumnChunkWriter).WriteBatch([]bool{true, false}, nil, nil)
	})
	if err := rg.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, rjs, _, err := ReadActivity(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].DoctorID != "D1" || got[0].Year != 2021 || got[0].MTAdult.V != 700 || got[0].MTChild.V != 50 ||
		got[0].FileActive != 1234 || !got[0].FSVolet1 {
		t.Errorf("rows %+v", got)
	}
	if want := []rej{{"legacy.parquet", 1, "D2|2021", false, "mt_child", "NEGATIVE_COUNT", "mt_child = -2"}}; !reflect.DeepEqual(rejs(rjs), want) {
		t.Errorf("rejects %+v", rejs(rjs))
	}
}

// TestCorruptPages flips bytes across the data pages of a real file: the read either
// fails naming the file or accounts for every row; it never panics.
func TestCorruptPages(t *testing.T) {
	orig, err := os.ReadFile(filepath.Join(confActivity, "year=2021", "part-0.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "bad.parquet")
	failed := 0
	for pos := 4; pos < len(orig)-8; pos += len(orig) / 97 {
		b := append([]byte{}, orig...)
		b[pos] ^= 0x5a
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		got, _, in, err := ReadActivity(context.Background(), p, Options{})
		if err != nil {
			failed++
			if strings.Contains(err.Error(), "corrupt data") {
				t.Logf("byte %d: %v", pos, err)
			}
			if !strings.Contains(err.Error(), p) {
				t.Errorf("byte %d: error %v does not name the file", pos, err)
			}
			continue
		}
		if int64(len(got))+in.RejectedRows != in.Rows || in.Rows != 2591 {
			t.Errorf("byte %d: rows %d = valid %d + rejected %d?", pos, in.Rows, len(got), in.RejectedRows)
		}
	}
	t.Logf("%d corruptions failed the read", failed)
}
