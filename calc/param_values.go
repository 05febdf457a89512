package calc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The typed values of the parameters, and one decoder per parameter with its domain
// check: a value the rules could misread does not load.

// paramSpec says how a parameter is keyed and decoded.
type paramSpec struct {
	keyedBy  []string // the keyed_by values the evaluator can resolve for it
	nullable bool     // null is a value ("not applied")
	decode   func(raw json.RawMessage) (any, error)
}

var signedOn = []string{KeyedBySignedOn}

// paramSpecs is every parameter the rules read.
var paramSpecs = map[string]paramSpec{
	"regime":                 {signedOn, false, decodeEnum("R1", "R2", "R3")},
	"amounts":                {[]string{KeyedByContractYear, KeyedBySignedOn}, false, decodeAmounts},
	"instalments":            {signedOn, false, decodeSchedule},
	"mt_measure":             {signedOn, false, decodeEnum(MeasureMTAdult, MeasureMTTotal)},
	"reference_year":         {signedOn, true, decodeReferenceYear},
	"pins":                   {[]string{KeyedByReferenceYear}, false, decodePins},
	"sectors":                {signedOn, false, decodeSectors},
	"specialties":            {signedOn, false, decodeSpecialties},
	"floor":                  {signedOn, false, decodeFloor},
	"option_rule":            {signedOn, false, decodeOptionRule},
	"group_required":         {signedOn, false, decodeBool},
	"coordination":           {signedOn, true, decodeCoordination},
	"objective_grid":         {signedOn, false, decodeGrid},
	"mt_target_share":        {signedOn, false, decodeShareString},
	"maintain_65":            {signedOn, true, decodeMaintain65},
	"modulation":             {signedOn, false, decodeModulation},
	"attainment_combination": {signedOn, false, decodeEnum(CombineMin, CombineMean, CombineMax)},
	"contract_years":         {signedOn, false, decodeContractYears},
	"clinical_test":          {signedOn, true, decodeClinical},
}

// requiredParams are the parameters the rules look up; a file missing one is refused.
var requiredParams = func() []string {
	var out []string
	for n := range paramSpecs {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}()

// AmountRow holds the amounts of one option, in cents (R-AMT-1).
type AmountRow struct{ Y1, Y2, Y3, Y3P90 Cents }

// AmountTable is one dated amount table (T2019, T2024).
type AmountTable struct {
	Name    string
	Options map[int32]AmountRow
	Cells   map[string]cellNote // per-cell source notes, key "option.column"
	From    string              // the version's start, for citations
}

// AmountTables are the table names the outputs know (DATA.md payments amount_table).
var AmountTables = []string{"T2019", "T2024"}

var amountColumns = []string{"y1", "y2", "y3", "y3_p90"}

// InstalmentShare is one instalment of a contract year's schedule (R-PAY-1): its share
// of base_k and its offset in days from start_k.
type InstalmentShare struct {
	Share      Ratio
	OffsetDays int
}

// ScheduleEntry is one entry of a schedule: the contract years it covers, their
// instalments, and its own source when it differs from its version's.
type ScheduleEntry struct {
	ContractYears      []int
	Instalments        []InstalmentShare
	Source, Confidence string
}

// Schedule is R-PAY-1's parameter: the instalments of each contract year, index k − 1.
type Schedule struct {
	Years   [][]InstalmentShare
	Entries []ScheduleEntry
	entry   []int // index k − 1 → its entry
}

// Year returns the instalments of contract year k; false when the schedule does not
// cover it.
func (s Schedule) Year(k int) ([]InstalmentShare, bool) {
	if k < 1 || k > len(s.Years) {
		return nil, false
	}
	return s.Years[k-1], true
}

// Entry returns the entry that schedules contract year k.
func (s Schedule) Entry(k int) (ScheduleEntry, bool) {
	if k < 1 || k > len(s.entry) {
		return ScheduleEntry{}, false
	}
	return s.Entries[s.entry[k-1]], true
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
	Band       string
	Option     int32
	Increase   Ratio
	Confidence string
	Source     string
}

// GridBands are the bands a grid has a row for (below_p30 reads p30_p50, R-OBJ-2).
var GridBands = []string{BandP30P50, BandP50P70, BandP70P90, BandP90P95, BandP95Plus}

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

// ---- decoders ----

// strictUnmarshal decodes raw into v, refusing unknown keys and trailing data.
func strictUnmarshal(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("data after the value")
	}
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return fmt.Errorf("%w: %s", ErrParamUnknownKey, strings.TrimPrefix(err.Error(), "json: "))
	case errors.As(err, &te):
		return fmt.Errorf("%w: %s is a JSON %s, want %s", ErrParamDomain, fieldName(te), te.Value, te.Type)
	}
	return fmt.Errorf("%w: %v", ErrParamDomain, err)
}

func fieldName(te *json.UnmarshalTypeError) string {
	if te.Field == "" {
		return "the value"
	}
	return te.Field
}

func isNullJSON(raw json.RawMessage) bool {
	return len(raw) == 0 || string(bytes.TrimSpace(raw)) == "null"
}

func domainErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrParamDomain}, args...)...)
}

func incomplete(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrParamIncomplete}, args...)...)
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

// parseShare parses a ratio in [0, 1] (shares, thresholds, tolerances).
func parseShare(what, s string) (Ratio, error) {
	r, err := ParseRatio(s)
	if err != nil {
		return r, domainErr("%s: %v", what, err)
	}
	if r.Num < 0 || r.Num > r.Den {
		return r, domainErr("%s %q is not in [0, 1]", what, s)
	}
	return r, nil
}

// checkNote checks a nested source and confidence; empty inherits the version's.
func checkNote(source, confidence string, needSource bool) error {
	if confidence != "" && !confidences[confidence] {
		return fmt.Errorf("%w: confidence %q, want H, M, L or assumption", ErrParamSource, confidence)
	}
	if needSource && strings.TrimSpace(source) == "" {
		return fmt.Errorf("%w: no source", ErrParamSource)
	}
	return nil
}

func decodeEnum(allowed ...string) func(json.RawMessage) (any, error) {
	return func(raw json.RawMessage) (any, error) {
		var s string
		if err := strictUnmarshal(raw, &s); err != nil {
			return nil, err
		}
		if !containsString(allowed, s) {
			return nil, domainErr("value %q, want one of %s", s, strings.Join(allowed, ", "))
		}
		return s, nil
	}
}

func decodeBool(raw json.RawMessage) (any, error) {
	var v bool
	return v, strictUnmarshal(raw, &v)
}

func decodeAmounts(raw json.RawMessage) (any, error) {
	var v struct {
		Table   string                      `json:"table"`
		Options map[string]*json.RawMessage `json:"options"`
	}
	if err := strictUnmarshal(raw, &v); err != nil {
		return nil, err
	}
	if !containsString(AmountTables, v.Table) {
		return nil, domainErr("table %q, want one of %s", v.Table, strings.Join(AmountTables, ", "))
	}
	t := AmountTable{Name: v.Table, Options: map[int32]AmountRow{}}
	for o, cols := range v.Options {
		if o != "1" && o != "2" && o != "3" {
			return nil, fmt.Errorf("%w: option %q, want 1, 2 or 3", ErrParamUnknownKey, o)
		}
		var c struct {
			Y1    *int64 `json:"y1"`
			Y2    *int64 `json:"y2"`
			Y3    *int64 `json:"y3"`
			Y3P90 *int64 `json:"y3_p90"`
		}
		if cols == nil {
			return nil, incomplete("option %s is null", o)
		}
		if err := strictUnmarshal(*cols, &c); err != nil {
			return nil, fmt.Errorf("option %s: %w", o, err)
		}
		var euros [4]int64
		for i, p := range []*int64{c.Y1, c.Y2, c.Y3, c.Y3P90} {
			switch {
			case p == nil:
				return nil, incomplete("option %s: %s missing", o, amountColumns[i])
			case *p < 0 || *p > 1_000_000:
				return nil, domainErr("option %s: %s %d euros, want 0 to 1000000", o, amountColumns[i], *p)
			}
			euros[i] = *p
		}
		n, _ := strconv.Atoi(o)
		t.Options[int32(n)] = AmountRow{Euros(euros[0]), Euros(euros[1]), Euros(euros[2]), Euros(euros[3])}
	}
	for o := int32(1); o <= 3; o++ {
		if _, ok := t.Options[o]; !ok {
			return nil, incomplete("table %s has no option %d", t.Name, o)
		}
	}
	return t, nil
}

// decodeSchedule decodes R-PAY-1's schedule: entries {contract_years, instalments},
// each contract year in exactly one entry, from 1 up without a hole; shares in [0, 1],
// offsets ≥ 0.
func decodeSchedule(raw json.RawMessage) (any, error) {
	var v []struct {
		Years       []int `json:"contract_years"`
		Instalments []struct {
			Share  *string `json:"share"`
			Offset *int    `json:"offset_days"`
		} `json:"instalments"`
		Source     string `json:"source"`
		Confidence string `json:"confidence"`
	}
	if err := strictUnmarshal(raw, &v); err != nil {
		return nil, err
	}
	s := Schedule{}
	byYear := map[int]int{}
	for i, ent := range v {
		if err := checkNote(ent.Source, ent.Confidence, ent.Confidence != ""); err != nil {
			return nil, fmt.Errorf("entry %d: %w", i+1, err)
		}
		e := ScheduleEntry{ContractYears: ent.Years, Source: ent.Source, Confidence: ent.Confidence, Instalments: []InstalmentShare{}}
		for j, in := range ent.Instalments {
			if in.Share == nil || in.Offset == nil {
				return nil, incomplete("entry %d instalment %d: share and offset_days are required", i+1, j+1)
			}
			r, err := parseShare("share", *in.Share)
			if err != nil {
				return nil, err
			}
			if *in.Offset < 0 {
				return nil, domainErr("entry %d instalment %d: offset_days %d, want ≥ 0", i+1, j+1, *in.Offset)
			}
			e.Instalments = append(e.Instalments, InstalmentShare{Share: r, OffsetDays: *in.Offset})
		}
		for _, k := range ent.Years {
			if _, dup := byYear[k]; dup {
				return nil, domainErr("contract year %d scheduled twice", k)
			}
			if k < 1 {
				return nil, domainErr("contract year %d, want ≥ 1", k)
			}
			byYear[k] = i
		}
		s.Entries = append(s.Entries, e)
	}
	for k := 1; k <= len(byYear); k++ {
		i, ok := byYear[k]
		if !ok {
			return nil, incomplete("contract year %d has no schedule", k)
		}
		s.Years = append(s.Years, s.Entries[i].Instalments)
		s.entry = append(s.entry, i)
	}
	return s, nil
}

func decodeReferenceYear(raw json.RawMessage) (any, error) {
	if isNullJSON(raw) {
		return OptInt{}, nil
	}
	var y int64
	if err := strictUnmarshal(raw, &y); err != nil {
		return nil, err
	}
	if y < 2000 || y > 2099 {
		return nil, domainErr("reference year %d, want 2000 to 2099", y)
	}
	return Some(y), nil
}

func decodePins(raw json.RawMessage) (any, error) {
	var raws []struct {
		Specialty  string `json:"specialty"`
		Measure    string `json:"measure"`
		Threshold  string `json:"threshold"`
		Value      *int64 `json:"value"`
		Source     string `json:"source"`
		Confidence string `json:"confidence"`
	}
	if err := strictUnmarshal(raw, &raws); err != nil {
		return nil, err
	}
	var out []Pin
	for _, rp := range raws {
		switch {
		case rp.Specialty == "":
			return nil, incomplete("pin without a specialty")
		case !containsString([]string{MeasureMTAdult, MeasureMTTotal, MeasureFileActive}, rp.Measure):
			return nil, domainErr("pin measure %q, want mt_adult, mt_total or file_active", rp.Measure)
		case thresholdIndex(rp.Threshold) < 0:
			return nil, domainErr("pin threshold %q, want p30, p50, p70, p90 or p95", rp.Threshold)
		case rp.Value == nil:
			return nil, incomplete("pin %s %s %s has no value", rp.Specialty, rp.Measure, rp.Threshold)
		case *rp.Value < 0:
			return nil, domainErr("pin %s %s %s value %d, want ≥ 0", rp.Specialty, rp.Measure, rp.Threshold, *rp.Value)
		}
		if err := checkNote(rp.Source, rp.Confidence, false); err != nil {
			return nil, err
		}
		out = append(out, Pin{rp.Specialty, rp.Measure, rp.Threshold, *rp.Value, rp.Source, rp.Confidence})
	}
	return out, nil
}

func decodeSectors(raw json.RawMessage) (any, error) {
	var v []string
	if err := strictUnmarshal(raw, &v); err != nil {
		return nil, err
	}
	if len(v) == 0 || slices.Contains(v, "") {
		return nil, domainErr("sectors %q: want a list of sector codes", v)
	}
	return v, nil
}

func decodeSpecialties(raw json.RawMessage) (any, error) {
	var v SpecialtyLists
	if err := strictUnmarshal(raw, &v); err != nil {
		return nil, err
	}
	all := slices.Concat(v.National, v.UnderservedOnly, v.Excluded)
	if len(all) == 0 {
		return nil, incomplete("no specialty list")
	}
	if err := checkCodeLists(all); err != nil {
		return nil, err
	}
	return v, nil
}

func checkCodeLists(ls []CodeList) error {
	for _, l := range ls {
		if len(l.Codes) == 0 || slices.Contains(l.Codes, "") {
			return domainErr("code list %q: want specialty codes", l.Codes)
		}
		if err := checkNote(l.Source, l.Confidence, false); err != nil {
			return err
		}
	}
	return nil
}

func decodeFloor(raw json.RawMessage) (any, error) {
	var v struct {
		ChildShare *string `json:"child_share_exemption"`
	}
	if err := strictUnmarshal(raw, &v); err != nil {
		return nil, err
	}
	if v.ChildShare == nil {
		return OptRatio{}, nil
	}
	r, err := parseShare("child_share_exemption", *v.ChildShare)
	return SomeRatio(r), err
}

func decodeOptionRule(raw json.RawMessage) (any, error) {
	var v OptionRule
	if err := strictUnmarshal(raw, &v); err != nil {
		return nil, err
	}
	for _, o := range slices.Concat(v.NeedsUnderserved, v.Forbidden) {
		if o < 1 || o > 3 {
			return nil, domainErr("option %d, want 1, 2 or 3", o)
		}
	}
	return v, nil
}

func decodeCoordination(raw json.RawMessage) (any, error) {
	if isNullJSON(raw) {
		return (*Coordination)(nil), nil
	}
	var v struct {
		From  string `json:"at_signature_from"`
		Delay *int   `json:"delay_years"`
	}
	if err := strictUnmarshal(raw, &v); err != nil {
		return nil, err
	}
	d, err := ParseDate(v.From)
	if err != nil {
		return nil, domainErr("at_signature_from: %v", err)
	}
	if v.Delay == nil || *v.Delay < 0 {
		return nil, domainErr("delay_years missing or negative")
	}
	return &Coordination{AtSignatureFrom: d, DelayYears: *v.Delay}, nil
}

// decodeGrid decodes R-OBJ-2's grid: one cell per band × option, increases ≥ 0.
func decodeGrid(raw json.RawMessage) (any, error) {
	var raws []struct {
		Band       string `json:"band"`
		Option     int32  `json:"option"`
		Increase   string `json:"increase"`
		Confidence string `json:"confidence"`
		Source     string `json:"source"`
	}
	if err := strictUnmarshal(raw, &raws); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var cells []GridCell
	for _, c := range raws {
		if !containsString(GridBands, c.Band) || c.Option < 1 || c.Option > 3 {
			return nil, domainErr("grid cell band %q option %d: want a band of %s and option 1, 2 or 3", c.Band, c.Option, strings.Join(GridBands, ", "))
		}
		r, err := ParseRatio(c.Increase)
		if err != nil || r.Num < 0 {
			return nil, domainErr("grid cell %s option %d: increase %q, want a ratio ≥ 0", c.Band, c.Option, c.Increase)
		}
		if err := checkNote(c.Source, c.Confidence, false); err != nil {
			return nil, err
		}
		k := c.Band + "/" + strconv.Itoa(int(c.Option))
		if seen[k] {
			return nil, domainErr("grid cell %s twice", k)
		}
		seen[k] = true
		cells = append(cells, GridCell{c.Band, c.Option, r, c.Confidence, c.Source})
	}
	for _, b := range GridBands {
		for o := 1; o <= 3; o++ {
			if !seen[b+"/"+strconv.Itoa(o)] {
				return nil, incomplete("grid has no cell for band %s option %d", b, o)
			}
		}
	}
	return cells, nil
}

func decodeShareString(raw json.RawMessage) (any, error) {
	var s string
	if err := strictUnmarshal(raw, &s); err != nil {
		return nil, err
	}
	return parseShare("share", s)
}

func decodeMaintain65(raw json.RawMessage) (any, error) {
	if isNullJSON(raw) {
		return (*Maintain65)(nil), nil
	}
	var v struct {
		Age       *int   `json:"age"`
		Tolerance string `json:"tolerance"`
	}
	if err := strictUnmarshal(raw, &v); err != nil {
		return nil, err
	}
	if v.Age == nil || *v.Age < 0 || *v.Age > 120 {
		return nil, domainErr("age missing or not in 0…120")
	}
	r, err := parseShare("tolerance", v.Tolerance)
	return &Maintain65{Age: *v.Age, Tolerance: r}, err
}

func decodeModulation(raw json.RawMessage) (any, error) {
	var v struct {
		Full      *int   `json:"full_until_year"`
		Year      *int   `json:"threshold_year"`
		Threshold string `json:"threshold"`
	}
	if err := strictUnmarshal(raw, &v); err != nil {
		return nil, err
	}
	if v.Full == nil || v.Year == nil || *v.Full < 0 || *v.Year < 1 {
		return nil, domainErr("full_until_year ≥ 0 and threshold_year ≥ 1 are required")
	}
	r, err := parseShare("threshold", v.Threshold)
	return Modulation{FullUntilYear: *v.Full, ThresholdYear: *v.Year, Threshold: r}, err
}

func decodeContractYears(raw json.RawMessage) (any, error) {
	var n int
	if err := strictUnmarshal(raw, &n); err != nil {
		return nil, err
	}
	if n < 1 || n > 9 {
		return nil, domainErr("contract_years %d, want 1 to 9", n)
	}
	return n, nil
}

func decodeClinical(raw json.RawMessage) (any, error) {
	if isNullJSON(raw) {
		return (*ClinicalTest)(nil), nil
	}
	var v struct {
		Lists    []CodeList `json:"lists"`
		MaxShare string     `json:"max_ccam_share"`
	}
	if err := strictUnmarshal(raw, &v); err != nil {
		return nil, err
	}
	if len(v.Lists) == 0 {
		return nil, incomplete("no specialty list")
	}
	if err := checkCodeLists(v.Lists); err != nil {
		return nil, err
	}
	r, err := parseShare("max_ccam_share", v.MaxShare)
	return &ClinicalTest{Lists: v.Lists, MaxCCAMShare: r}, err
}

func containsString(ss []string, s string) bool { return slices.Contains(ss, s) }

func joinInts(ns []int) string {
	var parts []string
	for _, n := range ns {
		parts = append(parts, strconv.Itoa(n))
	}
	return strings.Join(parts, ",")
}
