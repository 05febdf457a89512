package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/amcalc/amcalc/io/partdiff"
)

// diffCmd compares two published partitions by key. Like diff(1): exit 0 when the
// content is identical, 1 when it differs, 2 on a usage error or an unreadable partition
// (a folder that is not one, e.g. OUT instead of OUT/year=YYYY).
func diffCmd(_ context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("amcalc diff", stderr)
	var format string
	var maxLines int
	f.Text(&format, "format", "text", "`FORMAT`: text or json")
	f.Decimal(&maxLines, "max-lines", 0, "text: at most `N` detail lines per table (0 = all)")
	f.Usage = func() {
		fmt.Fprintln(f.Output(), "usage: amcalc diff [--format text|json] [--max-lines N] OLD/year=YYYY NEW/year=YYYY")
		f.PrintDefaults()
	}
	if code, ok := f.parse(args); !ok {
		return code
	}
	if f.NArg() != 2 {
		f.SetOutput(stderr)
		f.Usage()
		return ExitUsage
	}
	if format != "text" && format != "json" {
		return f.fail(usagef("--format %q: want text or json", format))
	}
	if maxLines < 0 {
		return f.fail(usagef("--max-lines %d: want ≥ 0", maxLines))
	}
	rep, err := partdiff.DiffPartitions(f.Arg(0), f.Arg(1), partdiff.Options{MaxLines: maxLines})
	if err != nil {
		return f.fail(&usageError{err.Error()})
	}
	if format == "json" {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteText(stdout)
	}
	if err != nil {
		return f.fail(&usageError{err.Error()})
	}
	if rep.Identical() {
		return ExitOK
	}
	return ExitFailed
}
