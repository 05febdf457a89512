// Package cli is the amcalc command line as a library: Main parses the arguments, runs
// the subcommand and returns the exit code, so tests call it directly. Each command has
// its own file (run.go, diff.go, explain.go, report.go, simulate.go); every command parses
// its flags with the one flag set of flags.go (each flag once, decimal numbers, no empty
// values), and the flags several commands share are
// registered once, in flags.go.
package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/amcalc/amcalc/calc"
)

// Version is the program version: written in every output's created_by and in the
// manifest, so that two runs of the same version give the same bytes.
const Version = "0.1.0"

// Exit codes (DATA.md "Command line").
const (
	ExitOK     = 0 // published (run), identical (diff)
	ExitFailed = 1 // not published; the previous partition is intact (run), differs (diff)
	ExitUsage  = 2
)

const usage = `amcalc computes the payments of the medical-assistant aid and publishes them.

Usage:
  amcalc run --year Y --contracts PATH --activity PATH --out DIR [--suspensions PATH] [options]
  amcalc diff [--format text|json] [--max-lines N] OLD/year=YYYY NEW/year=YYYY
  amcalc explain --year Y --contract ID --contracts PATH --activity PATH [--suspensions PATH] [options]
  amcalc report OUT/year=YYYY [--compare OLD/year=YYYY] [--lang en|fr] [-o report.html]
  amcalc simulate --specialty CODE --tariff-sector S --signed-on D (--activity PATH | --bands FILE) [options]
  amcalc version

Run "amcalc COMMAND -h" for the options of a command.
`

// command runs one subcommand with its arguments and returns the exit code.
type command func(ctx context.Context, args []string, stdout, stderr io.Writer) int

// commands is every subcommand, one line each.
var commands = map[string]command{
	"run":      runCmd,
	"diff":     diffCmd,
	"explain":  explainCmd,
	"report":   reportCmd,
	"simulate": simulateCmd,
	"version":  versionCmd,
}

// Main runs amcalc with args (without the program name) and returns the exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	if cmd, ok := commands[args[0]]; ok {
		return cmd(ctx, args[1:], stdout, stderr)
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(stderr, "amcalc: unknown command %q\n\n%s", args[0], usage)
	return ExitUsage
}

func versionCmd(_ context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintf(stderr, "amcalc version: unexpected argument %q\n", args[0])
		return ExitUsage
	}
	fmt.Fprintf(stdout, "amcalc %s (rules %s)\n", Version, calc.DefaultParams().RulesVersion)
	return ExitOK
}

// Interrupted is the cause (context.Cause) of a context that SignalContext cancelled:
// the run logs "interrupted by SIGTERM", not only "context canceled".
type Interrupted struct{ Signal os.Signal }

func (e *Interrupted) Error() string { return "interrupted by " + signalName(e.Signal) }

func signalName(s os.Signal) string {
	switch s {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
}

// SignalContext returns a context cancelled by the first SIGINT or SIGTERM, with an
// *Interrupted cause. After that first signal the default action is restored, so a
// second one kills the process at once (publication is crash-safe). stop releases the
// signals; call it when Main returns.
func SignalContext(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			signal.Stop(ch)
			cancel(&Interrupted{Signal: s})
		case <-done:
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			signal.Stop(ch)
			close(done)
			cancel(context.Canceled)
		})
	}
}
