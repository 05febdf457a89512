package outfile

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/amcalc/amcalc/calc"
)

func readBackBands() []calc.Band {
	return []calc.Band{
		{ReferenceYear: 2021, Specialty: "01", Measure: calc.MeasureFileActive, Population: 7,
			P30: calc.Some(1000), P50: calc.Some(1500), P70: calc.Some(2000), P90: calc.Some(2600), P95: calc.Some(3000)},
		{ReferenceYear: 2021, Specialty: "01", Measure: calc.MeasureMTTotal, Population: 7,
			P30: calc.Some(775), P50: calc.Some(1000), P70: calc.Some(1200), P90: calc.Some(1500), P95: calc.Some(1800), Pinned: "p30"},
		{ReferenceYear: 2024, Specialty: "", Measure: calc.MeasureMTAdult}, // population 0: null thresholds
	}
}

// TestReadBands: a bands.parquet written by WriteBands reads back to the same rows, in
// file order (DATA.md "bands"), for `amcalc simulate --bands`.
func TestReadBands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bands.parquet")
	want := readBackBands()
	if _, err := WriteBands(path, want, Options{Version: "test", RecordRows: 2}); err != nil {
		t.Fatal(err)
	}
	got, err := ReadBands(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, want)
	}
	// The conformance set's published bands read too.
	if _, err := os.Stat(refDir); err == nil {
		rows, err := ReadBands(filepath.Join(refDir, "bands.parquet"))
		if err != nil || len(rows) == 0 {
			t.Errorf("conformance bands: %d rows, %v", len(rows), err)
		}
	}
}

// TestReadBandsBadFile: a file that is not a published bands.parquet is an error naming
// the file (and the column), with a sentinel cause.
func TestReadBandsBadFile(t *testing.T) {
	dir := t.TempDir()
	payments := filepath.Join(dir, "payments.parquet")
	if _, err := WritePayments(payments, samplePayments(), Options{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(dir, "bands.csv")
	if err := os.WriteFile(text, []byte("reference_year,specialty\n2021,01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	partial := filepath.Join(dir, "partial.parquet")
	bad := readBackBands()[:1]
	bad[0].P95 = calc.OptInt{} // 4 thresholds of 5: the writer does not check it
	if _, err := WriteBands(partial, bad, Options{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, path string
		cause      error
		column     string
	}{
		{"missing_file", filepath.Join(dir, "none.parquet"), ErrNotBands, ""},
		{"not_parquet", text, ErrNotBands, ""},
		{"payments_file", payments, ErrNotBands, "reference_year"},
		{"partial_thresholds", partial, ErrBadBand, "p30"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows, err := ReadBands(c.path)
			var fe *BandsFileError
			if !errors.As(err, &fe) || !errors.Is(err, c.cause) {
				t.Fatalf("rows %v, err %v; want a BandsFileError wrapping %v", rows, err, c.cause)
			}
			if fe.Path != c.path || fe.Column != c.column {
				t.Errorf("error names %q column %q; want %q column %q", fe.Path, fe.Column, c.path, c.column)
			}
		})
	}
}
