// Cross-read of our output files with the independent reader github.com/xitongsys/parquet-go
// (test-only: it is never used to write).

package outfile

import (
	"path/filepath"
	"reflect"
	"testing"

	xlocal "github.com/xitongsys/parquet-go-source/local"
	xcommon "github.com/xitongsys/parquet-go/common"
	xreader "github.com/xitongsys/parquet-go/reader"

	"github.com/amcalc/amcalc/calc"
)

// The independent reader (xitongsys/parquet-go) agrees on row counts and money totals.
func TestIndependentReader(t *testing.T) {
	moneyCols := map[string]string{"payments": "payable", "contracts": "payable_total"}
	for _, out := range outputs() {
		t.Run(out.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), out.name+".parquet")
			if _, err := out.write(path, Options{Version: "t", RecordRows: 2}); err != nil {
				t.Fatal(err)
			}
			pf, err := xlocal.NewLocalFileReader(path)
			if err != nil {
				t.Fatal(err)
			}
			defer pf.Close()
			pr, err := xreader.NewParquetColumnReader(pf, 1)
			if err != nil {
				t.Fatal(err)
			}
			defer pr.ReadStop()
			if n := pr.GetNumRows(); n != out.rows {
				t.Errorf("independent reader: %d rows, want %d", n, out.rows)
			}
			col, ok := moneyCols[out.name]
			if !ok {
				// Check a string column with nulls reads too.
				vals, _, _, err := pr.ReadColumnByPath(xcommon.ReformPathStr("schema."+map[string]string{"bands": "measure", "rejects": "key"}[out.name]), out.rows)
				if err != nil || int64(len(vals)) != out.rows {
					t.Errorf("read column: %d values, %v", len(vals), err)
				}
				return
			}
			vals, _, _, err := pr.ReadColumnByPath(xcommon.ReformPathStr("schema."+col), out.rows)
			if err != nil {
				t.Fatal(err)
			}
			var sum int64
			for _, v := range vals {
				sum += v.(int64)
			}
			if int64(len(vals)) != out.rows || calc.Cents(sum) != out.total {
				t.Errorf("independent reader: %d values summing to %d, want %d and %d", len(vals), sum, out.rows, out.total)
			}
			if out.name == "payments" {
				// DECIMAL(9,6) is an INT32 holding the micros, null where the ratio is.
				att, _, _, err := pr.ReadColumnByPath(xcommon.ReformPathStr("schema.attainment"), out.rows)
				if err != nil {
					t.Fatal(err)
				}
				if want := []any{nil, int32(333333), int32(999999999)}; !reflect.DeepEqual(att, want) {
					t.Errorf("independent reader: attainment %#v, want %#v", att, want)
				}
			}
		})
	}
}
