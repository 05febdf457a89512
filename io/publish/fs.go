package publish

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// FS is every filesystem operation publication performs. It is an interface so that
// tests can stop the sequence at any operation (a crash) or fail one operation (an I/O
// error) and check what a reader, and the next run, would find. OS is the real one.
type FS interface {
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
}

// ErrNoExchange: the atomic exchange of two directories is not supported here.
var ErrNoExchange = errors.New("atomic rename exchange not supported")

// OS is the real filesystem.
var OS FS = osFS{}

type osFS struct{}

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

// syncTree fsyncs every regular file and directory under root, root last, so that
// nothing written into the staging folder is lost once it is renamed into place.
func syncTree(fsys FS, root string) error {
	entries, err := fsys.ReadDir(root)
	if err != nil {
		return err
	}
	for _, e := range entries {
		p := filepath.Join(root, e.Name())
		switch {
		case e.IsDir():
			if err := syncTree(fsys, p); err != nil {
				return err
			}
		case e.Type().IsRegular():
			if err := fsys.Sync(p); err != nil {
				return err
			}
		}
	}
	return fsys.Sync(root)
}

func exists(fsys FS, path string) (bool, error) {
	_, err := fsys.Stat(path)
	if err == nil {
		return true, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return false, err
}
