// Command amcalc computes and publishes the payments of the medical-assistant aid.
package main

import (
	"context"
	"os"

	"github.com/amcalc/amcalc/cmd/amcalc/cli"
)

func main() {
	ctx, stop := cli.SignalContext(context.Background())
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
