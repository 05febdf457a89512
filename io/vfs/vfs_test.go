package vfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func mustWrite(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestOSExchange(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "a", "f"), "a")
	mustWrite(t, filepath.Join(dir, "b", "f"), "b")
	err := OS.Exchange(filepath.Join(dir, "a"), filepath.Join(dir, "b"))
	if errors.Is(err, ErrNoExchange) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if read(t, filepath.Join(dir, "a", "f")) != "b" || read(t, filepath.Join(dir, "b", "f")) != "a" {
		t.Error("not exchanged")
	}
	if err := OS.Exchange(filepath.Join(dir, "a"), filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("exchange with a missing path: %v", err)
	}
}

// The lock is exclusive between open files, even of one process, fails at once with
// EWOULDBLOCK, and is released by Close.
func TestOSLock(t *testing.T) {
	name := filepath.Join(t.TempDir(), "lock")
	l1, err := OS.Lock(name)
	if err != nil {
		t.Fatal(err)
	}
	if l2, err := OS.Lock(name); !errors.Is(err, syscall.EWOULDBLOCK) {
		if l2 != nil {
			l2.Close()
		}
		t.Fatalf("second lock: %v, want EWOULDBLOCK", err)
	}
	if _, err := l1.WriteAt([]byte("holder"), 0); err != nil {
		t.Fatal(err)
	}
	if err := l1.Close(); err != nil {
		t.Fatal(err)
	}
	l3, err := OS.Lock(name)
	if err != nil {
		t.Fatalf("lock after close: %v", err)
	}
	defer l3.Close()
	if got := read(t, name); got != "holder" {
		t.Errorf("Lock changed the file: %q", got)
	}
}

func TestOSWriteFileAndCreate(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "m.json")
	if err := OS.WriteFile(p, []byte("first, longer"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := OS.WriteFile(p, []byte("second"), 0o644); err != nil || read(t, p) != "second" {
		t.Fatalf("WriteFile does not truncate: %q %v", read(t, p), err)
	}
	f, err := OS.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if read(t, p) != "x" {
		t.Errorf("Create does not truncate: %q", read(t, p))
	}
	if err := OS.Sync(dir); err != nil {
		t.Errorf("sync a folder: %v", err)
	}
	if err := OS.Sync(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("sync a missing path: %v", err)
	}
}
