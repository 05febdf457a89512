package inwrite

import (
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/extract"
)

// suspensionPos is where each listed column of the suspensions input is in a file's
// builders, resolved by name from extract.SuspensionColumns.
type suspensionPos struct{ contractID, from, until, reason int }

func suspensionLayout() (layout, suspensionPos) {
	l := newLayout(extract.SuspensionColumns, V13)
	return l, suspensionPos{
		contractID: l.pos("contract_id"), from: l.pos("suspended_from"),
		until: l.pos("suspended_until"), reason: l.pos("reason"),
	}
}

// Suspension is a typed suspensions row (DATA.md "suspensions", R-SUSP-1); an empty
// Reason is written as null.
type Suspension struct {
	ContractID string
	calc.Suspension
	Reason string
}

// RawSuspension is one suspensions row exactly as written: nil is a null, in any column,
// and values are not checked.
type RawSuspension struct {
	ContractID     *string
	SuspendedFrom  *calc.Date
	SuspendedUntil *calc.Date
	Reason         *string
}

// RawFromSuspension returns the raw row of a typed suspension.
func RawFromSuspension(s Suspension) RawSuspension {
	r := RawSuspension{ContractID: Ptr(s.ContractID), SuspendedFrom: Ptr(s.From)}
	if s.Until.Valid {
		r.SuspendedUntil = Ptr(s.Until.V)
	}
	if s.Reason != "" {
		r.Reason = Ptr(s.Reason)
	}
	return r
}

// SuspensionWriter streams a suspensions file. Create it with CreateSuspensions, add rows
// with Write or WriteRaw (in any mix), and Close it; after an error, Close removes the file.
type SuspensionWriter struct {
	w   *writer
	pos suspensionPos
}

// CreateSuspensions creates (or truncates) the suspensions file at path.
func CreateSuspensions(path string) (*SuspensionWriter, error) {
	return createSuspensions(path, nil)
}

func createSuspensions(path string, mem memory.Allocator) (*SuspensionWriter, error) {
	l, pos := suspensionLayout()
	w, err := create(path, l.fields, mem)
	if err != nil {
		return nil, err
	}
	return &SuspensionWriter{w, pos}, nil
}

// Rows returns the number of rows written so far.
func (sw *SuspensionWriter) Rows() int64 { return sw.w.rows }

// Write appends a typed suspension.
func (sw *SuspensionWriter) Write(s *Suspension) error {
	r := RawFromSuspension(*s)
	return sw.WriteRaw(&r)
}

// WriteRaw appends a raw row: nulls anywhere, values unchecked.
func (sw *SuspensionWriter) WriteRaw(r *RawSuspension) error {
	w, p := sw.w, &sw.pos
	if w.err != nil {
		return w.err
	}
	f := w.rb.Fields()
	putStr(f[p.contractID], r.ContractID)
	putDate(f[p.from], r.SuspendedFrom)
	putDate(f[p.until], r.SuspendedUntil)
	putStr(f[p.reason], r.Reason)
	w.rowDone()
	return w.err
}

// Close writes the footer and closes the file; on error the file is removed.
func (sw *SuspensionWriter) Close() error { return sw.w.close() }

// Abort closes and removes the file (for a caller giving up after its own error).
func (sw *SuspensionWriter) Abort() { sw.w.abort() }

// WriteSuspensions writes rows as a suspensions file at path.
func WriteSuspensions(path string, rows []Suspension) error {
	sw, err := CreateSuspensions(path)
	if err != nil {
		return err
	}
	return writeAll(sw.w, rows, sw.Write)
}

// WriteRawSuspensions writes raw rows (nulls and bad values allowed) as a suspensions file.
func WriteRawSuspensions(path string, rows []RawSuspension) error {
	sw, err := CreateSuspensions(path)
	if err != nil {
		return err
	}
	return writeAll(sw.w, rows, sw.WriteRaw)
}
