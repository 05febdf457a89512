package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/amcalc/amcalc/pipeline"
)

// MaxWorkers is the largest --workers: beyond it more goroutines only cost memory and
// slow the cancellation down; a machine with more cores than this is not expected.
const MaxWorkers = 1024

// Test hooks (issue "Nothing lost"), each naming a pipeline.CrashPoints entry; unset in
// production. At that point amcalc run kills itself with SIGKILL (crashEnv), sends
// itself SIGTERM and waits for it to cancel the run (termEnv), or writes pauseMsg to
// stderr and waits until a signal cancels the run (pauseEnv: another process can then
// find the lock held, and interrupt the run where it chooses).
const (
	crashEnv = "AMCALC_TEST_CRASH_AT"
	termEnv  = "AMCALC_TEST_TERM_AT"
	pauseEnv = "AMCALC_TEST_PAUSE_AT"
	pauseMsg = "amcalc: test hook: paused at "
)

func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("amcalc run", stderr)
	in := f.inputs("payment year to compute", "emit only events dated on or before this day", "info")
	var out, ratioText string
	var workers int
	f.Text(&out, "out", "", "output folder `DIR`; the run publishes DIR/year=YYYY (required)")
	f.Decimal(&workers, "workers", 0, fmt.Sprintf("`N` goroutines reading files, selecting percentiles and evaluating contracts, 1…%d (default: number of CPUs)", MaxWorkers))
	f.Text(&ratioText, "max-reject-ratio", "0.01", "largest share of any input's rows that may be rejected, a `RATIO` within 0…1")
	if code, ok := f.parse(args); !ok {
		return code
	}
	if err := f.noArgs(); err != nil {
		return f.fail(err)
	}
	cfg, log, err := in.config(stderr)
	if err == nil {
		err = runConfig(&cfg, f, out, workers, ratioText)
	}
	if err != nil {
		return f.fail(err)
	}
	in.logAsOf(log, cfg.AsOf)
	cfg.Hook = testHook(ctx, stderr)
	if os.Getenv("GOGC") == "" {
		// Most of a run's heap is pointer-free packed activity that the collector never
		// scans, while the Parquet reader churns short-lived buffers: collecting at +50 %
		// instead of +100 % keeps peak memory near the live set for little CPU.
		debug.SetGCPercent(50)
	}
	res, err := pipeline.Run(ctx, cfg)
	if err != nil {
		var sig *Interrupted
		if errors.As(context.Cause(ctx), &sig) && ctx.Err() != nil {
			log.Error().Err(sig).Str("cause", err.Error()).Msg("run " + sig.Error() + ": nothing published")
			return ExitFailed
		}
		log.Error().Err(err).Msg("run failed: nothing published")
		return ExitFailed
	}
	fmt.Fprintf(stdout, "published %s: %d payments, payable total %s\n", res.Published, res.Payments, res.PayableTotal)
	return ExitOK
}

// runConfig checks the flags of run only and completes cfg.
func runConfig(cfg *pipeline.Config, f *flags, out string, workers int, ratioText string) error {
	if err := f.nonEmpty("out", "max-reject-ratio"); err != nil {
		return err
	}
	switch {
	case out == "":
		return usagef("--out is required")
	case workers < 0 || workers > MaxWorkers:
		return usagef("--workers %d: want 1…%d, or 0 for the number of CPUs", workers, MaxWorkers)
	}
	ratio, ok := new(big.Rat).SetString(ratioText)
	if !ok || ratio.Sign() < 0 || ratio.Cmp(big.NewRat(1, 1)) > 0 {
		return usagef("--max-reject-ratio %q: want a number within 0…1", ratioText)
	}
	cfg.OutDir, cfg.Workers, cfg.MaxRejectRatio, cfg.MaxRejectRatioText = out, workers, ratio, ratioText
	return nil
}

// testHook returns the hook of the test environment variables, or nil.
func testHook(ctx context.Context, stderr io.Writer) func(string) {
	crash, term, pause := os.Getenv(crashEnv), os.Getenv(termEnv), os.Getenv(pauseEnv)
	if crash == "" && term == "" && pause == "" {
		return nil
	}
	return func(p string) {
		switch p {
		case crash:
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {}
		case term:
			_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
			select { // the signal cancels ctx (SignalContext)
			case <-ctx.Done():
			case <-time.After(10 * time.Second):
			}
		case pause:
			fmt.Fprintf(stderr, "%s%s\n", pauseMsg, p)
			<-ctx.Done()
		}
	}
}
