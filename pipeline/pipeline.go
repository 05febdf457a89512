package pipeline

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"golang.org/x/sync/errgroup"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/extract"
	"github.com/amcalc/amcalc/io/outfile"
	"github.com/amcalc/amcalc/io/publish"
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
	Params          *calc.Params
	ParamsPath      string // "" = embedded
	Version         string
	Log             zerolog.Logger
	Now             func() time.Time // nil = time.Now; only the manifest reads it

	// Fault injection for tests (nil in production): the filesystems that outputs are
	// written and published through, and a hook called at each named point of the run
	// (see CrashPoints) so a test can kill the process there.
	WriteFS   outfile.FS
	PublishFS publish.FS
	Hook      func(point string)
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
// the previous partition untouched.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	if cfg.MaxRejectRatio == nil {
		cfg.MaxRejectRatio = big.NewRat(1, 100)
	}
	if cfg.Params == nil {
		cfg.Params = calc.DefaultParams()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.WriteFS == nil {
		cfg.WriteFS = outfile.OS
	}
	if cfg.PublishFS == nil {
		cfg.PublishFS = publish.OS
	}
	log := cfg.Log
	started := cfg.Now()

	lock, err := publish.Lock(cfg.OutDir)
	if err != nil {
		return Result{}, err
	}
	defer lock.Unlock()
	cfg.hook("locked")
	swept, err := publish.SweepStaleFS(cfg.PublishFS, cfg.OutDir)
	if err != nil {
		return Result{}, fmt.Errorf("sweep stale staging in %s: %w", cfg.OutDir, err)
	}
	log.Debug().Strs("restored", swept.Restored).Strs("removed", swept.Removed).Msg("stale staging swept")
	warnLeftovers(log, swept)

	// Stage 1: load and validate both extracts, in parallel.
	// Stage durations go to the logs only (wall clock never reaches an output byte).
	mark := time.Now()
	took := func() float64 {
		d := time.Since(mark)
		mark = time.Now()
		return d.Seconds()
	}
	paramsFile := cfg.ParamsPath
	if paramsFile == "" {
		paramsFile = "embedded"
	}
	startLine := log.Info().Str("contracts", cfg.ContractsPath).Str("activity", cfg.ActivityPath)
	if cfg.SuspensionsPath != "" {
		startLine = startLine.Str("suspensions", cfg.SuspensionsPath)
	}
	startLine.Int("year", cfg.Year).Str("as_of", cfg.AsOf.String()).Str("params", paramsFile).Str("params_sha256", cfg.Params.SHA256).
		Int("workers", cfg.Workers).Msg("run started")
	in, err := load(ctx, cfg)
	if err != nil {
		return Result{}, err
	}
	readSecs := took()
	for _, s := range in.inputs() {
		log.Info().Float64("seconds", readSecs).Str("input", s.name).Str("path", s.in.Arg).Int("files", len(s.in.Files)).
			Int64("rows", s.in.Rows).Int64("rows_rejected", s.in.RejectedRows).Msg("input read")
		if exceeds(s.in.RejectedRows, s.in.Rows, cfg.MaxRejectRatio) {
			return Result{}, fmt.Errorf("%w: %s: %d of %d rows rejected (more than --max-reject-ratio %s); nothing published",
				ErrRejectRatio, s.name, s.in.RejectedRows, s.in.Rows, ratioText(cfg.MaxRejectRatio))
		}
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	cfg.hook("loaded")

	// Stage 2: the distributions the contracts need, then evaluation.
	run := calc.Run{Year: cfg.Year, AsOf: cfg.AsOf, Params: cfg.Params}
	act := newActivityIndex(in.activity, in.contracts)
	log.Info().Float64("seconds", took()).Msg("contracted doctors' activity indexed")
	bands, err := computeBands(ctx, in.contracts, in.activity, run, cfg.Workers)
	if err != nil {
		return Result{}, err
	}
	log.Info().Float64("seconds", took()).Int("distributions", len(bands.rows)).Msg("bands computed")
	out, err := evaluate(ctx, in.contracts, act, bands, run, cfg.Workers, log)
	if err != nil {
		return Result{}, err
	}

	log.Info().Float64("seconds", took()).Int("contracts", len(out.ledger)).Int("events", len(out.payments)).Msg("contracts evaluated")
	cfg.hook("evaluated")

	// Stage 3: sort at the sink, write, verify and publish.
	outfile.SortPayments(out.payments)
	outfile.SortLedger(out.ledger)
	rejects := make([]outfile.RejectRow, 0, len(in.rejects))
	for _, r := range in.rejects {
		rejects = append(rejects, outfile.RejectRow(r))
	}
	outfile.SortRejects(rejects)

	st, err := publish.NewStagingFS(cfg.PublishFS, cfg.OutDir, cfg.Year)
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
	wo := outfile.Options{Version: cfg.Version, FS: cfg.WriteFS}
	var sums [4]outfile.Summary
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		sums[0], err = outfile.WritePayments(filepath.Join(st.Dir(), "payments.parquet"), out.payments, wo)
		return err
	})
	g.Go(func() (err error) {
		sums[1], err = outfile.WriteLedger(filepath.Join(st.Dir(), "contracts.parquet"), out.ledger, wo)
		return err
	})
	g.Go(func() (err error) {
		sums[2], err = outfile.WriteBands(filepath.Join(st.Dir(), "bands.parquet"), bands.rows, wo)
		return err
	})
	g.Go(func() (err error) {
		sums[3], err = outfile.WriteRejects(filepath.Join(st.Dir(), "rejects.parquet"), rejects, wo)
		return err
	})
	if err := g.Wait(); err != nil {
		return Result{}, fmt.Errorf("write outputs: %w", err)
	}
	if err := gctx.Err(); err != nil && ctx.Err() != nil {
		return Result{}, ctx.Err()
	}
	if sums[0].PayableTotal != sums[1].PayableTotal {
		return Result{}, fmt.Errorf("internal: payments total %s differs from ledger total %s", sums[0].PayableTotal, sums[1].PayableTotal)
	}
	if err := accountFor(in, out); err != nil {
		return Result{}, err
	}
	cfg.hook("written")
	log.Info().Float64("seconds", took()).Str("staging", st.Dir()).Msg("outputs written and verified")
	m := manifest(cfg, in, sums[:], out, started)
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	if err := st.WriteManifest(m); err != nil {
		return Result{}, err
	}
	cfg.hook("manifest")
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	dest := filepath.Join(cfg.OutDir, publish.PartitionName(cfg.Year))
	if err := st.Publish(); err != nil {
		// Publish also fails after the swap (fsync of OUT, removal of the previous
		// partition), when the new partition already stands: an error would then claim
		// the previous one intact (exit 1). Report the publication, and sweep the rest.
		if !holdsManifest(dest, m) {
			return Result{}, err // publish's errors say "publish …" already
		}
		log.Warn().Err(err).Msg("published, but the cleanup after it failed; sweeping again")
		if swept, err := publish.SweepStaleFS(cfg.PublishFS, cfg.OutDir); err != nil {
			log.Warn().Err(err).Msg("sweep failed: the next run finishes it")
		} else {
			warnLeftovers(log, swept)
		}
	}
	published = true
	cfg.hook("published")
	ev := log.Info().Str("published", dest).Int("payments", len(out.payments)).
		Str("payable_total", sums[0].PayableTotal.String())
	for _, s := range statusOrder {
		ev = ev.Int("status_"+s, out.counts[s])
	}
	ev.Int("rejects", len(rejects)).Float64("seconds", took()).Msg("run published")
	return Result{Published: dest, Payments: len(out.payments), PayableTotal: sums[0].PayableTotal, Counts: out.counts}, nil
}

// warnLeftovers logs each stale folder the sweep could not remove: a warning, not a
// failure (it is never read as a partition); someone should remove it by hand.
func warnLeftovers(log zerolog.Logger, swept publish.Swept) {
	for _, l := range swept.Failed {
		log.Warn().Str("leftover", l.Name).Err(l.Err).Msg("stale folder not removed; the run goes on (remove it by hand)")
	}
}

// holdsManifest reports whether dir's manifest is exactly m: the partition is this run's.
func holdsManifest(dir string, m publish.Manifest) bool {
	want, err := publish.MarshalManifest(m)
	if err != nil {
		return false
	}
	got, err := os.ReadFile(filepath.Join(dir, publish.ManifestName))
	return err == nil && bytes.Equal(got, want)
}

var statusOrder = []string{calc.StatusError, calc.StatusIneligible, calc.StatusPending, calc.StatusPaid,
	calc.StatusClosed, calc.StatusNotStarted, calc.StatusNoEvent}

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
	joinSuspensions(l.contracts, l.suspensions)
	l.rejects = append(append(crej, arej...), srej...)
	return &l, nil
}

// joinSuspensions gives each contract its suspended periods (R-SUSP-1), sorted by first
// day (then last day, open-ended last), so that evaluation never depends on input order.
func joinSuspensions(contracts []extract.ContractRow, rows []extract.SuspensionRow) {
	if len(rows) == 0 {
		return
	}
	byID := make(map[string][]calc.Suspension)
	for _, r := range rows {
		byID[r.ContractID] = append(byID[r.ContractID], r.Suspension)
	}
	for i := range contracts {
		ps := byID[contracts[i].ContractID]
		if len(ps) == 0 {
			continue
		}
		slices.SortStableFunc(ps, func(a, b calc.Suspension) int {
			if a.From != b.From {
				return cmp.Compare(a.From, b.From)
			}
			return cmp.Compare(untilKey(a.Until), untilKey(b.Until))
		})
		contracts[i].Suspensions = ps
	}
}

// untilKey orders a period's last day, an open end after every date.
func untilKey(d calc.OptDate) int64 {
	if !d.Valid {
		return math.MaxInt64
	}
	return int64(d.V)
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

type bandSet struct {
	rows  []calc.Band
	byKey map[calc.DistKey]calc.Band
}

// computeBands builds every distribution a valid contract of the run needs (DATA.md
// "bands"), selecting the percentiles of each on the worker pool.
func computeBands(ctx context.Context, contracts []extract.ContractRow, activity *extract.ActivityTable, run calc.Run, workers int) (*bandSet, error) {
	need := map[calc.DistKey][]int32{}
	for i := range contracts {
		keys, err := calc.NeededDistributions(&contracts[i].Contract, run)
		if err != nil {
			// Left to Evaluate, which reports MISSING_PARAMETER on the contract.
			continue
		}
		for _, k := range keys {
			need[k] = nil
		}
	}
	// R-BAND-2: the population of (year, specialty, measure) is every valid row of that
	// year and specialty whose measure is > 0. One pass counts, a second fills slices of
	// exactly the right size: the national population is read twice, never copied whole.
	specID := map[string]uint16{}
	for i, name := range activity.Specialties() {
		specID[name] = uint16(i)
	}
	// Each needed distribution gets a slot number; rows are routed to slots through a
	// table by year and specialty id, so the hot loop hashes nothing but the year.
	type slot struct {
		measure string
		n       int
	}
	var slots []slot
	var slotKeys []calc.DistKey
	byYear := map[int32][][]int{} // year → specialty id → slot numbers
	for k := range need {
		id, ok := specID[k.Specialty]
		if !ok {
			continue // no activity row of that specialty: population 0
		}
		if byYear[k.ReferenceYear] == nil {
			byYear[k.ReferenceYear] = make([][]int, len(specID))
		}
		byYear[k.ReferenceYear][id] = append(byYear[k.ReferenceYear][id], len(slots))
		slots = append(slots, slot{measure: k.Measure})
		slotKeys = append(slotKeys, k)
	}
	// Rows are split into one chunk per worker; a first pass counts each chunk's values per
	// slot, a second fills each chunk's own range of the exactly-sized slices. Chunk order
	// fixes the order of values, and percentiles depend only on the values anyway.
	scan := func(lo, hi int, add func(slot int, v int32)) {
		var lastYear int32
		var bySpec [][]int
		for i := lo; i < hi; i++ {
			if !activity.Valid(i) {
				continue
			}
			if y := activity.Year(i); bySpec == nil || y != lastYear {
				lastYear, bySpec = y, byYear[y]
			}
			if bySpec == nil {
				continue
			}
			ss := bySpec[activity.SpecialtyID(i)]
			if len(ss) == 0 {
				continue
			}
			mtA, mtC, fa := activity.Values(i)
			for _, s := range ss {
				if v := calc.MeasureValue(slots[s].measure, mtA, mtC, fa); v.Valid && v.V > 0 {
					add(s, int32(v.V))
				}
			}
		}
	}
	n := activity.NumRows()
	chunks := max(1, min(workers, n/65536))
	bounds := func(c int) (int, int) { return c * n / chunks, (c + 1) * n / chunks }
	counts := make([][]int, chunks)
	var wg sync.WaitGroup
	for c := range chunks {
		counts[c] = make([]int, len(slots))
		wg.Go(func() {
			lo, hi := bounds(c)
			scan(lo, hi, func(s int, _ int32) { counts[c][s]++ })
		})
	}
	wg.Wait()
	values := make([][]int32, len(slots))
	offsets := make([][]int, chunks)
	for s := range slots {
		total := 0
		for c := range chunks {
			offsets[c] = append(offsets[c], total)
			total += counts[c][s]
		}
		values[s] = make([]int32, total)
	}
	for c := range chunks {
		wg.Go(func() {
			lo, hi := bounds(c)
			next := offsets[c]
			scan(lo, hi, func(s int, v int32) {
				values[s][next[s]] = v
				next[s]++
			})
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for s, k := range slotKeys {
		need[k] = values[s]
	}
	keys := make([]calc.DistKey, 0, len(need))
	for k := range need {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Less(keys[j]) })
	rows := make([]calc.Band, len(keys))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i, k := range keys {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			b, err := calc.BuildBand(k, need[k], run.Params)
			rows[i] = b
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("bands: %w", err)
	}
	bs := &bandSet{rows: rows, byKey: make(map[calc.DistKey]calc.Band, len(rows))}
	for _, b := range rows {
		bs.byKey[calc.DistKey{ReferenceYear: b.ReferenceYear, Specialty: b.Specialty, Measure: b.Measure}] = b
	}
	return bs, nil
}

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

// manifest describes the run (DATA.md "_MANIFEST.json"): it proves with counts that every
// input row was used or rejected, and names the parameters and program that produced it.
func manifest(cfg Config, in *loaded, sums []outfile.Summary, out *evaluated, started time.Time) publish.Manifest {
	m := publish.Manifest{
		Year: cfg.Year, AsOf: cfg.AsOf.String(), RulesVersion: cfg.Params.RulesVersion,
		ParamsSHA256: cfg.Params.SHA256, ParamsAssumptions: out.assumptions,
		ProgramVersion: cfg.Version, CountsByStatus: map[string]int64{}, Workers: cfg.Workers,
		StartedAt: started.UTC().Format(publish.TimeFormat), FinishedAt: cfg.Now().UTC().Format(publish.TimeFormat),
	}
	for _, s := range in.inputs() {
		mi := publish.ManifestInput{Name: s.name, Arg: s.in.Arg, Rows: s.in.Rows, RowsRejected: s.in.RejectedRows}
		for _, f := range s.in.Files {
			mi.Files = append(mi.Files, publish.ManifestFile{Path: f.Rel, Bytes: f.Bytes, SHA256: f.SHA256, Rows: f.Rows})
		}
		m.Inputs = append(m.Inputs, mi)
	}
	for i, s := range sums {
		m.Outputs = append(m.Outputs, publish.OutputOf(s, i < 2))
	}
	for _, st := range statusOrder {
		m.CountsByStatus[st] = int64(out.counts[st])
	}
	return m
}
