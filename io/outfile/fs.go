package outfile

import (
	"io"
	"os"
)

// FS is the little filesystem the writer needs. It is an interface so that tests can
// simulate a full disk or a failing write; production code uses OS.
type FS interface {
	// Create creates or truncates name for writing.
	Create(name string) (File, error)
	// Open opens name for reading (to verify the footer of a file just written).
	Open(name string) (ReadFile, error)
	// Remove deletes name (a file that failed to be written completely).
	Remove(name string) error
}

// File is a file open for writing.
type File interface {
	io.Writer
	Sync() error
	Close() error
}

// ReadFile is a file open for reading; *os.File satisfies it.
type ReadFile interface {
	io.ReaderAt
	io.Seeker
	io.Closer
}

// OS is the real filesystem.
var OS FS = osFS{}

type osFS struct{}

func (osFS) Create(name string) (File, error) {
	return os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
}

func (osFS) Open(name string) (ReadFile, error) { return os.Open(name) }

func (osFS) Remove(name string) error { return os.Remove(name) }
