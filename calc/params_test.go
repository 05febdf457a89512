package calc

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// editParams returns the default parameter file with edit applied to its decoded JSON.
func editParams(t testing.TB, edit func(params map[string]any)) []byte {
	t.Helper()
	var file map[string]any
	if err := json.Unmarshal(DefaultParamsJSON(), &file); err != nil {
		t.Fatal(err)
	}
	edit(file["parameters"].(map[string]any))
	out, err := json.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func versions(params map[string]any, name string) []any {
	return params[name].(map[string]any)["versions"].([]any)
}

func ver(params map[string]any, name string, i int) map[string]any {
	return versions(params, name)[i].(map[string]any)
}

// TestParamsTemporalCoverage walks every day the pipeline supports and proves that every
// parameter has exactly one version in force: no gap, no overlap (STYLE.md, Catala-style).
func TestParamsTemporalCoverage(t *testing.T) {
	p := DefaultParams()
	names := p.Names()
	if len(names) != len(requiredParams) {
		t.Errorf("parameters %v, want exactly the required %v", names, requiredParams)
	}
	for _, name := range names {
		rule, _, _ := strings.Cut(p.params[name].Rule, ",") // e.g. "R-AMT-1, R-REG-2" → R-AMT-1
		t.Run(rule+"_"+name+"_one_version_every_day_2019-08-21_to_2099-12-31", func(t *testing.T) {
			for day := d("2019-08-21"); day <= d("2099-12-31"); day++ {
				if n := p.covers(name, day); n != 1 {
					t.Fatalf("%s on %s: %d versions in force, want 1", name, day, n)
				}
			}
		})
	}
	t.Run("R-REG-1_regime_not_in_force_on_2019-08-20", func(t *testing.T) {
		if n := p.covers("regime", d("2019-08-20")); n != 0 {
			t.Errorf("regime on 2019-08-20: %d versions", n)
		}
	})
}

func TestRegimeLookup(t *testing.T) {
	cases := []struct {
		name   string
		signed string
		want   string
	}{
		{"R-REG-1_2019-08-21_is_R1", "2019-08-21", "R1"},
		{"R-REG-1_2023-04-30_is_R1", "2023-04-30", "R1"},
		{"R-REG-1_2023-05-01_is_R2", "2023-05-01", "R2"},
		{"R-REG-1_2024-06-21_is_R2", "2024-06-21", "R2"},
		{"R-REG-1_2024-06-22_is_R3", "2024-06-22", "R3"},
		{"R-REG-1_2099-12-31_is_R3", "2099-12-31", "R3"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Regime(testParams, d(tc.signed))
			if err != nil || got != tc.want {
				t.Errorf("Regime(%s) = %q, %v; want %s", tc.signed, got, err, tc.want)
			}
		})
	}
	t.Run("R-REG-1_before_2019-08-21_is_an_error_naming_parameter_and_date", func(t *testing.T) {
		_, err := Regime(testParams, d("2019-08-20"))
		var pe *ParamError
		if !errors.As(err, &pe) || pe.Param != "regime" || pe.Date != d("2019-08-20") {
			t.Fatalf("err = %v, want a ParamError for regime on 2019-08-20", err)
		}
		if err.Error() != "parameter regime: no value in force on 2019-08-20" {
			t.Errorf("message %q", err.Error())
		}
	})
	t.Run("R-REG-1_unknown_parameter_is_an_error", func(t *testing.T) {
		_, _, err := testParams.lookup("no_such_parameter", d("2020-01-01"))
		if err == nil || !strings.Contains(err.Error(), "no_such_parameter") || !strings.Contains(err.Error(), "2020-01-01") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestDefaultParams(t *testing.T) {
	p := DefaultParams()
	t.Run("PARAMS_default_file_loads_rules_version_1.3_and_its_sha256", func(t *testing.T) {
		sum := sha256.Sum256(DefaultParamsJSON())
		if p.RulesVersion != "1.3" || p.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("RulesVersion %q, SHA256 %s", p.RulesVersion, p.SHA256)
		}
	})
	t.Run("PARAMS_DefaultParamsJSON_is_a_copy", func(t *testing.T) {
		b := DefaultParamsJSON()
		b[0] = 'X'
		if DefaultParamsJSON()[0] != '{' {
			t.Error("the embedded file was modified through its copy")
		}
	})
	t.Run("R-AMT-1_amount_tables_in_cents", func(t *testing.T) {
		want := map[string]map[int32]AmountRow{
			"2019-08-21": {1: {1200000, 900000, 700000, 835000}, 2: {1800000, 1350000, 1050000, 1250000}, 3: {3600000, 2700000, 2100000, 2500000}},
			"2024-06-21": {1: {1200000, 900000, 700000, 835000}, 2: {1800000, 1350000, 1050000, 1250000}, 3: {3600000, 2700000, 2100000, 2500000}},
			"2024-06-22": {1: {1260000, 945000, 735000, 876700}, 2: {1900000, 1400000, 1100000, 1300000}, 3: {3800000, 2800000, 2200000, 2600000}},
		}
		for day, rows := range want {
			tab, _, err := get[AmountTable](p, "amounts", d(day))
			if err != nil {
				t.Fatal(err)
			}
			wantName := "T2019"
			if day == "2024-06-22" {
				wantName = "T2024"
			}
			if tab.Name != wantName {
				t.Errorf("%s: table %s, want %s", day, tab.Name, wantName)
			}
			for o, r := range rows {
				if tab.Options[o] != r {
					t.Errorf("%s option %d: %+v, want %+v", day, o, tab.Options[o], r)
				}
			}
		}
	})
	t.Run("R-PAY-1_instalment_schedules_by_regime", func(t *testing.T) {
		r1 := [][]InstalmentShare{{{NewRatio(7, 10), 15}}, {}, {}, {}, {}}
		half := []InstalmentShare{{NewRatio(1, 2), 0}, {NewRatio(1, 2), 182}}
		r23 := [][]InstalmentShare{{{One, 30}}, {{One, 0}}, half, half, half}
		for day, want := range map[string][][]InstalmentShare{
			"2019-08-21": r1, "2023-04-30": r1, "2023-05-01": r23, "2024-06-22": r23,
		} {
			s, _, err := get[Schedule](p, "instalments", d(day))
			if err != nil || !reflect.DeepEqual(s.Years, want) {
				t.Errorf("%s: %+v, %v; want %+v", day, s.Years, err, want)
			}
		}
	})
	t.Run("R-ATT-3_combination_by_regime", func(t *testing.T) {
		for day, want := range map[string]string{"2023-04-30": "min", "2023-05-01": "min", "2024-06-21": "min", "2024-06-22": "max"} {
			if c, _, err := get[string](p, "attainment_combination", d(day)); err != nil || c != want {
				t.Errorf("%s: %s, %v; want %s", day, c, err, want)
			}
		}
	})
	t.Run("E-CLINICAL_list_and_share_R2_R3_only", func(t *testing.T) {
		if ct, _, err := get[*ClinicalTest](p, "clinical_test", d("2023-04-30")); err != nil || ct != nil {
			t.Errorf("R1: %+v, %v; want not applied", ct, err)
		}
		ct, _, err := get[*ClinicalTest](p, "clinical_test", d("2024-06-22"))
		if err != nil || ct == nil || ct.MaxCCAMShare != NewRatio(1, 5) || len(ct.Lists) != 3 ||
			ct.BoundaryNote == nil || ct.BoundaryNote.Confidence != "assumption" {
			t.Fatalf("R3: %+v, %v", ct, err)
		}
		var codes []string
		for _, l := range ct.Lists {
			codes = append(codes, l.Codes...)
		}
		if got := strings.Join(codes, ","); got != "04,10,16,41,43,44,45,46,47,48,49,11,07,70,77,79" {
			t.Errorf("codes %s", got)
		}
	})
	t.Run("R-BAND-4_pins", func(t *testing.T) {
		pins, ref, err := p.Pins(2018)
		if err != nil || len(pins) != 2 {
			t.Fatalf("pins %v, %v", pins, err)
		}
		if pins[0].Specialty != "01" || pins[0].Measure != MeasureMTAdult || pins[0].Threshold != "p30" || pins[0].Value != 640 ||
			pins[1].Specialty != "01" || pins[1].Measure != MeasureMTTotal || pins[1].Threshold != "p30" || pins[1].Value != 775 {
			t.Errorf("pins %+v", pins)
		}
		if ref.Param != "pins" || ref.Rule != "R-BAND-4" || ref.Confidence != "H" {
			t.Errorf("ref %+v", ref)
		}
	})
	t.Run("R-REG-1_Ref_String_cites_rule_dates_source_confidence", func(t *testing.T) {
		_, ref, _ := get[string](p, "regime", d("2020-01-01"))
		want := "regime (R-REG-1) from 2019-08-21 until 2023-05-01: avenant 7, arrêté of 14 Aug 2019, JO 20 Aug 2019 [H]"
		if ref.String() != want {
			t.Errorf("got  %s\nwant %s", ref, want)
		}
	})
}

func TestAssumptions(t *testing.T) {
	got := DefaultParams().Assumptions()
	want := []string{
		"amounts from 2024-06-22 cell 1.y1: the fixed ≥P95 amount: ⅓ FTE can no longer be signed, ameli lists no year-1 figure",
		"attainment_combination from 2024-06-22: the 2024 convention relaxed the objectives («assouplis», ameli 2024) and the cumulative condition is said to concern mainly the older contracts",
		"clinical_test from 2023-05-01 cell max_ccam_share: exactly 20 % passes: ameli writes both «moins de 20 %» of CCAM fees and «80 % et plus» of clinical fees; the «en clair» sentence decides",
		"instalments from 2023-05-01 contract years 3,4,5: two 50 % instalments: one GP's notes (L); their dates, day 0 and day 182 of the year, are not published",
		"objective_grid from 2019-08-21 cell p50_p70 option 2: seed 004",
		"objective_grid from 2019-08-21 cell p50_p70 option 3: seed 004",
		"objective_grid from 2019-08-21 cell p70_p90 option 3: seed 004",
		"objective_grid from 2023-05-01: R2/R3 grids not published: R1's grid applies",
		"specialties from 2019-08-21 codes 05,32: contracts reported in 2022 statistics",
		"specialties from 2019-08-21 codes 09,11,13,14,16,35,42: RULES.md",
	}
	t.Run("PARAMS_every_assumption_of_RULES_md_is_listed_exactly", func(t *testing.T) {
		if !slices.Equal(got, want) {
			t.Errorf("Assumptions:\n got %q\nwant %q", got, want)
		}
	})
	t.Run("PARAMS_assumptions_sorted", func(t *testing.T) {
		if !slices.IsSorted(got) {
			t.Error("not sorted")
		}
	})
}

func TestLoadParamsRejects(t *testing.T) {
	cases := []struct {
		name    string
		edit    func(p map[string]any)
		raw     string // used instead of edit when set
		wantErr []string
	}{
		{name: "R-REG-1_overlapping_versions",
			edit:    func(p map[string]any) { ver(p, "regime", 0)["until"] = "2023-05-02" },
			wantErr: []string{"regime", "overlap"}},
		{name: "R-REG-1_open_ended_version_before_another",
			edit:    func(p map[string]any) { delete(ver(p, "instalments", 0), "until") },
			wantErr: []string{"instalments", "overlap"}},
		{name: "R-REG-1_until_not_after_from",
			edit:    func(p map[string]any) { ver(p, "regime", 0)["until"] = "2019-08-21" },
			wantErr: []string{"regime", "not after"}},
		{name: "R-AMT-1_unknown_confidence",
			edit:    func(p map[string]any) { ver(p, "amounts", 1)["confidence"] = "high" },
			wantErr: []string{"amounts", "confidence", "high"}},
		{name: "E-SECTOR_missing_source",
			edit:    func(p map[string]any) { delete(ver(p, "sectors", 0), "source") },
			wantErr: []string{"sectors", "no source"}},
		{name: "E-SECTOR_blank_source",
			edit:    func(p map[string]any) { ver(p, "sectors", 0)["source"] = "  " },
			wantErr: []string{"sectors", "no source"}},
		{name: "R-MOD-1_missing_parameter",
			edit:    func(p map[string]any) { delete(p, "modulation") },
			wantErr: []string{"modulation", "missing"}},
		{name: "R-OBJ-3_bad_ratio_text",
			edit:    func(p map[string]any) { ver(p, "mt_target_share", 0)["value"] = "3/x" },
			wantErr: []string{"mt_target_share", "3/x"}},
		{name: "R-PAY-1_bad_ratio_zero_denominator",
			edit: func(p map[string]any) {
				ver(p, "instalments", 0)["value"].([]any)[0].(map[string]any)["instalments"].([]any)[0].(map[string]any)["share"] = "70/0"
			},
			wantErr: []string{"instalments", "70/0"}},
		{name: "R-OBJ-2_bad_grid_increase_percent_text",
			edit: func(p map[string]any) {
				ver(p, "objective_grid", 0)["value"].([]any)[0].(map[string]any)["increase"] = "20%"
			},
			wantErr: []string{"objective_grid", "20%"}},
		{name: "R-REG-1_bad_date",
			edit:    func(p map[string]any) { ver(p, "regime", 1)["from"] = "2023-02-30" },
			wantErr: []string{"regime", "2023-02-30"}},
		{name: "E-SECTOR_no_version",
			edit:    func(p map[string]any) { p["sectors"].(map[string]any)["versions"] = []any{} },
			wantErr: []string{"sectors", "no version"}},
		{name: "R-REG-1_bad_regime_value",
			edit:    func(p map[string]any) { ver(p, "regime", 2)["value"] = "R4" },
			wantErr: []string{"regime", "R4"}},
		{name: "R-BAND-4_bad_pin_threshold",
			edit: func(p map[string]any) {
				ver(p, "pins", 0)["value"].([]any)[0].(map[string]any)["threshold"] = "p40"
			},
			wantErr: []string{"pins", "p40"}},
		{name: "R-AMT-1_amount_column_missing",
			edit: func(p map[string]any) {
				delete(ver(p, "amounts", 0)["value"].(map[string]any)["options"].(map[string]any)["2"].(map[string]any), "y3_p90")
			},
			wantErr: []string{"amounts", "y3_p90"}},
		{name: "PARAMS_unknown_parameter",
			edit: func(p map[string]any) {
				p["bonus"] = map[string]any{"rule": "R-X", "versions": []any{map[string]any{"from": "2019-08-21", "value": 1, "source": "x", "confidence": "H"}}}
			},
			wantErr: []string{"bonus", "unknown parameter"}},
		{name: "PARAMS_unknown_field", raw: `{"format":"amcalc-params/1","rules_version":"1.2","parameters":{},"extra":1}`, wantErr: []string{"extra"}},
		{name: "PARAMS_wrong_format", raw: `{"format":"amcalc-params/2","rules_version":"1.2","parameters":{}}`, wantErr: []string{"format"}},
		{name: "PARAMS_not_json", raw: `regime: R1`, wantErr: []string{"parameters"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.raw)
			if tc.raw == "" {
				data = editParams(t, tc.edit)
			}
			p, err := LoadParams(data)
			if err == nil {
				t.Fatalf("LoadParams accepted the file (%d parameters)", len(p.Names()))
			}
			for _, s := range tc.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
		})
	}
	t.Run("PARAMS_unedited_round_trip_loads", func(t *testing.T) {
		if _, err := LoadParams(editParams(t, func(map[string]any) {})); err != nil {
			t.Fatal(err)
		}
	})
}

// TestCorrectedParams: an expert's corrected file changes the amounts, with no code change.
func TestCorrectedParams(t *testing.T) {
	p, err := LoadParams(editParams(t, func(p map[string]any) {
		ver(p, "amounts", 0)["value"].(map[string]any)["options"].(map[string]any)["2"].(map[string]any)["y1"] = 20000
	}))
	if err != nil {
		t.Fatal(err)
	}
	if p.SHA256 == testParams.SHA256 {
		t.Error("the corrected file has the default hash")
	}
	runEvalCases(t, []evalCase{
		{name: "R-PAY-1_corrected_y1_changes_the_advance", fix: func() *fixture { f := gpR1(); f.params = p; return f }, year: 2019,
			want: outcome{
				ledger:   "paid [] regime=R1 start=2019-10-15 band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=1163 tfa=1750 src=grid events=1 total=14000.00",
				payments: []string{"advance k1 2019-10-30 T2019 base=20000.00 obs=null att=null mod=null pro=null due=14000.00 paid=0.00 payable=14000.00 []"}}},
		{name: "R-PAY-2_corrected_y1_changes_the_settlement", fix: func() *fixture { f := gpR1(); f.params = p; return f }, year: 2020,
			want: outcome{
				ledger:   "paid [] regime=R1 start=2019-10-15 band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=1163 tfa=1750 src=grid events=1 total=6000.00",
				payments: []string{"settlement k1 2020-10-15 T2019 base=20000.00 obs=2020 att=1.000000 mod=1.000000 pro=1.000000 due=20000.00 paid=14000.00 payable=6000.00 []"}}},
		{name: "R-AMT-1_corrected_file_leaves_other_years_alone", fix: func() *fixture { f := gpR1(); f.params = p; return f }, year: 2021,
			want: outcome{
				ledger:   "paid [] regime=R1 start=2019-10-15 band=p30_p50 ref=2018 bmt=900 bfa=1400 tmt=1163 tfa=1750 src=grid events=1 total=13500.00",
				payments: []string{"settlement k2 2021-10-15 T2019 base=13500.00 obs=2021 att=1.000000 mod=1.000000 pro=1.000000 due=13500.00 paid=0.00 payable=13500.00 []"}}},
	})
}

// TestMissingParameter: a date no version covers is an error naming the parameter and the
// date, and a contract that needs it gets status error, reason MISSING_PARAMETER.
func TestMissingParameter(t *testing.T) {
	runEvalCases(t, []evalCase{
		{name: "R-REG-1_signed_2019-08-20_no_regime_is_MISSING_PARAMETER",
			fix: gpR1, change: func(f *fixture) { f.c.SignedOn = d("2019-08-20"); f.c.HiredOn = od("2019-09-01") }, year: 2019,
			want: outcome{ledger: "error [MISSING_PARAMETER] regime=null start=2019-09-01 band=null ref=null bmt=null bfa=null tmt=null tfa=null src=null events=0 total=0.00"}},
		{name: "R-REG-1_signed_2019-08-20_not_started_is_MISSING_PARAMETER",
			fix: gpR1, change: func(f *fixture) { f.c.SignedOn = d("2019-08-20"); f.c.HiredOn = OptDate{} }, year: 2020,
			want: outcome{ledger: "error [MISSING_PARAMETER] regime=null start=null band=null ref=null bmt=null bfa=null tmt=null tfa=null src=null events=0 total=0.00"}},
		{name: "R-REG-2_amounts_gap_is_MISSING_PARAMETER_with_its_rule_no_event_emitted",
			fix: func() *fixture {
				f := gpR1()
				f.params = gapParams(t, "amounts", 0, "2019-10-01") // T2019 ends before signed_on
				return f
			}, year: 2019,
			want: outcome{ledger: "error [MISSING_PARAMETER] regime=R1 start=2019-10-15 band=null ref=2018 bmt=900 bfa=1400 tmt=null tfa=null src=null events=0 total=0.00"},
			check: func(t *testing.T, x *Explanation) {
				if len(x.Years) != 0 || x.ProblemRule != "R-AMT-1, R-REG-2" {
					t.Errorf("years %d, problem rule %q", len(x.Years), x.ProblemRule)
				}
			}},
		{name: "R-OBJ-2_grid_without_the_cell_is_MISSING_PARAMETER_with_its_rule",
			fix: func() *fixture {
				f := gpR1()
				p := gapParams(t, "objective_grid", 0, "")
				v := &p.params["objective_grid"].Versions[0]
				v.decoded = slices.DeleteFunc(slices.Clone(v.decoded.([]GridCell)), func(g GridCell) bool { return g.Band == BandP30P50 && g.Option == 2 })
				f.params = p
				return f
			}, year: 2019,
			want: outcome{ledger: "error [MISSING_PARAMETER] regime=R1 start=2019-10-15 band=null ref=2018 bmt=900 bfa=1400 tmt=null tfa=null src=null events=0 total=0.00"},
			check: func(t *testing.T, x *Explanation) {
				if x.ProblemRule != "R-OBJ-2" || !strings.Contains(x.Problem, "no cell for band p30_p50 option 2") {
					t.Errorf("problem %q (%s)", x.Problem, x.ProblemRule)
				}
			}},
		{name: "R-ATT-3_unknown_combination_is_MISSING_PARAMETER_with_its_rule",
			fix: func() *fixture {
				f := gpR1()
				p := gapParams(t, "attainment_combination", 0, "")
				p.params["attainment_combination"].Versions[0].decoded = "median"
				f.params = p
				return f
			}, year: 2022,
			want: outcome{ledger: "error [MISSING_PARAMETER] regime=R1 start=2019-10-15 band=null ref=2018 bmt=900 bfa=1400 tmt=null tfa=null src=null events=0 total=0.00"},
			check: func(t *testing.T, x *Explanation) {
				if x.ProblemRule != "R-ATT-3" {
					t.Errorf("problem %q (%s)", x.Problem, x.ProblemRule)
				}
			}},
	})
}

// gapParams returns the default parameters with version i of name ending on until (a gap a
// file could not have: LoadParams refuses it), for the run-time checks; "" changes nothing.
func gapParams(t *testing.T, name string, i int, until string) *Params {
	t.Helper()
	p, err := LoadParams(DefaultParamsJSON())
	if err != nil {
		t.Fatal(err)
	}
	if until != "" {
		v := &p.params[name].Versions[i]
		v.until, v.UntilS, v.hasUntil = d(until), until, true
	}
	return p
}

// TestMissingParameterBeforeDistributions: a corrected file whose reference_year (or
// mt_measure) leaves a gap while regime is in force must give status error
// MISSING_PARAMETER, like any other missing parameter (STYLE.md: "an error — never a
// default — when no version applies").
func TestMissingParameterBeforeDistributions(t *testing.T) {
	for _, name := range []string{"reference_year", "mt_measure"} {
		t.Run("R-BAND-5_"+name+"_gap_is_MISSING_PARAMETER", func(t *testing.T) {
			p := gapParams(t, name, 0, "2019-09-01")
			f := gpR1()
			f.params = p
			var x *Explanation
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("Evaluate panicked: %v", r)
					}
				}()
				x = f.eval(2019)
			}()
			if x.Status != StatusError || strings.Join(x.Reasons, ";") != ReasonMissingParameter {
				t.Errorf("status %s %v, want error MISSING_PARAMETER", x.Status, x.Reasons)
			}
		})
	}
}

// TestLoadParamsCellConfidence: the confidences inside a value (grid cells, specialty
// lists, pins, amount cells) are what Assumptions() lists for the manifest; a misspelt one
// would silently drop an assumption from it.
func TestLoadParamsCellConfidence(t *testing.T) {
	cases := []struct {
		name string
		edit func(p map[string]any)
	}{
		{"R-OBJ-2_grid_cell_unknown_confidence", func(p map[string]any) {
			ver(p, "objective_grid", 0)["value"].([]any)[4].(map[string]any)["confidence"] = "assumtion"
		}},
		{"E-SPECIALTY_code_list_unknown_confidence", func(p map[string]any) {
			ver(p, "specialties", 0)["value"].(map[string]any)["national"].([]any)[1].(map[string]any)["confidence"] = "assumtion"
		}},
		{"R-AMT-1_amount_cell_unknown_confidence", func(p map[string]any) {
			ver(p, "amounts", 1)["cells"].([]any)[0].(map[string]any)["confidence"] = "assumtion"
		}},
		{"R-BAND-4_pin_unknown_confidence", func(p map[string]any) {
			ver(p, "pins", 0)["value"].([]any)[0].(map[string]any)["confidence"] = "high"
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := LoadParams(editParams(t, tc.edit)); err == nil {
				t.Error("LoadParams accepted an unknown confidence inside a value")
			}
		})
	}
}
