package partdiff

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind is the comparison type of a Value, independent of its Parquet storage.
type Kind uint8

const (
	KindNull    Kind = iota
	KindInt          // any signed or unsigned integer column (Int)
	KindDecimal      // Int is the unscaled value, Scale the number of decimals
	KindDate         // Int is days since 1970-01-01
	KindString       // Str, byte for byte
	KindBool         // Bool
	KindFloat        // Float
	KindOther        // a type this package does not model; Str is Arrow's rendering
)

var kindNames = [...]string{"null", "int", "decimal", "date", "string", "bool", "float", "other"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is one cell normalised for comparison.
type Value struct {
	Kind  Kind
	Int   int64 // KindInt, KindDecimal (unscaled), KindDate (days since epoch)
	Scale int32 // KindDecimal
	Str   string
	Bool  bool
	Float float64
}

// Null, Int, Str, Dec and Date build Values (handy in tests and callers).
var Null = Value{}

func Int(v int64) Value  { return Value{Kind: KindInt, Int: v} }
func Str(s string) Value { return Value{Kind: KindString, Str: s} }
func Bool(b bool) Value  { return Value{Kind: KindBool, Bool: b} }
func Dec(unscaled int64, scale int32) Value {
	return Value{Kind: KindDecimal, Int: unscaled, Scale: scale}
}

// Date is the calendar date y-m-d.
func Date(y int, m time.Month, d int) Value {
	return Value{Kind: KindDate, Int: time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400}
}

// IsNull reports whether v is a null.
func (v Value) IsNull() bool { return v.Kind == KindNull }

func (v Value) numeric() bool { return v.Kind == KindInt || v.Kind == KindDecimal }

// Equal compares by value: integers and decimals numerically (5400 = 5400.00 whatever
// the scale or storage), dates as calendar dates, strings byte for byte; null equals only
// null, so a null differs from "" and from 0.
func (v Value) Equal(w Value) bool {
	if v.numeric() && w.numeric() {
		return cmpNumeric(v, w) == 0
	}
	if v.Kind != w.Kind {
		return false
	}
	switch v.Kind {
	case KindNull:
		return true
	case KindDate:
		return v.Int == w.Int
	case KindString, KindOther:
		return v.Str == w.Str
	case KindBool:
		return v.Bool == w.Bool
	case KindFloat:
		return v.Float == w.Float || (v.Float != v.Float && w.Float != w.Float)
	}
	return false
}

// cmpNumeric compares two integer or decimal values exactly.
func cmpNumeric(v, w Value) int {
	sv, sw := v.scale(), w.scale()
	if sv == sw {
		switch {
		case v.Int < w.Int:
			return -1
		case v.Int > w.Int:
			return 1
		}
		return 0
	}
	a, b := big.NewInt(v.Int), big.NewInt(w.Int)
	if sv < sw {
		a.Mul(a, pow10(sw-sv))
	} else {
		b.Mul(b, pow10(sv-sw))
	}
	return a.Cmp(b)
}

func (v Value) scale() int32 {
	if v.Kind == KindDecimal {
		return v.Scale
	}
	return 0
}

func pow10(n int32) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// String renders v for reports: NULL, integers, decimals with their scale (5400.00,
// 0.585171), dates YYYY-MM-DD, booleans true/false, and strings bare unless they could be
// mistaken for something else (empty, NULL, a number, spaces…), then Go-quoted.
func (v Value) String() string {
	switch v.Kind {
	case KindNull:
		return "NULL"
	case KindInt:
		return strconv.FormatInt(v.Int, 10)
	case KindDecimal:
		return formatDecimal(v.Int, v.Scale)
	case KindDate:
		return formatDate(v.Int)
	case KindString, KindOther:
		return quoteIfNeeded(v.Str)
	case KindBool:
		return strconv.FormatBool(v.Bool)
	case KindFloat:
		return strconv.FormatFloat(v.Float, 'g', -1, 64)
	}
	return "?"
}

func formatDecimal(unscaled int64, scale int32) string {
	if scale <= 0 {
		s := strconv.FormatInt(unscaled, 10)
		if unscaled != 0 && scale < 0 {
			s += strings.Repeat("0", int(-scale))
		}
		return s
	}
	neg := unscaled < 0
	digits := new(big.Int).Abs(big.NewInt(unscaled)).String() // Abs of MinInt64 is safe in big
	if len(digits) <= int(scale) {
		digits = strings.Repeat("0", int(scale)-len(digits)+1) + digits
	}
	cut := len(digits) - int(scale)
	s := digits[:cut] + "." + digits[cut:]
	if neg {
		s = "-" + s
	}
	return s
}

func formatDate(days int64) string {
	return time.Unix(days*86400, 0).UTC().Format("2006-01-02")
}

func quoteIfNeeded(s string) string {
	if s == "" || s == "NULL" || !utf8.ValidString(s) {
		return strconv.Quote(s)
	}
	switch c := s[0]; {
	case c >= '0' && c <= '9', c == '-', c == '+', c == '.':
		return strconv.Quote(s)
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case strings.ContainsRune("_-.:/=|,;+", r):
		default:
			return strconv.Quote(s)
		}
	}
	return s
}

// MarshalJSON writes null, a number (int, float), true/false, or a string: decimals as
// their exact text ("5400.00"), dates as "YYYY-MM-DD", strings as they are.
func (v Value) MarshalJSON() ([]byte, error) {
	switch v.Kind {
	case KindNull:
		return []byte("null"), nil
	case KindInt:
		return strconv.AppendInt(nil, v.Int, 10), nil
	case KindDecimal:
		return json.Marshal(formatDecimal(v.Int, v.Scale))
	case KindDate:
		return json.Marshal(formatDate(v.Int))
	case KindBool:
		return json.Marshal(v.Bool)
	case KindFloat:
		if math.IsNaN(v.Float) || math.IsInf(v.Float, 0) {
			return json.Marshal(v.String())
		}
		return json.Marshal(v.Float)
	}
	return json.Marshal(v.Str)
}
