// Package cli is the amcalc command line as a library: Main parses the arguments, runs
// the subcommand and returns the exit code, so tests call it directly.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"os"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/pipeline"
)

// Version is the program version: written in every output's created_by and in the
// manifest, so that two runs of the same version give the same bytes.
const Version = "0.1.0"

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

// Exit codes (DATA.md "Command line").
const (
	ExitOK     = 0 // published (run), identical (diff)
	ExitFailed = 1 // not published; the previous partition is intact (run), differs (diff)
	ExitUsage  = 2
)

const usage = `amcalc computes the payments of the medical-assistant aid and publishes them.

Usage:
  amcalc run --year Y --contracts PATH --activity PATH --out DIR [options]
  amcalc diff [--format text|json] OLD NEW
  amcalc explain --year Y --contract ID --contracts PATH --activity PATH [options]
  amcalc simulate --specialty CODE --tariff-sector S --signed-on D (--activity PATH | --bands FILE) [options]
  amcalc version

Run "amcalc COMMAND -h" for the options of a command.
`

// Main runs amcalc with args (without the program name) and returns the exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	switch args[0] {
	case "run":
		return runCmd(ctx, args[1:], stdout, stderr)
	case "diff":
		return diffCmd(args[1:], stdout, stderr)
	case "explain":
		return explainCmd(ctx, args[1:], stdout, stderr)
	case "simulate":
		return simulateCmd(ctx, args[1:], stdout, stderr)
	case "version":
		fmt.Fprintf(stdout, "amcalc %s (rules %s)\n", Version, calc.DefaultParams().RulesVersion)
		return ExitOK
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(stderr, "amcalc: unknown command %q\n\n%s", args[0], usage)
	return ExitUsage
}

// usageError marks a command-line mistake (exit 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

type runFlags struct {
	year                      int
	asOf, contracts, activity string
	out, params               string
	workers                   int
	maxRejectRatio            string
	logFormat, logLevel       string
}

func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("amcalc run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f runFlags
	fs.IntVar(&f.year, "year", 0, "payment year to compute, 2019…2099 (required)")
	fs.StringVar(&f.contracts, "contracts", "", "contracts extract: a Parquet file or a directory (required)")
	fs.StringVar(&f.activity, "activity", "", "activity extract: a Parquet file or a directory (required)")
	fs.StringVar(&f.out, "out", "", "output folder; the run publishes OUT/year=YYYY (required)")
	fs.StringVar(&f.asOf, "as-of", "", "emit only events dated on or before this YYYY-MM-DD (default: 31 Dec of --year)")
	fs.IntVar(&f.workers, "workers", 0, "contract evaluation workers (default: number of CPUs)")
	fs.StringVar(&f.maxRejectRatio, "max-reject-ratio", "0.01", "largest share of either input's rows that may be rejected, 0…1")
	fs.StringVar(&f.params, "params", "", "parameter file replacing the embedded one (JSON, see calc/params.json)")
	fs.StringVar(&f.logFormat, "log-format", "auto", "auto (console on a terminal, else JSON lines), json or console")
	fs.StringVar(&f.logLevel, "log-level", "info", "debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if fs.NArg() > 0 {
		// Flags after a stray argument are not parsed: say so rather than "missing".
		fmt.Fprintf(stderr, "amcalc run: unexpected argument %q (flags after it are not read)\n", fs.Arg(0))
		return ExitUsage
	}
	cfg, log, err := f.config(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "amcalc run: %v\n", err)
		var ue *usageError
		if errors.As(err, &ue) {
			return ExitUsage
		}
		return ExitFailed
	}
	cfg.Hook = testHook(ctx, stderr)
	if os.Getenv("GOGC") == "" {
		// Most of a run's heap is pointer-free packed activity that the collector never
		// scans, while the Parquet reader churns short-lived buffers: collecting at +50 %
		// instead of +100 % keeps peak memory near the live set for little CPU.
		debug.SetGCPercent(50)
	}
	res, err := pipeline.Run(ctx, cfg)
	if err != nil {
		log.Error().Err(err).Msg("run failed: nothing published")
		return ExitFailed
	}
	fmt.Fprintf(stdout, "published %s: %d payments, payable total %s\n", res.Published, res.Payments, res.PayableTotal)
	return ExitOK
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
			select { // the signal cancels ctx (cmd/amcalc's signal.NotifyContext)
			case <-ctx.Done():
			case <-time.After(10 * time.Second):
			}
		case pause:
			fmt.Fprintf(stderr, "%s%s\n", pauseMsg, p)
			<-ctx.Done()
		}
	}
}

func (f *runFlags) config(stderr io.Writer) (pipeline.Config, zerolog.Logger, error) {
	var cfg pipeline.Config
	log, err := newLogger(stderr, f.logFormat, f.logLevel)
	if err != nil {
		return cfg, log, err
	}
	switch {
	case f.year == 0:
		return cfg, log, usagef("--year is required")
	case f.year < 2019 || f.year > 2099:
		return cfg, log, usagef("--year %d: want 2019…2099", f.year)
	case f.contracts == "":
		return cfg, log, usagef("--contracts is required")
	case f.activity == "":
		return cfg, log, usagef("--activity is required")
	case f.out == "":
		return cfg, log, usagef("--out is required")
	case f.workers < 0:
		return cfg, log, usagef("--workers %d: want ≥ 0", f.workers)
	}
	asOf := calc.YearEnd(f.year)
	if f.asOf != "" {
		d, err := calc.ParseDate(f.asOf)
		if err != nil {
			return cfg, log, usagef("--as-of: %v", err)
		}
		if d < calc.YearStart(f.year) {
			return cfg, log, usagef("--as-of %s is before 1 January %d", f.asOf, f.year)
		}
		asOf = min(d, asOf) // R-PAY-4: after 31 Dec it changes nothing
	}
	ratio, ok := new(big.Rat).SetString(f.maxRejectRatio)
	if !ok || ratio.Sign() < 0 || ratio.Cmp(big.NewRat(1, 1)) > 0 {
		return cfg, log, usagef("--max-reject-ratio %q: want a number within 0…1", f.maxRejectRatio)
	}
	params := calc.DefaultParams()
	if f.params != "" {
		data, err := os.ReadFile(f.params)
		if err != nil {
			return cfg, log, fmt.Errorf("--params: %w", err)
		}
		if params, err = calc.LoadParams(data); err != nil {
			return cfg, log, fmt.Errorf("--params %s: %w", f.params, err)
		}
	}
	cfg = pipeline.Config{
		Year: f.year, AsOf: asOf, ContractsPath: f.contracts, ActivityPath: f.activity, OutDir: f.out,
		Workers: f.workers, MaxRejectRatio: ratio, Params: params, ParamsPath: f.params,
		Version: Version, Log: log, Now: time.Now,
	}
	return cfg, log, nil
}

// newLogger builds the zerolog logger of DATA.md: JSON lines on stderr unless a terminal.
func newLogger(w io.Writer, format, level string) (zerolog.Logger, error) {
	lvl, err := zerolog.ParseLevel(strings.ToLower(level))
	if err != nil || level == "" {
		return zerolog.Nop(), usagef("--log-level %q: want debug, info, warn or error", level)
	}
	switch format {
	case "auto":
		if f, ok := w.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
			w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}
		}
	case "console":
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly, NoColor: true}
	case "json":
	default:
		return zerolog.Nop(), usagef("--log-format %q: want auto, json or console", format)
	}
	// Stages log from several goroutines (e.g. one line per input file read): one writer
	// call at a time, so that no line interleaves with another.
	return zerolog.New(zerolog.SyncWriter(w)).Level(lvl).With().Timestamp().Logger(), nil
}
