// Command amcalc computes and publishes the payments of the medical-assistant aid.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/amcalc/amcalc/cmd/amcalc/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
