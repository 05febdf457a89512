package extract

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/schema"
)

func TestSchemaErrors(t *testing.T) {
	c := specCols(contractSpecs, false, baseContract("K"))
	a := specCols(activitySpecs, true, baseActivity("1", 2021))
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
			"option", "INT32 or INT64", "BYTE_ARRAY (String)"},
		{"signed_on_as_timestamp", false, colOf(c, "signed_on", arrow.FixedWidthTypes.Timestamp_ms, int64(1600000000000)), writeOpts{},
			"signed_on", "INT32 (Date)", "INT64 (Timestamp(isAdjustedToUTC=true, timeUnit=milliseconds, is_from_converted_type=false, force_set_converted_type=false))"},
		{"signed_on_as_int96", false, colOf(c, "signed_on", arrow.FixedWidthTypes.Timestamp_ns, int64(1600000000000000000)), writeOpts{int96: true},
			"signed_on", "INT32 (Date)", "INT96"},
		{"signed_on_as_plain_int32", false, colOf(c, "signed_on", arrow.PrimitiveTypes.Int32, d("2021-01-01")), writeOpts{},
			"signed_on", "INT32 (Date)", "INT32 (Int(bitWidth=32, isSigned=true))"},
		{"option_as_int8", false, colOf(c, "option", arrow.PrimitiveTypes.Int8, int64(2)), writeOpts{},
			"option", "INT32 or INT64", "INT32 (Int(bitWidth=8, isSigned=true))"},
		{"option_as_int16", false, colOf(c, "option", arrow.PrimitiveTypes.Int16, int64(2)), writeOpts{},
			"option", "INT32 or INT64", "INT32 (Int(bitWidth=16, isSigned=true))"},
		{"option_as_uint32", false, colOf(c, "option", arrow.PrimitiveTypes.Uint32, int64(2)), writeOpts{},
			"option", "INT32 or INT64", ""},
		{"option_as_double", false, colOf(c, "option", arrow.PrimitiveTypes.Float64, 2.0), writeOpts{},
			"option", "INT32 or INT64", "DOUBLE"},
		{"option_as_date", false, colOf(c, "option", arrow.FixedWidthTypes.Date32, d("2021-01-01")), writeOpts{},
			"option", "INT32 or INT64", "INT32 (Date)"},
		{"contract_id_as_binary", false, colOf(c, "contract_id", arrow.BinaryTypes.Binary, "K"), writeOpts{},
			"contract_id", "BYTE_ARRAY (String)", "BYTE_ARRAY"},
		{"underserved_zone_as_int", false, colOf(c, "underserved_zone", arrow.PrimitiveTypes.Int32, int64(1)), writeOpts{},
			"underserved_zone", "BOOLEAN", "INT32 (Int(bitWidth=32, isSigned=true))"},
		{"missing_nullable_column", false, replaceCol(c, "doctor_birth_year", nil), writeOpts{},
			"doctor_birth_year", "INT32 or INT64", "missing"},
		{"activity_year_as_string", true, colOf(a, "year", arrow.BinaryTypes.String, "2021"), writeOpts{},
			"year", "INT32 or INT64", "BYTE_ARRAY (String)"},
		{"activity_missing_fs_volet1", true, replaceCol(a, "fs_volet1", nil), writeOpts{},
			"fs_volet1", "BOOLEAN", "missing"},
		{"activity_mt_adult_as_timestamp", true, colOf(a, "mt_adult", arrow.FixedWidthTypes.Timestamp_us, int64(5)), writeOpts{},
			"mt_adult", "INT32 or INT64", "INT64 (Timestamp(isAdjustedToUTC=true, timeUnit=microseconds, is_from_converted_type=false, force_set_converted_type=false))"},
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
			var se *SchemaError
			if !errors.As(err, &se) {
				t.Fatalf("error %v, want a *SchemaError", err)
			}
			if se.Input != input || se.File != p || se.Column != tt.column || se.Expected != tt.expected || (tt.found != "" && se.Found != tt.found) {
				t.Errorf("got %+v", *se)
			}
			if want := input + " file " + p + ": column " + tt.column + ": expected " + tt.expected + ", found " + se.Found; err.Error() != want {
				t.Errorf("message %q, want %q", err, want)
			}
		})
	}
}

// TestSchemaFreeOrderAndExtraColumns: column order is free and extra columns, nested ones
// included (they shift the leaf numbering), are ignored.
func TestSchemaFreeOrderAndExtraColumns(t *testing.T) {
	cols := specCols(activitySpecs, false, baseActivity("1", 2021), with(baseActivity("2", 2021), "mt_adult", int64(-4)))
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
	base := specCols(activitySpecs, true, baseActivity("D1", 2021), with(baseActivity("D2", 2022), "specialty", nil, "file_active", int64(-1)))
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

func TestYearBeyondInt32(t *testing.T) {
	p := writeFile(t, t.TempDir(), "a.parquet", writeOpts{}, specCols(activitySpecs, true, baseActivity("1", 1<<40)))
	_, _, _, err := ReadActivity(context.Background(), p, Options{})
	if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "column year") {
		t.Errorf("error %v, want one naming the file and the column", err)
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	good := parquetBytes(t, writeOpts{}, specCols(contractSpecs, false, baseContract("K")))
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
		writeFile(t, d, "a.parquet", writeOpts{}, specCols(contractSpecs, false, baseContract("K")))
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
	p := writeFile(t, dir, "year=2020/empty.parquet", writeOpts{}, specCols(activitySpecs, false))
	writeFile(t, dir, "year=2021/one.parquet", writeOpts{}, specCols(activitySpecs, false, baseActivity("1", 2021)))
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
	p := writeFile(t, t.TempDir(), "a.parquet", writeOpts{}, specCols(activitySpecs, true, baseActivity("1", 2021), baseActivity("1", 1<<40)))
	if _, _, _, err := ReadActivity(context.Background(), p, opt); err == nil {
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
