package pipeline

import (
	"context"
	"fmt"
	"sort"

	"golang.org/x/sync/errgroup"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/extract"
)

type bandSet struct {
	rows  []calc.Band
	byKey map[calc.DistKey]calc.Band
}

// computeBands builds every distribution a valid contract of the run needs (DATA.md
// "bands"), selecting the percentiles of each on the worker pool.
func computeBands(ctx context.Context, contracts []extract.ContractRow, activity *extract.ActivityTable, run calc.Run, workers int) (*bandSet, error) {
	need := map[calc.DistKey]bool{}
	for i := range contracts {
		keys, err := calc.NeededDistributions(&contracts[i].Contract, run)
		if err != nil {
			// Left to Evaluate, which reports MISSING_PARAMETER on the contract.
			continue
		}
		for _, k := range keys {
			need[k] = true
		}
	}
	keys := make([]calc.DistKey, 0, len(need))
	for k := range need {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Less(keys[j]) })
	values := activity.Populations(keys, workers)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rows := make([]calc.Band, len(keys))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i, k := range keys {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			b, err := calc.BuildBand(k, values[i], run.Params)
			rows[i] = b
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("bands: %w", err)
	}
	bs := &bandSet{rows: rows, byKey: make(map[calc.DistKey]calc.Band, len(rows))}
	for _, b := range rows {
		bs.byKey[b.Key()] = b
	}
	return bs, nil
}
