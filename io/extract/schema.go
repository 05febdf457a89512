package extract

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/schema"
)

// leafCol is a listed column as found in a file: its leaf index (-1 when a v1.3-optional
// column is absent) and physical type.
type leafCol struct {
	leaf int
	phys parquet.Type
}

// describe renders a schema node for an error message in plain words: "BYTE_ARRAY
// (String)", "INT64 (Timestamp(milliseconds, UTC))", "INT32 (Int(8, unsigned))", "INT96",
// "group".
func describe(n schema.Node) string {
	rep := ""
	if n.RepetitionType() == parquet.Repetitions.Repeated {
		rep = "repeated "
	}
	p, ok := n.(*schema.PrimitiveNode)
	if !ok {
		return rep + "group"
	}
	s := rep + p.PhysicalType().String()
	if lt := p.LogicalType(); lt != nil && !lt.IsNone() {
		s += " (" + describeLogical(lt) + ")"
	}
	return s
}

// describeLogical names a logical type without the library's internal field names.
func describeLogical(lt schema.LogicalType) string {
	switch t := lt.(type) {
	case schema.IntLogicalType:
		sign := "signed"
		if !t.IsSigned() {
			sign = "unsigned"
		}
		return fmt.Sprintf("Int(%d, %s)", t.BitWidth(), sign)
	case schema.TimestampLogicalType:
		zone := "local"
		if t.IsAdjustedToUTC() {
			zone = "UTC"
		}
		return "Timestamp(" + timeUnit(t.TimeUnit()) + ", " + zone + ")"
	case schema.TimeLogicalType:
		return "Time(" + timeUnit(t.TimeUnit()) + ")"
	case schema.DecimalLogicalType:
		return fmt.Sprintf("Decimal(%d, %d)", t.Precision(), t.Scale())
	}
	s := lt.String()
	if i := strings.IndexByte(s, '('); i > 0 {
		s = s[:i]
	}
	return s
}

func timeUnit(u schema.TimeUnitType) string {
	switch u {
	case schema.TimeUnitMillis:
		return "milliseconds"
	case schema.TimeUnitMicros:
		return "microseconds"
	case schema.TimeUnitNanos:
		return "nanoseconds"
	}
	return "unknown unit"
}

// typeOK says whether a top-level primitive node has a type the contract accepts for k
// (DATA.md "Inputs").
func typeOK(p *schema.PrimitiveNode, k Kind) bool {
	if p.RepetitionType() == parquet.Repetitions.Repeated {
		return false
	}
	lt := p.LogicalType()
	none := lt == nil || lt.IsNone()
	switch k {
	case KindString:
		_, isStr := lt.(schema.StringLogicalType)
		return p.PhysicalType() == parquet.Types.ByteArray && isStr
	case KindBool:
		return p.PhysicalType() == parquet.Types.Boolean && none
	case KindDate:
		_, isDate := lt.(schema.DateLogicalType)
		return p.PhysicalType() == parquet.Types.Int32 && isDate
	case KindInt:
		var width int8
		switch p.PhysicalType() {
		case parquet.Types.Int32:
			width = 32
		case parquet.Types.Int64:
			width = 64
		default:
			return false
		}
		if none {
			return true
		}
		// A signed Int annotation of any width that the physical type holds: what pandas,
		// polars and DuckDB write for int8…int64. Unsigned, Decimal and others are refused.
		il, isInt := lt.(schema.IntLogicalType)
		return isInt && il.IsSigned() && il.BitWidth() <= width
	}
	return false
}

// checkSchema finds every listed column among the top-level fields of sc and checks its
// type; extra columns are ignored, the order is free, and a nested (group) field is never a
// listed column whatever its name. It returns the columns in the order of cols (leaf -1 for
// an absent v1.3-optional column), or a *FileError (ErrBadSchema) for the first listed
// column that is missing, present more than once, or of the wrong type.
func checkSchema(input, path string, sc *schema.Schema, cols []Column) ([]leafCol, error) {
	root := sc.Root()
	byName := make(map[string][]*schema.PrimitiveNode, root.NumFields())
	for i := range root.NumFields() {
		if p, ok := root.Field(i).(*schema.PrimitiveNode); ok {
			byName[p.Name()] = append(byName[p.Name()], p)
		}
	}
	out := make([]leafCol, len(cols))
	for i, c := range cols {
		nodes := byName[c.Name]
		switch {
		case len(nodes) == 0 && c.V13Optional:
			out[i] = leafCol{leaf: -1}
			continue
		case len(nodes) == 0:
			return nil, schemaErr(input, path, c, "missing")
		case len(nodes) > 1:
			return nil, schemaErr(input, path, c, fmt.Sprintf("%d columns of that name (the run cannot choose)", len(nodes)))
		}
		n := nodes[0]
		if !typeOK(n, c.Kind) {
			return nil, schemaErr(input, path, c, describe(n))
		}
		leaf := sc.ColumnIndexByNode(n)
		if leaf < 0 {
			return nil, &FileError{Input: input, File: path, Row: -1, Column: c.Name, Expected: c.Kind.expected(),
				Found: "no leaf column", Err: ErrBadSchema}
		}
		out[i] = leafCol{leaf: leaf, phys: n.PhysicalType()}
	}
	return out, nil
}
