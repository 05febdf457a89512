package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/vfs/vfstest"
	"github.com/amcalc/amcalc/pipeline"
	"github.com/amcalc/amcalc/pipeline/pipelinetest"
)

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

// TestFaultsMessagesPublish: issue 9 item 13 — every operation on the output folder
// failing in turn but the parallel writers' (the lock and publication), as the os
// package fails (EACCES), gives a message without a doubled prefix ("publish: publish:
// …").
func TestFaultsMessagesPublish(t *testing.T) {
	seen := 0
	for failAt := 1; ; failAt++ {
		out := faultPrevious(t)
		fsys := &vfstest.FS{Match: pipelinetest.Sequential, FailAt: failAt, Err: syscall.EACCES}
		cfg := messagesConfig(out, zerolog.Nop())
		cfg.FS = fsys
		_, err := pipeline.Run(context.Background(), cfg)
		if len(fsys.Ops()) < failAt {
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

// TestFaultsMessagesWrite: a full disk gives "write outputs: write P: no space left on
// device", the path and the operation said once.
func TestFaultsMessagesWrite(t *testing.T) {
	out := faultPrevious(t)
	cfg := messagesConfig(out, zerolog.Nop())
	cfg.FS = &vfstest.FS{Refuse: vfstest.On("write", ""), Err: syscall.ENOSPC}
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
	// Where they stay: a previous partition is renamed to a staging name before its
	// removal, so that a removal stopped half-way never looks restorable.
	left := []string{".staging-year=2024-9-2", ".staging-year=2024-discard-9-1"}
	for _, name := range stuck {
		if err := os.MkdirAll(filepath.Join(out, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, name, "payments.parquet"), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var logs strings.Builder
	cfg := messagesConfig(out, zerolog.New(zerolog.SyncWriter(&logs)))
	cfg.AsOf = calc.MakeDate(2024, time.June, 30)
	cfg.FS = &vfstest.FS{Err: syscall.EACCES, Refuse: func(op vfstest.Op) bool {
		return op.Kind == "removeall" && slices.Contains(left, filepath.Base(op.Path))
	}}
	if _, err := pipeline.Run(context.Background(), cfg); err != nil {
		t.Fatalf("run: %v\n%s", err, logs.String())
	}
	faultCheckPublishedNew(t, out)
	if ok, diff := pipelinetest.SameFiles(before.y2021, pipelinetest.Snapshot(t, filepath.Join(out, "year=2021"))); !ok {
		t.Errorf("year=2021 touched (%s)", diff)
	}
	if l := pipelinetest.Leftovers(t, out); !slices.Equal(l, left) {
		t.Errorf("left %v, want %v", l, left)
	}
	for _, name := range left {
		want := fmt.Sprintf(`{"level":"warn","leftover":%q,"error":`, name)
		if !strings.Contains(logs.String(), want) || !strings.Contains(logs.String(), "permission denied") {
			t.Errorf("no warning naming %s and its cause:\n%s", name, logs.String())
		}
	}
}
