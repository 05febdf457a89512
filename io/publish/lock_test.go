package publish

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/amcalc/amcalc/io/vfs"
	"github.com/amcalc/amcalc/io/vfs/vfstest"
)

func TestLockContention(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out") // Lock creates it
	l1, err := Lock(vfs.OS, out)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	l2, err := Lock(vfs.OS, out)
	if err == nil {
		l2.Unlock()
		t.Fatal("second lock succeeded")
	}
	if time.Since(start) > time.Second {
		t.Errorf("second lock waited %v; it must fail at once", time.Since(start))
	}
	host, _ := os.Hostname()
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d on %s", os.Getpid(), host)) {
		t.Errorf("error %q does not name the holder (pid %d on %s)", err, os.Getpid(), host)
	}
	if err := l1.Unlock(); err != nil {
		t.Fatal(err)
	}
	if err := l1.Unlock(); err != nil { // idempotent
		t.Fatal(err)
	}
	l3, err := Lock(vfs.OS, out)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	l3.Unlock()
	if _, err := os.Stat(filepath.Join(out, LockFile)); err != nil {
		t.Errorf("lock file must stay: %v", err)
	}
}

// A lock held by another process names that process, and the kernel releases it when
// the process dies (no stale lock after a crash).
func TestLockOtherProcess(t *testing.T) {
	if os.Getenv("AMCALC_LOCK_HELPER") != "" {
		return
	}
	out := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelper$")
	cmd.Env = append(os.Environ(), "AMCALC_LOCK_HELPER="+out)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "locked" {
		t.Fatalf("helper: %q %v", line, err)
	}
	_, err = Lock(vfs.OS, out)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d ", cmd.Process.Pid)) {
		t.Fatalf("lock held by pid %d: got %v", cmd.Process.Pid, err)
	}
	// The helper dies without unlocking.
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	stdin.Close()
	cmd.Wait()
	l, err := Lock(vfs.OS, out)
	if err != nil {
		t.Fatalf("lock after the holder died: %v", err)
	}
	l.Unlock()
}

// TestLockHelper is the other process of TestLockOtherProcess.
func TestLockHelper(t *testing.T) {
	out := os.Getenv("AMCALC_LOCK_HELPER")
	if out == "" {
		t.Skip("helper process only")
	}
	if _, err := Lock(vfs.OS, out); err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("locked")
	bufio.NewReader(os.Stdin).ReadString('\n') // until killed
	os.Exit(0)
}

func TestLockHolderNotYetWritten(t *testing.T) {
	out := t.TempDir()
	l, err := Lock(vfs.OS, out)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	// The holder has the flock but has not written its info yet.
	if err := os.Truncate(filepath.Join(out, LockFile), 0); err != nil {
		t.Fatal(err)
	}
	_, err = Lock(vfs.OS, out)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "not yet recorded") {
		t.Errorf("got %v", err)
	}
}

// Every operation of taking the lock can fail (through the one filesystem seam): the
// error wraps the cause and no lock is left held; a lock the filesystem reports taken
// (EWOULDBLOCK) is ErrLocked naming the holder recorded in the file.
func TestLockFaults(t *testing.T) {
	errnoName := map[error]string{syscall.EACCES: "EACCES", syscall.EIO: "EIO", syscall.EWOULDBLOCK: "EWOULDBLOCK", syscall.ENOSPC: "ENOSPC"}
	cases := []struct {
		kind string
		err  error
		want error
		msg  string
	}{
		{"mkdirall", syscall.EACCES, syscall.EACCES, "lock "},
		{"lock", syscall.EIO, syscall.EIO, "flock"},
		{"lock", syscall.EWOULDBLOCK, ErrLocked, "held by pid 42 on elsewhere since 2026-01-02T03:04:05Z"},
		{"truncate", syscall.EIO, syscall.EIO, "write holder"},
		{"writeat", syscall.ENOSPC, syscall.ENOSPC, "write holder"},
		{"fsync", syscall.EIO, syscall.EIO, "write holder"},
	}
	for _, c := range cases {
		t.Run(c.kind+"_"+errnoName[c.err], func(t *testing.T) {
			out := t.TempDir()
			holder := `{"pid":42,"hostname":"elsewhere","started_at":"2026-01-02T03:04:05Z"}`
			if err := os.WriteFile(filepath.Join(out, LockFile), []byte(holder), 0o644); err != nil {
				t.Fatal(err)
			}
			fsys := &vfstest.FS{Match: vfstest.On(c.kind, ""), FailAt: 1, Err: c.err}
			l, err := Lock(fsys, out)
			if err == nil {
				l.Unlock()
				t.Fatalf("%s failed but Lock said nil", c.kind)
			}
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %q: want it to wrap %v and say %q", err, c.want, c.msg)
			}
			if c.want != ErrLocked && errors.Is(err, ErrLocked) {
				t.Errorf("%s failing is not another run's lock: %v", c.kind, err)
			}
			l, err = Lock(vfs.OS, out)
			if err != nil {
				t.Fatalf("lock left held after %s failed: %v", c.kind, err)
			}
			l.Unlock()
		})
	}
	// Unlock's close failing is reported, and the lock is released all the same.
	t.Run("close", func(t *testing.T) {
		out := t.TempDir()
		fsys := &vfstest.FS{Match: vfstest.On("close", LockFile), FailAt: 1, Err: syscall.EIO}
		l, err := Lock(fsys, out)
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Unlock(); !errors.Is(err, syscall.EIO) {
			t.Errorf("unlock: %v, want EIO", err)
		}
		l, err = Lock(vfs.OS, out)
		if err != nil {
			t.Fatalf("lock left held: %v", err)
		}
		l.Unlock()
	})
}
