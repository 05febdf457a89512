package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/extract"
	"github.com/amcalc/amcalc/io/inwrite"
)

// Fuzzers of the input side (issue "Nothing lost"), through whole Parquet files and the
// public reader API only. The row fuzzers compare the rejects with an independent model
// of DATA.md "Bad input" (below), so they find wrong codes, not only panics. The kept
// corpus is under testdata/fuzz/ and runs with plain `go test`; scripts/fuzz.sh runs
// the fuzzers for longer.

// problemCodes are DATA.md v1.3's row problem codes ("Bad input"): the codes of the three
// inputs, fees and suspensions included.
var problemCodes = []string{
	extract.ProblemNullRequired, extract.ProblemBadEnum, extract.ProblemNegativeCount,
	extract.ProblemCountTooLarge, extract.ProblemDateOutOfRange, extract.ProblemEndsBeforeStart,
	extract.ProblemSignedBeforeScheme, extract.ProblemDuplicateKey,
	extract.ProblemNegativeAmount, extract.ProblemAmountTooLarge, extract.ProblemFeesInconsistent,
	extract.ProblemUnknownContract,
}

// columnNames are the names of an input's listed columns, from the reader's own table.
func columnNames(cols []extract.Column) []string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return names
}

// want is one expected reject: (row, column, problem).
type want struct {
	row             int64
	column, problem string
}

func (w want) String() string { return fmt.Sprintf("row %d %s %s", w.row, w.column, w.problem) }

func date(y int, m time.Month, d int) calc.Date { return calc.MakeDate(y, m, d) }

// modelContract is DATA.md "Bad input" for one contracts row, but DUPLICATE_KEY.
func modelContract(r inwrite.RawContract) (probs [][2]string) {
	add := func(col, p string) { probs = append(probs, [2]string{col, p}) }
	for i, isNull := range []bool{r.ContractID == nil, r.DoctorID == nil, r.Specialty == nil, r.TariffSector == nil,
		r.UnderservedZone == nil, r.GroupPractice == nil, r.NewInstallation == nil, r.RqthAld == nil,
		r.Option == nil, r.SignedOn == nil} {
		if isNull {
			add([]string{"contract_id", "doctor_id", "specialty", "tariff_sector", "underserved_zone",
				"group_practice", "new_installation", "rqth_ald", "option", "signed_on"}[i], extract.ProblemNullRequired)
		}
	}
	if r.TariffSector != nil && !slices.Contains([]string{"S1", "S2_OPTAM", "S2_OPTAMCO", "S2"}, *r.TariffSector) {
		add("tariff_sector", extract.ProblemBadEnum)
	}
	if r.Option != nil && (*r.Option < 1 || *r.Option > 3) {
		add("option", extract.ProblemBadEnum)
	}
	for _, c := range []struct {
		col string
		v   *int64
	}{{"baseline_mt_adult", r.BaselineMTAdult}, {"baseline_mt_child", r.BaselineMTChild},
		{"baseline_file_active", r.BaselineFA}, {"target_mt", r.TargetMT}, {"target_file_active", r.TargetFA}} {
		switch {
		case c.v == nil:
		case *c.v < 0:
			add(c.col, extract.ProblemNegativeCount)
		case *c.v > 100000:
			add(c.col, extract.ProblemCountTooLarge)
		}
	}
	last := date(2099, time.December, 31)
	for _, c := range []struct {
		col string
		v   *calc.Date
		lo  calc.Date
	}{{"signed_on", r.SignedOn, date(2019, time.January, 1)}, {"hired_on", r.HiredOn, date(2019, time.January, 1)},
		{"ended_on", r.EndedOn, date(2019, time.January, 1)}, {"coordinated_since", r.CoordinatedSince, date(1970, time.January, 1)}} {
		if c.v != nil && (*c.v < c.lo || *c.v > last) {
			add(c.col, extract.ProblemDateOutOfRange)
		}
	}
	if r.EndedOn != nil && r.SignedOn != nil {
		start := *r.SignedOn
		if r.HiredOn != nil {
			start = max(start, *r.HiredOn)
		}
		if *r.EndedOn < start {
			add("ended_on", extract.ProblemEndsBeforeStart)
		}
	}
	if r.SignedOn != nil && *r.SignedOn < date(2019, time.August, 21) {
		add("signed_on", extract.ProblemSignedBeforeScheme)
	}
	return probs
}

// modelActivity is DATA.md "Bad input" for one activity row, but DUPLICATE_KEY.
func modelActivity(r inwrite.RawActivity) (probs [][2]string) {
	add := func(col, p string) { probs = append(probs, [2]string{col, p}) }
	for i, isNull := range []bool{r.DoctorID == nil, r.Year == nil, r.Specialty == nil, r.FileActive == nil, r.FSVolet1 == nil} {
		if isNull {
			add([]string{"doctor_id", "year", "specialty", "file_active", "fs_volet1"}[i], extract.ProblemNullRequired)
		}
	}
	for _, c := range []struct {
		col string
		v   *int64
	}{{"mt_adult", r.MTAdult}, {"mt_child", r.MTChild}, {"file_active", r.FileActive}} {
		switch {
		case c.v == nil:
		case *c.v < 0:
			add(c.col, extract.ProblemNegativeCount)
		case *c.v > 100000:
			add(c.col, extract.ProblemCountTooLarge)
		}
	}
	return probs
}

// checkAgainstModel compares rejects with the model: exactly the expected (row, column,
// problem) set, in rejects.parquet order, with the right file, input and key; every row
// read is valid or rejected (distinct rows), and the valid rows are the others, in order.
func checkAgainstModel(t *testing.T, input, file string, n int, exp []want, keys []*string, rej []extract.Reject, in extract.Input, validRows []int64) {
	t.Helper()
	slices.SortFunc(exp, func(a, b want) int {
		if a.row != b.row {
			return int(a.row - b.row)
		}
		if c := strings.Compare(a.column, b.column); c != 0 {
			return c
		}
		return strings.Compare(a.problem, b.problem)
	})
	exp = slices.Compact(exp)
	var got []want
	for _, r := range rej {
		got = append(got, want{r.Row, r.Column, r.Problem})
		if r.Input != input || r.File != file || r.Detail == "" {
			t.Errorf("reject %+v: want input %s, file %s and a detail", r, input, file)
		}
		if !slices.Contains(problemCodes, r.Problem) {
			t.Errorf("reject %+v: unknown problem", r)
		}
		if r.Row >= 0 && r.Row < int64(n) {
			k := keys[r.Row]
			if (k == nil) != r.KeyNull || (k != nil && *k != r.Key) {
				t.Errorf("reject %+v: key should be %v", r, deref(k))
			}
		}
	}
	if !slices.Equal(got, exp) {
		t.Fatalf("rejects differ from DATA.md:\n got  %v\n want %v", got, exp)
	}
	bad := map[int64]bool{}
	for _, w := range exp {
		bad[w.row] = true
	}
	var wantValid []int64
	for i := range int64(n) {
		if !bad[i] {
			wantValid = append(wantValid, i)
		}
	}
	if in.Rows != int64(n) || in.RejectedRows != int64(len(bad)) || int64(len(validRows))+in.RejectedRows != in.Rows {
		t.Fatalf("rows %d (written %d), rejected %d (want %d distinct), valid %d", in.Rows, n, in.RejectedRows, len(bad), len(validRows))
	}
	if !slices.Equal(validRows, wantValid) {
		t.Fatalf("valid rows %v, want %v", validRows, wantValid)
	}
}

func deref(s *string) string {
	if s == nil {
		return "<null>"
	}
	return strconv.Quote(*s)
}

func fuzzContract(id string) inwrite.RawContract {
	d := date(2020, time.March, 2)
	return inwrite.RawContract{
		ContractID: inwrite.Ptr(id), DoctorID: inwrite.Ptr("10100000001"), Specialty: inwrite.Ptr("01"),
		TariffSector: inwrite.Ptr("S1"), UnderservedZone: inwrite.Ptr(true), GroupPractice: inwrite.Ptr(false),
		NewInstallation: inwrite.Ptr(false), RqthAld: inwrite.Ptr(false), Option: inwrite.Ptr(int64(2)),
		SignedOn: &d, HiredOn: &d,
	}
}

// FuzzContractRows writes a contracts file of up to four rows built from the fuzzed
// values (nulls by bit mask over the 20 columns, any option, dates, counts and strings,
// duplicated keys) and reads it with extract.ReadContracts: no panic, and exactly the
// rejects DATA.md gives.
// invalidUTF8 reports whether any non-null string is not valid UTF-8.
func invalidUTF8(ss ...*string) bool {
	for _, s := range ss {
		if s != nil && !utf8.ValidString(*s) {
			return true
		}
	}
	return false
}

func FuzzContractRows(f *testing.F) {
	f.Add("C1", "S1", int64(2), int32(18500), int32(18500), int32(-1), int32(-1), int64(10), uint8(0), uint32(0), uint8(0))
	f.Add("C1", "s1", int64(4), int32(17897), int32(4_800_000), int32(17800), int32(-1), int64(100001), uint8(4), uint32(0), uint8(1))
	f.Add("", "S2_OPTAMCO", int64(0), int32(18129), int32(-1), int32(18128), int32(-2), int64(-1), uint8(0), uint32(1<<0|1<<1), uint8(3))
	f.Add("X", "", int64(-9e18), int32(-2147483648), int32(2147483647), int32(0), int32(47846), int64(100000), uint8(2), uint32(0xFFFFF), uint8(2))
	f.Add("dup", "S2", int64(3), int32(47846), int32(47847), int32(47845), int32(0), int64(9e18), uint8(3), uint32(1<<10), uint8(3))
	f.Add("\xff\xfe", "S1\x00", int64(1), int32(18129), int32(18128), int32(18128), int32(-1), int64(0), uint8(1), uint32(1<<11|1<<12), uint8(0))
	f.Fuzz(func(t *testing.T, id, sector string, option int64, signed, hired, ended, coord int32, count int64, countCol uint8, nulls uint32, dup uint8) {
		r := fuzzContract(id)
		r.TariffSector = &sector
		r.Option = inwrite.Ptr(int64(int32(option))) // an INT32 column
		for _, p := range []struct {
			v   int32
			dst **calc.Date
		}{{signed, &r.SignedOn}, {hired, &r.HiredOn}, {ended, &r.EndedOn}, {coord, &r.CoordinatedSince}} {
			if p.v != -1 { // -1 leaves the default (a date or null)
				*p.dst = inwrite.Ptr(calc.Date(p.v))
			}
		}
		*[]**int64{&r.BaselineMTAdult, &r.BaselineMTChild, &r.BaselineFA, &r.TargetMT, &r.TargetFA}[countCol%5] = &count
		r.BaselineYear, r.DoctorBirthYear = inwrite.Ptr(int64(signed)), inwrite.Ptr(int64(coord)) // no range check
		nullify := []func(){
			func() { r.ContractID = nil }, func() { r.DoctorID = nil }, func() { r.Specialty = nil },
			func() { r.TariffSector = nil }, func() { r.UnderservedZone = nil }, func() { r.GroupPractice = nil },
			func() { r.CoordinatedSince = nil }, func() { r.NewInstallation = nil }, func() { r.RqthAld = nil },
			func() { r.Option = nil }, func() { r.SignedOn = nil }, func() { r.HiredOn = nil }, func() { r.EndedOn = nil },
			func() { r.BaselineYear = nil }, func() { r.BaselineMTAdult = nil }, func() { r.BaselineMTChild = nil },
			func() { r.BaselineFA = nil }, func() { r.TargetMT = nil }, func() { r.TargetFA = nil },
			func() { r.DoctorBirthYear = nil },
		}
		for i, fn := range nullify {
			if nulls&(1<<i) != 0 {
				fn()
			}
		}
		rows := []inwrite.RawContract{r, fuzzContract("anchor")}
		if dup&1 != 0 {
			rows = append(rows, r) // the same row twice
		}
		if dup&2 != 0 {
			rows = append(rows, fuzzContract(id)) // a valid row with the same contract_id
		}
		path := filepath.Join(t.TempDir(), "c.parquet")
		if err := inwrite.WriteRawContracts(path, rows); err != nil {
			t.Fatal(err)
		}
		got, rej, in, err := extract.ReadContracts(context.Background(), path, extract.Options{})
		if invalidUTF8(r.ContractID, r.DoctorID, r.Specialty, r.TariffSector) {
			// DATA.md v1.3: a string that is not valid UTF-8 makes the file bad.
			if !errors.Is(err, extract.ErrBadString) {
				t.Fatalf("invalid UTF-8: err = %v, want ErrBadString", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("a well-typed file is a bad file: %v", err)
		}
		var exp []want
		keys := make([]*string, len(rows))
		seen := map[string]int{}
		for i, row := range rows {
			keys[i] = row.ContractID
			if row.ContractID != nil {
				seen[*row.ContractID]++
			}
			for _, p := range modelContract(row) {
				exp = append(exp, want{int64(i), p[0], p[1]})
			}
		}
		for i, row := range rows {
			if row.ContractID != nil && seen[*row.ContractID] > 1 {
				exp = append(exp, want{int64(i), "contract_id", extract.ProblemDuplicateKey})
			}
		}
		var valid []int64
		for _, c := range got {
			valid = append(valid, c.Row)
			if c.ContractID != *rows[c.Row].ContractID || int64(c.Option) != *rows[c.Row].Option {
				t.Errorf("valid row %d read as %q option %d", c.Row, c.ContractID, c.Option)
			}
		}
		checkAgainstModel(t, extract.InputContracts, "c.parquet", len(rows), exp, keys, rej, in, valid)
	})
}

// FuzzActivityRows is FuzzContractRows for the activity extract: nulls in any column,
// any counts, strings and years, duplicated (doctor_id, year) keys.
func FuzzActivityRows(f *testing.F) {
	f.Add("10100000001", int32(2023), "01", int64(800), int64(100), int64(1500), true, uint8(0), uint8(0))
	f.Add("10100000001", int32(2023), "01", int64(-1), int64(100001), int64(100000), false, uint8(1<<6), uint8(1))
	f.Add("", int32(-2147483648), "", int64(-9e18), int64(9e18), int64(-1), true, uint8(0x7F), uint8(3))
	f.Add("d", int32(0), "98", int64(0), int64(0), int64(0), false, uint8(1<<0), uint8(3))
	f.Add("d\x00|x", int32(2147483647), "\xff", int64(100000), int64(-100000), int64(100001), true, uint8(1<<1|1<<3|1<<4), uint8(2))
	f.Fuzz(func(t *testing.T, doctor string, year int32, spec string, mtA, mtC, fa int64, fs bool, nulls, dup uint8) {
		r := inwrite.RawActivity{DoctorID: &doctor, Year: inwrite.Ptr(int64(year)), Specialty: &spec,
			MTAdult: &mtA, MTChild: &mtC, FileActive: &fa, FSVolet1: &fs}
		nullify := []func(){
			func() { r.DoctorID = nil }, func() { r.Year = nil }, func() { r.Specialty = nil },
			func() { r.MTAdult = nil }, func() { r.MTChild = nil }, func() { r.FileActive = nil },
			func() { r.FSVolet1 = nil },
		}
		for i, fn := range nullify {
			if nulls&(1<<i) != 0 {
				fn()
			}
		}
		anchor := inwrite.RawActivity{DoctorID: inwrite.Ptr("anchor"), Year: inwrite.Ptr(int64(2023)),
			Specialty: inwrite.Ptr("01"), FileActive: inwrite.Ptr(int64(1)), FSVolet1: inwrite.Ptr(true)}
		rows := []inwrite.RawActivity{r, anchor}
		if dup&1 != 0 {
			rows = append(rows, r)
		}
		if dup&2 != 0 {
			other := anchor
			other.DoctorID, other.Year = r.DoctorID, r.Year // a valid row with the same key
			rows = append(rows, other)
		}
		path := filepath.Join(t.TempDir(), "a.parquet")
		if err := inwrite.WriteRawActivity(path, rows); err != nil {
			t.Fatal(err)
		}
		got, rej, in, err := extract.ReadActivity(context.Background(), path, extract.Options{})
		if invalidUTF8(r.DoctorID, r.Specialty) {
			// DATA.md v1.3: a string that is not valid UTF-8 makes the file bad.
			if !errors.Is(err, extract.ErrBadString) {
				t.Fatalf("invalid UTF-8: err = %v, want ErrBadString", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("a well-typed file is a bad file: %v", err)
		}
		var exp []want
		keys := make([]*string, len(rows))
		type key struct {
			d string
			y int64
		}
		seen := map[key]int{}
		for i, row := range rows {
			k := ""
			if row.DoctorID != nil {
				k = *row.DoctorID
			}
			k += "|"
			if row.Year != nil {
				k += strconv.FormatInt(*row.Year, 10)
			}
			keys[i] = &k
			if row.DoctorID != nil && row.Year != nil {
				seen[key{*row.DoctorID, *row.Year}]++
			}
			for _, p := range modelActivity(row) {
				exp = append(exp, want{int64(i), p[0], p[1]})
			}
		}
		for i, row := range rows {
			if row.DoctorID != nil && row.Year != nil && seen[key{*row.DoctorID, *row.Year}] > 1 {
				exp = append(exp, want{int64(i), "doctor_id,year", extract.ProblemDuplicateKey})
			}
		}
		var valid []int64
		for _, a := range got {
			valid = append(valid, a.Row)
			w := rows[a.Row]
			if a.DoctorID != *w.DoctorID || int64(a.Year) != *w.Year || a.FileActive != *w.FileActive || a.FSVolet1 != *w.FSVolet1 {
				t.Errorf("valid row %d read as %+v", a.Row, a.Activity)
			}
		}
		checkAgainstModel(t, extract.InputActivity, "a.parquet", len(rows), exp, keys, rej, in, valid)
	})
}

// readDeadline bounds one read of a fuzzed file (a few KiB): far more than it needs.
const readDeadline = 10 * time.Second

// FuzzParquetBytes gives arbitrary bytes to the three readers as a .parquet file: a typed
// file error naming the input and the file, or rows that pass the
// ledger check (valid + rejected = read; every reject a listed column and a v1.3 problem
// code); never a panic or a hang.
// fileCauses are the sentinel causes of a bad file (io/extract).
var fileCauses = []error{extract.ErrNotParquet, extract.ErrCorruptFooter, extract.ErrCorruptData,
	extract.ErrBadSchema, extract.ErrBadString}

func FuzzParquetBytes(f *testing.F) {
	for _, p := range []string{
		filepath.Join("..", "fixtures", "input", "contracts.parquet"),
		filepath.Join("..", "fixtures", "input", "activity", "year=2022", "part-0.parquet"),
		filepath.Join("..", "fixtures", "bad", "contracts_problems.parquet"),
		filepath.Join("..", "fixtures", "bad", "activity_nulls.parquet"),
		filepath.Join("..", "fixtures", "bad", "truncated.parquet"),
		filepath.Join("..", "fixtures", "bad", "contracts_option_string.parquet"),
		filepath.Join("..", "fixtures", "bad", "corrupt_footer.parquet"),
		filepath.Join("..", "fixtures", "bad", "negative_rows.parquet"),
	} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte("PAR1"))
	f.Add([]byte("PAR1PAR1"))
	f.Add([]byte("PAR1\x00\x00\x00\x00PAR1"))
	// v1.3: the suspensions input (the seeds are numbered in order: added last).
	if b, err := os.ReadFile(filepath.Join("..", "fixtures", "input", "suspensions.parquet")); err != nil {
		f.Fatal(err)
	} else {
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "x.parquet")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		check := func(input string, columns []extract.Column, rows int, rej []extract.Reject, in extract.Input, err error) {
			if err != nil {
				// A typed file error naming this input and file, with a sentinel cause.
				var fe *extract.FileError
				if !errors.As(err, &fe) || fe.Input != input || fe.File != path {
					t.Errorf("%s: %v (%T): want a *extract.FileError on %s", input, err, err, path)
				}
				if !slices.ContainsFunc(fileCauses, func(c error) bool { return errors.Is(err, c) }) {
					t.Errorf("%s: %v: no sentinel cause", input, err)
				}
				return
			}
			if int64(rows)+in.RejectedRows != in.Rows {
				t.Errorf("%s: %d rows read, %d valid + %d rejected", input, in.Rows, rows, in.RejectedRows)
			}
			distinct := map[int64]bool{}
			for _, r := range rej {
				distinct[r.Row] = true
				known := slices.Contains(columnNames(columns), r.Column) || (input == extract.InputActivity && r.Column == "doctor_id,year")
				if !slices.Contains(problemCodes, r.Problem) || !known || r.Row < 0 || r.Row >= in.Rows {
					t.Errorf("%s: reject %+v", input, r)
				}
			}
			if int64(len(distinct)) != in.RejectedRows {
				t.Errorf("%s: %d distinct rejected rows, input says %d", input, len(distinct), in.RejectedRows)
			}
		}
		// A reader that never returns is a failure too: watch it. A panic is reported
		// as a failure of this input, not as a crash of the whole test binary.
		done := make(chan struct{})
		var panicked any
		var stack []byte
		go func() {
			defer close(done)
			defer func() {
				if panicked = recover(); panicked != nil {
					stack = debug.Stack()
				}
			}()
			c, crej, cin, err := extract.ReadContracts(ctx, path, extract.Options{})
			check(extract.InputContracts, extract.ContractColumns, len(c), crej, cin, err)
			a, arej, ain, err := extract.ReadActivity(ctx, path, extract.Options{})
			check(extract.InputActivity, extract.ActivityColumns, len(a), arej, ain, err)
			known := func(id string) bool { return id != "B01" } // B01: a rejected contract
			sus, srej, sin, err := extract.ReadSuspensions(ctx, path, extract.Options{}, known)
			check(extract.InputSuspensions, extract.SuspensionColumns, len(sus), srej, sin, err)
		}()
		select {
		case <-done:
			if panicked != nil {
				t.Fatalf("the reader panicked on %d bytes (a bad file must be an error naming it): %v\n%s", len(data), panicked, stack)
			}
		case <-time.After(readDeadline):
			t.Fatalf("reading %d bytes did not return within %v", len(data), readDeadline)
		}
	})
}
