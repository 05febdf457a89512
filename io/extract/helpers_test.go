package extract

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/amcalc/amcalc/calc"
)

// tcol is one column of a test file: values are nil (null), string, bool, int64 (any
// integer or timestamp type), float64 or calc.Date.
type tcol struct {
	name string
	typ  arrow.DataType
	vals []any
}

// row is one input row by column name; a nil value is a null.
type row map[string]any

func d(s string) calc.Date {
	v, err := calc.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// baseContract is a valid contract row.
func baseContract(id string) row {
	return row{
		"contract_id": id, "doctor_id": "10000000001", "specialty": "01", "tariff_sector": "S1",
		"underserved_zone": true, "group_practice": false, "coordinated_since": d("2020-02-01"),
		"new_installation": false, "rqth_ald": false, "option": int64(2),
		"signed_on": d("2021-03-01"), "hired_on": d("2021-04-01"), "ended_on": nil,
		"baseline_year": int64(2020), "baseline_mt_adult": int64(800), "baseline_mt_child": int64(100),
		"baseline_file_active": int64(1500), "target_mt": nil, "target_file_active": nil,
		"doctor_birth_year": int64(1970),
	}
}

// baseActivity is a valid activity row.
func baseActivity(id string, year int64) row {
	return row{
		"doctor_id": id, "year": year, "specialty": "01", "mt_adult": int64(900),
		"mt_child": int64(120), "file_active": int64(1800), "fs_volet1": true,
	}
}

func with(r row, kv ...any) row {
	out := row{}
	for k, v := range r {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// specCols lays rows out as the listed columns of specs, integers as int32 or int64.
func specCols(specs []Column, wide bool, rows ...row) []tcol {
	// A v1.3-optional column that no row carries is left out (a v1.2-shaped file); one that
	// some rows carry is null on the others.
	var cols []tcol
	for _, cs := range specs {
		if cs.V13Optional && len(rows) > 0 && !slices.ContainsFunc(rows, func(r row) bool { _, ok := r[cs.Name]; return ok }) {
			continue
		}
		var typ arrow.DataType
		switch cs.Kind {
		case KindString:
			typ = arrow.BinaryTypes.String
		case KindBool:
			typ = arrow.FixedWidthTypes.Boolean
		case KindDate:
			typ = arrow.FixedWidthTypes.Date32
		case KindInt:
			typ = arrow.PrimitiveTypes.Int32
			if wide {
				typ = arrow.PrimitiveTypes.Int64
			}
		}
		c := tcol{name: cs.Name, typ: typ}
		for _, r := range rows {
			v, ok := r[cs.Name]
			if !ok && !cs.V13Optional {
				panic("row lacks " + cs.Name)
			}
			c.vals = append(c.vals, v)
		}
		cols = append(cols, c)
	}
	return cols
}

// replaceCol swaps the column called name (or drops it when c is nil).
func replaceCol(cols []tcol, name string, c *tcol) []tcol {
	var out []tcol
	for _, x := range cols {
		if x.name != name {
			out = append(out, x)
		} else if c != nil {
			out = append(out, *c)
		}
	}
	return out
}

type writeOpts struct {
	rowGroup    int64 // rows per row group; 0 = all in one
	storeSchema bool
	int96       bool
	decimalInt  bool // DECIMAL on INT32/INT64 rather than FIXED_LEN_BYTE_ARRAY
}

func buildRecord(t testing.TB, mem memory.Allocator, cols []tcol) arrow.RecordBatch {
	t.Helper()
	fields := make([]arrow.Field, len(cols))
	arrs := make([]arrow.Array, len(cols))
	n := -1
	for i, c := range cols {
		fields[i] = arrow.Field{Name: c.name, Type: c.typ, Nullable: true}
		b := array.NewBuilder(mem, c.typ)
		for _, v := range c.vals {
			if v == nil {
				b.AppendNull()
				continue
			}
			switch bb := b.(type) {
			case *array.StringBuilder:
				bb.Append(v.(string))
			case *array.LargeStringBuilder:
				bb.Append(v.(string))
			case *array.BinaryBuilder:
				bb.Append([]byte(v.(string)))
			case *array.BinaryDictionaryBuilder:
				if err := bb.AppendString(v.(string)); err != nil {
					t.Fatal(err)
				}
			case *array.BooleanBuilder:
				bb.Append(v.(bool))
			case *array.Int8Builder:
				bb.Append(int8(v.(int64)))
			case *array.Int16Builder:
				bb.Append(int16(v.(int64)))
			case *array.Int32Builder:
				bb.Append(int32(toInt(v)))
			case *array.Int64Builder:
				bb.Append(toInt(v))
			case *array.Uint8Builder:
				bb.Append(uint8(v.(int64)))
			case *array.Uint32Builder:
				bb.Append(uint32(v.(int64)))
			case *array.Uint64Builder:
				bb.Append(uint64(v.(int64)))
			case *array.Decimal128Builder:
				bb.Append(decimal128.FromI64(v.(int64)))
			case *array.Float32Builder:
				bb.Append(float32(v.(float64)))
			case *array.Float64Builder:
				bb.Append(v.(float64))
			case *array.Date32Builder:
				bb.Append(arrow.Date32(v.(calc.Date)))
			case *array.TimestampBuilder:
				bb.Append(arrow.Timestamp(toInt(v)))
			case *array.DurationBuilder:
				bb.Append(arrow.Duration(v.(int64)))
			default:
				t.Fatalf("no test builder for %s", c.typ)
			}
		}
		arrs[i] = b.NewArray()
		b.Release()
		if n >= 0 && arrs[i].Len() != n {
			t.Fatalf("column %s has %d values, want %d", c.name, arrs[i].Len(), n)
		}
		n = arrs[i].Len()
	}
	if n < 0 {
		n = 0
	}
	rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), arrs, int64(n))
	for _, a := range arrs {
		a.Release()
	}
	return rec
}

// toInt accepts int64 and calc.Date (a date written as a plain integer or timestamp).
func toInt(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case calc.Date:
		return int64(x)
	}
	panic(fmt.Sprintf("not an integer: %T", v))
}

// parquetBytes encodes cols as a Parquet file.
func parquetBytes(t testing.TB, o writeOpts, cols []tcol) []byte {
	t.Helper()
	rec := buildRecord(t, memory.DefaultAllocator, cols)
	defer rec.Release()
	var opts []pqarrow.WriterOption
	if o.storeSchema {
		opts = append(opts, pqarrow.WithStoreSchema())
	}
	if o.int96 {
		opts = append(opts, pqarrow.WithDeprecatedInt96Timestamps(true))
	}
	var buf bytes.Buffer
	w, err := pqarrow.NewFileWriter(rec.Schema(), &buf, parquet.NewWriterProperties(parquet.WithStoreDecimalAsInteger(o.decimalInt)), pqarrow.NewArrowWriterProperties(opts...))
	if err != nil {
		t.Fatal(err)
	}
	step := o.rowGroup
	if step <= 0 {
		step = max(rec.NumRows(), 1)
	}
	for off := int64(0); off < rec.NumRows(); off += step {
		part := rec.NewSlice(off, min(off+step, rec.NumRows()))
		if err := w.Write(part); err != nil {
			t.Fatal(err)
		}
		part.Release()
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writeFile writes cols as a Parquet file at dir/rel and returns its path.
func writeFile(t testing.TB, dir, rel string, o writeOpts, cols []tcol) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, parquetBytes(t, o, cols), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// rej is the compared part of a Reject.
type rej struct {
	File    string
	Row     int64
	Key     string
	KeyNull bool
	Column  string
	Problem string
	Detail  string
}

func rejs(in []Reject) []rej {
	var out []rej
	for _, r := range in {
		out = append(out, rej{r.File, r.Row, r.Key, r.KeyNull, r.Column, r.Problem, r.Detail})
	}
	return out
}
