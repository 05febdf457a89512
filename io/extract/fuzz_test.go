package extract

import (
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"

	"github.com/amcalc/amcalc/calc"
)

// decodeRows runs rows through the same decoder, duplicate pass and compaction as a file
// read, from in-memory Arrow columns (no Parquet in between, so the fuzzer goes fast).
func decodeRows[R any](t *testing.T, specs []colSpec, wide bool, rows []row, dec decoder[R], dups func(*table[R])) ([]R, []Reject, Input) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := buildRecord(t, mem, specCols(specs, wide, rows...))
	defer rec.Release()
	n := len(rows)
	aux := &activityAux{}
	tb := &table[R]{files: []FileInfo{{Rel: "f.parquet"}}, offs: []int64{0, int64(n)}, aux: aux,
		all: sink[R]{rows: make([]R, n), st: make([]uint8, n), spec: make([]uint16, n)}}
	b := batch{cols: make([]column, len(specs)), n: n, rel: "f.parquet", aux: aux, specCache: map[string]uint16{}}
	for i, cs := range specs {
		phys := parquet.Types.Int32
		if wide && cs.kind == kindInt {
			phys = parquet.Types.Int64
		}
		c, err := makeColumn(rec.Column(i), cs.kind, phys, interner{})
		if err != nil {
			t.Fatalf("column %s (%s): %v", cs.name, phys, err)
		}
		b.cols[i] = c
	}
	var err error
	if tb.rej, err = dec(&b, tb.all, nil); err != nil {
		t.Fatal(err)
	}
	dups(tb)
	got, rej, in, _ := finish("x", "f.parquet", tb)
	return got, rej, in
}

// checkLedger: every row read is valid or rejected, never both, never neither, and every
// reject names a real row, column and problem.
func checkLedger(t *testing.T, n int, valid int, in Input, rej []Reject, specs []colSpec) {
	t.Helper()
	if in.Rows != int64(n) || int64(valid)+in.RejectedRows != in.Rows {
		t.Fatalf("rows %d: valid %d + rejected %d", in.Rows, valid, in.RejectedRows)
	}
	bad := map[int64]bool{}
	for _, r := range rej {
		bad[r.Row] = true
		if r.Row < 0 || r.Row >= int64(n) || r.File != "f.parquet" || r.Detail == "" {
			t.Errorf("reject %+v", r)
		}
		known := r.Column == "doctor_id,year"
		for _, cs := range specs {
			known = known || cs.name == r.Column
		}
		if !known || !slices.Contains([]string{ProblemNullRequired, ProblemBadEnum, ProblemNegativeCount, ProblemCountTooLarge,
			ProblemDateOutOfRange, ProblemEndsBeforeStart, ProblemSignedBeforeScheme, ProblemDuplicateKey}, r.Problem) {
			t.Errorf("reject %+v: unknown column or problem", r)
		}
	}
	if int64(len(bad)) != in.RejectedRows {
		t.Errorf("%d distinct rejected rows in rejects, input says %d", len(bad), in.RejectedRows)
	}
	if !slices.IsSortedFunc(rej, func(a, b Reject) int {
		if a.Row != b.Row {
			return int(a.Row - b.Row)
		}
		if a.Column != b.Column {
			return map[bool]int{true: -1, false: 1}[a.Column < b.Column]
		}
		return map[bool]int{true: -1, false: 1}[a.Problem < b.Problem]
	}) {
		t.Errorf("rejects not sorted: %+v", rej)
	}
}

// opt returns v, or null when null is set.
func opt(v any, null bool) any {
	if null {
		return nil
	}
	return v
}

func FuzzValidateContract(f *testing.F) {
	f.Add("C1", "S1", int64(2), int32(18700), int32(18720), int32(0), false, int32(18000), false,
		int64(10), int64(5), int64(100000), int64(0), int64(-1), uint32(0), false, true)
	f.Add("B12-DUP", "S3", int64(4), int32(18128), int32(47500), int32(18000), true, int32(-1), true,
		int64(-5), int64(100001), int64(0), int64(7), int64(1<<40), uint32(1<<cOption|1<<cSignedOn), true, false)
	f.Fuzz(func(t *testing.T, id, sector string, option int64, signed, hired, ended int32, endedNull bool, coord int32, coordNull bool,
		bma, bmc, bfa, tmt, tfa int64, nulls uint32, wide, dupRow bool) {
		if !wide && (option != int64(int32(option)) || bma != int64(int32(bma)) || bmc != int64(int32(bmc)) ||
			bfa != int64(int32(bfa)) || tmt != int64(int32(tmt)) || tfa != int64(int32(tfa))) {
			t.Skip("value does not fit an INT32 column")
		}
		nulls &= contractRequired
		null := func(ci int) bool { return nulls&(1<<ci) != 0 }
		r := with(baseContract(id), "contract_id", opt(id, null(cContractID)), "doctor_id", opt("D", null(cDoctorID)),
			"specialty", opt("01", null(cSpecialty)), "tariff_sector", opt(sector, null(cTariffSector)),
			"underserved_zone", opt(true, null(cUnderservedZone)), "group_practice", opt(false, null(cGroupPractice)),
			"new_installation", opt(false, null(cNewInstallation)), "rqth_ald", opt(true, null(cRqthAld)),
			"option", opt(option, null(cOption)), "signed_on", opt(calc.Date(signed), null(cSignedOn)),
			"hired_on", opt(calc.Date(hired), hired == 0), "ended_on", opt(calc.Date(ended), endedNull),
			"coordinated_since", opt(calc.Date(coord), coordNull),
			"baseline_mt_adult", bma, "baseline_mt_child", bmc, "baseline_file_active", bfa, "target_mt", tmt, "target_file_active", tfa)
		rows := []row{r}
		if dupRow {
			rows = append(rows, baseContract(id))
		}
		got, rej, in := decodeRows(t, contractSpecs, wide, rows, decodeContracts, markContractDuplicates)
		checkLedger(t, len(rows), len(got), in, rej, contractSpecs)

		// An independent statement of DATA.md "Bad input" for row 0.
		inRange := func(d int32, lo string) bool {
			return calc.Date(d) >= mustDate(lo) && calc.Date(d) <= mustDate("2099-12-31")
		}
		count := func(v int64) bool { return v >= 0 && v <= 100000 }
		start := signed
		if hired != 0 {
			start = max(signed, hired)
		}
		valid0 := nulls == 0 &&
			slices.Contains([]string{"S1", "S2_OPTAM", "S2_OPTAMCO", "S2"}, sector) && option >= 1 && option <= 3 &&
			count(bma) && count(bmc) && count(bfa) && count(tmt) && count(tfa) &&
			inRange(signed, "2019-01-01") && (hired == 0 || inRange(hired, "2019-01-01")) &&
			(endedNull || inRange(ended, "2019-01-01") && ended >= start) &&
			(coordNull || inRange(coord, "1970-01-01")) && calc.Date(signed) >= mustDate("2019-08-21") &&
			!(dupRow && !null(cContractID))
		rejected0 := slices.ContainsFunc(rej, func(r Reject) bool { return r.Row == 0 })
		if valid0 == rejected0 {
			t.Errorf("row 0 valid by the spec: %v; rejects %+v", valid0, rej)
		}
		if valid0 && (got[0].Option != int32(option) || got[0].ContractID != id || got[0].TariffSector != sector) {
			t.Errorf("row %+v", got[0])
		}
	})
}

func FuzzValidateActivity(f *testing.F) {
	f.Add("99000000001", int64(2021), int64(10), int64(5), int64(100000), uint32(0), false, false, false, "99000000001", int64(2021))
	f.Add("", int64(-3), int64(-1), int64(100001), int64(250000), uint32(1<<aFSVolet1|1<<aYear), true, true, true, "", int64(0))
	f.Fuzz(func(t *testing.T, id string, year, mta, mtc, fa int64, nulls uint32, mtaNull, mtcNull, wide bool, id2 string, year2 int64) {
		if !wide && (year != int64(int32(year)) || year2 != int64(int32(year2)) || mta != int64(int32(mta)) ||
			mtc != int64(int32(mtc)) || fa != int64(int32(fa))) {
			t.Skip("value does not fit an INT32 column")
		}
		if year != int64(int32(year)) || year2 != int64(int32(year2)) {
			t.Skip("year beyond int32: a file error, tested apart")
		}
		nulls &= activityRequired
		null := func(ci int) bool { return nulls&(1<<ci) != 0 }
		r := row{"doctor_id": opt(id, null(aDoctorID)), "year": opt(year, null(aYear)), "specialty": opt("01", null(aSpecialty)),
			"mt_adult": opt(mta, mtaNull), "mt_child": opt(mtc, mtcNull), "file_active": opt(fa, null(aFileActive)),
			"fs_volet1": opt(true, null(aFSVolet1))}
		rows := []row{r, baseActivity(id2, year2)}
		dups := func(t *table[packedActivity]) {
			at := &ActivityTable{files: t.files, offs: t.offs, rows: t.all.rows, spec: t.all.spec, st: t.all.st, aux: t.aux}
			t.rej = at.markDuplicates(t.rej, 2)
		}
		got, rej, in := decodeRows(t, activitySpecs, wide, rows, decodeActivity, dups)
		checkLedger(t, len(rows), len(got), in, rej, activitySpecs)

		count := func(v int64) bool { return v >= 0 && v <= 100000 }
		dup := nulls&(1<<aDoctorID|1<<aYear) == 0 && id == id2 && year == year2
		valid0 := nulls == 0 && (mtaNull || count(mta)) && (mtcNull || count(mtc)) && count(fa) && !dup
		rejected0 := slices.ContainsFunc(rej, func(r Reject) bool { return r.Row == 0 })
		if valid0 == rejected0 {
			t.Errorf("row 0 valid by the spec: %v; rejects %+v", valid0, rej)
		}
		rejected1 := slices.ContainsFunc(rej, func(r Reject) bool { return r.Row == 1 })
		if rejected1 != dup {
			t.Errorf("row 1 (a valid row) rejected %v, duplicate of row 0 %v", rejected1, dup)
		}
		for _, x := range rej {
			if x.Row == 0 {
				want := activityKey(id, !null(aDoctorID), year, !null(aYear))
				if x.Key != want || x.KeyNull {
					t.Errorf("key %q, want %q", x.Key, want)
				}
			}
		}
	})
}

func mustDate(s string) calc.Date {
	v, err := calc.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}
