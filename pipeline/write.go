package pipeline

import (
	"context"
	"fmt"
	"path/filepath"

	"golang.org/x/sync/errgroup"

	"github.com/amcalc/amcalc/io/outfile"
)

// written is what the write stage produced: the four files' summaries (payments,
// contracts, bands, rejects) and the number of reject rows.
type written struct {
	sums    [4]outfile.Summary
	rejects int
}

// writeOutputs is the third stage: sort at the sink, write and verify the four files in
// dir, in parallel, then check that the money and the row counts add up.
func writeOutputs(ctx context.Context, cfg Config, dir string, in *loaded, bands *bandSet, out *evaluated) (written, error) {
	var w written
	outfile.SortPayments(out.payments)
	outfile.SortLedger(out.ledger)
	outfile.SortBands(bands.rows)
	rejects := in.rejects
	outfile.SortRejects(rejects)
	w.rejects = len(rejects)
	wo := outfile.Options{Version: cfg.Version, FS: cfg.FS}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		w.sums[0], err = outfile.WritePayments(filepath.Join(dir, "payments.parquet"), out.payments, wo)
		return err
	})
	g.Go(func() (err error) {
		w.sums[1], err = outfile.WriteLedger(filepath.Join(dir, "contracts.parquet"), out.ledger, wo)
		return err
	})
	g.Go(func() (err error) {
		w.sums[2], err = outfile.WriteBands(filepath.Join(dir, "bands.parquet"), bands.rows, wo)
		return err
	})
	g.Go(func() (err error) {
		w.sums[3], err = outfile.WriteRejects(filepath.Join(dir, "rejects.parquet"), rejects, wo)
		return err
	})
	if err := g.Wait(); err != nil {
		return w, fmt.Errorf("write outputs: %w", err)
	}
	if err := gctx.Err(); err != nil && ctx.Err() != nil {
		return w, ctx.Err()
	}
	if w.sums[0].PayableTotal != w.sums[1].PayableTotal {
		return w, fmt.Errorf("internal: payments total %s differs from ledger total %s", w.sums[0].PayableTotal, w.sums[1].PayableTotal)
	}
	return w, accountFor(in, out)
}

// accountFor proves the promise "nothing is dropped silently": every contract row is in
// the ledger or rejected, and every activity and suspension row is used or rejected.
func accountFor(in *loaded, out *evaluated) error {
	if got := int64(len(out.ledger)) + in.contractsIn.RejectedRows; got != in.contractsIn.Rows {
		return fmt.Errorf("internal: %d contract rows read but %d in the ledger and %d rejected", in.contractsIn.Rows, len(out.ledger), in.contractsIn.RejectedRows)
	}
	if got := in.activity.NumValid() + in.activityIn.RejectedRows; got != in.activityIn.Rows {
		return fmt.Errorf("internal: %d activity rows read but %d used and %d rejected", in.activityIn.Rows, in.activity.NumValid(), in.activityIn.RejectedRows)
	}
	if s := in.suspensionsIn; s != nil && int64(len(in.suspensions))+s.RejectedRows != s.Rows {
		return fmt.Errorf("internal: %d suspension rows read but %d used and %d rejected", s.Rows, len(in.suspensions), s.RejectedRows)
	}
	return nil
}
