package extract

import (
	"context"
	"fmt"
	"reflect"
	"testing"
)

// want is one expected reject of a one-row file (File "c.parquet", Row 0).
type want struct{ column, problem, detail string }

func readContractRows(t *testing.T, wide bool, rows ...row) ([]ContractRow, []Reject, Input) {
	t.Helper()
	p := writeFile(t, t.TempDir(), "c.parquet", writeOpts{}, specCols(ContractColumns, wide, rows...))
	got, rej, in, err := ReadContracts(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(got))+in.RejectedRows != in.Rows || in.Rows != int64(len(rows)) {
		t.Fatalf("rows %d = valid %d + rejected %d? want %d rows", in.Rows, len(got), in.RejectedRows, len(rows))
	}
	return got, rej, in
}

func readActivityRows(t *testing.T, wide bool, rows ...row) ([]ActivityRow, []Reject, Input) {
	t.Helper()
	p := writeFile(t, t.TempDir(), "a.parquet", writeOpts{}, specCols(ActivityColumns, wide, rows...))
	got, rej, in, err := ReadActivity(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(got))+in.RejectedRows != in.Rows || in.Rows != int64(len(rows)) {
		t.Fatalf("rows %d = valid %d + rejected %d? want %d rows", in.Rows, len(got), in.RejectedRows, len(rows))
	}
	return got, rej, in
}

// checkOneRow asserts the rejects of a one-row file, in rejects order, key and all.
func checkOneRow(t *testing.T, file, key string, keyNull bool, got []Reject, valid int, wants []want) {
	t.Helper()
	var exp []rej
	for _, w := range wants {
		exp = append(exp, rej{File: file, Row: 0, Key: key, KeyNull: keyNull, Column: w.column, Problem: w.problem, Detail: w.detail})
	}
	if !reflect.DeepEqual(rejs(got), exp) {
		t.Errorf("rejects:\n got %+v\nwant %+v", rejs(got), exp)
	}
	if wantValid := len(wants) == 0; (valid == 1) != wantValid {
		t.Errorf("valid rows %d, want valid=%v", valid, wantValid)
	}
}

func TestContractProblems(t *testing.T) {
	tests := []struct {
		name  string
		kv    []any // overrides of baseContract("K1")
		wants []want
	}{
		{"valid", nil, nil},
		{"NULL_REQUIRED_contract_id", []any{"contract_id", nil}, []want{{"contract_id", "NULL_REQUIRED", "contract_id is null"}}},
		{"NULL_REQUIRED_every_other_column", []any{"doctor_id", nil, "specialty", nil, "tariff_sector", nil,
			"underserved_zone", nil, "group_practice", nil, "new_installation", nil, "rqth_ald", nil, "option", nil, "signed_on", nil},
			[]want{
				{"doctor_id", "NULL_REQUIRED", "doctor_id is null"},
				{"group_practice", "NULL_REQUIRED", "group_practice is null"},
				{"new_installation", "NULL_REQUIRED", "new_installation is null"},
				{"option", "NULL_REQUIRED", "option is null"},
				{"rqth_ald", "NULL_REQUIRED", "rqth_ald is null"},
				{"signed_on", "NULL_REQUIRED", "signed_on is null"},
				{"specialty", "NULL_REQUIRED", "specialty is null"},
				{"tariff_sector", "NULL_REQUIRED", "tariff_sector is null"},
				{"underserved_zone", "NULL_REQUIRED", "underserved_zone is null"},
			}},
		{"nullable_columns_all_null", []any{"coordinated_since", nil, "hired_on", nil, "ended_on", nil, "baseline_year", nil,
			"baseline_mt_adult", nil, "baseline_mt_child", nil, "baseline_file_active", nil, "target_mt", nil,
			"target_file_active", nil, "doctor_birth_year", nil}, nil},
		{"BAD_ENUM_tariff_sector", []any{"tariff_sector", "S3"}, []want{{"tariff_sector", "BAD_ENUM", "tariff_sector = S3, expected one of S1, S2_OPTAM, S2_OPTAMCO, S2"}}},
		{"BAD_ENUM_tariff_sector_is_case_sensitive", []any{"tariff_sector", "s1"}, []want{{"tariff_sector", "BAD_ENUM", "tariff_sector = s1, expected one of S1, S2_OPTAM, S2_OPTAMCO, S2"}}},
		{"BAD_ENUM_tariff_sector_no_trimming", []any{"tariff_sector", "S1 "}, []want{{"tariff_sector", "BAD_ENUM", "tariff_sector = S1 , expected one of S1, S2_OPTAM, S2_OPTAMCO, S2"}}},
		{"tariff_sector_S2_OPTAMCO", []any{"tariff_sector", "S2_OPTAMCO"}, nil},
		{"BAD_ENUM_option_4", []any{"option", int64(4)}, []want{{"option", "BAD_ENUM", "option = 4, expected 1, 2 or 3"}}},
		{"BAD_ENUM_option_0", []any{"option", int64(0)}, []want{{"option", "BAD_ENUM", "option = 0, expected 1, 2 or 3"}}},
		{"option_3", []any{"option", int64(3)}, nil},
		{"NEGATIVE_COUNT_and_COUNT_TOO_LARGE", []any{"baseline_mt_adult", int64(-5), "target_mt", int64(100001)}, []want{
			{"baseline_mt_adult", "NEGATIVE_COUNT", "baseline_mt_adult = -5"},
			{"target_mt", "COUNT_TOO_LARGE", "target_mt = 100001 > 100000"},
		}},
		{"NEGATIVE_COUNT_each_column", []any{"baseline_mt_adult", int64(-1), "baseline_mt_child", int64(-1), "baseline_file_active", int64(-1),
			"target_mt", int64(-1), "target_file_active", int64(-1)}, []want{
			{"baseline_file_active", "NEGATIVE_COUNT", "baseline_file_active = -1"},
			{"baseline_mt_adult", "NEGATIVE_COUNT", "baseline_mt_adult = -1"},
			{"baseline_mt_child", "NEGATIVE_COUNT", "baseline_mt_child = -1"},
			{"target_file_active", "NEGATIVE_COUNT", "target_file_active = -1"},
			{"target_mt", "NEGATIVE_COUNT", "target_mt = -1"},
		}},
		{"COUNT_TOO_LARGE_100000_is_valid", []any{"baseline_mt_adult", int64(100000), "baseline_mt_child", int64(0), "baseline_file_active", int64(100000),
			"target_mt", int64(100000), "target_file_active", int64(100000)}, nil},
		{"COUNT_TOO_LARGE_each_column", []any{"baseline_mt_adult", int64(100001), "baseline_mt_child", int64(100001), "baseline_file_active", int64(150000),
			"target_mt", int64(100001), "target_file_active", int64(2000000000)}, []want{
			{"baseline_file_active", "COUNT_TOO_LARGE", "baseline_file_active = 150000 > 100000"},
			{"baseline_mt_adult", "COUNT_TOO_LARGE", "baseline_mt_adult = 100001 > 100000"},
			{"baseline_mt_child", "COUNT_TOO_LARGE", "baseline_mt_child = 100001 > 100000"},
			{"target_file_active", "COUNT_TOO_LARGE", "target_file_active = 2000000000 > 100000"},
			{"target_mt", "COUNT_TOO_LARGE", "target_mt = 100001 > 100000"},
		}},
		{"no_range_check_on_years", []any{"baseline_year", int64(-40), "doctor_birth_year", int64(3000)}, nil},
		{"DATE_OUT_OF_RANGE_hired_on_2100", []any{"hired_on", d("2100-01-05")}, []want{{"hired_on", "DATE_OUT_OF_RANGE", "hired_on = 2100-01-05 outside 2019-01-01..2099-12-31"}}},
		{"DATE_OUT_OF_RANGE_bounds_are_valid", []any{"signed_on", d("2099-12-31"), "hired_on", d("2099-12-31"), "ended_on", d("2099-12-31"), "coordinated_since", d("1970-01-01")}, nil},
		{"DATE_OUT_OF_RANGE_hired_on_2018", []any{"hired_on", d("2018-12-31")}, []want{{"hired_on", "DATE_OUT_OF_RANGE", "hired_on = 2018-12-31 outside 2019-01-01..2099-12-31"}}},
		{"DATE_OUT_OF_RANGE_ended_on_2100", []any{"ended_on", d("2100-01-01")}, []want{{"ended_on", "DATE_OUT_OF_RANGE", "ended_on = 2100-01-01 outside 2019-01-01..2099-12-31"}}},
		{"DATE_OUT_OF_RANGE_signed_on_2100", []any{"signed_on", d("2100-01-01"), "hired_on", nil}, []want{{"signed_on", "DATE_OUT_OF_RANGE", "signed_on = 2100-01-01 outside 2019-01-01..2099-12-31"}}},
		{"DATE_OUT_OF_RANGE_coordinated_since_1969", []any{"coordinated_since", d("1969-12-31")}, []want{{"coordinated_since", "DATE_OUT_OF_RANGE", "coordinated_since = 1969-12-31 outside 1970-01-01..2099-12-31"}}},
		{"DATE_OUT_OF_RANGE_coordinated_since_2100", []any{"coordinated_since", d("2100-01-01")}, []want{{"coordinated_since", "DATE_OUT_OF_RANGE", "coordinated_since = 2100-01-01 outside 1970-01-01..2099-12-31"}}},
		{"coordinated_since_2000_is_valid", []any{"coordinated_since", d("2000-06-01")}, nil},
		{"ENDS_BEFORE_START_hired_after_signed", []any{"signed_on", d("2021-03-01"), "hired_on", d("2021-03-10"), "ended_on", d("2021-03-05")},
			[]want{{"ended_on", "ENDS_BEFORE_START", "ended_on 2021-03-05 < start 2021-03-10"}}},
		{"ENDS_BEFORE_START_signed_after_hired", []any{"signed_on", d("2021-03-10"), "hired_on", d("2021-03-01"), "ended_on", d("2021-03-05")},
			[]want{{"ended_on", "ENDS_BEFORE_START", "ended_on 2021-03-05 < start 2021-03-10"}}},
		{"ENDS_BEFORE_START_no_hire", []any{"signed_on", d("2021-05-03"), "hired_on", nil, "ended_on", d("2021-05-02")},
			[]want{{"ended_on", "ENDS_BEFORE_START", "ended_on 2021-05-02 < signed_on 2021-05-03"}}},
		{"ENDS_BEFORE_START_ending_on_start_is_valid", []any{"signed_on", d("2021-03-01"), "hired_on", d("2021-03-10"), "ended_on", d("2021-03-10")}, nil},
		{"ENDS_BEFORE_START_skipped_when_signed_on_null", []any{"signed_on", nil, "hired_on", d("2021-03-10"), "ended_on", d("2021-03-05")},
			[]want{{"signed_on", "NULL_REQUIRED", "signed_on is null"}}},
		{"ENDS_BEFORE_START_with_out_of_range_end", []any{"ended_on", d("2018-01-01")}, []want{
			{"ended_on", "DATE_OUT_OF_RANGE", "ended_on = 2018-01-01 outside 2019-01-01..2099-12-31"},
			{"ended_on", "ENDS_BEFORE_START", "ended_on 2018-01-01 < start 2021-04-01"},
		}},
		{"SIGNED_BEFORE_SCHEME_2019_08_20", []any{"signed_on", d("2019-08-20"), "hired_on", nil}, []want{{"signed_on", "SIGNED_BEFORE_SCHEME", "signed_on 2019-08-20 < 2019-08-21"}}},
		{"SIGNED_BEFORE_SCHEME_2019_08_21_is_valid", []any{"signed_on", d("2019-08-21"), "hired_on", nil}, nil},
		{"SIGNED_BEFORE_SCHEME_2018_gets_both_codes", []any{"signed_on", d("2018-12-31")}, []want{
			{"signed_on", "DATE_OUT_OF_RANGE", "signed_on = 2018-12-31 outside 2019-01-01..2099-12-31"},
			{"signed_on", "SIGNED_BEFORE_SCHEME", "signed_on 2018-12-31 < 2019-08-21"},
		}},
		{"every_check_independent", []any{"contract_id", nil, "option", int64(9), "tariff_sector", "X", "target_mt", int64(-2),
			"hired_on", d("2100-02-01"), "ended_on", d("2021-01-01")}, []want{
			{"contract_id", "NULL_REQUIRED", "contract_id is null"},
			{"ended_on", "ENDS_BEFORE_START", "ended_on 2021-01-01 < start 2100-02-01"},
			{"hired_on", "DATE_OUT_OF_RANGE", "hired_on = 2100-02-01 outside 2019-01-01..2099-12-31"},
			{"option", "BAD_ENUM", "option = 9, expected 1, 2 or 3"},
			{"target_mt", "NEGATIVE_COUNT", "target_mt = -2"},
			{"tariff_sector", "BAD_ENUM", "tariff_sector = X, expected one of S1, S2_OPTAM, S2_OPTAMCO, S2"},
		}},
	}
	for _, wide := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/int%d", tt.name, map[bool]int{false: 32, true: 64}[wide]), func(t *testing.T) {
				r := with(baseContract("K1"), tt.kv...)
				got, rej, _ := readContractRows(t, wide, r)
				key, keyNull := "K1", r["contract_id"] == nil
				if keyNull {
					key = ""
				}
				checkOneRow(t, "c.parquet", key, keyNull, rej, len(got), tt.wants)
			})
		}
	}
}

func TestContractValues(t *testing.T) {
	for _, wide := range []bool{false, true} {
		r := with(baseContract("K1"), "tariff_sector", "S2_OPTAM", "option", int64(3), "ended_on", d("2023-01-31"),
			"target_mt", int64(100000), "baseline_mt_adult", nil)
		got, rej, _ := readContractRows(t, wide, r)
		if len(rej) != 0 || len(got) != 1 {
			t.Fatalf("int%v: rejects %+v", wide, rej)
		}
		c := got[0]
		if c.ContractID != "K1" || c.DoctorID != "10000000001" || c.Specialty != "01" || c.TariffSector != "S2_OPTAM" ||
			!c.UnderservedZone || c.GroupPractice || c.CoordinatedSince.V != d("2020-02-01") || !c.CoordinatedSince.Valid ||
			c.NewInstallation || c.RqthAld || c.Option != 3 || c.SignedOn != d("2021-03-01") || c.HiredOn.V != d("2021-04-01") ||
			!c.EndedOn.Valid || c.EndedOn.V != d("2023-01-31") || c.BaselineYear.V != 2020 || c.BaselineMTAdult.Valid ||
			c.BaselineMTChild.V != 100 || c.BaselineFA.V != 1500 || !c.TargetMT.Valid || c.TargetMT.V != 100000 ||
			c.TargetFA.Valid || c.DoctorBirthYear.V != 1970 || c.File != "c.parquet" || c.Row != 0 {
			t.Errorf("int%v: %+v", wide, c)
		}
	}
}

func TestActivityProblems(t *testing.T) {
	tests := []struct {
		name  string
		kv    []any // overrides of baseActivity("99000000001", 2021)
		key   string
		wants []want
	}{
		{"valid", nil, "99000000001|2021", nil},
		{"NULL_REQUIRED_doctor_id", []any{"doctor_id", nil}, "|2021", []want{{"doctor_id", "NULL_REQUIRED", "doctor_id is null"}}},
		{"NULL_REQUIRED_year", []any{"year", nil}, "99000000001|", []want{{"year", "NULL_REQUIRED", "year is null"}}},
		{"NULL_REQUIRED_both_key_parts", []any{"year", nil, "doctor_id", nil}, "|", []want{
			{"doctor_id", "NULL_REQUIRED", "doctor_id is null"}, {"year", "NULL_REQUIRED", "year is null"}}},
		{"NULL_REQUIRED_specialty", []any{"specialty", nil}, "99000000001|2021", []want{{"specialty", "NULL_REQUIRED", "specialty is null"}}},
		{"NULL_REQUIRED_file_active", []any{"file_active", nil}, "99000000001|2021", []want{{"file_active", "NULL_REQUIRED", "file_active is null"}}},
		{"NULL_REQUIRED_fs_volet1", []any{"fs_volet1", nil}, "99000000001|2021", []want{{"fs_volet1", "NULL_REQUIRED", "fs_volet1 is null"}}},
		{"mt_columns_nullable", []any{"mt_adult", nil, "mt_child", nil}, "99000000001|2021", nil},
		{"NEGATIVE_COUNT_mt_adult", []any{"mt_adult", int64(-1)}, "99000000001|2021", []want{{"mt_adult", "NEGATIVE_COUNT", "mt_adult = -1"}}},
		{"NEGATIVE_COUNT_mt_child", []any{"mt_child", int64(-3)}, "99000000001|2021", []want{{"mt_child", "NEGATIVE_COUNT", "mt_child = -3"}}},
		{"NEGATIVE_COUNT_file_active", []any{"file_active", int64(-10)}, "99000000001|2021", []want{{"file_active", "NEGATIVE_COUNT", "file_active = -10"}}},
		{"COUNT_TOO_LARGE_mt_adult", []any{"mt_adult", int64(100001)}, "99000000001|2021", []want{{"mt_adult", "COUNT_TOO_LARGE", "mt_adult = 100001 > 100000"}}},
		{"COUNT_TOO_LARGE_mt_child", []any{"mt_child", int64(100001)}, "99000000001|2021", []want{{"mt_child", "COUNT_TOO_LARGE", "mt_child = 100001 > 100000"}}},
		{"COUNT_TOO_LARGE_file_active", []any{"file_active", int64(250000)}, "99000000001|2021", []want{{"file_active", "COUNT_TOO_LARGE", "file_active = 250000 > 100000"}}},
		{"COUNT_TOO_LARGE_100000_is_valid", []any{"mt_adult", int64(100000), "mt_child", int64(100000), "file_active", int64(100000)}, "99000000001|2021", nil},
		{"zero_counts_valid", []any{"mt_adult", int64(0), "mt_child", int64(0), "file_active", int64(0)}, "99000000001|2021", nil},
		{"no_range_check_on_year", []any{"year", int64(1500)}, "99000000001|1500", nil},
		{"every_check_independent", []any{"specialty", nil, "mt_adult", int64(-1), "mt_child", int64(100001), "file_active", nil}, "99000000001|2021", []want{
			{"file_active", "NULL_REQUIRED", "file_active is null"},
			{"mt_adult", "NEGATIVE_COUNT", "mt_adult = -1"},
			{"mt_child", "COUNT_TOO_LARGE", "mt_child = 100001 > 100000"},
			{"specialty", "NULL_REQUIRED", "specialty is null"},
		}},
	}
	for _, wide := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/int%d", tt.name, map[bool]int{false: 32, true: 64}[wide]), func(t *testing.T) {
				got, rej, _ := readActivityRows(t, wide, with(baseActivity("99000000001", 2021), tt.kv...))
				checkOneRow(t, "a.parquet", tt.key, false, rej, len(got), tt.wants)
				if len(tt.wants) == 0 {
					a := got[0].Activity
					r := with(baseActivity("99000000001", 2021), tt.kv...)
					if a.DoctorID != r["doctor_id"] || int64(a.Year) != r["year"] || a.Specialty != r["specialty"] ||
						a.FileActive != r["file_active"] || a.FSVolet1 != r["fs_volet1"] ||
						a.MTAdult.Valid != (r["mt_adult"] != nil) || a.MTAdult.Valid && a.MTAdult.V != r["mt_adult"] ||
						a.MTChild.Valid != (r["mt_child"] != nil) || a.MTChild.Valid && a.MTChild.V != r["mt_child"] {
						t.Errorf("row %+v from %v", a, r)
					}
				}
			})
		}
	}
}

func TestDuplicateKey(t *testing.T) {
	t.Run("contracts", func(t *testing.T) {
		rows := []row{
			baseContract("A"),
			baseContract("DUP"),
			with(baseContract("DUP"), "option", int64(7)), // bad for another reason: still counted
			baseContract("B"),
			baseContract("DUP"),
			with(baseContract("x"), "contract_id", nil), // null ids are never duplicates
			with(baseContract("x"), "contract_id", nil),
		}
		got, rjs, in := readContractRows(t, true, rows...)
		dup := "contract_id DUP appears more than once"
		exp := []rej{
			{"c.parquet", 1, "DUP", false, "contract_id", "DUPLICATE_KEY", dup},
			{"c.parquet", 2, "DUP", false, "contract_id", "DUPLICATE_KEY", dup},
			{"c.parquet", 2, "DUP", false, "option", "BAD_ENUM", "option = 7, expected 1, 2 or 3"},
			{"c.parquet", 4, "DUP", false, "contract_id", "DUPLICATE_KEY", dup},
			{"c.parquet", 5, "", true, "contract_id", "NULL_REQUIRED", "contract_id is null"},
			{"c.parquet", 6, "", true, "contract_id", "NULL_REQUIRED", "contract_id is null"},
		}
		if !reflect.DeepEqual(rejs(rjs), exp) {
			t.Errorf("rejects:\n got %+v\nwant %+v", rejs(rjs), exp)
		}
		if in.RejectedRows != 5 || len(got) != 2 || got[0].ContractID != "A" || got[1].ContractID != "B" || got[1].Row != 3 {
			t.Errorf("rejected %d, valid %+v", in.RejectedRows, got)
		}
	})
	t.Run("activity_across_files", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, dir, "year=2021/part-0.parquet", writeOpts{}, specCols(ActivityColumns, false,
			baseActivity("1", 2021),
			baseActivity("2", 2021),
			with(baseActivity("3", 2021), "doctor_id", nil),
			with(baseActivity("4", 2021), "year", nil),
			with(baseActivity("5", 2021), "mt_adult", int64(-1)),
		))
		writeFile(t, dir, "year=2022/part-0.parquet", writeOpts{}, specCols(ActivityColumns, true,
			baseActivity("1", 2022),
			baseActivity("2", 2021), // under another year's folder: the year column decides
			with(baseActivity("9", 2021), "doctor_id", nil),
			with(baseActivity("4", 2021), "year", nil),
			baseActivity("5", 2021),
			baseActivity("5", 2021),
		))
		got, rjs, in, err := ReadActivity(context.Background(), dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		dup := "(doctor_id, year) appears more than once"
		f1, f2 := "year=2021/part-0.parquet", "year=2022/part-0.parquet"
		exp := []rej{
			{f1, 1, "2|2021", false, "doctor_id,year", "DUPLICATE_KEY", dup},
			{f1, 2, "|2021", false, "doctor_id", "NULL_REQUIRED", "doctor_id is null"},
			{f1, 3, "4|", false, "year", "NULL_REQUIRED", "year is null"},
			{f1, 4, "5|2021", false, "doctor_id,year", "DUPLICATE_KEY", dup},
			{f1, 4, "5|2021", false, "mt_adult", "NEGATIVE_COUNT", "mt_adult = -1"},
			{f2, 1, "2|2021", false, "doctor_id,year", "DUPLICATE_KEY", dup},
			{f2, 2, "|2021", false, "doctor_id", "NULL_REQUIRED", "doctor_id is null"},
			{f2, 3, "4|", false, "year", "NULL_REQUIRED", "year is null"},
			{f2, 4, "5|2021", false, "doctor_id,year", "DUPLICATE_KEY", dup},
			{f2, 5, "5|2021", false, "doctor_id,year", "DUPLICATE_KEY", dup},
		}
		if !reflect.DeepEqual(rejs(rjs), exp) {
			t.Errorf("rejects:\n got %+v\nwant %+v", rejs(rjs), exp)
		}
		if in.Rows != 11 || in.RejectedRows != 9 || len(got) != 2 ||
			got[0].DoctorID != "1" || got[0].File != f1 || got[1].DoctorID != "1" || got[1].Year != 2022 || got[1].File != f2 {
			t.Errorf("rows %d rejected %d valid %+v", in.Rows, in.RejectedRows, got)
		}
	})
}

// TestActivityKeys proves keys are exact: leading zeros, non-digit ids, long ids and
// years outside the packed range each stay distinct, and decode back to themselves.
func TestActivityKeys(t *testing.T) {
	tab := &ActivityTable{aux: &activityAux{}}
	keys := []struct {
		id   string
		year int64
	}{{"123", 2021}, {"0123", 2021}, {"00123", 2021}, {"123", 2022}, {"12345678901234", 2021},
		{"123456789012345", 2021}, {"A123", 2021}, {"", 2021}, {"123", -1}, {"123", 4096}, {"123", 4095}, {"123", 0},
		{"123", 2021 + 1<<32}, {"123", 1<<31 - 1}, {"123", -1 << 31}, {"123", -1<<31 - 1}, {"123", 1 << 62}}
	seen := map[uint64]int{}
	for i, k := range keys {
		key, ok := numericKey(k.id, k.year)
		if !ok {
			key = tab.aux.fb.key(k.id, k.year)
		}
		if j, dup := seen[key]; dup {
			t.Errorf("%v and %v share key %x", keys[j], k, key)
		}
		seen[key] = i
		tab.rows = append(tab.rows, packedActivity{key: key})
		tab.spec = append(tab.spec, 0)
		if got := tab.doctorID(key); got != k.id {
			t.Errorf("%v: doctor_id decodes to %q", k, got)
		}
		if got := tab.Year64(i); got != k.year {
			t.Errorf("%v: year decodes to %d", k, got)
		}
		if want := yearOf(k.year); tab.Year(i) != want || (want != NoYear && int64(want) != k.year) {
			t.Errorf("%v: Year %d, want %d", k, tab.Year(i), want)
		}
		if again, ok := tab.Key(k.id, k.year); !ok || again != key {
			t.Errorf("%v: Key = %x, %v; want %x", k, again, ok, key)
		}
	}
	if _, ok := tab.Key("B999", 2021); ok {
		t.Error("Key of an unseen non-numeric id should not exist")
	}
}

// TestRowGroupsAndBatches proves row numbers run across row groups and batches.
func TestRowGroupsAndBatches(t *testing.T) {
	var rows []row
	for i := range 100 {
		r := baseActivity(fmt.Sprintf("D%03d", i), 2020)
		if i%17 == 5 {
			r["file_active"] = int64(-i)
		}
		rows = append(rows, r)
	}
	p := writeFile(t, t.TempDir(), "a.parquet", writeOpts{rowGroup: 13}, specCols(ActivityColumns, false, rows...))
	for _, bs := range []int64{1, 7, 64, 0} {
		got, rej, in, err := ReadActivity(context.Background(), p, Options{BatchSize: bs})
		if err != nil {
			t.Fatal(err)
		}
		var bad []int64
		for _, r := range rej {
			bad = append(bad, r.Row)
			if r.Key != fmt.Sprintf("D%03d|2020", r.Row) {
				t.Errorf("batch %d: row %d has key %s", bs, r.Row, r.Key)
			}
		}
		if want := []int64{5, 22, 39, 56, 73, 90}; !reflect.DeepEqual(bad, want) {
			t.Errorf("batch %d: bad rows %v, want %v", bs, bad, want)
		}
		for _, g := range got {
			if g.DoctorID != fmt.Sprintf("D%03d", g.Row) {
				t.Fatalf("batch %d: row %d is %s", bs, g.Row, g.DoctorID)
			}
		}
		if in.Rows != 100 || len(got) != 94 {
			t.Errorf("batch %d: rows %d valid %d", bs, in.Rows, len(got))
		}
	}
}

// TestDuplicateGroups: settling the duplicate pass in several groups (as a national input
// does) finds exactly what one group finds.
func TestDuplicateGroups(t *testing.T) {
	_, want, _, err := ReadActivityTable(context.Background(), confActivity, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func(n int) { dupGroupRows = n }(dupGroupRows)
	dupGroupRows = 1000 // 21 groups capped at 8
	_, got, _, err := ReadActivityTable(context.Background(), confActivity, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rejects with 8 groups differ from one group's:\n got %v\nwant %v", got, want)
	}
	dups := 0
	for _, r := range got {
		if r.Problem == ProblemDuplicateKey {
			dups++
		}
	}
	if dups != 4 {
		t.Errorf("%d DUPLICATE_KEY rejects, want the conformance set's 4", dups)
	}
}
