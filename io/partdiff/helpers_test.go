package partdiff

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// tcol is one column to write: ints for integer, date (days) and decimal (unscaled)
// types, strs for strings; null marks nulls (nil = none).
type tcol struct {
	name string
	typ  arrow.DataType
	ints []int64
	strs []string
	null []bool
	// flba stores a decimal as FIXED_LEN_BYTE_ARRAY instead of INT32/INT64.
	flba bool
}

func (c *tcol) len() int { return max(len(c.ints), len(c.strs)) }

// arrowType is the DATA.md type of a spec column, as our writer would produce it.
func arrowType(t colType) arrow.DataType {
	switch t {
	case tInt32:
		return arrow.PrimitiveTypes.Int32
	case tInt64:
		return arrow.PrimitiveTypes.Int64
	case tDate:
		return arrow.FixedWidthTypes.Date32
	case tMoney:
		return &arrow.Decimal128Type{Precision: 18, Scale: 2}
	case tRatio:
		return &arrow.Decimal128Type{Precision: 9, Scale: 6}
	}
	return arrow.BinaryTypes.String
}

// writeParquet writes cols to path. Decimals are stored as INT32/INT64 unless a column
// asks for FIXED_LEN_BYTE_ARRAY, in which case the whole file uses it.
func writeParquet(tb testing.TB, path string, cols []*tcol) {
	tb.Helper()
	mem := memory.DefaultAllocator
	fields := make([]arrow.Field, len(cols))
	arrs := make([]arrow.Array, len(cols))
	storeAsInt := true
	for i, c := range cols {
		fields[i] = arrow.Field{Name: c.name, Type: c.typ, Nullable: true}
		if c.flba {
			storeAsInt = false
		}
		b := array.NewBuilder(mem, c.typ)
		n := c.len()
		for r := 0; r < n; r++ {
			if c.null != nil && c.null[r] {
				b.AppendNull()
				continue
			}
			switch bb := b.(type) {
			case *array.Int32Builder:
				bb.Append(int32(c.ints[r]))
			case *array.Int64Builder:
				bb.Append(c.ints[r])
			case *array.Date32Builder:
				bb.Append(arrow.Date32(c.ints[r]))
			case *array.Decimal128Builder:
				bb.Append(decimal128.FromI64(c.ints[r]))
			case *array.StringBuilder:
				bb.Append(c.strs[r])
			default:
				tb.Fatalf("writeParquet: no case for %T", b)
			}
		}
		arrs[i] = b.NewArray()
		b.Release()
	}
	sc := arrow.NewSchema(fields, nil)
	rec := array.NewRecordBatch(sc, arrs, -1)
	defer rec.Release()
	for _, a := range arrs {
		a.Release()
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	props := parquet.NewWriterProperties(parquet.WithStoreDecimalAsInteger(storeAsInt), parquet.WithMaxRowGroupLength(128*1024))
	w, err := pqarrow.NewFileWriter(sc, f, props, pqarrow.DefaultWriterProps())
	if err != nil {
		tb.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		tb.Fatal(err)
	}
	if err := w.Close(); err != nil { // closes f
		tb.Fatal(err)
	}
}

// fixture is a small partition in memory: per table, columns in DATA.md order and types.
type fixture map[string][]*tcol

// nul is the cell value for a null in row literals.
type nul struct{}

// newTable builds a table of spec from rows given in DATA.md column order; a cell is an
// int, a string ("2024-07-23" for dates), or nul{}.
func newTable(tb testing.TB, spec *tableSpec, rows ...[]any) []*tcol {
	tb.Helper()
	cols := make([]*tcol, len(spec.columns))
	for i, sc := range spec.columns {
		c := &tcol{name: sc.name, typ: arrowType(sc.typ), null: make([]bool, len(rows))}
		for r, row := range rows {
			if len(row) != len(spec.columns) {
				tb.Fatalf("%s row %d: %d cells, want %d", spec.name, r, len(row), len(spec.columns))
			}
			v := row[i]
			if _, isNull := v.(nul); isNull {
				c.null[r] = true
			}
			switch sc.typ {
			case tString:
				s, _ := v.(string)
				c.strs = append(c.strs, s)
			case tDate:
				var days int64
				if s, ok := v.(string); ok {
					d, err := time.Parse("2006-01-02", s)
					if err != nil {
						tb.Fatal(err)
					}
					days = d.Unix() / 86400
				}
				c.ints = append(c.ints, days)
			default:
				n, _ := v.(int)
				c.ints = append(c.ints, int64(n))
			}
		}
		cols[i] = c
	}
	return cols
}

func specOf(name string) *tableSpec {
	for _, s := range tables {
		if s.name == name {
			return s
		}
	}
	panic("no table " + name)
}

// baseFixture is a tiny consistent v1.3 partition: 3 payments, 2 contracts, 1 band, 2
// rejects.
func baseFixture(tb testing.TB) fixture {
	return fixture{
		"payments": newTable(tb, specOf("payments"),
			[]any{"C1", "D1", 1, "advance", 1, "2024-02-01", "2024-01-01", "2025-01-01", nul{}, nul{}, 366, "T2019", "p30_p50", nul{}, nul{}, nul{}, nul{}, nul{}, nul{}, nul{}, nul{}, nul{}, 540000, 540000, 0, 540000, ""},
			[]any{"C1", "D1", 1, "settlement", nul{}, "2025-01-01", "2024-01-01", "2025-01-01", 366, 0, 366, "T2019", "p30_p50", 2024, 1764, 1357, 1316, 986, "grid", 585171, 1000000, 1000000, 1080000, 1080000, 540000, 540000, "FORFAIT_STRUCTURE"},
			[]any{"C2", "D2", 3, "settlement", nul{}, "2024-06-16", "2023-06-16", "2024-06-16", 366, 0, 366, "T2019", nul{}, 2023, 2667, nul{}, 2755, nul{}, "contract", 1000000, 1000000, 1000000, 700000, 0, 0, 0, ""},
		),
		"contracts": newTable(tb, specOf("contracts"),
			[]any{"C1", "D1", "01", 3, "R3", "2024-01-01", "paid", "", "p30_p50", 2023, 1357, 1764, 1357, 1764, "grid", 2, 1080000},
			[]any{"C2", "D2", "08", 2, "R2", "2021-06-16", "paid", "", nul{}, 2020, nul{}, 2719, nul{}, 2667, "contract", 1, 0},
		),
		"bands": newTable(tb, specOf("bands"),
			[]any{2023, "01", "mt_adult", 1200, 800, 1000, 1200, 1500, 1700, ""},
		),
		"rejects": newTable(tb, specOf("rejects"),
			[]any{"activity", "year=2021/part-0.parquet", 2565, "90000000075|2021", "doctor_id,year", "DUPLICATE_KEY", "(doctor_id, year) appears more than once"},
			[]any{"contracts", "contracts.parquet", 7, nul{}, "contract_id", "NULL_REQUIRED", "contract_id is null"},
		),
	}
}

// clone deep-copies f so that a test case can change one side.
func (f fixture) clone() fixture {
	out := fixture{}
	for name, cols := range f {
		for _, c := range cols {
			cc := *c
			cc.ints, cc.strs, cc.null = slices.Clone(c.ints), slices.Clone(c.strs), slices.Clone(c.null)
			out[name] = append(out[name], &cc)
		}
	}
	return out
}

func (f fixture) col(tb testing.TB, table, name string) *tcol {
	for _, c := range f[table] {
		if c.name == name {
			return c
		}
	}
	tb.Fatalf("fixture has no %s.%s", table, name)
	return nil
}

// set changes one cell (v as in newTable).
func (f fixture) set(tb testing.TB, table, name string, row int, v any) {
	c := f.col(tb, table, name)
	c.null[row] = false
	switch x := v.(type) {
	case nul:
		c.null[row] = true
	case string:
		if c.typ.ID() == arrow.DATE32 {
			d, err := time.Parse("2006-01-02", x)
			if err != nil {
				tb.Fatal(err)
			}
			c.ints[row] = d.Unix() / 86400
		} else {
			c.strs[row] = x
		}
	case int:
		c.ints[row] = int64(x)
	}
}

// dropRow removes row from every column of table.
func (f fixture) dropRow(table string, row int) {
	for _, c := range f[table] {
		if c.ints != nil {
			c.ints = slices.Delete(c.ints, row, row+1)
		}
		if c.strs != nil {
			c.strs = slices.Delete(c.strs, row, row+1)
		}
		c.null = slices.Delete(c.null, row, row+1)
	}
}

// copyRow inserts a copy of row from at position to.
func (f fixture) copyRow(table string, from, to int) {
	for _, c := range f[table] {
		if c.ints != nil {
			c.ints = slices.Insert(c.ints, to, c.ints[from])
		}
		if c.strs != nil {
			c.strs = slices.Insert(c.strs, to, c.strs[from])
		}
		c.null = slices.Insert(c.null, to, c.null[from])
	}
}

func (f fixture) dropColumn(table, name string) {
	f[table] = slices.DeleteFunc(f[table], func(c *tcol) bool { return c.name == name })
}

// write publishes f as dir (a year=YYYY folder).
func (f fixture) write(tb testing.TB, dir string) string {
	tb.Helper()
	for name, cols := range f {
		writeParquet(tb, filepath.Join(dir, name+".parquet"), cols)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return dir
}
