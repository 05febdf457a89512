package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/extract"
	"github.com/amcalc/amcalc/io/outfile"
	"github.com/amcalc/amcalc/pipeline"
)

const simulateSynopsis = `usage: amcalc simulate --specialty CODE --tariff-sector S1|S2_OPTAM|S2_OPTAMCO|S2 --signed-on YYYY-MM-DD
                       [--hired-on D] [--underserved-zone] [--group-practice] [--coordinated-since D]
                       [--new-installation] [--rqth-ald] [--mt-adult N] [--mt-child N] [--file-active N]
                       [--baseline-year Y] [--birth-year Y] [--fees-12m-total CENTS] [--fees-12m-ccam CENTS]
                       [--doctor ID] (--activity PATH | --bands FILE) [--option 1|2|3|all]
                       [--params FILE] [--format text|json]`

// simArgs are the flags of amcalc simulate, as given.
type simArgs struct {
	specialty, sector, doctor     string
	activity, bands, params       string
	option, format                string
	signedOn, hiredOn, coordSince calc.OptDate
	mtAdult, mtChild, fileActive  calc.OptInt
	baselineYear, birthYear       calc.OptInt
	feesTotal, feesCCAM           calc.OptInt
	underserved, group            bool
	newInstallation, rqthAld      bool
	f                             *flags
}

func (a *simArgs) given(name string) bool { return a.f.given[name] }

// newSimFlags defines the flags of amcalc simulate on f: --activity and --params as run
// and explain define them, the doctor's own as values checked like the extract's columns.
func newSimFlags(f *flags) *simArgs {
	a := &simArgs{option: "all", format: "text", f: f}
	onceVar(f, simCode{&a.specialty}, "specialty", "CNAM specialty `CODE`, \"01\" = general practice (default: the --doctor row's)")
	onceVar(f, simEnum{&a.sector, extract.TariffSectors}, "tariff-sector", "tariff `SECTOR`: S1, S2_OPTAM, S2_OPTAMCO or S2 (required)")
	onceVar(f, simDate{&a.signedOn, extract.MinContractDate}, "signed-on", "signature date `YYYY-MM-DD` (required)")
	onceVar(f, simDate{&a.hiredOn, extract.MinContractDate}, "hired-on", "assistant hired on `YYYY-MM-DD` (default: --signed-on)")
	f.Bool(&a.underserved, "underserved-zone", "practice in a zone sous-dense")
	f.Bool(&a.group, "group-practice", "at least 2 doctors in the practice")
	onceVar(f, simDate{&a.coordSince, extract.MinCoordDate}, "coordinated-since", "joined an MSP/ESP/ESS/CPTS on `YYYY-MM-DD` (R-COORD-1)")
	f.Bool(&a.newInstallation, "new-installation", "newly installed doctor (R-OBJ-4, E-FLOOR)")
	f.Bool(&a.rqthAld, "rqth-ald", "E-FLOOR exemption")
	onceVar(f, simCount(&a.mtAdult), "mt-adult", "`N` médecin traitant patients aged 16 or more in the baseline year, 0…100000")
	onceVar(f, simCount(&a.mtChild), "mt-child", "`N` médecin traitant patients under 16 in the baseline year, 0…100000")
	onceVar(f, simCount(&a.fileActive), "file-active", "`N` distinct patients seen in the baseline year, 0…100000")
	onceVar(f, simYear{&a.baselineYear}, "baseline-year", "baseline `YEAR` (default: year of --signed-on − 1, R-OBJ-1)")
	onceVar(f, simYear{&a.birthYear}, "birth-year", "the doctor's birth `YEAR` (R-OBJ-6)")
	onceVar(f, simAmount(&a.feesTotal), "fees-12m-total", "fees over the 12 months before signature, in `CENTS` (E-CLINICAL)")
	onceVar(f, simAmount(&a.feesCCAM), "fees-12m-ccam", "CCAM technical fees over the same months, in `CENTS` (E-CLINICAL)")
	onceVar(f, simCode{&a.doctor}, "doctor", "doctor_id `ID` whose activity row of the baseline year gives the counts (needs --activity)")
	f.activity(&a.activity, ", whose distributions are computed as amcalc run computes them (or --bands)")
	f.Text(&a.bands, "bands", "", "a published bands.parquet `FILE`: the distributions of a run")
	onceVar(f, simEnum{&a.option, []string{"1", "2", "3", "all"}}, "option", "`OPTION`: 1, 2, 3 or all")
	f.params(&a.params)
	onceVar(f, simEnum{&a.format, []string{"text", "json"}}, "format", "`FORMAT`: text or json")
	return a
}

// simCode is a code flag (specialty, doctor_id): valid UTF-8, as DATA.md wants every
// string of the extracts. An empty one is refused after parsing, as every command does.
type simCode struct{ p *string }

func (c simCode) String() string { return text{c.p}.String() }

func (c simCode) Set(s string) error {
	if !utf8.ValidString(s) {
		return errors.New("not valid UTF-8")
	}
	*c.p = s
	return nil
}

// simEnum is a flag whose value is one of allowed (DATA.md "Bad input": BAD_ENUM).
type simEnum struct {
	p       *string
	allowed []string
}

func (e simEnum) String() string { return text{e.p}.String() }

func (e simEnum) Set(s string) error {
	if !slices.Contains(e.allowed, s) {
		return fmt.Errorf("%q: want %s (%s)", s, strings.Join(e.allowed, ", "), extract.ProblemBadEnum)
	}
	*e.p = s
	return nil
}

// simDate is a date flag written YYYY-MM-DD within lo…2099-12-31 (DATA.md "Bad input":
// DATE_OUT_OF_RANGE).
type simDate struct {
	p  *calc.OptDate
	lo calc.Date
}

func (d simDate) String() string {
	if d.p == nil || !d.p.Valid {
		return ""
	}
	return d.p.V.String()
}

func (d simDate) Set(s string) error {
	v, err := calc.ParseDate(s)
	if err != nil {
		return err
	}
	if v < d.lo || v > extract.MaxDate {
		return fmt.Errorf("%s is outside %s…%s (%s)", s, d.lo, extract.MaxDate, extract.ProblemDateOutOfRange)
	}
	*d.p = calc.SomeDate(v)
	return nil
}

// simRange is a decimal integer flag within 0…max, with the DATA.md problem codes of
// the values below and above.
type simRange struct {
	p                  *calc.OptInt
	max                int64
	negative, tooLarge string
}

// simCount: DATA.md "Bad input": NEGATIVE_COUNT, COUNT_TOO_LARGE (100 000 is valid).
func simCount(p *calc.OptInt) simRange {
	return simRange{p, extract.MaxCount, extract.ProblemNegativeCount, extract.ProblemCountTooLarge}
}

// simAmount: DATA.md v1.3: NEGATIVE_AMOUNT, AMOUNT_TOO_LARGE on the fee columns (cents).
func simAmount(p *calc.OptInt) simRange {
	return simRange{p, extract.MaxAmount, extract.ProblemNegativeAmount, extract.ProblemAmountTooLarge}
}

func (r simRange) String() string { return simOptString(r.p) }

func (r simRange) Set(s string) error {
	v, err := parseDecimal(s, 64)
	switch {
	case err != nil:
		return err
	case v < 0:
		return fmt.Errorf("%d < 0 (%s)", v, r.negative)
	case v > r.max:
		return fmt.Errorf("%d > %d (%s)", v, r.max, r.tooLarge)
	}
	*r.p = calc.Some(v)
	return nil
}

// simYear is a year flag. Years have no range check in DATA.md; they are 32-bit in the
// rules (a year column).
type simYear struct{ p *calc.OptInt }

func (y simYear) String() string { return simOptString(y.p) }

func (y simYear) Set(s string) error {
	v, err := parseDecimal(s, 64)
	if err != nil {
		return err
	}
	if v < 1 || v > 9999 {
		return fmt.Errorf("%d: want a year", v)
	}
	*y.p = calc.Some(v)
	return nil
}

func simOptString(p *calc.OptInt) string {
	if p == nil || !p.Valid {
		return ""
	}
	return strconv.FormatInt(p.V, 10)
}

// check applies the rules between flags; each error names its flags (exit 2).
func (a *simArgs) check() error {
	if err := a.f.nonEmpty("specialty", "doctor", "activity", "bands", "params"); err != nil {
		return err
	}
	switch {
	case !a.given("signed-on"):
		return usagef("--signed-on is required")
	case !a.given("tariff-sector"):
		return usagef("--tariff-sector is required")
	case a.given("activity") == a.given("bands"):
		return usagef("give exactly one of --activity PATH and --bands FILE")
	case a.given("doctor") && !a.given("activity"):
		return usagef("--doctor needs --activity (the doctor's activity row)")
	case !a.given("doctor") && !a.given("specialty"):
		return usagef("--specialty is required (or --doctor with --activity)")
	case !a.given("doctor") && !a.given("file-active"):
		return usagef("--file-active is required (or --doctor with --activity)")
	case a.feesCCAM.Valid && a.feesTotal.Valid && a.feesCCAM.V > a.feesTotal.V:
		return usagef("--fees-12m-ccam %d > --fees-12m-total %d (%s)", a.feesCCAM.V, a.feesTotal.V, extract.ProblemFeesInconsistent)
	}
	return nil
}

// simulateCmd is amcalc simulate: eligibility, targets and the 5-year schedule of each
// option for a doctor before signature, on the rules a run applies.
func simulateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("amcalc simulate", stderr)
	f.helpOn(stdout, simulateSynopsis)
	a := newSimFlags(f)
	if code, ok := f.parse(args); !ok {
		return code
	}
	if err := f.noArgs(); err != nil {
		return f.fail(err)
	}
	if err := a.check(); err != nil {
		return f.fail(err)
	}
	params, err := loadParams(a.params)
	if err != nil {
		return f.fail(err)
	}
	// R-REG-1: a signature before the scheme's first day is SIGNED_BEFORE_SCHEME.
	if start := params.SchemeStart(); a.signedOn.V < start {
		return f.fail(usagef("--signed-on %s: %s (R-REG-1: the scheme starts on %s)", a.signedOn.V, extract.ProblemSignedBeforeScheme, start))
	}
	sim, err := runSimulation(ctx, a, params)
	if err != nil {
		return f.fail(err)
	}
	if a.format == "json" {
		err = writeSimJSON(stdout, a, sim)
	} else {
		err = writeSimText(stdout, a, sim)
	}
	if err != nil {
		return f.fail(err)
	}
	return ExitOK
}

// simulated is a simulation with what the output says about its inputs.
type simulated struct {
	*pipeline.Simulation
	sources map[string]string // count → "--flag" or "activity YEAR"
	from    string            // where the distributions come from
}

// runSimulation reads what the flags point to, builds the contract and simulates it.
func runSimulation(ctx context.Context, a *simArgs, params *calc.Params) (*simulated, error) {
	workers := runtime.NumCPU()
	c, base, sources := a.contract()
	s := &simulated{sources: sources}
	var act *pipeline.SimulationActivity
	if a.activity != "" {
		var err error
		if act, err = pipeline.LoadSimulationActivity(ctx, a.activity, workers); err != nil {
			return nil, err
		}
		if err := act.CheckRejectRatio(nil); err != nil {
			return nil, err
		}
		s.from = "activity " + a.activity
		if a.doctor != "" {
			if err := a.fromDoctorRow(act, &c, &base, sources); err != nil {
				return nil, err
			}
		}
	} else {
		s.from = "bands " + a.bands
	}
	bands, err := simDistributions(ctx, act, a.bands, s.from, &c, params, workers)
	if err != nil {
		return nil, err
	}
	options := []int32{1, 2, 3}
	if a.option != "all" {
		o, _ := strconv.Atoi(a.option)
		options = []int32{int32(o)}
	}
	s.Simulation = pipeline.Simulate(c, base, options, params, bands)
	for _, o := range s.Options {
		if err := simError(o.X); err != nil {
			return nil, err
		}
		// One activity row per doctor and year: a baseline year that is also an observation
		// year cannot hold both the baseline and the targets met.
		for _, y := range o.Years {
			if y.Record.ObservationYear == base.Year {
				return nil, usagef("--baseline-year %d is the observation year of contract year %d (R-ATT-1): want a year before the contract", base.Year, y.Record.K)
			}
		}
	}
	return s, nil
}

// contract is the simulated contract (its option set per option) and the doctor's
// baseline activity row from the flags, with the flag each count came from.
func (a *simArgs) contract() (calc.Contract, calc.Activity, map[string]string) {
	c := calc.Contract{
		ContractID: pipeline.SimulationID, DoctorID: pipeline.SimulationID, Specialty: a.specialty,
		TariffSector: a.sector, UnderservedZone: a.underserved, GroupPractice: a.group,
		CoordinatedSince: a.coordSince, NewInstallation: a.newInstallation, RqthAld: a.rqthAld,
		SignedOn: a.signedOn.V, HiredOn: a.signedOn, BaselineYear: a.baselineYear,
		DoctorBirthYear: a.birthYear, Fees12mTotal: a.feesTotal, Fees12mCCAM: a.feesCCAM,
	}
	if a.hiredOn.Valid {
		c.HiredOn = a.hiredOn
	}
	base := calc.Activity{DoctorID: c.DoctorID, Year: int32(calc.BaselineYear(&c)), Specialty: c.Specialty, // 1…9999 (--baseline-year)
		MTAdult: a.mtAdult, MTChild: a.mtChild, FileActive: a.fileActive.V}
	sources := map[string]string{}
	for name, v := range map[string]calc.OptInt{"mt_adult": a.mtAdult, "mt_child": a.mtChild, "file_active": a.fileActive} {
		if v.Valid {
			sources[name] = "--" + strings.ReplaceAll(name, "_", "-")
		}
	}
	return c, base, sources
}

// fromDoctorRow completes the doctor's counts and specialty from the activity row of the
// baseline year (R-OBJ-1); a flag given overrides the row's value.
func (a *simArgs) fromDoctorRow(act *pipeline.SimulationActivity, c *calc.Contract, base *calc.Activity, sources map[string]string) error {
	row, ok := act.Row(a.doctor, base.Year)
	if !ok {
		return fmt.Errorf("unknown doctor %s: no valid activity row for %d in %s", a.doctor, base.Year, a.activity)
	}
	c.DoctorID, base.DoctorID = a.doctor, a.doctor
	from := fmt.Sprintf("activity %d", base.Year)
	if !a.given("specialty") {
		c.Specialty, base.Specialty = row.Specialty, row.Specialty
	}
	if !a.mtAdult.Valid {
		base.MTAdult, sources["mt_adult"] = row.MTAdult, from
	}
	if !a.mtChild.Valid {
		base.MTChild, sources["mt_child"] = row.MTChild, from
	}
	if !a.fileActive.Valid {
		base.FileActive, sources["file_active"] = row.FileActive, from
	}
	return nil
}

// simDistributions returns the distributions contract c reads: computed from the activity
// extract exactly as a run computes them (R-BAND-2…4), or read from a published bands file.
// One that is missing or has no population is an error naming it (R-BAND-3).
func simDistributions(ctx context.Context, act *pipeline.SimulationActivity, bandsFile, from string, c *calc.Contract, p *calc.Params, workers int) (calc.BandLookup, error) {
	var rows []calc.Band
	var err error
	if act != nil {
		rows, err = act.Bands(ctx, c, pipeline.SimulationRun(c, p), workers)
	} else {
		rows, err = outfile.ReadBands(bandsFile)
	}
	if err != nil {
		return nil, err
	}
	byKey := map[calc.DistKey]calc.Band{}
	for _, b := range rows {
		byKey[b.Key()] = b
	}
	lookup := func(k calc.DistKey) calc.Band { return byKey[k] }
	missing, err := pipeline.MissingDistributions(c, p, lookup)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, k := range missing {
		why := "not in the file"
		if b, ok := byKey[k]; ok || act != nil {
			why = fmt.Sprintf("population %d", b.Population)
		}
		names = append(names, fmt.Sprintf("reference year %d, specialty %q, measure %s (%s)", k.ReferenceYear, k.Specialty, k.Measure, why))
	}
	if len(names) > 0 {
		return nil, fmt.Errorf("missing distribution (R-BAND-3) in %s: %s", from, strings.Join(names, "; "))
	}
	return lookup, nil
}

// simError turns an error status into the flag the user must give (exit 2) or the
// problem that stops the simulation (exit 1).
func simError(x *calc.Explanation) error {
	if x.Status != calc.StatusError {
		return nil
	}
	var msgs []string
	usage := false
	for _, r := range x.Reasons {
		switch r {
		case calc.ReasonNoBaseline:
			usage = true
			need := "--file-active"
			if x.GP {
				need += " and " + strings.ReplaceAll("--"+x.MTMeasure, "_", "-")
				if x.MTMeasure == calc.MeasureMTTotal {
					need = "--file-active and --mt-adult or --mt-child"
				}
			}
			msgs = append(msgs, fmt.Sprintf("R-OBJ-1 %s: the baseline of %d needs %s", r, x.BaselineYear, need))
		case calc.ReasonNoFees:
			usage = true
			msgs = append(msgs, fmt.Sprintf("E-CLINICAL %s: specialty %s under %s needs --fees-12m-total and --fees-12m-ccam", r, x.Contract.Specialty, x.Regime))
		case calc.ReasonMissingParameter:
			msgs = append(msgs, fmt.Sprintf("%s %s: %s", x.ProblemRule, r, x.Problem))
		default:
			msgs = append(msgs, r)
		}
	}
	if usage {
		return usagef("%s", strings.Join(msgs, "; "))
	}
	return errors.New(strings.Join(msgs, "; "))
}

var simOptionNames = map[int32]string{1: "⅓ FTE", 2: "½ FTE", 3: "1 FTE"}

func simOptJSON(o calc.OptInt) any {
	if !o.Valid {
		return nil
	}
	return o.V
}

func simDateJSON(d calc.OptDate) any {
	if !d.Valid {
		return nil
	}
	return d.V.String()
}

// simGain is the patients to gain to reach a target (R-OBJ-3), null without a target.
func simGain(target, baseline calc.OptInt) calc.OptInt {
	if !target.Valid || !baseline.Valid {
		return calc.OptInt{}
	}
	return calc.Some(max(target.V-baseline.V, 0))
}

type simEventJSON struct {
	Kind        string `json:"kind"`
	Instalment  any    `json:"instalment,omitempty"`
	Date        string `json:"date"`
	Table       string `json:"table"`
	Amount      string `json:"amount,omitempty"`
	Base        string `json:"base,omitempty"`
	Due         string `json:"due,omitempty"`
	AlreadyPaid string `json:"already_paid,omitempty"`
	Payable     string `json:"payable,omitempty"`
	// Reasons are the codes that cut a settlement to 0 (COORDINATION, FORFAIT_STRUCTURE);
	// omitted when none, and on instalments.
	Reasons []string `json:"reasons,omitempty"`
}

type simScenarioJSON struct {
	Attainment string `json:"attainment"`
	Due        string `json:"due"`
	Payable    string `json:"payable"`
}

type simYearJSON struct {
	ContractYear    int               `json:"contract_year"`
	Start           string            `json:"start"`
	End             string            `json:"end"`
	ObservationYear int32             `json:"observation_year"`
	Maintain65      bool              `json:"maintain_65"`
	Events          []simEventJSON    `json:"events"`
	AtAttainment    []simScenarioJSON `json:"at_attainment,omitempty"`
}

type simCheckJSON struct {
	Rule   string `json:"rule"`
	Passed bool   `json:"passed"`
	Detail string `json:"detail"`
}

type simDistJSON struct {
	ReferenceYear int32  `json:"reference_year"`
	Specialty     string `json:"specialty"`
	Measure       string `json:"measure"`
	Population    int64  `json:"population"`
	P30           any    `json:"p30"`
	P50           any    `json:"p50"`
	P70           any    `json:"p70"`
	P90           any    `json:"p90"`
	P95           any    `json:"p95"`
	Pinned        string `json:"pinned"`
	Value         any    `json:"value"`
	Band          string `json:"band"`
}

type simOptionJSON struct {
	Option          int32          `json:"option"`
	Eligible        bool           `json:"eligible"`
	Failed          []string       `json:"failed"`
	Status          string         `json:"status"`
	Regime          string         `json:"regime"`
	Checks          []simCheckJSON `json:"checks"`
	Distributions   []simDistJSON  `json:"distributions"`
	Band            string         `json:"band"`
	BaselineFA      any            `json:"baseline_file_active"`
	BaselineMT      any            `json:"baseline_mt"`
	TargetFA        any            `json:"target_file_active"`
	TargetMT        any            `json:"target_mt"`
	MTMeasure       any            `json:"mt_measure"`
	GainFA          any            `json:"gain_file_active"`
	GainMT          any            `json:"gain_mt"`
	ObjectiveSource string         `json:"objective_source"`
	Start           string         `json:"start"`
	CoverageEnd     string         `json:"coverage_end"`
	Years           []simYearJSON  `json:"years"`
	Total           string         `json:"total"`
}

func simEventOf(p calc.Payment) simEventJSON {
	e := simEventJSON{Kind: p.Kind, Date: p.EventDate.String(), Table: p.AmountTable}
	if p.Kind == "advance" {
		e.Instalment = simOptJSON(p.Instalment)
		e.Amount = p.Payable.String()
		return e
	}
	e.Base, e.Due, e.AlreadyPaid, e.Payable = p.BaseAmount.String(), p.Due.String(), p.AlreadyPaid.String(), p.Payable.String()
	if p.Reasons != "" {
		e.Reasons = strings.Split(p.Reasons, ";")
	}
	return e
}

func simOptionOf(o *pipeline.SimOption) simOptionJSON {
	x := o.X
	j := simOptionJSON{
		Option: o.Option, Eligible: o.Eligible(), Failed: o.Failed(), Status: x.Status, Regime: x.Regime,
		Checks: []simCheckJSON{}, Distributions: []simDistJSON{}, Band: x.ContractBand,
		BaselineFA: simOptJSON(x.Baseline.FA.Value), TargetFA: simOptJSON(x.TargetFA.Value),
		GainFA: simOptJSON(simGain(x.TargetFA.Value, x.Baseline.FA.Value)), ObjectiveSource: x.ObjectiveSource,
		Years: []simYearJSON{}, Total: o.Total.String(),
	}
	if x.GP {
		j.BaselineMT, j.TargetMT, j.MTMeasure = simOptJSON(x.Baseline.MT.Value), simOptJSON(x.TargetMT.Value), x.MTMeasure
		j.GainMT = simOptJSON(simGain(x.TargetMT.Value, x.Baseline.MT.Value))
	}
	if x.Started {
		j.Start, j.CoverageEnd = x.Start.String(), x.CoverageEnd.String()
	}
	for _, ch := range x.Checks {
		j.Checks = append(j.Checks, simCheckJSON{ch.Rule, ch.Passed, ch.Detail})
	}
	for _, u := range x.Distributions() {
		j.Distributions = append(j.Distributions, simDistJSON{
			ReferenceYear: u.Key.ReferenceYear, Specialty: u.Key.Specialty, Measure: u.Key.Measure,
			Population: u.Band.Population, P30: simOptJSON(u.Band.P30), P50: simOptJSON(u.Band.P50),
			P70: simOptJSON(u.Band.P70), P90: simOptJSON(u.Band.P90), P95: simOptJSON(u.Band.P95),
			Pinned: u.Band.Pinned, Value: simOptJSON(u.Value), Band: u.Of,
		})
	}
	for _, y := range o.Years {
		r := y.Record
		yj := simYearJSON{ContractYear: r.K, Start: r.Start.String(), End: r.End.String(),
			ObservationYear: r.ObservationYear, Maintain65: r.Maintain65, Events: []simEventJSON{}}
		for _, p := range y.Events {
			yj.Events = append(yj.Events, simEventOf(p))
		}
		for _, sc := range y.AtAttainment {
			yj.AtAttainment = append(yj.AtAttainment, simScenarioJSON{sc.Attainment.String(), sc.Due.String(), sc.Payable.String()})
		}
		j.Years = append(j.Years, yj)
	}
	return j
}

func writeSimJSON(w io.Writer, a *simArgs, s *simulated) error {
	c, b := &s.Contract, &s.Baseline
	inputs := map[string]any{
		"specialty": c.Specialty, "tariff_sector": c.TariffSector, "signed_on": c.SignedOn.String(),
		"hired_on": simDateJSON(c.HiredOn), "underserved_zone": c.UnderservedZone, "group_practice": c.GroupPractice,
		"coordinated_since": simDateJSON(c.CoordinatedSince), "new_installation": c.NewInstallation, "rqth_ald": c.RqthAld,
		"mt_adult": simOptJSON(b.MTAdult), "mt_child": simOptJSON(b.MTChild), "file_active": b.FileActive,
		"baseline_year": b.Year, "birth_year": simOptJSON(c.DoctorBirthYear),
		"fees_12m_total": simOptJSON(c.Fees12mTotal), "fees_12m_ccam": simOptJSON(c.Fees12mCCAM),
		"doctor": nil, "activity": nil, "bands": nil, "option": a.option, "sources": s.sources,
	}
	if a.doctor != "" {
		inputs["doctor"] = a.doctor
	}
	if a.activity != "" {
		inputs["activity"] = a.activity
	} else {
		inputs["bands"] = a.bands
	}
	out := struct {
		Inputs  map[string]any  `json:"inputs"`
		Options []simOptionJSON `json:"options"`
	}{Inputs: inputs}
	for i := range s.Options {
		out.Options = append(out.Options, simOptionOf(&s.Options[i]))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func simOptText(o calc.OptInt) string {
	if !o.Valid {
		return "none"
	}
	return strconv.FormatInt(o.V, 10)
}

func writeSimText(w io.Writer, a *simArgs, s *simulated) error {
	t := &simText{}
	t.contract(a, s)
	for i := range s.Options {
		t.option(&s.Options[i])
	}
	_, err := io.WriteString(w, t.String())
	return err
}

// simText builds the text output: every line but the headings starts with its rule id.
type simText struct{ strings.Builder }

func (t *simText) line(indent int, rule, format string, args ...any) {
	fmt.Fprintf(t, "%s%-11s %s\n", strings.Repeat("  ", indent), rule, fmt.Sprintf(format, args...))
}

// contract writes what every option shares: regime, dates, baseline and distributions.
func (t *simText) contract(a *simArgs, s *simulated) {
	c, b := &s.Contract, &s.Baseline
	who := "a doctor"
	if a.doctor != "" {
		who = "doctor " + a.doctor
	}
	fmt.Fprintf(t, "Simulation for %s: specialty %s, tariff sector %s, signed %s, assistant hired %s\n",
		who, c.Specialty, c.TariffSector, c.SignedOn, c.HiredOn.V)
	fmt.Fprintf(t, "(if signed as given; the amounts are those the nightly runs would publish)\n\n")
	src := func(name string) string {
		if f := s.sources[name]; f != "" {
			return " (" + f + ")"
		}
		return ""
	}
	first := s.Options[0].X
	t.line(0, "R-REG-1", "regime %s: signed on %s", first.Regime, c.SignedOn)
	if first.Started {
		t.line(0, "R-DATE-1", "the aid starts on %s; R-DATE-3: it covers %s → %s", first.Start, first.Start, first.CoverageEnd)
	}
	t.line(0, "R-OBJ-1", "baseline %d: MT adult %s%s, MT child %s%s, file active %d%s", b.Year,
		simOptText(b.MTAdult), src("mt_adult"), simOptText(b.MTChild), src("mt_child"), b.FileActive, src("file_active"))
	t.line(0, "R-BAND-5", "reference distributions of %d, from %s", first.ReferenceYear, s.from)
	for _, u := range first.Distributions() {
		pinned := ""
		if u.Band.Pinned != "" {
			pinned = " (pinned: " + u.Band.Pinned + ", R-BAND-4)"
		}
		t.line(0, "R-BAND-6", "%s %s: %s — specialty %s, population %d, P30 %s, P50 %s, P70 %s, P90 %s, P95 %s%s",
			u.Key.Measure, simOptText(u.Value), u.Of, u.Key.Specialty, u.Band.Population, simOptText(u.Band.P30),
			simOptText(u.Band.P50), simOptText(u.Band.P70), simOptText(u.Band.P90), simOptText(u.Band.P95), pinned)
	}
	if first.ContractBand != "" {
		t.line(0, "R-BAND-7", "contract band %s", first.ContractBand)
	}
}

// option writes one option: its checks, targets and, when it can be signed, its schedule.
func (t *simText) option(o *pipeline.SimOption) {
	x := o.X
	if o.Eligible() {
		fmt.Fprintf(t, "\nOption %d (%s): eligible\n", o.Option, simOptionNames[o.Option])
	} else {
		fmt.Fprintf(t, "\nOption %d (%s): not eligible, fails %s\n", o.Option, simOptionNames[o.Option], strings.Join(o.Failed(), ", "))
	}
	for _, ch := range x.Checks {
		verdict := "passed"
		if !ch.Passed {
			verdict = "FAILED"
		}
		t.line(1, ch.Rule, "%s: %s", verdict, ch.Detail)
	}
	rule := "R-OBJ-3"
	if x.ObjectiveSource == "new_installation" {
		rule = "R-OBJ-4"
	}
	t.line(1, rule, "target file active %s: %s patients to gain from %s", simOptText(x.TargetFA.Value),
		simOptText(simGain(x.TargetFA.Value, x.Baseline.FA.Value)), simOptText(x.Baseline.FA.Value))
	if x.GP {
		t.line(1, rule, "target MT (%s) %s: %s patients to gain from %s", x.MTMeasure, simOptText(x.TargetMT.Value),
			simOptText(simGain(x.TargetMT.Value, x.Baseline.MT.Value)), simOptText(x.Baseline.MT.Value))
	}
	if !o.Eligible() {
		t.line(1, "R-PAY-1", "no schedule: the option cannot be signed")
		return
	}
	fmt.Fprintf(t, "  Schedule if the objectives are met every year (targets reached, forfait structure validated):\n")
	for i := range o.Years {
		t.year(&o.Years[i])
	}
	t.line(1, "R-PAY-2", "total over the contract if the objectives are met: %s", o.Total)
}

// year writes a contract year's instalments, settlement and R-MOD-1 scenarios.
func (t *simText) year(y *pipeline.SimYear) {
	r := y.Record
	fmt.Fprintf(t, "  Year %d: %s → %s, observed in %d, table %s (R-REG-2), %s %s (R-AMT-1)\n",
		r.K, r.Start, r.End, r.ObservationYear, r.Table, r.BaseCol, r.Base)
	if r.Maintain65 {
		t.line(2, "R-OBJ-6", "aged 65 or more in %d: this year's targets are the baselines (file active %s, MT %s), with a tolerance of %s %%",
			r.Start.Year(), simOptText(r.TargetFA), simOptText(r.TargetMT), simPercent(r.Tolerance))
	}
	for _, p := range y.Events {
		if p.Kind == "advance" {
			share := ""
			for _, in := range r.Instalments {
				if int64(in.I) == p.Instalment.V {
					share = fmt.Sprintf(" (%s %% of %s, day %d)", simPercent(in.Share), r.Base, in.OffsetDays)
				}
			}
			t.line(2, "R-PAY-1", "instalment %d   %s  %s%s", p.Instalment.V, p.EventDate, p.Payable, share)
			continue
		}
		why := ""
		if p.Reasons != "" {
			why = " — not paid: " + p.Reasons
		}
		if strings.Contains(p.Reasons, calc.ReasonCoordination) && r.CoordDeadline.Valid {
			why += fmt.Sprintf(" (R-COORD-1: a settlement after %s needs --coordinated-since before %s)", r.CoordDeadline.V, r.End)
		}
		t.line(2, "R-PAY-2", "settlement      %s  due %s, already paid %s, payable %s%s", p.EventDate, p.Due, p.AlreadyPaid, simPayableText(p.Payable), why)
	}
	if len(y.AtAttainment) > 0 {
		var parts []string
		for _, sc := range y.AtAttainment {
			parts = append(parts, fmt.Sprintf("%s %%: due %s, payable %s", simPercent(sc.Attainment), sc.Due, simPayableText(sc.Payable)))
		}
		t.line(2, "R-MOD-1", "if attainment were %s", strings.Join(parts, "; "))
	}
}

// simPayableText says that a negative payable is an overpayment to recover (R-PAY-2).
func simPayableText(c calc.Cents) string {
	if c < 0 {
		return c.String() + " (to recover)"
	}
	return c.String()
}

// simPercent shows a ratio as a percentage: 3/4 → "75".
func simPercent(r calc.Ratio) string {
	n := calc.NewRatio(r.Num*100, r.Den)
	if n.Den == 1 {
		return strconv.FormatInt(n.Num, 10)
	}
	return n.String()
}
