// Package inwrite writes the input extracts of amcalc (DATA.md "Inputs": contracts, activity
// and suspensions) as Parquet files with exactly the documented columns and types, for the
// test data generator (cmd/amgen), the checked-in fixtures (scripts/mkfixtures,
// scripts/mkbad) and tests.
//
// The columns are io/extract's tables (extract.ContractColumns, ActivityColumns,
// SuspensionColumns), the very ones the reader checks, so writer and reader cannot drift. A
// contracts file has every listed column (V13) or, to test old extracts, lacks the
// v1.3-optional ones (V12).
//
// Types follow the conformance inputs: strings UTF8, dates DATE (Arrow date32), booleans
// BOOLEAN, counts and amounts INT64, and option, year, baseline_year and doctor_birth_year INT32; every
// column is nullable (optional), so that bad rows with nulls in required columns can be
// written too (the Raw* rows). Rows are streamed in records of RecordRows rows (one row group
// each), so a large extract never needs a second full copy in Arrow memory. Writer settings
// are pinned: the same rows always give the same bytes.
//
// The package validates nothing about the data (that is io/extract's job): it writes what it
// is given, bad rows included. It never reads the clock and never logs.
package inwrite

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/extract"
	"github.com/amcalc/amcalc/io/outfile"
)

// Fixed writer settings: pinned rather than left to library defaults so that a library
// upgrade changing a default does not silently change the bytes.
const (
	// RecordRows is the number of rows per Arrow record and per row group (the last one
	// shorter).
	RecordRows = 64 * 1024
	// CreatedBy is written into every file's footer. It carries no version on purpose:
	// the same rows give the same bytes whatever build wrote them.
	CreatedBy = "amcalc inwrite"
	bufSize   = 1 << 16
)

// Ptr returns a pointer to v: a shorthand for the fields of Raw rows.
func Ptr[T any](v T) *T { return &v }

// field is one column: name, Arrow type and whether it is dictionary-encoded.
type field struct {
	name string
	typ  arrow.DataType
	dict bool
}

// Writing choices that are not part of the data contract (any width and encoding reads):
// the integer columns written as INT32, and the low-cardinality ones written
// dictionary-encoded beside the table's Dict strings.
var (
	int32Columns = map[string]bool{"option": true, "year": true, "baseline_year": true, "doctor_birth_year": true}
	dictColumns  = map[string]bool{"option": true, "year": true}
)

// Shape chooses which listed columns a contracts file has.
type Shape uint8

const (
	// V13 writes every listed column of DATA.md v1.3 (the default).
	V13 Shape = iota
	// V12 leaves out the v1.3-optional columns (fees_12m_total, fees_12m_ccam): an extract
	// written before v1.3, which must stay valid.
	V12
)

// layout is the columns of one file, in the order of the input's table.
type layout struct {
	fields []field
	at     map[string]int
	known  map[string]bool // every listed column of the input, present or not
}

func newLayout(cols []extract.Column, shape Shape) layout {
	l := layout{at: map[string]int{}, known: map[string]bool{}}
	for _, c := range cols {
		l.known[c.Name] = true
		if c.V13Optional && shape == V12 {
			continue
		}
		var typ arrow.DataType
		switch c.Kind {
		case extract.KindString:
			typ = arrow.BinaryTypes.String
		case extract.KindBool:
			typ = arrow.FixedWidthTypes.Boolean
		case extract.KindDate:
			typ = arrow.FixedWidthTypes.Date32
		default:
			typ = arrow.PrimitiveTypes.Int64
			if int32Columns[c.Name] {
				typ = arrow.PrimitiveTypes.Int32
			}
		}
		l.at[c.Name] = len(l.fields)
		l.fields = append(l.fields, field{c.Name, typ, c.Dict || dictColumns[c.Name]})
	}
	return l
}

// pos returns the builder index of a listed column, -1 when this file's shape lacks it. A
// name the input does not list is a programming error.
func (l layout) pos(name string) int {
	if !l.known[name] {
		panic("inwrite: " + name + " is not a listed column")
	}
	if i, ok := l.at[name]; ok {
		return i
	}
	return -1
}

func schemaOf(fields []field) *arrow.Schema {
	fs := make([]arrow.Field, len(fields))
	for i, f := range fields {
		fs[i] = arrow.Field{Name: f.name, Type: f.typ, Nullable: true}
	}
	return arrow.NewSchema(fs, nil)
}

func properties(fields []field, mem memory.Allocator) *parquet.WriterProperties {
	var dict []string
	for _, f := range fields {
		if f.dict {
			dict = append(dict, f.name)
		}
	}
	return outfile.WriterProperties(mem, CreatedBy, RecordRows, dict)
}

// writer streams rows of one file: rows go into a record builder, which is flushed to the
// Parquet writer every RecordRows rows.
type writer struct {
	path string
	f    *os.File
	bw   *bufio.Writer
	fw   *pqarrow.FileWriter
	rb   *array.RecordBuilder
	n    int   // rows in the builder
	rows int64 // rows written in all
	err  error // first error; sticky
}

func create(path string, fields []field, mem memory.Allocator) (*writer, error) {
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	schema := schemaOf(fields)
	bw := bufio.NewWriterSize(f, bufSize)
	// bw is not an io.Closer, so the Parquet writer cannot close our file behind us.
	fw, err := pqarrow.NewFileWriter(schema, bw, properties(fields, mem),
		pqarrow.NewArrowWriterProperties(pqarrow.WithAllocator(mem)))
	if err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	rb := array.NewRecordBuilder(mem, schema)
	rb.Reserve(RecordRows)
	return &writer{path: path, f: f, bw: bw, fw: fw, rb: rb}, nil
}

// rowDone counts a row appended to the builder and flushes a full record.
func (w *writer) rowDone() {
	w.n++
	w.rows++
	if w.n == RecordRows {
		w.flush()
	}
}

func (w *writer) flush() {
	if w.n == 0 || w.err != nil {
		return
	}
	rec := w.rb.NewRecordBatch()
	w.n = 0
	err := w.fw.Write(rec)
	rec.Release()
	if err != nil {
		w.err = fmt.Errorf("write %s: %w", w.path, err)
	}
}

// close flushes, closes and syncs the file; on any error (earlier ones included) it removes
// the file, so that a file left on disk is always complete.
func (w *writer) close() error {
	if w.fw == nil {
		return errors.New("inwrite: writer already closed")
	}
	w.flush()
	w.rb.Release()
	if err := w.fw.Close(); err != nil && w.err == nil {
		w.err = fmt.Errorf("write %s: %w", w.path, err)
	}
	w.fw = nil
	if w.err == nil {
		if err := w.bw.Flush(); err != nil {
			w.err = fmt.Errorf("write %s: %w", w.path, err)
		}
	}
	if w.err == nil {
		if err := w.f.Sync(); err != nil {
			w.err = fmt.Errorf("sync %s: %w", w.path, err)
		}
	}
	if err := w.f.Close(); err != nil && w.err == nil {
		w.err = fmt.Errorf("close %s: %w", w.path, err)
	}
	if w.err != nil {
		os.Remove(w.path)
	}
	return w.err
}

// abort closes and removes the file without reporting anything.
func (w *writer) abort() {
	if w.fw == nil {
		return
	}
	if w.err == nil {
		w.err = errors.New("aborted")
	}
	w.close()
}

// writeAll appends rows with put, then closes the file; after an error it removes the
// file instead (what every Write… and WriteRaw… of a whole file does).
func writeAll[R any](w *writer, rows []R, put func(*R) error) error {
	for i := range rows {
		if err := put(&rows[i]); err != nil {
			w.abort()
			return err
		}
	}
	return w.close()
}

// Appenders. Values of INT32 columns arrive as int64 so that a raw row can carry any value;
// one that does not fit INT32 is an error (it could not be written faithfully).

func putStr(b array.Builder, v *string) {
	sb := b.(*array.StringBuilder)
	if v == nil {
		sb.AppendNull()
	} else {
		sb.Append(*v)
	}
}

func putBool(b array.Builder, v *bool) {
	bb := b.(*array.BooleanBuilder)
	if v == nil {
		bb.AppendNull()
	} else {
		bb.Append(*v)
	}
}

func putDate(b array.Builder, v *calc.Date) {
	db := b.(*array.Date32Builder)
	if v == nil {
		db.AppendNull()
	} else {
		db.Append(arrow.Date32(*v))
	}
}

func putOptDate(b array.Builder, v calc.OptDate) {
	db := b.(*array.Date32Builder)
	if !v.Valid {
		db.AppendNull()
	} else {
		db.Append(arrow.Date32(v.V))
	}
}

// putInt appends an integer to an INT32 or INT64 column (nil = null); the caller has
// checked that a value for an INT32 column fits (checkFits).
func putInt(b array.Builder, v *int64) {
	switch ib := b.(type) {
	case *array.Int32Builder:
		if v == nil {
			ib.AppendNull()
		} else {
			ib.Append(int32(*v))
		}
	case *array.Int64Builder:
		if v == nil {
			ib.AppendNull()
		} else {
			ib.Append(*v)
		}
	}
}

func putOptInt(b array.Builder, v calc.OptInt) {
	if !v.Valid {
		putInt(b, nil)
		return
	}
	putInt(b, &v.V)
}

func optPtr(v calc.OptInt) *int64 {
	if !v.Valid {
		return nil
	}
	return &v.V
}

func fits32(v int64) bool { return v >= math.MinInt32 && v <= math.MaxInt32 }

// checkFits returns a *RangeError when v (nil = null) does not fit column i of type INT32.
func (w *writer) checkFits(i int, v *int64) error {
	if i < 0 || v == nil {
		return nil
	}
	f := w.rb.Schema().Field(i)
	if f.Type.ID() == arrow.INT32 && !fits32(*v) {
		return &RangeError{File: w.path, Row: w.rows, Column: f.Name, Value: *v}
	}
	return nil
}

// checkShape returns an error when a non-null value is given for a column this file's
// shape lacks (i < 0): it cannot be written faithfully.
func (w *writer) checkShape(i int, name string, null bool) error {
	if i < 0 && !null {
		return fmt.Errorf("write %s row %d: column %s is not in this file's shape", w.path, w.rows, name)
	}
	return nil
}

// RangeError reports a value that does not fit its column's Parquet type (an INT32
// column given a value outside int32). Nothing of the row is written.
type RangeError struct {
	File   string
	Row    int64 // 0-based row number the row would have had
	Column string
	Value  int64
}

func (e *RangeError) Error() string {
	return fmt.Sprintf("%s row %d column %s: %d does not fit INT32", e.File, e.Row, e.Column, e.Value)
}
