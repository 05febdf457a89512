package extract

import (
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/parquet"
)

// column gives typed, allocation-free access to one Arrow array of a record batch.
//
// pqarrow may hand back a listed column as another Arrow type than the plain one when the
// file carries a stored Arrow schema (large_string, string_view, dictionary, duration for
// an INT64 ...): the Parquet schema has already been checked, so any Arrow array with the
// right physical layout is accepted.
type column struct {
	arr   arrow.Array // allNull for an absent v1.3-optional column
	nulls bool

	// strings: the batch's bytes copied once into a Go string, and offsets into it.
	s     string
	ascii bool // s is plain ASCII: every value is valid UTF-8
	off32 []int32
	off64 []int64
	base  int64
	strv  interface{ Value(int) string } // other string layouts: cloned per value
	dict  *array.Dictionary
	dstr  []string // dictionary values, interned
	didx  []int32  // dictionary indices when they are int32 (pqarrow's choice)

	// integers and dates
	wide bool // 64-bit values
	i32  []int32
	i64  []int64

	b *array.Boolean
}

// absentColumn is an absent v1.3-optional column: every value is null.
func absentColumn() column { return column{arr: allNull{}, nulls: true} }

// allNull is the array of an absent column: only IsNull is ever called on it (a null value
// is never read), so null stays one interface call on the hot path.
type allNull struct{ arrow.Array }

func (allNull) IsNull(int) bool { return true }

// badStringError is a string value that is not valid UTF-8, at row of the batch.
type badStringError struct {
	row   int
	value string
}

func (e *badStringError) Error() string { return fmt.Sprintf("row %d: invalid UTF-8", e.row) }

// makeColumn wraps arr for typed access. A string column is checked for valid UTF-8 (a
// *badStringError names the first bad row).
func makeColumn(arr arrow.Array, k Kind, phys parquet.Type, in interner) (column, error) {
	c, err := buildColumn(arr, k, phys, in)
	if err == nil && k == KindString {
		if r := c.firstBadString(arr.Len()); r >= 0 {
			return c, &badStringError{row: r, value: c.str(r)}
		}
	}
	return c, err
}

func buildColumn(arr arrow.Array, k Kind, phys parquet.Type, in interner) (column, error) {
	c := column{arr: arr, nulls: arr.NullN() > 0}
	if arr.Len() == 0 {
		return c, nil
	}
	switch k {
	case KindString:
		switch a := arr.(type) {
		case *array.String:
			c.off32 = a.ValueOffsets()
			c.base = int64(c.off32[0])
			c.ascii = isASCII(a.ValueBytes())
			c.s = string(a.ValueBytes())
		case *array.LargeString:
			c.off64 = a.ValueOffsets()
			c.base = c.off64[0]
			c.ascii = isASCII(a.ValueBytes())
			c.s = string(a.ValueBytes())
		case *array.Dictionary:
			// Low-cardinality columns are read as dictionaries (Column.Dict): one
			// interned string per dictionary value, an index per row.
			d, err := buildColumn(a.Dictionary(), k, phys, in)
			if err != nil {
				return c, err
			}
			c.dict = a
			c.dstr = make([]string, a.Dictionary().Len())
			for j := range c.dstr {
				if !d.null(j) {
					c.dstr[j] = in.get(d.str(j))
				}
			}
			if ix, ok := a.Indices().(*array.Int32); ok {
				c.didx = ix.Int32Values()
			}
		default:
			sv, ok := arr.(interface{ Value(int) string })
			if !ok {
				return c, fmt.Errorf("string column read as Arrow %s", arr.DataType())
			}
			c.strv = sv
		}
	case KindBool:
		b, ok := arr.(*array.Boolean)
		if !ok {
			return c, fmt.Errorf("boolean column read as Arrow %s", arr.DataType())
		}
		c.b = b
	case KindInt, KindDate:
		// Narrow annotations are read at their physical width (keepPhysicalWidth).
		fw, ok := arr.DataType().(arrow.FixedWidthDataType)
		width := 0
		if ok {
			width = fw.BitWidth()
		}
		if (width != 32 && width != 64) || len(arr.Data().Buffers()) < 2 {
			return c, fmt.Errorf("%s column read as Arrow %s", phys, arr.DataType())
		}
		c.wide = width == 64
		n, off := arr.Len(), arr.Data().Offset()
		if buf := arr.Data().Buffers()[1]; buf != nil && n > 0 {
			if c.wide {
				c.i64 = arrow.Int64Traits.CastFromBytes(buf.Bytes())[off : off+n]
			} else {
				c.i32 = arrow.Int32Traits.CastFromBytes(buf.Bytes())[off : off+n]
			}
		} else if n > 0 {
			return c, fmt.Errorf("%s column without values", phys)
		}
	}
	return c, nil
}

func (c *column) null(i int) bool { return c.nulls && c.arr.IsNull(i) }

// firstBadString returns the first non-null row of n whose value is not valid UTF-8, or -1.
// A batch of plain ASCII bytes is valid as a whole; otherwise each value is checked on its
// own (two invalid halves can make a valid whole).
func (c *column) firstBadString(n int) int {
	switch {
	case c.off32 != nil || c.off64 != nil:
		if c.ascii {
			return -1
		}
	case c.dict != nil:
		bad := -1
		for j, s := range c.dstr {
			if !utf8.ValidString(s) {
				bad = j
				break
			}
		}
		if bad < 0 {
			return -1
		}
	}
	for i := range n {
		if !c.null(i) && !utf8.ValidString(c.view(i)) {
			return i
		}
	}
	return -1
}

// view returns value i without the copy str makes for other string layouts: for a check
// that keeps nothing, not for a value a row keeps.
func (c *column) view(i int) string {
	if c.strv != nil {
		return c.strv.Value(i)
	}
	return c.str(i)
}

// isASCII reports whether every byte of b is below 0x80, eight bytes at a time.
func isASCII(b []byte) bool {
	var acc uint64
	i := 0
	for ; i+8 <= len(b); i += 8 {
		acc |= binary.LittleEndian.Uint64(b[i:])
	}
	for ; i < len(b); i++ {
		acc |= uint64(b[i])
	}
	return acc&0x8080808080808080 == 0
}

// str returns value i; it shares memory with the batch's Go copy, never with Arrow buffers.
func (c *column) str(i int) string {
	switch {
	case c.off32 != nil:
		return c.s[int64(c.off32[i])-c.base : int64(c.off32[i+1])-c.base]
	case c.off64 != nil:
		return c.s[c.off64[i]-c.base : c.off64[i+1]-c.base]
	case c.didx != nil:
		return c.dstr[c.didx[i]]
	case c.dict != nil:
		return c.dstr[c.dict.GetValueIndex(i)]
	default:
		return strings.Clone(c.strv.Value(i))
	}
}

func (c *column) int(i int) int64 {
	if c.wide {
		return c.i64[i]
	}
	return int64(c.i32[i])
}

func (c *column) bool(i int) bool { return c.b.Value(i) }

// interner shares one string per distinct value of a low-cardinality column (specialty),
// so that rows do not keep whole batches alive for two bytes each.
type interner map[string]string

func (m interner) get(s string) string {
	if v, ok := m[s]; ok {
		return v
	}
	if len(m) > 4096 { // not low-cardinality after all: stop growing
		return s
	}
	v := strings.Clone(s)
	m[v] = v
	return v
}
