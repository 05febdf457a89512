package calc

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// amountOpt returns the options of version i of the amounts.
func amountOpt(p map[string]any, i int) map[string]any {
	return ver(p, "amounts", i)["value"].(map[string]any)["options"].(map[string]any)
}

func instalment(p map[string]any, v, entry, i int) map[string]any {
	return ver(p, "instalments", v)["value"].([]any)[entry].(map[string]any)["instalments"].([]any)[i].(map[string]any)
}

func gridCell(p map[string]any, v, i int) map[string]any {
	return ver(p, "objective_grid", v)["value"].([]any)[i].(map[string]any)
}

// TestParamFileChecks: every parameter file, embedded or given with --params, is checked
// when loaded; each problem of issue "nothing wrong gets published" items 1–3 is refused
// with a *ParamFileError naming the parameter and the version, and its sentinel cause.
func TestParamFileChecks(t *testing.T) {
	cases := []struct {
		name    string
		edit    func(p map[string]any)
		cause   error
		param   string
		version string
		words   []string
	}{
		// Item 1: values outside their domain.
		{"R-AMT-1_negative_amount", func(p map[string]any) { amountOpt(p, 1)["2"].(map[string]any)["y3"] = -11000 },
			ErrParamDomain, "amounts", "2024-06-22", []string{"y3", "-11000"}},
		{"R-PAY-1_share_3/2", func(p map[string]any) { instalment(p, 1, 0, 0)["share"] = "3/2" },
			ErrParamDomain, "instalments", "2023-05-01", []string{"3/2", "[0, 1]"}},
		{"R-BAND-4_negative_pin", func(p map[string]any) { ver(p, "pins", 0)["value"].([]any)[1].(map[string]any)["value"] = -775 },
			ErrParamDomain, "pins", "0001-01-01", []string{"-775"}},
		{"R-OBJ-2_negative_grid_increase", func(p map[string]any) { gridCell(p, 1, 0)["increase"] = "-20/100" },
			ErrParamDomain, "objective_grid", "2023-05-01", []string{"-20/100"}},
		{"R-PAY-1_negative_offset_days", func(p map[string]any) { instalment(p, 0, 0, 0)["offset_days"] = -15 },
			ErrParamDomain, "instalments", "2019-08-21", []string{"offset_days -15"}},
		{"R-MOD-1_threshold_3/2", func(p map[string]any) { ver(p, "modulation", 0)["value"].(map[string]any)["threshold"] = "3/2" },
			ErrParamDomain, "modulation", "2019-08-21", []string{"threshold", "3/2"}},
		{"R-OBJ-2_unknown_band_p30-p50", func(p map[string]any) { gridCell(p, 0, 0)["band"] = "p30-p50" },
			ErrParamDomain, "objective_grid", "2019-08-21", []string{"p30-p50"}},
		{"R-AMT-1_unknown_table_name", func(p map[string]any) { ver(p, "amounts", 0)["value"].(map[string]any)["table"] = "T2020" },
			ErrParamDomain, "amounts", "2019-08-21", []string{"T2020"}},
		{"R-AMT-1_unknown_key_y4", func(p map[string]any) { amountOpt(p, 0)["1"].(map[string]any)["y4"] = 5000 },
			ErrParamUnknownKey, "amounts", "2019-08-21", []string{"y4"}},
		{"E-CLINICAL_share_above_1", func(p map[string]any) { ver(p, "clinical_test", 1)["value"].(map[string]any)["max_ccam_share"] = "6/5" },
			ErrParamDomain, "clinical_test", "2023-05-01", []string{"6/5"}},
		{"R-ATT-3_unknown_combination", func(p map[string]any) { ver(p, "attainment_combination", 0)["value"] = "median" },
			ErrParamDomain, "attainment_combination", "2019-08-21", []string{"median"}},
		{"PARAMS_unknown_key_in_a_version", func(p map[string]any) { ver(p, "regime", 0)["note"] = "x" },
			ErrParamUnknownKey, "", "", []string{"note"}},
		{"PARAMS_unknown_keyed_by", func(p map[string]any) { p["regime"].(map[string]any)["keyed_by"] = "hired_on" },
			ErrParamKeyedBy, "regime", "", []string{"hired_on"}},
		{"R-REG-1_keyed_by_a_contract_year_cannot_be_resolved", func(p map[string]any) { p["regime"].(map[string]any)["keyed_by"] = "contract_year" },
			ErrParamKeyedBy, "regime", "", []string{"contract_year"}},
		// Item 2: incomplete files.
		{"R-AMT-1_table_lacking_option_2", func(p map[string]any) { delete(amountOpt(p, 0), "2") },
			ErrParamIncomplete, "amounts", "2019-08-21", []string{"no option 2"}},
		{"R-OBJ-2_grid_lacking_a_cell", func(p map[string]any) {
			v := ver(p, "objective_grid", 1)
			v["value"] = v["value"].([]any)[1:]
		}, ErrParamIncomplete, "objective_grid", "2023-05-01", []string{"p30_p50 option 1"}},
		{"R-REG-2_gap_between_two_versions", func(p map[string]any) { ver(p, "amounts", 0)["until"] = "2024-06-01" },
			ErrParamCoverageGap, "amounts", "2024-06-22", []string{"2024-06-01", "2024-06-21"}},
		{"R-PAY-1_gap_before_the_first_version", func(p map[string]any) { ver(p, "instalments", 0)["from"] = "2019-09-01" },
			ErrParamCoverageGap, "instalments", "2019-09-01", []string{"starts after 2019-08-21"}},
		{"R-PAY-1_last_version_ends_before_2099", func(p map[string]any) { ver(p, "instalments", 1)["until"] = "2030-01-01" },
			ErrParamCoverageGap, "instalments", "2023-05-01", []string{"2030-01-01"}},
		{"R-PAY-1_schedule_lacking_a_contract_year", func(p map[string]any) {
			v := ver(p, "instalments", 1)
			v["value"] = v["value"].([]any)[:2]
		}, ErrParamIncomplete, "instalments", "2023-05-01", []string{"2 contract years", "5"}},
		{"R-PAY-1_schedule_with_a_hole", func(p map[string]any) {
			ver(p, "instalments", 1)["value"].([]any)[1].(map[string]any)["contract_years"] = []any{}
		}, ErrParamIncomplete, "instalments", "2023-05-01", []string{"contract year 2"}},
		{"R-PAY-1_instalment_without_share", func(p map[string]any) { delete(instalment(p, 1, 0, 0), "share") },
			ErrParamIncomplete, "instalments", "2023-05-01", []string{"share"}},
		{"R-MOD-1_parameter_missing", func(p map[string]any) { delete(p, "modulation") },
			ErrParamMissing, "modulation", "", nil},
		{"R-REG-1_null_value", func(p map[string]any) { ver(p, "regime", 1)["value"] = nil },
			ErrParamIncomplete, "regime", "2023-05-01", nil},
		{"R-REG-1_overlap", func(p map[string]any) { ver(p, "regime", 0)["until"] = "2023-05-02" },
			ErrParamCoverageOverlap, "regime", "2023-05-01", nil},
		{"R-AMT-1_cell_note_for_no_cell", func(p map[string]any) {
			ver(p, "amounts", 1)["cells"].([]any)[0].(map[string]any)["key"] = "4.y1"
		}, ErrParamUnknownKey, "amounts", "2024-06-22", []string{"4.y1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadParams(editParams(t, tc.edit))
			var pe *ParamFileError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T), want a *ParamFileError", err, err)
			}
			if !errors.Is(err, tc.cause) || pe.Param != tc.param || pe.Version != tc.version {
				t.Errorf("error %q: param %q version %q, want cause %q, %q %q", err, pe.Param, pe.Version, tc.cause, tc.param, tc.version)
			}
			for _, w := range tc.words {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// TestParamFileJSON covers the file as JSON: rules_version, duplicate keys at any level
// (the last one would win silently) and syntax errors, with their line.
func TestParamFileJSON(t *testing.T) {
	def := DefaultParamsJSON()
	lineOf := func(data []byte, s string) int {
		return bytes.Count(data[:bytes.Index(data, []byte(s))], []byte("\n")) + 1
	}
	dupAmounts := bytes.Replace(def, []byte(`"parameters": {`), []byte("\"parameters\": {\n    \"amounts\": {\"rule\": \"R-AMT-1\"},"), 1)
	dupInVersion := bytes.Replace(def, []byte(`"value": "R1",`), []byte(`"value": "R1", "value": "R3",`), 1)
	cases := []struct {
		name  string
		data  []byte
		cause error
		line  int
		words []string
	}{
		{"PARAMS_rules_version_not_the_programs", bytes.Replace(def, []byte(`"rules_version": "1.3"`), []byte(`"rules_version": "1.2"`), 1),
			ErrParamRulesVersion, 0, []string{`"1.2"`, "1.3"}},
		{"PARAMS_second_amounts_object", dupAmounts, ErrParamDuplicateKey, lineOf(dupAmounts, `"amounts": {`+"\n") + 0, []string{`"amounts"`, "parameters"}},
		{"PARAMS_duplicate_key_inside_a_version", dupInVersion, ErrParamDuplicateKey, lineOf(dupInVersion, `"value": "R1"`), []string{`"value"`}},
		{"PARAMS_syntax_error_gives_the_line", bytes.Replace(def, []byte(`"value": "R1",`), []byte(`"value": "R1",,`), 1),
			ErrParamSyntax, lineOf(def, `"value": "R1",`), nil},
		{"PARAMS_trailing_data", append(bytes.Clone(def), []byte("{}")...), ErrParamSyntax, 0, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadParams(tc.data)
			var pe *ParamFileError
			if !errors.As(err, &pe) || !errors.Is(err, tc.cause) {
				t.Fatalf("error %v, want a *ParamFileError caused by %q", err, tc.cause)
			}
			if tc.line != 0 && pe.Line != tc.line {
				t.Errorf("error %q at line %d, want %d", err, pe.Line, tc.line)
			}
			for _, w := range tc.words {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// TestSchemeStart: the scheme's first day comes from the parameters (R-REG-1).
func TestSchemeStart(t *testing.T) {
	if got := DefaultParams().SchemeStart(); got != d("2019-08-21") {
		t.Errorf("SchemeStart %s, want 2019-08-21", got)
	}
	p, err := LoadParams(editParams(t, func(p map[string]any) {
		for name, pr := range p {
			if pr.(map[string]any)["keyed_by"] == "signed_on" || name == "amounts" {
				ver(p, name, 0)["from"] = "2019-08-01"
			}
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.SchemeStart(); got != d("2019-08-01") {
		t.Errorf("SchemeStart of a corrected file %s, want 2019-08-01", got)
	}
}
