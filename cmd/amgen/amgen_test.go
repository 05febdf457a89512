package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/extract"
)

// readTree returns every file under dir with its bytes, by relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func run(t *testing.T, args ...string) {
	t.Helper()
	var stderr bytes.Buffer
	if code := Main(context.Background(), args, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("amgen %v: exit %d\n%s", args, code, stderr.String())
	}
}

func TestSameFlagsSameBytes(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	run(t, "--out", a, "--scale", "0.01", "--seed", "7", "--bad-rows", "3")
	run(t, "--out", b, "--scale", "0.01", "--seed", "7", "--bad-rows", "3", "--workers", "1")
	ta, tb := readTree(t, a), readTree(t, b)
	if len(ta) != 10 {
		t.Fatalf("%d files written, want 10: %v", len(ta), slices.Sorted(func(yield func(string) bool) {
			for k := range ta {
				if !yield(k) {
					return
				}
			}
		}))
	}
	for name, ba := range ta {
		if !bytes.Equal(ba, tb[name]) {
			t.Errorf("%s differs between two runs with the same flags", name)
		}
	}
	c := t.TempDir()
	run(t, "--out", c, "--scale", "0.01", "--seed", "8", "--bad-rows", "3")
	if bytes.Equal(ta["contracts.parquet"], readTree(t, c)["contracts.parquet"]) {
		t.Error("another seed gave the same contracts")
	}
}

// rejectedRows returns the distinct rejected rows as "file#row", sorted as Result lists them.
func rejectedRows(rej []extract.Reject) []string {
	type fr struct {
		f string
		r int64
	}
	var rows []fr
	for _, r := range rej {
		rows = append(rows, fr{r.File, r.Row})
	}
	slices.SortFunc(rows, func(a, b fr) int {
		if c := strings.Compare(a.f, b.f); c != 0 {
			return c
		}
		return int(a.r - b.r)
	})
	rows = slices.Compact(rows)
	out := []string{}
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s#%d", r.f, r.r))
	}
	return out
}

// inputs is what the reader makes of a generated folder.
type inputs struct {
	contracts   []extract.ContractRow
	crej        []extract.Reject
	activity    []extract.ActivityRow
	arej        []extract.Reject
	suspensions []extract.SuspensionRow
	srej        []extract.Reject
}

func read(t *testing.T, dir string) inputs {
	t.Helper()
	ctx := context.Background()
	var in inputs
	c, crej, cin, err := extract.ReadContracts(ctx, filepath.Join(dir, "contracts.parquet"), extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, arej, ain, err := extract.ReadActivity(ctx, filepath.Join(dir, "activity"), extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	valid := map[string]bool{}
	for _, r := range c {
		valid[r.ContractID] = true
	}
	s, srej, sin, err := extract.ReadSuspensions(ctx, filepath.Join(dir, "suspensions.parquet"), extract.Options{}, func(id string) bool { return valid[id] })
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(c))+cin.RejectedRows != cin.Rows || int64(len(a))+ain.RejectedRows != ain.Rows || int64(len(s))+sin.RejectedRows != sin.Rows {
		t.Fatalf("rows unaccounted for: contracts %+v, activity %+v, suspensions %+v", cin, ain, sin)
	}
	in.contracts, in.crej, in.activity, in.arej, in.suspensions, in.srej = c, crej, a, arej, s, srej
	return in
}

func TestReadsBackClean(t *testing.T) {
	dir := t.TempDir()
	run(t, "--out", dir, "--scale", "0.01")
	in := read(t, dir)
	c, a := in.contracts, in.activity
	if len(in.crej) != 0 || len(in.arej) != 0 || len(in.srej) != 0 {
		t.Fatalf("rejects with --bad-rows 0: contracts %v, activity %v, suspensions %v", head(in.crej), head(in.arej), head(in.srej))
	}
	if len(c) != 120 {
		t.Errorf("%d contracts at scale 0.01, want 120", len(c))
	}
	if len(a) < 8*2300 || len(a) > 8*2700 {
		t.Errorf("%d activity rows at scale 0.01, want about 8 × 2 500", len(a))
	}
}

func head(r []extract.Reject) []extract.Reject { return r[:min(len(r), 5)] }

func TestBadRowsAreExactlyTheRejects(t *testing.T) {
	dir := t.TempDir()
	res, err := Generate(context.Background(), Config{Out: dir, Scale: 0.01, Seed: 1, BadRows: 5, FirstYear: 2018, LastYear: 2025}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	in := read(t, dir)
	crej, arej, srej := in.crej, in.arej, in.srej
	if got := rejectedRows(srej); !reflect.DeepEqual(got, res.SuspensionRejected) {
		t.Errorf("suspensions rejected rows %v, want %v", got, res.SuspensionRejected)
	}
	if got := rejectedRows(crej); !reflect.DeepEqual(got, res.ContractRejected) {
		t.Errorf("contracts rejected rows %v, want %v", got, res.ContractRejected)
	}
	if got := rejectedRows(arej); !reflect.DeepEqual(got, res.ActivityRejected) {
		t.Errorf("activity rejected rows %v, want %v", got, res.ActivityRejected)
	}
	if len(res.ContractBad) != 5 || len(res.ActivityBad) != 5 || len(res.SuspensionBad) != 5 {
		t.Fatalf("bad rows inserted: %d contracts, %d activity, %d suspensions; want 5 each", len(res.ContractBad), len(res.ActivityBad), len(res.SuspensionBad))
	}
	// Every inserted bad row is rejected for the intended reason.
	has := func(rej []extract.Reject, b BadRow) bool {
		for _, r := range rej {
			if r.File == b.File && r.Row == b.Row && r.Column == b.Column && r.Problem == b.Problem {
				return true
			}
		}
		return false
	}
	for _, b := range res.ContractBad {
		if !has(crej, b) {
			t.Errorf("contracts: no reject %+v", b)
		}
	}
	for _, b := range res.ActivityBad {
		if !has(arej, b) {
			t.Errorf("activity: no reject %+v", b)
		}
	}
	for _, b := range res.SuspensionBad {
		if !has(srej, b) {
			t.Errorf("suspensions: no reject %+v", b)
		}
	}
}

// TestEveryContractProblem: with enough bad rows, every contracts problem the generator
// cycles through is rejected as intended, the v1.3 fee problems included.
func TestEveryContractProblem(t *testing.T) {
	dir := t.TempDir()
	res, err := Generate(context.Background(), Config{Out: dir, Scale: 0.01, Seed: 3, BadRows: 10, FirstYear: 2018, LastYear: 2025}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	in := read(t, dir)
	if got := rejectedRows(in.crej); !reflect.DeepEqual(got, res.ContractRejected) {
		t.Errorf("contracts rejected rows %v, want %v", got, res.ContractRejected)
	}
	if got := rejectedRows(in.srej); !reflect.DeepEqual(got, res.SuspensionRejected) {
		t.Errorf("suspensions rejected rows %v, want %v", got, res.SuspensionRejected)
	}
	probs := map[string]bool{}
	for _, b := range append(res.ContractBad, res.SuspensionBad...) {
		probs[b.Column+":"+b.Problem] = true
	}
	for _, want := range []string{"fees_12m_total:NEGATIVE_AMOUNT", "fees_12m_ccam:FEES_INCONSISTENT", "contract_id:DUPLICATE_KEY",
		"contract_id:NULL_REQUIRED", "suspended_until:ENDS_BEFORE_START", "contract_id:UNKNOWN_CONTRACT", "suspended_from:DATE_OUT_OF_RANGE"} {
		if !probs[want] {
			t.Errorf("no bad row for %s: %v", want, probs)
		}
	}
}

// nearestRank is R-BAND-3's percentile.
func nearestRank(v []int64, p int) int64 {
	slices.Sort(v)
	k := (p*len(v) + 99) / 100
	return v[k-1]
}

func TestDistributions(t *testing.T) {
	if testing.Short() {
		t.Skip("writes ~200 000 rows")
	}
	dir := t.TempDir()
	run(t, "--out", dir, "--scale", "0.1")
	in := read(t, dir)
	c, a := in.contracts, in.activity
	var mt, fa, spFA []int64
	gps, specs := 0, map[string]bool{}
	byDoctor := map[string]calc.Activity{}
	for _, r := range a {
		specs[r.Specialty] = true
		if prev, ok := byDoctor[r.DoctorID]; ok && prev.Specialty != r.Specialty {
			t.Fatalf("doctor %s changed specialty %s → %s", r.DoctorID, prev.Specialty, r.Specialty)
		}
		byDoctor[r.DoctorID] = r.Activity
		if r.Year != 2021 {
			continue
		}
		if r.Specialty == "01" {
			gps++
			if r.MTAdult.Valid && r.MTAdult.V > 0 {
				mt = append(mt, r.MTAdult.V)
			}
			fa = append(fa, r.FileActive)
		} else {
			spFA = append(spFA, r.FileActive)
		}
	}
	n := len(mt) + len(spFA)
	if n < 23_000 || n > 27_000 {
		t.Errorf("%d doctors in 2021 at scale 0.1, want about 25 000", n)
	}
	if share := float64(gps) / float64(len(fa)+len(spFA)); share < 0.57 || share > 0.63 {
		t.Errorf("GP share %.3f, want about 0.60", share)
	}
	if p30 := nearestRank(mt, 30); p30 < 580 || p30 > 700 {
		t.Errorf("GP MT adult P30 = %d, want near 640", p30)
	}
	if p50 := nearestRank(mt, 50); p50 < 1000 || p50 > 1250 {
		t.Errorf("GP MT adult median = %d, want about 1 100", p50)
	}
	if r := float64(nearestRank(fa, 50)) / float64(nearestRank(mt, 50)); r < 1.25 || r > 1.55 {
		t.Errorf("GP file active / MT adult medians = %.2f, want about 1.4", r)
	}
	if p10, p90 := nearestRank(spFA, 10), nearestRank(spFA, 90); p10 < 1000 || p90 > 8000 {
		t.Errorf("specialist file active P10–P90 = %d–%d, want about 1 500–6 000", p10, p90)
	}
	if len(specs) < 38 {
		t.Errorf("%d specialty codes, want about 40", len(specs))
	}
	t.Logf("2021: %d GPs, MT adult P30 %d P50 %d P95 %d; GP FA P50 %d; specialist FA P10 %d P50 %d P90 %d; %d codes",
		gps, nearestRank(mt, 30), nearestRank(mt, 50), nearestRank(mt, 95), nearestRank(fa, 50),
		nearestRank(spFA, 10), nearestRank(spFA, 50), nearestRank(spFA, 90), len(specs))
	opts := map[int32]int{}
	for _, r := range c {
		opts[r.Option]++
	}
	t.Logf("%d contracts, options %v", len(c), opts)
	for o, want := range map[int32]float64{1: 0.30, 2: 0.47, 3: 0.23} {
		if share := float64(opts[o]) / float64(len(c)); share < want-0.05 || share > want+0.05 {
			t.Errorf("option %d share %.3f, want about %.2f", o, share, want)
		}
	}
	checkFees(t, c)
	checkSuspensions(t, c, in.suspensions)
}

// checkFees: E-CLINICAL's contracts (R2/R3, clinical-test specialty) mostly carry both
// fees, with CCAM shares on both sides of 20 % and exactly at it, and a few nulls.
func checkFees(t *testing.T, c []extract.ContractRow) {
	t.Helper()
	var clinical, both, pass, fail, exact, null, other int
	for _, r := range c {
		if !(r.SignedOn >= r2From && slices.Contains(clinicalTest, r.Specialty)) {
			if r.Fees12mTotal.Valid {
				other++
			}
			continue
		}
		clinical++
		if !r.Fees12mTotal.Valid || !r.Fees12mCCAM.Valid {
			null++
			continue
		}
		both++
		switch ccam, total := r.Fees12mCCAM.V, r.Fees12mTotal.V; {
		case 5*ccam == total:
			exact++
			pass++
		case 5*ccam < total:
			pass++
		default:
			fail++
		}
	}
	t.Logf("clinical-test contracts %d: both fees %d (pass %d, exactly 20 %% %d, fail %d), a null fee %d; other contracts with fees %d",
		clinical, both, pass, exact, fail, null, other)
	if clinical < 30 || float64(both) < 0.85*float64(clinical) || pass < clinical/3 || fail < clinical/5 || exact == 0 || null == 0 || other == 0 {
		t.Error("fees not spread as intended")
	}
}

// checkSuspensions: about 4 % of hired contracts are suspended (R-SUSP-1), some open-ended.
func checkSuspensions(t *testing.T, c []extract.ContractRow, s []extract.SuspensionRow) {
	t.Helper()
	hired := 0
	for _, r := range c {
		if r.HiredOn.Valid {
			hired++
		}
	}
	ids := map[string]bool{}
	open := 0
	for _, r := range s {
		ids[r.ContractID] = true
		if !r.Until.Valid {
			open++
		}
	}
	share := float64(len(ids)) / float64(hired)
	t.Logf("%d suspension rows, %d contracts suspended of %d hired (%.3f), %d open-ended", len(s), len(ids), hired, share, open)
	if share < 0.025 || share > 0.055 || open == 0 || open == len(s) {
		t.Error("suspensions not spread as intended")
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--out", "x", "--scale", "0"},
		{"--out", "x", "--years", "2025-2018"},
		{"--out", "x", "--bad-rows", "-1"},
		{"--out", "x", "extra"},
	} {
		if code := Main(context.Background(), args, &bytes.Buffer{}, &bytes.Buffer{}); code != 2 {
			t.Errorf("amgen %v: exit %d, want 2", args, code)
		}
	}
}
