package partdiff

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/schema"
)

// maxOrderProblems caps the order problems listed per file (the count is given).
const maxOrderProblems = 10

// CheckOrderAndTypes checks what the content comparison ignores, on one partition: every
// file of DATA.md is present with exactly its columns (the v1.3 ones all present, or all
// absent as in a v1.2 partition) and Parquet types (DATE,
// DECIMAL(18,2) stored as INT64, DECIMAL(9,6), INT32/INT64, UTF8 strings), and its rows
// are in DATA.md's sort order (strings in byte order, numbers in numeric order) with no
// repeated key. It returns the problems found, nil when there are none; the error is
// for a partition folder it cannot read.
func CheckOrderAndTypes(dir string) ([]string, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("partition %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("partition %s: not a directory", dir)
	}
	var problems []string
	for _, spec := range tables {
		problems = append(problems, checkFile(spec, filepath.Join(dir, spec.file()))...)
	}
	return problems, nil
}

func checkFile(spec *tableSpec, path string) []string {
	name := spec.file()
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return []string{name + ": missing"}
	}
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		return []string{fmt.Sprintf("%s: not readable: %v", name, err)}
	}
	sc := rdr.MetaData().Schema
	rdr.Close()

	var problems []string
	seen := map[string]bool{}
	for i := 0; i < sc.NumColumns(); i++ {
		c := sc.Column(i)
		if c.MaxRepetitionLevel() > 0 || strings.Contains(c.Path(), ".") {
			problems = append(problems, fmt.Sprintf("%s: column %s is nested", name, c.Path()))
			continue
		}
		seen[c.Name()] = true
		j := spec.index(c.Name())
		if j < 0 {
			problems = append(problems, fmt.Sprintf("%s: column %s is not in DATA.md", name, c.Name()))
			continue
		}
		if want := spec.columns[j].typ; !hasType(c, want) {
			problems = append(problems, fmt.Sprintf("%s: column %s is %s, DATA.md says %s", name, c.Name(), typeText(c), want))
		}
	}
	// The v1.3 columns are all there (v1.3) or all absent (a v1.2 partition).
	v12 := true
	for _, sc := range spec.columns {
		if sc.v13 && seen[sc.name] {
			v12 = false
		}
	}
	keysPresent := true
	for _, sc := range spec.columns {
		if !seen[sc.name] && !(sc.v13 && v12) {
			problems = append(problems, fmt.Sprintf("%s: column %s is missing", name, sc.name))
			if contains(spec.key, sc.name) {
				keysPresent = false
			}
		}
	}
	if !keysPresent {
		return problems
	}
	t, err := readTable(path, func(n string) bool { return contains(spec.key, n) })
	if err != nil {
		return append(problems, fmt.Sprintf("%s: not readable: %v", name, err))
	}
	keyCols := make([]*column, len(spec.key))
	for i, k := range spec.key {
		if keyCols[i] = t.column(k); keyCols[i] == nil {
			keyCols[i] = nullColumn(k, t.rows) // a v1.2 partition's instalment
		}
	}
	keys := rowKeys(t.rows, keyCols)
	bad := 0
	for i := 1; i < len(keys); i++ {
		var p string
		switch c := strings.Compare(keys[i-1], keys[i]); {
		case c > 0:
			p = fmt.Sprintf("%s: row %d %s out of order: it sorts before row %d %s (by %s)", name, i,
				keyText(spec, spec.key, keyValues(keyCols, i)), i-1, keyText(spec, spec.key, keyValues(keyCols, i-1)), strings.Join(spec.key, ", "))
		case c == 0:
			p = fmt.Sprintf("%s: rows %d and %d repeat the key %s", name, i-1, i, keyText(spec, spec.key, keyValues(keyCols, i)))
		default:
			continue
		}
		if bad++; bad <= maxOrderProblems {
			problems = append(problems, p)
		}
	}
	if bad > maxOrderProblems {
		problems = append(problems, fmt.Sprintf("%s: %d more order problems", name, bad-maxOrderProblems))
	}
	return problems
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// hasType reports whether the Parquet column has the DATA.md type want. Integers may
// carry no annotation or a signed Int annotation of their width.
func hasType(c *schema.Column, want colType) bool {
	pt, lt := c.PhysicalType(), c.LogicalType()
	switch want {
	case tString:
		_, ok := lt.(schema.StringLogicalType)
		return pt == parquet.Types.ByteArray && ok
	case tInt32, tInt64:
		width, phys := int8(32), parquet.Types.Int32
		if want == tInt64 {
			width, phys = 64, parquet.Types.Int64
		}
		if pt != phys {
			return false
		}
		switch l := lt.(type) {
		case nil, schema.NoLogicalType:
			return true
		case schema.IntLogicalType:
			return l.BitWidth() == width && l.IsSigned()
		}
		return false
	case tDate:
		_, ok := lt.(schema.DateLogicalType)
		return pt == parquet.Types.Int32 && ok
	case tMoney:
		// DATA.md: money is DECIMAL(18,2) stored as INT64, the raw integer in cents.
		d, ok := lt.(schema.DecimalLogicalType)
		return ok && pt == parquet.Types.Int64 && d.Precision() == 18 && d.Scale() == 2
	case tRatio:
		d, ok := lt.(schema.DecimalLogicalType)
		return ok && d.Precision() == 9 && d.Scale() == 6
	}
	return false
}

func typeText(c *schema.Column) string {
	s := c.PhysicalType().String()
	if c.PhysicalType() == parquet.Types.FixedLenByteArray {
		s += fmt.Sprintf("(%d)", c.TypeLength())
	}
	if lt := c.LogicalType(); lt != nil {
		if _, none := lt.(schema.NoLogicalType); !none {
			s += " " + lt.String()
		}
	}
	return s
}
