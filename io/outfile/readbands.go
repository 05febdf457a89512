package outfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/amcalc/amcalc/calc"
)

// Sentinel causes of a BandsFileError.
var (
	// ErrNotBands: the file is not a readable bands.parquet (not Parquet, a column
	// missing or of another type than WriteBands writes).
	ErrNotBands = errors.New("not a bands file")
	// ErrBadBand: a row holds a value no published bands row can hold.
	ErrBadBand = errors.New("bad bands row")
)

// BandsFileError is a bands.parquet that cannot be read back: Column and Row are set when
// the problem is in one (Row is 0-based, -1 for the whole file).
type BandsFileError struct {
	Path   string
	Column string
	Row    int64
	Err    error
}

func (e *BandsFileError) Error() string {
	switch {
	case e.Column != "" && e.Row >= 0:
		return fmt.Sprintf("bands file %s: row %d column %s: %v", e.Path, e.Row, e.Column, e.Err)
	case e.Column != "":
		return fmt.Sprintf("bands file %s: column %s: %v", e.Path, e.Column, e.Err)
	}
	return fmt.Sprintf("bands file %s: %v", e.Path, e.Err)
}

func (e *BandsFileError) Unwrap() error { return e.Err }

// readBatchRows is the number of rows decoded at a time (pqarrow reads nothing with 0).
const readBatchRows = 64 * 1024

// ReadBands reads a published bands.parquet back into its rows (DATA.md "bands"), in file
// order: what WriteBands wrote, for `amcalc simulate --bands`. Every column is checked
// against the bands schema, and every row against what the writer accepts.
func ReadBands(path string) (rows []calc.Band, err error) {
	fail := func(col string, row int64, cause error) error {
		return &BandsFileError{Path: path, Column: col, Row: row, Err: cause}
	}
	defer func() {
		// The Parquet library panics on some corrupt footers: a bad file, not a crash.
		if r := recover(); r != nil {
			rows, err = nil, fail("", -1, fmt.Errorf("%w: corrupt file: %v", ErrNotBands, r))
		}
	}()
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		return nil, fail("", -1, fmt.Errorf("%w: %w", ErrNotBands, err))
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{BatchSize: readBatchRows}, memory.DefaultAllocator)
	if err != nil {
		return nil, fail("", -1, fmt.Errorf("%w: %w", ErrNotBands, err))
	}
	sc, err := fr.Schema()
	if err != nil {
		return nil, fail("", -1, fmt.Errorf("%w: %w", ErrNotBands, err))
	}
	// The columns in the order of bandColumns, each found by name exactly once.
	indices := make([]int, len(bandColumns))
	for i, c := range bandColumns {
		found := sc.FieldIndices(c.name)
		switch {
		case len(found) == 0:
			return nil, fail(c.name, -1, fmt.Errorf("%w: column missing", ErrNotBands))
		case len(found) > 1:
			return nil, fail(c.name, -1, fmt.Errorf("%w: column present %d times", ErrNotBands, len(found)))
		}
		if got := sc.Field(found[0]).Type; !arrow.TypeEqual(got, c.typ) {
			return nil, fail(c.name, -1, fmt.Errorf("%w: expected %s, found %s", ErrNotBands, c.typ, got))
		}
		indices[i] = found[0]
	}
	rr, err := fr.GetRecordReader(context.Background(), indices, nil)
	if err != nil {
		return nil, fail("", -1, fmt.Errorf("%w: %w", ErrNotBands, err))
	}
	defer rr.Release()
	rows = make([]calc.Band, 0, rdr.NumRows())
	for rr.Next() {
		rec := rr.RecordBatch()
		base := int64(len(rows))
		var err error
		if rows, err = appendBands(rows, rec); err != nil {
			var re *RowError
			if errors.As(err, &re) {
				return nil, fail(re.Column, base+int64(re.Row), re.Err)
			}
			return nil, fail("", -1, err)
		}
	}
	// io.EOF marks the end of the file; some reader versions return it from Err.
	if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) {
		return nil, fail("", -1, fmt.Errorf("%w: %w", ErrNotBands, err))
	}
	// The writer's own checks: what it would refuse, a published file cannot hold.
	if _, err := check(filepath.Base(path), rows, bandColumns, nil); err != nil {
		var re *RowError
		if errors.As(err, &re) {
			return nil, fail(re.Column, int64(re.Row), fmt.Errorf("%w: %w", ErrBadBand, re.Err))
		}
		return nil, fail("", -1, fmt.Errorf("%w: %w", ErrBadBand, err))
	}
	return rows, nil
}

// appendBands appends the rows of one record whose columns are in bandColumns order.
func appendBands(rows []calc.Band, rec arrow.RecordBatch) ([]calc.Band, error) {
	refYear := rec.Column(0).(*array.Int32)
	spec := rec.Column(1)
	measure := rec.Column(2)
	pop := rec.Column(3).(*array.Int64)
	var ps [5]*array.Int64
	for i := range ps {
		ps[i] = rec.Column(4 + i).(*array.Int64)
	}
	pinned := rec.Column(9)
	nonNull := []arrow.Array{refYear, spec, measure, pop, pinned}
	for r := range int(rec.NumRows()) {
		for c, col := range nonNull {
			if col.IsNull(r) {
				return rows, &RowError{Row: r, Column: bandColumns[[]int{0, 1, 2, 3, 9}[c]].name, Err: fmt.Errorf("%w: %w", ErrBadBand, ErrNull)}
			}
		}
		b := calc.Band{
			ReferenceYear: refYear.Value(r), Specialty: stringAt(spec, r), Measure: stringAt(measure, r),
			Population: pop.Value(r), Pinned: stringAt(pinned, r),
		}
		th := []*calc.OptInt{&b.P30, &b.P50, &b.P70, &b.P90, &b.P95}
		valid := 0
		for i, p := range ps {
			if !p.IsNull(r) {
				*th[i] = calc.Some(p.Value(r))
				valid++
			}
		}
		// R-BAND-3: thresholds all present, or all null with population 0.
		if (valid != 0 && valid != len(ps)) || (valid == 0) != (b.Population == 0) {
			return rows, &RowError{Row: r, Column: "p30", Err: fmt.Errorf("%w: %d of 5 thresholds for population %d", ErrBadBand, valid, b.Population)}
		}
		rows = append(rows, b)
	}
	return rows, nil
}

// stringAt reads row r of a string column, plain or dictionary-encoded.
func stringAt(a arrow.Array, r int) string {
	switch a := a.(type) {
	case *array.String:
		return a.Value(r)
	case *array.Dictionary:
		return stringAt(a.Dictionary(), a.GetValueIndex(r))
	}
	return ""
}
