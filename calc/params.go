package calc

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

//go:embed params.json
var defaultParams []byte

// RulesVersion is the version of RULES.md this package implements; a parameter file must
// say the same.
const RulesVersion = "1.3"

// DefaultParamsJSON returns the embedded parameter file (RULES.md v1.3).
func DefaultParamsJSON() []byte { return bytes.Clone(defaultParams) }

// Params is the parsed parameter file: every value dated, with its source and confidence.
// Lookups are strict: a date no version covers is an error naming the parameter and the
// date, never a default.
type Params struct {
	RulesVersion string
	SHA256       string // of the file's bytes, for the manifest
	params       map[string]*paramDef
}

type paramDef struct {
	Name     string
	Rule     string    `json:"rule"`
	KeyedBy  string    `json:"keyed_by"`
	Comment  string    `json:"comment"`
	Versions []version `json:"versions"`
}

type version struct {
	FromS      string          `json:"from"`
	UntilS     string          `json:"until"`
	Value      json.RawMessage `json:"value"`
	Source     string          `json:"source"`
	Confidence string          `json:"confidence"`
	Cells      []cellNote      `json:"cells"`
	from       Date
	until      Date // exclusive; hasUntil false = open-ended
	hasUntil   bool
	decoded    any
}

// cellNote is the source of one cell of a value when it differs from its version's.
type cellNote struct {
	Key        string `json:"key"`
	Source     string `json:"source"`
	Confidence string `json:"confidence"`
}

// Ref names one parameter value as used: what an explanation cites.
type Ref struct {
	Param      string `json:"param"`
	Rule       string `json:"rule"`
	From       string `json:"from"`
	Until      string `json:"until,omitempty"`
	Source     string `json:"source"`
	Confidence string `json:"confidence"`
}

// String renders a reference for explanations: "objective_grid (R-OBJ-2) from 2019-08-21: seed 004 [H]".
func (r Ref) String() string {
	s := fmt.Sprintf("%s (%s) from %s", r.Param, r.Rule, r.From)
	if r.Until != "" {
		s += " until " + r.Until
	}
	return s + ": " + r.Source + " [" + r.Confidence + "]"
}

var confidences = map[string]bool{"H": true, "M": true, "L": true, "assumption": true}

// Causes of a parameter file that does not load (errors.Is on a *ParamFileError).
var (
	ErrParamSyntax          = errors.New("not valid JSON")
	ErrParamDuplicateKey    = errors.New("duplicate key")
	ErrParamUnknownKey      = errors.New("unknown key")
	ErrParamFormat          = errors.New("not an amcalc parameter file")
	ErrParamRulesVersion    = errors.New("rules_version is not the program's")
	ErrParamMissing         = errors.New("missing")
	ErrParamKeyedBy         = errors.New("keyed_by not usable for this parameter")
	ErrParamDate            = errors.New("bad date")
	ErrParamSource          = errors.New("bad source or confidence")
	ErrParamDomain          = errors.New("value out of its domain")
	ErrParamIncomplete      = errors.New("a value the rules read is missing")
	ErrParamCoverageGap     = errors.New("gap between versions")
	ErrParamCoverageOverlap = errors.New("versions overlap")
)

// ParamFileError is a parameter file that does not load: which parameter, which version
// (by its from date), the line for a JSON syntax error, and the cause, which wraps one of
// the ErrParam… sentinels.
type ParamFileError struct {
	Param   string // "" for the file as a whole
	Version string // the version's from date, "" when not about one version
	Line    int    // 1-based, for JSON syntax and duplicate-key errors; 0 otherwise
	Err     error
}

func (e *ParamFileError) Error() string {
	var b strings.Builder
	b.WriteString("parameters")
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
	}
	if e.Param != "" {
		fmt.Fprintf(&b, ": parameter %s", e.Param)
	}
	if e.Version != "" {
		fmt.Fprintf(&b, " version from %s", e.Version)
	}
	return b.String() + ": " + e.Err.Error()
}

func (e *ParamFileError) Unwrap() error { return e.Err }

// fileErr builds a ParamFileError wrapping a sentinel with details.
func fileErr(param, version string, cause error, format string, args ...any) *ParamFileError {
	return &ParamFileError{Param: param, Version: version, Err: fmt.Errorf("%w: "+format, append([]any{cause}, args...)...)}
}

// The dates every signature-keyed parameter must cover without a gap: from the scheme's
// first day (the first regime's from) to the end of DATA.md's date range.
var lastSupportedDay = MakeDate(2099, 12, 31)

// LoadParams parses and checks a parameter file — the embedded one or an expert's
// corrected one, with the same checks: JSON without duplicate or unknown keys, the
// program's rules_version, every parameter the rules read with a known keyed_by, every
// version dated and sourced, every value in its domain and complete where the rules read
// it, and no gap or overlap over the supported dates. A problem is a *ParamFileError.
func LoadParams(data []byte) (*Params, error) {
	if err := scanJSON(data); err != nil {
		return nil, err
	}
	var file struct {
		Format       string               `json:"format"`
		RulesVersion string               `json:"rules_version"`
		Comment      string               `json:"comment"`
		Parameters   map[string]*paramDef `json:"parameters"`
	}
	if err := strictUnmarshal(data, &file); err != nil {
		return nil, &ParamFileError{Err: err}
	}
	if file.Format != "amcalc-params/1" {
		return nil, fileErr("", "", ErrParamFormat, "format %q, want amcalc-params/1", file.Format)
	}
	if file.RulesVersion != RulesVersion {
		return nil, fileErr("", "", ErrParamRulesVersion, "rules_version %q, this program implements %s", file.RulesVersion, RulesVersion)
	}
	sum := sha256.Sum256(data)
	p := &Params{RulesVersion: file.RulesVersion, SHA256: hex.EncodeToString(sum[:]), params: file.Parameters}
	for _, name := range requiredParams {
		if p.params[name] == nil {
			return nil, fileErr(name, "", ErrParamMissing, "the rules read it")
		}
	}
	// The regime goes first: its first day is the scheme's, which the others must cover.
	names := append([]string{"regime"}, slices.DeleteFunc(p.Names(), func(n string) bool { return n == "regime" })...)
	for _, name := range names {
		if err := p.loadParam(name); err != nil {
			return nil, err
		}
	}
	if err := p.checkAcross(); err != nil {
		return nil, err
	}
	return p, nil
}

// loadParam checks one parameter: name, keyed_by, versions and their values, coverage.
func (p *Params) loadParam(name string) error {
	pr := p.params[name]
	pr.Name = name
	spec, ok := paramSpecs[name]
	if !ok {
		return fileErr(name, "", ErrParamUnknownKey, "unknown parameter")
	}
	if !containsString(spec.keyedBy, pr.KeyedBy) {
		return fileErr(name, "", ErrParamKeyedBy, "keyed_by %q, want %s", pr.KeyedBy, strings.Join(spec.keyedBy, " or "))
	}
	if strings.TrimSpace(pr.Rule) == "" {
		return fileErr(name, "", ErrParamMissing, "no rule id")
	}
	if len(pr.Versions) == 0 {
		return fileErr(name, "", ErrParamMissing, "no version")
	}
	for i := range pr.Versions {
		if err := loadVersion(name, spec, &pr.Versions[i]); err != nil {
			return err
		}
	}
	sort.Slice(pr.Versions, func(i, j int) bool { return pr.Versions[i].from < pr.Versions[j].from })
	return checkCoverage(pr, p.domainStart(pr))
}

// loadVersion checks one version's dates, source and confidences, and decodes its value.
func loadVersion(name string, spec paramSpec, v *version) error {
	var err error
	if v.from, err = ParseDate(v.FromS); err != nil {
		return fileErr(name, v.FromS, ErrParamDate, "from: %v", err)
	}
	if v.UntilS != "" {
		if v.until, err = ParseDate(v.UntilS); err != nil {
			return fileErr(name, v.FromS, ErrParamDate, "until: %v", err)
		}
		v.hasUntil = true
		if v.until <= v.from {
			return fileErr(name, v.FromS, ErrParamDate, "until %s is not after from %s", v.UntilS, v.FromS)
		}
	}
	if !confidences[v.Confidence] {
		return fileErr(name, v.FromS, ErrParamSource, "confidence %q, want H, M, L or assumption", v.Confidence)
	}
	if strings.TrimSpace(v.Source) == "" {
		return fileErr(name, v.FromS, ErrParamSource, "no source")
	}
	for _, c := range v.Cells {
		if err := checkNote(c.Source, c.Confidence, false); err != nil {
			return fileErr(name, v.FromS, ErrParamSource, "cell %q: %v", c.Key, err)
		}
	}
	if isNullJSON(v.Value) && !spec.nullable {
		return fileErr(name, v.FromS, ErrParamIncomplete, "value is null or absent")
	}
	if v.decoded, err = spec.decode(v.Value); err != nil {
		return &ParamFileError{Param: name, Version: v.FromS, Err: err}
	}
	if err := attachCells(v); err != nil {
		return &ParamFileError{Param: name, Version: v.FromS, Err: err}
	}
	return nil
}

// attachCells gives the typed values that cite their cells (amount tables, the clinical
// test's boundary) their notes; a note naming no cell of the value is an unknown key.
func attachCells(v *version) error {
	known := map[string]bool{}
	switch t := v.decoded.(type) {
	case AmountTable:
		t.From, t.Cells = v.FromS, map[string]cellNote{}
		for _, c := range v.Cells {
			t.Cells[c.Key] = c
		}
		for o := int32(1); o <= 3; o++ {
			for _, col := range amountColumns {
				known[fmt.Sprintf("%d.%s", o, col)] = true
			}
		}
		v.decoded = t
	case *ClinicalTest:
		if t != nil {
			t.From = v.FromS
			known["max_ccam_share"] = true
			for i := range v.Cells {
				if v.Cells[i].Key == "max_ccam_share" {
					t.BoundaryNote = &v.Cells[i]
				}
			}
		}
	}
	for _, c := range v.Cells {
		if !known[c.Key] {
			return fmt.Errorf("%w: cell note %q names no cell of this value", ErrParamUnknownKey, c.Key)
		}
	}
	return nil
}

// domainStart is the first day a parameter must cover: the scheme's first day for dates
// of contracts, the first day of the calendar for reference years (a baseline year can be
// any year).
func (p *Params) domainStart(pr *paramDef) Date {
	if pr.KeyedBy == KeyedByReferenceYear {
		return MakeDate(1, 1, 1)
	}
	return p.SchemeStart()
}

// checkCoverage proves that exactly one version is in force on every supported day: the
// first starts on or before start, each next one where the previous ends, the last runs
// past 2099-12-31.
func checkCoverage(pr *paramDef, start Date) error {
	vs := pr.Versions
	if vs[0].from > start {
		return fileErr(pr.Name, vs[0].FromS, ErrParamCoverageGap, "the first version starts after %s", start)
	}
	for i := 1; i < len(vs); i++ {
		prev, next := vs[i-1], vs[i]
		switch {
		case !prev.hasUntil || prev.until > next.from:
			return fileErr(pr.Name, next.FromS, ErrParamCoverageOverlap, "versions from %s and from %s overlap", prev.FromS, next.FromS)
		case prev.until < next.from:
			return fileErr(pr.Name, next.FromS, ErrParamCoverageGap, "no version in force from %s to %s", prev.UntilS, next.from.AddDays(-1))
		}
	}
	if last := vs[len(vs)-1]; last.hasUntil && last.until <= lastSupportedDay {
		return fileErr(pr.Name, last.FromS, ErrParamCoverageGap, "no version in force from %s (supported dates run to %s)", last.UntilS, lastSupportedDay)
	}
	return nil
}

// checkAcross checks what one parameter's value means for another's: every instalment
// schedule covers every contract year of the contracts it applies to.
func (p *Params) checkAcross() error {
	for _, iv := range p.params["instalments"].Versions {
		s := iv.decoded.(Schedule)
		for _, cv := range p.params["contract_years"].Versions {
			if overlaps(iv, cv) && len(s.Years) != cv.decoded.(int) {
				return fileErr("instalments", iv.FromS, ErrParamIncomplete,
					"schedules %d contract years, contract_years from %s says %d", len(s.Years), cv.FromS, cv.decoded.(int))
			}
		}
	}
	return nil
}

func overlaps(a, b version) bool {
	return (!a.hasUntil || b.from < a.until) && (!b.hasUntil || a.from < b.until)
}

// SchemeStart returns the scheme's first day: the from of the first regime version
// (R-REG-1). A contract signed before it is rejected (SIGNED_BEFORE_SCHEME).
func (p *Params) SchemeStart() Date {
	return p.params["regime"].Versions[0].from
}

// DefaultParams returns the embedded parameters; it panics if they do not load, which a
// test rules out.
func DefaultParams() *Params {
	p, err := LoadParams(defaultParams)
	if err != nil {
		panic(err)
	}
	return p
}

// ParamError is a failed lookup at run time: no version of the parameter covers the date,
// or the version found lacks what the rule reads (Detail).
type ParamError struct {
	Param  string
	Date   Date
	Detail string // what is missing in the version found; "" = no version in force
}

func (e *ParamError) Error() string {
	if e.Detail != "" {
		return fmt.Sprintf("parameter %s on %s: %s", e.Param, e.Date, e.Detail)
	}
	return fmt.Sprintf("parameter %s: no value in force on %s", e.Param, e.Date)
}

// Rule returns the rule ids a parameter serves ("" for an unknown parameter).
func (p *Params) Rule(name string) string {
	if pd := p.params[name]; pd != nil {
		return pd.Rule
	}
	return ""
}

// The vocabulary of keyed_by: the date a parameter is looked up on.
const (
	KeyedBySignedOn      = "signed_on"            // the contract's signature
	KeyedByContractYear  = "contract_year"        // R-REG-2: signed_on for year 1, start_k for year k ≥ 2
	KeyedByReferenceYear = "reference_year_start" // 1 January of a distribution's reference year
)

// keyDate returns the date parameter name is looked up on for a contract signed on
// signedOn and, for a contract-year parameter, its year y.
func (p *Params) keyDate(name string, signedOn Date, y *yearKey) (Date, error) {
	pd := p.params[name]
	if pd == nil {
		return 0, &ParamError{Param: name, Date: signedOn, Detail: "not in the parameter file"}
	}
	switch {
	case pd.KeyedBy == KeyedBySignedOn:
		return signedOn, nil
	case pd.KeyedBy == KeyedByContractYear && y != nil:
		return tableDate(signedOn, y.k, y.start), nil
	}
	return 0, &ParamError{Param: name, Date: signedOn, Detail: fmt.Sprintf("keyed_by %s cannot be resolved here", pd.KeyedBy)}
}

// getFor looks name up on the date its keyed_by names for a contract (and year y).
func getFor[T any](p *Params, name string, signedOn Date, y *yearKey) (T, Ref, error) {
	d, err := p.keyDate(name, signedOn, y)
	if err != nil {
		var zero T
		return zero, Ref{}, err
	}
	return get[T](p, name, d)
}

// lookup returns the version of name in force on d.
func (p *Params) lookup(name string, d Date) (*version, Ref, error) {
	pr := p.params[name]
	if pr == nil {
		return nil, Ref{}, &ParamError{Param: name, Date: d}
	}
	for i := range pr.Versions {
		v := &pr.Versions[i]
		if d >= v.from && (!v.hasUntil || d < v.until) {
			return v, Ref{Param: name, Rule: pr.Rule, From: v.FromS, Until: v.UntilS, Source: v.Source, Confidence: v.Confidence}, nil
		}
	}
	return nil, Ref{}, &ParamError{Param: name, Date: d}
}

// get looks name up on d and returns its typed value with the reference cited.
func get[T any](p *Params, name string, d Date) (T, Ref, error) {
	var zero T
	v, ref, err := p.lookup(name, d)
	if err != nil {
		return zero, ref, err
	}
	t, ok := v.decoded.(T)
	if !ok {
		return zero, ref, fmt.Errorf("parameter %s: value of type %T, want %T", name, v.decoded, zero)
	}
	return t, ref, nil
}

// Pins returns the pinned thresholds in force for a reference year (R-BAND-4).
func (p *Params) Pins(refYear int) ([]Pin, Ref, error) {
	return get[[]Pin](p, "pins", YearStart(refYear))
}

// covers reports how many versions of parameter name are in force on d (used by the
// temporal-coverage test).
func (p *Params) covers(name string, d Date) int {
	n := 0
	for _, v := range p.params[name].Versions {
		if d >= v.from && (!v.hasUntil || d < v.until) {
			n++
		}
	}
	return n
}

// Names returns the parameter names, sorted.
func (p *Params) Names() []string {
	var out []string
	for n := range p.params {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Assumptions lists every value of the file whose confidence is "assumption", as
// "param from DATE[ cell KEY]: source", sorted: what the manifest records.
func (p *Params) Assumptions() []string {
	var out []string
	for _, name := range p.Names() {
		for _, v := range p.params[name].Versions {
			if v.Confidence == "assumption" {
				out = append(out, fmt.Sprintf("%s from %s: %s", name, v.FromS, v.Source))
			}
			for _, c := range v.Cells {
				if c.Confidence == "assumption" {
					out = append(out, fmt.Sprintf("%s from %s cell %s: %s", name, v.FromS, c.Key, c.Source))
				}
			}
			out = append(out, valueAssumptions(name, v)...)
		}
	}
	sort.Strings(out)
	return out
}

// valueAssumptions lists the assumptions carried inside a value (grid cells, code lists,
// schedule entries), as the evaluator names them when it uses one.
func valueAssumptions(name string, v version) []string {
	var out []string
	switch t := v.decoded.(type) {
	case []GridCell:
		for _, c := range t {
			if c.Confidence == "assumption" {
				out = append(out, fmt.Sprintf("%s from %s cell %s option %d: %s", name, v.FromS, c.Band, c.Option, v.Source))
			}
		}
	case SpecialtyLists:
		for _, l := range append(append([]CodeList{}, t.National...), t.UnderservedOnly...) {
			if l.Confidence == "assumption" {
				out = append(out, fmt.Sprintf("%s from %s codes %s: %s", name, v.FromS, strings.Join(l.Codes, ","), l.Source))
			}
		}
	case Schedule:
		for _, e := range t.Entries {
			if e.Confidence == "assumption" {
				out = append(out, scheduleAssumption(v.FromS, e))
			}
		}
	}
	return out
}

// scheduleAssumption names one schedule entry's assumption.
func scheduleAssumption(from string, e ScheduleEntry) string {
	return fmt.Sprintf("instalments from %s contract years %s: %s", from, joinInts(e.ContractYears), e.Source)
}
