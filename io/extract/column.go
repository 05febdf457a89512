package extract

import (
	"fmt"
	"strings"

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
	arr   arrow.Array
	nulls bool

	// strings: the batch's bytes copied once into a Go string, and offsets into it.
	s     string
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

func makeColumn(arr arrow.Array, k kind, phys parquet.Type, in interner) (column, error) {
	c := column{arr: arr, nulls: arr.NullN() > 0}
	if arr.Len() == 0 {
		return c, nil
	}
	switch k {
	case kindString:
		switch a := arr.(type) {
		case *array.String:
			c.off32 = a.ValueOffsets()
			c.base = int64(c.off32[0])
			c.s = string(a.ValueBytes())
		case *array.LargeString:
			c.off64 = a.ValueOffsets()
			c.base = c.off64[0]
			c.s = string(a.ValueBytes())
		case *array.Dictionary:
			// Low-cardinality columns are read as dictionaries (colSpec.dict): one
			// interned string per dictionary value, an index per row.
			d, err := makeColumn(a.Dictionary(), k, phys, in)
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
	case kindBool:
		b, ok := arr.(*array.Boolean)
		if !ok {
			return c, fmt.Errorf("boolean column read as Arrow %s", arr.DataType())
		}
		c.b = b
	case kindInt, kindDate:
		fw, ok := arr.DataType().(arrow.FixedWidthDataType)
		want := 32
		if phys == parquet.Types.Int64 {
			want = 64
		}
		if !ok || fw.BitWidth() != want || len(arr.Data().Buffers()) < 2 {
			return c, fmt.Errorf("%s column read as Arrow %s", phys, arr.DataType())
		}
		c.wide = want == 64
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
