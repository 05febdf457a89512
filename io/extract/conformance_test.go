package extract

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// The conformance inputs and the rejects expected for them (spec v1.2), copied from
// shared/conformance so that a clone alone can run the test.
const (
	confContracts = "../../fixtures/conformance/input/contracts.parquet"
	confActivity  = "../../fixtures/conformance/input/activity"
	confRejects   = "../../fixtures/conformance/expected/y2024/year=2024/rejects.parquet"
)

type expectedReject struct {
	Input string
	rej
}

// readExpectedRejects reads rejects.parquet as written by the independent implementation.
func readExpectedRejects(t *testing.T) []expectedReject {
	t.Helper()
	return readRejectsFile(t, confRejects)
}

// readRejectsFile reads a rejects.parquet.
func readRejectsFile(t *testing.T, path string) []expectedReject {
	t.Helper()
	pr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	fr, err := pqarrow.NewFileReader(pr, pqarrow.ArrowReadProperties{BatchSize: 1024}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	tr := array.NewTableReader(tbl, 1024)
	defer tr.Release()
	var out []expectedReject
	for tr.Next() {
		rec := tr.RecordBatch()
		col := func(name string) int {
			idx := rec.Schema().FieldIndices(name)
			if len(idx) != 1 {
				t.Fatalf("expected rejects: no column %s", name)
			}
			return idx[0]
		}
		str := func(name string, i int) (string, bool) {
			a := rec.Column(col(name)).(*array.String)
			return a.Value(i), a.IsNull(i)
		}
		for i := 0; i < int(rec.NumRows()); i++ {
			var e expectedReject
			e.Input, _ = str("input", i)
			e.File, _ = str("file", i)
			e.Row = rec.Column(col("row")).(*array.Int64).Value(i)
			e.Key, e.KeyNull = str("key", i)
			e.Column, _ = str("column", i)
			e.Problem, _ = str("problem", i)
			e.Detail, _ = str("detail", i)
			out = append(out, e)
		}
	}
	return out
}

func TestConformance(t *testing.T) {
	ctx := context.Background()
	var firstC []ContractRow
	var firstA []ActivityRow
	for _, opt := range []Options{{}, {BatchSize: 7, Workers: 1}, {BatchSize: 1000, Workers: 3}} {
		crows, crej, cin, err := ReadContracts(ctx, confContracts, opt)
		if err != nil {
			t.Fatal(err)
		}
		arows, arej, ain, err := ReadActivity(ctx, confActivity, opt)
		if err != nil {
			t.Fatal(err)
		}
		if cin.Rows != 1704 || cin.RejectedRows != 15 || len(crows) != 1704-15 {
			t.Errorf("opt %+v: contracts rows %d rejected %d valid %d, want 1704, 15, 1689", opt, cin.Rows, cin.RejectedRows, len(crows))
		}
		if ain.Rows != 20604 || ain.RejectedRows != 14 || len(arows) != 20604-14 {
			t.Errorf("opt %+v: activity rows %d rejected %d valid %d, want 20604, 14, 20590", opt, ain.Rows, ain.RejectedRows, len(arows))
		}
		var got []expectedReject
		for _, r := range append(arej, crej...) { // "activity" < "contracts"
			got = append(got, expectedReject{r.Input, rejs([]Reject{r})[0]})
		}
		want := readExpectedRejects(t)
		if len(want) != 40 {
			t.Fatalf("expected rejects file has %d rows, want 40", len(want))
		}
		if len(got) != len(want) {
			t.Errorf("opt %+v: %d rejects, want %d", opt, len(got), len(want))
		}
		for i := range max(len(got), len(want)) {
			var g, w expectedReject
			if i < len(got) {
				g = got[i]
			}
			if i < len(want) {
				w = want[i]
			}
			if g != w {
				t.Errorf("opt %+v: reject %d:\n got %+v\nwant %+v", opt, i, g, w)
			}
		}

		// Provenance: valid rows in file then row order.
		for i := 1; i < len(arows); i++ {
			p, q := arows[i-1], arows[i]
			if p.File > q.File || p.File == q.File && p.Row >= q.Row {
				t.Fatalf("activity rows out of order at %d: %s:%d then %s:%d", i, p.File, p.Row, q.File, q.Row)
			}
		}
		if len(ain.Files) != 8 || ain.Files[0].Rel != "year=2018/part-0.parquet" || ain.Files[7].Rel != "year=2025/part-0.parquet" {
			t.Errorf("activity files %+v", ain.Files)
		}
		checkFileInfos(t, cin)
		checkFileInfos(t, ain)
		// Batch size and workers change nothing.
		if firstC == nil {
			firstC, firstA = crows, arows
		} else if !reflect.DeepEqual(crows, firstC) || !reflect.DeepEqual(arows, firstA) {
			t.Errorf("opt %+v: rows differ from the default options' rows", opt)
		}
	}
}

// checkFileInfos proves the manifest facts: size, hash and row counts that add up.
func checkFileInfos(t *testing.T, in Input) {
	t.Helper()
	var sum int64
	for _, f := range in.Files {
		b, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(b)
		if f.Bytes != int64(len(b)) || f.SHA256 != hex.EncodeToString(h[:]) {
			t.Errorf("%s: bytes %d sha %s, want %d %x", f.Path, f.Bytes, f.SHA256, len(b), h)
		}
		sum += f.Rows
	}
	if sum != in.Rows {
		t.Errorf("files hold %d rows, input says %d", sum, in.Rows)
	}
}

// TestConformanceFirstRows pins a few decoded values, INT32 and INT64 columns alike.
func TestConformanceFirstRows(t *testing.T) {
	crows, _, _, err := ReadContracts(context.Background(), confContracts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := crows[1]
	if c.ContractID != "C0000002" || c.DoctorID != "10000000843" || c.Specialty != "08" || c.TariffSector != "S2" ||
		!c.UnderservedZone || !c.GroupPractice || c.Option != 2 || c.SignedOn != d("2023-11-27") ||
		c.HiredOn.V != d("2023-12-27") || !c.HiredOn.Valid || c.EndedOn.Valid || c.BaselineYear.Valid ||
		!c.TargetFA.Valid || c.TargetFA.V != 3203 || c.DoctorBirthYear.Valid || c.File != "contracts.parquet" || c.Row != 1 {
		t.Errorf("contract row 1 = %+v", c)
	}
	arows, _, _, err := ReadActivity(context.Background(), confActivity, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var a *ActivityRow
	for i := range arows {
		if arows[i].File == "year=2021/part-0.parquet" && arows[i].Row == 0 {
			a = &arows[i]
		}
	}
	if a == nil {
		t.Fatal("no activity row year=2021/part-0.parquet:0")
	}
	want := ActivityRow{File: "year=2021/part-0.parquet"}
	want.DoctorID, want.Year, want.Specialty, want.FileActive, want.FSVolet1 = "10000000000", 2021, "01", 2644, true
	want.MTAdult.V, want.MTAdult.Valid, want.MTChild.V, want.MTChild.Valid = 1623, true, 299, true
	if !reflect.DeepEqual(*a, want) {
		t.Errorf("activity row = %+v, want %+v", *a, want)
	}
}

// TestReadTime logs how long the conformance activity folder takes (see the report).
func TestReadTime(t *testing.T) {
	start := time.Now()
	_, _, in, err := ReadActivity(context.Background(), confActivity, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("activity: %d rows in %d files read in %v", in.Rows, len(in.Files), time.Since(start))
}
