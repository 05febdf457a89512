package extract

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/schema"

	"github.com/amcalc/amcalc/calc"
)

// TestContractFees: the v1.3 fee columns (E-CLINICAL's inputs) are checked on every
// contract row, whatever its specialty (DATA.md "Bad input", "Row checks are independent
// of the rules").
func TestContractFees(t *testing.T) {
	const max = int64(MaxAmount)
	tests := []struct {
		name       string
		total, ccm any
		wants      []want
	}{
		{"valid_both", int64(12_000_000), int64(2_400_000), nil},
		{"valid_both_null", nil, nil, nil},
		{"valid_ccam_null", int64(5), nil, nil},
		{"valid_total_null", nil, int64(5), nil},
		{"valid_zero_and_max", max, max, nil},
		{"valid_ccam_equals_total", int64(7), int64(7), nil},
		{"NEGATIVE_AMOUNT_total", int64(-1), nil, []want{{"fees_12m_total", "NEGATIVE_AMOUNT", "fees_12m_total = -1"}}},
		{"NEGATIVE_AMOUNT_ccam", int64(10), int64(-3), []want{{"fees_12m_ccam", "NEGATIVE_AMOUNT", "fees_12m_ccam = -3"}}},
		{"AMOUNT_TOO_LARGE_total", max + 1, int64(0), []want{{"fees_12m_total", "AMOUNT_TOO_LARGE", "fees_12m_total = 100000000001 > 100000000000"}}},
		{"AMOUNT_TOO_LARGE_ccam_and_FEES_INCONSISTENT", max, max + 1, []want{
			{"fees_12m_ccam", "AMOUNT_TOO_LARGE", "fees_12m_ccam = 100000000001 > 100000000000"},
			{"fees_12m_ccam", "FEES_INCONSISTENT", "fees_12m_ccam 100000000001 > fees_12m_total 100000000000"}}},
		{"FEES_INCONSISTENT", int64(100), int64(101), []want{{"fees_12m_ccam", "FEES_INCONSISTENT", "fees_12m_ccam 101 > fees_12m_total 100"}}},
		{"FEES_INCONSISTENT_with_a_negative_total", int64(-5), int64(0), []want{
			{"fees_12m_ccam", "FEES_INCONSISTENT", "fees_12m_ccam 0 > fees_12m_total -5"},
			{"fees_12m_total", "NEGATIVE_AMOUNT", "fees_12m_total = -5"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A specialty E-CLINICAL never reads: the checks do not depend on the rules.
			r := with(baseContract("K1"), "specialty", "01", "fees_12m_total", tt.total, "fees_12m_ccam", tt.ccm)
			got, rej, _ := readContractRows(t, true, r)
			checkOneRow(t, "c.parquet", "K1", false, rej, len(got), tt.wants)
			if len(got) == 1 {
				opt := func(v any) calc.OptInt {
					if v == nil {
						return calc.OptInt{}
					}
					return calc.Some(v.(int64))
				}
				if got[0].Fees12mTotal != opt(tt.total) || got[0].Fees12mCCAM != opt(tt.ccm) {
					t.Errorf("fees %+v %+v", got[0].Fees12mTotal, got[0].Fees12mCCAM)
				}
			}
		})
	}
	t.Run("INT32_columns", func(t *testing.T) {
		got, rej, _ := readContractRows(t, false, with(baseContract("K1"), "fees_12m_total", int64(300), "fees_12m_ccam", int64(60)))
		if len(rej) != 0 || len(got) != 1 || got[0].Fees12mTotal != calc.Some(300) || got[0].Fees12mCCAM != calc.Some(60) {
			t.Errorf("rows %+v rejects %+v", got, rej)
		}
	})
}

// TestContractsWithoutFees: a file written before v1.3 lacks the fee columns; it is valid
// and reads them as null. One of the two alone is valid too (each is v1.3-optional).
func TestContractsWithoutFees(t *testing.T) {
	got, rej, _ := readContractRows(t, false, baseContract("K1"), with(baseContract("K2"), "option", int64(9)))
	if len(got) != 1 || got[0].ContractID != "K1" || got[0].Fees12mTotal.Valid || got[0].Fees12mCCAM.Valid || len(rej) != 1 {
		t.Errorf("rows %+v rejects %+v", got, rej)
	}
	got, rej, _ = readContractRows(t, true, with(baseContract("K1"), "fees_12m_ccam", int64(5)))
	if len(got) != 1 || got[0].Fees12mTotal.Valid || got[0].Fees12mCCAM != calc.Some(5) || len(rej) != 0 {
		t.Errorf("rows %+v rejects %+v", got, rej)
	}
}

// TestSchemeStartOption: SIGNED_BEFORE_SCHEME (R-REG-1) compares with the scheme start
// the caller gives (the parameters'), DefaultSchemeStart when none.
func TestSchemeStartOption(t *testing.T) {
	p := writeFile(t, t.TempDir(), "c.parquet", writeOpts{}, specCols(ContractColumns, false,
		with(baseContract("K1"), "signed_on", d("2019-08-20"), "hired_on", nil),
		with(baseContract("K2"), "signed_on", d("2019-08-21"), "hired_on", nil),
		with(baseContract("K3"), "signed_on", d("2019-09-30"), "hired_on", nil)))
	for _, tt := range []struct {
		start    calc.Date
		rejected []string
	}{{0, []string{"K1"}}, {d("2019-08-21"), []string{"K1"}}, {d("2019-09-30"), []string{"K1", "K2"}}, {d("2019-01-01"), nil}} {
		_, rej, _, err := ReadContracts(context.Background(), p, Options{SchemeStart: tt.start})
		var ids []string
		for _, r := range rej {
			if r.Problem != ProblemSignedBeforeScheme || r.Column != "signed_on" {
				t.Errorf("reject %+v", r)
			}
			ids = append(ids, r.Key)
		}
		if err != nil || !reflect.DeepEqual(ids, tt.rejected) {
			t.Errorf("start %v: rejected %v, want %v (%v)", tt.start, ids, tt.rejected, err)
		}
	}
}

// suspension is a valid suspensions row.
func suspension(id, from string, until any) row {
	r := row{"contract_id": id, "suspended_from": d(from), "suspended_until": until, "reason": "absence"}
	if s, ok := until.(string); ok {
		r["suspended_until"] = d(s)
	}
	return r
}

// TestReadSuspensions: R-SUSP-1's input and its rejects (DATA.md "suspensions", "Bad
// input"): every check independent, a null contract_id gets NULL_REQUIRED only, no
// DUPLICATE_KEY, valid rows in file then row order.
func TestReadSuspensions(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "b/s.parquet", writeOpts{}, specCols(SuspensionColumns, false,
		suspension("K9", "2024-01-01", nil),
		with(suspension("K1", "2024-01-01", nil), "reason", nil)))
	writeFile(t, dir, "a.parquet", writeOpts{}, specCols(SuspensionColumns, false,
		suspension("K1", "2024-03-01", "2024-03-31"),                                       // 0 valid
		suspension("K1", "2024-03-01", "2024-03-31"),                                       // 1 valid: periods may repeat
		suspension("K1", "2024-03-10", "2024-03-10"),                                       // 2 valid: one day
		with(suspension("", "2024-01-01", nil), "contract_id", nil),                        // 3
		with(suspension("K1", "2024-01-01", nil), "suspended_from", nil),                   // 4
		suspension("K1", "2018-12-31", "2100-01-01"),                                       // 5
		suspension("K1", "2024-05-02", "2024-05-01"),                                       // 6
		suspension("KX", "2017-01-01", "2016-01-01"),                                       // 7
		with(suspension("", "2010-01-01", nil), "contract_id", nil, "suspended_from", nil), // 8
	))
	known := func(id string) bool { return id == "K1" || id == "K2" }
	got, rejects, in, err := ReadSuspensions(context.Background(), dir, Options{}, known)
	if err != nil {
		t.Fatal(err)
	}
	wantRows := []SuspensionRow{
		{"K1", calc.Suspension{From: d("2024-03-01"), Until: calc.SomeDate(d("2024-03-31"))}, "a.parquet", 0},
		{"K1", calc.Suspension{From: d("2024-03-01"), Until: calc.SomeDate(d("2024-03-31"))}, "a.parquet", 1},
		{"K1", calc.Suspension{From: d("2024-03-10"), Until: calc.SomeDate(d("2024-03-10"))}, "a.parquet", 2},
		{"K1", calc.Suspension{From: d("2024-01-01")}, "b/s.parquet", 1},
	}
	if !reflect.DeepEqual(got, wantRows) {
		t.Errorf("rows:\n got %+v\nwant %+v", got, wantRows)
	}
	wantRej := []rej{
		{"a.parquet", 3, "", true, "contract_id", "NULL_REQUIRED", "contract_id is null"},
		{"a.parquet", 4, "K1", false, "suspended_from", "NULL_REQUIRED", "suspended_from is null"},
		{"a.parquet", 5, "K1", false, "suspended_from", "DATE_OUT_OF_RANGE", "suspended_from = 2018-12-31 outside 2019-01-01..2099-12-31"},
		{"a.parquet", 5, "K1", false, "suspended_until", "DATE_OUT_OF_RANGE", "suspended_until = 2100-01-01 outside 2019-01-01..2099-12-31"},
		{"a.parquet", 6, "K1", false, "suspended_until", "ENDS_BEFORE_START", "suspended_until 2024-05-01 < suspended_from 2024-05-02"},
		{"a.parquet", 7, "KX", false, "contract_id", "UNKNOWN_CONTRACT", "no valid contract row with contract_id KX"},
		{"a.parquet", 7, "KX", false, "suspended_from", "DATE_OUT_OF_RANGE", "suspended_from = 2017-01-01 outside 2019-01-01..2099-12-31"},
		{"a.parquet", 7, "KX", false, "suspended_until", "DATE_OUT_OF_RANGE", "suspended_until = 2016-01-01 outside 2019-01-01..2099-12-31"},
		{"a.parquet", 7, "KX", false, "suspended_until", "ENDS_BEFORE_START", "suspended_until 2016-01-01 < suspended_from 2017-01-01"},
		{"a.parquet", 8, "", true, "contract_id", "NULL_REQUIRED", "contract_id is null"},
		{"a.parquet", 8, "", true, "suspended_from", "NULL_REQUIRED", "suspended_from is null"},
		{"b/s.parquet", 0, "K9", false, "contract_id", "UNKNOWN_CONTRACT", "no valid contract row with contract_id K9"},
	}
	if !reflect.DeepEqual(rejs(rejects), wantRej) {
		t.Errorf("rejects:\n got %+v\nwant %+v", rejs(rejects), wantRej)
	}
	for _, r := range rejects {
		if r.Input != InputSuspensions {
			t.Errorf("reject input %q", r.Input)
		}
	}
	if in.Rows != 11 || in.RejectedRows != 7 || len(in.Files) != 2 || in.Files[0].Rel != "a.parquet" || in.Files[1].Rows != 2 {
		t.Errorf("input %+v", in)
	}
	checkFileInfos(t, in)
}

// TestSuspensionsFileRules: the suspensions input follows the other inputs' file rules;
// none of its columns is optional, reason included.
func TestSuspensionsFileRules(t *testing.T) {
	dir := t.TempDir()
	good := specCols(SuspensionColumns, false, suspension("K1", "2024-01-01", nil))
	for _, tt := range []struct {
		name, column, found string
		cols                []tcol
	}{
		{"missing_reason", "reason", "missing", replaceCol(good, "reason", nil)},
		{"missing_suspended_until", "suspended_until", "missing", replaceCol(good, "suspended_until", nil)},
		{"suspended_from_as_timestamp", "suspended_from", "INT64 (Timestamp(milliseconds, UTC))",
			replaceCol(good, "suspended_from", &tcol{name: "suspended_from", typ: arrow.FixedWidthTypes.Timestamp_ms, vals: []any{int64(1)}})},
		{"duplicated_contract_id", "contract_id", "2 columns of that name (the run cannot choose)",
			plus(good, tcol{name: "contract_id", typ: arrow.BinaryTypes.String, vals: []any{"K2"}})},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, dir, tt.name+".parquet", writeOpts{}, tt.cols)
			_, _, _, err := ReadSuspensions(context.Background(), p, Options{}, nil)
			var fe *FileError
			if !errors.Is(err, ErrBadSchema) || !errors.As(err, &fe) || fe.Input != InputSuspensions || fe.Column != tt.column || fe.Found != tt.found {
				t.Errorf("error %v", err)
			}
		})
	}
	t.Run("folder_without_parquet", func(t *testing.T) {
		_, _, _, err := ReadSuspensions(context.Background(), t.TempDir(), Options{}, nil)
		if !errors.Is(err, ErrNoParquet) {
			t.Errorf("error %v", err)
		}
	})
	t.Run("zero_rows", func(t *testing.T) {
		p := writeFile(t, dir, "zero.parquet", writeOpts{}, specCols(SuspensionColumns, false))
		got, rej, in, err := ReadSuspensions(context.Background(), p, Options{}, func(string) bool { return false })
		if err != nil || len(got) != 0 || len(rej) != 0 || in.Rows != 0 {
			t.Errorf("rows %v rejects %v input %+v error %v", got, rej, in, err)
		}
	})
}

// TestSignedIntAnnotations: signed Int annotations of every width (pandas int8/int16,
// polars Int16, DuckDB TINYINT/SMALLINT/INTEGER/BIGINT) read as the integers they hold
// (issue item 7, DATA.md "Inputs").
func TestSignedIntAnnotations(t *testing.T) {
	for _, typ := range []arrow.DataType{arrow.PrimitiveTypes.Int8, arrow.PrimitiveTypes.Int16, arrow.PrimitiveTypes.Int32, arrow.PrimitiveTypes.Int64} {
		t.Run(typ.String(), func(t *testing.T) {
			c := specCols(ContractColumns, false, with(baseContract("K1"), "target_mt", int64(-7)), baseContract("K2"))
			for _, name := range []string{"option", "baseline_mt_child", "target_mt"} {
				var vals []any
				for _, v := range c[colIndex(c, name)].vals {
					vals = append(vals, v)
				}
				c = replaceCol(c, name, &tcol{name: name, typ: typ, vals: vals})
			}
			p := writeFile(t, t.TempDir(), "c.parquet", writeOpts{}, c)
			got, rej, _, err := ReadContracts(context.Background(), p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].Option != 2 || got[0].BaselineMTChild != calc.Some(100) {
				t.Errorf("rows %+v", got)
			}
			if len(rej) != 1 || rej[0].Detail != "target_mt = -7" {
				t.Errorf("rejects %+v", rej)
			}
			a := specCols(ActivityColumns, false, baseActivity("1", 100), with(baseActivity("2", 101), "mt_adult", int64(-1)))
			a = replaceCol(a, "year", &tcol{name: "year", typ: typ, vals: []any{int64(100), int64(101)}})
			a = replaceCol(a, "mt_adult", &tcol{name: "mt_adult", typ: typ, vals: []any{int64(90), int64(-1)}})
			pa := writeFile(t, t.TempDir(), "a.parquet", writeOpts{}, a)
			arows, arej, _, err := ReadActivity(context.Background(), pa, Options{})
			if err != nil || len(arows) != 1 || arows[0].Year != 100 || arows[0].MTAdult != calc.Some(90) || len(arej) != 1 || arej[0].Key != "2|101" {
				t.Errorf("activity rows %+v rejects %+v error %v", arows, arej, err)
			}
		})
	}
}

func colIndex(cols []tcol, name string) int {
	for i, c := range cols {
		if c.name == name {
			return i
		}
	}
	panic(name)
}

// TestInvalidUTF8: a string that is not valid UTF-8, in any string column (plain or
// dictionary-encoded, in any batch), makes the file bad, naming the file, row and column
// (issue item 5); a null never does, and valid non-ASCII strings are fine.
func TestInvalidUTF8(t *testing.T) {
	bad := string([]byte{0xff, 0xfe, '1'})
	rows := make([]row, 10)
	for i := range rows {
		rows[i] = baseContract(fmt.Sprintf("K%d", i))
	}
	rows[2] = with(rows[2], "doctor_id", "Médecin-ü") // valid non-ASCII
	for _, tt := range []struct {
		name, column string
		row          int
		dict         bool
	}{
		{"doctor_id", "doctor_id", 7, false},
		{"contract_id_first_row", "contract_id", 0, false},
		{"specialty_dictionary", "specialty", 5, true},
		{"tariff_sector", "tariff_sector", 9, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rs := append([]row{}, rows...)
			rs[tt.row] = with(rs[tt.row], tt.column, bad)
			rs[3] = with(rs[3], tt.column, nil) // a null is no string
			cols := specCols(ContractColumns, false, rs...)
			if tt.dict {
				i := colIndex(cols, tt.column)
				cols[i].typ = &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}
			}
			p := writeFile(t, t.TempDir(), "c.parquet", writeOpts{storeSchema: tt.dict}, cols)
			for _, batch := range []int64{0, 3} {
				_, _, _, err := ReadContracts(context.Background(), p, Options{BatchSize: batch})
				var fe *FileError
				if !errors.Is(err, ErrBadString) || !errors.As(err, &fe) || fe.File != p || fe.Row != int64(tt.row) || fe.Column != tt.column {
					t.Fatalf("batch %d: error %v", batch, err)
				}
				want := fmt.Sprintf("contracts file %s: row %d, column %s: expected valid UTF-8, found %q", p, tt.row, tt.column, bad)
				if err.Error() != want {
					t.Errorf("message %q, want %q", err, want)
				}
			}
		})
	}
	t.Run("valid_non_ASCII_and_nulls", func(t *testing.T) {
		got, _, _ := readContractRows(t, false, rows[2], with(rows[3], "doctor_id", nil))
		if len(got) != 1 || got[0].DoctorID != "Médecin-ü" {
			t.Errorf("rows %+v", got)
		}
	})
	t.Run("two_invalid_halves_of_one_rune", func(t *testing.T) {
		// "é" is C3 A9: each half alone is invalid, together they would be valid.
		p := writeFile(t, t.TempDir(), "a.parquet", writeOpts{}, specCols(ActivityColumns, false,
			baseActivity("\xc3", 2021), baseActivity("\xa9", 2021)))
		_, _, _, err := ReadActivity(context.Background(), p, Options{})
		var fe *FileError
		if !errors.As(err, &fe) || !errors.Is(err, ErrBadString) || fe.Row != 0 || fe.Column != "doctor_id" || fe.Input != InputActivity {
			t.Errorf("error %v", err)
		}
	})
	t.Run("suspension_reason", func(t *testing.T) {
		p := writeFile(t, t.TempDir(), "s.parquet", writeOpts{}, specCols(SuspensionColumns, false,
			suspension("K1", "2024-01-01", nil), with(suspension("K1", "2024-01-01", nil), "reason", bad)))
		_, _, _, err := ReadSuspensions(context.Background(), p, Options{}, nil)
		var fe *FileError
		if !errors.As(err, &fe) || !errors.Is(err, ErrBadString) || fe.Row != 1 || fe.Column != "reason" {
			t.Errorf("error %v", err)
		}
	})
}

// TestFirstBadFileInPathOrder: with several bad files the error names the first in path
// byte order, whatever the workers and their timing (issue item 8). The first bad file is
// big with its bad row at the end; the second is tiny and bad at once, so it fails first
// in time.
func TestFirstBadFileInPathOrder(t *testing.T) {
	dir := t.TempDir()
	const n = 40_000
	big := make([]row, n)
	for i := range big {
		big[i] = baseActivity(fmt.Sprintf("1%010d", i), 2021)
	}
	big[n-1] = baseActivity("\xff", 2021)
	first := writeFile(t, dir, "a/part-0.parquet", writeOpts{rowGroup: 1000}, specCols(ActivityColumns, false, big...))
	writeFile(t, dir, "b.parquet", writeOpts{}, specCols(ActivityColumns, false, baseActivity("\xfe", 2021)))
	writeFile(t, dir, "c.parquet", writeOpts{}, specCols(ActivityColumns, false, baseActivity("\xfd", 2021)))
	for run := range 6 {
		_, _, _, err := ReadActivity(context.Background(), dir, Options{Workers: 1 + run%3, BatchSize: 500})
		var fe *FileError
		if !errors.As(err, &fe) || fe.File != first || fe.Row != n-1 || !errors.Is(err, ErrBadString) {
			t.Fatalf("run %d: error %v, want the bad row of %s", run, err, first)
		}
	}
}

// TestFileErrorCauses: every bad file is a *FileError whose cause errors.Is finds.
func TestFileErrorCauses(t *testing.T) {
	dir := t.TempDir()
	good := parquetBytes(t, writeOpts{}, specCols(ContractColumns, false, baseContract("K")))
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tt := range []struct {
		name string
		path string
		is   []error
	}{
		{"text", write("text.parquet", []byte("contract_id\nK\n")), []error{ErrNotParquet}},
		{"empty", write("empty.parquet", nil), []error{ErrNotParquet}},
		{"truncated", write("truncated.parquet", good[:len(good)-12]), []error{ErrNotParquet}},
		{"missing", filepath.Join(dir, "nope.parquet"), []error{os.ErrNotExist}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := ReadContracts(context.Background(), tt.path, Options{})
			var fe *FileError
			if !errors.As(err, &fe) || fe.File != tt.path || fe.Input != InputContracts || fe.Row != -1 {
				t.Fatalf("error %v", err)
			}
			for _, e := range tt.is {
				if !errors.Is(err, e) {
					t.Errorf("error %v is not %v", err, e)
				}
			}
			if !strings.HasPrefix(err.Error(), "read contracts "+tt.path+": ") || strings.Count(err.Error(), tt.path) != 1 {
				t.Errorf("message %q: the path once, at the start", err)
			}
		})
	}
}

// TestIsASCII: the fast path of the UTF-8 check sees every byte, at every position.
func TestIsASCII(t *testing.T) {
	for _, s := range []string{"", "a", "abcdefgh", "abcdefghi", "abcdefg\x80", "\x80", "abcdefgh\xff", "é", "1234567890123456\x81"} {
		want := true
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				want = false
			}
		}
		if isASCII([]byte(s)) != want {
			t.Errorf("isASCII(%q) = %v", s, !want)
		}
	}
}

// TestJoinSuspensions: each contract gets its periods sorted by first day, ties in input
// order (R-SUSP-1: overlapping and repeated periods are kept, their union counts later).
func TestJoinSuspensions(t *testing.T) {
	contracts := []ContractRow{{Contract: calc.Contract{ContractID: "K1"}}, {Contract: calc.Contract{ContractID: "K2"}}}
	open := calc.Suspension{From: d("2024-01-01")}
	march := calc.Suspension{From: d("2024-03-01"), Until: calc.SomeDate(d("2024-03-31"))}
	marchLong := calc.Suspension{From: d("2024-03-01"), Until: calc.SomeDate(d("2024-06-30"))}
	JoinSuspensions(contracts, []SuspensionRow{
		{ContractID: "K1", Suspension: march}, {ContractID: "K1", Suspension: open},
		{ContractID: "K1", Suspension: marchLong}, {ContractID: "K1", Suspension: march},
	})
	if want := []calc.Suspension{open, march, marchLong, march}; !reflect.DeepEqual(contracts[0].Suspensions, want) {
		t.Errorf("K1: %+v, want %+v", contracts[0].Suspensions, want)
	}
	if contracts[1].Suspensions != nil {
		t.Errorf("K2: %+v, want nil", contracts[1].Suspensions)
	}
}

// TestNarrowAnnotationNeverNarrows: a value beyond its column's Int(8) or Int(16)
// annotation is read as stored, never cast down (DATA.md "Inputs": never narrowed).
func TestNarrowAnnotationNeverNarrows(t *testing.T) {
	must := func(n *schema.PrimitiveNode, err error) schema.Node {
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	opt := parquet.Repetitions.Optional
	intNode := func(name string, bits int8, phys parquet.Type) schema.Node {
		return must(schema.NewPrimitiveNodeLogical(name, opt, schema.NewIntLogicalType(bits, true), phys, 0, -1))
	}
	fields := schema.FieldList{
		must(schema.NewPrimitiveNodeLogical("doctor_id", opt, schema.StringLogicalType{}, parquet.Types.ByteArray, 0, -1)),
		intNode("year", 16, parquet.Types.Int32),
		must(schema.NewPrimitiveNodeLogical("specialty", opt, schema.StringLogicalType{}, parquet.Types.ByteArray, 0, -1)),
		intNode("mt_adult", 8, parquet.Types.Int32),
		intNode("mt_child", 16, parquet.Types.Int32),
		intNode("file_active", 16, parquet.Types.Int32),
		must(schema.NewPrimitiveNode("fs_volet1", opt, parquet.Types.Boolean, -1, -1)),
	}
	root, err := schema.NewGroupNode("schema", parquet.Repetitions.Required, fields, -1)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "narrow.parquet")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := file.NewParquetWriter(f, root)
	rg := w.AppendRowGroup()
	def := []int16{1, 1}
	next := func() file.ColumnChunkWriter {
		cw, err := rg.NextColumn()
		if err != nil {
			t.Fatal(err)
		}
		return cw
	}
	for _, write := range []func(file.ColumnChunkWriter) (int64, error){
		func(cw file.ColumnChunkWriter) (int64, error) {
			return cw.(*file.ByteArrayColumnChunkWriter).WriteBatch([]parquet.ByteArray{[]byte("D1"), []byte("D2")}, def, nil)
		},
		func(cw file.ColumnChunkWriter) (int64, error) {
			return cw.(*file.Int32ColumnChunkWriter).WriteBatch([]int32{70021, 2021}, def, nil)
		},
		func(cw file.ColumnChunkWriter) (int64, error) {
			return cw.(*file.ByteArrayColumnChunkWriter).WriteBatch([]parquet.ByteArray{[]byte("01"), []byte("01")}, def, nil)
		},
		func(cw file.ColumnChunkWriter) (int64, error) {
			return cw.(*file.Int32ColumnChunkWriter).WriteBatch([]int32{300, 5}, def, nil)
		},
		func(cw file.ColumnChunkWriter) (int64, error) {
			return cw.(*file.Int32ColumnChunkWriter).WriteBatch([]int32{70000, 6}, def, nil)
		},
		func(cw file.ColumnChunkWriter) (int64, error) {
			return cw.(*file.Int32ColumnChunkWriter).WriteBatch([]int32{1500, 100001}, def, nil)
		},
		func(cw file.ColumnChunkWriter) (int64, error) {
			return cw.(*file.BooleanColumnChunkWriter).WriteBatch([]bool{true, false}, def, nil)
		},
	} {
		cw := next()
		if _, err := write(cw); err != nil {
			t.Fatal(err)
		}
		if err := cw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := rg.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	tab, rejects, _, err := ReadActivityTable(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := rejs(rejects)
	if len(got) != 1 || got[0].Key != "D2|2021" || got[0].Detail != "file_active = 100001 > 100000" {
		t.Errorf("rejects %+v, want only D2's file_active = 100001 (not narrowed)", got)
	}
	if !tab.Valid(0) || tab.Year64(0) != 70021 {
		t.Fatalf("row 0: valid %v year %d", tab.Valid(0), tab.Year64(0))
	}
	if a, c, fa := tab.Values(0); a != calc.Some(300) || c != calc.Some(70000) || fa != 1500 {
		t.Errorf("row 0 values %v %v %d, want 300 70000 1500", a, c, fa)
	}
}
