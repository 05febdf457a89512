// Package vfs is the one filesystem seam of an output folder: every operation that
// writing the outputs, publishing a partition and locking the folder performs goes
// through FS, so that a test can fail, or crash the run at, any of them (see vfstest).
// OS is the real filesystem.
//
// It is a package of its own, below io/outfile and io/publish, so that both use the same
// interface and the test filesystem in vfstest can serve their own tests too (a test
// filesystem in io/publish could not be imported by publish's tests).
//
// It holds no policy: no retries, no paths of its own, no error wording beyond the os
// package's. Reading the input extracts is not an output-folder operation and does not
// go through it.
package vfs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// FS is every filesystem operation on an output folder. Like Pebble's vfs.FS it has the
// lock in it, so that nothing a run does to OUT escapes a test's filesystem.
type FS interface {
	// Create creates or truncates name for writing (an output file).
	Create(name string) (File, error)
	// Open opens name for reading (the read-back of a file just written, a manifest,
	// the holder of a lock).
	Open(name string) (ReadFile, error)
	// Remove deletes name (a file that failed to be written completely).
	Remove(name string) error

	Mkdir(path string, perm fs.FileMode) error
	MkdirAll(path string, perm fs.FileMode) error
	// Rename is rename(2): atomic, replaces a file or an empty directory.
	Rename(oldpath, newpath string) error
	// Exchange atomically swaps two existing paths (renameat2 RENAME_EXCHANGE). It
	// returns an error wrapping ErrNoExchange where the kernel or filesystem cannot,
	// and one wrapping fs.ErrNotExist when either path is missing.
	Exchange(a, b string) error
	RemoveAll(path string) error
	ReadDir(path string) ([]fs.DirEntry, error)
	Stat(path string) (fs.FileInfo, error)
	// Sync opens path (a file or a directory) read-only, fsyncs it and closes it.
	Sync(path string) error
	// WriteFile creates or truncates path, writes data, fsyncs and closes it.
	WriteFile(path string, data []byte, perm fs.FileMode) error

	// Lock opens name (creating it if needed) and takes an exclusive flock(2) on it
	// without waiting; closing the returned file releases it, and so does the kernel
	// when the process dies. When another open file holds it, the error wraps
	// syscall.EWOULDBLOCK.
	Lock(name string) (LockedFile, error)
}

// File is a file open for writing.
type File interface {
	io.Writer
	Sync() error
	Close() error
}

// ReadFile is a file open for reading.
type ReadFile interface {
	io.Reader
	io.ReaderAt
	io.Seeker
	io.Closer
}

// LockedFile is a file held under Lock, open for reading and writing (the lock's
// holder is recorded in it); Close releases the lock.
type LockedFile interface {
	io.WriterAt
	Truncate(size int64) error
	Sync() error
	Close() error
}

// ErrNoExchange: the atomic exchange of two directories is not supported here.
var ErrNoExchange = errors.New("atomic rename exchange not supported")

// OS is the real filesystem.
var OS FS = osFS{}

type osFS struct{}

func (osFS) Create(name string) (File, error) {
	return os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
}

func (osFS) Open(name string) (ReadFile, error)           { return os.Open(name) }
func (osFS) Remove(name string) error                     { return os.Remove(name) }
func (osFS) Mkdir(path string, perm fs.FileMode) error    { return os.Mkdir(path, perm) }
func (osFS) MkdirAll(path string, perm fs.FileMode) error { return os.MkdirAll(path, perm) }
func (osFS) Rename(oldpath, newpath string) error         { return os.Rename(oldpath, newpath) }
func (osFS) Exchange(a, b string) error                   { return exchange(a, b) }
func (osFS) RemoveAll(path string) error                  { return os.RemoveAll(path) }
func (osFS) ReadDir(path string) ([]fs.DirEntry, error)   { return os.ReadDir(path) }
func (osFS) Stat(path string) (fs.FileInfo, error)        { return os.Stat(path) }

func (osFS) Sync(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func (osFS) WriteFile(path string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func (osFS) Lock(name string) (LockedFile, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, &fs.PathError{Op: "flock", Path: name, Err: err}
	}
	return f, nil
}
