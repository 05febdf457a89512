package extract

import (
	"fmt"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/schema"
)

// kind is the type a listed column must have (DATA.md "Inputs").
type kind uint8

const (
	kindString kind = iota // BYTE_ARRAY annotated String (UTF8)
	kindBool               // BOOLEAN
	kindInt                // INT32 or INT64, no annotation or a signed Int of the same width
	kindDate               // INT32 annotated Date
)

func (k kind) expected() string {
	switch k {
	case kindString:
		return "BYTE_ARRAY (String)"
	case kindBool:
		return "BOOLEAN"
	case kindInt:
		return "INT32 or INT64"
	default:
		return "INT32 (Date)"
	}
}

// colSpec is one listed column of an input.
type colSpec struct {
	name string
	kind kind
	dict bool // low cardinality: read as an Arrow dictionary and intern the values
}

// leafCol is a listed column as found in a file: its leaf index and physical type.
type leafCol struct {
	leaf int
	phys parquet.Type
}

// describe renders a schema node for an error message, in the words of the Parquet schema
// printout: "BYTE_ARRAY (String)", "INT64 (Timestamp(...))", "INT96", "group".
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
		s += " (" + lt.String() + ")"
	}
	return s
}

// typeOK says whether a top-level node has exactly the type the contract asks for.
func typeOK(n schema.Node, k kind) bool {
	p, ok := n.(*schema.PrimitiveNode)
	if !ok || p.RepetitionType() == parquet.Repetitions.Repeated {
		return false
	}
	lt := p.LogicalType()
	none := lt == nil || lt.IsNone()
	switch k {
	case kindString:
		_, isStr := lt.(schema.StringLogicalType)
		return p.PhysicalType() == parquet.Types.ByteArray && isStr
	case kindBool:
		return p.PhysicalType() == parquet.Types.Boolean && none
	case kindDate:
		_, isDate := lt.(schema.DateLogicalType)
		return p.PhysicalType() == parquet.Types.Int32 && isDate
	case kindInt:
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
		il, isInt := lt.(schema.IntLogicalType)
		return isInt && il.IsSigned() && il.BitWidth() == width
	}
	return false
}

// checkSchema finds every listed column among the top-level fields of sc and checks its
// type; extra columns are ignored and the order is free. It returns the columns in the
// order of specs, or a *SchemaError for the first listed column that is missing or wrong.
func checkSchema(input, path string, sc *schema.Schema, specs []colSpec) ([]leafCol, error) {
	root := sc.Root()
	out := make([]leafCol, len(specs))
	for i, cs := range specs {
		fi := root.FieldIndexByName(cs.name)
		if fi < 0 {
			return nil, &SchemaError{Input: input, File: path, Column: cs.name, Expected: cs.kind.expected(), Found: "missing"}
		}
		n := root.Field(fi)
		if !typeOK(n, cs.kind) {
			return nil, &SchemaError{Input: input, File: path, Column: cs.name, Expected: cs.kind.expected(), Found: describe(n)}
		}
		leaf := sc.ColumnIndexByNode(n)
		if leaf < 0 {
			return nil, fmt.Errorf("%s file %s: column %s: no leaf column", input, path, cs.name)
		}
		out[i] = leafCol{leaf: leaf, phys: n.(*schema.PrimitiveNode).PhysicalType()}
	}
	return out, nil
}
