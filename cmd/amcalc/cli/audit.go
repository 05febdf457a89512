package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/amcalc/amcalc/io/partdiff"
	"github.com/amcalc/amcalc/pipeline"
)

// diffCmd compares two published partitions by key. Like diff(1): exit 0 when the
// content is identical, 1 when it differs, 2 on a usage error (or an unreadable input).
func diffCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("amcalc diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "text or json")
	maxLines := fs.Int("max-lines", 0, "text: at most this many detail lines per table (0 = all)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: amcalc diff [--format text|json] [--max-lines N] OLD/year=YYYY NEW/year=YYYY")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return ExitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "amcalc diff: --format %q: want text or json\n", *format)
		return ExitUsage
	}
	rep, err := partdiff.DiffPartitions(fs.Arg(0), fs.Arg(1), partdiff.Options{MaxLines: *maxLines})
	if err != nil {
		fmt.Fprintf(stderr, "amcalc diff: %v\n", err)
		return ExitUsage
	}
	if *format == "json" {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "amcalc diff: %v\n", err)
		return ExitUsage
	}
	if rep.Identical() {
		return ExitOK
	}
	return ExitFailed
}

// explainCmd prints the explanation record of one contract for a payment year.
func explainCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("amcalc explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f runFlags
	var contract, format string
	fs.IntVar(&f.year, "year", 0, "payment year, 2019…2099 (required)")
	fs.StringVar(&contract, "contract", "", "contract_id to explain (required)")
	fs.StringVar(&f.contracts, "contracts", "", "contracts extract: a Parquet file or a directory (required)")
	fs.StringVar(&f.activity, "activity", "", "activity extract: a Parquet file or a directory (required)")
	fs.StringVar(&f.asOf, "as-of", "", "explain contract years up to this YYYY-MM-DD (default: 31 Dec of --year)")
	fs.StringVar(&f.params, "params", "", "parameter file replacing the embedded one")
	fs.StringVar(&format, "format", "text", "text or json")
	fs.StringVar(&f.logLevel, "log-level", "warn", "debug, info, warn or error")
	f.logFormat, f.maxRejectRatio, f.out = "auto", "1", "-"
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if contract == "" || fs.NArg() > 0 || (format != "text" && format != "json") {
		fmt.Fprintln(stderr, "amcalc explain: want --contract ID and --format text|json, and no other argument")
		return ExitUsage
	}
	cfg, _, err := f.config(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "amcalc explain: %v\n", err)
		var ue *usageError
		if errors.As(err, &ue) {
			return ExitUsage
		}
		return ExitFailed
	}
	x, err := pipeline.Explain(ctx, cfg, contract)
	if err != nil {
		fmt.Fprintf(stderr, "amcalc explain: %v\n", err)
		return ExitFailed
	}
	if format == "json" {
		err = x.WriteJSON(stdout)
	} else {
		err = x.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "amcalc explain: %v\n", err)
		return ExitFailed
	}
	return ExitOK
}
