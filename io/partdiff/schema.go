package partdiff

// colType is a DATA.md output column type.
type colType uint8

const (
	tString colType = iota // UTF8 BYTE_ARRAY
	tInt32                 // INT32
	tInt64                 // INT64
	tDate                  // INT32 DATE
	tMoney                 // DECIMAL(18,2) stored as INT64 ("the raw integer is cents")
	tRatio                 // DECIMAL(9,6)
)

var colTypeNames = [...]string{"STRING", "INT32", "INT64", "DATE", "DECIMAL(18,2) as INT64", "DECIMAL(9,6)"}

func (t colType) String() string { return colTypeNames[t] }

type specColumn struct {
	name string
	typ  colType
	// v13 marks a column new in DATA.md v1.3: a partition written before (v1.2) lacks
	// it, and is still compared (as a column on one side) and checked.
	v13 bool
}

type tableSpec struct {
	name    string       // payments, contracts, bands, rejects
	key     []string     // DATA.md sort keys, in order
	columns []specColumn // DATA.md Outputs, in DATA.md order
	// shown are the columns an added or removed row shows beside its key (the amounts).
	shown []string
}

// v13 reports whether column name is new in v1.3 (may be absent).
func (s *tableSpec) v13(name string) bool {
	i := s.index(name)
	return i >= 0 && s.columns[i].v13
}

func (s *tableSpec) file() string { return s.name + ".parquet" }

func (s *tableSpec) index(name string) int {
	for i, c := range s.columns {
		if c.name == name {
			return i
		}
	}
	return -1
}

func cols(t colType, names ...string) []specColumn {
	out := make([]specColumn, len(names))
	for i, n := range names {
		out[i] = specColumn{name: n, typ: t}
	}
	return out
}

// since13 marks columns as new in DATA.md v1.3.
func since13(c []specColumn) []specColumn {
	for i := range c {
		c[i].v13 = true
	}
	return c
}

func join(parts ...[]specColumn) []specColumn {
	var out []specColumn
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// tables is DATA.md "Outputs: OUT/year=YYYY/", in report order.
//
// This table is partdiff's own on purpose, not io/outfile's schema: it is the spec as an
// independent reader states it, so that the conformance test and `amcalc diff` check
// what the writer produced against DATA.md, not against itself.
var tables = []*tableSpec{
	{
		name: "payments",
		// R-PAY-1: instalment numbers the advances of a contract year; null on settlements.
		key: []string{"contract_id", "contract_year", "kind", "instalment"},
		columns: join(
			cols(tString, "contract_id", "doctor_id"),
			cols(tInt32, "contract_year"),
			cols(tString, "kind"),
			since13(cols(tInt32, "instalment")),
			cols(tDate, "event_date", "period_start", "period_end"),
			cols(tInt32, "covered_days"),
			since13(cols(tInt32, "suspended_days")),
			cols(tInt32, "period_days"),
			cols(tString, "amount_table", "band"),
			cols(tInt32, "observation_year"),
			cols(tInt64, "target_file_active", "target_mt", "observed_file_active", "observed_mt"),
			cols(tString, "objective_source"),
			cols(tRatio, "attainment", "modulation", "prorata"),
			cols(tMoney, "base_amount", "due", "already_paid", "payable"),
			cols(tString, "reasons"),
		),
		shown: []string{"event_date", "payable"},
	},
	{
		name: "contracts",
		key:  []string{"contract_id"},
		columns: join(
			cols(tString, "contract_id", "doctor_id", "specialty"),
			cols(tInt32, "option"),
			cols(tString, "regime"),
			cols(tDate, "start_date"),
			cols(tString, "status", "reasons", "band"),
			cols(tInt32, "reference_year"),
			cols(tInt64, "baseline_mt", "baseline_file_active", "target_mt", "target_file_active"),
			cols(tString, "objective_source"),
			cols(tInt32, "events"),
			cols(tMoney, "payable_total"),
		),
		shown: []string{"status", "payable_total"},
	},
	{
		name: "bands",
		key:  []string{"reference_year", "specialty", "measure"},
		columns: join(
			cols(tInt32, "reference_year"),
			cols(tString, "specialty", "measure"),
			cols(tInt64, "population", "p30", "p50", "p70", "p90", "p95"),
			cols(tString, "pinned"),
		),
	},
	{
		name: "rejects",
		key:  []string{"input", "file", "row", "column", "problem"},
		columns: join(
			cols(tString, "input", "file"),
			cols(tInt64, "row"),
			cols(tString, "key", "column", "problem", "detail"),
		),
	},
}

// totals are the money columns whose sums the report compares.
var totals = []struct{ table, column string }{
	{"payments", "payable"},
	{"contracts", "payable_total"},
}
