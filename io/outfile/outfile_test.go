package outfile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/vfs/vfstest"
)

const refDir = "/work/shared/conformance/expected/y2024/year=2024"

func d(y int, m time.Month, day int) calc.Date { return calc.MakeDate(y, m, day) }

func ratio(n, den int64) calc.OptRatio { return calc.SomeRatio(calc.NewRatio(n, den)) }

func samplePayments() []calc.Payment {
	return []calc.Payment{
		{ // an advance: every observation column null
			ContractID: "C0000001", DoctorID: "10000000001", ContractYear: 1, Kind: "advance", Instalment: calc.Some(1),
			EventDate: d(2024, 3, 1), PeriodStart: d(2024, 3, 1), PeriodEnd: d(2025, 3, 1),
			PeriodDays: 365, AmountTable: "T2024", Band: "p30_p50",
			BaseAmount: calc.Euros(21000), Due: calc.Euros(10500), Payable: calc.Euros(10500),
		},
		{
			ContractID: "C0000001", DoctorID: "10000000001", ContractYear: 1, Kind: "settlement",
			EventDate: d(2025, 3, 1), PeriodStart: d(2024, 3, 1), PeriodEnd: d(2025, 3, 1),
			CoveredDays: calc.Some(300), SuspendedDays: calc.Some(65), PeriodDays: 365, AmountTable: "T2024", Band: "p30_p50",
			ObservationYear: calc.Some(2024), TargetFA: calc.Some(1764), TargetMT: calc.Some(1357),
			ObservedFA: calc.Some(1316), ObservedMT: calc.Some(986), ObjectiveSource: "grid",
			Attainment: ratio(1, 3), Modulation: ratio(2, 3), Prorata: ratio(-1, 2_000_000),
			BaseAmount: 2100001, Due: 1400001, AlreadyPaid: calc.Euros(10500), Payable: 350001,
			Reasons: "FORFAIT_STRUCTURE;R-OBJ-6",
		},
		{ // extremes of the decimal types, a negative payable, null band and source
			ContractID: "C0000002", DoctorID: "10000000002", ContractYear: 3, Kind: "settlement",
			EventDate: d(2024, 12, 31), PeriodStart: d(2023, 12, 31), PeriodEnd: d(2024, 12, 31),
			CoveredDays: calc.Some(12), PeriodDays: 366, AmountTable: "T2019",
			ObservationYear: calc.Some(2023), TargetFA: calc.Some(0), ObservedFA: calc.Some(5),
			Attainment: ratio(999_999_999, 1_000_000), Modulation: ratio(-999_999_999, 1_000_000), Prorata: ratio(1, 1),
			BaseAmount: 9_999_999_999_999_999, Due: -9_999_999_999_999_999, AlreadyPaid: 1, Payable: -12345,
		},
	}
}

func sampleLedger() []calc.Ledger {
	return []calc.Ledger{
		{ContractID: "C0000001", DoctorID: "10000000001", Specialty: "01", Option: 3, Regime: "R3",
			StartDate: calc.SomeDate(d(2024, 3, 1)), Status: calc.StatusPaid, Band: "p30_p50",
			ReferenceYear: calc.Some(2023), BaselineMT: calc.Some(900), BaselineFA: calc.Some(1200),
			TargetMT: calc.Some(1357), TargetFA: calc.Some(1764), ObjectiveSource: "grid",
			Events: 2, PayableTotal: 1400001},
		{ContractID: "C0000002", DoctorID: "10000000002", Specialty: "08", Option: 1,
			Status: calc.StatusError, Reasons: "NO_BASELINE", Events: 0, PayableTotal: -12345},
		{ContractID: "C0000003", DoctorID: "10000000003", Specialty: "01", Option: 2, Regime: "R1",
			StartDate: calc.SomeDate(d(2025, 11, 14)), Status: calc.StatusNoEvent},
	}
}

func sampleBands() []calc.Band {
	return []calc.Band{
		{ReferenceYear: 2015, Specialty: "01", Measure: calc.MeasureFileActive},
		{ReferenceYear: 2023, Specialty: "01", Measure: calc.MeasureMTAdult, Population: 1234,
			P30: calc.Some(500), P50: calc.Some(800), P70: calc.Some(1000), P90: calc.Some(1400),
			P95: calc.Some(1700), Pinned: "p30;p95"},
	}
}

func sampleRejects() []RejectRow {
	return []RejectRow{
		{Input: "activity", File: "year=2021/part-0.parquet", Row: 2565, Key: "90000000075|2021",
			Column: "doctor_id,year", Problem: "DUPLICATE_KEY", Detail: "(doctor_id, year) appears more than once"},
		{Input: "contracts", File: "contracts.parquet", Row: 0, KeyNull: true,
			Column: "contract_id", Problem: "NULL_REQUIRED"},
		{Input: "contracts", File: "contracts.parquet", Row: 1, Key: "",
			Column: "option", Problem: "BAD_ENUM", Detail: ""},
	}
}

func opts(mem memory.Allocator) Options { return Options{Version: "1.2.3-test", Alloc: mem} }

func checkedAlloc(t *testing.T) *memory.CheckedAllocator {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	return mem
}

// readTable reads a file back with Arrow's own reader into one slice of values per
// column: nil for null, string, int32, int64, calc.Date, or the raw decimal int64.
func readTable(t *testing.T, path string, mem memory.Allocator) (map[string][]any, *arrow.Schema) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tbl, err := pqarrow.ReadTable(context.Background(), f, parquet.NewReaderProperties(mem), pqarrow.ArrowReadProperties{}, mem)
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	out := map[string][]any{}
	for i := 0; i < int(tbl.NumCols()); i++ {
		col := tbl.Column(i)
		var vals []any
		for _, ch := range col.Data().Chunks() {
			for r := 0; r < ch.Len(); r++ {
				if ch.IsNull(r) {
					vals = append(vals, nil)
					continue
				}
				switch a := ch.(type) {
				case *array.String:
					vals = append(vals, a.Value(r))
				case *array.Int32:
					vals = append(vals, a.Value(r))
				case *array.Int64:
					vals = append(vals, a.Value(r))
				case *array.Date32:
					vals = append(vals, calc.Date(a.Value(r)))
				case *array.Decimal128:
					v := a.Value(r)
					if !v.BigInt().IsInt64() {
						t.Fatalf("%s: decimal does not fit int64", col.Name())
					}
					vals = append(vals, v.BigInt().Int64())
				default:
					t.Fatalf("%s: unexpected Arrow type %s", col.Name(), ch.DataType())
				}
			}
		}
		out[col.Name()] = vals
	}
	return out, tbl.Schema()
}

// Optional values in the shape readTable returns.
func optI32(v calc.OptInt) any {
	if !v.Valid {
		return nil
	}
	return int32(v.V)
}
func optI64(v calc.OptInt) any {
	if !v.Valid {
		return nil
	}
	return v.V
}
func optDate(v calc.OptDate) any {
	if !v.Valid {
		return nil
	}
	return v.V
}
func optStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}
func micros(v calc.OptRatio) any {
	if !v.Valid {
		return nil
	}
	return v.R.Micros()
}

func wantPayments(rows []calc.Payment) map[string][]any {
	w := map[string][]any{}
	add := func(k string, v any) { w[k] = append(w[k], v) }
	for _, r := range rows {
		add("contract_id", r.ContractID)
		add("doctor_id", r.DoctorID)
		add("contract_year", r.ContractYear)
		add("kind", r.Kind)
		add("instalment", optI32(r.Instalment))
		add("event_date", r.EventDate)
		add("period_start", r.PeriodStart)
		add("period_end", r.PeriodEnd)
		add("covered_days", optI32(r.CoveredDays))
		add("suspended_days", optI32(r.SuspendedDays))
		add("period_days", r.PeriodDays)
		add("amount_table", r.AmountTable)
		add("band", optStr(r.Band))
		add("observation_year", optI32(r.ObservationYear))
		add("target_file_active", optI64(r.TargetFA))
		add("target_mt", optI64(r.TargetMT))
		add("observed_file_active", optI64(r.ObservedFA))
		add("observed_mt", optI64(r.ObservedMT))
		add("objective_source", optStr(r.ObjectiveSource))
		add("attainment", micros(r.Attainment))
		add("modulation", micros(r.Modulation))
		add("prorata", micros(r.Prorata))
		add("base_amount", int64(r.BaseAmount))
		add("due", int64(r.Due))
		add("already_paid", int64(r.AlreadyPaid))
		add("payable", int64(r.Payable))
		add("reasons", r.Reasons)
	}
	return w
}

func wantLedger(rows []calc.Ledger) map[string][]any {
	w := map[string][]any{}
	add := func(k string, v any) { w[k] = append(w[k], v) }
	for _, r := range rows {
		add("contract_id", r.ContractID)
		add("doctor_id", r.DoctorID)
		add("specialty", r.Specialty)
		add("option", r.Option)
		add("regime", optStr(r.Regime))
		add("start_date", optDate(r.StartDate))
		add("status", r.Status)
		add("reasons", r.Reasons)
		add("band", optStr(r.Band))
		add("reference_year", optI32(r.ReferenceYear))
		add("baseline_mt", optI64(r.BaselineMT))
		add("baseline_file_active", optI64(r.BaselineFA))
		add("target_mt", optI64(r.TargetMT))
		add("target_file_active", optI64(r.TargetFA))
		add("objective_source", optStr(r.ObjectiveSource))
		add("events", r.Events)
		add("payable_total", int64(r.PayableTotal))
	}
	return w
}

func wantBands(rows []calc.Band) map[string][]any {
	w := map[string][]any{}
	add := func(k string, v any) { w[k] = append(w[k], v) }
	for _, r := range rows {
		add("reference_year", r.ReferenceYear)
		add("specialty", r.Specialty)
		add("measure", r.Measure)
		add("population", r.Population)
		add("p30", optI64(r.P30))
		add("p50", optI64(r.P50))
		add("p70", optI64(r.P70))
		add("p90", optI64(r.P90))
		add("p95", optI64(r.P95))
		add("pinned", r.Pinned)
	}
	return w
}

func wantRejects(rows []RejectRow) map[string][]any {
	w := map[string][]any{}
	add := func(k string, v any) { w[k] = append(w[k], v) }
	for _, r := range rows {
		add("input", r.Input)
		add("file", r.File)
		add("row", r.Row)
		if r.KeyNull {
			add("key", nil)
		} else {
			add("key", r.Key)
		}
		add("column", r.Column)
		add("problem", r.Problem)
		add("detail", r.Detail)
	}
	return w
}

type output struct {
	name  string
	write func(path string, o Options) (Summary, error)
	want  map[string][]any
	total calc.Cents
	rows  int64
}

func outputs() []output {
	p, l, b, r := samplePayments(), sampleLedger(), sampleBands(), sampleRejects()
	return []output{
		{"payments", func(path string, o Options) (Summary, error) { return WritePayments(path, p, o) },
			wantPayments(p), 1050000 + 350001 - 12345, int64(len(p))},
		{"contracts", func(path string, o Options) (Summary, error) { return WriteLedger(path, l, o) },
			wantLedger(l), 1400001 - 12345, int64(len(l))},
		{"bands", func(path string, o Options) (Summary, error) { return WriteBands(path, b, o) },
			wantBands(b), 0, int64(len(b))},
		{"rejects", func(path string, o Options) (Summary, error) { return WriteRejects(path, r, o) },
			wantRejects(r), 0, int64(len(r))},
	}
}

func TestRoundTripArrow(t *testing.T) {
	for _, out := range outputs() {
		t.Run(out.name, func(t *testing.T) {
			mem := checkedAlloc(t)
			path := filepath.Join(t.TempDir(), out.name+".parquet")
			sum, err := out.write(path, opts(mem))
			if err != nil {
				t.Fatal(err)
			}
			if sum.File != out.name+".parquet" || sum.Rows != out.rows || sum.PayableTotal != out.total {
				t.Errorf("summary = %+v, want %d rows, payable total %v", sum, out.rows, out.total)
			}
			st, err := os.Stat(path)
			if err != nil || st.Size() != sum.Bytes || len(sum.SHA256) != 64 {
				t.Errorf("summary bytes %d sha %q, file %v %v", sum.Bytes, sum.SHA256, st, err)
			}
			got, _ := readTable(t, path, mem)
			if !reflect.DeepEqual(got, out.want) {
				for k := range out.want {
					if !reflect.DeepEqual(got[k], out.want[k]) {
						t.Errorf("column %s = %#v, want %#v", k, got[k], out.want[k])
					}
				}
				if len(got) != len(out.want) {
					t.Errorf("%d columns, want %d", len(got), len(out.want))
				}
			}
		})
	}
}

// The decimal raw values are exactly the cents and the half-away-from-zero micros.
func TestDecimalRawValues(t *testing.T) {
	mem := checkedAlloc(t)
	path := filepath.Join(t.TempDir(), "payments.parquet")
	if _, err := WritePayments(path, samplePayments(), opts(mem)); err != nil {
		t.Fatal(err)
	}
	got, sc := readTable(t, path, mem)
	for _, c := range []struct {
		col  string
		want []any
	}{
		{"attainment", []any{nil, int64(333333), int64(999999999)}},
		{"modulation", []any{nil, int64(666667), int64(-999999999)}},
		{"prorata", []any{nil, int64(-1), int64(1000000)}}, // -0.5 micro rounds away from zero
		{"due", []any{int64(1050000), int64(1400001), int64(-9_999_999_999_999_999)}},
	} {
		if !reflect.DeepEqual(got[c.col], c.want) {
			t.Errorf("%s = %v, want %v", c.col, got[c.col], c.want)
		}
	}
	for _, f := range sc.Fields() {
		if dt, ok := f.Type.(*arrow.Decimal128Type); ok {
			want := typeMoney
			if f.Name == "attainment" || f.Name == "modulation" || f.Name == "prorata" {
				want = typeRatio
			}
			if !arrow.TypeEqual(dt, want) {
				t.Errorf("%s read back as %s, want %s", f.Name, dt, want)
			}
		}
	}
}

// Every output has the reference file's columns, in its order, with the same physical
// type, logical type and repetition (the reference files are written by DuckDB).
func TestSchemaMatchesReference(t *testing.T) {
	for _, out := range outputs() {
		t.Run(out.name, func(t *testing.T) {
			ref := filepath.Join(refDir, out.name+".parquet")
			if _, err := os.Stat(ref); err != nil {
				t.Skipf("reference file: %v", err)
			}
			path := filepath.Join(t.TempDir(), out.name+".parquet")
			if _, err := out.write(path, opts(nil)); err != nil {
				t.Fatal(err)
			}
			rr, err := file.OpenParquetFile(ref, false)
			if err != nil {
				t.Fatal(err)
			}
			defer rr.Close()
			gr, err := file.OpenParquetFile(path, false)
			if err != nil {
				t.Fatal(err)
			}
			defer gr.Close()
			rs, gs := rr.MetaData().Schema, gr.MetaData().Schema
			if rs.NumColumns() != gs.NumColumns() {
				t.Fatalf("%d columns, reference has %d", gs.NumColumns(), rs.NumColumns())
			}
			for i := 0; i < rs.NumColumns(); i++ {
				r, g := rs.Column(i), gs.Column(i)
				if r.Name() != g.Name() || r.PhysicalType() != g.PhysicalType() ||
					!r.LogicalType().Equals(g.LogicalType()) ||
					r.SchemaNode().RepetitionType() != g.SchemaNode().RepetitionType() {
					t.Errorf("column %d: got %s %s %s %s, reference %s %s %s %s", i,
						g.Name(), g.PhysicalType(), g.LogicalType(), g.SchemaNode().RepetitionType(),
						r.Name(), r.PhysicalType(), r.LogicalType(), r.SchemaNode().RepetitionType())
				}
				if r.SchemaNode().RepetitionType() != parquet.Repetitions.Optional {
					t.Errorf("reference column %s not optional", r.Name())
				}
			}
			if got, want := gr.MetaData().GetCreatedBy(), "amcalc version 1.2.3-test"; got != want {
				t.Errorf("created_by = %q, want %q", got, want)
			}
			if kv := gr.MetaData().KeyValueMetadata(); kv.Len() != 0 {
				t.Errorf("key-value metadata %v, want none (no Arrow schema, no timestamps)", kv)
			}
		})
	}
}

// Dictionary encoding only on the low-cardinality columns, zstd everywhere.
func TestWriterSettings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "payments.parquet")
	if _, err := WritePayments(path, samplePayments(), opts(nil)); err != nil {
		t.Fatal(err)
	}
	r, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rg := r.MetaData().RowGroup(0)
	for i, c := range paymentColumns {
		cc, err := rg.ColumnChunk(i)
		if err != nil {
			t.Fatal(err)
		}
		if cc.HasDictionaryPage() != c.dict {
			t.Errorf("%s: dictionary page %v, want %v", c.name, cc.HasDictionaryPage(), c.dict)
		}
		if cc.Compression().String() != "ZSTD" {
			t.Errorf("%s: compression %s", c.name, cc.Compression())
		}
	}
	for _, name := range []string{"contract_id", "doctor_id", "payable", "base_amount"} {
		for _, c := range paymentColumns {
			if c.name == name && c.dict {
				t.Errorf("%s must not be dictionary-encoded", name)
			}
		}
	}
}

func TestDeterministicBytes(t *testing.T) {
	for _, out := range outputs() {
		t.Run(out.name, func(t *testing.T) {
			dir := t.TempDir()
			a, b := filepath.Join(dir, "a.parquet"), filepath.Join(dir, "b.parquet")
			sa, err := out.write(a, opts(nil))
			if err != nil {
				t.Fatal(err)
			}
			sb, err := out.write(b, opts(memory.NewGoAllocator()))
			if err != nil {
				t.Fatal(err)
			}
			ba, _ := os.ReadFile(a)
			bb, _ := os.ReadFile(b)
			if !bytes.Equal(ba, bb) || sa.SHA256 != sb.SHA256 {
				t.Errorf("two writes of the same rows differ")
			}
		})
	}
}

// Several row groups: one per RecordRows rows, the last shorter; values survive.
func TestRowGroups(t *testing.T) {
	mem := checkedAlloc(t)
	var rows []calc.Band
	for i := range 10 {
		rows = append(rows, calc.Band{ReferenceYear: int32(2015 + i), Specialty: "01", Measure: calc.MeasureMTTotal,
			Population: int64(i), P30: calc.Some(int64(i))})
	}
	path := filepath.Join(t.TempDir(), "bands.parquet")
	o := opts(mem)
	o.RecordRows = 3
	if _, err := WriteBands(path, rows, o); err != nil {
		t.Fatal(err)
	}
	r, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n := r.NumRowGroups(); n != 4 {
		t.Errorf("%d row groups, want 4", n)
	}
	for i, want := range []int64{3, 3, 3, 1} {
		if got := r.MetaData().RowGroup(i).NumRows(); got != want {
			t.Errorf("row group %d: %d rows, want %d", i, got, want)
		}
	}
	got, _ := readTable(t, path, mem)
	if !reflect.DeepEqual(got, wantBands(rows)) {
		t.Errorf("round trip over row groups differs")
	}
}

func TestEmpty(t *testing.T) {
	mem := checkedAlloc(t)
	path := filepath.Join(t.TempDir(), "rejects.parquet")
	sum, err := WriteRejects(path, nil, opts(mem))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows != 0 {
		t.Errorf("rows = %d", sum.Rows)
	}
	got, sc := readTable(t, path, mem)
	if sc.NumFields() != 7 || len(got["input"]) != 0 {
		t.Errorf("empty file: %d fields, %v", sc.NumFields(), got)
	}
}

func TestRowChecks(t *testing.T) {
	pay := func(f func(*calc.Payment)) func(string, Options) (Summary, error) {
		rows := samplePayments()
		f(&rows[1])
		return func(p string, o Options) (Summary, error) { return WritePayments(p, rows, o) }
	}
	led := func(f func(*calc.Ledger)) func(string, Options) (Summary, error) {
		rows := sampleLedger()
		f(&rows[1])
		return func(p string, o Options) (Summary, error) { return WriteLedger(p, rows, o) }
	}
	rej := func(f func(*RejectRow)) func(string, Options) (Summary, error) {
		rows := sampleRejects()
		f(&rows[1])
		return func(p string, o Options) (Summary, error) { return WriteRejects(p, rows, o) }
	}
	band := func(f func(*calc.Band)) func(string, Options) (Summary, error) {
		rows := sampleBands()
		f(&rows[1])
		return func(p string, o Options) (Summary, error) { return WriteBands(p, rows, o) }
	}
	for _, c := range []struct {
		name   string
		write  func(string, Options) (Summary, error)
		column string
		err    error // nil: must succeed
	}{
		{"unknown kind", pay(func(r *calc.Payment) { r.Kind = "bonus" }), "kind", ErrBadValue},
		{"empty amount_table", pay(func(r *calc.Payment) { r.AmountTable = "" }), "amount_table", ErrNull},
		{"payable 10^16 cents", pay(func(r *calc.Payment) { r.Payable = 1e16 }), "payable", ErrOverflow},
		{"due -10^16 cents", pay(func(r *calc.Payment) { r.Due = -1e16 }), "due", ErrOverflow},
		{"base 10^16-1 cents ok", pay(func(r *calc.Payment) { r.BaseAmount = 1e16 - 1 }), "", nil},
		{"attainment 1000", pay(func(r *calc.Payment) { r.Attainment = ratio(1000, 1) }), "attainment", ErrOverflow},
		{"attainment rounds to 10^9 micros", pay(func(r *calc.Payment) { r.Attainment = ratio(1_999_999_999, 2_000_000) }), "attainment", ErrOverflow},
		{"modulation -999.9999995", pay(func(r *calc.Payment) { r.Modulation = ratio(-1_999_999_999, 2_000_000) }), "modulation", ErrOverflow},
		{"huge ratio", pay(func(r *calc.Payment) { r.Prorata = ratio(1<<62, 3) }), "prorata", ErrOverflow},
		{"zero denominator", pay(func(r *calc.Payment) { r.Prorata = calc.OptRatio{R: calc.Ratio{Num: 1}, Valid: true} }), "prorata", ErrBadValue},
		{"covered_days beyond int32", pay(func(r *calc.Payment) { r.CoveredDays = calc.Some(1 << 31) }), "covered_days", ErrOverflow},
		{"empty status", led(func(r *calc.Ledger) { r.Status = "" }), "status", ErrNull},
		{"unknown status", led(func(r *calc.Ledger) { r.Status = "done" }), "status", ErrBadValue},
		{"payable_total overflow", led(func(r *calc.Ledger) { r.PayableTotal = -1e17 }), "payable_total", ErrOverflow},
		{"reference_year beyond int32", led(func(r *calc.Ledger) { r.ReferenceYear = calc.Some(-1 << 40) }), "reference_year", ErrOverflow},
		{"unknown measure", band(func(r *calc.Band) { r.Measure = "mt" }), "measure", ErrBadValue},
		{"negative reject row", rej(func(r *RejectRow) { r.Row = -1 }), "row", ErrBadValue},
		{"unknown input", rej(func(r *RejectRow) { r.Input = "x" }), "input", ErrBadValue},
		{"empty problem", rej(func(r *RejectRow) { r.Problem = "" }), "problem", ErrNull},
	} {
		t.Run(c.name, func(t *testing.T) {
			mem := checkedAlloc(t)
			path := filepath.Join(t.TempDir(), "out.parquet")
			_, err := c.write(path, opts(mem))
			if c.err == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var re *RowError
			if !errors.Is(err, c.err) || !errors.As(err, &re) || re.Row != 1 || re.Column != c.column || re.File != "out.parquet" {
				t.Fatalf("err = %v, want %v on row 1 column %s", err, c.err, c.column)
			}
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Errorf("a file was created despite the bad row: %v", err)
			}
		})
	}
}

func TestOptionsChecked(t *testing.T) {
	if _, err := WriteBands(filepath.Join(t.TempDir(), "b.parquet"), nil, Options{}); err == nil {
		t.Error("empty Version accepted")
	}
	if _, err := WriteBands(filepath.Join(t.TempDir(), "b.parquet"), nil, Options{Version: "v", RecordRows: -1}); err == nil {
		t.Error("negative RecordRows accepted")
	}
}

// A failing disk gives an error and leaves no file behind, at every byte offset we try
// (the disk full there, or lying about the bytes beyond it), and no Arrow buffer leaks on
// the error paths.
func TestWriteErrors(t *testing.T) {
	rows := samplePayments()
	good := filepath.Join(t.TempDir(), "good.parquet")
	sum, err := WritePayments(good, rows, opts(nil))
	if err != nil {
		t.Fatal(err)
	}
	type faultCase struct {
		name string
		fs   *vfstest.FS
		want error // the wrapped cause; nil when only the read-back catches it
	}
	var cases []faultCase
	for _, n := range []int64{0, 1, 4, 100, 1000, sum.Bytes / 2, sum.Bytes - 8, sum.Bytes - 1} {
		cases = append(cases,
			faultCase{fmt.Sprintf("room=%d", n), &vfstest.FS{Room: &n}, syscall.ENOSPC},
			faultCase{fmt.Sprintf("room=%d_lie", n), &vfstest.FS{Room: &n, Lie: true}, nil})
	}
	for _, kind := range []string{"fsync", "close", "open"} {
		cases = append(cases, faultCase{kind, &vfstest.FS{Match: vfstest.On(kind, ""), FailAt: 1, Err: syscall.EIO}, syscall.EIO})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mem := checkedAlloc(t)
			path := filepath.Join(t.TempDir(), "payments.parquet")
			o := opts(mem)
			o.FS = c.fs
			if _, err := WritePayments(path, rows, o); err == nil {
				t.Fatal("no error")
			} else if c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("error %v does not wrap %v", err, c.want)
			}
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Errorf("half-written file left behind: %v", err)
			}
		})
	}
}

func TestSortHelpers(t *testing.T) {
	p := samplePayments()
	p[0], p[2] = p[2], p[0]
	p[0], p[1] = p[1], p[0] // settlement of C1 before its advance
	if err := CheckSortedPayments(p); err == nil {
		t.Error("unsorted payments accepted")
	}
	SortPayments(p)
	if err := CheckSortedPayments(p); err != nil {
		t.Error(err)
	}
	if p[0].Kind != "advance" || p[1].Kind != "settlement" || p[2].ContractID != "C0000002" {
		t.Errorf("sorted order wrong: %v %v %v", p[0].Kind, p[1].Kind, p[2].ContractID)
	}
	// R-PAY-1: the instalments of one contract year in their order, then the settlement.
	adv := func(i int64) calc.Payment {
		return calc.Payment{ContractID: "C3", ContractYear: 3, Kind: "advance", Instalment: calc.Some(i)}
	}
	y3 := []calc.Payment{{ContractID: "C3", ContractYear: 3, Kind: "settlement"}, adv(2), adv(1)}
	SortPayments(y3)
	if y3[0].Instalment.V != 1 || y3[1].Instalment.V != 2 || y3[2].Kind != "settlement" {
		t.Errorf("R-PAY-1 instalment order wrong: %+v", y3)
	}
	r := sampleRejects()
	r[0], r[2] = r[2], r[0]
	SortRejects(r)
	if err := CheckSortedRejects(r); err != nil || r[0].Input != "activity" || r[1].Row != 0 {
		t.Errorf("rejects order wrong: %v %+v", err, r)
	}
	b := sampleBands()
	b[0], b[1] = b[1], b[0]
	if CheckSortedBands(b) == nil {
		t.Error("unsorted bands accepted")
	}
	l := sampleLedger()
	if err := CheckSortedLedger(l); err != nil {
		t.Error(err)
	}
}
