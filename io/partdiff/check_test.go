package partdiff

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
)

func TestCheckOrderAndTypes(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, f fixture)
		want   []string
	}{
		{name: "DATA.md order and types", change: func(*testing.T, fixture) {}},
		{
			name: "swapped rows",
			change: func(t *testing.T, f fixture) {
				f.copyRow("payments", 1, 0) // settlement before advance
				f.dropRow("payments", 2)
			},
			want: []string{"payments.parquet: row 1 [contract_id=C1 contract_year=1 kind=advance instalment=1] out of order: it sorts before row 0 [contract_id=C1 contract_year=1 kind=settlement] (by contract_id, contract_year, kind, instalment)"},
		},
		{
			name: "numbers in numeric order, not text order",
			change: func(t *testing.T, f fixture) {
				f.copyRow("rejects", 0, 1)
				f.set(t, "rejects", "row", 1, 10000) // 2565 < 10000 although "10000" < "2565"
			},
		},
		{
			name: "repeated key",
			change: func(t *testing.T, f fixture) {
				f.copyRow("contracts", 1, 2)
			},
			want: []string{"contracts.parquet: rows 1 and 2 repeat the key [contract_id=C2]"},
		},
		{
			name: "wrong types",
			change: func(t *testing.T, f fixture) {
				f.col(t, "payments", "contract_year").typ = arrow.PrimitiveTypes.Int64
				f.col(t, "payments", "payable").typ = &arrow.Decimal128Type{Precision: 9, Scale: 2}
				f.col(t, "contracts", "payable_total").flba = true
				f.col(t, "bands", "population").typ = arrow.PrimitiveTypes.Int32
			},
			want: []string{
				"payments.parquet: column contract_year is INT64 Int(bitWidth=64, isSigned=true), DATA.md says INT32",
				"payments.parquet: column payable is INT32 Decimal(precision=9, scale=2), DATA.md says DECIMAL(18,2) as INT64",
				"contracts.parquet: column payable_total is FIXED_LEN_BYTE_ARRAY(8) Decimal(precision=18, scale=2), DATA.md says DECIMAL(18,2) as INT64",
				"bands.parquet: column population is INT32 Int(bitWidth=32, isSigned=true), DATA.md says INT64",
			},
		},
		{
			name: "date stored as string, missing and extra columns, missing file",
			change: func(t *testing.T, f fixture) {
				c := f.col(t, "payments", "event_date")
				c.typ, c.strs, c.ints = arrow.BinaryTypes.String, []string{"2024-02-01", "2025-01-01", "2024-06-16"}, nil
				f.dropColumn("contracts", "band")
				f["bands"] = append(f["bands"], &tcol{name: "note", typ: arrow.BinaryTypes.String, strs: []string{"x"}, null: []bool{false}})
				delete(f, "rejects")
			},
			want: []string{
				"payments.parquet: column event_date is BYTE_ARRAY String, DATA.md says DATE",
				"contracts.parquet: column band is missing",
				"bands.parquet: column note is not in DATA.md",
				"rejects.parquet: missing",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := baseFixture(t)
			tc.change(t, f)
			dir := f.write(t, filepath.Join(t.TempDir(), "year=2024"))
			got, err := CheckOrderAndTypes(dir)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("problems:\n%q\nwant:\n%q", got, tc.want)
			}
		})
	}
}

func TestCheckOrderAndTypesConformance(t *testing.T) {
	got, err := CheckOrderAndTypes(conformanceY2024)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("expected conformance files: %q", got)
	}
	if _, err := CheckOrderAndTypes(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("no error for a missing partition folder")
	}
}
