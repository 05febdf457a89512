package partdiff

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
)

var update = flag.Bool("update", false, "rewrite testdata/report.json")

// conformanceY2024 is a copy of shared/conformance/expected/y2024/year=2024.
const conformanceY2024 = "testdata/y2024/year=2024"

func textReport(t *testing.T, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestDiffConformanceAgainstItself(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	allocator = mem
	defer func() { allocator = memory.DefaultAllocator }()

	r, err := DiffPartitions(conformanceY2024, conformanceY2024, ConformanceOptions())
	if err != nil {
		t.Fatal(err)
	}
	mem.AssertSize(t, 0)
	if !r.Identical() {
		t.Fatalf("not identical:\n%s", textReport(t, r))
	}
	want := `payments: identical (922 rows)
contracts: identical (1689 rows)
bands: identical (113 rows)
rejects: identical (40 rows)
total payments.payable: 7074325.17 (unchanged)
total contracts.payable_total: 7074325.17 (unchanged)
manifest: not compared (no _MANIFEST.json in OLD and NEW)
identical
`
	if got := textReport(t, r); got != want {
		t.Errorf("text report:\n%s\nwant:\n%s", got, want)
	}
	if got := r.Tables[3].Ignored; len(got) != 1 || got[0] != "detail" {
		t.Errorf("rejects ignored columns = %v, want [detail]", got)
	}
}

func TestReadTableValues(t *testing.T) {
	tbl, err := ReadTable(filepath.Join(conformanceY2024, "payments.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		col  string
		want Value
		text string
	}{
		{"contract_id", Str("C0000004"), "C0000004"},
		{"doctor_id", Str("10000001316"), `"10000001316"`},
		{"contract_year", Int(1), "1"},
		{"event_date", Date(2024, 7, 23), "2024-07-23"},
		{"observed_file_active", Int(1316), "1316"},
		{"attainment", Dec(9847, 6), "0.009847"},
		{"base_amount", Dec(3600000, 2), "36000.00"},
		{"payable", Dec(0, 2), "0.00"},
		{"reasons", Str(""), `""`},
	}
	for _, tc := range tests {
		got := tbl.Value(tc.col, 0)
		if !got.Equal(tc.want) || got.Kind != tc.want.Kind {
			t.Errorf("%s = %#v, want %#v", tc.col, got, tc.want)
		}
		if got.String() != tc.text {
			t.Errorf("%s renders %s, want %s", tc.col, got, tc.text)
		}
	}
	if tbl.NumRows() != 922 || len(tbl.Columns()) != 25 {
		t.Errorf("rows, columns = %d, %d; want 922, 25", tbl.NumRows(), len(tbl.Columns()))
	}
}

func TestValue(t *testing.T) {
	tests := []struct {
		name  string
		a, b  Value
		equal bool
	}{
		{"int32 and int64 are ints", Int(7), Int(7), true},
		{"decimal scales", Dec(540000, 2), Dec(5400000, 3), true},
		{"decimal and int by value", Dec(540000, 2), Int(5400), true},
		{"cents are not euros", Dec(540000, 2), Int(540000), false},
		{"null is not empty", Null, Str(""), false},
		{"null is not zero", Null, Int(0), false},
		{"null equals null", Null, Null, true},
		{"date is not its day number", Date(2024, 1, 1), Int(19723), false},
		{"strings byte for byte", Str("é"), Str("e\u0301"), false},
	}
	for _, tc := range tests {
		if got := tc.a.Equal(tc.b); got != tc.equal {
			t.Errorf("%s: %v.Equal(%v) = %v", tc.name, tc.a, tc.b, got)
		}
		if got := tc.b.Equal(tc.a); got != tc.equal {
			t.Errorf("%s: not symmetric", tc.name)
		}
	}
	texts := []struct {
		v    Value
		want string
	}{
		{Dec(540000, 2), "5400.00"},
		{Dec(-5, 2), "-0.05"},
		{Dec(585171, 6), "0.585171"},
		{Dec(1000000, 6), "1.000000"},
		{Dec(-9223372036854775808, 2), "-92233720368547758.08"},
		{Int(-3), "-3"},
		{Date(1969, 12, 31), "1969-12-31"},
		{Null, "NULL"},
		{Str("NULL"), `"NULL"`},
		{Str("E-FLOOR;E-SECTOR"), "E-FLOOR;E-SECTOR"},
		{Str("year=2021/part-0.parquet"), "year=2021/part-0.parquet"},
		{Str("(doctor_id, year) x"), `"(doctor_id, year) x"`},
		{Str("01"), `"01"`},
		{Bool(true), "true"},
	}
	for _, tc := range texts {
		if got := tc.v.String(); got != tc.want {
			t.Errorf("%#v renders %s, want %s", tc.v, got, tc.want)
		}
	}
}

// storage returns the physical type of column name in a Parquet file.
func storage(t *testing.T, path, name string) parquet.Type {
	t.Helper()
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	sc := rdr.MetaData().Schema
	return sc.Column(sc.ColumnIndexByName(name)).PhysicalType()
}

func TestDiffCases(t *testing.T) {
	tests := []struct {
		name      string
		old, new  func(t *testing.T, f fixture)
		opt       Options
		identical bool
		want      string // text report without the totals and manifest lines when they are unchanged
	}{
		{
			name: "int32 equals int64",
			new: func(t *testing.T, f fixture) {
				f.col(t, "bands", "reference_year").typ = arrow.PrimitiveTypes.Int64
				f.col(t, "bands", "population").typ = arrow.PrimitiveTypes.Int32
				f.col(t, "rejects", "row").typ = arrow.PrimitiveTypes.Int32
			},
			identical: true,
		},
		{
			name: "decimal(18,2) as INT64 equals decimal as INT32 of equal value",
			new: func(t *testing.T, f fixture) {
				f.col(t, "payments", "payable").typ = &arrow.Decimal128Type{Precision: 9, Scale: 2}
				f.col(t, "contracts", "payable_total").typ = &arrow.Decimal128Type{Precision: 9, Scale: 2}
			},
			identical: true,
		},
		{
			name: "decimal as INT64 equals decimal as FIXED_LEN_BYTE_ARRAY",
			new: func(t *testing.T, f fixture) {
				f.col(t, "payments", "payable").flba = true
			},
			identical: true,
		},
		{
			name: "decimal scale 2 equals scale 3 of equal value",
			new: func(t *testing.T, f fixture) {
				c := f.col(t, "payments", "payable")
				c.typ = &arrow.Decimal128Type{Precision: 18, Scale: 3}
				for i := range c.ints {
					c.ints[i] *= 10
				}
			},
			identical: true,
		},
		{
			name: "null is not the empty string",
			new:  func(t *testing.T, f fixture) { f.set(t, "contracts", "reasons", 1, nul{}) },
			want: `payments: identical (3 rows)
contracts: 0 added, 0 removed, 1 changed (2 → 2 rows)
~ contracts [contract_id=C2] reasons: "" → NULL
bands: identical (1 rows)
rejects: identical (2 rows)
`,
		},
		{
			name: "changed value",
			new: func(t *testing.T, f fixture) {
				f.set(t, "payments", "payable", 1, 550000)
				f.set(t, "payments", "event_date", 1, "2025-01-02")
			},
			want: `payments: 0 added, 0 removed, 1 changed (3 → 3 rows)
~ payments [contract_id=C1 contract_year=1 kind=settlement] event_date: 2025-01-01 → 2025-01-02
~ payments [contract_id=C1 contract_year=1 kind=settlement] payable: 5400.00 → 5500.00
contracts: identical (2 rows)
bands: identical (1 rows)
rejects: identical (2 rows)
total payments.payable: 10800.00 → 10900.00 (+100.00)
`,
		},
		{
			name: "added row",
			new: func(t *testing.T, f fixture) {
				f.copyRow("payments", 2, 3)
				f.set(t, "payments", "contract_year", 3, 4)
			},
			want: `payments: 1 added, 0 removed, 0 changed (3 → 4 rows)
+ payments [contract_id=C2 contract_year=4 kind=settlement] event_date=2024-06-16 payable=0.00
contracts: identical (2 rows)
bands: identical (1 rows)
rejects: identical (2 rows)
`,
		},
		{
			name: "removed row",
			new:  func(t *testing.T, f fixture) { f.dropRow("payments", 0) },
			want: `payments: 0 added, 1 removed, 0 changed (3 → 2 rows)
- payments [contract_id=C1 contract_year=1 kind=advance instalment=1] event_date=2024-02-01 payable=5400.00
contracts: identical (2 rows)
bands: identical (1 rows)
rejects: identical (2 rows)
total payments.payable: 10800.00 → 5400.00 (-5400.00)
`,
		},
		{
			name: "duplicated key",
			new: func(t *testing.T, f fixture) {
				f.copyRow("contracts", 0, 1)
				f.set(t, "contracts", "status", 1, "pending")
			},
			want: `payments: identical (3 rows)
contracts: 0 added, 0 removed, 0 changed, 1 duplicate keys (2 → 3 rows)
! contracts duplicate key [contract_id=C1] in NEW: rows 0, 1
bands: identical (1 rows)
rejects: identical (2 rows)
total contracts.payable_total: 10800.00 → 21600.00 (+10800.00)
`,
		},
		{
			name: "missing column",
			new:  func(t *testing.T, f fixture) { f.dropColumn("payments", "band") },
			want: `payments: 0 added, 0 removed, 0 changed, 1 columns on one side (3 → 3 rows)
- payments column band: only in OLD
contracts: identical (2 rows)
bands: identical (1 rows)
rejects: identical (2 rows)
`,
		},
		{
			name: "missing key column",
			old:  func(t *testing.T, f fixture) { f.dropColumn("bands", "measure") },
			want: `payments: identical (3 rows)
contracts: identical (2 rows)
bands: 0 added, 0 removed, 0 changed, 1 columns on one side, 1 problems (1 → 1 rows)
! bands: key column measure missing in OLD: rows not matched
+ bands column measure: only in NEW
rejects: identical (2 rows)
`,
		},
		{
			name: "missing file",
			new:  func(t *testing.T, f fixture) { delete(f, "rejects") },
			want: `payments: identical (3 rows)
contracts: identical (2 rows)
bands: identical (1 rows)
rejects: 0 added, 0 removed, 0 changed, 1 problems (2 → no file rows)
! rejects: rejects.parquet missing in NEW
`,
		},
		{
			name:      "rejects.detail ignored for conformance",
			new:       func(t *testing.T, f fixture) { f.set(t, "rejects", "detail", 0, "other words") },
			opt:       ConformanceOptions(),
			identical: true,
		},
		{
			name: "rejects.detail compared by amcalc diff",
			new:  func(t *testing.T, f fixture) { f.set(t, "rejects", "detail", 0, "other words") },
			want: `payments: identical (3 rows)
contracts: identical (2 rows)
bands: identical (1 rows)
rejects: 0 added, 0 removed, 1 changed (2 → 2 rows)
~ rejects [input=activity file=year=2021/part-0.parquet row=2565 column=doctor_id,year problem=DUPLICATE_KEY] detail: "(doctor_id, year) appears more than once" → "other words"
`,
		},
		{
			name: "rows out of order still match by key",
			new: func(t *testing.T, f fixture) {
				f.copyRow("payments", 2, 0)
				f.dropRow("payments", 3)
			},
			identical: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			base := baseFixture(t)
			oldF, newF := base.clone(), base.clone()
			if tc.old != nil {
				tc.old(t, oldF)
			}
			if tc.new != nil {
				tc.new(t, newF)
			}
			dir := t.TempDir()
			oldDir := oldF.write(t, filepath.Join(dir, "old", "year=2024"))
			newDir := newF.write(t, filepath.Join(dir, "new", "year=2024"))
			r, err := DiffPartitions(oldDir, newDir, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			got := textReport(t, r)
			if r.Identical() != tc.identical {
				t.Errorf("Identical() = %v, want %v:\n%s", r.Identical(), tc.identical, got)
			}
			if tc.identical {
				return
			}
			// Unchanged totals and the absent manifest are the same in every case.
			var lines []string
			for _, l := range strings.SplitAfter(got, "\n") {
				if !strings.HasSuffix(l, "(unchanged)\n") && !strings.HasPrefix(l, "manifest: not compared") && l != "different\n" && l != "" {
					lines = append(lines, l)
				}
			}
			if !strings.HasSuffix(got, "\ndifferent\n") {
				t.Errorf("report does not end with \"different\":\n%s", got)
			}
			if g := strings.Join(lines, ""); g != tc.want {
				t.Errorf("report:\n%s\nwant:\n%s", g, tc.want)
			}
		})
	}
}

// TestDecimalStorage proves the decimal cases above compare what they claim to compare.
func TestDecimalStorage(t *testing.T) {
	f := baseFixture(t)
	dir := t.TempDir()
	tests := []struct {
		name   string
		change func(c *tcol)
		want   parquet.Type
	}{
		{"int64", func(c *tcol) {}, parquet.Types.Int64},
		{"int32", func(c *tcol) { c.typ = &arrow.Decimal128Type{Precision: 9, Scale: 2} }, parquet.Types.Int32},
		{"flba", func(c *tcol) { c.flba = true }, parquet.Types.FixedLenByteArray},
	}
	for _, tc := range tests {
		g := f.clone()
		tc.change(g.col(t, "payments", "payable"))
		path := filepath.Join(dir, tc.name+".parquet")
		writeParquet(t, path, g["payments"])
		if got := storage(t, path, "payable"); got != tc.want {
			t.Errorf("%s: payable stored as %s, want %s", tc.name, got, tc.want)
		}
		tbl, err := ReadTable(path)
		if err != nil {
			t.Fatal(err)
		}
		if v := tbl.Value("payable", 0); v.String() != "5400.00" {
			t.Errorf("%s: payable reads %s, want 5400.00", tc.name, v)
		}
	}
}

func TestMaxLinesAndJSON(t *testing.T) {
	base := baseFixture(t)
	newF := base.clone()
	newF.set(t, "payments", "payable", 1, 550000)
	newF.set(t, "payments", "reasons", 1, nul{})
	newF.dropRow("payments", 0)
	newF.copyRow("contracts", 1, 2)
	dir := t.TempDir()
	oldDir := base.write(t, filepath.Join(dir, "old"))
	newDir := newF.write(t, filepath.Join(dir, "new"))

	r, err := DiffPartitions(oldDir, newDir, Options{MaxLines: 2})
	if err != nil {
		t.Fatal(err)
	}
	wantText := `payments: 0 added, 1 removed, 1 changed (3 → 2 rows)
- payments [contract_id=C1 contract_year=1 kind=advance instalment=1] event_date=2024-02-01 payable=5400.00
~ payments [contract_id=C1 contract_year=1 kind=settlement] payable: 5400.00 → 5500.00
… 1 more payments lines
contracts: 0 added, 0 removed, 0 changed, 1 duplicate keys (2 → 3 rows)
! contracts duplicate key [contract_id=C2] in NEW: rows 1, 2
bands: identical (1 rows)
rejects: identical (2 rows)
total payments.payable: 10800.00 → 5500.00 (-5300.00)
total contracts.payable_total: 10800.00 (unchanged)
manifest: not compared (no _MANIFEST.json in OLD and NEW)
different
`
	if got := textReport(t, r); got != wantText {
		t.Errorf("text:\n%s\nwant:\n%s", got, wantText)
	}

	r.Old, r.New = "OLD", "NEW"
	r.maxLines = 0
	var b1, b2 bytes.Buffer
	if err := r.WriteJSON(&b1); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteJSON(&b2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Error("WriteJSON is not deterministic")
	}
	if *update {
		if err := os.WriteFile("testdata/report.json", b1.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	golden, err := os.ReadFile("testdata/report.json")
	if err != nil {
		t.Fatal(err)
	}
	if b1.String() != string(golden) {
		t.Errorf("JSON report:\n%s\nwant (testdata/report.json):\n%s", b1.String(), golden)
	}
}
