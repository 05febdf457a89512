package publish

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/amcalc/amcalc/io/vfs"
)

// LockFile is the lock's name inside the output folder. It is never removed: removing
// it would let a third run lock a new file while the second still holds the old inode.
const LockFile = ".amcalc.lock"

// ErrLocked: another run holds the output folder's lock.
var ErrLocked = errors.New("output folder locked by another run")

// DirLock is the exclusive lock of one output folder ("one run at a time per output
// folder"). It is an flock(2) on OUT/.amcalc.lock (vfs.FS.Lock): the kernel releases it
// when the process dies, so a crash never leaves a folder locked.
type DirLock struct {
	f vfs.LockedFile
}

// Holder is who holds a lock, written into the lock file for the message of the run
// that finds it taken.
type Holder struct {
	PID       int    `json:"pid"`
	Hostname  string `json:"hostname"`
	StartedAt string `json:"started_at"`
}

func (h Holder) String() string {
	return fmt.Sprintf("pid %d on %s since %s", h.PID, h.Hostname, h.StartedAt)
}

// Lock creates outDir if needed and takes its lock on fsys without waiting. If another
// run holds it, the error wraps ErrLocked and names the holder.
func Lock(fsys vfs.FS, outDir string) (*DirLock, error) {
	if err := fsys.MkdirAll(outDir, 0o755); err != nil {
		return nil, fmt.Errorf("lock %s: %w", outDir, err)
	}
	path := filepath.Join(outDir, LockFile)
	f, err := fsys.Lock(path)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return nil, fmt.Errorf("%w: %s is held by %s", ErrLocked, outDir, readHolder(fsys, path))
	}
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", outDir, err)
	}
	host, _ := os.Hostname()
	info, _ := json.Marshal(Holder{PID: os.Getpid(), Hostname: host, StartedAt: time.Now().UTC().Format(time.RFC3339)})
	if err := writeHolder(f, append(info, '\n')); err != nil {
		f.Close() // releases the flock
		return nil, fmt.Errorf("lock %s: write holder: %w", path, err)
	}
	return &DirLock{f: f}, nil
}

func writeHolder(f vfs.LockedFile, info []byte) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	if _, err := f.WriteAt(info, 0); err != nil {
		return err
	}
	return f.Sync()
}

// readHolder describes the holder from the lock file; the holder may not have written
// it yet (it writes right after taking the lock).
func readHolder(fsys vfs.FS, path string) string {
	f, err := fsys.Open(path)
	if err != nil {
		return fmt.Sprintf("another run (holder unreadable: %v)", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.NewSectionReader(f, 0, 4096))
	if err != nil || len(strings.TrimSpace(string(b))) == 0 {
		return "another run (holder not yet recorded)"
	}
	var h Holder
	if err := json.Unmarshal(b, &h); err != nil {
		return fmt.Sprintf("another run (%q)", strings.TrimSpace(string(b)))
	}
	return h.String()
}

// Unlock releases the lock. It may be called more than once.
func (l *DirLock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	l.f.Truncate(0) // no stale holder for the next reader; the file itself stays
	err := l.f.Close()
	l.f = nil
	return err
}
