package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/extract"
)

// ErrUnknownContract is returned by Explain for a contract_id absent from the extract.
var ErrUnknownContract = errors.New("unknown contract")

// Explain loads and validates both extracts exactly as Run does, then evaluates one
// contract with every contract year started by as_of, for `amcalc explain`. Nothing is
// written.
func Explain(ctx context.Context, cfg Config, contractID string) (*calc.Explanation, error) {
	if cfg.Params == nil {
		cfg.Params = calc.DefaultParams()
	}
	in, err := load(ctx, cfg)
	if err != nil {
		return nil, err
	}
	var c *extract.ContractRow
	for i := range in.contracts {
		if in.contracts[i].ContractID == contractID {
			c = &in.contracts[i]
			break
		}
	}
	if c == nil {
		var probs []string
		for _, r := range in.rejects {
			if r.Input == extract.InputContracts && !r.KeyNull && r.Key == contractID {
				probs = append(probs, fmt.Sprintf("row %d %s %s (%s)", r.Row, r.Column, r.Problem, r.Detail))
			}
		}
		if len(probs) > 0 {
			return nil, fmt.Errorf("contract %s is rejected, not evaluated: %s", contractID, strings.Join(probs, "; "))
		}
		return nil, fmt.Errorf("%w %s in %s", ErrUnknownContract, contractID, cfg.ContractsPath)
	}
	run := calc.Run{Year: cfg.Year, AsOf: cfg.AsOf, Params: cfg.Params, AllYears: true}
	act := newActivityIndex(in.activity, []extract.ContractRow{*c})
	bands, err := computeBands(ctx, []extract.ContractRow{*c}, in.activity, run, 1)
	if err != nil {
		return nil, err
	}
	return calc.Evaluate(&c.Contract, run, act.Lookup, func(k calc.DistKey) calc.Band { return bands.byKey[k] }), nil
}
