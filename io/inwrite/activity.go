package inwrite

import (
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/extract"
)

// activityPos is where each listed column of the activity extract is in a file's
// builders, resolved by name from extract.ActivityColumns.
type activityPos struct {
	doctorID, year, specialty, mtAdult, mtChild, fileActive, fsVolet1 int
}

func activityLayout() (layout, activityPos) {
	l := newLayout(extract.ActivityColumns, V13)
	return l, activityPos{
		doctorID: l.pos("doctor_id"), year: l.pos("year"), specialty: l.pos("specialty"),
		mtAdult: l.pos("mt_adult"), mtChild: l.pos("mt_child"), fileActive: l.pos("file_active"),
		fsVolet1: l.pos("fs_volet1"),
	}
}

// RawActivity is one activity row exactly as written: nil is a null, in any column, and
// values are not checked. Year is an INT32 column.
type RawActivity struct {
	DoctorID   *string
	Year       *int64
	Specialty  *string
	MTAdult    *int64
	MTChild    *int64
	FileActive *int64
	FSVolet1   *bool
}

// RawFromActivity returns the raw row of a typed activity row.
func RawFromActivity(a calc.Activity) RawActivity {
	r := RawActivity{
		DoctorID:   Ptr(a.DoctorID),
		Year:       Ptr(int64(a.Year)),
		Specialty:  Ptr(a.Specialty),
		FileActive: Ptr(a.FileActive),
		FSVolet1:   Ptr(a.FSVolet1),
	}
	if a.MTAdult.Valid {
		r.MTAdult = Ptr(a.MTAdult.V)
	}
	if a.MTChild.Valid {
		r.MTChild = Ptr(a.MTChild.V)
	}
	return r
}

// ActivityWriter streams an activity file. Create it with CreateActivity, add rows with
// Write or WriteRaw (in any mix), and Close it; after an error, Close removes the file.
type ActivityWriter struct {
	w   *writer
	pos activityPos
}

// CreateActivity creates (or truncates) the activity file at path.
func CreateActivity(path string) (*ActivityWriter, error) {
	return createActivity(path, nil)
}

func createActivity(path string, mem memory.Allocator) (*ActivityWriter, error) {
	l, pos := activityLayout()
	w, err := create(path, l.fields, mem)
	if err != nil {
		return nil, err
	}
	return &ActivityWriter{w, pos}, nil
}

// Rows returns the number of rows written so far.
func (aw *ActivityWriter) Rows() int64 { return aw.w.rows }

// Write appends a typed (valid-shaped) activity row.
func (aw *ActivityWriter) Write(a *calc.Activity) error {
	w, p := aw.w, &aw.pos
	if w.err != nil {
		return w.err
	}
	f := w.rb.Fields()
	f[p.doctorID].(*array.StringBuilder).Append(a.DoctorID)
	putOptInt(f[p.year], calc.Some(int64(a.Year)))
	f[p.specialty].(*array.StringBuilder).Append(a.Specialty)
	putOptInt(f[p.mtAdult], a.MTAdult)
	putOptInt(f[p.mtChild], a.MTChild)
	putOptInt(f[p.fileActive], calc.Some(a.FileActive))
	f[p.fsVolet1].(*array.BooleanBuilder).Append(a.FSVolet1)
	w.rowDone()
	return w.err
}

// WriteRaw appends a raw row: nulls anywhere, values unchecked (but year must fit INT32).
func (aw *ActivityWriter) WriteRaw(r *RawActivity) error {
	w, p := aw.w, &aw.pos
	if w.err != nil {
		return w.err
	}
	if err := w.checkFits(p.year, r.Year); err != nil {
		return err
	}
	f := w.rb.Fields()
	putStr(f[p.doctorID], r.DoctorID)
	putInt(f[p.year], r.Year)
	putStr(f[p.specialty], r.Specialty)
	putInt(f[p.mtAdult], r.MTAdult)
	putInt(f[p.mtChild], r.MTChild)
	putInt(f[p.fileActive], r.FileActive)
	putBool(f[p.fsVolet1], r.FSVolet1)
	w.rowDone()
	return w.err
}

// Close writes the footer and closes the file; on error the file is removed.
func (aw *ActivityWriter) Close() error { return aw.w.close() }

// Abort closes and removes the file (for a caller giving up after its own error).
func (aw *ActivityWriter) Abort() { aw.w.abort() }

// WriteActivity writes rows as an activity file at path.
func WriteActivity(path string, rows []calc.Activity) error {
	aw, err := CreateActivity(path)
	if err != nil {
		return err
	}
	return writeAll(aw.w, rows, aw.Write)
}

// WriteRawActivity writes raw rows (nulls and bad values allowed) as an activity file.
func WriteRawActivity(path string, rows []RawActivity) error {
	aw, err := CreateActivity(path)
	if err != nil {
		return err
	}
	return writeAll(aw.w, rows, aw.WriteRaw)
}
