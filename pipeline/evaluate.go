package pipeline

import (
	"context"
	"sort"

	"github.com/rs/zerolog"
	"golang.org/x/sync/errgroup"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/extract"
)

type evaluated struct {
	payments []calc.Payment
	ledger   []calc.Ledger
	counts   map[string]int
	// assumptions are the parameter values of confidence "assumption" that this run's
	// contracts used, sorted: what the manifest lists.
	assumptions []string
}

// evaluate runs calc.Evaluate on every contract on a bounded pool; each worker writes
// only its own slots, so the order is the input's whatever the number of workers.
func evaluate(ctx context.Context, contracts []extract.ContractRow, act *extract.ActivityIndex, bands *bandSet, run calc.Run, workers int, log zerolog.Logger) (*evaluated, error) {
	ledger := make([]calc.Ledger, len(contracts))
	pays := make([][]calc.Payment, len(contracts))
	assumed := make([][]string, len(contracts))
	bandOf := func(k calc.DistKey) calc.Band { return bands.byKey[k] }
	const chunk = 1024
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for lo := 0; lo < len(contracts); lo += chunk {
		hi := min(lo+chunk, len(contracts))
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			for i := lo; i < hi; i++ {
				x := calc.Evaluate(&contracts[i].Contract, run, act.Lookup, bandOf)
				ledger[i] = x.Ledger()
				pays[i] = x.Payments()
				assumed[i] = x.Assumptions
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := &evaluated{ledger: ledger, counts: map[string]int{}}
	n := 0
	for _, p := range pays {
		n += len(p)
	}
	out.payments = make([]calc.Payment, 0, n)
	used := map[string]bool{}
	for i := range ledger {
		out.counts[ledger[i].Status]++
		out.payments = append(out.payments, pays[i]...)
		for _, a := range assumed[i] {
			used[a] = true
		}
	}
	for a := range used {
		out.assumptions = append(out.assumptions, a)
	}
	sort.Strings(out.assumptions)
	return out, nil
}
