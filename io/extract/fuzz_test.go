package extract

import (
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"

	"github.com/amcalc/amcalc/calc"
)

// decodeRows runs rows through the same decoder, duplicate pass and compaction as a file
// read, from in-memory Arrow columns (no Parquet in between, so the fuzzer goes fast). A
// v1.3-optional column no row carries is absent. A string that is not valid UTF-8 makes
// the whole "file" bad: bad is then the first such (row, column), and nothing is returned.
func decodeRows[R any](t *testing.T, specs []Column, wide bool, rows []row, dec decoder[R], dups func(*table[R])) (got []R, rej []Reject, in Input, bad *badStringError, badCol string) {
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
		fi := rec.Schema().FieldIndices(cs.Name)
		if len(fi) == 0 {
			b.cols[i] = absentColumn()
			continue
		}
		phys := parquet.Types.Int32
		if wide && cs.Kind == KindInt {
			phys = parquet.Types.Int64
		}
		c, err := makeColumn(rec.Column(fi[0]), cs.Kind, phys, interner{})
		if bs, ok := err.(*badStringError); ok {
			if bad == nil || bs.row < bad.row {
				bad, badCol = bs, cs.Name
			}
			continue
		}
		if err != nil {
			t.Fatalf("column %s (%s): %v", cs.Name, phys, err)
		}
		b.cols[i] = c
	}
	if bad != nil {
		return nil, nil, Input{}, bad, badCol
	}
	var err error
	if tb.rej, err = dec(&b, tb.all, nil); err != nil {
		t.Fatal(err)
	}
	dups(tb)
	got, rej, in, _ = finish("x", "f.parquet", tb)
	return got, rej, in, nil, ""
}

// firstInvalid returns the first (row, column) of rows whose string value in one of cols
// is not valid UTF-8: the bad string a file read must report.
func firstInvalid(rows []row, cols ...string) (int, bool) {
	for i, r := range rows {
		for _, c := range cols {
			if s, ok := r[c].(string); ok && !utf8.ValidString(s) {
				return i, true
			}
		}
	}
	return -1, false
}

// checkLedger: every row read is valid or rejected, never both, never neither, and every
// reject names a real row, column and problem.
func checkLedger(t *testing.T, n int, valid int, in Input, rej []Reject, specs []Column) {
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
			known = known || cs.Name == r.Column
		}
		if !known || !slices.Contains([]string{ProblemNullRequired, ProblemBadEnum, ProblemNegativeCount, ProblemCountTooLarge,
			ProblemDateOutOfRange, ProblemEndsBeforeStart, ProblemSignedBeforeScheme, ProblemDuplicateKey,
			ProblemNegativeAmount, ProblemAmountTooLarge, ProblemFeesInconsistent, ProblemUnknownContract}, r.Problem) {
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
		int64(10), int64(5), int64(100000), int64(0), int64(-1), uint32(0), false, true, int64(500000), int64(100000), uint8(0))
	f.Add("B12-DUP", "S3", int64(4), int32(18128), int32(47500), int32(18000), true, int32(-1), true,
		int64(-5), int64(100001), int64(0), int64(7), int64(1<<40), uint32(1<<cOption|1<<cSignedOn), true, false, int64(-1), int64(MaxAmount+1), uint8(0))
	f.Add("C\xff", "S1", int64(2), int32(18700), int32(18720), int32(0), false, int32(18000), false,
		int64(10), int64(5), int64(100000), int64(0), int64(-1), uint32(0), true, false, int64(100), int64(200), uint8(1))
	f.Add("C2", "S1", int64(2), int32(18700), int32(18720), int32(0), false, int32(18000), false,
		int64(10), int64(5), int64(100000), int64(0), int64(-1), uint32(0), true, false, int64(MaxAmount), int64(MaxAmount), uint8(4))
	f.Fuzz(func(t *testing.T, id, sector string, option int64, signed, hired, ended int32, endedNull bool, coord int32, coordNull bool,
		bma, bmc, bfa, tmt, tfa int64, nulls uint32, wide, dupRow bool, feesTotal, feesCCAM int64, feesNull uint8) {
		if !wide && (option != int64(int32(option)) || bma != int64(int32(bma)) || bmc != int64(int32(bmc)) ||
			bfa != int64(int32(bfa)) || tmt != int64(int32(tmt)) || tfa != int64(int32(tfa)) ||
			feesTotal != int64(int32(feesTotal)) || feesCCAM != int64(int32(feesCCAM))) {
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
		// feesNull: bit 0 total null, bit 1 ccam null, bit 2 both columns absent (a v1.2 file).
		totalNull, ccamNull := feesNull&1 != 0 || feesNull&4 != 0, feesNull&2 != 0 || feesNull&4 != 0
		if feesNull&4 == 0 {
			r = with(r, "fees_12m_total", opt(feesTotal, totalNull), "fees_12m_ccam", opt(feesCCAM, ccamNull))
		}
		rows := []row{r}
		if dupRow {
			dr := baseContract(id)
			if feesNull&4 == 0 {
				dr = with(dr, "fees_12m_total", nil, "fees_12m_ccam", nil)
			}
			rows = append(rows, dr)
		}
		got, rej, in, bad, badCol := decodeRows(t, ContractColumns, wide, rows, contractDecoder(DefaultSchemeStart), markContractDuplicates)
		// DATA.md: a string that is not valid UTF-8 makes the file bad, naming its row.
		if wantRow, ok := firstInvalid(rows, "contract_id", "doctor_id", "specialty", "tariff_sector"); ok || bad != nil {
			if !ok || bad == nil || bad.row != wantRow {
				t.Fatalf("invalid UTF-8 at row %d (%v): reader says %+v in %s", wantRow, ok, bad, badCol)
			}
			return
		}
		checkLedger(t, len(rows), len(got), in, rej, ContractColumns)

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
			!(dupRow && !null(cContractID)) &&
			(totalNull || feesTotal >= 0 && feesTotal <= 100_000_000_000) &&
			(ccamNull || feesCCAM >= 0 && feesCCAM <= 100_000_000_000) &&
			(totalNull || ccamNull || feesCCAM <= feesTotal)
		rejected0 := slices.ContainsFunc(rej, func(r Reject) bool { return r.Row == 0 })
		if valid0 == rejected0 {
			t.Errorf("row 0 valid by the spec: %v; rejects %+v", valid0, rej)
		}
		if valid0 && (got[0].Option != int32(option) || got[0].ContractID != id || got[0].TariffSector != sector ||
			got[0].Fees12mTotal != (calc.OptInt{V: feesTotal, Valid: !totalNull}) ||
			got[0].Fees12mCCAM != (calc.OptInt{V: feesCCAM, Valid: !ccamNull})) {
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
		got, rej, in, bad, _ := decodeRows(t, ActivityColumns, wide, rows, decodeActivity, dups)
		if wantRow, ok := firstInvalid(rows, "doctor_id", "specialty"); ok || bad != nil {
			if !ok || bad == nil || bad.row != wantRow {
				t.Fatalf("invalid UTF-8 at row %d (%v): reader says %+v", wantRow, ok, bad)
			}
			return
		}
		checkLedger(t, len(rows), len(got), in, rej, ActivityColumns)

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

// FuzzValidateSuspension checks suspension rows (R-SUSP-1) against an independent model
// of DATA.md "Bad input": NULL_REQUIRED, DATE_OUT_OF_RANGE, ENDS_BEFORE_START and
// UNKNOWN_CONTRACT, each independent; never DUPLICATE_KEY (row 1 repeats row 0's period).
func FuzzValidateSuspension(f *testing.F) {
	f.Add("C1", false, int32(19000), false, int32(19100), false, "absence", true)
	f.Add("C2", false, int32(17000), false, int32(16000), false, "", false)
	f.Add("", true, int32(0), true, int32(47500), false, "not_replaced", true)
	f.Add("C\xfe", false, int32(19000), false, int32(0), true, "x", true)
	f.Add("C3", false, int32(19000), false, int32(0), true, "r\xff", true)
	f.Fuzz(func(t *testing.T, id string, idNull bool, from int32, fromNull bool, until int32, untilNull bool, reason string, known bool) {
		r := row{"contract_id": opt(id, idNull), "suspended_from": opt(calc.Date(from), fromNull),
			"suspended_until": opt(calc.Date(until), untilNull), "reason": reason}
		rows := []row{r, r}
		isKnown := func(c string) bool { return known && c == id }
		unknown := func(t *table[SuspensionRow]) { markUnknownContracts(t, isKnown) }
		got, rej, in, bad, _ := decodeRows(t, SuspensionColumns, false, rows, decodeSuspensions, unknown)
		if wantRow, ok := firstInvalid(rows, "contract_id", "reason"); ok || bad != nil {
			if !ok || bad == nil || bad.row != wantRow {
				t.Fatalf("invalid UTF-8 at row %d (%v): reader says %+v", wantRow, ok, bad)
			}
			return
		}
		checkLedger(t, len(rows), len(got), in, rej, SuspensionColumns)

		inRange := func(d int32) bool {
			return calc.Date(d) >= mustDate("2019-01-01") && calc.Date(d) <= mustDate("2099-12-31")
		}
		var want []string // column:problem of row 0, sorted
		if idNull {
			want = append(want, "contract_id:NULL_REQUIRED")
		} else if !known {
			want = append(want, "contract_id:UNKNOWN_CONTRACT")
		}
		if fromNull {
			want = append(want, "suspended_from:NULL_REQUIRED")
		} else if !inRange(from) {
			want = append(want, "suspended_from:DATE_OUT_OF_RANGE")
		}
		if !untilNull && !inRange(until) {
			want = append(want, "suspended_until:DATE_OUT_OF_RANGE")
		}
		if !fromNull && !untilNull && until < from {
			want = append(want, "suspended_until:ENDS_BEFORE_START")
		}
		var have [2][]string
		for _, x := range rej {
			have[x.Row] = append(have[x.Row], x.Column+":"+x.Problem)
			if x.Input != InputSuspensions || x.Key != opt(id, idNull) && !(idNull && x.Key == "") || x.KeyNull != idNull {
				t.Errorf("reject %+v: key", x)
			}
		}
		if !slices.Equal(have[0], want) || !slices.Equal(have[1], want) {
			t.Errorf("rejects %v, want %v on both rows", have, want)
		}
		if len(want) == 0 {
			wantRow := SuspensionRow{ContractID: id, Suspension: calc.Suspension{From: calc.Date(from)}, File: "f.parquet"}
			if !untilNull {
				wantRow.Until = calc.SomeDate(calc.Date(until))
			}
			if len(got) != 2 || got[0] != wantRow || got[1].Row != 1 {
				t.Errorf("rows %+v, want %+v", got, wantRow)
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
