package extract

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/amcalc/amcalc/calc"
)

// external is the folder of files written by other tools (scripts/mkexternal).
var external = filepath.Join("..", "..", "fixtures", "external")

// TestExternalWriters reads inputs written by the tools users export with: DuckDB
// (TINYINT, SMALLINT, INTEGER, BIGINT columns) and polars (Int16): signed integer
// annotations of any width are integers, an unsigned one is a wrong type (DATA.md
// "Inputs", issue 9 item 7).
func TestExternalWriters(t *testing.T) {
	ctx := context.Background()
	t.Run("duckdb_contracts", func(t *testing.T) {
		rows, rejects, in, err := ReadContracts(ctx, filepath.Join(external, "duckdb_contracts.parquet"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := []calc.Contract{{
			ContractID: "K1", DoctorID: "19000000001", Specialty: "01", TariffSector: "S1", UnderservedZone: true,
			GroupPractice: true, CoordinatedSince: calc.SomeDate(d("2019-01-01")), Option: 2, SignedOn: d("2019-10-15"),
			HiredOn: calc.SomeDate(d("2019-10-15")), BaselineMTAdult: calc.Some(800), BaselineMTChild: calc.Some(100),
			BaselineFA: calc.Some(1500), DoctorBirthYear: calc.Some(1970), Fees12mTotal: calc.Some(12000000), Fees12mCCAM: calc.Some(2400000),
		}, {
			ContractID: "K2", DoctorID: "19000000002", Specialty: "04", TariffSector: "S2_OPTAM", GroupPractice: true,
			NewInstallation: true, Option: 3, SignedOn: d("2024-07-01"), HiredOn: calc.SomeDate(d("2024-08-01")),
			BaselineYear: calc.Some(2023), BaselineFA: calc.Some(1800), TargetFA: calc.Some(2000), DoctorBirthYear: calc.Some(1975),
		}}
		var got []calc.Contract
		for _, r := range rows {
			got = append(got, r.Contract)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("rows:\n got %+v\nwant %+v", got, want)
		}
		wantRej := []rej{
			{"duckdb_contracts.parquet", 2, "K3", false, "option", "BAD_ENUM", "option = 4, expected 1, 2 or 3"},
			{"duckdb_contracts.parquet", 3, "K4", false, "fees_12m_ccam", "FEES_INCONSISTENT", "fees_12m_ccam 1000001 > fees_12m_total 1000000"},
		}
		if !reflect.DeepEqual(rejs(rejects), wantRej) || in.Rows != 4 {
			t.Errorf("rejects %+v, rows %d", rejs(rejects), in.Rows)
		}
	})
	t.Run("duckdb_option_utinyint", func(t *testing.T) {
		_, _, _, err := ReadContracts(ctx, filepath.Join(external, "duckdb_option_utinyint.parquet"), Options{})
		var fe *FileError
		if !errors.Is(err, ErrBadSchema) || !errors.As(err, &fe) || fe.Column != "option" || fe.Found != "INT32 (Int(8, unsigned))" {
			t.Errorf("error %v", err)
		}
	})
	t.Run("duckdb_activity", func(t *testing.T) {
		rows, rejects, _, err := ReadActivity(ctx, filepath.Join(external, "duckdb_activity.parquet"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got []calc.Activity
		for _, r := range rows {
			got = append(got, r.Activity)
		}
		want := []calc.Activity{
			{DoctorID: "19000000001", Year: 2018, Specialty: "01", MTAdult: calc.Some(800), MTChild: calc.Some(100), FileActive: 1500, FSVolet1: true},
			{DoctorID: "19000000001", Year: 2019, Specialty: "01", MTAdult: calc.Some(820), FileActive: 1530},
			{DoctorID: "19000000002", Year: 2023, Specialty: "04", FileActive: 1800, FSVolet1: true},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("rows:\n got %+v\nwant %+v", got, want)
		}
		if want := []rej{{"duckdb_activity.parquet", 3, "19000000003|2021", false, "mt_adult", "NEGATIVE_COUNT", "mt_adult = -3"}}; !reflect.DeepEqual(rejs(rejects), want) {
			t.Errorf("rejects %+v", rejs(rejects))
		}
	})
	t.Run("duckdb_suspensions", func(t *testing.T) {
		rows, rej, _, err := ReadSuspensions(ctx, filepath.Join(external, "duckdb_suspensions.parquet"), Options{}, func(id string) bool { return id != "K9" })
		if err != nil {
			t.Fatal(err)
		}
		want := []SuspensionRow{
			{"K1", calc.Suspension{From: d("2020-03-01"), Until: calc.SomeDate(d("2020-03-31"))}, "duckdb_suspensions.parquet", 0},
			{"K2", calc.Suspension{From: d("2025-01-01")}, "duckdb_suspensions.parquet", 1},
		}
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("rows %+v", rows)
		}
		if len(rej) != 2 || rej[0].Problem != ProblemUnknownContract || rej[1].Problem != ProblemEndsBeforeStart {
			t.Errorf("rejects %+v", rej)
		}
	})
	t.Run("polars_activity", func(t *testing.T) {
		p := filepath.Join(external, "polars_activity.parquet")
		if _, err := os.Stat(p); err != nil {
			t.Skip("no polars file (nodejs-polars did not install where it was made)")
		}
		rows, rej, _, err := ReadActivity(ctx, p, Options{})
		if err != nil || len(rej) != 0 || len(rows) != 2 {
			t.Fatalf("rows %+v rejects %v error %v", rows, rej, err)
		}
		want := calc.Activity{DoctorID: "19000000001", Year: 2019, Specialty: "01", MTChild: calc.Some(90), FileActive: 1530}
		if rows[0].Year != 2018 || rows[0].MTAdult != calc.Some(800) || !reflect.DeepEqual(rows[1].Activity, want) {
			t.Errorf("rows %+v", rows)
		}
	})
}
