package partdiff

import (
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/amcalc/amcalc/io/publish"
)

// Options tune a comparison. The zero value compares every column (amcalc diff).
type Options struct {
	// IgnoreColumns lists, per table, columns left out of the comparison altogether
	// (neither compared nor reported as missing). Key columns cannot be ignored.
	IgnoreColumns map[string][]string
	// MaxLines caps the detail lines (text) or row entries (JSON) per table; 0 = all.
	// Counts are always complete.
	MaxLines int
	// ManifestKeys are the top-level _MANIFEST.json keys compared; nil means
	// DefaultManifestKeys.
	ManifestKeys []string
}

// ConformanceOptions compares as shared/conformance/README.md says: every column except
// rejects.detail (free text).
func ConformanceOptions() Options {
	return Options{IgnoreColumns: map[string][]string{"rejects": {"detail"}}}
}

// Report is the comparison of partition Old with partition New.
type Report struct {
	Old, New string
	Tables   []*TableDiff // payments, contracts, bands, rejects
	Totals   []TotalDiff  // payments.payable, contracts.payable_total
	Manifest ManifestDiff
	maxLines int
}

// TableDiff is the comparison of one table. Rows are in key order (DATA.md sort order).
type TableDiff struct {
	spec             *tableSpec
	Table            string
	Key              []string
	Ignored          []string // columns left out by Options.IgnoreColumns
	OldRows, NewRows int      // -1 when the file is missing
	// Problems prevent a full comparison: a missing file or key column.
	Problems         []string
	OnlyOld, OnlyNew []string // columns present on one side only
	// Duplicates are keys found on more than one row of one side (DATA.md keys are
	// unique). Their rows are not matched, hence neither added, removed nor changed.
	Duplicates                         []Duplicate
	Rows                               []RowDiff // removed, added and changed rows
	Added, Removed, Changed, Unchanged int
}

// Duplicate is a key held by several rows (0-based row numbers) of the Side file.
type Duplicate struct {
	Side string // "OLD" or "NEW"
	Key  []Value
	Rows []int
}

// RowDiff is one row: Op "-" only in OLD, "+" only in NEW, "~" changed. OldRow and
// NewRow are 0-based row numbers in their files, -1 when absent.
type RowDiff struct {
	Op             string
	Key            []Value
	OldRow, NewRow int
	Changes        []CellChange // for "~", in DATA.md column order
	// Shown are, for "-" and "+", the row's amounts (payments: event_date and payable;
	// contracts: status and payable_total), so that a report says what appeared or went.
	Shown []Cell
}

// Cell is one named value.
type Cell struct {
	Column string
	Value  Value
}

// CellChange is one changed value of a matched row.
type CellChange struct {
	Column   string
	Old, New Value
}

// TotalDiff compares the sum of a money column (nulls skipped); Null when the file or
// column is missing.
type TotalDiff struct {
	Name            string // "payments.payable"
	Old, New, Delta Value
}

// Identical reports whether the two partitions hold the same content: no problem, no
// column on one side only, no duplicate key and no added, removed or changed row.
// Manifest differences are context (a new program version may give identical content)
// and do not count.
func (r *Report) Identical() bool {
	for _, t := range r.Tables {
		if !t.Identical() {
			return false
		}
	}
	return true
}

// Identical reports whether the table has no difference at all.
func (t *TableDiff) Identical() bool {
	return len(t.Problems) == 0 && len(t.OnlyOld) == 0 && len(t.OnlyNew) == 0 &&
		len(t.Duplicates) == 0 && t.Added == 0 && t.Removed == 0 && t.Changed == 0
}

// ErrNotPartition: a folder given as a partition is missing, unreadable, or holds none
// of a partition's files (e.g. OUT instead of OUT/year=YYYY).
var ErrNotPartition = errors.New("unreadable partition")

// DiffPartitions compares the partition folders oldDir and newDir (each holding the four
// tables of DATA.md and possibly _MANIFEST.json). A missing table file is a reported
// problem; an unreadable one is an error. A folder with neither a manifest nor any
// table file is not a partition: an error wrapping ErrNotPartition.
func DiffPartitions(oldDir, newDir string, opt Options) (*Report, error) {
	for _, d := range []string{oldDir, newDir} {
		if err := checkPartition(d); err != nil {
			return nil, err
		}
	}
	r := &Report{Old: oldDir, New: newDir, maxLines: opt.MaxLines}
	olds := make([]*Table, len(tables))
	news := make([]*Table, len(tables))
	errs := make([]error, 2*len(tables))
	var wg sync.WaitGroup
	for i, spec := range tables {
		for side, dir := range []string{oldDir, newDir} {
			dst := &olds[i]
			if side == 1 {
				dst = &news[i]
			}
			wg.Go(func() {
				*dst, errs[2*i+side] = readIfExists(filepath.Join(dir, spec.file()))
			})
		}
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	r.Tables = make([]*TableDiff, len(tables))
	for i, spec := range tables {
		wg.Go(func() { r.Tables[i] = diffTable(spec, olds[i], news[i], opt.IgnoreColumns[spec.name]) })
	}
	wg.Wait()
	for _, tot := range totals {
		i := slices.IndexFunc(tables, func(s *tableSpec) bool { return s.name == tot.table })
		o, n := sumColumn(olds[i], tot.column), sumColumn(news[i], tot.column)
		r.Totals = append(r.Totals, TotalDiff{Name: tot.table + "." + tot.column, Old: o, New: n, Delta: subtract(n, o)})
	}
	keys := opt.ManifestKeys
	if keys == nil {
		keys = DefaultManifestKeys
	}
	var err error
	if r.Manifest, err = diffManifests(oldDir, newDir, keys); err != nil {
		return nil, err
	}
	return r, nil
}

// checkPartition returns an error wrapping ErrNotPartition unless dir is a folder
// holding the manifest or at least one table file.
func checkPartition(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("%w %s: %w", ErrNotPartition, dir, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("%w %s: not a directory", ErrNotPartition, dir)
	}
	names := []string{publish.ManifestName}
	for _, spec := range tables {
		names = append(names, spec.file())
	}
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w %s: %w", ErrNotPartition, dir, err)
		}
	}
	msg := fmt.Sprintf("%s %s: no %s, %s or %s", ErrNotPartition, dir, names[0], strings.Join(names[1:len(names)-1], ", "), names[len(names)-1])
	if parts, _ := filepath.Glob(filepath.Join(dir, "year=*")); len(parts) > 0 {
		msg += fmt.Sprintf(" (it holds %s: give a partition folder, e.g. %s)", filepath.Base(parts[0]), parts[0])
	}
	return &notPartition{msg}
}

// notPartition is the error of a folder that holds no partition file.
type notPartition struct{ msg string }

func (e *notPartition) Error() string { return e.msg }
func (e *notPartition) Unwrap() error { return ErrNotPartition }

func readIfExists(path string) (*Table, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return ReadTable(path)
}

// reportOrder sorts column names: DATA.md's order first, then other names by bytes.
func reportOrder(spec *tableSpec, names []string) {
	slices.SortFunc(names, func(a, b string) int {
		ia, ib := spec.index(a), spec.index(b)
		switch {
		case ia >= 0 && ib >= 0:
			return ia - ib
		case ia >= 0:
			return -1
		case ib >= 0:
			return 1
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	})
}

func diffTable(spec *tableSpec, old, nw *Table, ignore []string) *TableDiff {
	d := &TableDiff{spec: spec, Table: spec.name, Key: spec.key, OldRows: -1, NewRows: -1}
	ignored := map[string]bool{}
	for _, c := range ignore {
		if !slices.Contains(spec.key, c) {
			ignored[c] = true
			d.Ignored = append(d.Ignored, c)
		}
	}
	reportOrder(spec, d.Ignored)
	if old != nil {
		d.OldRows = old.rows
	}
	if nw != nil {
		d.NewRows = nw.rows
	}
	switch {
	case old == nil && nw == nil:
		d.Problems = append(d.Problems, spec.file()+" missing in OLD and NEW")
		return d
	case old == nil:
		d.Problems = append(d.Problems, spec.file()+" missing in OLD")
		return d
	case nw == nil:
		d.Problems = append(d.Problems, spec.file()+" missing in NEW")
		return d
	}

	// Column sets.
	var common []string
	for _, c := range old.cols {
		if ignored[c.name] {
			continue
		}
		if nw.column(c.name) == nil {
			d.OnlyOld = append(d.OnlyOld, c.name)
		} else {
			common = append(common, c.name)
		}
	}
	for _, c := range nw.cols {
		if !ignored[c.name] && old.column(c.name) == nil {
			d.OnlyNew = append(d.OnlyNew, c.name)
		}
	}
	reportOrder(spec, d.OnlyOld)
	reportOrder(spec, d.OnlyNew)
	reportOrder(spec, common)

	oldKey, newKey := make([]*column, len(spec.key)), make([]*column, len(spec.key))
	for i, k := range spec.key {
		oldKey[i], newKey[i] = old.column(k), nw.column(k)
		// A v1.3 key column (instalment) absent from a v1.2 partition reads as null.
		if oldKey[i] == nil && spec.v13(k) {
			oldKey[i] = nullColumn(k, old.rows)
		}
		if newKey[i] == nil && spec.v13(k) {
			newKey[i] = nullColumn(k, nw.rows)
		}
		if oldKey[i] == nil {
			d.Problems = append(d.Problems, "key column "+k+" missing in OLD: rows not matched")
		}
		if newKey[i] == nil {
			d.Problems = append(d.Problems, "key column "+k+" missing in NEW: rows not matched")
		}
	}
	if len(d.Problems) > 0 {
		return d
	}

	var ok, nk []string
	var oi, ni []int32
	var wg sync.WaitGroup
	wg.Go(func() { ok = rowKeys(old.rows, oldKey); oi = sortedRows(ok) })
	nk = rowKeys(nw.rows, newKey)
	ni = sortedRows(nk)
	wg.Wait()

	// Merge walk over runs of equal keys; matched pairs are compared afterwards,
	// column by column.
	type event struct {
		op   byte // '-', '+', '='
		o, n int32
	}
	var events []event
	var pairO, pairN []int32
	i, j := 0, 0
	run := func(keys []string, idx []int32, at int) int {
		end := at + 1
		for end < len(idx) && keys[idx[end]] == keys[idx[at]] {
			end++
		}
		return end
	}
	dup := func(side string, cols []*column, idx []int32) {
		rows := make([]int, len(idx))
		for k, r := range idx {
			rows[k] = int(r)
		}
		d.Duplicates = append(d.Duplicates, Duplicate{Side: side, Key: keyValues(cols, int(idx[0])), Rows: rows})
	}
	for i < len(oi) || j < len(ni) {
		var c int
		switch {
		case i == len(oi):
			c = 1
		case j == len(ni):
			c = -1
		default:
			c = compareStrings(ok[oi[i]], nk[ni[j]])
		}
		var i2, j2 int = i, j
		if c <= 0 {
			i2 = run(ok, oi, i)
		}
		if c >= 0 {
			j2 = run(nk, ni, j)
		}
		if i2-i > 1 {
			dup("OLD", oldKey, oi[i:i2])
		}
		if j2-j > 1 {
			dup("NEW", newKey, ni[j:j2])
		}
		if i2-i <= 1 && j2-j <= 1 {
			switch c {
			case -1:
				events = append(events, event{'-', oi[i], -1})
			case 1:
				events = append(events, event{'+', -1, ni[j]})
			default:
				events = append(events, event{'=', oi[i], ni[j]})
				pairO = append(pairO, oi[i])
				pairN = append(pairN, ni[j])
			}
		}
		i, j = i2, j2
	}

	// Column-wise comparison of matched pairs.
	type mismatch struct{ pair, col int32 }
	var mm []mismatch
	for ci, name := range common {
		oc, nc := old.column(name), nw.column(name)
		for p := range pairO {
			if !sameCell(oc, int(pairO[p]), nc, int(pairN[p])) {
				mm = append(mm, mismatch{int32(p), int32(ci)})
			}
		}
	}
	slices.SortStableFunc(mm, func(a, b mismatch) int { return int(a.pair) - int(b.pair) })

	pair, m := int32(0), 0
	for _, e := range events {
		switch e.op {
		case '-':
			d.Removed++
			d.Rows = append(d.Rows, RowDiff{Op: "-", Key: keyValues(oldKey, int(e.o)), OldRow: int(e.o), NewRow: -1,
				Shown: shownCells(spec, old, int(e.o))})
		case '+':
			d.Added++
			d.Rows = append(d.Rows, RowDiff{Op: "+", Key: keyValues(newKey, int(e.n)), OldRow: -1, NewRow: int(e.n),
				Shown: shownCells(spec, nw, int(e.n))})
		default:
			var changes []CellChange
			for ; m < len(mm) && mm[m].pair == pair; m++ {
				name := common[mm[m].col]
				changes = append(changes, CellChange{
					Column: name,
					Old:    old.column(name).value(int(e.o)),
					New:    nw.column(name).value(int(e.n)),
				})
			}
			if changes != nil {
				d.Changed++
				d.Rows = append(d.Rows, RowDiff{Op: "~", Key: keyValues(oldKey, int(e.o)), OldRow: int(e.o), NewRow: int(e.n), Changes: changes})
			} else {
				d.Unchanged++
			}
			pair++
		}
	}
	return d
}

// nullColumn is a column of n nulls.
func nullColumn(name string, n int) *column {
	null := make([]bool, n)
	for i := range null {
		null[i] = true
	}
	return &column{name: name, kind: KindInt, null: null, ints: make([]int64, n)}
}

// shownCells are the spec's shown columns of row in t (those t has).
func shownCells(spec *tableSpec, t *Table, row int) []Cell {
	var cells []Cell
	for _, name := range spec.shown {
		if c := t.column(name); c != nil {
			cells = append(cells, Cell{Column: name, Value: c.value(row)})
		}
	}
	return cells
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// sumColumn adds the non-null values of an integer or decimal column, exactly.
func sumColumn(t *Table, name string) Value {
	if t == nil {
		return Null
	}
	c := t.column(name)
	if c == nil || (c.kind != KindInt && c.kind != KindDecimal) {
		return Null
	}
	sum := new(big.Int)
	var part int64 // flushed into sum before it could overflow
	for i, v := range c.ints {
		if c.isNull(i) {
			continue
		}
		if (v > 0 && part >= 1<<62) || (v < 0 && part < -(1<<62)) || v >= 1<<62 || v < -(1<<62) {
			sum.Add(sum, big.NewInt(part))
			part = 0
			sum.Add(sum, big.NewInt(v))
			continue
		}
		part += v
	}
	sum.Add(sum, big.NewInt(part))
	return bigValue(sum, c.scale)
}

// subtract is a − b for integers and decimals (Null if either is not a number).
func subtract(a, b Value) Value {
	if !a.numeric() || !b.numeric() {
		return Null
	}
	s := max(a.scale(), b.scale())
	x, y := big.NewInt(a.Int), big.NewInt(b.Int)
	x.Mul(x, pow10(s-a.scale()))
	y.Mul(y, pow10(s-b.scale()))
	return bigValue(x.Sub(x, y), s)
}

func bigValue(v *big.Int, scale int32) Value {
	if !v.IsInt64() {
		return Value{Kind: KindOther, Str: "overflow"}
	}
	if scale == 0 {
		return Int(v.Int64())
	}
	return Dec(v.Int64(), scale)
}
