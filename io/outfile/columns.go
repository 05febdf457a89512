package outfile

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/amcalc/amcalc/calc"
)

// Sentinel causes of a RowError.
var (
	// ErrNull: a column that must never be null would receive a null (or an empty
	// required key / enum).
	ErrNull = errors.New("null in a non-null column")
	// ErrOverflow: the value does not fit the column's Parquet type (DECIMAL precision,
	// INT32 range).
	ErrOverflow = errors.New("value does not fit the column type")
	// ErrBadValue: the value is not one the column allows (unknown enum, negative row).
	ErrBadValue = errors.New("value not allowed in the column")
)

// ErrVerify is the cause of a file that does not read back as written: fewer bytes on disk
// than were written (a disk that lost them), or a footer that does not say what was
// written.
var ErrVerify = errors.New("file on disk is not what was written")

// RowError is a row that cannot be written: File is the output file's base name, Row
// the 0-based index in the slice given to the writer. Nothing is written when one occurs.
type RowError struct {
	File   string
	Row    int
	Column string
	Err    error
}

func (e *RowError) Error() string {
	return fmt.Sprintf("%s row %d column %s: %v", e.File, e.Row, e.Column, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// column describes one output column: its Arrow type (which decides the Parquet type),
// whether it is dictionary-encoded, the check run on every row before anything is
// written (the Parquet writer itself checks little), and how a row's value is appended.
type column[T any] struct {
	name  string
	typ   arrow.DataType
	dict  bool
	check func(r *T) error // nil: every value of the Go type is valid
	put   func(b array.Builder, r *T)
}

// Arrow types of the outputs. DECIMAL columns are Arrow Decimal128: pqarrow maps
// Decimal32/64 nowhere, and with WithStoreDecimalAsInteger a Decimal128 of precision
// ≤ 9 is stored as INT32, ≤ 18 as INT64 (the raw unscaled value), like DuckDB does.
var (
	typeMoney = &arrow.Decimal128Type{Precision: 18, Scale: 2}
	typeRatio = &arrow.Decimal128Type{Precision: 9, Scale: 6}
)

const (
	maxMoneyRaw = 1e16 - 1 // DECIMAL(18,2): |cents| < 10^16
	maxRatioRaw = 1e9 - 1  // DECIMAL(9,6): |micros| < 10^9
)

// strRule says what a string column accepts.
type strRule struct {
	nullIfEmpty bool     // "" is written as null
	required    bool     // "" is an error (a key or an enum)
	allowed     []string // if set, the only values allowed (when not null)
}

var (
	anyString = strRule{}               // written as is, "" included (never null)
	required  = strRule{required: true} // non-empty: for values amcalc makes itself
	// Values copied from the input (ids, specialty) are anyString: DATA.md allows any
	// non-null string, "" included, and a valid row must never fail the run at write time.
	nullable = strRule{nullIfEmpty: true} // "" means null
)

func enum(values ...string) strRule { return strRule{required: true, allowed: values} }

func strCol[T any](name string, dict bool, rule strRule, get func(*T) string) column[T] {
	return optStrCol(name, dict, rule, func(r *T) (string, bool) {
		s := get(r)
		return s, !(rule.nullIfEmpty && s == "")
	})
}

// optStrCol is a string column whose getter says itself whether the value is null.
func optStrCol[T any](name string, dict bool, rule strRule, get func(*T) (string, bool)) column[T] {
	return column[T]{
		name: name, typ: arrow.BinaryTypes.String, dict: dict,
		check: func(r *T) error {
			s, ok := get(r)
			if !ok {
				return nil
			}
			if rule.required && s == "" {
				return ErrNull
			}
			if rule.allowed != nil && !slices.Contains(rule.allowed, s) {
				return fmt.Errorf("%w: %q (want one of %v)", ErrBadValue, s, rule.allowed)
			}
			return nil
		},
		put: func(b array.Builder, r *T) {
			if s, ok := get(r); ok {
				b.(*array.StringBuilder).Append(s)
			} else {
				b.AppendNull()
			}
		},
	}
}

// withCheck adds a check to a column that has none.
func withCheck[T any](c column[T], check func(r *T) error) column[T] {
	c.check = check
	return c
}

func int32Col[T any](name string, dict bool, get func(*T) int32) column[T] {
	return column[T]{
		name: name, typ: arrow.PrimitiveTypes.Int32, dict: dict,
		put: func(b array.Builder, r *T) { b.(*array.Int32Builder).Append(get(r)) },
	}
}

func optInt32Col[T any](name string, get func(*T) calc.OptInt) column[T] {
	return column[T]{
		name: name, typ: arrow.PrimitiveTypes.Int32,
		check: func(r *T) error {
			if v := get(r); v.Valid && (v.V < math.MinInt32 || v.V > math.MaxInt32) {
				return fmt.Errorf("%w: %d is not an INT32", ErrOverflow, v.V)
			}
			return nil
		},
		put: func(b array.Builder, r *T) {
			if v := get(r); v.Valid {
				b.(*array.Int32Builder).Append(int32(v.V))
			} else {
				b.AppendNull()
			}
		},
	}
}

func int64Col[T any](name string, get func(*T) int64) column[T] {
	return column[T]{
		name: name, typ: arrow.PrimitiveTypes.Int64,
		put: func(b array.Builder, r *T) { b.(*array.Int64Builder).Append(get(r)) },
	}
}

func optInt64Col[T any](name string, get func(*T) calc.OptInt) column[T] {
	return column[T]{
		name: name, typ: arrow.PrimitiveTypes.Int64,
		put: func(b array.Builder, r *T) {
			if v := get(r); v.Valid {
				b.(*array.Int64Builder).Append(v.V)
			} else {
				b.AppendNull()
			}
		},
	}
}

func dateCol[T any](name string, get func(*T) calc.Date) column[T] {
	return column[T]{
		name: name, typ: arrow.FixedWidthTypes.Date32,
		put: func(b array.Builder, r *T) { b.(*array.Date32Builder).Append(arrow.Date32(get(r))) },
	}
}

func optDateCol[T any](name string, get func(*T) calc.OptDate) column[T] {
	return column[T]{
		name: name, typ: arrow.FixedWidthTypes.Date32,
		put: func(b array.Builder, r *T) {
			if v := get(r); v.Valid {
				b.(*array.Date32Builder).Append(arrow.Date32(v.V))
			} else {
				b.AppendNull()
			}
		},
	}
}

// moneyCol is a DECIMAL(18,2) column; the raw value is the cents.
func moneyCol[T any](name string, get func(*T) calc.Cents) column[T] {
	return column[T]{
		name: name, typ: typeMoney,
		check: func(r *T) error {
			if v := int64(get(r)); v > maxMoneyRaw || v < -maxMoneyRaw {
				return fmt.Errorf("%w: %d cents exceeds DECIMAL(18,2)", ErrOverflow, v)
			}
			return nil
		},
		put: func(b array.Builder, r *T) {
			b.(*array.Decimal128Builder).Append(decimal128.FromI64(int64(get(r))))
		},
	}
}

// ratioCol is a nullable DECIMAL(9,6) column; the raw value is Ratio.Micros (rounded
// half away from zero, R-MONEY-2).
func ratioCol[T any](name string, get func(*T) calc.OptRatio) column[T] {
	return column[T]{
		name: name, typ: typeRatio,
		check: func(r *T) error {
			v := get(r)
			if !v.Valid {
				return nil
			}
			if v.R.Den <= 0 {
				return fmt.Errorf("%w: ratio %d/%d has a non-positive denominator", ErrBadValue, v.R.Num, v.R.Den)
			}
			// |r| ≥ 1000 cannot be a DECIMAL(9,6); test it exactly before Micros, whose
			// int64 result would itself overflow for huge ratios.
			if v.R.Cmp(calc.NewRatio(1000, 1)) >= 0 || v.R.Cmp(calc.NewRatio(-1000, 1)) <= 0 {
				return fmt.Errorf("%w: ratio %d/%d exceeds DECIMAL(9,6)", ErrOverflow, v.R.Num, v.R.Den)
			}
			if m := v.R.Micros(); m > maxRatioRaw || m < -maxRatioRaw {
				return fmt.Errorf("%w: ratio %d/%d rounds to %d micros, exceeds DECIMAL(9,6)", ErrOverflow, v.R.Num, v.R.Den, m)
			}
			return nil
		},
		put: func(b array.Builder, r *T) {
			if v := get(r); v.Valid {
				b.(*array.Decimal128Builder).Append(decimal128.FromI64(v.R.Micros()))
			} else {
				b.AppendNull()
			}
		},
	}
}
