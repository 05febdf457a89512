package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/amcalc/amcalc/io/publish"
	"github.com/amcalc/amcalc/io/vfs"
	"github.com/amcalc/amcalc/pipeline"
	"github.com/amcalc/amcalc/pipeline/pipelinetest"
)

// faultNewAsOf is the "other input" of the process tests: the same extracts as of
// 30 June, so that the new partition differs from the previous one (31 December).
const faultNewAsOf = "2024-06-30"

var (
	faultNewOnce sync.Once
	faultNew     map[string][]byte
	faultNewErr  string
)

// faultNewPartition is the four Parquet files a run as of 30 June publishes.
func faultNewPartition(t *testing.T) map[string][]byte {
	t.Helper()
	faultNewOnce.Do(func() {
		out := filepath.Join(faultShared(t), "new")
		r := faultMain(t, faultRunArgs(faultContracts, faultActivity, out, "--as-of", faultNewAsOf)...)
		if r.code != ExitOK {
			faultNewErr = fmt.Sprintf("reference run: exit %d\n%s", r.code, r.stderr)
			return
		}
		faultNew = pipelinetest.ParquetOnly(pipelinetest.Snapshot(t, filepath.Join(out, "year=2024")))
	})
	if faultNewErr != "" {
		t.Fatal(faultNewErr)
	}
	return faultNew
}

// faultCommand is the binary's run as of 30 June into out, with extra environment.
func faultCommand(t *testing.T, out string, env ...string) *exec.Cmd {
	return faultCommandArgs(t, out, nil, env...)
}

// faultCommandArgs is faultCommand with extra arguments.
func faultCommandArgs(t *testing.T, out string, extra []string, env ...string) *exec.Cmd {
	args := append([]string{"run", "--log-format", "json"}, faultRunArgs(faultContracts, faultActivity, out, "--as-of", faultNewAsOf)...)
	cmd := exec.Command(faultBinary(t), append(args, extra...)...)
	cmd.Env = append(os.Environ(), env...)
	return cmd
}

// faultCheckPublishedNew: year=2024 is the complete new partition, readable.
func faultCheckPublishedNew(t *testing.T, out string) {
	t.Helper()
	dir := filepath.Join(out, "year=2024")
	if ok, diff := pipelinetest.SameFiles(pipelinetest.ParquetOnly(pipelinetest.Snapshot(t, dir)), faultNewPartition(t)); !ok {
		t.Fatalf("year=2024 is not the new partition (%s)", diff)
	}
	if m := faultReadPartition(t, dir); m.AsOf != faultNewAsOf {
		t.Errorf("manifest as_of %s, want %s", m.AsOf, faultNewAsOf)
	}
}

// faultNextRun is the next normal run: it sweeps what a crash left, publishes the new
// partition and leaves nothing behind; year=2021 is never touched.
func faultNextRun(t *testing.T, out string, y2021 map[string][]byte) {
	t.Helper()
	var stderr bytes.Buffer
	cmd := faultCommand(t, out)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("next run: %v\n%s", err, stderr.String())
	}
	faultCheckPublishedNew(t, out)
	if l := pipelinetest.Leftovers(t, out); len(l) != 0 {
		t.Errorf("next run left %v", l)
	}
	if ok, diff := pipelinetest.SameFiles(y2021, pipelinetest.Snapshot(t, filepath.Join(out, "year=2021"))); !ok {
		t.Errorf("year=2021 touched (%s)", diff)
	}
	pipelinetest.CheckLockFree(t, out)
}

// TestFaultsCrashPoints kills the binary by SIGKILL (AMCALC_TEST_CRASH_AT) at every
// pipeline.CrashPoints entry of a run that would replace year=2024. Right after the
// crash, year=2024 is the previous partition byte for byte (or, at "published", the new
// one), complete and readable; the staging folder left by a crash after "staging" is
// there for the sweep; the lock died with the process. The next normal run cleans up
// and publishes.
func TestFaultsCrashPoints(t *testing.T) {
	for _, point := range pipeline.CrashPoints {
		t.Run(point, func(t *testing.T) {
			out := faultPrevious(t)
			before := faultStateOf(t, out)
			var stderr bytes.Buffer
			cmd := faultCommand(t, out, "AMCALC_TEST_CRASH_AT="+point)
			cmd.Stderr = &stderr
			err := cmd.Run()
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				t.Fatalf("run: %v, want death by SIGKILL\n%s", err, stderr.String())
			}
			if ws := ee.Sys().(syscall.WaitStatus); !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("run ended with %v, want death by SIGKILL\n%s", ee, stderr.String())
			}
			after := faultStateOf(t, out)
			if point == "published" {
				faultCheckPublishedNew(t, out)
			} else {
				if ok, diff := pipelinetest.SameFiles(before.y2024, after.y2024); !ok {
					t.Fatalf("year=2024 changed (%s) by a crash at %s", diff, point)
				}
				faultReadPartition(t, filepath.Join(out, "year=2024"))
			}
			if ok, diff := pipelinetest.SameFiles(before.y2021, after.y2021); !ok {
				t.Errorf("year=2021 touched (%s)", diff)
			}
			var wantLeft int
			if slices.Contains([]string{"staging", "written", "manifest"}, point) {
				wantLeft = 1 // the staging folder, for the next run's sweep
			}
			if l := pipelinetest.Leftovers(t, out); len(l) != wantLeft {
				t.Errorf("after a crash at %s: left %v, want %d staging folder(s)", point, l, wantLeft)
			}
			pipelinetest.CheckLockFree(t, out)
			faultNextRun(t, out, before.y2021)
		})
	}
}

// TestFaultsSIGTERM sends SIGTERM at every crash point (AMCALC_TEST_TERM_AT: the hook
// signals its own process and waits for the run to be cancelled). Before the
// publication the run stops with exit 1: nothing published, the staging folder removed,
// the lock released. At "published" the run is done: exit 0, the new partition.
func TestFaultsSIGTERM(t *testing.T) {
	for _, point := range pipeline.CrashPoints {
		t.Run(point, func(t *testing.T) {
			out := faultPrevious(t)
			before := faultStateOf(t, out)
			var stdout, stderr bytes.Buffer
			cmd := faultCommand(t, out, "AMCALC_TEST_TERM_AT="+point)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if point == "published" {
				if err != nil {
					t.Fatalf("SIGTERM after the publication: %v\n%s", err, stderr.String())
				}
				faultCheckPublishedNew(t, out)
				if l := pipelinetest.Leftovers(t, out); len(l) != 0 {
					t.Errorf("left %v", l)
				}
				pipelinetest.CheckLockFree(t, out)
				return
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != ExitFailed {
				t.Fatalf("run: %v, want exit %d\n%s", err, ExitFailed, stderr.String())
			}
			r := faultResult{ee.ExitCode(), stdout.String(), stderr.String()}
			if msg := r.errorMessage(); msg != "interrupted by SIGTERM" {
				t.Errorf("error %q, want \"interrupted by SIGTERM\" (issue 9 item 13: the signal named)", msg)
			}
			faultNothingPublished(t, out, before)
			if b, err := os.ReadFile(filepath.Join(out, publish.LockFile)); err != nil || len(b) != 0 {
				t.Errorf("lock file still names a holder (%v): %q", err, b)
			}
		})
	}
}

// faultStartPaused starts the binary with AMCALC_TEST_PAUSE_AT=point and returns once
// it has paused there (holding the lock).
func faultStartPaused(t *testing.T, out, point string, extra ...string) (*exec.Cmd, *bytes.Buffer, chan error) {
	t.Helper()
	cmd := faultCommandArgs(t, out, extra, "AMCALC_TEST_PAUSE_AT="+point)
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var rest bytes.Buffer
	paused := make(chan bool, 1)
	done := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		seen := false
		for sc.Scan() {
			rest.WriteString(sc.Text() + "\n")
			if !seen && sc.Text() == pauseMsg+point {
				seen = true
				paused <- true
			}
		}
		if !seen {
			paused <- false
		}
		done <- cmd.Wait()
	}()
	select {
	case ok := <-paused:
		if !ok {
			t.Fatalf("the run ended before pausing at %s: %v\n%s", point, <-done, rest.String())
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the run did not pause at %s", point)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return cmd, &rest, done
}

// TestFaultsConcurrentRuns: while one run (a real process, paused at a point with the
// lock held) works on OUT, a second run on the same OUT fails at once (< 1 s) with exit
// 1 and a message naming the holder's pid and host, and touches nothing: not the
// partition, not the first run's staging folder. Then SIGTERM stops the first run:
// exit 1, nothing published, staging removed, lock released.
func TestFaultsConcurrentRuns(t *testing.T) {
	host, _ := os.Hostname()
	for _, point := range []string{"locked", "written", "manifest"} {
		t.Run(point, func(t *testing.T) {
			out := faultPrevious(t)
			before := faultStateOf(t, out)
			first, firstErr, done := faultStartPaused(t, out, point)
			staged := pipelinetest.Leftovers(t, out)

			start := time.Now()
			r := faultMain(t, faultRunArgs(faultContracts, faultActivity, out)...)
			took := time.Since(start)
			if r.code != ExitFailed {
				t.Fatalf("second run: exit %d, want %d\n%s", r.code, ExitFailed, r.stderr)
			}
			if took > time.Second {
				t.Errorf("second run took %v to give up, want < 1 s", took)
			}
			msg := r.errorMessage()
			for _, part := range []string{"output folder locked by another run", out,
				fmt.Sprintf("held by pid %d on %s since ", first.Process.Pid, host)} {
				if !strings.Contains(msg, part) {
					t.Errorf("message %q does not contain %q", msg, part)
				}
			}
			if ok, diff := pipelinetest.SameFiles(before.y2024, pipelinetest.Snapshot(t, filepath.Join(out, "year=2024"))); !ok {
				t.Errorf("year=2024 changed (%s) while the first run was paused", diff)
			}
			if l := pipelinetest.Leftovers(t, out); !slices.Equal(l, staged) {
				t.Errorf("the second run touched the first one's staging: %v, was %v", l, staged)
			}

			if err := first.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			var err error
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("the first run did not stop on SIGTERM")
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != ExitFailed {
				t.Fatalf("first run after SIGTERM: %v, want exit %d\n%s", err, ExitFailed, firstErr.String())
			}
			faultNothingPublished(t, out, before)
		})
	}
}

// TestFaultsConcurrentLockInProcess: the lock taken by this very process (another open
// file) blocks cli.Main too; once released, the run publishes.
func TestFaultsConcurrentLockInProcess(t *testing.T) {
	out := faultPrevious(t)
	before := faultStateOf(t, out)
	l, err := publish.Lock(vfs.OS, out)
	if err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	start := time.Now()
	r := faultMain(t, faultRunArgs(faultContracts, faultActivity, out, "--as-of", faultNewAsOf)...)
	if took := time.Since(start); took > time.Second {
		t.Errorf("took %v to give up", took)
	}
	if want := fmt.Sprintf("held by pid %d on %s", os.Getpid(), host); r.code != ExitFailed || !strings.Contains(r.errorMessage(), want) {
		t.Fatalf("exit %d, message %q; want exit 1 naming %q", r.code, r.errorMessage(), want)
	}
	if ok, diff := pipelinetest.SameFiles(before.y2024, pipelinetest.Snapshot(t, filepath.Join(out, "year=2024"))); !ok {
		t.Fatalf("year=2024 changed (%s)", diff)
	}
	l.Unlock()
	if r := faultMain(t, faultRunArgs(faultContracts, faultActivity, out, "--as-of", faultNewAsOf)...); r.code != ExitOK {
		t.Fatalf("after unlock: exit %d\n%s", r.code, r.stderr)
	}
	faultCheckPublishedNew(t, out)
}

// TestFaultsConcurrentNeverMixed races two runs with different as-of dates on the same
// OUT, several times: each run publishes or fails on the lock, and year=2024 is always
// one complete partition of one of them, never a mix.
func TestFaultsConcurrentNeverMixed(t *testing.T) {
	newP := faultNewPartition(t)
	for i := range 4 {
		out := faultPrevious(t)
		old := pipelinetest.ParquetOnly(pipelinetest.Snapshot(t, filepath.Join(out, "year=2024")))
		var wg sync.WaitGroup
		results := make([]faultResult, 2)
		for j, asOf := range []string{"2024-12-31", faultNewAsOf} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[j] = faultMain(t, faultRunArgs(faultContracts, faultActivity, out, "--as-of", asOf)...)
			}()
		}
		wg.Wait()
		for j, r := range results {
			if r.code != ExitOK && !(r.code == ExitFailed && strings.Contains(r.errorMessage(), "locked by another run")) {
				t.Errorf("round %d run %d: exit %d, %q", i, j, r.code, r.errorMessage())
			}
		}
		now := pipelinetest.ParquetOnly(pipelinetest.Snapshot(t, filepath.Join(out, "year=2024")))
		okOld, _ := pipelinetest.SameFiles(now, old)
		okNew, _ := pipelinetest.SameFiles(now, newP)
		if !okOld && !okNew {
			t.Fatalf("round %d: year=2024 is a mix of two runs", i)
		}
		faultReadPartition(t, filepath.Join(out, "year=2024"))
		if l := pipelinetest.Leftovers(t, out); len(l) != 0 {
			t.Errorf("round %d: left %v", i, l)
		}
	}
}

// TestFaultsSIGTERMPromptAtMaxWorkers: issue 9 item 11 — the binary with --workers 1024
// (the maximum), paused at each stage boundary, exits within a second of a real SIGTERM,
// logging "interrupted by SIGTERM", with nothing published.
func TestFaultsSIGTERMPromptAtMaxWorkers(t *testing.T) {
	for _, point := range []string{"locked", "loaded", "evaluated", "written"} {
		t.Run(point, func(t *testing.T) {
			out := faultPrevious(t)
			before := faultStateOf(t, out)
			cmd, stderr, done := faultStartPaused(t, out, point, "--workers", strconv.Itoa(MaxWorkers))
			start := time.Now()
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("no exit 10 s after SIGTERM")
			}
			if took := time.Since(start); took > time.Second {
				t.Errorf("exited %v after SIGTERM, want < 1 s", took)
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != ExitFailed {
				t.Fatalf("exit %v, want %d\n%s", err, ExitFailed, stderr)
			}
			if r := (faultResult{ee.ExitCode(), "", stderr.String()}); r.errorMessage() != "interrupted by SIGTERM" {
				t.Errorf("error %q, want \"interrupted by SIGTERM\"", r.errorMessage())
			}
			faultNothingPublished(t, out, before)
		})
	}
}
