package extract

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
)

// Sentinel causes of a bad file (DATA.md "Bad input"); errors.Is finds them through a
// *FileError.
var (
	// ErrNotParquet: the file cannot be read as Parquet (not Parquet, empty, truncated).
	ErrNotParquet = errors.New("not a readable Parquet file")
	// ErrCorruptFooter: the footer parses but cannot be right (it also wraps ErrNotParquet).
	ErrCorruptFooter = errors.New("corrupt footer")
	// ErrCorruptData: a data page cannot be decoded.
	ErrCorruptData = errors.New("corrupt data")
	// ErrBadSchema: a listed column is missing, duplicated or of the wrong type.
	ErrBadSchema = errors.New("bad schema")
	// ErrBadString: a string value is not valid UTF-8.
	ErrBadString = errors.New("invalid UTF-8")
	// ErrNoParquet: a folder argument holds no *.parquet file.
	ErrNoParquet = errors.New("no *.parquet file")
)

// FileError is a bad input file: it stops the run before anything is published. It names
// the input, the file and, when one is at fault, the column with the expected and the found
// type (or, for a bad string, the row).
type FileError struct {
	Input    string // "contracts" | "activity" | "suspensions"
	File     string // path as opened
	Row      int64  // 0-based row in File, -1 when no row is at fault
	Column   string // "" when no column is at fault
	Expected string
	Found    string
	Err      error // the cause: one of the sentinels above, or an I/O error
}

func (e *FileError) Error() string {
	switch {
	case e.Column != "" && e.Row >= 0:
		return fmt.Sprintf("%s file %s: row %d, column %s: expected %s, found %s", e.Input, e.File, e.Row, e.Column, e.Expected, e.Found)
	case e.Column != "":
		return fmt.Sprintf("%s file %s: column %s: expected %s, found %s", e.Input, e.File, e.Column, e.Expected, e.Found)
	}
	return fmt.Sprintf("read %s %s: %v", e.Input, e.File, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// SchemaError is the former name of FileError.
//
// Deprecated: use FileError and errors.Is(err, ErrBadSchema).
type SchemaError = FileError

// fileErr returns a FileError of a whole file (no column, no row). An error of the file
// system on that very path does not repeat it ("read contracts P: open: no such file or
// directory").
func fileErr(input, path string, err error) *FileError {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == path && err == error(pe) {
		err = fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return &FileError{Input: input, File: path, Row: -1, Err: err}
}

// schemaErr returns the FileError of a listed column missing, duplicated or mistyped.
func schemaErr(input, path string, c Column, found string) *FileError {
	return &FileError{Input: input, File: path, Row: -1, Column: c.Name, Expected: c.Kind.expected(), Found: found, Err: ErrBadSchema}
}

// badStringErr returns the FileError of a string value that is not valid UTF-8; it shows
// at most 32 bytes of the value, escaped.
func badStringErr(input, path string, row int64, column, value string) *FileError {
	if len(value) > 32 {
		value = value[:32] + "…"
	}
	return &FileError{Input: input, File: path, Row: row, Column: column, Expected: "valid UTF-8",
		Found: strconv.Quote(value), Err: ErrBadString}
}
