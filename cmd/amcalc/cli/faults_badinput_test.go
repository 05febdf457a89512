package cli

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/amcalc/amcalc/io/extract"
	"github.com/amcalc/amcalc/io/publish"
	"github.com/amcalc/amcalc/pipeline/pipelinetest"
)

// TestFaultsBadFile: every bad file of fixtures/bad stops the run with exit 1 and a
// message naming the file (and, for a schema error, the column and the type found);
// nothing is published: a previous partition stays byte for byte, and an empty output
// folder gets no year= folder. The other input is the checked-in fixture.
//
// The cause is asserted where it is typed: the same file read by io/extract gives a
// *extract.FileError naming the input, the file and the column, whose cause errors.Is
// finds (ErrNotParquet, ErrCorruptFooter, ErrBadSchema, ErrNoParquet, fs.ErrNotExist).
// Of the process's message the test requires only those facts and a short stable part
// (the found type), not the wording around them.
func TestFaultsBadFile(t *testing.T) {
	bad := func(name string) string { return filepath.Join(faultBad, name) }
	// An activity folder that is the fixtures plus one bad file: every file is read
	// and validated whole, so the good ones do not save it.
	mixed := filepath.Join(t.TempDir(), "activity")
	pipelinetest.CopyTree(t, faultActivity, mixed, func(n string) bool { return n == publish.LockFile })
	truncated, err := os.ReadFile(bad("truncated.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	mixedBad := filepath.Join(mixed, "year=2026", "part-0.parquet")
	if err := os.MkdirAll(filepath.Dir(mixedBad), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mixedBad, truncated, 0o644); err != nil {
		t.Fatal(err)
	}
	noParquet := t.TempDir()
	if err := os.WriteFile(filepath.Join(noParquet, "activity.csv"), []byte("doctor_id\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name                string
		contracts, activity string
		cause               []error // what errors.Is finds in the library's error
		column              string  // the column at fault ("" for a whole file)
		found               string  // a short stable part of the message: the type found
		file                string  // the path the message must name (default: the bad input)
	}{
		{name: "not_parquet", contracts: bad("not_parquet.parquet"), cause: []error{extract.ErrNotParquet}},
		{name: "not_parquet_as_activity", activity: bad("not_parquet.parquet"), cause: []error{extract.ErrNotParquet}},
		{name: "truncated_footer", contracts: bad("truncated.parquet"), cause: []error{extract.ErrNotParquet}},
		// A one-byte corruption of the footer (found by pipeline.FuzzParquetBytes) that
		// makes the Parquet library panic: still exit 1 naming the file, never exit 2.
		{name: "corrupt_footer", contracts: bad("corrupt_footer.parquet"), cause: []error{extract.ErrCorruptFooter, extract.ErrNotParquet}},
		{name: "corrupt_footer_as_activity", activity: bad("corrupt_footer.parquet"), cause: []error{extract.ErrCorruptFooter, extract.ErrNotParquet}},
		{name: "negative_row_count", contracts: bad("negative_rows.parquet"), cause: []error{extract.ErrCorruptFooter, extract.ErrNotParquet}},
		{name: "empty_file", contracts: bad("empty.parquet"), cause: []error{extract.ErrNotParquet}},
		{name: "empty_file_as_activity", activity: bad("empty.parquet"), cause: []error{extract.ErrNotParquet}},
		{name: "truncated_file_in_activity_folder", activity: mixed, file: mixedBad, cause: []error{extract.ErrNotParquet}},
		{name: "missing_option", contracts: bad("contracts_missing_option.parquet"),
			cause: []error{extract.ErrBadSchema}, column: "option", found: "found missing"},
		{name: "missing_nullable_hired_on", contracts: bad("contracts_missing_hired_on.parquet"),
			cause: []error{extract.ErrBadSchema}, column: "hired_on", found: "found missing"},
		{name: "missing_file_active", activity: bad("activity_missing_file_active.parquet"),
			cause: []error{extract.ErrBadSchema}, column: "file_active", found: "found missing"},
		{name: "option_as_string", contracts: bad("contracts_option_string.parquet"),
			cause: []error{extract.ErrBadSchema}, column: "option", found: "found BYTE_ARRAY (String)"},
		{name: "signed_on_as_timestamp", contracts: bad("contracts_signed_on_timestamp.parquet"),
			cause: []error{extract.ErrBadSchema}, column: "signed_on", found: "found INT64 (Timestamp("},
		{name: "contracts_as_activity", activity: faultContracts,
			cause: []error{extract.ErrBadSchema}, column: "year", found: "found missing"},
		{name: "missing_path", contracts: filepath.Join(noParquet, "nope.parquet"), cause: []error{fs.ErrNotExist}},
		{name: "folder_without_parquet", activity: noParquet, file: noParquet, cause: []error{extract.ErrNoParquet}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			contracts, activity := c.contracts, c.activity
			input, named := "contracts", c.file
			if contracts == "" {
				contracts, input = faultContracts, "activity"
			}
			if activity == "" {
				activity = faultActivity
			}
			if named == "" {
				named = map[string]string{"contracts": contracts, "activity": activity}[input]
			}

			// The library: a FileError on that input, file and column, with its causes.
			var err error
			if input == "contracts" {
				_, _, _, err = extract.ReadContracts(context.Background(), contracts, extract.Options{})
			} else {
				_, _, _, err = extract.ReadActivity(context.Background(), activity, extract.Options{})
			}
			var fe *extract.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("read %s: %v (%T), want a *extract.FileError", input, err, err)
			}
			if fe.Input != input || fe.File != named || fe.Column != c.column {
				t.Errorf("FileError input %q file %q column %q, want %q %q %q", fe.Input, fe.File, fe.Column, input, named, c.column)
			}
			for _, cause := range c.cause {
				if !errors.Is(err, cause) {
					t.Errorf("read %s: %v: errors.Is(err, %q) is false", input, err, cause)
				}
			}

			// The process: exit 1, the message names the input, the file and the column.
			want := []string{input, named, c.found}
			if c.column != "" {
				want = append(want, "column "+c.column)
			}
			for _, previous := range []bool{true, false} {
				out := filepath.Join(t.TempDir(), "out")
				if previous {
					out = faultPrevious(t)
				}
				before := faultStateOf(t, out)
				r := faultMain(t, faultRunArgs(contracts, activity, out)...)
				if r.code != ExitFailed {
					t.Fatalf("exit %d, want %d\n%s", r.code, ExitFailed, r.stderr)
				}
				msg := r.errorMessage()
				for _, part := range want {
					if !strings.Contains(msg, part) {
						t.Errorf("message %q does not contain %q", msg, part)
					}
				}
				if r.stdout != "" {
					t.Errorf("stdout %q: a failed run prints nothing", r.stdout)
				}
				faultNothingPublished(t, out, before)
				if !previous {
					if _, err := os.Stat(filepath.Join(out, "year=2024")); !os.IsNotExist(err) {
						t.Errorf("year=2024 exists after a failed first run: %v", err)
					}
				}
			}
		})
	}
}

// TestFaultsZeroRows: a file with zero rows is a valid input; the run publishes, and an
// input of zero rows never exceeds the reject ratio (--max-reject-ratio 0).
func TestFaultsZeroRows(t *testing.T) {
	zc := filepath.Join(faultBad, "contracts_zero_rows.parquet")
	za := filepath.Join(faultBad, "activity_zero_rows.parquet")
	cases := []struct {
		name                string
		contracts, activity string
		extra               []string
		contractRows        int64
	}{
		{"zero_contracts", zc, faultActivity, nil, 0},
		{"zero_activity", faultContracts, za, nil, 202},
		{"both_zero_ratio_0", zc, za, []string{"--max-reject-ratio", "0"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			r := faultMain(t, faultRunArgs(c.contracts, c.activity, out, c.extra...)...)
			if r.code != ExitOK {
				t.Fatalf("exit %d\n%s", r.code, r.stderr)
			}
			m := faultReadPartition(t, filepath.Join(out, "year=2024"))
			if m.Inputs[0].Name != "contracts" || m.Inputs[0].Rows != c.contractRows {
				t.Errorf("manifest inputs %+v", m.Inputs)
			}
			if l := pipelinetest.Leftovers(t, out); len(l) != 0 {
				t.Errorf("left behind: %v", l)
			}
		})
	}
}

// faultReject is one row of rejects.parquet: input, file, row, key, column, problem.
type faultReject [6]string

// TestFaultsBadRows: every row problem of DATA.md, and every required column null, gives
// exactly the documented rejects (read back from the published rejects.parquet, in its
// order); the valid rows reach the ledger, and the manifest counts both.
func TestFaultsBadRows(t *testing.T) {
	const null = "<null>"
	cp, ap, cn, an := "contracts_problems.parquet", "activity_problems.parquet", "contracts_nulls.parquet", "activity_nulls.parquet"
	cases := []struct {
		name, file, input string
		rows, rejected    int64
		valid             []string // contract ids in the ledger (contracts files)
		want              []faultReject
	}{
		{name: "contracts_every_problem", file: cp, input: "contracts", rows: 20, rejected: 17,
			valid: []string{"X06", "X13", "X19"},
			want: []faultReject{
				{"contracts", cp, "0", "X00", "doctor_id", "NULL_REQUIRED"},
				{"contracts", cp, "1", "X01", "tariff_sector", "BAD_ENUM"},
				{"contracts", cp, "2", "X02", "option", "BAD_ENUM"},
				{"contracts", cp, "3", "X03", "option", "BAD_ENUM"},
				{"contracts", cp, "4", "X04", "baseline_mt_adult", "NEGATIVE_COUNT"},
				{"contracts", cp, "5", "X05", "target_file_active", "COUNT_TOO_LARGE"},
				{"contracts", cp, "7", "X07", "hired_on", "DATE_OUT_OF_RANGE"},
				{"contracts", cp, "8", "X08", "coordinated_since", "DATE_OUT_OF_RANGE"},
				{"contracts", cp, "9", "X09", "signed_on", "DATE_OUT_OF_RANGE"},
				{"contracts", cp, "9", "X09", "signed_on", "SIGNED_BEFORE_SCHEME"},
				{"contracts", cp, "10", "X10", "signed_on", "SIGNED_BEFORE_SCHEME"},
				{"contracts", cp, "11", "X11", "ended_on", "ENDS_BEFORE_START"},
				{"contracts", cp, "12", "X12", "ended_on", "ENDS_BEFORE_START"},
				{"contracts", cp, "14", "X14", "contract_id", "DUPLICATE_KEY"},
				{"contracts", cp, "15", "X14", "contract_id", "DUPLICATE_KEY"},
				{"contracts", cp, "15", "X14", "option", "BAD_ENUM"},
				{"contracts", cp, "16", null, "contract_id", "NULL_REQUIRED"},
				{"contracts", cp, "17", null, "contract_id", "NULL_REQUIRED"},
				{"contracts", cp, "18", "X18", "signed_on", "NULL_REQUIRED"},
			}},
		{name: "activity_every_problem", file: ap, input: "activity", rows: 12, rejected: 9,
			want: []faultReject{
				{"activity", ap, "0", "98000000100|2023", "fs_volet1", "NULL_REQUIRED"},
				{"activity", ap, "1", "98000000101|2023", "mt_adult", "NEGATIVE_COUNT"},
				{"activity", ap, "2", "98000000102|2023", "mt_child", "COUNT_TOO_LARGE"},
				{"activity", ap, "3", "98000000103|2023", "file_active", "NEGATIVE_COUNT"},
				{"activity", ap, "3", "98000000103|2023", "mt_adult", "COUNT_TOO_LARGE"},
				{"activity", ap, "5", "98000000105|2023", "doctor_id,year", "DUPLICATE_KEY"},
				{"activity", ap, "6", "98000000105|2023", "doctor_id,year", "DUPLICATE_KEY"},
				{"activity", ap, "6", "98000000105|2023", "file_active", "NEGATIVE_COUNT"},
				{"activity", ap, "8", "|2023", "doctor_id", "NULL_REQUIRED"},
				{"activity", ap, "9", "|2023", "doctor_id", "NULL_REQUIRED"},
				{"activity", ap, "10", "98000000110|", "year", "NULL_REQUIRED"},
			}},
		{name: "contracts_required_nulls", file: cn, input: "contracts", rows: 12, rejected: 11,
			valid: []string{"N11"},
			want: []faultReject{
				{"contracts", cn, "0", null, "contract_id", "NULL_REQUIRED"},
				{"contracts", cn, "1", "N01", "doctor_id", "NULL_REQUIRED"},
				{"contracts", cn, "2", "N02", "specialty", "NULL_REQUIRED"},
				{"contracts", cn, "3", "N03", "tariff_sector", "NULL_REQUIRED"},
				{"contracts", cn, "4", "N04", "underserved_zone", "NULL_REQUIRED"},
				{"contracts", cn, "5", "N05", "group_practice", "NULL_REQUIRED"},
				{"contracts", cn, "6", "N06", "new_installation", "NULL_REQUIRED"},
				{"contracts", cn, "7", "N07", "rqth_ald", "NULL_REQUIRED"},
				{"contracts", cn, "8", "N08", "option", "NULL_REQUIRED"},
				{"contracts", cn, "9", "N09", "signed_on", "NULL_REQUIRED"},
				{"contracts", cn, "10", null, "contract_id", "NULL_REQUIRED"},
				{"contracts", cn, "10", null, "doctor_id", "NULL_REQUIRED"},
				{"contracts", cn, "10", null, "group_practice", "NULL_REQUIRED"},
				{"contracts", cn, "10", null, "new_installation", "NULL_REQUIRED"},
				{"contracts", cn, "10", null, "option", "NULL_REQUIRED"},
				{"contracts", cn, "10", null, "rqth_ald", "NULL_REQUIRED"},
				{"contracts", cn, "10", null, "signed_on", "NULL_REQUIRED"},
				{"contracts", cn, "10", null, "specialty", "NULL_REQUIRED"},
				{"contracts", cn, "10", null, "tariff_sector", "NULL_REQUIRED"},
				{"contracts", cn, "10", null, "underserved_zone", "NULL_REQUIRED"},
			}},
		{name: "activity_required_nulls", file: an, input: "activity", rows: 7, rejected: 6,
			want: []faultReject{
				{"activity", an, "0", "|2023", "doctor_id", "NULL_REQUIRED"},
				{"activity", an, "1", "98000000001|", "year", "NULL_REQUIRED"},
				{"activity", an, "2", "98000000002|2023", "specialty", "NULL_REQUIRED"},
				{"activity", an, "3", "98000000003|2023", "file_active", "NULL_REQUIRED"},
				{"activity", an, "4", "98000000004|2023", "fs_volet1", "NULL_REQUIRED"},
				{"activity", an, "5", "|", "doctor_id", "NULL_REQUIRED"},
				{"activity", an, "5", "|", "file_active", "NULL_REQUIRED"},
				{"activity", an, "5", "|", "fs_volet1", "NULL_REQUIRED"},
				{"activity", an, "5", "|", "specialty", "NULL_REQUIRED"},
				{"activity", an, "5", "|", "year", "NULL_REQUIRED"},
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			contracts, activity := faultContracts, faultActivity
			if c.input == "contracts" {
				contracts = filepath.Join(faultBad, c.file)
			} else {
				activity = filepath.Join(faultBad, c.file)
			}
			out := filepath.Join(t.TempDir(), "out")
			r := faultMain(t, faultRunArgs(contracts, activity, out, "--max-reject-ratio", "1")...)
			if r.code != ExitOK {
				t.Fatalf("exit %d\n%s", r.code, r.stderr)
			}
			dir := filepath.Join(out, "year=2024")
			m := faultReadPartition(t, dir)
			names, rows := faultTable(t, filepath.Join(dir, "rejects.parquet"))
			if want := []string{"input", "file", "row", "key", "column", "problem", "detail"}; !slices.Equal(names, want) {
				t.Fatalf("rejects columns %v", names)
			}
			var got []faultReject
			for _, row := range rows {
				if row[0] == c.input {
					got = append(got, faultReject(row[:6]))
				}
				if row[6] == "" || row[6] == null {
					t.Errorf("reject %v has no detail", row)
				}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("rejects of %s:\n got  %q\n want %q", c.file, got, c.want)
			}
			for _, in := range m.Inputs {
				if in.Name == c.input && (in.Rows != c.rows || in.RowsRejected != c.rejected) {
					t.Errorf("manifest %s: %d rows, %d rejected; want %d, %d", in.Name, in.Rows, in.RowsRejected, c.rows, c.rejected)
				}
			}
			if c.input == "contracts" {
				_, ledger := faultTable(t, filepath.Join(dir, "contracts.parquet"))
				var ids []string
				for _, l := range ledger {
					ids = append(ids, l[0])
				}
				if !slices.Equal(ids, c.valid) {
					t.Errorf("ledger holds %v, want exactly the valid rows %v", ids, c.valid)
				}
			}
		})
	}
}
