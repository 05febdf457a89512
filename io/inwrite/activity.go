package inwrite

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/amcalc/amcalc/calc"
)

// Columns of the activity extract (DATA.md "activity"), in file order.
const (
	aDoctorID = iota
	aYear
	aSpecialty
	aMTAdult
	aMTChild
	aFileActive
	aFSVolet1
)

var activityFields = []field{
	aDoctorID:   {"doctor_id", arrow.BinaryTypes.String, false},
	aYear:       {"year", arrow.PrimitiveTypes.Int32, true},
	aSpecialty:  {"specialty", arrow.BinaryTypes.String, true},
	aMTAdult:    {"mt_adult", arrow.PrimitiveTypes.Int64, false},
	aMTChild:    {"mt_child", arrow.PrimitiveTypes.Int64, false},
	aFileActive: {"file_active", arrow.PrimitiveTypes.Int64, false},
	aFSVolet1:   {"fs_volet1", arrow.FixedWidthTypes.Boolean, false},
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
type ActivityWriter struct{ w *writer }

// CreateActivity creates (or truncates) the activity file at path.
func CreateActivity(path string) (*ActivityWriter, error) {
	return createActivity(path, nil)
}

func createActivity(path string, mem memory.Allocator) (*ActivityWriter, error) {
	w, err := create(path, activityFields, mem)
	if err != nil {
		return nil, err
	}
	return &ActivityWriter{w}, nil
}

// Rows returns the number of rows written so far.
func (aw *ActivityWriter) Rows() int64 { return aw.w.rows }

// Write appends a typed (valid-shaped) activity row.
func (aw *ActivityWriter) Write(a *calc.Activity) error {
	w := aw.w
	if w.err != nil {
		return w.err
	}
	f := w.rb.Fields()
	f[aDoctorID].(*array.StringBuilder).Append(a.DoctorID)
	f[aYear].(*array.Int32Builder).Append(a.Year)
	f[aSpecialty].(*array.StringBuilder).Append(a.Specialty)
	putOptInt64(f[aMTAdult], a.MTAdult)
	putOptInt64(f[aMTChild], a.MTChild)
	f[aFileActive].(*array.Int64Builder).Append(a.FileActive)
	f[aFSVolet1].(*array.BooleanBuilder).Append(a.FSVolet1)
	w.rowDone()
	return w.err
}

// WriteRaw appends a raw row: nulls anywhere, values unchecked (but year must fit INT32).
func (aw *ActivityWriter) WriteRaw(r *RawActivity) error {
	w := aw.w
	if w.err != nil {
		return w.err
	}
	if r.Year != nil && !fits32(*r.Year) {
		return &RangeError{File: w.path, Row: w.rows, Column: "year", Value: *r.Year}
	}
	f := w.rb.Fields()
	putStr(f[aDoctorID], r.DoctorID)
	putInt32(f[aYear], r.Year)
	putStr(f[aSpecialty], r.Specialty)
	putInt64(f[aMTAdult], r.MTAdult)
	putInt64(f[aMTChild], r.MTChild)
	putInt64(f[aFileActive], r.FileActive)
	putBool(f[aFSVolet1], r.FSVolet1)
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
	for i := range rows {
		if err := aw.Write(&rows[i]); err != nil {
			aw.Abort()
			return err
		}
	}
	return aw.Close()
}

// WriteRawActivity writes raw rows (nulls and bad values allowed) as an activity file.
func WriteRawActivity(path string, rows []RawActivity) error {
	aw, err := CreateActivity(path)
	if err != nil {
		return err
	}
	for i := range rows {
		if err := aw.WriteRaw(&rows[i]); err != nil {
			aw.Abort()
			return err
		}
	}
	return aw.Close()
}
