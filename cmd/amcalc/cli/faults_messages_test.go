package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/outfile"
	"github.com/amcalc/amcalc/io/publish"
	"github.com/amcalc/amcalc/pipeline"
	"github.com/amcalc/amcalc/pipeline/pipelinetest"
)

// osErrFS is a publish.FS on the real disk whose failAt-th operation (1-based) fails
// with the error the os package would give (a *fs.PathError or *os.LinkError naming the
// path), so that the messages built on them can be checked.
type osErrFS struct {
	failAt int
	errno  syscall.Errno
	// refuse makes RemoveAll fail for these base names, on every call.
	refuse map[string]bool

	mu  sync.Mutex
	ops int
}

func (f *osErrFS) fail() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ops++
	return f.ops == f.failAt
}

func (f *osErrFS) pathErr(op, p string) error { return &fs.PathError{Op: op, Path: p, Err: f.errno} }

func (f *osErrFS) Mkdir(p string, perm fs.FileMode) error {
	if f.fail() {
		return f.pathErr("mkdir", p)
	}
	return publish.OS.Mkdir(p, perm)
}

func (f *osErrFS) MkdirAll(p string, perm fs.FileMode) error {
	if f.fail() {
		return f.pathErr("mkdir", p)
	}
	return publish.OS.MkdirAll(p, perm)
}

func (f *osErrFS) Rename(a, b string) error {
	if f.fail() {
		return &os.LinkError{Op: "rename", Old: a, New: b, Err: f.errno}
	}
	return publish.OS.Rename(a, b)
}

func (f *osErrFS) Exchange(a, b string) error {
	if f.fail() {
		return &os.LinkError{Op: "renameat2 exchange", Old: a, New: b, Err: f.errno}
	}
	return publish.OS.Exchange(a, b)
}

func (f *osErrFS) RemoveAll(p string) error {
	if f.refuse[filepath.Base(p)] {
		return f.pathErr("unlinkat", filepath.Join(p, "payments.parquet"))
	}
	if f.fail() {
		return f.pathErr("unlinkat", p)
	}
	return publish.OS.RemoveAll(p)
}

func (f *osErrFS) ReadDir(p string) ([]fs.DirEntry, error) {
	if f.fail() {
		return nil, f.pathErr("open", p)
	}
	return publish.OS.ReadDir(p)
}

func (f *osErrFS) Stat(p string) (fs.FileInfo, error) {
	if f.fail() {
		return nil, f.pathErr("stat", p)
	}
	return publish.OS.Stat(p)
}

func (f *osErrFS) Sync(p string) error {
	if f.fail() {
		return f.pathErr("sync", p)
	}
	return publish.OS.Sync(p)
}

func (f *osErrFS) WriteFile(p string, data []byte, perm fs.FileMode) error {
	if f.fail() {
		return f.pathErr("open", p)
	}
	return publish.OS.WriteFile(p, data, perm)
}

// doubled returns the first segment that a message repeats at once ("publish: publish:",
// "write P: write P:"), or "".
func doubled(msg string) string {
	parts := strings.Split(msg, ": ")
	for i := 1; i < len(parts); i++ {
		if parts[i] == parts[i-1] {
			return parts[i]
		}
	}
	return ""
}

// messagesConfig is a run of the fixtures into out, through the given filesystems.
func messagesConfig(out string, log zerolog.Logger) pipeline.Config {
	return pipeline.Config{
		Year: 2024, AsOf: calc.YearEnd(2024), OutDir: out, Version: Version, Log: log,
		ContractsPath: filepath.Join(fixtures, "input", "contracts.parquet"),
		ActivityPath:  filepath.Join(fixtures, "input", "activity"),
	}
}

// TestFaultsMessagesPublish: issue 9 item 13 — every publication operation failing in
// turn, as the os package fails (EACCES), gives a message without a doubled prefix
// ("publish: publish: …").
func TestFaultsMessagesPublish(t *testing.T) {
	seen := 0
	for failAt := 1; ; failAt++ {
		out := faultPrevious(t)
		fsys := &osErrFS{failAt: failAt, errno: syscall.EACCES}
		cfg := messagesConfig(out, zerolog.Nop())
		cfg.PublishFS = fsys
		_, err := pipeline.Run(context.Background(), cfg)
		if fsys.ops < failAt {
			break // every operation has failed once
		}
		if err == nil {
			continue // a failure after the swap: published, with a warning
		}
		seen++
		if !errors.Is(err, syscall.EACCES) {
			t.Errorf("operation %d: %v does not wrap EACCES", failAt, err)
		}
		if d := doubled(err.Error()); d != "" {
			t.Errorf("operation %d: %q repeats %q", failAt, err, d)
		}
	}
	if seen < 5 {
		t.Errorf("only %d publication failures seen", seen)
	}
}

// failingWriteFS is an outfile.FS whose files fail every write as a full disk does.
type failingWriteFS struct{}

func (failingWriteFS) Create(name string) (outfile.File, error) {
	f, err := outfile.OS.Create(name)
	if err != nil {
		return nil, err
	}
	return enospcFile{f, name}, nil
}
func (failingWriteFS) Open(name string) (outfile.ReadFile, error) { return outfile.OS.Open(name) }
func (failingWriteFS) Remove(name string) error                   { return outfile.OS.Remove(name) }

type enospcFile struct {
	outfile.File
	name string
}

func (f enospcFile) Write([]byte) (int, error) {
	return 0, &fs.PathError{Op: "write", Path: f.name, Err: syscall.ENOSPC}
}

// TestFaultsMessagesWrite: a full disk gives "write outputs: write P: no space left on
// device", the path and the operation said once.
func TestFaultsMessagesWrite(t *testing.T) {
	out := faultPrevious(t)
	cfg := messagesConfig(out, zerolog.Nop())
	cfg.WriteFS = failingWriteFS{}
	_, err := pipeline.Run(context.Background(), cfg)
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("error %v, want ENOSPC", err)
	}
	if d := doubled(err.Error()); d != "" {
		t.Errorf("%q repeats %q", err, d)
	}
}

// TestFaultsSweepBlocked: issue 9 item 12 — leftovers of earlier runs that cannot be
// removed (EACCES, as a read-only folder gives) do not block the run: a warning names
// each, the run publishes a complete partition, and the leftovers stay where they were,
// hidden from readers.
func TestFaultsSweepBlocked(t *testing.T) {
	out := faultPrevious(t)
	before := faultStateOf(t, out)
	stuck := []string{".old-year=2024-9-1", ".staging-year=2024-9-2"}
	for _, name := range stuck {
		if err := os.MkdirAll(filepath.Join(out, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, name, "payments.parquet"), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var logs strings.Builder
	cfg := messagesConfig(out, zerolog.New(&logs))
	cfg.AsOf = calc.MakeDate(2024, time.June, 30)
	cfg.PublishFS = &osErrFS{errno: syscall.EACCES, refuse: map[string]bool{stuck[0]: true, stuck[1]: true}}
	if _, err := pipeline.Run(context.Background(), cfg); err != nil {
		t.Fatalf("run: %v\n%s", err, logs.String())
	}
	faultCheckPublishedNew(t, out)
	if ok, diff := pipelinetest.SameFiles(before.y2021, pipelinetest.Snapshot(t, filepath.Join(out, "year=2021"))); !ok {
		t.Errorf("year=2021 touched (%s)", diff)
	}
	if l := pipelinetest.Leftovers(t, out); !slices.Equal(l, stuck) {
		t.Errorf("left %v, want %v", l, stuck)
	}
	for _, name := range stuck {
		want := fmt.Sprintf(`{"level":"warn","leftover":%q,"error":`, name)
		if !strings.Contains(logs.String(), want) || !strings.Contains(logs.String(), "permission denied") {
			t.Errorf("no warning naming %s and its cause:\n%s", name, logs.String())
		}
	}
}
