package partdiff

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amcalc/amcalc/io/publish"
)

// TestNotAPartition: issue 9 item 15 — a folder that is not a partition (no manifest and
// none of the four files, e.g. OUT instead of OUT/year=YYYY) is an unreadable partition
// naming what is missing, not a comparison that finds "differences".
func TestNotAPartition(t *testing.T) {
	dir := t.TempDir()
	good := baseFixture(t).write(t, filepath.Join(dir, "out", "year=2024"))
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	onlyManifest := filepath.Join(dir, "manifest-only")
	if err := os.Mkdir(onlyManifest, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(onlyManifest, publish.ManifestName), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, old, new string
		want           []string // "" = a report
	}{
		{"empty folder", good, empty, []string{"unreadable partition " + empty + ": no _MANIFEST.json, payments.parquet, contracts.parquet, bands.parquet or rejects.parquet"}},
		{"output folder", filepath.Join(dir, "out"), good, []string{"unreadable partition " + filepath.Join(dir, "out"), "it holds year=2024", good}},
		{"missing folder", filepath.Join(dir, "nope"), good, []string{"unreadable partition " + filepath.Join(dir, "nope"), "no such file"}},
		{"a file", filepath.Join(good, "payments.parquet"), good, []string{"not a directory"}},
		{"manifest only", onlyManifest, good, nil},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			_, err := DiffPartitions(c.old, c.new, Options{})
			if c.want == nil {
				if err != nil {
					t.Fatalf("a folder with a manifest is a partition: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrNotPartition) {
				t.Fatalf("error %v, want ErrNotPartition", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// TestDiffInstalments: R-PAY-1 (v1.3) — payments are keyed by instalment too: two
// advances of one contract year are two rows, not a duplicate key; a change names the
// instalment.
func TestDiffInstalments(t *testing.T) {
	base := baseFixture(t)
	base.copyRow("payments", 0, 1) // a second advance of C1's year 1
	base.set(t, "payments", "instalment", 1, 2)
	base.set(t, "payments", "event_date", 1, "2024-08-01")
	newF := base.clone()
	newF.set(t, "payments", "payable", 1, 270000)
	newF.set(t, "payments", "suspended_days", 2, 10)
	dir := t.TempDir()
	r, err := DiffPartitions(base.write(t, filepath.Join(dir, "old")), newF.write(t, filepath.Join(dir, "new")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `payments: 0 added, 0 removed, 2 changed (4 → 4 rows)
~ payments [contract_id=C1 contract_year=1 kind=advance instalment=2] payable: 5400.00 → 2700.00
~ payments [contract_id=C1 contract_year=1 kind=settlement] suspended_days: 0 → 10
contracts: identical (2 rows)
`
	if got := textReport(t, r); !strings.HasPrefix(got, want) {
		t.Errorf("report:\n%s\nwant it to start with:\n%s", got, want)
	}
}

// TestDiffV12Partition: a partition written before v1.3 (no instalment, no
// suspended_days) is compared, not refused: the new columns show on one side, rows
// without an instalment match by the rest of their key.
func TestDiffV12Partition(t *testing.T) {
	v13 := baseFixture(t)
	v12 := v13.clone()
	v12.dropColumn("payments", "instalment")
	v12.dropColumn("payments", "suspended_days")
	dir := t.TempDir()
	v12Dir := v12.write(t, filepath.Join(dir, "v12"))
	v13Dir := v13.write(t, filepath.Join(dir, "v13"))

	r, err := DiffPartitions(v12Dir, v12Dir, Options{})
	if err != nil || !r.Identical() {
		t.Fatalf("v1.2 against itself: %v\n%s", err, textReport(t, r))
	}
	r, err = DiffPartitions(v12Dir, v13Dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `payments: 1 added, 1 removed, 0 changed, 2 columns on one side (3 → 3 rows)
+ payments column instalment: only in NEW
+ payments column suspended_days: only in NEW
- payments [contract_id=C1 contract_year=1 kind=advance] event_date=2024-02-01 payable=5400.00
+ payments [contract_id=C1 contract_year=1 kind=advance instalment=1] event_date=2024-02-01 payable=5400.00
contracts: identical (2 rows)
`
	if got := textReport(t, r); !strings.HasPrefix(got, want) {
		t.Errorf("report:\n%s\nwant it to start with:\n%s", got, want)
	}
	if p, err := CheckOrderAndTypes(v12Dir); err != nil || len(p) != 0 {
		t.Errorf("a v1.2 partition: problems %v, %v", p, err)
	}
	half := v13.clone()
	half.dropColumn("payments", "suspended_days")
	p, err := CheckOrderAndTypes(half.write(t, filepath.Join(dir, "half")))
	if err != nil || len(p) != 1 || p[0] != "payments.parquet: column suspended_days is missing" {
		t.Errorf("instalment without suspended_days: problems %q, %v", p, err)
	}
}

// manifestWith is a manifest whose inputs are given as JSON.
func manifestWith(inputs string) string {
	return `{"year": 2024, "as_of": "2024-12-31", "rules_version": "1.3", "params_sha256": "p", "program_version": "1",
  "started_at": "2025-01-05T10:00:00.000001Z", "inputs": [` + inputs + `]}`
}

const (
	contractsInput = `{"name": "contracts", "arg": "c.parquet", "files": [{"path": "c.parquet", "bytes": 1, "sha256": "c1", "rows": 2}], "rows": 2, "rows_rejected": 0}`
	activityOld    = `{"name": "activity", "arg": "/a", "files": [{"path": "year=2023/part-0.parquet", "bytes": 5, "sha256": "a23", "rows": 9}, {"path": "year=2024/part-0.parquet", "bytes": 5, "sha256": "a24", "rows": 9}], "rows": 18, "rows_rejected": 0}`
	// The 2024 file rewritten, the 2023 one gone, a 2025 one added: listed by path.
	activityNew     = `{"name": "activity", "arg": "/b", "files": [{"path": "year=2024/part-0.parquet", "bytes": 5, "sha256": "a24bis", "rows": 9}, {"path": "year=2025/part-0.parquet", "bytes": 5, "sha256": "a25", "rows": 9}], "rows": 18, "rows_rejected": 0}`
	suspensionsOld  = `{"name": "suspensions", "arg": "s.parquet", "files": [{"path": "s.parquet", "bytes": 3, "sha256": "s1", "rows": 1}], "rows": 1, "rows_rejected": 0}`
	suspensionsNew2 = `{"name": "suspensions", "arg": "s.parquet", "files": [{"path": "s.parquet", "bytes": 3, "sha256": "s2", "rows": 1}], "rows": 1, "rows_rejected": 0}`
)

// TestManifestInputs: issue 9 item 15 and issue 11 — a changed input file is named by its
// path, and a suspensions input added, removed or changed shows as such.
func TestManifestInputs(t *testing.T) {
	f := baseFixture(t)
	dir := t.TempDir()
	part := func(name, manifest string) string {
		d := f.write(t, filepath.Join(dir, name))
		if err := os.WriteFile(filepath.Join(d, publish.ManifestName), []byte(manifest), 0o644); err != nil {
			t.Fatal(err)
		}
		return d
	}
	without := part("without", manifestWith(contractsInput+","+activityOld))
	with := part("with", manifestWith(contractsInput+","+activityOld+","+suspensionsOld))
	changed := part("changed", manifestWith(contractsInput+","+activityNew+","+suspensionsNew2))
	for _, c := range []struct {
		name, old, new string
		want           string
	}{
		{"suspensions added", without, with, `manifest inputs[suspensions]: added {"files":[{"bytes":3,"rows":1,"sha256":"s1"}],"name":"suspensions","rows":1,"rows_rejected":0}
`},
		{"suspensions removed", with, without, `manifest inputs[suspensions]: removed {"files":[{"bytes":3,"rows":1,"sha256":"s1"}],"name":"suspensions","rows":1,"rows_rejected":0}
`},
		{"files changed", with, changed, `manifest inputs[activity].files[year=2023/part-0.parquet]: removed {"bytes":5,"rows":9,"sha256":"a23"}
manifest inputs[activity].files[year=2024/part-0.parquet].sha256: "a24" → "a24bis"
manifest inputs[activity].files[year=2025/part-0.parquet]: added {"bytes":5,"rows":9,"sha256":"a25"}
manifest inputs[suspensions].files[s.parquet].sha256: "s1" → "s2"
`},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			r, err := DiffPartitions(c.old, c.new, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := textReport(t, r)
			if !strings.HasSuffix(got, c.want+"identical\n") {
				t.Errorf("report:\n%s\nwant it to end with:\n%sidentical", got, c.want)
			}
		})
	}
}
