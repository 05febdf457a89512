// Package vfstest is the fault-injecting vfs.FS of every fault test (the writers',
// publication's, the pipeline's and the CLI's): it runs each operation on a real
// filesystem, and can fail any one of them, the lock included, or crash the run there.
// Test code only.
package vfstest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"github.com/amcalc/amcalc/io/vfs"
)

// Op is one filesystem operation as FS sees it.
type Op struct {
	// Kind is the vfs.FS method in lower case: "create", "open", "remove", "mkdir",
	// "mkdirall", "rename", "exchange", "removeall", "readdir", "stat", "sync",
	// "writefile", "lock"; or, on a file that Create or Lock opened, "write",
	// "writeat", "truncate", "fsync" (its Sync) or "close".
	Kind string
	Path string
	To   string // the second path of rename and exchange
}

func (o Op) String() string {
	if o.To != "" {
		return o.Kind + " " + o.Path + " " + o.To
	}
	return o.Kind + " " + o.Path
}

// On matches the operations of this kind on a path of this base name; "" matches any.
func On(kind, base string) func(Op) bool {
	return func(op Op) bool {
		return (kind == "" || op.Kind == kind) && (base == "" || filepath.Base(op.Path) == base)
	}
}

// ErrInjected is the cause of an injected failure when FS.Err is nil.
var ErrInjected = errors.New("injected failure")

// FS runs every operation on Inner, and fails those its fields pick. The zero value
// fails nothing (it counts operations and bytes). It is safe for concurrent use; the
// output writers run in parallel.
type FS struct {
	Inner vfs.FS // nil: vfs.OS

	// Match selects the operations that FailAt counts and Ops records (nil: all).
	// Operations that run in parallel make the N-th one depend on scheduling: leave
	// them out to fail "each operation in turn".
	Match func(Op) bool
	// FailAt fails the FailAt-th matching operation (1-based); 0 fails none.
	FailAt int
	// Refuse fails every operation it reports, each time (not counted by FailAt).
	Refuse func(Op) bool
	// Err is the cause of the failures FailAt and Refuse inject (nil: ErrInjected),
	// wrapped as the os package wraps its own: an *os.LinkError for rename and
	// exchange, an *fs.PathError naming the path otherwise.
	Err error
	// Crash makes the failure at FailAt the death of the process: that operation leaves
	// what dying in its middle would (half the bytes of a WriteFile, one file fewer for
	// a RemoveAll) and every later operation fails.
	Crash bool
	// NoExchange makes Exchange report vfs.ErrNoExchange (publication's fallback).
	NoExchange bool
	// Room, when not nil, is the free space for the files that Create opens, shared by
	// all of them as on a disk: a write beyond it is short and fails with ENOSPC.
	Room *int64
	// Lie makes a failing write (beyond Room, or picked by FailAt or Refuse) report
	// success while the bytes it could not write never reach the disk: a lying disk.
	Lie bool

	mu      sync.Mutex
	ops     []Op
	written int64
	dead    bool
}

// Ops are the matching operations so far, in order (the failed one included).
func (f *FS) Ops() []Op {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Op(nil), f.ops...)
}

// Written is the number of bytes written so far to the files that Create opened.
func (f *FS) Written() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.written
}

func (f *FS) inner() vfs.FS {
	if f.Inner == nil {
		return vfs.OS
	}
	return f.Inner
}

// fails records op and reports whether it fails, and whether it is the crash.
func (f *FS) fails(op Op) (fail, crash bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.dead {
		return true, false
	}
	if f.Refuse != nil && f.Refuse(op) {
		return true, false
	}
	if f.Match == nil || f.Match(op) {
		f.ops = append(f.ops, op)
		if len(f.ops) == f.FailAt {
			f.dead = f.Crash
			return true, f.Crash
		}
	}
	return false, false
}

// osOps are the operation names the os package puts in its errors.
var osOps = map[string]string{
	"create": "open", "open": "open", "remove": "remove", "mkdir": "mkdir", "mkdirall": "mkdir",
	"removeall": "unlinkat", "readdir": "open", "stat": "stat", "sync": "sync", "writefile": "open",
	"lock": "flock", "write": "write", "writeat": "write", "truncate": "truncate", "fsync": "sync", "close": "close",
}

func (f *FS) errFor(op Op) error {
	cause := f.Err
	if cause == nil {
		cause = ErrInjected
	}
	switch op.Kind {
	case "rename":
		return &os.LinkError{Op: "rename", Old: op.Path, New: op.To, Err: cause}
	case "exchange":
		return &os.LinkError{Op: "renameat2 exchange", Old: op.Path, New: op.To, Err: cause}
	}
	return &fs.PathError{Op: osOps[op.Kind], Path: op.Path, Err: cause}
}

// check is fails for the operations that leave nothing half-done.
func (f *FS) check(kind, path string) error {
	op := Op{Kind: kind, Path: path}
	if fail, _ := f.fails(op); fail {
		return f.errFor(op)
	}
	return nil
}

func (f *FS) Create(name string) (vfs.File, error) {
	if err := f.check("create", name); err != nil {
		return nil, err
	}
	file, err := f.inner().Create(name)
	if err != nil {
		return nil, err
	}
	return &outFile{File: file, fsys: f, name: name}, nil
}

func (f *FS) Open(name string) (vfs.ReadFile, error) {
	if err := f.check("open", name); err != nil {
		return nil, err
	}
	return f.inner().Open(name)
}

func (f *FS) Remove(name string) error {
	if err := f.check("remove", name); err != nil {
		return err
	}
	return f.inner().Remove(name)
}

func (f *FS) Mkdir(path string, perm fs.FileMode) error {
	if err := f.check("mkdir", path); err != nil {
		return err
	}
	return f.inner().Mkdir(path, perm)
}

func (f *FS) MkdirAll(path string, perm fs.FileMode) error {
	if err := f.check("mkdirall", path); err != nil {
		return err
	}
	return f.inner().MkdirAll(path, perm)
}

func (f *FS) Rename(oldpath, newpath string) error {
	op := Op{Kind: "rename", Path: oldpath, To: newpath}
	if fail, _ := f.fails(op); fail {
		return f.errFor(op)
	}
	return f.inner().Rename(oldpath, newpath)
}

func (f *FS) Exchange(a, b string) error {
	op := Op{Kind: "exchange", Path: a, To: b}
	if fail, _ := f.fails(op); fail {
		return f.errFor(op)
	}
	if f.NoExchange {
		return fmt.Errorf("exchange %s %s: %w", a, b, vfs.ErrNoExchange)
	}
	return f.inner().Exchange(a, b)
}

func (f *FS) RemoveAll(path string) error {
	op := Op{Kind: "removeall", Path: path}
	if fail, crash := f.fails(op); fail {
		if crash {
			removeOne(f.inner(), path)
		}
		return f.errFor(op)
	}
	return f.inner().RemoveAll(path)
}

// removeOne removes the first regular file under dir, as a removal killed half-way
// would leave it.
func removeOne(fsys vfs.FS, dir string) bool {
	entries, _ := fsys.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if e.IsDir() && removeOne(fsys, p) {
			return true
		}
		if e.Type().IsRegular() {
			return fsys.Remove(p) == nil
		}
	}
	return false
}

func (f *FS) ReadDir(path string) ([]fs.DirEntry, error) {
	if err := f.check("readdir", path); err != nil {
		return nil, err
	}
	return f.inner().ReadDir(path)
}

func (f *FS) Stat(path string) (fs.FileInfo, error) {
	if err := f.check("stat", path); err != nil {
		return nil, err
	}
	return f.inner().Stat(path)
}

func (f *FS) Sync(path string) error {
	if err := f.check("sync", path); err != nil {
		return err
	}
	return f.inner().Sync(path)
}

func (f *FS) WriteFile(path string, data []byte, perm fs.FileMode) error {
	op := Op{Kind: "writefile", Path: path}
	if fail, crash := f.fails(op); fail {
		if crash { // a torn write
			f.inner().WriteFile(path, data[:len(data)/2], perm)
		}
		return f.errFor(op)
	}
	return f.inner().WriteFile(path, data, perm)
}

func (f *FS) Lock(name string) (vfs.LockedFile, error) {
	if err := f.check("lock", name); err != nil {
		return nil, err
	}
	l, err := f.inner().Lock(name)
	if err != nil {
		return nil, err
	}
	return &lockedFile{LockedFile: l, fsys: f, name: name}, nil
}

// outFile is a file opened by Create.
type outFile struct {
	vfs.File
	fsys *FS
	name string
}

func (o *outFile) Write(p []byte) (int, error) {
	f := o.fsys
	if err := f.check("write", o.name); err != nil {
		if f.Lie && !f.isDead() {
			return len(p), nil
		}
		return 0, err
	}
	f.mu.Lock()
	n := len(p)
	var err error
	if f.Room != nil && f.written+int64(n) > *f.Room {
		n = int(max(*f.Room-f.written, 0))
		err = &fs.PathError{Op: "write", Path: o.name, Err: syscall.ENOSPC}
	}
	f.written += int64(n)
	f.mu.Unlock()
	if n > 0 {
		if m, werr := o.File.Write(p[:n]); werr != nil {
			return m, werr
		}
	}
	if err != nil && f.Lie {
		return len(p), nil
	}
	return n, err
}

func (o *outFile) Sync() error {
	if err := o.fsys.check("fsync", o.name); err != nil {
		return err
	}
	return o.File.Sync()
}

// Close always closes the file (as close(2) releases the descriptor even when it
// reports an error), then reports the failure picked for it.
func (o *outFile) Close() error {
	cerr := o.File.Close()
	if err := o.fsys.check("close", o.name); err != nil {
		return err
	}
	return cerr
}

func (f *FS) isDead() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.dead
}

// lockedFile is a file held by Lock.
type lockedFile struct {
	vfs.LockedFile
	fsys *FS
	name string
}

func (l *lockedFile) WriteAt(p []byte, off int64) (int, error) {
	if err := l.fsys.check("writeat", l.name); err != nil {
		return 0, err
	}
	return l.LockedFile.WriteAt(p, off)
}

func (l *lockedFile) Truncate(size int64) error {
	if err := l.fsys.check("truncate", l.name); err != nil {
		return err
	}
	return l.LockedFile.Truncate(size)
}

func (l *lockedFile) Sync() error {
	if err := l.fsys.check("fsync", l.name); err != nil {
		return err
	}
	return l.LockedFile.Sync()
}

// Close always releases the lock, then reports the failure picked for it.
func (l *lockedFile) Close() error {
	cerr := l.LockedFile.Close()
	if err := l.fsys.check("close", l.name); err != nil {
		return err
	}
	return cerr
}
