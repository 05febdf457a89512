// Command mkbad rewrites the bad input files under fixtures/bad/ (DATA.md "Bad input"):
// files that must stop a run (not Parquet, truncated, empty, a column missing, duplicated
// or of the wrong type, a string that is not valid UTF-8), files whose rows carry every row
// problem (contracts, fees, activity, suspensions), and a few valid files at the edges of
// the file rules (small signed integers, a v1.2 contracts file, years beyond 32 bits). Run
// it from the repository root:
//
//	go run ./scripts/mkbad [-out fixtures/bad]
//
// The output is deterministic; the test of this package fails when the checked-in files
// are stale; outcomes_test.go pins what the reader makes of the v1.3 files. The outcome each
// file must give through a run is pinned by cmd/amcalc/cli/faults_*_test.go and listed in
// the README's fault table.
package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/inwrite"
)

func main() {
	out := flag.String("out", filepath.Join("fixtures", "bad"), "output folder")
	flag.Parse()
	if err := write(*out, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mkbad:", err)
		os.Exit(1)
	}
}

// files maps each file name to the function that writes it.
var files = map[string]func(path string) error{
	"not_parquet.parquet":                   writeBytes([]byte("contract_id,doctor_id\nC1,10100000001\n")),
	"empty.parquet":                         writeBytes(nil),
	"truncated.parquet":                     writeTruncated,
	"negative_rows.parquet":                 writeNegativeRows,
	"corrupt_footer.parquet":                writeCorruptFooter,
	"contracts_zero_rows.parquet":           func(p string) error { return inwrite.WriteRawContracts(p, nil) },
	"activity_zero_rows.parquet":            func(p string) error { return inwrite.WriteRawActivity(p, nil) },
	"contracts_missing_option.parquet":      transformContracts(dropColumn("option")),
	"contracts_missing_hired_on.parquet":    transformContracts(dropColumn("hired_on")),
	"activity_missing_file_active.parquet":  transformActivity(dropColumn("file_active")),
	"contracts_option_string.parquet":       transformContracts(optionAsString),
	"contracts_signed_on_timestamp.parquet": transformContracts(signedOnAsTimestamp),
	"contracts_nulls.parquet":               func(p string) error { return inwrite.WriteRawContracts(p, nullContracts()) },
	"activity_nulls.parquet":                func(p string) error { return inwrite.WriteRawActivity(p, nullActivity()) },
	"contracts_problems.parquet":            func(p string) error { return inwrite.WriteRawContracts(p, problemContracts()) },
	"activity_problems.parquet":             func(p string) error { return inwrite.WriteRawActivity(p, problemActivity()) },

	// v1.3 and "Nothing wrong gets published" (DATA.md "Inputs", "Bad input").
	"contracts_duplicated_option.parquet":          transformContracts(duplicateOption),
	"contracts_invalid_utf8.parquet":               func(p string) error { return inwrite.WriteRawContracts(p, invalidUTF8Contracts()) },
	"contracts_option_uint8.parquet":               transformContracts(optionAs(arrow.PrimitiveTypes.Uint8)),
	"contracts_small_ints.parquet":                 transformContracts(smallInts),
	"contracts_v12_no_fees.parquet":                func(p string) error { return inwrite.WriteRawContracts(p, baseContracts(), inwrite.V12) },
	"contracts_fees_problems.parquet":              func(p string) error { return inwrite.WriteRawContracts(p, feeProblemContracts()) },
	"contracts_baseline_year_beyond_int32.parquet": transformContracts(widenTo64("baseline_year", 2021+1<<32)),
	"activity_year_beyond_int32.parquet":           transformActivity(widenTo64("year", 2021+1<<32)),
	"suspensions_missing_reason.parquet":           transformSuspensions(dropColumn("reason")),
	"suspensions_invalid_utf8.parquet":             func(p string) error { return inwrite.WriteRawSuspensions(p, invalidUTF8Suspensions()) },
	"suspensions_problems.parquet":                 func(p string) error { return inwrite.WriteRawSuspensions(p, problemSuspensions()) },
	"suspensions_zero_rows.parquet":                func(p string) error { return inwrite.WriteRawSuspensions(p, nil) },
}

// names returns the file names written, sorted.
func names() []string {
	out := make([]string, 0, len(files))
	for n := range files {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// write (re)writes every bad file into dir.
func write(dir string, log io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, name := range names() {
		p := filepath.Join(dir, name)
		if err := files[name](p); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Fprintf(log, "mkbad: wrote %s\n", p)
	}
	return nil
}

func writeBytes(b []byte) func(string) error {
	return func(p string) error { return os.WriteFile(p, b, 0o644) }
}

func d(y int, m time.Month, day int) *calc.Date { return inwrite.Ptr(calc.MakeDate(y, m, day)) }

// goodContract is a valid contracts row: F01's doctor (19000000001 in fixtures/input), R1.
func goodContract(id string) inwrite.RawContract {
	return inwrite.RawContract{
		ContractID:       inwrite.Ptr(id),
		DoctorID:         inwrite.Ptr("19000000001"),
		Specialty:        inwrite.Ptr("01"),
		TariffSector:     inwrite.Ptr("S1"),
		UnderservedZone:  inwrite.Ptr(false),
		GroupPractice:    inwrite.Ptr(true),
		CoordinatedSince: d(2019, time.January, 1),
		NewInstallation:  inwrite.Ptr(false),
		RqthAld:          inwrite.Ptr(false),
		Option:           inwrite.Ptr(int64(2)),
		SignedOn:         d(2019, time.October, 15),
		HiredOn:          d(2019, time.October, 15),
		DoctorBirthYear:  inwrite.Ptr(int64(1970)),
	}
}

// goodActivity is a valid activity row of specialty 98 (no contract reads it).
func goodActivity(id string, year int64) inwrite.RawActivity {
	return inwrite.RawActivity{
		DoctorID:   inwrite.Ptr(id),
		Year:       inwrite.Ptr(year),
		Specialty:  inwrite.Ptr("98"),
		MTAdult:    inwrite.Ptr(int64(800)),
		MTChild:    inwrite.Ptr(int64(100)),
		FileActive: inwrite.Ptr(int64(1500)),
		FSVolet1:   inwrite.Ptr(true),
	}
}

// nullContracts: rows 0…9 each have one required column null (in DATA.md's order:
// contract_id, doctor_id, specialty, tariff_sector, underserved_zone, group_practice,
// new_installation, rqth_ald, option, signed_on); row 10 has every column null; row 11
// is valid.
func nullContracts() []inwrite.RawContract {
	nullers := []func(*inwrite.RawContract){
		func(r *inwrite.RawContract) { r.ContractID = nil },
		func(r *inwrite.RawContract) { r.DoctorID = nil },
		func(r *inwrite.RawContract) { r.Specialty = nil },
		func(r *inwrite.RawContract) { r.TariffSector = nil },
		func(r *inwrite.RawContract) { r.UnderservedZone = nil },
		func(r *inwrite.RawContract) { r.GroupPractice = nil },
		func(r *inwrite.RawContract) { r.NewInstallation = nil },
		func(r *inwrite.RawContract) { r.RqthAld = nil },
		func(r *inwrite.RawContract) { r.Option = nil },
		func(r *inwrite.RawContract) { r.SignedOn = nil },
	}
	var rows []inwrite.RawContract
	for i, f := range nullers {
		r := goodContract(fmt.Sprintf("N%02d", i))
		f(&r)
		rows = append(rows, r)
	}
	rows = append(rows, inwrite.RawContract{}, goodContract("N11"))
	return rows
}

// nullActivity: rows 0…4 each have one required column null (doctor_id, year,
// specialty, file_active, fs_volet1); row 5 has every column null; row 6 is valid with
// both nullable counts null.
func nullActivity() []inwrite.RawActivity {
	nullers := []func(*inwrite.RawActivity){
		func(r *inwrite.RawActivity) { r.DoctorID = nil },
		func(r *inwrite.RawActivity) { r.Year = nil },
		func(r *inwrite.RawActivity) { r.Specialty = nil },
		func(r *inwrite.RawActivity) { r.FileActive = nil },
		func(r *inwrite.RawActivity) { r.FSVolet1 = nil },
	}
	var rows []inwrite.RawActivity
	for i, f := range nullers {
		r := goodActivity(fmt.Sprintf("9800000000%d", i), 2023)
		f(&r)
		rows = append(rows, r)
	}
	last := goodActivity("98000000006", 2023)
	last.MTAdult, last.MTChild = nil, nil
	rows = append(rows, inwrite.RawActivity{}, last)
	return rows
}

// problemContracts has a row for every contracts problem code, and valid edge rows; the
// comment of each row names the rejects it must give (cmd/amcalc/cli pins them).
func problemContracts() []inwrite.RawContract {
	var rows []inwrite.RawContract
	add := func(id string, f func(*inwrite.RawContract)) {
		r := goodContract(id)
		if f != nil {
			f(&r)
		}
		rows = append(rows, r)
	}
	add("X00", func(r *inwrite.RawContract) { r.DoctorID = nil })                           // NULL_REQUIRED doctor_id
	add("X01", func(r *inwrite.RawContract) { r.TariffSector = inwrite.Ptr("S3") })         // BAD_ENUM tariff_sector
	add("X02", func(r *inwrite.RawContract) { r.Option = inwrite.Ptr(int64(0)) })           // BAD_ENUM option
	add("X03", func(r *inwrite.RawContract) { r.Option = inwrite.Ptr(int64(4)) })           // BAD_ENUM option
	add("X04", func(r *inwrite.RawContract) { r.BaselineMTAdult = inwrite.Ptr(int64(-1)) }) // NEGATIVE_COUNT
	add("X05", func(r *inwrite.RawContract) { r.TargetFA = inwrite.Ptr(int64(100001)) })    // COUNT_TOO_LARGE
	add("X06", func(r *inwrite.RawContract) {                                               // valid: 100 000 is the largest count, 0 the smallest
		r.BaselineFA, r.BaselineMTChild = inwrite.Ptr(int64(100000)), inwrite.Ptr(int64(0))
	})
	add("X07", func(r *inwrite.RawContract) { r.HiredOn = d(2100, time.January, 1) })            // DATE_OUT_OF_RANGE hired_on
	add("X08", func(r *inwrite.RawContract) { r.CoordinatedSince = d(1969, time.December, 31) }) // DATE_OUT_OF_RANGE coordinated_since
	add("X09", func(r *inwrite.RawContract) {                                                    // DATE_OUT_OF_RANGE + SIGNED_BEFORE_SCHEME on signed_on
		r.SignedOn, r.HiredOn = d(2018, time.December, 31), nil
	})
	add("X10", func(r *inwrite.RawContract) { r.SignedOn, r.HiredOn = d(2019, time.August, 20), nil }) // SIGNED_BEFORE_SCHEME only
	add("X11", func(r *inwrite.RawContract) { r.EndedOn = d(2019, time.October, 14) })                 // ENDS_BEFORE_START (< S)
	add("X12", func(r *inwrite.RawContract) {                                                          // ENDS_BEFORE_START (< signed_on, not hired)
		r.HiredOn, r.EndedOn = nil, d(2019, time.October, 14)
	})
	add("X13", func(r *inwrite.RawContract) { r.EndedOn = d(2019, time.October, 15) }) // valid: ends on S
	add("X14", nil)                                                                    // DUPLICATE_KEY with row 15
	add("X14", func(r *inwrite.RawContract) { r.Option = inwrite.Ptr(int64(9)) })      // DUPLICATE_KEY + BAD_ENUM option
	add("", func(r *inwrite.RawContract) { r.ContractID = nil })                       // NULL_REQUIRED contract_id (null key) …
	add("", func(r *inwrite.RawContract) { r.ContractID = nil })                       // … twice: never duplicates
	add("X18", func(r *inwrite.RawContract) {                                          // ENDS_BEFORE_START skipped: signed_on null
		r.SignedOn, r.EndedOn = nil, d(2019, time.January, 2)
	})
	add("X19", func(r *inwrite.RawContract) { // valid: a date on each bound
		r.CoordinatedSince, r.EndedOn = d(1970, time.January, 1), d(2099, time.December, 31)
	})
	return rows
}

// problemActivity has a row for every activity problem code, and valid edge rows.
func problemActivity() []inwrite.RawActivity {
	var rows []inwrite.RawActivity
	add := func(id string, year int64, f func(*inwrite.RawActivity)) {
		r := goodActivity(id, year)
		if f != nil {
			f(&r)
		}
		rows = append(rows, r)
	}
	add("98000000100", 2023, func(r *inwrite.RawActivity) { r.FSVolet1 = nil })                       // NULL_REQUIRED fs_volet1
	add("98000000101", 2023, func(r *inwrite.RawActivity) { r.MTAdult = inwrite.Ptr(int64(-5)) })     // NEGATIVE_COUNT mt_adult
	add("98000000102", 2023, func(r *inwrite.RawActivity) { r.MTChild = inwrite.Ptr(int64(100001)) }) // COUNT_TOO_LARGE mt_child
	add("98000000103", 2023, func(r *inwrite.RawActivity) {                                           // NEGATIVE_COUNT + COUNT_TOO_LARGE: two rejects, one row
		r.FileActive, r.MTAdult = inwrite.Ptr(int64(-1)), inwrite.Ptr(int64(1<<40))
	})
	add("98000000104", 2023, func(r *inwrite.RawActivity) { r.FileActive = inwrite.Ptr(int64(100000)) }) // valid edge
	add("98000000105", 2023, nil)                                                                        // DUPLICATE_KEY with row 6
	add("98000000105", 2023, func(r *inwrite.RawActivity) { r.FileActive = inwrite.Ptr(int64(-2)) })     // DUPLICATE_KEY + NEGATIVE_COUNT
	add("98000000105", 2024, nil)                                                                        // valid: another year
	add("", 2023, func(r *inwrite.RawActivity) { r.DoctorID = nil })                                     // NULL_REQUIRED, key "|2023" …
	add("", 2023, func(r *inwrite.RawActivity) { r.DoctorID = nil })                                     // … twice: never duplicates
	add("98000000110", 0, func(r *inwrite.RawActivity) { r.Year = nil })                                 // NULL_REQUIRED year, key "98000000110|"
	add("98000000111", -7, nil)                                                                          // valid: year has no range check
	return rows
}

// invalidUTF8Contracts: row 1's doctor_id is the bytes FF FE 31 (issue 9 item 5): a bad
// file naming row 1 and doctor_id.
func invalidUTF8Contracts() []inwrite.RawContract {
	rows := baseContracts()
	rows[1].DoctorID = inwrite.Ptr(string([]byte{0xff, 0xfe, '1'}))
	return rows
}

// feeProblemContracts has a row for every v1.3 fee problem and valid edge rows (DATA.md
// "Bad input"): the fee checks apply to every contract row, whatever its specialty.
func feeProblemContracts() []inwrite.RawContract {
	var rows []inwrite.RawContract
	add := func(id string, total, ccam *int64) {
		r := goodContract(id)
		r.Fees12mTotal, r.Fees12mCCAM = total, ccam
		rows = append(rows, r)
	}
	n := func(v int64) *int64 { return inwrite.Ptr(v) }
	const max = 100_000_000_000
	add("G00", n(-1), nil)                 // NEGATIVE_AMOUNT fees_12m_total
	add("G01", n(100), n(-1))              // NEGATIVE_AMOUNT fees_12m_ccam
	add("G02", n(max+1), n(0))             // AMOUNT_TOO_LARGE fees_12m_total
	add("G03", n(max), n(max))             // valid: the largest amount, ccam = total
	add("G04", n(1000), n(1001))           // FEES_INCONSISTENT on fees_12m_ccam
	add("G05", n(1000), nil)               // valid: the cross check is skipped on a null
	add("G06", nil, n(5))                  // valid: the same
	add("G07", n(0), n(0))                 // valid: zero
	add("G08", n(max), n(max+1))           // AMOUNT_TOO_LARGE + FEES_INCONSISTENT on fees_12m_ccam
	add("G09", n(-5), n(0))                // NEGATIVE_AMOUNT total + FEES_INCONSISTENT (0 > −5)
	add("G10", n(5_000_000), n(1_000_000)) // valid: exactly 20 % (E-CLINICAL's bound, not a row check)
	return rows
}

// goodSuspension is a valid suspensions row of F01 (a valid contract of fixtures/input).
func goodSuspension() inwrite.RawSuspension {
	return inwrite.RawSuspension{
		ContractID:     inwrite.Ptr("F01"),
		SuspendedFrom:  d(2020, time.March, 1),
		SuspendedUntil: d(2020, time.March, 31),
		Reason:         inwrite.Ptr("absence"),
	}
}

// problemSuspensions has a row for every suspensions problem code (R-SUSP-1, DATA.md
// "Bad input") and valid edge rows, read against fixtures/input/contracts.parquet.
func problemSuspensions() []inwrite.RawSuspension {
	var rows []inwrite.RawSuspension
	add := func(f func(*inwrite.RawSuspension)) {
		r := goodSuspension()
		if f != nil {
			f(&r)
		}
		rows = append(rows, r)
	}
	add(nil)                                                                  // 0 valid
	add(nil)                                                                  // 1 valid: the same period again (no DUPLICATE_KEY)
	add(func(r *inwrite.RawSuspension) { r.SuspendedUntil = nil })            // 2 valid: still suspended
	add(func(r *inwrite.RawSuspension) { r.Reason = nil })                    // 3 valid: reason is nullable
	add(func(r *inwrite.RawSuspension) { r.ContractID = nil })                // 4 NULL_REQUIRED contract_id only (null key)
	add(func(r *inwrite.RawSuspension) { r.SuspendedFrom = nil })             // 5 NULL_REQUIRED suspended_from
	add(func(r *inwrite.RawSuspension) { r.ContractID = inwrite.Ptr("ZZZ") }) // 6 UNKNOWN_CONTRACT
	add(func(r *inwrite.RawSuspension) { r.ContractID = inwrite.Ptr("B01") }) // 7 UNKNOWN_CONTRACT: B01 is a rejected contract
	add(func(r *inwrite.RawSuspension) {                                      // 8 DATE_OUT_OF_RANGE on both dates
		r.SuspendedFrom, r.SuspendedUntil = d(2018, time.December, 31), d(2100, time.January, 1)
	})
	add(func(r *inwrite.RawSuspension) { r.SuspendedUntil = d(2020, time.February, 29) }) // 9 ENDS_BEFORE_START
	add(func(r *inwrite.RawSuspension) { r.SuspendedUntil = d(2020, time.March, 1) })     // 10 valid: one day
	add(func(r *inwrite.RawSuspension) {                                                  // 11 valid: each bound
		r.SuspendedFrom, r.SuspendedUntil = d(2019, time.January, 1), d(2099, time.December, 31)
	})
	return rows
}

// invalidUTF8Suspensions: row 1's reason is not valid UTF-8: a bad file, although reason is
// carried to no output.
func invalidUTF8Suspensions() []inwrite.RawSuspension {
	bad := goodSuspension()
	bad.Reason = inwrite.Ptr(string([]byte{'a', 0xc3}))
	return []inwrite.RawSuspension{goodSuspension(), bad}
}

// table reads a whole Parquet file into memory.
func readTable(path string) (arrow.Table, error) {
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		return nil, err
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		return nil, err
	}
	return fr.ReadTable(context.Background())
}

// writeTable writes columns (one chunk each) with pinned settings.
func writeTable(path string, fields []arrow.Field, cols []arrow.Array) error {
	schema := arrow.NewSchema(fields, nil)
	rec := array.NewRecordBatch(schema, cols, int64(cols[0].Len()))
	defer rec.Release()
	var buf bytes.Buffer
	props := parquet.NewWriterProperties(
		parquet.WithCreatedBy("amcalc mkbad"),
		parquet.WithVersion(parquet.V2_6),
		parquet.WithDataPageVersion(parquet.DataPageV1),
		parquet.WithCompression(compress.Codecs.Uncompressed),
		parquet.WithDictionaryDefault(false),
		parquet.WithStats(true),
	)
	fw, err := pqarrow.NewFileWriter(schema, &buf, props, pqarrow.NewArrowWriterProperties())
	if err != nil {
		return err
	}
	if err := fw.Write(rec); err != nil {
		fw.Close()
		return err
	}
	if err := fw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// transform writes base rows with inwrite into a temporary file, reads it back, applies
// f to its columns and writes the result to path.
type columnsFunc func(fields []arrow.Field, cols []arrow.Array) ([]arrow.Field, []arrow.Array)

func transform(path string, writeBase func(string) error, f columnsFunc) error {
	tmp := path + ".base"
	defer os.Remove(tmp)
	if err := writeBase(tmp); err != nil {
		return err
	}
	tbl, err := readTable(tmp)
	if err != nil {
		return err
	}
	defer tbl.Release()
	var fields []arrow.Field
	var cols []arrow.Array
	for i := range int(tbl.NumCols()) {
		c := tbl.Column(i)
		fields = append(fields, c.Field())
		if n := len(c.Data().Chunks()); n != 1 {
			return fmt.Errorf("column %s: %d chunks", c.Name(), n)
		}
		cols = append(cols, c.Data().Chunk(0))
	}
	fields, cols = f(fields, cols)
	return writeTable(path, fields, cols)
}

func baseContracts() []inwrite.RawContract {
	return []inwrite.RawContract{goodContract("W01"), goodContract("W02")}
}

func transformContracts(f columnsFunc) func(string) error {
	return func(p string) error {
		return transform(p, func(tmp string) error { return inwrite.WriteRawContracts(tmp, baseContracts()) }, f)
	}
}

func transformActivity(f columnsFunc) func(string) error {
	return func(p string) error {
		return transform(p, func(tmp string) error {
			return inwrite.WriteRawActivity(tmp, []inwrite.RawActivity{goodActivity("98000000001", 2023)})
		}, f)
	}
}

func transformSuspensions(f columnsFunc) func(string) error {
	return func(p string) error {
		return transform(p, func(tmp string) error {
			return inwrite.WriteRawSuspensions(tmp, []inwrite.RawSuspension{goodSuspension()})
		}, f)
	}
}

// duplicateOption: a second option column, of all 1, before the real one (issue 9 item 4:
// the first copy used to win silently).
func duplicateOption(fields []arrow.Field, cols []arrow.Array) ([]arrow.Field, []arrow.Array) {
	b := array.NewInt32Builder(memory.DefaultAllocator)
	for range cols[0].Len() {
		b.Append(1)
	}
	return append([]arrow.Field{{Name: "option", Type: arrow.PrimitiveTypes.Int32, Nullable: true}}, fields...),
		append([]arrow.Array{b.NewArray()}, cols...)
}

// optionAs: option with another integer type (an unsigned one is a wrong type).
func optionAs(typ arrow.DataType) columnsFunc {
	return func(fields []arrow.Field, cols []arrow.Array) ([]arrow.Field, []arrow.Array) {
		return replaceColumn(fields, cols, "option", typ, func(old arrow.Array, b array.Builder) {
			o := old.(*array.Int32)
			for i := range o.Len() {
				switch bb := b.(type) {
				case *array.Uint8Builder:
					bb.Append(uint8(o.Value(i)))
				case *array.Int8Builder:
					bb.Append(int8(o.Value(i)))
				}
			}
		})
	}
}

// smallInts: option as a signed Int(8) and baseline_mt_adult… as signed Int(16), as pandas,
// polars or DuckDB write them: a valid file (DATA.md "Inputs").
func smallInts(fields []arrow.Field, cols []arrow.Array) ([]arrow.Field, []arrow.Array) {
	fields, cols = optionAs(arrow.PrimitiveTypes.Int8)(fields, cols)
	for _, name := range []string{"baseline_year", "doctor_birth_year"} {
		fields, cols = replaceColumn(fields, cols, name, arrow.PrimitiveTypes.Int16, func(old arrow.Array, b array.Builder) {
			o := old.(*array.Int32)
			for i := range o.Len() {
				if o.IsNull(i) {
					b.AppendNull()
				} else {
					b.(*array.Int16Builder).Append(int16(o.Value(i)))
				}
			}
		})
	}
	return fields, cols
}

// widenTo64: the INT32 column name as INT64, its first row holding v (beyond 32 bits: a
// year that matches no row, never narrowed; issue 9 item 6).
func widenTo64(name string, v int64) columnsFunc {
	return func(fields []arrow.Field, cols []arrow.Array) ([]arrow.Field, []arrow.Array) {
		return replaceColumn(fields, cols, name, arrow.PrimitiveTypes.Int64, func(old arrow.Array, b array.Builder) {
			o := old.(*array.Int32)
			for i := range o.Len() {
				switch {
				case i == 0:
					b.(*array.Int64Builder).Append(v)
				case o.IsNull(i):
					b.AppendNull()
				default:
					b.(*array.Int64Builder).Append(int64(o.Value(i)))
				}
			}
		})
	}
}

func dropColumn(name string) columnsFunc {
	return func(fields []arrow.Field, cols []arrow.Array) ([]arrow.Field, []arrow.Array) {
		var fo []arrow.Field
		var co []arrow.Array
		for i, f := range fields {
			if f.Name != name {
				fo, co = append(fo, f), append(co, cols[i])
			}
		}
		return fo, co
	}
}

// replaceColumn swaps the column name for one built by build from the old one.
func replaceColumn(fields []arrow.Field, cols []arrow.Array, name string, typ arrow.DataType, build func(old arrow.Array, b array.Builder)) ([]arrow.Field, []arrow.Array) {
	for i, f := range fields {
		if f.Name != name {
			continue
		}
		b := array.NewBuilder(memory.DefaultAllocator, typ)
		build(cols[i], b)
		fields[i] = arrow.Field{Name: name, Type: typ, Nullable: true}
		cols[i] = b.NewArray()
	}
	return fields, cols
}

// optionAsString: option as a UTF8 string ("2"), as a CSV export would give it.
func optionAsString(fields []arrow.Field, cols []arrow.Array) ([]arrow.Field, []arrow.Array) {
	return replaceColumn(fields, cols, "option", arrow.BinaryTypes.String, func(old arrow.Array, b array.Builder) {
		o := old.(*array.Int32)
		for i := range o.Len() {
			b.(*array.StringBuilder).Append(fmt.Sprint(o.Value(i)))
		}
	})
}

// signedOnAsTimestamp: signed_on as a TIMESTAMP (microseconds, UTC) at midnight.
func signedOnAsTimestamp(fields []arrow.Field, cols []arrow.Array) ([]arrow.Field, []arrow.Array) {
	typ := &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	return replaceColumn(fields, cols, "signed_on", typ, func(old arrow.Array, b array.Builder) {
		o := old.(*array.Date32)
		for i := range o.Len() {
			b.(*array.TimestampBuilder).Append(arrow.Timestamp(int64(o.Value(i)) * 86400 * 1_000_000))
		}
	})
}

// writeTruncated writes a valid contracts file cut just before its footer: the row data
// is all there, the footer (metadata, its length and the closing magic) is not.
func writeTruncated(p string) error {
	if err := inwrite.WriteRawContracts(p, baseContracts()); err != nil {
		return err
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	n := len(b)
	footer := int(binary.LittleEndian.Uint32(b[n-8 : n-4]))
	if string(b[n-4:]) != "PAR1" || footer+12 > n {
		return fmt.Errorf("%s: unexpected layout", p)
	}
	return os.WriteFile(p, b[:n-8-footer], 0o644)
}

// writeCorruptFooter writes a valid contracts file whose footer says the schema root has
// -8 children (one byte: the zigzag varint 0x0f): found by pipeline's FuzzParquetBytes,
// it makes the Parquet library panic while parsing the footer.
func writeCorruptFooter(p string) error {
	if err := inwrite.WriteRawContracts(p, baseContracts()); err != nil {
		return err
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	n := len(b)
	start := n - 8 - int(binary.LittleEndian.Uint32(b[n-8:n-4]))
	// The root element: name "schema" (binary of 6 bytes), then num_children (i32).
	i := bytes.Index(b[start:], []byte("\x06schema\x15"))
	if i < 0 {
		return fmt.Errorf("%s: no schema root in the footer", p)
	}
	b[start+i+8] = 0x0f
	return os.WriteFile(p, b, 0o644)
}

// writeNegativeRows writes a valid contracts file whose footer says it holds -3 rows (one
// byte: num_rows as the zigzag varint 0x05): found by pipeline's FuzzParquetBytes, it
// makes a reader that sizes its tables from the footers allocate a negative length.
func writeNegativeRows(p string) error {
	if err := inwrite.WriteRawContracts(p, baseContracts()); err != nil {
		return err
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	n := len(b)
	start := n - 8 - int(binary.LittleEndian.Uint32(b[n-8:n-4]))
	// FileMetaData.num_rows (i64, zigzag 2 rows = 0x04), then the row_groups list.
	i := bytes.LastIndex(b[start:], []byte{0x16, 0x04, 0x19, 0x1c})
	if i < 0 {
		return fmt.Errorf("%s: no num_rows in the footer", p)
	}
	b[start+i+1] = 0x05
	return os.WriteFile(p, b, 0o644)
}
