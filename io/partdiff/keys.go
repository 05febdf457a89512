package partdiff

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strings"
)

// Key encoding: one byte string per row whose byte order is DATA.md's sort order —
// strings in byte order, numbers in numeric order, a null before any value — so that a
// single strings.Compare both matches rows across files and checks their order.
const (
	tagNull   = 0x00
	tagNumber = 0x01 // integers and decimals of scale 0
	tagDate   = 0x02
	tagBool   = 0x03
	tagDec    = 0x04 // decimals of scale > 0: scale byte then unscaled value
	tagString = 0x05
	tagFloat  = 0x06
	tagOther  = 0x07
)

// rowKeys returns the encoded key of every row of t over cols.
func rowKeys(n int, cols []*column) []string {
	buf := make([]byte, 0, n*16*len(cols))
	offs := make([]int, n+1)
	for i := 0; i < n; i++ {
		for _, c := range cols {
			buf = appendKey(buf, c, i)
		}
		offs[i+1] = len(buf)
	}
	all := string(buf) // one copy; the keys below are substrings of it
	keys := make([]string, n)
	for i := range keys {
		keys[i] = all[offs[i]:offs[i+1]]
	}
	return keys
}

func appendKey(buf []byte, c *column, i int) []byte {
	if c.isNull(i) {
		return append(buf, tagNull)
	}
	switch c.kind {
	case KindString, KindOther:
		tag := byte(tagString)
		if c.kind == KindOther {
			tag = tagOther
		}
		buf = append(buf, tag)
		s := c.bytes(i)
		for j := 0; j < len(s); j++ {
			if s[j] == 0 {
				buf = append(buf, 0, 0xFF) // an escaped 0 sorts after the terminator
			} else {
				buf = append(buf, s[j])
			}
		}
		return append(buf, 0, 0x01)
	case KindDecimal:
		if c.scale != 0 {
			buf = append(buf, tagDec, byte(c.scale))
			return binary.BigEndian.AppendUint64(buf, uint64(c.ints[i])^(1<<63))
		}
		buf = append(buf, tagNumber)
	case KindInt:
		buf = append(buf, tagNumber)
	case KindDate:
		buf = append(buf, tagDate)
	case KindBool:
		buf = append(buf, tagBool)
	case KindFloat:
		// Order-preserving float bits: flip all bits of negatives, the sign of positives.
		u := uint64(c.ints[i])
		if u>>63 == 1 {
			u = ^u
		} else {
			u ^= 1 << 63
		}
		return binary.BigEndian.AppendUint64(append(buf, tagFloat), u)
	}
	return binary.BigEndian.AppendUint64(buf, uint64(c.ints[i])^(1<<63))
}

// sortedRows returns the row numbers ordered by key, ties in file order.
func sortedRows(keys []string) []int32 {
	idx := make([]int32, len(keys))
	for i := range idx {
		idx[i] = int32(i)
	}
	if slices.IsSortedFunc(idx, func(a, b int32) int { return strings.Compare(keys[a], keys[b]) }) {
		return idx // published partitions are sorted: skip the sort
	}
	slices.SortFunc(idx, func(a, b int32) int {
		if c := strings.Compare(keys[a], keys[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return idx
}

func keyValues(cols []*column, row int) []Value {
	vals := make([]Value, len(cols))
	for i, c := range cols {
		vals[i] = c.value(row)
	}
	return vals
}
