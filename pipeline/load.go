package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"math/big"

	"golang.org/x/sync/errgroup"

	"github.com/amcalc/amcalc/io/extract"
)

// loadChecked is the first stage: load and validate the inputs, log each one, and stop
// when one has too many rejected rows (DATA.md "Bad input").
func loadChecked(ctx context.Context, cfg Config, t *stageTimer) (*loaded, error) {
	in, err := load(ctx, cfg)
	if err != nil {
		return nil, err
	}
	secs := t.lap()
	for _, s := range in.inputs() {
		cfg.Log.Info().Float64("seconds", secs).Str("input", s.name).Str("path", s.in.Arg).Int("files", len(s.in.Files)).
			Int64("rows", s.in.Rows).Int64("rows_rejected", s.in.RejectedRows).Msg("input read")
		if exceeds(s.in.RejectedRows, s.in.Rows, cfg.MaxRejectRatio) {
			return nil, fmt.Errorf("%w: %s: %d of %d rows rejected (more than --max-reject-ratio %s); nothing published",
				ErrRejectRatio, s.name, s.in.RejectedRows, s.in.Rows, cmp.Or(cfg.MaxRejectRatioText, ratioText(cfg.MaxRejectRatio)))
		}
	}
	return in, ctx.Err()
}

type loaded struct {
	contracts     []extract.ContractRow
	activity      *extract.ActivityTable
	suspensions   []extract.SuspensionRow
	rejects       []extract.Reject
	contractsIn   extract.Input
	activityIn    extract.Input
	suspensionsIn *extract.Input // nil without --suspensions
}

// inputs lists the inputs read, in manifest order: contracts, activity, then suspensions
// when given.
func (l *loaded) inputs() []namedInput {
	in := []namedInput{{extract.InputContracts, &l.contractsIn}, {extract.InputActivity, &l.activityIn}}
	if l.suspensionsIn != nil {
		in = append(in, namedInput{extract.InputSuspensions, l.suspensionsIn})
	}
	return in
}

type namedInput struct {
	name string
	in   *extract.Input
}

// load reads and validates the inputs: the activity in parallel with the contracts, then
// the suspensions (a small input whose UNKNOWN_CONTRACT check needs the valid contract
// ids), which it joins onto their contracts (R-SUSP-1).
func load(ctx context.Context, cfg Config) (*loaded, error) {
	var l loaded
	var crej, arej, srej []extract.Reject
	g, gctx := errgroup.WithContext(ctx)
	progress := func(input string) extract.Options {
		return extract.Options{Workers: cfg.Workers, SchemeStart: cfg.Params.SchemeStart(), Progress: func(f extract.FileInfo) {
			cfg.Log.Info().Str("input", input).Str("file", f.Rel).Int64("rows", f.Rows).Msg("file read")
		}}
	}
	g.Go(func() (err error) {
		l.contracts, crej, l.contractsIn, err = extract.ReadContracts(gctx, cfg.ContractsPath, progress(extract.InputContracts))
		if err != nil || cfg.SuspensionsPath == "" {
			return err
		}
		ids := make(map[string]bool, len(l.contracts))
		for i := range l.contracts {
			ids[l.contracts[i].ContractID] = true
		}
		var sin extract.Input
		l.suspensions, srej, sin, err = extract.ReadSuspensions(gctx, cfg.SuspensionsPath, progress(extract.InputSuspensions),
			func(id string) bool { return ids[id] })
		l.suspensionsIn = &sin
		return err
	})
	g.Go(func() (err error) {
		l.activity, arej, l.activityIn, err = extract.ReadActivityTable(gctx, cfg.ActivityPath, progress(extract.InputActivity))
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	extract.JoinSuspensions(l.contracts, l.suspensions)
	l.rejects = append(append(crej, arej...), srej...)
	return &l, nil
}

// newActivityIndex indexes the rows of the contracted doctors only: the contracts read
// nothing else (R-OBJ-1, R-ATT-1), and the national population only feeds the bands.
func newActivityIndex(t *extract.ActivityTable, contracts []extract.ContractRow) *extract.ActivityIndex {
	ids := make([]string, len(contracts))
	for i := range contracts {
		ids[i] = contracts[i].DoctorID
	}
	return t.Index(ids)
}

// ratioText writes r exactly, as the decimal it is when it has one ("0.01",
// "0.000000001" for 1e-9), else as a fraction ("1/3"): a rounded "0.0000" would hide the
// limit the user set.
func ratioText(r *big.Rat) string {
	// A reduced fraction has a finite decimal expansion iff its denominator is 2^a·5^b;
	// it then needs max(a, b) decimals.
	d := new(big.Int).Set(r.Denom())
	digits := 0
	for _, p := range []int64{2, 5} {
		n, m := 0, new(big.Int)
		for q := big.NewInt(p); m.Mod(d, q).Sign() == 0; n++ {
			d.Quo(d, q)
		}
		digits = max(digits, n)
	}
	if d.Cmp(big.NewInt(1)) != 0 {
		return r.RatString()
	}
	return r.FloatString(digits)
}

// exceeds reports rejected/rows > ratio, exactly (DATA.md: strictly more; 0 rows never).
func exceeds(rejected, rows int64, ratio *big.Rat) bool {
	if rows == 0 {
		return false
	}
	return big.NewRat(rejected, rows).Cmp(ratio) > 0
}
