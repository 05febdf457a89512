package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/amcalc/amcalc/io/outfile"
	"github.com/amcalc/amcalc/io/publish"
	"github.com/amcalc/amcalc/pipeline/pipelinetest"
)

// diskFS is an outfile.FS on the real disk that runs out of space after budget bytes
// (shared by every file, like a disk), or fails one kind of operation.
type diskFS struct {
	budget int64 // bytes that fit; < 0 = unlimited
	fail   string
	failOn string // file base name the failure applies to ("" = every file)

	mu      sync.Mutex
	written int64
}

// hits reports whether operation op on name is the one to fail (files are written from
// several goroutines: the state is read under the lock).
func (d *diskFS) hits(op, name string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.hitsLocked(op, name)
}

func (d *diskFS) hitsLocked(op, name string) bool {
	return d.fail == op && (d.failOn == "" || d.failOn == filepath.Base(name))
}

func (d *diskFS) Create(name string) (outfile.File, error) {
	if d.hits("create", name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.ENOSPC}
	}
	f, err := outfile.OS.Create(name)
	if err != nil {
		return nil, err
	}
	return &diskFile{File: f, fs: d, name: name}, nil
}

func (d *diskFS) Open(name string) (outfile.ReadFile, error) {
	if d.hits("open", name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.EIO}
	}
	return outfile.OS.Open(name)
}

func (d *diskFS) Remove(name string) error { return outfile.OS.Remove(name) }

type diskFile struct {
	outfile.File
	fs   *diskFS
	name string
}

func (f *diskFile) Write(p []byte) (int, error) {
	d := f.fs
	d.mu.Lock()
	n := len(p)
	var err error
	if d.budget >= 0 && d.written+int64(n) > d.budget {
		n = int(max(d.budget-d.written, 0))
		err = &fs.PathError{Op: "write", Path: f.name, Err: syscall.ENOSPC}
	}
	if d.hitsLocked("lose", f.name) && n > 0 {
		// A lying disk: the write reports success but the bytes never arrive.
		d.fail = ""
		d.written += int64(n)
		d.mu.Unlock()
		return len(p), nil
	}
	d.written += int64(n)
	d.mu.Unlock()
	if n > 0 {
		if m, werr := f.File.Write(p[:n]); werr != nil {
			return m, werr
		}
	}
	return n, err
}

func (f *diskFile) Sync() error {
	if f.fs.hits("sync", f.name) {
		return &fs.PathError{Op: "sync", Path: f.name, Err: syscall.EIO}
	}
	return f.File.Sync()
}

func (f *diskFile) Close() error {
	err := f.File.Close()
	if f.fs.hits("close", f.name) {
		return &fs.PathError{Op: "close", Path: f.name, Err: syscall.EDQUOT}
	}
	return err
}

// TestFaultsDiskFull: the disk fills up after N bytes of output, for N from nothing to
// one byte short of a whole partition. Every run fails with ENOSPC in its error, and the
// previous partition is intact, no staging is left and the lock is free; with exactly
// enough room the run publishes.
func TestFaultsDiskFull(t *testing.T) {
	base := previous(t)
	// How many bytes a whole run writes.
	count := &diskFS{budget: -1}
	probe := copyOut(t, base)
	cfg := faultConfig(probe, "2024-06-30")
	cfg.WriteFS = count
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	total := count.written
	if total < 4*1000 {
		t.Fatalf("a whole run writes only %d bytes", total)
	}
	for _, n := range []int64{0, 1, 3, 4, 100, 4095, 4096, 10000, total / 3, total / 2, total - 100, total - 1, total} {
		t.Run(fmt.Sprintf("room=%d_of_%d", n, total), func(t *testing.T) {
			out := copyOut(t, base)
			before := stateOf(t, out)
			cfg := faultConfig(out, "2024-06-30")
			cfg.WriteFS = &diskFS{budget: n}
			_, err := Run(context.Background(), cfg)
			if n == total {
				if err != nil {
					t.Fatalf("exactly enough room: %v", err)
				}
				if got := stateOf(t, out); got.y2024["_MANIFEST.json"] == nil || len(pipelinetest.Leftovers(t, out)) != 0 {
					t.Fatal("not published cleanly")
				}
				return
			}
			if err == nil {
				t.Fatal("the run said nil on a full disk")
			}
			if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "no space left on device") ||
				!strings.Contains(err.Error(), "write outputs: ") {
				t.Errorf("error does not say the disk is full: %v", err)
			}
			checkNothingPublished(t, out, before)
		})
	}
}

// TestFaultsWriteErrors: each output operation fails in turn (create, sync, close, the
// verifying re-open, and a write that silently loses its bytes): the run fails naming
// the file, nothing is published, nothing is left behind.
func TestFaultsWriteErrors(t *testing.T) {
	base := previous(t)
	cases := []struct {
		fail string
		want error  // wrapped cause; nil when only the message tells
		msg  string // part of the message, after the file name
	}{
		{"create", syscall.ENOSPC, "no space left on device"},
		{"sync", syscall.EIO, "input/output error"},
		{"close", syscall.EDQUOT, "disk quota exceeded"},
		{"open", syscall.EIO, "input/output error"},
		{"lose", nil, "bytes on disk"},
	}
	for _, c := range cases {
		for _, file := range []string{"payments.parquet", "contracts.parquet", "bands.parquet", "rejects.parquet"} {
			t.Run(c.fail+"/"+file, func(t *testing.T) {
				out := copyOut(t, base)
				before := stateOf(t, out)
				cfg := faultConfig(out, "2024-06-30")
				cfg.WriteFS = &diskFS{budget: -1, fail: c.fail, failOn: file}
				_, err := Run(context.Background(), cfg)
				if err == nil {
					t.Fatal("the run said nil")
				}
				if c.want != nil && !errors.Is(err, c.want) {
					t.Errorf("error does not wrap %v: %v", c.want, err)
				}
				if !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), c.msg) {
					t.Errorf("error does not name %s and %q: %v", file, c.msg, err)
				}
				checkNothingPublished(t, out, before)
			})
		}
	}
}

// publishFault is a publish.FS on the real disk that fails its failAt-th operation
// (1-based) with an I/O error, and can refuse the atomic exchange (the fallback path).
type publishFault struct {
	failAt     int
	noExchange bool

	mu  sync.Mutex
	ops int
	log []string
}

var errPublishFault = errors.New("injected publish failure")

func (f *publishFault) op(desc string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ops++
	f.log = append(f.log, desc)
	if f.ops == f.failAt {
		return fmt.Errorf("%s: %w", desc, errPublishFault)
	}
	return nil
}

func (f *publishFault) Mkdir(p string, perm fs.FileMode) error {
	if err := f.op("mkdir " + filepath.Base(p)); err != nil {
		return err
	}
	return publish.OS.Mkdir(p, perm)
}

func (f *publishFault) MkdirAll(p string, perm fs.FileMode) error {
	if err := f.op("mkdirall " + filepath.Base(p)); err != nil {
		return err
	}
	return publish.OS.MkdirAll(p, perm)
}

func (f *publishFault) Rename(a, b string) error {
	if err := f.op("rename " + filepath.Base(a) + " " + filepath.Base(b)); err != nil {
		return err
	}
	return publish.OS.Rename(a, b)
}

func (f *publishFault) Exchange(a, b string) error {
	if err := f.op("exchange " + filepath.Base(a) + " " + filepath.Base(b)); err != nil {
		return err
	}
	if f.noExchange {
		return publish.ErrNoExchange
	}
	return publish.OS.Exchange(a, b)
}

func (f *publishFault) RemoveAll(p string) error {
	if err := f.op("removeall " + filepath.Base(p)); err != nil {
		return err
	}
	return publish.OS.RemoveAll(p)
}

func (f *publishFault) ReadDir(p string) ([]fs.DirEntry, error) {
	if err := f.op("readdir " + filepath.Base(p)); err != nil {
		return nil, err
	}
	return publish.OS.ReadDir(p)
}

func (f *publishFault) Stat(p string) (fs.FileInfo, error) {
	if err := f.op("stat " + filepath.Base(p)); err != nil {
		return nil, err
	}
	return publish.OS.Stat(p)
}

func (f *publishFault) Sync(p string) error {
	if err := f.op("sync " + filepath.Base(p)); err != nil {
		return err
	}
	return publish.OS.Sync(p)
}

func (f *publishFault) WriteFile(p string, data []byte, perm fs.FileMode) error {
	if err := f.op("writefile " + filepath.Base(p)); err != nil {
		return err
	}
	return publish.OS.WriteFile(p, data, perm)
}

// TestFaultsPublishErrors fails every operation of the publication in turn (sweep,
// staging, manifest, fsyncs, the exchange or the two renames of the fallback, removal of
// the old partition), with and without a previous partition. The run's answer must be
// the truth: an error means year=2024 is exactly the previous partition (or still
// absent); nil means the new partition is published. Either way nothing is left behind
// and the lock is free.
func TestFaultsPublishErrors(t *testing.T) {
	modes := []struct {
		name       string
		noExchange bool
		first      bool
	}{
		{"exchange", false, false},
		{"fallback", true, false},
		{"first_publication", false, true},
	}
	base := previous(t)
	for _, mode := range modes {
		// The new partition, and the operations of a clean publication.
		start := func(t *testing.T) string {
			out := copyOut(t, base)
			if mode.first {
				if err := os.RemoveAll(filepath.Join(out, "year=2024")); err != nil {
					t.Fatal(err)
				}
			}
			return out
		}
		ref := start(t)
		clean := &publishFault{noExchange: mode.noExchange}
		cfg := faultConfig(ref, "2024-06-30")
		cfg.PublishFS = clean
		if _, err := Run(context.Background(), cfg); err != nil {
			t.Fatalf("%s: clean run: %v", mode.name, err)
		}
		want := pipelinetest.ParquetOnly(pipelinetest.Snapshot(t, filepath.Join(ref, "year=2024")))
		for n := 1; n <= clean.ops; n++ {
			t.Run(fmt.Sprintf("%s/op%02d_%s", mode.name, n, strings.Fields(clean.log[n-1])[0]), func(t *testing.T) {
				out := start(t)
				before := stateOf(t, out)
				ffs := &publishFault{failAt: n, noExchange: mode.noExchange}
				cfg := faultConfig(out, "2024-06-30")
				cfg.PublishFS = ffs
				_, err := Run(context.Background(), cfg)
				failed := ffs.log[n-1]
				if err == nil {
					now := pipelinetest.Snapshot(t, filepath.Join(out, "year=2024"))
					if ok, diff := pipelinetest.SameFiles(pipelinetest.ParquetOnly(now), want); !ok || now["_MANIFEST.json"] == nil {
						t.Fatalf("%q failed, the run said nil, but year=2024 is not the new partition (%s)", failed, diff)
					}
					if l := pipelinetest.Leftovers(t, out); len(l) != 0 {
						t.Errorf("%q failed: left behind %v", failed, l)
					}
					pipelinetest.CheckLockFree(t, out)
					return
				}
				if !errors.Is(err, errPublishFault) {
					t.Errorf("error does not wrap the cause: %v", err)
				}
				t.Logf("%q failed: %v", failed, err)
				checkNothingPublished(t, out, before)
			})
		}
	}
}

// TestFaultsTmpfsFull runs on a real, small tmpfs (root only: skipped where mount is not
// permitted): the disk fills up while the new partition is staged, the run fails with
// ENOSPC, the previous partition is intact and the staging folder is removed.
func TestFaultsTmpfsFull(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	base := previous(t)
	used := int64(0)
	for _, b := range pipelinetest.Snapshot(t, filepath.Join(base, "year=2024")) {
		used += int64(len(b))
	}
	dir := t.TempDir()
	// Room for the previous partition and a part of the new one (tmpfs counts pages).
	size := (used/4096 + 12) * 4096
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d", size), "amcalc-faults", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	out := filepath.Join(dir, "out")
	pipelinetest.CopyTree(t, base, out, nil)
	// Fill the disk so that less than a partition is free.
	var fill []byte
	for free := freeBytes(t, dir); free > used/2; free = freeBytes(t, dir) {
		fill = append(fill, make([]byte, 4096)...)
		if err := os.WriteFile(filepath.Join(dir, "fill"), fill, 0o644); err != nil {
			break
		}
	}
	t.Logf("tmpfs %d bytes, partition %d bytes, free %d", size, used, freeBytes(t, dir))
	before := stateOf(t, out)
	_, err := Run(context.Background(), faultConfig(out, "2024-06-30"))
	if err == nil {
		t.Fatal("the run said nil on a full tmpfs")
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("error does not wrap ENOSPC: %v", err)
	}
	checkNothingPublished(t, out, before)
	// Room again: the next run publishes.
	if err := os.Remove(filepath.Join(dir, "fill")); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), faultConfig(out, "2024-06-30")); err != nil {
		t.Fatalf("next run with room: %v", err)
	}
	if l := pipelinetest.Leftovers(t, out); len(l) != 0 {
		t.Errorf("left behind: %v", l)
	}
}

func freeBytes(t *testing.T, dir string) int64 {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return int64(st.Bavail) * st.Bsize
}

// copyOut copies an output folder into a fresh temporary folder.
func copyOut(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "out")
	pipelinetest.CopyTree(t, src, dst, nil)
	return dst
}
