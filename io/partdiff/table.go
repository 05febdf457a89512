package partdiff

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// batchSize is the number of rows pqarrow decodes at a time.
const batchSize = 64 * 1024

// Table is a whole Parquet file held column by column in comparison form. Cells are
// not boxed one by one: each column is a slice of int64 (integers, decimals, dates,
// booleans, floats as bits) or one string with offsets, plus a null mask, so that two
// national-scale tables compare without an allocation per cell.
type Table struct {
	Path string
	rows int
	cols []*column
}

type column struct {
	name  string
	kind  Kind
	scale int32
	null  []bool   // null[i] is true when row i is null; nil when no row is null
	ints  []int64  // KindInt, KindDecimal, KindDate, KindBool (0/1), KindFloat (bits)
	offs  []uint32 // KindString, KindOther: row i is data[offs[i]:offs[i+1]]
	data  []byte
}

// allocator serves Arrow's buffers; tests swap in a checked allocator to prove that
// every buffer is released.
var allocator memory.Allocator = memory.DefaultAllocator

// ReadTable reads every column of the Parquet file at path.
func ReadTable(path string) (*Table, error) { return readTable(path, nil) }

// readTable reads the columns for which want is true (all when want is nil).
func readTable(path string, want func(name string) bool) (*Table, error) {
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{BatchSize: batchSize, PreAllocBinaryData: true}, allocator)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	sc, err := fr.Schema()
	if err != nil {
		return nil, fmt.Errorf("read schema of %s: %w", path, err)
	}
	t := &Table{Path: path}
	var indices []int
	for i, f := range sc.Fields() {
		if want != nil && !want(f.Name) {
			continue
		}
		kind, scale, err := kindOf(f.Type)
		if err != nil {
			return nil, fmt.Errorf("read %s column %s: %w", path, f.Name, err)
		}
		indices = append(indices, i)
		t.cols = append(t.cols, &column{name: f.Name, kind: kind, scale: scale})
	}
	n := int(rdr.NumRows())
	for _, c := range t.cols {
		switch c.kind {
		case KindString, KindOther:
			c.offs = make([]uint32, 1, n+1)
		default:
			c.ints = make([]int64, 0, n)
		}
	}
	if len(indices) == 0 {
		t.rows = n // no column wanted: still know the row count
		return t, nil
	}
	rr, err := fr.GetRecordReader(context.Background(), indices, nil)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer rr.Release()
	for rr.Next() {
		rec := rr.RecordBatch()
		for i, c := range t.cols {
			if err := c.appendArray(rec.Column(i), t.rows); err != nil {
				return nil, fmt.Errorf("read %s column %s: %w", path, c.name, err)
			}
		}
		t.rows += int(rec.NumRows())
	}
	// io.EOF marks the end of the file; older readers return it from Err.
	if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return t, nil
}

func kindOf(dt arrow.DataType) (Kind, int32, error) {
	switch dt.ID() {
	case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64, arrow.UINT8, arrow.UINT16, arrow.UINT32, arrow.UINT64:
		return KindInt, 0, nil
	case arrow.DECIMAL32, arrow.DECIMAL64, arrow.DECIMAL128, arrow.DECIMAL256:
		return KindDecimal, dt.(arrow.DecimalType).GetScale(), nil
	case arrow.DATE32, arrow.DATE64:
		return KindDate, 0, nil
	case arrow.STRING, arrow.LARGE_STRING, arrow.BINARY, arrow.LARGE_BINARY, arrow.STRING_VIEW, arrow.BINARY_VIEW:
		return KindString, 0, nil
	case arrow.BOOL:
		return KindBool, 0, nil
	case arrow.FLOAT32, arrow.FLOAT64:
		return KindFloat, 0, nil
	case arrow.STRUCT, arrow.LIST, arrow.LARGE_LIST, arrow.MAP, arrow.FIXED_SIZE_LIST:
		return 0, 0, fmt.Errorf("nested type %s is not supported", dt)
	}
	return KindOther, 0, nil
}

// appendArray appends one batch; start is the number of rows already held.
func (c *column) appendArray(arr arrow.Array, start int) error {
	n := arr.Len()
	if vb, ok := arr.(interface{ ValueBytes() []byte }); ok && c.offs != nil {
		// Strings: size the buffer once from the bytes per row of the first batch (plus
		// 1/8), growing it again only if later batches are longer.
		if need := len(c.data) + len(vb.ValueBytes()); need > cap(c.data) {
			want := need * (cap(c.offs) - 1) / (start + n) * 9 / 8
			c.data = append(make([]byte, 0, max(want, need)), c.data...)
		}
	}
	if arr.NullN() > 0 {
		if c.null == nil {
			c.null = make([]bool, start, cap(c.ints)+cap(c.offs))
		}
		for i := 0; i < n; i++ {
			c.null = append(c.null, arr.IsNull(i))
		}
	} else if c.null != nil {
		c.null = append(c.null, make([]bool, n)...)
	}
	switch a := arr.(type) {
	case *array.Int8:
		for i := 0; i < n; i++ {
			c.ints = append(c.ints, int64(a.Value(i)))
		}
	case *array.Int16:
		for i := 0; i < n; i++ {
			c.ints = append(c.ints, int64(a.Value(i)))
		}
	case *array.Int32:
		for _, v := range a.Int32Values() {
			c.ints = append(c.ints, int64(v))
		}
	case *array.Int64:
		c.ints = append(c.ints, a.Int64Values()...)
	case *array.Uint8:
		for i := 0; i < n; i++ {
			c.ints = append(c.ints, int64(a.Value(i)))
		}
	case *array.Uint16:
		for i := 0; i < n; i++ {
			c.ints = append(c.ints, int64(a.Value(i)))
		}
	case *array.Uint32:
		for i := 0; i < n; i++ {
			c.ints = append(c.ints, int64(a.Value(i)))
		}
	case *array.Uint64:
		for i := 0; i < n; i++ {
			v := a.Value(i)
			if v > math.MaxInt64 && a.IsValid(i) {
				return fmt.Errorf("row %d: %d does not fit an int64", start+i, v)
			}
			c.ints = append(c.ints, int64(v))
		}
	case *array.Decimal32:
		for i := 0; i < n; i++ {
			c.ints = append(c.ints, int64(a.Value(i)))
		}
	case *array.Decimal64:
		for i := 0; i < n; i++ {
			c.ints = append(c.ints, int64(a.Value(i)))
		}
	case *array.Decimal128:
		for i := 0; i < n; i++ {
			v := a.Value(i)
			lo := int64(v.LowBits())
			if a.IsValid(i) && v.HighBits() != lo>>63 {
				return fmt.Errorf("row %d: decimal %s does not fit 18 digits", start+i, v.ToString(c.scale))
			}
			c.ints = append(c.ints, lo)
		}
	case *array.Decimal256:
		for i := 0; i < n; i++ {
			v := a.Value(i)
			lo := int64(v.Array()[0])
			ext := uint64(lo >> 63)
			if a.IsValid(i) && (v.Array()[1] != ext || v.Array()[2] != ext || v.Array()[3] != ext) {
				return fmt.Errorf("row %d: decimal %s does not fit 18 digits", start+i, v.ToString(c.scale))
			}
			c.ints = append(c.ints, lo)
		}
	case *array.Date32:
		for i := 0; i < n; i++ {
			c.ints = append(c.ints, int64(a.Value(i)))
		}
	case *array.Date64:
		for i := 0; i < n; i++ {
			ms := int64(a.Value(i))
			c.ints = append(c.ints, floorDiv(ms, 86_400_000))
		}
	case *array.Boolean:
		for i := 0; i < n; i++ {
			var b int64
			if a.Value(i) {
				b = 1
			}
			c.ints = append(c.ints, b)
		}
	case *array.Float32:
		for i := 0; i < n; i++ {
			c.ints = append(c.ints, int64(math.Float64bits(float64(a.Value(i)))))
		}
	case *array.Float64:
		for i := 0; i < n; i++ {
			c.ints = append(c.ints, int64(math.Float64bits(a.Value(i))))
		}
	case *array.String:
		// One copy of the batch's bytes; a null slot's bytes (normally none) are never read.
		offs, base := a.ValueOffsets(), len(c.data)
		c.data = append(c.data, a.ValueBytes()...)
		for _, o := range offs[1:] {
			c.offs = append(c.offs, uint32(base+int(o-offs[0])))
		}
	case interface{ Value(int) string }: // LargeString, StringView
		for i := 0; i < n; i++ {
			if arr.IsValid(i) {
				c.data = append(c.data, a.Value(i)...)
			}
			c.offs = append(c.offs, uint32(len(c.data)))
		}
	case interface{ Value(int) []byte }: // Binary, LargeBinary, BinaryView
		for i := 0; i < n; i++ {
			if arr.IsValid(i) {
				c.data = append(c.data, a.Value(i)...)
			}
			c.offs = append(c.offs, uint32(len(c.data)))
		}
	default:
		if c.kind != KindOther {
			return fmt.Errorf("unexpected array %T", arr)
		}
		for i := 0; i < n; i++ {
			if a.IsValid(i) {
				c.data = append(c.data, a.ValueStr(i)...)
			}
			c.offs = append(c.offs, uint32(len(c.data)))
		}
	}
	if uint64(len(c.data)) > math.MaxUint32 { // offsets are uint32
		return fmt.Errorf("more than 4 GiB of text in one column")
	}
	return nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// NumRows is the number of rows of the file.
func (t *Table) NumRows() int { return t.rows }

// Columns lists the column names in file order.
func (t *Table) Columns() []string {
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = c.name
	}
	return names
}

// Value is the cell of column name at row (0-based); Null when there is no such column.
func (t *Table) Value(name string, row int) Value {
	for _, c := range t.cols {
		if c.name == name {
			return c.value(row)
		}
	}
	return Null
}

func (t *Table) column(name string) *column {
	for _, c := range t.cols {
		if c.name == name {
			return c
		}
	}
	return nil
}

func (c *column) isNull(i int) bool { return c.null != nil && c.null[i] }

// bytes is the string at row i, shared with the column.
func (c *column) bytes(i int) []byte { return c.data[c.offs[i]:c.offs[i+1]] }

func (c *column) value(i int) Value {
	if c.isNull(i) {
		return Null
	}
	switch c.kind {
	case KindString, KindOther:
		return Value{Kind: c.kind, Str: string(c.bytes(i))}
	case KindBool:
		return Value{Kind: KindBool, Bool: c.ints[i] != 0}
	case KindFloat:
		return Value{Kind: KindFloat, Float: math.Float64frombits(uint64(c.ints[i]))}
	case KindDecimal:
		return Value{Kind: KindDecimal, Int: c.ints[i], Scale: c.scale}
	}
	return Value{Kind: c.kind, Int: c.ints[i]}
}

// sameCell compares row i of c with row j of d. The common case (same kind and scale)
// avoids building Values.
func sameCell(c *column, i int, d *column, j int) bool {
	cn, dn := c.isNull(i), d.isNull(j)
	if cn || dn {
		return cn && dn
	}
	if c.kind == d.kind && c.scale == d.scale {
		switch c.kind {
		case KindString, KindOther:
			return string(c.bytes(i)) == string(d.bytes(j)) // compiled without a copy
		case KindFloat:
			return c.value(i).Equal(d.value(j))
		}
		return c.ints[i] == d.ints[j]
	}
	return c.value(i).Equal(d.value(j))
}
