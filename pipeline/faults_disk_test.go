package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/amcalc/amcalc/io/outfile"
	"github.com/amcalc/amcalc/io/publish"
	"github.com/amcalc/amcalc/io/vfs/vfstest"
	"github.com/amcalc/amcalc/pipeline/pipelinetest"
)

// TestFaultsDiskFull: the disk fills up after N bytes of output, for N from nothing to
// one byte short of a whole partition. Every run fails with ENOSPC in its error, and the
// previous partition is intact, no staging is left and the lock is free; with exactly
// enough room the run publishes.
func TestFaultsDiskFull(t *testing.T) {
	base := previous(t)
	// How many bytes a whole run writes.
	count := &vfstest.FS{}
	probe := copyOut(t, base)
	cfg := faultConfig(probe, "2024-06-30")
	cfg.FS = count
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	total := count.Written()
	if total < 4*1000 {
		t.Fatalf("a whole run writes only %d bytes", total)
	}
	for _, n := range []int64{0, 1, 3, 4, 100, 4095, 4096, 10000, total / 3, total / 2, total - 100, total - 1, total} {
		t.Run(fmt.Sprintf("room=%d_of_%d", n, total), func(t *testing.T) {
			out := copyOut(t, base)
			before := stateOf(t, out)
			cfg := faultConfig(out, "2024-06-30")
			cfg.FS = &vfstest.FS{Room: &n}
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
		kind string // the vfstest.Op that fails
		want error  // wrapped cause; nil when only the message tells
		msg  string // part of the message, after the file name
	}{
		{"create", "create", syscall.ENOSPC, "no space left on device"},
		{"sync", "fsync", syscall.EIO, "input/output error"},
		{"close", "close", syscall.EDQUOT, "disk quota exceeded"},
		{"open", "open", syscall.EIO, "input/output error"},
		{"lose", "write", outfile.ErrVerify, "bytes on disk"}, // a lying disk: the first write's bytes never arrive
	}
	for _, c := range cases {
		for _, file := range []string{"payments.parquet", "contracts.parquet", "bands.parquet", "rejects.parquet"} {
			t.Run(c.fail+"/"+file, func(t *testing.T) {
				out := copyOut(t, base)
				before := stateOf(t, out)
				cfg := faultConfig(out, "2024-06-30")
				cfg.FS = &vfstest.FS{Match: vfstest.On(c.kind, file), FailAt: 1, Err: c.want, Lie: c.fail == "lose"}
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

// TestFaultsPublishErrors fails every operation on the output folder in turn but the
// parallel writers' (pipelinetest.Sequential): the lock and its holder, the sweep,
// staging, manifest, fsyncs, the exchange or the two renames of the fallback, removal of
// the old partition, the unlock; with and without a previous partition. The run's answer
// must be the truth: an error means year=2024 is exactly the previous partition (or
// still absent); nil means the new partition is published. Either way nothing is left
// behind and the lock is free.
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
		clean := &vfstest.FS{Match: pipelinetest.Sequential, NoExchange: mode.noExchange}
		cfg := faultConfig(ref, "2024-06-30")
		cfg.FS = clean
		if _, err := Run(context.Background(), cfg); err != nil {
			t.Fatalf("%s: clean run: %v", mode.name, err)
		}
		want := pipelinetest.ParquetOnly(pipelinetest.Snapshot(t, filepath.Join(ref, "year=2024")))
		ops := clean.Ops()
		for n := 1; n <= len(ops); n++ {
			t.Run(fmt.Sprintf("%s/op%02d_%s", mode.name, n, ops[n-1].Kind), func(t *testing.T) {
				out := start(t)
				before := stateOf(t, out)
				ffs := &vfstest.FS{Match: pipelinetest.Sequential, FailAt: n, NoExchange: mode.noExchange}
				cfg := faultConfig(out, "2024-06-30")
				cfg.FS = ffs
				_, err := Run(context.Background(), cfg)
				failed := ffs.Ops()[n-1].String()
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
				if !errors.Is(err, vfstest.ErrInjected) {
					t.Errorf("error does not wrap the cause: %v", err)
				}
				t.Logf("%q failed: %v", failed, err)
				checkNothingPublished(t, out, before)
			})
		}
	}
}

// TestFaultsLock: the output folder's lock goes through the same filesystem as every
// other operation. When taking it, or recording its holder, fails, the run says so
// (the cause wrapped) and publishes nothing; a lock the filesystem reports taken is
// "locked by another run". The run never reaches the sweep or the staging folder.
func TestFaultsLock(t *testing.T) {
	base := previous(t)
	errnoName := map[error]string{syscall.EACCES: "EACCES", syscall.EIO: "EIO", syscall.EWOULDBLOCK: "EWOULDBLOCK", syscall.ENOSPC: "ENOSPC"}
	cases := []struct {
		kind string
		err  error
		want error
		msg  string
	}{
		{"mkdirall", syscall.EACCES, syscall.EACCES, "permission denied"},
		{"lock", syscall.EIO, syscall.EIO, "flock"},
		{"lock", syscall.EWOULDBLOCK, publish.ErrLocked, "output folder locked by another run"},
		{"writeat", syscall.ENOSPC, syscall.ENOSPC, "write holder"},
		{"fsync", syscall.EIO, syscall.EIO, "write holder"},
	}
	for _, c := range cases {
		t.Run(c.kind+"_"+errnoName[c.err], func(t *testing.T) {
			out := copyOut(t, base)
			before := stateOf(t, out)
			ffs := &vfstest.FS{Match: vfstest.On(c.kind, ""), FailAt: 1, Err: c.err}
			cfg := faultConfig(out, "2024-06-30")
			cfg.FS = ffs
			var points []string
			cfg.Hook = func(p string) { points = append(points, p) }
			_, err := Run(context.Background(), cfg)
			if err == nil {
				t.Fatalf("%s failed but the run said nil", c.kind)
			}
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %q: want it to wrap %v and say %q", err, c.want, c.msg)
			}
			if len(points) != 0 {
				t.Errorf("the run went on past the lock: %v", points)
			}
			checkNothingPublished(t, out, before)
		})
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
