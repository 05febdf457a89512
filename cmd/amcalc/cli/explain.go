package cli

import (
	"context"
	"io"

	"github.com/amcalc/amcalc/pipeline"
)

// explainCmd prints the explanation record of one contract for a payment year.
func explainCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("amcalc explain", stderr)
	in := f.inputs("payment year", "explain contract years up to this day", "warn")
	var contract, format string
	f.Text(&contract, "contract", "", "contract_id `ID` to explain (required)")
	f.Text(&format, "format", "text", "`FORMAT`: text or json")
	if code, ok := f.parse(args); !ok {
		return code
	}
	if contract == "" || f.NArg() > 0 || (format != "text" && format != "json") {
		return f.fail(usagef("want --contract ID and --format text|json, and no other argument"))
	}
	cfg, log, err := in.config(stderr)
	if err != nil {
		return f.fail(err)
	}
	in.logAsOf(log, cfg.AsOf)
	x, err := pipeline.Explain(ctx, cfg, contract)
	if err != nil {
		return f.fail(err)
	}
	if format == "json" {
		err = x.WriteJSON(stdout)
	} else {
		err = x.WriteText(stdout)
	}
	if err != nil {
		return f.fail(err)
	}
	return ExitOK
}
