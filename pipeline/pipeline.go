package pipeline

import (
	"context"
	"errors"
	"math/big"
	"runtime"
	"time"

	"github.com/rs/zerolog"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/publish"
	"github.com/amcalc/amcalc/io/vfs"
)

// Config is one run's settings (DATA.md "Command line").
type Config struct {
	Year            int
	AsOf            calc.Date
	ContractsPath   string
	ActivityPath    string
	SuspensionsPath string // "" = no suspensions input (DATA.md v1.3)
	OutDir          string
	Workers         int      // contract evaluation workers; 0 = number of CPUs
	MaxRejectRatio  *big.Rat // nil = 1/100
	// MaxRejectRatioText is the ratio as the user wrote it ("1e-9"), for messages; "" =
	// MaxRejectRatio written exactly.
	MaxRejectRatioText string
	Params             *calc.Params
	ParamsPath         string // "" = embedded
	Version            string
	Log                zerolog.Logger
	Now                func() time.Time // nil = time.Now; only the manifest reads it

	// Fault injection for tests (nil in production): the filesystem that the output
	// folder is locked, written and published through (nil = vfs.OS), and a hook called
	// at each named point of the run (see CrashPoints) so a test can kill the process
	// there.
	FS   vfs.FS
	Hook func(point string)
}

// CrashPoints are the points at which Config.Hook is called, in order.
var CrashPoints = []string{"locked", "loaded", "evaluated", "staging", "written", "manifest", "published"}

func (c *Config) hook(point string) {
	if c.Hook != nil {
		c.Hook(point)
	}
}

// Result summarises a published run.
type Result struct {
	Published    string
	Payments     int
	PayableTotal calc.Cents
	Counts       map[string]int
}

// ErrRejectRatio is returned when too many input rows are rejected.
var ErrRejectRatio = errors.New("reject ratio exceeded")

// Run executes the whole job and publishes OUT/year=YYYY, or returns an error and leaves
// the previous partition untouched. The stages, in order: lock and sweep the output
// folder; load and validate the inputs (load.go); compute the bands and evaluate every
// contract (bands.go, evaluate.go); write and verify the outputs in a staging folder
// (write.go); write the manifest and swap the partition in (publish.go).
func Run(ctx context.Context, cfg Config) (Result, error) {
	cfg.setDefaults()
	started := cfg.Now()
	lock, err := publish.Lock(cfg.FS, cfg.OutDir)
	if err != nil {
		return Result{}, err
	}
	defer lock.Unlock()
	cfg.hook("locked")
	if err := sweep(cfg); err != nil {
		return Result{}, err
	}
	t := newStageTimer(cfg.Log)
	logStart(cfg)
	in, err := loadChecked(ctx, cfg, t)
	if err != nil {
		return Result{}, err
	}
	cfg.hook("loaded")
	bands, out, err := compute(ctx, cfg, in, t)
	if err != nil {
		return Result{}, err
	}
	cfg.hook("evaluated")
	st, err := publish.NewStaging(cfg.FS, cfg.OutDir, cfg.Year)
	if err != nil {
		return Result{}, err
	}
	cfg.hook("staging")
	published := false
	defer func() {
		if !published {
			st.Abort()
		}
	}()
	w, err := writeOutputs(ctx, cfg, st.Dir(), in, bands, out)
	if err != nil {
		return Result{}, err
	}
	cfg.hook("written")
	t.done("outputs written and verified", func(e *zerolog.Event) { e.Str("staging", st.Dir()) })
	dest, err := publishPartition(ctx, cfg, st, manifest(cfg, in, w.sums[:], out, started))
	if err != nil {
		return Result{}, err
	}
	published = true
	cfg.hook("published")
	res := Result{Published: dest, Payments: len(out.payments), PayableTotal: w.sums[0].PayableTotal, Counts: out.counts}
	t.done("run published", func(e *zerolog.Event) {
		e.Str("published", dest).Int("payments", res.Payments).Str("payable_total", res.PayableTotal.String())
		for _, s := range calc.Statuses {
			e.Int("status_"+s, out.counts[s])
		}
		e.Int("rejects", w.rejects)
	})
	return res, nil
}

// DefaultMaxRejectRatio is --max-reject-ratio's default (DATA.md "Bad input": 0.01).
func DefaultMaxRejectRatio() *big.Rat { return big.NewRat(1, 100) }

// setDefaults fills the settings a caller may leave zero.
func (c *Config) setDefaults() {
	if c.Workers <= 0 {
		c.Workers = runtime.NumCPU()
	}
	if c.MaxRejectRatio == nil {
		c.MaxRejectRatio = DefaultMaxRejectRatio()
	}
	if c.Params == nil {
		c.Params = calc.DefaultParams()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.FS == nil {
		c.FS = vfs.OS
	}
}

// stageTimer logs each stage's duration. Durations go to the logs only: the wall clock
// never reaches an output byte.
type stageTimer struct {
	log  zerolog.Logger
	mark time.Time
}

func newStageTimer(log zerolog.Logger) *stageTimer { return &stageTimer{log: log, mark: time.Now()} }

// done logs msg at info with the seconds since the previous stage and the fields add sets.
func (t *stageTimer) done(msg string, add func(*zerolog.Event)) {
	e := t.log.Info().Float64("seconds", t.lap())
	if add != nil {
		add(e)
	}
	e.Msg(msg)
}

func (t *stageTimer) lap() float64 {
	d := time.Since(t.mark)
	t.mark = time.Now()
	return d.Seconds()
}

// logStart logs what the run reads and with which parameters.
func logStart(cfg Config) {
	paramsFile := cfg.ParamsPath
	if paramsFile == "" {
		paramsFile = "embedded"
	}
	e := cfg.Log.Info().Str("contracts", cfg.ContractsPath).Str("activity", cfg.ActivityPath)
	if cfg.SuspensionsPath != "" {
		e = e.Str("suspensions", cfg.SuspensionsPath)
	}
	e.Int("year", cfg.Year).Str("as_of", cfg.AsOf.String()).Str("params", paramsFile).Str("params_sha256", cfg.Params.SHA256).
		Int("workers", cfg.Workers).Msg("run started")
}

// compute is the second stage: the contracted doctors' activity index, the distributions
// the contracts need, then every contract's evaluation.
func compute(ctx context.Context, cfg Config, in *loaded, t *stageTimer) (*bandSet, *evaluated, error) {
	run := calc.Run{Year: cfg.Year, AsOf: cfg.AsOf, Params: cfg.Params}
	act := newActivityIndex(in.activity, in.contracts)
	t.done("contracted doctors' activity indexed", nil)
	bands, err := computeBands(ctx, in.contracts, in.activity, run, cfg.Workers)
	if err != nil {
		return nil, nil, err
	}
	t.done("bands computed", func(e *zerolog.Event) { e.Int("distributions", len(bands.rows)) })
	out, err := evaluate(ctx, in.contracts, act, bands, run, cfg.Workers, cfg.Log)
	if err != nil {
		return nil, nil, err
	}
	t.done("contracts evaluated", func(e *zerolog.Event) { e.Int("contracts", len(out.ledger)).Int("events", len(out.payments)) })
	return bands, out, nil
}
