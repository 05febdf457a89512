package calc

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

//go:embed params.json
var defaultParams []byte

// DefaultParamsJSON returns the embedded parameter file (RULES.md v1.2).
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

// requiredParams are the parameters the rules look up; a file missing one is refused.
var requiredParams = []string{
	"regime", "amounts", "instalments", "mt_measure", "reference_year", "pins", "sectors",
	"specialties", "floor", "option_rule", "group_required", "coordination",
	"objective_grid", "mt_target_share", "maintain_65", "modulation",
	"attainment_combination", "contract_years", "clinical_test",
}

// LoadParams parses and checks a parameter file: dates, confidences, no overlapping
// versions, and every value of the shape its parameter needs.
func LoadParams(data []byte) (*Params, error) {
	var file struct {
		Format       string               `json:"format"`
		RulesVersion string               `json:"rules_version"`
		Comment      string               `json:"comment"`
		Parameters   map[string]*paramDef `json:"parameters"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&file); err != nil {
		return nil, fmt.Errorf("parameters: %w", err)
	}
	if file.Format != "amcalc-params/1" {
		return nil, fmt.Errorf("parameters: format %q, want amcalc-params/1", file.Format)
	}
	sum := sha256.Sum256(data)
	p := &Params{RulesVersion: file.RulesVersion, SHA256: hex.EncodeToString(sum[:]), params: file.Parameters}
	for _, name := range requiredParams {
		if p.params[name] == nil {
			return nil, fmt.Errorf("parameters: %s is missing", name)
		}
	}
	for name, pr := range p.params {
		pr.Name = name
		if len(pr.Versions) == 0 {
			return nil, fmt.Errorf("parameter %s: no version", name)
		}
		for i := range pr.Versions {
			v := &pr.Versions[i]
			var err error
			if v.from, err = ParseDate(v.FromS); err != nil {
				return nil, fmt.Errorf("parameter %s version %d: from: %w", name, i, err)
			}
			if v.UntilS != "" {
				if v.until, err = ParseDate(v.UntilS); err != nil {
					return nil, fmt.Errorf("parameter %s version %d: until: %w", name, i, err)
				}
				v.hasUntil = true
				if v.until <= v.from {
					return nil, fmt.Errorf("parameter %s version %d: until %s is not after from %s", name, i, v.UntilS, v.FromS)
				}
			}
			if !confidences[v.Confidence] {
				return nil, fmt.Errorf("parameter %s version from %s: confidence %q, want H, M, L or assumption", name, v.FromS, v.Confidence)
			}
			if strings.TrimSpace(v.Source) == "" {
				return nil, fmt.Errorf("parameter %s version from %s: no source", name, v.FromS)
			}
			if v.decoded, err = decodeValue(name, v.Value); err != nil {
				return nil, fmt.Errorf("parameter %s version from %s: %w", name, v.FromS, err)
			}
			if err := checkNestedConfidences(v); err != nil {
				return nil, fmt.Errorf("parameter %s version from %s: %w", name, v.FromS, err)
			}
			if ct, ok := v.decoded.(*ClinicalTest); ok && ct != nil {
				ct.From = v.FromS
				for i := range v.Cells {
					if v.Cells[i].Key == "max_ccam_share" {
						ct.BoundaryNote = &v.Cells[i]
					}
				}
			}
			if t, ok := v.decoded.(AmountTable); ok {
				t.From, t.Cells = v.FromS, map[string]cellNote{}
				for _, c := range v.Cells {
					t.Cells[c.Key] = c
				}
				v.decoded = t
			}
		}
		sort.Slice(pr.Versions, func(i, j int) bool { return pr.Versions[i].from < pr.Versions[j].from })
		for i := 1; i < len(pr.Versions); i++ {
			prev := pr.Versions[i-1]
			if !prev.hasUntil || prev.until > pr.Versions[i].from {
				return nil, fmt.Errorf("parameter %s: versions from %s and from %s overlap", name, prev.FromS, pr.Versions[i].FromS)
			}
		}
	}
	return p, nil
}

// checkNestedConfidences checks the confidences carried inside a value (grid cells, code
// lists, amount cells, pins): a misspelt one would silently drop out of Assumptions().
func checkNestedConfidences(v *version) error {
	var cs []string
	for _, c := range v.Cells {
		cs = append(cs, c.Confidence)
	}
	switch d := v.decoded.(type) {
	case []GridCell:
		for _, c := range d {
			cs = append(cs, c.Confidence)
		}
	case SpecialtyLists:
		for _, l := range append(append(append([]CodeList{}, d.National...), d.UnderservedOnly...), d.Excluded...) {
			cs = append(cs, l.Confidence)
		}
	case []Pin:
		for _, p := range d {
			cs = append(cs, p.Confidence)
		}
	}
	for _, c := range cs {
		// Empty: the value inherits its version's confidence.
		if c != "" && !confidences[c] {
			return fmt.Errorf("nested confidence %q, want H, M, L or assumption", c)
		}
	}
	return nil
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

// ParamError is a failed lookup: no version of the parameter covers the date.
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

// Covers reports whether parameter name has exactly one version in force on d (used by
// the temporal-coverage test).
func (p *Params) Covers(name string, d Date) int {
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
			if g, ok := v.decoded.([]GridCell); ok {
				for _, c := range g {
					if c.Confidence == "assumption" {
						out = append(out, fmt.Sprintf("%s from %s cell %s option %d: %s", name, v.FromS, c.Band, c.Option, v.Source))
					}
				}
			}
			if s, ok := v.decoded.(SpecialtyLists); ok {
				for _, l := range append(append([]CodeList{}, s.National...), s.UnderservedOnly...) {
					if l.Confidence == "assumption" {
						out = append(out, fmt.Sprintf("%s from %s codes %s: %s", name, v.FromS, strings.Join(l.Codes, ","), l.Source))
					}
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// ---- typed values ----

// AmountRow holds the amounts of one option, in cents (R-AMT-1).
type AmountRow struct{ Y1, Y2, Y3, Y3P90 Cents }

// AmountTable is one dated amount table (T2019, T2024).
type AmountTable struct {
	Name    string
	Options map[int32]AmountRow
	Cells   map[string]cellNote // per-cell source notes, key "option.column"
	From    string              // the version's start, for citations
}

// InstalmentShare is one instalment of a contract year's schedule (R-PAY-1): its share
// of base_k and its offset in days from start_k.
type InstalmentShare struct {
	Share      Ratio
	OffsetDays int
}

// Schedule is R-PAY-1's parameter: the instalments of each contract year, index k − 1.
type Schedule struct {
	Years [][]InstalmentShare
}

// Year returns the instalments of contract year k; false when the schedule does not
// cover it.
func (s Schedule) Year(k int) ([]InstalmentShare, bool) {
	if k < 1 || k > len(s.Years) {
		return nil, false
	}
	return s.Years[k-1], true
}

// ClinicalTest is E-CLINICAL's parameter (R2/R3): the specialties of the clinical-test
// list and the maximum share of CCAM fees; nil means not applied (R1).
type ClinicalTest struct {
	Lists        []CodeList
	MaxCCAMShare Ratio
	From         string    // the version's start, for citations
	BoundaryNote *cellNote // the note of cell "max_ccam_share" (its boundary), if any
}

// Pin is a published threshold that replaces a computed one (R-BAND-4).
type Pin struct {
	Specialty, Measure, Threshold string
	Value                         int64
	Source, Confidence            string
}

// CodeList is a list of specialty codes with its own source.
type CodeList struct {
	Codes      []string `json:"codes"`
	Source     string   `json:"source"`
	Confidence string   `json:"confidence"`
}

// SpecialtyLists is E-SPECIALTY's value: allow lists (R1) or an exclusion list (R2/R3).
type SpecialtyLists struct {
	National        []CodeList `json:"national"`
	UnderservedOnly []CodeList `json:"underserved_only"`
	Excluded        []CodeList `json:"excluded"`
}

// OptionRule is E-OPTION's value.
type OptionRule struct {
	NeedsUnderserved []int32 `json:"needs_underserved"`
	Forbidden        []int32 `json:"forbidden"`
}

// Coordination is R-COORD-1's value; nil means no coordination check.
type Coordination struct {
	AtSignatureFrom Date
	DelayYears      int
}

// GridCell is one cell of R-OBJ-2's grid.
type GridCell struct {
	Band       string `json:"band"`
	Option     int32  `json:"option"`
	IncreaseS  string `json:"increase"`
	Confidence string `json:"confidence"`
	Source     string `json:"source"`
	Increase   Ratio  `json:"-"`
}

// Maintain65 is R-OBJ-6's value; nil means not applied.
type Maintain65 struct {
	Age       int
	Tolerance Ratio
}

// Modulation is R-MOD-1's value.
type Modulation struct {
	FullUntilYear int
	ThresholdYear int
	Threshold     Ratio
}

// ParseRatio parses "a/b" or an integer "a" into an exact Ratio.
func ParseRatio(s string) (Ratio, error) {
	num, den, found := strings.Cut(s, "/")
	n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
	if err != nil {
		return Ratio{}, fmt.Errorf("ratio %q: %w", s, err)
	}
	d := int64(1)
	if found {
		if d, err = strconv.ParseInt(strings.TrimSpace(den), 10, 64); err != nil {
			return Ratio{}, fmt.Errorf("ratio %q: %w", s, err)
		}
		if d <= 0 {
			return Ratio{}, fmt.Errorf("ratio %q: denominator must be positive", s)
		}
	}
	return NewRatio(n, d), nil
}

func strictUnmarshal(raw json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// decodeValue turns a version's JSON value into the typed value of its parameter.
func decodeValue(name string, raw json.RawMessage) (any, error) {
	isNull := len(raw) == 0 || string(bytes.TrimSpace(raw)) == "null"
	switch name {
	case "regime", "mt_measure", "attainment_combination":
		var s string
		if err := strictUnmarshal(raw, &s); err != nil {
			return nil, err
		}
		allowed := map[string][]string{
			"regime": {"R1", "R2", "R3"}, "mt_measure": {MeasureMTAdult, MeasureMTTotal},
			"attainment_combination": {CombineMin, CombineMean, CombineMax},
		}[name]
		for _, a := range allowed {
			if s == a {
				return s, nil
			}
		}
		return nil, fmt.Errorf("value %q, want one of %s", s, strings.Join(allowed, ", "))
	case "amounts":
		var v struct {
			Table   string                      `json:"table"`
			Options map[string]map[string]int64 `json:"options"`
		}
		if err := strictUnmarshal(raw, &v); err != nil {
			return nil, err
		}
		t := AmountTable{Name: v.Table, Options: map[int32]AmountRow{}}
		for o, cols := range v.Options {
			opt, err := strconv.Atoi(o)
			if err != nil || opt < 1 || opt > 3 {
				return nil, fmt.Errorf("option %q, want 1, 2 or 3", o)
			}
			for _, c := range []string{"y1", "y2", "y3", "y3_p90"} {
				if _, ok := cols[c]; !ok {
					return nil, fmt.Errorf("option %s: %s missing", o, c)
				}
			}
			t.Options[int32(opt)] = AmountRow{Euros(cols["y1"]), Euros(cols["y2"]), Euros(cols["y3"]), Euros(cols["y3_p90"])}
		}
		return t, nil
	case "instalments":
		return decodeSchedule(raw)
	case "clinical_test":
		if isNull {
			return (*ClinicalTest)(nil), nil
		}
		var v struct {
			Lists    []CodeList `json:"lists"`
			MaxShare string     `json:"max_ccam_share"`
		}
		if err := strictUnmarshal(raw, &v); err != nil {
			return nil, err
		}
		r, err := ParseRatio(v.MaxShare)
		return &ClinicalTest{Lists: v.Lists, MaxCCAMShare: r}, err
	case "reference_year":
		if isNull {
			return OptInt{}, nil
		}
		var y int64
		err := strictUnmarshal(raw, &y)
		return Some(y), err
	case "pins":
		var v []Pin
		var rawPins []struct {
			Specialty  string `json:"specialty"`
			Measure    string `json:"measure"`
			Threshold  string `json:"threshold"`
			Value      int64  `json:"value"`
			Source     string `json:"source"`
			Confidence string `json:"confidence"`
		}
		if err := strictUnmarshal(raw, &rawPins); err != nil {
			return nil, err
		}
		for _, rp := range rawPins {
			if thresholdIndex(rp.Threshold) < 0 {
				return nil, fmt.Errorf("pin threshold %q, want p30, p50, p70, p90 or p95", rp.Threshold)
			}
			v = append(v, Pin(rp))
		}
		return v, nil
	case "sectors":
		var v []string
		err := strictUnmarshal(raw, &v)
		return v, err
	case "specialties":
		var v SpecialtyLists
		err := strictUnmarshal(raw, &v)
		return v, err
	case "floor":
		var v struct {
			ChildShare *string `json:"child_share_exemption"`
		}
		if err := strictUnmarshal(raw, &v); err != nil {
			return nil, err
		}
		if v.ChildShare == nil {
			return OptRatio{}, nil
		}
		r, err := ParseRatio(*v.ChildShare)
		return SomeRatio(r), err
	case "option_rule":
		var v OptionRule
		err := strictUnmarshal(raw, &v)
		return v, err
	case "group_required":
		var v bool
		err := strictUnmarshal(raw, &v)
		return v, err
	case "coordination":
		if isNull {
			return (*Coordination)(nil), nil
		}
		var v struct {
			From  string `json:"at_signature_from"`
			Delay int    `json:"delay_years"`
		}
		if err := strictUnmarshal(raw, &v); err != nil {
			return nil, err
		}
		d, err := ParseDate(v.From)
		return &Coordination{AtSignatureFrom: d, DelayYears: v.Delay}, err
	case "objective_grid":
		var cells []GridCell
		if err := strictUnmarshal(raw, &cells); err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		for i := range cells {
			r, err := ParseRatio(cells[i].IncreaseS)
			if err != nil {
				return nil, err
			}
			cells[i].Increase = r
			k := cells[i].Band + "/" + strconv.Itoa(int(cells[i].Option))
			if seen[k] {
				return nil, fmt.Errorf("grid cell %s twice", k)
			}
			seen[k] = true
		}
		return cells, nil
	case "mt_target_share":
		var s string
		if err := strictUnmarshal(raw, &s); err != nil {
			return nil, err
		}
		return ParseRatio(s)
	case "maintain_65":
		if isNull {
			return (*Maintain65)(nil), nil
		}
		var v struct {
			Age       int    `json:"age"`
			Tolerance string `json:"tolerance"`
		}
		if err := strictUnmarshal(raw, &v); err != nil {
			return nil, err
		}
		r, err := ParseRatio(v.Tolerance)
		return &Maintain65{Age: v.Age, Tolerance: r}, err
	case "modulation":
		var v struct {
			Full      int    `json:"full_until_year"`
			Year      int    `json:"threshold_year"`
			Threshold string `json:"threshold"`
		}
		if err := strictUnmarshal(raw, &v); err != nil {
			return nil, err
		}
		r, err := ParseRatio(v.Threshold)
		return Modulation{FullUntilYear: v.Full, ThresholdYear: v.Year, Threshold: r}, err
	case "contract_years":
		var n int
		if err := strictUnmarshal(raw, &n); err != nil {
			return nil, err
		}
		if n < 1 {
			return nil, fmt.Errorf("contract_years %d, want ≥ 1", n)
		}
		return n, nil
	}
	return nil, fmt.Errorf("unknown parameter")
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

// decodeSchedule decodes R-PAY-1's schedule: a list of {contract_years, instalments}
// entries, each contract year in exactly one entry, from 1 up without a hole.
func decodeSchedule(raw json.RawMessage) (any, error) {
	var v []struct {
		Years       []int `json:"contract_years"`
		Instalments []struct {
			Share  string `json:"share"`
			Offset int    `json:"offset_days"`
		} `json:"instalments"`
	}
	if err := strictUnmarshal(raw, &v); err != nil {
		return nil, err
	}
	byYear := map[int][]InstalmentShare{}
	for _, ent := range v {
		plan := []InstalmentShare{}
		for _, in := range ent.Instalments {
			r, err := ParseRatio(in.Share)
			if err != nil {
				return nil, err
			}
			plan = append(plan, InstalmentShare{Share: r, OffsetDays: in.Offset})
		}
		for _, k := range ent.Years {
			if _, dup := byYear[k]; dup {
				return nil, fmt.Errorf("contract year %d scheduled twice", k)
			}
			byYear[k] = plan
		}
	}
	s := Schedule{}
	for k := 1; k <= len(byYear); k++ {
		plan, ok := byYear[k]
		if !ok {
			return nil, fmt.Errorf("contract year %d has no schedule", k)
		}
		s.Years = append(s.Years, plan)
	}
	return s, nil
}
