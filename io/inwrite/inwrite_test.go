package inwrite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/extract"
)

func d(y int, m time.Month, day int) calc.Date { return calc.MakeDate(y, m, day) }

var sampleContracts = []calc.Contract{
	{
		ContractID: "C1", DoctorID: "10000000001", Specialty: "01", TariffSector: "S1",
		UnderservedZone: true, GroupPractice: true, CoordinatedSince: calc.SomeDate(d(2019, 6, 1)),
		Option: 2, SignedOn: d(2019, 10, 1), HiredOn: calc.SomeDate(d(2019, 10, 15)),
		BaselineYear: calc.Some(2018), BaselineMTAdult: calc.Some(900), BaselineFA: calc.Some(1400),
		DoctorBirthYear: calc.Some(1970),
	},
	{
		ContractID: "C2", DoctorID: "10000000002", Specialty: "03", TariffSector: "S2_OPTAM",
		NewInstallation: true, RqthAld: true, Option: 3, SignedOn: d(2024, 7, 1),
		EndedOn: calc.SomeDate(d(2025, 1, 31)), TargetMT: calc.Some(0), TargetFA: calc.Some(100000),
	},
}

var sampleActivity = []calc.Activity{
	{DoctorID: "10000000001", Year: 2018, Specialty: "01", MTAdult: calc.Some(900), MTChild: calc.Some(120), FileActive: 1400, FSVolet1: true},
	{DoctorID: "10000000002", Year: 2018, Specialty: "03", FileActive: 3200},
}

func TestRoundTripThroughExtract(t *testing.T) {
	dir := t.TempDir()
	cp, ap := filepath.Join(dir, "contracts.parquet"), filepath.Join(dir, "activity.parquet")
	if err := WriteContracts(cp, sampleContracts); err != nil {
		t.Fatal(err)
	}
	if err := WriteActivity(ap, sampleActivity); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	crows, crej, cin, err := extract.ReadContracts(ctx, cp, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(crej) != 0 || cin.Rows != 2 || len(crows) != 2 {
		t.Fatalf("contracts: %d rows read, %d valid, rejects %v", cin.Rows, len(crows), crej)
	}
	for i, r := range crows {
		if !reflect.DeepEqual(r.Contract, sampleContracts[i]) {
			t.Errorf("contract %d:\n got %+v\nwant %+v", i, r.Contract, sampleContracts[i])
		}
	}
	arows, arej, ain, err := extract.ReadActivity(ctx, ap, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(arej) != 0 || ain.Rows != 2 || len(arows) != 2 {
		t.Fatalf("activity: %d rows read, %d valid, rejects %v", ain.Rows, len(arows), arej)
	}
	for i, r := range arows {
		if !reflect.DeepEqual(r.Activity, sampleActivity[i]) {
			t.Errorf("activity %d:\n got %+v\nwant %+v", i, r.Activity, sampleActivity[i])
		}
	}
}

// Raw rows reach the reader as written: nulls in required columns and bad values become
// the expected rejects.
func TestRawRowsGiveRejects(t *testing.T) {
	dir := t.TempDir()
	cp, ap := filepath.Join(dir, "contracts.parquet"), filepath.Join(dir, "activity.parquet")
	good := RawFromContract(sampleContracts[0])
	nullDoctor := good
	nullDoctor.ContractID, nullDoctor.DoctorID = Ptr("B1"), nil
	badEnum := good
	badEnum.ContractID, badEnum.Option = Ptr("B2"), Ptr(int64(4))
	if err := WriteRawContracts(cp, []RawContract{good, nullDoctor, badEnum}); err != nil {
		t.Fatal(err)
	}
	ga := RawFromActivity(sampleActivity[0])
	neg := ga
	neg.Year, neg.MTChild = Ptr(int64(2019)), Ptr(int64(-1))
	if err := WriteRawActivity(ap, []RawActivity{ga, neg}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, crej, _, err := extract.ReadContracts(ctx, cp, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, arej, _, err := extract.ReadActivity(ctx, ap, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, r := range append(crej, arej...) {
		got = append(got, fmt.Sprintf("%s/%d/%s/%s", r.Input, r.Row, r.Column, r.Problem))
	}
	want := []string{"contracts/1/doctor_id/NULL_REQUIRED", "contracts/2/option/BAD_ENUM", "activity/1/mt_child/NEGATIVE_COUNT"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rejects = %v, want %v", got, want)
	}
}

// Several records (row groups), the same bytes twice, and no Arrow buffer leaked.
func TestStreamingDeterministicNoLeak(t *testing.T) {
	dir := t.TempDir()
	n := RecordRows + 1000
	write := func(p string) []byte {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		aw, err := createActivity(p, mem)
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			a := calc.Activity{DoctorID: fmt.Sprintf("1%010d", i), Year: 2020, Specialty: "01",
				MTAdult: calc.Some(int64(i % 3000)), FileActive: int64(i % 5000), FSVolet1: i%10 != 0}
			if err := aw.Write(&a); err != nil {
				t.Fatal(err)
			}
		}
		if err := aw.Close(); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	p1, p2 := filepath.Join(dir, "a.parquet"), filepath.Join(dir, "b.parquet")
	b1, b2 := write(p1), write(p2)
	if !bytes.Equal(b1, b2) {
		t.Fatal("same rows gave different bytes")
	}
	rdr, err := file.OpenParquetFile(p1, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	if rdr.NumRows() != int64(n) || rdr.NumRowGroups() != 2 {
		t.Errorf("rows %d, row groups %d; want %d, 2", rdr.NumRows(), rdr.NumRowGroups(), n)
	}
}

func TestInt32RangeError(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.parquet")
	r := RawFromContract(sampleContracts[0])
	r.Option = Ptr(int64(1) << 40)
	err := WriteRawContracts(p, []RawContract{r})
	var re *RangeError
	if !errors.As(err, &re) || re.Column != "option" {
		t.Fatalf("err = %v, want a RangeError on option", err)
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Errorf("file left behind after an error: %v", err)
	}
}
