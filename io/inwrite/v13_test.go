package inwrite

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/parquet/file"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/extract"
)

// columnNames returns the top-level column names of a Parquet file, in order.
func columnNames(t *testing.T, p string) []string {
	t.Helper()
	rdr, err := file.OpenParquetFile(p, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	root := rdr.MetaData().Schema.Root()
	var out []string
	for i := range root.NumFields() {
		out = append(out, root.Field(i).Name())
	}
	return out
}

func tableNames(cols []extract.Column, skipV13 bool) []string {
	var out []string
	for _, c := range cols {
		if !(skipV13 && c.V13Optional) {
			out = append(out, c.Name)
		}
	}
	return out
}

// TestColumnsAreTheReadersTables: every file written has exactly the listed columns of
// extract's tables, in their order (V12: without the v1.3-optional ones).
func TestColumnsAreTheReadersTables(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name  string
		write func(string) error
		want  []string
	}{
		{"contracts_v13", func(p string) error { return WriteContracts(p, sampleContracts) }, tableNames(extract.ContractColumns, false)},
		{"contracts_v12", func(p string) error { return WriteContracts(p, sampleContracts, V12) }, tableNames(extract.ContractColumns, true)},
		{"activity", func(p string) error { return WriteActivity(p, sampleActivity) }, tableNames(extract.ActivityColumns, false)},
		{"suspensions", func(p string) error { return WriteSuspensions(p, nil) }, tableNames(extract.SuspensionColumns, false)},
	} {
		p := filepath.Join(dir, tt.name+".parquet")
		if err := tt.write(p); err != nil {
			t.Fatal(err)
		}
		if got := columnNames(t, p); !slices.Equal(got, tt.want) {
			t.Errorf("%s: columns %v, want %v", tt.name, got, tt.want)
		}
	}
	if got := tableNames(extract.ContractColumns, true); slices.Contains(got, "fees_12m_total") || len(got) != len(extract.ContractColumns)-2 {
		t.Errorf("v1.2 contracts columns %v", got)
	}
}

// TestFeesRoundTrip: the v1.3 fee columns (E-CLINICAL) are written and read back; a V12
// file lacks them, reads them as null, and refuses a fee it cannot hold.
func TestFeesRoundTrip(t *testing.T) {
	dir := t.TempDir()
	rows := slices.Clone(sampleContracts)
	rows[0].Fees12mTotal, rows[0].Fees12mCCAM = calc.Some(12_345_678), calc.Some(2_469_135)
	rows[1].Fees12mTotal = calc.Some(0)
	p := filepath.Join(dir, "v13.parquet")
	if err := WriteContracts(p, rows); err != nil {
		t.Fatal(err)
	}
	got, rej, _, err := extract.ReadContracts(context.Background(), p, extract.Options{})
	if err != nil || len(rej) != 0 || len(got) != 2 {
		t.Fatalf("rows %v rejects %v error %v", got, rej, err)
	}
	for i := range rows {
		if !reflect.DeepEqual(got[i].Contract, rows[i]) {
			t.Errorf("contract %d:\n got %+v\nwant %+v", i, got[i].Contract, rows[i])
		}
	}

	p12 := filepath.Join(dir, "v12.parquet")
	if err := WriteContracts(p12, sampleContracts, V12); err != nil {
		t.Fatal(err)
	}
	got, rej, _, err = extract.ReadContracts(context.Background(), p12, extract.Options{})
	if err != nil || len(rej) != 0 || !reflect.DeepEqual(got[0].Contract, sampleContracts[0]) {
		t.Errorf("v1.2 file: rows %+v rejects %v error %v", got, rej, err)
	}
	if err := WriteContracts(filepath.Join(dir, "bad.parquet"), rows, V12); err == nil {
		t.Error("a V12 file took a fee")
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.parquet")); !os.IsNotExist(err) {
		t.Errorf("file left behind after an error: %v", err)
	}
	raw := RawFromContract(rows[0])
	raw.Fees12mTotal, raw.Fees12mCCAM = Ptr(int64(-1)), Ptr(int64(5))
	pr := filepath.Join(dir, "raw.parquet")
	if err := WriteRawContracts(pr, []RawContract{raw}); err != nil {
		t.Fatal(err)
	}
	_, rej, _, err = extract.ReadContracts(context.Background(), pr, extract.Options{})
	if err != nil || len(rej) != 2 || rej[0].Problem != extract.ProblemFeesInconsistent || rej[1].Problem != extract.ProblemNegativeAmount {
		t.Errorf("raw fees: rejects %+v error %v", rej, err)
	}
}

// TestSuspensionsRoundTrip: typed and raw suspension rows (R-SUSP-1) read back as
// written, bad ones as their rejects.
func TestSuspensionsRoundTrip(t *testing.T) {
	p := filepath.Join(t.TempDir(), "suspensions.parquet")
	rows := []Suspension{
		{"C1", calc.Suspension{From: d(2024, 3, 1), Until: calc.SomeDate(d(2024, 3, 31))}, "absence"},
		{"C1", calc.Suspension{From: d(2024, 6, 1)}, ""},
	}
	sw, err := CreateSuspensions(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		if err := sw.Write(&rows[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.WriteRaw(&RawSuspension{SuspendedFrom: Ptr(d(2024, 1, 1)), Reason: Ptr("x")}); err != nil {
		t.Fatal(err)
	}
	if err := sw.WriteRaw(&RawSuspension{ContractID: Ptr("C2"), SuspendedFrom: Ptr(d(2024, 2, 2)), SuspendedUntil: Ptr(d(2024, 2, 1))}); err != nil {
		t.Fatal(err)
	}
	if err := sw.Close(); err != nil {
		t.Fatal(err)
	}
	got, rej, in, err := extract.ReadSuspensions(context.Background(), p, extract.Options{}, func(id string) bool { return id == "C1" })
	if err != nil {
		t.Fatal(err)
	}
	want := []extract.SuspensionRow{
		{ContractID: "C1", Suspension: rows[0].Suspension, File: "suspensions.parquet", Row: 0},
		{ContractID: "C1", Suspension: rows[1].Suspension, File: "suspensions.parquet", Row: 1},
	}
	if !reflect.DeepEqual(got, want) || in.Rows != 4 || in.RejectedRows != 2 {
		t.Errorf("rows %+v input %+v", got, in)
	}
	var probs []string
	for _, r := range rej {
		probs = append(probs, r.Column+":"+r.Problem)
	}
	if want := []string{"contract_id:NULL_REQUIRED", "contract_id:UNKNOWN_CONTRACT", "suspended_until:ENDS_BEFORE_START"}; !slices.Equal(probs, want) {
		t.Errorf("rejects %v, want %v", probs, want)
	}
}
