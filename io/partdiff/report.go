package partdiff

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteText writes the human report: per table a summary line, then detail lines in key
// order (at most Options.MaxLines per table), then the totals and the manifest:
//
//	payments: 1 added, 1 removed, 1 changed (922 → 922 rows)
//	- payments [contract_id=C0000003 contract_year=1 kind=advance instalment=1] event_date=2024-03-16 payable=2100.00
//	+ payments [contract_id=C0000009 contract_year=1 kind=advance instalment=1] event_date=2024-05-31 payable=2100.00
//	~ payments [contract_id=C0000004 contract_year=1 kind=settlement] payable: 5400.00 → 5500.00
//	contracts: identical (1689 rows)
//	total payments.payable: 7074325.17 → 7074425.17 (+100.00)
//	manifest inputs[activity].files[year=2024/part-0.parquet].sha256: "9f…" → "a0…"
//	manifest inputs[suspensions]: added {"bytes":…}
//	different
func (r *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, t := range r.Tables {
		t.writeText(bw, r.maxLines)
	}
	for _, tot := range r.Totals {
		fmt.Fprintf(bw, "total %s: %s\n", tot.Name, tot.text())
	}
	if !r.Manifest.Compared {
		fmt.Fprintf(bw, "manifest: not compared (%s)\n", r.Manifest.Note)
	} else if len(r.Manifest.Changes) == 0 {
		fmt.Fprintln(bw, "manifest: same year, as_of, inputs, parameters and versions")
	}
	for _, c := range r.Manifest.Changes {
		switch {
		case c.Old == nil:
			fmt.Fprintf(bw, "manifest %s: added %s\n", c.Path, c.New)
		case c.New == nil:
			fmt.Fprintf(bw, "manifest %s: removed %s\n", c.Path, c.Old)
		default:
			fmt.Fprintf(bw, "manifest %s: %s → %s\n", c.Path, c.Old, c.New)
		}
	}
	if r.Identical() {
		fmt.Fprintln(bw, "identical")
	} else {
		fmt.Fprintln(bw, "different")
	}
	return bw.Flush()
}

func (tot TotalDiff) text() string {
	if tot.Old.Equal(tot.New) {
		return tot.Old.String() + " (unchanged)"
	}
	delta := tot.Delta.String()
	if tot.Delta.numeric() && !strings.HasPrefix(delta, "-") {
		delta = "+" + delta
	}
	return fmt.Sprintf("%s → %s (%s)", tot.Old, tot.New, delta)
}

// Summary is the table's one-line count, e.g. "payments: 2 added, 1 removed, 3 changed
// (922 → 923 rows)", or "payments: identical (922 rows)".
func (t *TableDiff) Summary() string {
	if t.Identical() {
		return fmt.Sprintf("%s: identical (%d rows)", t.Table, t.OldRows)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d added, %d removed, %d changed", t.Table, t.Added, t.Removed, t.Changed)
	if n := len(t.Duplicates); n > 0 {
		fmt.Fprintf(&b, ", %d duplicate keys", n)
	}
	if n := len(t.OnlyOld) + len(t.OnlyNew); n > 0 {
		fmt.Fprintf(&b, ", %d columns on one side", n)
	}
	if len(t.Problems) > 0 {
		fmt.Fprintf(&b, ", %d problems", len(t.Problems))
	}
	fmt.Fprintf(&b, " (%s → %s rows)", rowCount(t.OldRows), rowCount(t.NewRows))
	return b.String()
}

func rowCount(n int) string {
	if n < 0 {
		return "no file"
	}
	return strconv.Itoa(n)
}

// eachLine yields the detail lines until yield returns false.
func (t *TableDiff) eachLine(yield func(string) bool) {
	for _, p := range t.Problems {
		if !yield("! " + t.Table + ": " + p) {
			return
		}
	}
	for _, c := range t.OnlyOld {
		if !yield("- " + t.Table + " column " + c + ": only in OLD") {
			return
		}
	}
	for _, c := range t.OnlyNew {
		if !yield("+ " + t.Table + " column " + c + ": only in NEW") {
			return
		}
	}
	for _, d := range t.Duplicates {
		rows := make([]string, len(d.Rows))
		for i, r := range d.Rows {
			rows[i] = strconv.Itoa(r)
		}
		if !yield(fmt.Sprintf("! %s duplicate key %s in %s: rows %s", t.Table, t.keyText(d.Key), d.Side, strings.Join(rows, ", "))) {
			return
		}
	}
	for _, r := range t.Rows {
		if r.Op != "~" {
			line := r.Op + " " + t.Table + " " + t.keyText(r.Key)
			for _, c := range r.Shown {
				line += " " + c.Column + "=" + c.Value.String()
			}
			if !yield(line) {
				return
			}
			continue
		}
		for _, c := range r.Changes {
			if !yield(fmt.Sprintf("~ %s %s %s: %s → %s", t.Table, t.keyText(r.Key), c.Column, c.Old, c.New)) {
				return
			}
		}
	}
}

// keyText labels a key: [contract_id=C0000024 contract_year=4 kind=advance instalment=2].
// A null v1.3 key part (the instalment of a settlement, or of a v1.2 partition) is left out.
func (t *TableDiff) keyText(key []Value) string {
	return keyText(t.spec, t.Key, key)
}

func keyText(spec *tableSpec, names []string, key []Value) string {
	parts := make([]string, 0, len(key))
	for i, v := range key {
		if i >= len(names) {
			parts = append(parts, v.String())
			continue
		}
		if v.IsNull() && spec != nil && spec.v13(names[i]) {
			continue
		}
		parts = append(parts, names[i]+"="+v.String())
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func (t *TableDiff) writeText(w io.Writer, maxLines int) {
	fmt.Fprintln(w, t.Summary())
	n, more := 0, 0
	t.eachLine(func(s string) bool {
		if maxLines > 0 && n >= maxLines {
			more++
			return true
		}
		n++
		fmt.Fprintln(w, s)
		return true
	})
	if more > 0 {
		fmt.Fprintf(w, "… %d more %s lines\n", more, t.Table)
	}
}

// JSON shapes: field order is fixed by the structs, lists are in report order.
type jsonReport struct {
	Old       string       `json:"old"`
	New       string       `json:"new"`
	Identical bool         `json:"identical"`
	Tables    []jsonTable  `json:"tables"`
	Totals    []jsonTotal  `json:"totals"`
	Manifest  jsonManifest `json:"manifest"`
}

type jsonTable struct {
	Table       string          `json:"table"`
	Key         []string        `json:"key"`
	Ignored     []string        `json:"ignored_columns"`
	Identical   bool            `json:"identical"`
	OldRows     *int            `json:"old_rows"` // null when the file is missing
	NewRows     *int            `json:"new_rows"`
	Added       int             `json:"added"`
	Removed     int             `json:"removed"`
	Changed     int             `json:"changed"`
	Unchanged   int             `json:"unchanged"`
	Problems    []string        `json:"problems"`
	OnlyOld     []string        `json:"columns_only_old"`
	OnlyNew     []string        `json:"columns_only_new"`
	Duplicates  []jsonDuplicate `json:"duplicate_keys"`
	Rows        []jsonRow       `json:"rows"`
	RowsOmitted int             `json:"rows_omitted"` // beyond Options.MaxLines
}

type jsonDuplicate struct {
	Side string  `json:"side"`
	Key  []Value `json:"key"`
	Rows []int   `json:"rows"`
}

type jsonRow struct {
	Op      string       `json:"op"`
	Key     []Value      `json:"key"`
	OldRow  *int         `json:"old_row"`
	NewRow  *int         `json:"new_row"`
	Changes []jsonChange `json:"changes,omitempty"`
	Values  []jsonCell   `json:"values,omitempty"` // an added or removed row's amounts
}

type jsonCell struct {
	Column string `json:"column"`
	Value  Value  `json:"value"`
}

type jsonChange struct {
	Column string `json:"column"`
	Old    Value  `json:"old"`
	New    Value  `json:"new"`
}

type jsonTotal struct {
	Name  string `json:"name"`
	Old   Value  `json:"old"`
	New   Value  `json:"new"`
	Delta Value  `json:"delta"`
}

type jsonManifest struct {
	Compared bool                 `json:"compared"`
	Note     string               `json:"note,omitempty"`
	Changes  []jsonManifestChange `json:"changes"`
}

type jsonManifestChange struct {
	Path string          `json:"path"`
	Old  json.RawMessage `json:"old"` // null when absent
	New  json.RawMessage `json:"new"`
}

func optRow(n int) *int {
	if n < 0 {
		return nil
	}
	return &n
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// WriteJSON writes the report as one indented JSON document with a fixed field order and
// every list in report order. Values are null, numbers (integers), booleans or strings
// (strings, dates "YYYY-MM-DD", decimals as exact text "5400.00"); row numbers are 0-based.
func (r *Report) WriteJSON(w io.Writer) error {
	out := jsonReport{Old: r.Old, New: r.New, Identical: r.Identical(), Tables: []jsonTable{}, Totals: []jsonTotal{}}
	for _, t := range r.Tables {
		jt := jsonTable{
			Table: t.Table, Key: nonNil(t.Key), Ignored: nonNil(t.Ignored), Identical: t.Identical(),
			OldRows: optRow(t.OldRows), NewRows: optRow(t.NewRows),
			Added: t.Added, Removed: t.Removed, Changed: t.Changed, Unchanged: t.Unchanged,
			Problems: nonNil(t.Problems), OnlyOld: nonNil(t.OnlyOld), OnlyNew: nonNil(t.OnlyNew),
			Duplicates: []jsonDuplicate{}, Rows: []jsonRow{},
		}
		for _, d := range t.Duplicates {
			jt.Duplicates = append(jt.Duplicates, jsonDuplicate{Side: d.Side, Key: d.Key, Rows: d.Rows})
		}
		for _, row := range t.Rows {
			if r.maxLines > 0 && len(jt.Rows) >= r.maxLines {
				jt.RowsOmitted++
				continue
			}
			jr := jsonRow{Op: row.Op, Key: row.Key, OldRow: optRow(row.OldRow), NewRow: optRow(row.NewRow)}
			for _, c := range row.Changes {
				jr.Changes = append(jr.Changes, jsonChange{Column: c.Column, Old: c.Old, New: c.New})
			}
			for _, c := range row.Shown {
				jr.Values = append(jr.Values, jsonCell{Column: c.Column, Value: c.Value})
			}
			jt.Rows = append(jt.Rows, jr)
		}
		out.Tables = append(out.Tables, jt)
	}
	for _, tot := range r.Totals {
		out.Totals = append(out.Totals, jsonTotal{Name: tot.Name, Old: tot.Old, New: tot.New, Delta: tot.Delta})
	}
	out.Manifest = jsonManifest{Compared: r.Manifest.Compared, Note: r.Manifest.Note, Changes: []jsonManifestChange{}}
	for _, c := range r.Manifest.Changes {
		out.Manifest.Changes = append(out.Manifest.Changes, jsonManifestChange{Path: c.Path, Old: c.Old, New: c.New})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
