package runreport

import (
	"strconv"
	"strings"
)

// locale is how one language writes numbers and dates. Money is formatted from integer
// cents by string operations only.
type locale struct {
	thousands string // between groups of three digits
	decimal   string
	euro      string // after the amount
	percent   string // after a percentage
	dayFirst  bool   // dates DD/MM/YYYY
	zeroOne   bool   // 0 takes the singular, as 1 does (French)
}

// French: a narrow no-break space (U+202F) between thousands, a comma before the cents, a
// no-break space (U+00A0) before € and %, as the French typographic rules ask. English:
// comma and point, a no-break space before €.
var locales = map[string]locale{
	"en": {thousands: ",", decimal: ".", euro: "\u00a0€", percent: "%"},
	"fr": {thousands: "\u202f", decimal: ",", euro: "\u00a0€", percent: "\u00a0%", dayFirst: true, zeroOne: true},
}

// minus is the sign of a negative number on the page (U+2212; the JSON keeps "-").
const minus = "−"

// group writes the digits of a non-negative integer in groups of three.
func (l locale) group(v uint64) string {
	d := strconv.FormatUint(v, 10)
	var b strings.Builder
	for i, c := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteString(l.thousands)
		}
		b.WriteRune(c)
	}
	return b.String()
}

func split(v int64) (neg bool, u uint64) {
	if v < 0 {
		return true, uint64(-(v + 1)) + 1 // safe for MinInt64
	}
	return false, uint64(v)
}

// Money formats cents: 7,074,325.17 € (en), 7 074 325,17 € (fr).
func (l locale) Money(c int64) string {
	neg, u := split(c)
	s := l.group(u/100) + l.decimal + strconv.FormatUint(100+u%100, 10)[1:] + l.euro
	if neg {
		return minus + s
	}
	return s
}

// SignedMoney is Money with a "+" before a positive amount (a delta).
func (l locale) SignedMoney(c int64) string {
	if c > 0 {
		return "+" + l.Money(c)
	}
	return l.Money(c)
}

// Int formats a count: 12,000 (en), 12 000 (fr).
func (l locale) Int(v int64) string {
	neg, u := split(v)
	if neg {
		return minus + l.group(u)
	}
	return l.group(u)
}

// Date formats YYYY-MM-DD as 2024-12-31 (en) or 31/12/2024 (fr); anything else as is.
func (l locale) Date(iso string) string {
	if !l.dayFirst || len(iso) != 10 || iso[4] != '-' || iso[7] != '-' {
		return iso
	}
	return iso[8:10] + "/" + iso[5:7] + "/" + iso[0:4]
}

// Percent formats a whole percentage: 75% (en), 75 % (fr).
func (l locale) Percent(p int) string { return strconv.Itoa(p) + l.percent }

// jsonMoney is the embedded JSON's text of cents: "7074325.17", "-12600.00".
func jsonMoney(c int64) string {
	neg, u := split(c)
	s := strconv.FormatUint(u/100, 10) + "." + strconv.FormatUint(100+u%100, 10)[1:]
	if neg {
		return "-" + s
	}
	return s
}
