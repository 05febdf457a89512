// Package pipelinetest holds the file helpers that the fault tests of pipeline and of the
// CLI share: snapshots of a partition's bytes, their comparison, tree copies, and which
// of a run's filesystem operations fail in turn. Test code only.
package pipelinetest

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/amcalc/amcalc/io/publish"
	"github.com/amcalc/amcalc/io/vfs"
	"github.com/amcalc/amcalc/io/vfs/vfstest"
)

// Snapshot returns every file under dir with its bytes, by '/'-separated relative path;
// nil when dir does not exist.
func Snapshot(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return nil
	}
	got := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// SameFiles reports whether two snapshots hold the same names and bytes, and otherwise
// the first differing name (in byte order).
func SameFiles(a, b map[string][]byte) (bool, string) {
	if (a == nil) != (b == nil) {
		return false, "one of them is missing"
	}
	names := map[string]bool{}
	for k := range a {
		names[k] = true
	}
	for k := range b {
		names[k] = true
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		x, okx := a[k]
		y, oky := b[k]
		if !okx || !oky || !bytes.Equal(x, y) {
			return false, k
		}
	}
	return true, ""
}

// CopyTree copies the files under src to dst, leaving out the files whose base name skip
// reports (nil skips nothing).
func CopyTree(t testing.TB, src, dst string, skip func(name string) bool) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if skip != nil && skip(d.Name()) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Leftovers lists the staging and .old- folders in an output folder (none when it does
// not exist).
func Leftovers(t testing.TB, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(out)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".staging-") || strings.HasPrefix(e.Name(), ".old-") {
			names = append(names, e.Name())
		}
	}
	return names
}

// CheckLockFree fails the test when the output folder's lock is still held.
func CheckLockFree(t testing.TB, out string) {
	t.Helper()
	if _, err := os.Stat(out); os.IsNotExist(err) {
		return
	}
	l, err := publish.Lock(vfs.OS, out)
	if err != nil {
		t.Errorf("lock not released: %v", err)
		return
	}
	l.Unlock()
}

// ParquetOnly keeps the Parquet files of a snapshot (the manifest carries times).
func ParquetOnly(s map[string][]byte) map[string][]byte {
	if s == nil {
		return nil
	}
	out := map[string][]byte{}
	for k, v := range s {
		if strings.HasSuffix(k, ".parquet") {
			out[k] = v
		}
	}
	return out
}

// CheckNothingPublished fails the test unless every partition in before (name → snapshot,
// e.g. "year=2024") is byte for byte as it was, no staging or .old- folder is left in out,
// and the lock is free: what a failed or refused run must leave behind.
func CheckNothingPublished(t testing.TB, out string, before map[string]map[string][]byte) {
	t.Helper()
	names := make([]string, 0, len(before))
	for name := range before {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if ok, diff := SameFiles(before[name], Snapshot(t, filepath.Join(out, name))); !ok {
			t.Errorf("%s changed (%s) although nothing may be published", name, diff)
		}
	}
	if l := Leftovers(t, out); len(l) != 0 {
		t.Errorf("left behind: %v", l)
	}
	CheckLockFree(t, out)
}

// Sequential reports whether op is one that a run performs one after another, so that
// the N-th of them is the same operation in every run (vfstest.FS.Match for "each
// operation in turn"): every operation on the output folder — the lock, the sweep, the
// staging folder, the manifest, the fsyncs, the swap, the removal — except those of the
// four Parquet writers, which run in parallel (their create, write, fsync, close,
// read-back and removal; fail those by file with vfstest.On).
func Sequential(op vfstest.Op) bool {
	return op.Kind == "sync" || !strings.HasSuffix(op.Path, ".parquet")
}
