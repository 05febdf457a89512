package calc

import (
	"fmt"
	"time"
)

// Date is a calendar date as days since 1970-01-01, the physical value of a Parquet DATE.
type Date int32

// MakeDate returns the Date of year y, month m, day d. Out-of-range days normalise as in
// time.Date; use ParseDate to validate.
func MakeDate(y int, m time.Month, d int) Date {
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// ParseDate parses YYYY-MM-DD and rejects dates that do not exist.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("date %q: want a real YYYY-MM-DD date", s)
	}
	return Date(t.Unix() / 86400), nil
}

// Time returns the date at midnight UTC.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// Year returns the calendar year of d.
func (d Date) Year() int { return d.Time().Year() }

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return d.Time().Format(time.DateOnly) }

// AddDays returns d + n days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// AddYears implements R-DATE-2: "date + n years" keeps month and day, and 29 February
// becomes 28 February in a non-leap year (never 1 March).
func (d Date) AddYears(n int) Date {
	t := d.Time()
	y, m, day := t.Year()+n, t.Month(), t.Day()
	if m == time.February && day == 29 && !isLeap(y) {
		day = 28
	}
	return MakeDate(y, m, day)
}

// YearStart returns 1 January of year y.
func YearStart(y int) Date { return MakeDate(y, time.January, 1) }

// YearEnd returns 31 December of year y.
func YearEnd(y int) Date { return MakeDate(y, time.December, 31) }

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }
