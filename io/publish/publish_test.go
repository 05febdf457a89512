package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"github.com/amcalc/amcalc/io/vfs"
	"github.com/amcalc/amcalc/io/vfs/vfstest"
)

// tree returns every file under dir with its content (nil if dir is missing).
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return nil
	}
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func same(a, b map[string]string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func manifestBytes(t *testing.T, m Manifest) string {
	b, err := MarshalManifest(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var newFiles = map[string]string{
	"payments.parquet":  "new payments",
	"contracts.parquet": "new contracts",
	"bands.parquet":     "new bands",
	"rejects.parquet":   "new rejects",
}

func newPartition(t *testing.T) map[string]string {
	p := map[string]string{ManifestName: manifestBytes(t, Manifest{Year: 2024, ProgramVersion: "new"})}
	for k, v := range newFiles {
		p[k] = v
	}
	return p
}

// run is a whole run's publication side on fsys: sweep, stage, write, manifest, publish.
func run(t *testing.T, fsys vfs.FS, out string) error {
	if _, err := SweepStale(fsys, out); err != nil {
		return err
	}
	st, err := NewStaging(fsys, out, 2024)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(newFiles))
	for k := range newFiles {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if err := fsys.WriteFile(filepath.Join(st.Dir(), k), []byte(newFiles[k]), 0o644); err != nil {
			st.Abort()
			return err
		}
	}
	if err := st.WriteManifest(Manifest{Year: 2024, ProgramVersion: "new"}); err != nil {
		st.Abort()
		return err
	}
	if err := st.Publish(); err != nil {
		st.Abort()
		return err
	}
	return nil
}

// setup makes OUT with an old 2024 partition (unless first) and a 2023 partition that
// must never be touched.
func setup(t *testing.T, first bool) (out string, old, other map[string]string) {
	out = t.TempDir()
	other = map[string]string{"payments.parquet": "2023 payments", ManifestName: "{}\n"}
	for k, v := range other {
		mustWrite(t, filepath.Join(out, "year=2023", k), v)
	}
	if !first {
		old = map[string]string{"payments.parquet": "old payments", "bands.parquet": "old bands", ManifestName: "{\"old\":1}\n"}
		for k, v := range old {
			mustWrite(t, filepath.Join(out, "year=2024", k), v)
		}
	}
	return out, old, other
}

func mustWrite(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func leftovers(t *testing.T, out string) []string {
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") && e.Name() != LockFile {
			names = append(names, e.Name())
		}
	}
	return names
}

// For every operation of a run, in every mode: fail it (an I/O error) or crash there.
// Right after, year=2024 is the old complete partition or the new complete one — or,
// only in the two-rename fallback after a crash between the renames, missing with the
// old one complete under .old-…; year=2023 is untouched; a run that said nil published
// the new one. Then a sweep brings back a complete partition, and the next run
// publishes the new one and leaves nothing behind.
func TestPublishCrashPoints(t *testing.T) {
	modes := []struct {
		name       string
		noExchange bool
		first      bool
	}{
		{"exchange", false, false},
		{"fallback", true, false},
		{"first_publication", false, true},
	}
	for _, mode := range modes {
		// Count the operations of a clean run.
		out, _, _ := setup(t, mode.first)
		clean := &vfstest.FS{NoExchange: mode.noExchange}
		if err := run(t, clean, out); err != nil {
			t.Fatalf("%s: clean run: %v", mode.name, err)
		}
		if !same(tree(t, filepath.Join(out, "year=2024")), newPartition(t)) {
			t.Fatalf("%s: clean run did not publish", mode.name)
		}
		for _, crash := range []bool{true, false} {
			for n := 1; n <= len(clean.Ops()); n++ {
				name := fmt.Sprintf("%s/crash=%v/op%02d", mode.name, crash, n)
				t.Run(name, func(t *testing.T) {
					out, old, other := setup(t, mode.first)
					ffs := &vfstest.FS{FailAt: n, Crash: crash, NoExchange: mode.noExchange}
					err := run(t, ffs, out)
					failed := ffs.Ops()[n-1].String()
					if err == nil {
						t.Fatalf("op %d (%s) failed but the run said nil", n, failed)
					}
					if !errors.Is(err, vfstest.ErrInjected) {
						t.Errorf("error does not wrap the cause: %v", err)
					}
					now := tree(t, filepath.Join(out, "year=2024"))
					switch {
					case same(now, old), same(now, newPartition(t)):
					case now == nil && crash && mode.noExchange:
						var olds []string
						for _, l := range leftovers(t, out) {
							if strings.HasPrefix(l, ".old-year=2024-") {
								olds = append(olds, l)
							}
						}
						if len(olds) != 1 || !same(tree(t, filepath.Join(out, olds[0])), old) {
							t.Fatalf("after %q: partition missing and no intact .old (%v)", failed, olds)
						}
					default:
						t.Fatalf("after %q: year=2024 is neither old nor new: %v", failed, now)
					}
					if !same(tree(t, filepath.Join(out, "year=2023")), other) {
						t.Fatalf("after %q: year=2023 was touched", failed)
					}
					// Recovery: the next run's sweep, then the next run.
					if _, err := SweepStale(vfs.OS, out); err != nil {
						t.Fatalf("sweep after %q: %v", failed, err)
					}
					now = tree(t, filepath.Join(out, "year=2024"))
					if !same(now, old) && !same(now, newPartition(t)) {
						t.Fatalf("after %q and a sweep: year=2024 is %v", failed, now)
					}
					if l := leftovers(t, out); len(l) != 0 {
						t.Fatalf("after %q and a sweep: left %v", failed, l)
					}
					if err := run(t, vfs.OS, out); err != nil {
						t.Fatalf("next run after %q: %v", failed, err)
					}
					if !same(tree(t, filepath.Join(out, "year=2024")), newPartition(t)) || len(leftovers(t, out)) != 0 {
						t.Fatalf("next run after %q did not publish cleanly", failed)
					}
					if !same(tree(t, filepath.Join(out, "year=2023")), other) {
						t.Fatalf("after %q: year=2023 was touched", failed)
					}
				})
			}
		}
	}
}

// With the real filesystem: publish over an existing partition, other years untouched,
// nothing left behind.
func TestPublishReplaces(t *testing.T) {
	out, _, other := setup(t, false)
	if err := run(t, vfs.OS, out); err != nil {
		t.Fatal(err)
	}
	if !same(tree(t, filepath.Join(out, "year=2024")), newPartition(t)) {
		t.Error("not published")
	}
	if !same(tree(t, filepath.Join(out, "year=2023")), other) {
		t.Error("year=2023 touched")
	}
	if l := leftovers(t, out); len(l) != 0 {
		t.Errorf("left %v", l)
	}
}

func TestPublishNeedsManifest(t *testing.T) {
	out, old, _ := setup(t, false)
	st, err := NewStaging(vfs.OS, out, 2024)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(st.Dir(), "payments.parquet"), "x")
	if err := st.Publish(); err == nil || !strings.Contains(err.Error(), ManifestName) {
		t.Fatalf("published without a manifest: %v", err)
	}
	if err := st.Abort(); err != nil {
		t.Fatal(err)
	}
	if !same(tree(t, filepath.Join(out, "year=2024")), old) || len(leftovers(t, out)) != 0 {
		t.Error("abort did not leave the old partition alone and clean")
	}
}

func TestStagingNames(t *testing.T) {
	out := t.TempDir()
	a, err := NewStaging(vfs.OS, out, 2024)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewStaging(vfs.OS, out, 2024)
	if err != nil {
		t.Fatal(err)
	}
	if a.Dir() == b.Dir() || !stagingRe.MatchString(filepath.Base(a.Dir())) ||
		!strings.HasPrefix(filepath.Base(a.Dir()), fmt.Sprintf(".staging-year=2024-%d-", os.Getpid())) {
		t.Errorf("staging names %s %s", a.Dir(), b.Dir())
	}
	if _, err := NewStaging(vfs.OS, out, 24); err == nil {
		t.Error("two-digit year accepted")
	}
}

func TestSweepStale(t *testing.T) {
	t.Run("removes staging, keeps everything else", func(t *testing.T) {
		out, old, other := setup(t, false)
		mustWrite(t, filepath.Join(out, ".staging-year=2024-12-1", "payments.parquet"), "partial")
		mustWrite(t, filepath.Join(out, ".staging-year=2023-12-2", "x"), "partial")
		mustWrite(t, filepath.Join(out, ".old-year=2024-12-3", "payments.parquet"), "older")
		mustWrite(t, filepath.Join(out, LockFile), "")
		mustWrite(t, filepath.Join(out, ".notes"), "user file")
		mustWrite(t, filepath.Join(out, "year=2022", "payments.parquet"), "2022")
		sw, err := SweepStale(vfs.OS, out)
		if err != nil {
			t.Fatal(err)
		}
		if len(sw.Restored) != 0 || len(sw.Removed) != 3 {
			t.Errorf("swept %+v", sw)
		}
		if !same(tree(t, filepath.Join(out, "year=2024")), old) || !same(tree(t, filepath.Join(out, "year=2023")), other) {
			t.Error("partitions touched")
		}
		if l := leftovers(t, out); len(l) != 1 || l[0] != ".notes" {
			t.Errorf("left %v", l)
		}
		if _, err := os.Stat(filepath.Join(out, "year=2022", "payments.parquet")); err != nil {
			t.Error(err)
		}
	})
	t.Run("restores a partition moved aside", func(t *testing.T) {
		out := t.TempDir()
		mustWrite(t, filepath.Join(out, ".old-year=2024-7-1", "payments.parquet"), "old")
		mustWrite(t, filepath.Join(out, ".staging-year=2024-7-1", "payments.parquet"), "new")
		sw, err := SweepStale(vfs.OS, out)
		if err != nil {
			t.Fatal(err)
		}
		if len(sw.Restored) != 1 || sw.Restored[0] != "year=2024" {
			t.Errorf("swept %+v", sw)
		}
		if got := tree(t, filepath.Join(out, "year=2024")); got["payments.parquet"] != "old" {
			t.Errorf("restored %v", got)
		}
		if l := leftovers(t, out); len(l) != 0 {
			t.Errorf("left %v", l)
		}
	})
	// Issue 9 item 12: a leftover that cannot be removed is reported, not an error that
	// would block every later run; the other leftovers are still removed.
	t.Run("lists what it cannot remove and goes on", func(t *testing.T) {
		out, old, other := setup(t, false)
		mustWrite(t, filepath.Join(out, ".old-year=2024-5-1", "payments.parquet"), "older")
		mustWrite(t, filepath.Join(out, ".staging-year=2024-5-2", "payments.parquet"), "partial")
		mustWrite(t, filepath.Join(out, ".staging-year=2023-5-3", "x"), "partial")
		// The previous partition is renamed to a staging name before its removal.
		refuse := map[string]bool{".staging-year=2024-discard-5-1": true, ".staging-year=2024-5-2": true}
		fsys := &vfstest.FS{Err: syscall.EACCES, Refuse: func(op vfstest.Op) bool {
			return op.Kind == "removeall" && refuse[filepath.Base(op.Path)]
		}}
		sw, err := SweepStale(fsys, out)
		if err != nil {
			t.Fatalf("sweep: %v", err)
		}
		if len(sw.Removed) != 1 || sw.Removed[0] != ".staging-year=2023-5-3" {
			t.Errorf("removed %v", sw.Removed)
		}
		if len(sw.Failed) != 2 || sw.Failed[0].Name != ".staging-year=2024-discard-5-1" || sw.Failed[1].Name != ".staging-year=2024-5-2" ||
			!errors.Is(sw.Failed[0].Err, fs.ErrPermission) {
			t.Errorf("failed %+v, want both refused folders with EACCES", sw.Failed)
		}
		if !same(tree(t, filepath.Join(out, "year=2024")), old) || !same(tree(t, filepath.Join(out, "year=2023")), other) {
			t.Error("partitions touched")
		}
		// A whole run's publication still goes through, and replaces year=2024.
		if err := run(t, fsys, out); err != nil {
			t.Fatalf("publication after an unremovable leftover: %v", err)
		}
		if !same(tree(t, filepath.Join(out, "year=2024")), newPartition(t)) {
			t.Error("year=2024 is not the new partition")
		}
		// The half-removed previous partition is never restored as year=2024, even when
		// year=2024 goes missing: it no longer has an .old- name.
		if err := os.RemoveAll(filepath.Join(out, "year=2024")); err != nil {
			t.Fatal(err)
		}
		if sw, err := SweepStale(fsys, out); err != nil || len(sw.Restored) != 0 {
			t.Errorf("sweep %+v, %v: restored a leftover", sw, err)
		}
		if _, err := os.Stat(filepath.Join(out, "year=2024")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("year=2024 came back from a leftover (%v)", err)
		}
	})
	t.Run("refuses to choose between two", func(t *testing.T) {
		out := t.TempDir()
		mustWrite(t, filepath.Join(out, ".old-year=2024-7-1", "payments.parquet"), "a")
		mustWrite(t, filepath.Join(out, ".old-year=2024-8-1", "payments.parquet"), "b")
		if _, err := SweepStale(vfs.OS, out); err == nil {
			t.Fatal("no error")
		}
		if l := leftovers(t, out); len(l) != 2 {
			t.Errorf("removed something: %v", l)
		}
	})
}
