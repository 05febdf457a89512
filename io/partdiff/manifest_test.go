package partdiff

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amcalc/amcalc/io/publish"
)

const manifestOld = `{
  "format_version": 1,
  "year": 2024,
  "as_of": "2024-12-31",
  "rules_version": "v1.2",
  "params_sha256": "aaaa",
  "program_version": "amcalc 0.1.0",
  "started_at": "2025-01-05T10:00:00Z",
  "finished_at": "2025-01-05T10:00:03Z",
  "inputs": [
    {"name": "contracts", "path": "/data/a/contracts.parquet", "bytes": 100, "sha256": "c1", "rows": 10, "rows_rejected": 0},
    {"name": "activity", "path": "/data/a/activity", "bytes": 200, "sha256": "a1", "rows": 20, "rows_rejected": 1}
  ],
  "outputs": [{"file": "payments.parquet", "rows": 3, "sha256": "p1"}]
}`

// manifestNew: other times, paths, input order and outputs (not compared), and a new
// contracts file, parameter hash and program version.
const manifestNew = `{
  "format_version": 1,
  "year": 2024,
  "as_of": "2024-12-31",
  "rules_version": "v1.2",
  "params_sha256": "bbbb",
  "program_version": "amcalc 0.2.0",
  "started_at": "2025-02-05T10:00:00Z",
  "finished_at": "2025-02-05T10:00:09Z",
  "inputs": [
    {"name": "activity", "path": "/elsewhere/activity", "bytes": 200, "sha256": "a1", "rows": 20, "rows_rejected": 1},
    {"name": "contracts", "path": "/elsewhere/contracts.parquet", "bytes": 101, "sha256": "c2", "rows": 10, "rows_rejected": 0}
  ],
  "outputs": [{"file": "payments.parquet", "rows": 3, "sha256": "p2"}]
}`

func TestManifestDifferences(t *testing.T) {
	f := baseFixture(t)
	dir := t.TempDir()
	oldDir := f.write(t, filepath.Join(dir, "old"))
	newDir := f.write(t, filepath.Join(dir, "new"))
	sameDir := f.write(t, filepath.Join(dir, "same"))
	for d, m := range map[string]string{oldDir: manifestOld, newDir: manifestNew, sameDir: strings.ReplaceAll(manifestOld, "10:00:03", "11:00:00")} {
		if err := os.WriteFile(filepath.Join(d, publish.ManifestName), []byte(m), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	r, err := DiffPartitions(oldDir, newDir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Identical() {
		t.Error("manifest differences made the content different")
	}
	want := []ManifestChange{
		{"inputs[contracts].bytes", []byte("100"), []byte("101")},
		{"inputs[contracts].sha256", []byte(`"c1"`), []byte(`"c2"`)},
		{"params_sha256", []byte(`"aaaa"`), []byte(`"bbbb"`)},
		{"program_version", []byte(`"amcalc 0.1.0"`), []byte(`"amcalc 0.2.0"`)},
	}
	got := r.Manifest.Changes
	if !r.Manifest.Compared || len(got) != len(want) {
		t.Fatalf("manifest diff = %+v, want %d changes", r.Manifest, len(want))
	}
	for i := range want {
		if got[i].Path != want[i].Path || string(got[i].Old) != string(want[i].Old) || string(got[i].New) != string(want[i].New) {
			t.Errorf("change %d = %s %s → %s, want %s %s → %s", i, got[i].Path, got[i].Old, got[i].New, want[i].Path, want[i].Old, want[i].New)
		}
	}
	text := textReport(t, r)
	wantTail := `manifest inputs[contracts].bytes: 100 → 101
manifest inputs[contracts].sha256: "c1" → "c2"
manifest params_sha256: "aaaa" → "bbbb"
manifest program_version: "amcalc 0.1.0" → "amcalc 0.2.0"
identical
`
	if !strings.HasSuffix(text, wantTail) {
		t.Errorf("text report:\n%s\nwant it to end with:\n%s", text, wantTail)
	}

	// Only the times differ: nothing to report.
	r, err = DiffPartitions(oldDir, sameDir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Manifest.Compared || len(r.Manifest.Changes) != 0 {
		t.Errorf("times reported: %+v", r.Manifest)
	}
	if !strings.Contains(textReport(t, r), "\nmanifest: same year, as_of, inputs, parameters and versions\n") {
		t.Error("text report does not say the manifests agree")
	}

	// A rules version added on one side, a key outside the compared set ignored.
	other := strings.Replace(manifestOld, `"rules_version": "v1.2",`, `"rules_version": "v1.3",`, 1)
	if err := os.WriteFile(filepath.Join(sameDir, publish.ManifestName), []byte(other), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err = DiffPartitions(oldDir, sameDir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Manifest.Changes) != 1 || r.Manifest.Changes[0].Path != "rules_version" {
		t.Errorf("rules version change = %+v", r.Manifest.Changes)
	}

	// One side without a manifest (the expected conformance files have none).
	noManifest := f.write(t, filepath.Join(dir, "none"))
	r, err = DiffPartitions(oldDir, noManifest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Manifest.Compared || r.Manifest.Note != "no _MANIFEST.json in NEW" || !r.Identical() {
		t.Errorf("manifest = %+v, identical %v", r.Manifest, r.Identical())
	}
}

// TestManifestAsOf: two runs with another as_of say so (an auditor's first question).
func TestManifestAsOf(t *testing.T) {
	dir := t.TempDir()
	old, new := filepath.Join(dir, "old"), filepath.Join(dir, "new")
	for d, asOf := range map[string]string{old: "2024-12-31", new: "2024-09-30"} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		m := `{"year": 2024, "as_of": "` + asOf + `", "params_sha256": "a", "program_version": "1", "rules_version": "1.2", "inputs": []}`
		if err := os.WriteFile(filepath.Join(d, publish.ManifestName), []byte(m), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	md, err := diffManifests(old, new, DefaultManifestKeys)
	if err != nil {
		t.Fatal(err)
	}
	if len(md.Changes) != 1 || md.Changes[0].Path != "as_of" ||
		string(md.Changes[0].Old) != `"2024-12-31"` || string(md.Changes[0].New) != `"2024-09-30"` {
		t.Errorf("changes %+v, want as_of 2024-12-31 → 2024-09-30", md.Changes)
	}
}
