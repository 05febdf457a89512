package vfstest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// FailAt fails the N-th matching operation only, with the cause wrapped as the os package
// does; Ops records the matching operations.
func TestFailAt(t *testing.T) {
	dir := t.TempDir()
	f := &FS{Match: On("mkdir", ""), FailAt: 2, Err: syscall.EACCES}
	if err := f.Mkdir(filepath.Join(dir, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Stat(dir); err != nil { // not matched, not counted
		t.Fatal(err)
	}
	err := f.Mkdir(filepath.Join(dir, "b"), 0o755)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Op != "mkdir" || pe.Path != filepath.Join(dir, "b") || !errors.Is(err, syscall.EACCES) {
		t.Errorf("second mkdir: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "b")); !os.IsNotExist(err) {
		t.Error("the failed mkdir ran")
	}
	if err := f.Mkdir(filepath.Join(dir, "c"), 0o755); err != nil {
		t.Errorf("third mkdir: %v", err)
	}
	if ops := f.Ops(); len(ops) != 3 || ops[1].String() != "mkdir "+filepath.Join(dir, "b") {
		t.Errorf("ops %v", ops)
	}
	err = (&FS{FailAt: 1}).Rename(filepath.Join(dir, "a"), filepath.Join(dir, "z"))
	var le *os.LinkError
	if !errors.As(err, &le) || !errors.Is(err, ErrInjected) {
		t.Errorf("rename: %v", err)
	}
}

// A crash leaves a torn WriteFile and fails everything after it.
func TestCrash(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "m")
	f := &FS{FailAt: 1, Crash: true}
	if err := f.WriteFile(p, []byte("abcd"), 0o644); !errors.Is(err, ErrInjected) {
		t.Fatalf("writefile: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "ab" {
		t.Errorf("torn write left %q", b)
	}
	if _, err := f.Stat(dir); err == nil {
		t.Error("an operation after the crash ran")
	}
	if len(f.Ops()) != 1 {
		t.Errorf("ops after the crash recorded: %v", f.Ops())
	}
}

// Room is shared by the files Create opens: a write beyond it is short with ENOSPC, or,
// with Lie, reports success and drops the bytes.
func TestRoom(t *testing.T) {
	for _, lie := range []bool{false, true} {
		dir := t.TempDir()
		room := int64(5)
		f := &FS{Room: &room, Lie: lie}
		a, err := f.Create(filepath.Join(dir, "a"))
		if err != nil {
			t.Fatal(err)
		}
		b, err := f.Create(filepath.Join(dir, "b"))
		if err != nil {
			t.Fatal(err)
		}
		if n, err := a.Write([]byte("123")); n != 3 || err != nil {
			t.Fatalf("first write: %d %v", n, err)
		}
		n, err := b.Write([]byte("4567"))
		switch {
		case lie && (n != 4 || err != nil):
			t.Errorf("lying write: %d %v", n, err)
		case !lie && (n != 2 || !errors.Is(err, syscall.ENOSPC)):
			t.Errorf("write beyond the room: %d %v", n, err)
		}
		a.Close()
		b.Close()
		if got, _ := os.ReadFile(filepath.Join(dir, "b")); string(got) != "45" {
			t.Errorf("lie=%v: on disk %q", lie, got)
		}
		if f.Written() != 5 {
			t.Errorf("written %d", f.Written())
		}
	}
}

// Refuse fails every matching operation, each time, without counting it; a failing
// close still closes (the lock is released).
func TestRefuseAndClose(t *testing.T) {
	dir := t.TempDir()
	f := &FS{Refuse: On("removeall", "keep"), Err: syscall.EACCES}
	if err := os.Mkdir(filepath.Join(dir, "keep"), 0o755); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := f.RemoveAll(filepath.Join(dir, "keep")); !errors.Is(err, fs.ErrPermission) {
			t.Errorf("removeall: %v", err)
		}
	}
	if len(f.Ops()) != 0 {
		t.Errorf("refused ops counted: %v", f.Ops())
	}
	name := filepath.Join(dir, "lock")
	g := &FS{Match: On("close", ""), FailAt: 1}
	l, err := g.Lock(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); !errors.Is(err, ErrInjected) {
		t.Errorf("close: %v", err)
	}
	l, err = g.Lock(name)
	if err != nil {
		t.Fatalf("lock not released by a failing close: %v", err)
	}
	l.Close()
}
