package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/inwrite"
	"github.com/amcalc/amcalc/io/partdiff"
)

// simOut is the JSON of amcalc simulate, as a consumer reads it.
type simOut struct {
	Inputs  map[string]any `json:"inputs"`
	Options []struct {
		Option   int32           `json:"option"`
		Eligible bool            `json:"eligible"`
		Failed   []string        `json:"failed"`
		Status   string          `json:"status"`
		Band     string          `json:"band"`
		TargetFA *int64          `json:"target_file_active"`
		TargetMT *int64          `json:"target_mt"`
		GainFA   *int64          `json:"gain_file_active"`
		GainMT   *int64          `json:"gain_mt"`
		Years    []simOutYear    `json:"years"`
		Total    string          `json:"total"`
		Rest     json.RawMessage `json:"-"`
	} `json:"options"`
}

type simOutYear struct {
	ContractYear    int   `json:"contract_year"`
	ObservationYear int32 `json:"observation_year"`
	Events          []struct {
		Kind        string `json:"kind"`
		Instalment  *int64 `json:"instalment"`
		Date        string `json:"date"`
		Table       string `json:"table"`
		Amount      string `json:"amount"`
		Due         string `json:"due"`
		AlreadyPaid string `json:"already_paid"`
		Payable     string `json:"payable"`
	} `json:"events"`
	AtAttainment []struct {
		Attainment string `json:"attainment"`
		Due        string `json:"due"`
		Payable    string `json:"payable"`
	} `json:"at_attainment"`
}

// simulate runs amcalc simulate and returns its exit code, stdout and stderr.
func simulate(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(t.Context(), append([]string{"simulate"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func simulateJSON(t *testing.T, args ...string) (simOut, string) {
	t.Helper()
	code, out, errOut := simulate(t, append(args, "--format", "json")...)
	if code != ExitOK {
		t.Fatalf("amcalc simulate %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
	}
	var s simOut
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("simulate JSON: %v\n%s", err, out)
	}
	return s, out
}

// simPopulation is a national population of specialty spec for year: 60 doctors whose
// counts spread over the bands, so that every percentile is a real value.
func simPopulation(spec string, year int32) []calc.Activity {
	var rows []calc.Activity
	for i := range 60 {
		rows = append(rows, calc.Activity{
			DoctorID: fmt.Sprintf("P%s%03d", spec, i), Year: year, Specialty: spec,
			MTAdult: calc.Some(int64(500 + 23*i)), MTChild: calc.Some(int64(20 + i)),
			FileActive: int64(800 + 37*i), FSVolet1: true,
		})
	}
	return rows
}

// simCase is one doctor whose simulation must equal what the runs publish.
type simCase struct {
	name     string
	contract calc.Contract // the doctor's contract (DoctorID "D1"; baselines null: from the row)
	baseline calc.Activity // the doctor's row of the baseline year
	refYear  int32         // the reference year of the distributions (R-BAND-5)
	flags    []string      // the simulate flags saying the same as contract
}

func simCases() []simCase {
	d := calc.MakeDate
	return []simCase{
		{
			name: "GP_R3_option_2",
			contract: calc.Contract{Specialty: "01", TariffSector: "S1", Option: 2,
				SignedOn: d(2025, 3, 1), HiredOn: calc.SomeDate(d(2025, 3, 1))},
			baseline: calc.Activity{Year: 2024, Specialty: "01", MTAdult: calc.Some(900), MTChild: calc.Some(50), FileActive: 1400, FSVolet1: true},
			refYear:  2021,
			flags:    []string{"--tariff-sector", "S1", "--signed-on", "2025-03-01", "--option", "2"},
		},
		{
			name: "GP_R3_option_3_aged_65_from_year_2",
			contract: calc.Contract{Specialty: "01", TariffSector: "S2_OPTAM", Option: 3, NewInstallation: true,
				DoctorBirthYear: calc.Some(1961), SignedOn: d(2025, 1, 15), HiredOn: calc.SomeDate(d(2025, 2, 3))},
			baseline: calc.Activity{Year: 2024, Specialty: "01", MTAdult: calc.Some(700), FileActive: 1300, FSVolet1: true},
			refYear:  2021,
			flags: []string{"--tariff-sector", "S2_OPTAM", "--signed-on", "2025-01-15", "--hired-on", "2025-02-03",
				"--new-installation", "--birth-year", "1961", "--option", "3"},
		},
		{
			name: "GP_R1_option_1_advance",
			contract: calc.Contract{Specialty: "01", TariffSector: "S2_OPTAM", Option: 1, GroupPractice: true,
				CoordinatedSince: calc.SomeDate(d(2019, 6, 1)),
				SignedOn:         d(2020, 2, 1), HiredOn: calc.SomeDate(d(2020, 2, 17))},
			baseline: calc.Activity{Year: 2019, Specialty: "01", MTAdult: calc.Some(1100), MTChild: calc.Some(80), FileActive: 1900, FSVolet1: true},
			refYear:  2019,
			flags: []string{"--tariff-sector", "S2_OPTAM", "--signed-on", "2020-02-01", "--hired-on", "2020-02-17",
				"--group-practice", "--coordinated-since", "2019-06-01", "--option", "1"},
		},
		{
			name: "paediatrician_R2_option_2",
			contract: calc.Contract{Specialty: "12", TariffSector: "S1", Option: 2,
				SignedOn: d(2023, 9, 15), HiredOn: calc.SomeDate(d(2023, 10, 2))},
			baseline: calc.Activity{Year: 2022, Specialty: "12", FileActive: 2100, FSVolet1: true},
			refYear:  2021,
			flags:    []string{"--tariff-sector", "S1", "--signed-on", "2023-09-15", "--hired-on", "2023-10-02", "--option", "2"},
		},
		{
			name: "surgeon_R2_option_3_fees",
			contract: calc.Contract{Specialty: "04", TariffSector: "S2_OPTAMCO", Option: 3,
				SignedOn: d(2023, 7, 1), HiredOn: calc.SomeDate(d(2023, 7, 1)),
				Fees12mTotal: calc.Some(25_000_000), Fees12mCCAM: calc.Some(5_000_000)},
			baseline: calc.Activity{Year: 2022, Specialty: "04", FileActive: 1500, FSVolet1: true},
			refYear:  2021,
			flags: []string{"--tariff-sector", "S2_OPTAMCO", "--signed-on", "2023-07-01", "--option", "3",
				"--fees-12m-total", "25000000", "--fees-12m-ccam", "5000000"},
		},
	}
}

// TestSimulateSameAsRun: issue "amcalc simulate" — it must be the same computation. The
// simulated doctor is written as a one-contract extract (activity at exactly the targets in
// every observation year), `amcalc run` publishes every calendar year of the schedule, and
// every event (kind, instalment, date, table, amounts) and the ledger's band and targets
// must equal the simulation's. A simulation from one of those published bands.parquet
// (--bands) gives the same options as from the activity extract (--activity).
func TestSimulateSameAsRun(t *testing.T) {
	for _, c := range simCases() {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			base := c.baseline
			base.DoctorID = "D1"
			pop := append(simPopulation(c.contract.Specialty, c.refYear), base)
			act1 := filepath.Join(dir, "act1.parquet")
			if err := inwrite.WriteActivity(act1, pop); err != nil {
				t.Fatal(err)
			}
			sim, _ := simulateJSON(t, append([]string{"--doctor", "D1", "--activity", act1}, c.flags...)...)
			if len(sim.Options) != 1 || !sim.Options[0].Eligible || len(sim.Options[0].Years) != 5 {
				t.Fatalf("want one eligible option with 5 years, got %+v", sim.Options)
			}
			o := sim.Options[0]

			// The extract of a run: the contract, the same population and baseline row, and
			// in each observation year a row at exactly the targets.
			acts := slices.Clone(pop)
			for _, y := range o.Years {
				a := calc.Activity{DoctorID: "D1", Year: y.ObservationYear, Specialty: c.contract.Specialty,
					FileActive: *o.TargetFA, FSVolet1: true}
				if o.TargetMT != nil {
					a.MTAdult, a.MTChild = calc.Some(*o.TargetMT), calc.Some(0)
				}
				acts = append(acts, a)
			}
			act2 := filepath.Join(dir, "act2.parquet")
			contracts := filepath.Join(dir, "contracts.parquet")
			ct := c.contract
			ct.ContractID, ct.DoctorID = "C1", "D1"
			if err := inwrite.WriteActivity(act2, acts); err != nil {
				t.Fatal(err)
			}
			if err := inwrite.WriteContracts(contracts, []calc.Contract{ct}); err != nil {
				t.Fatal(err)
			}
			first, last := o.Years[0].Events[0].Date[:4], o.Years[4].Events[len(o.Years[4].Events)-1].Date[:4]
			y0, _ := strconv.Atoi(first)
			y1, _ := strconv.Atoi(last)
			var got, want []string
			var bandsFile string
			for y := y0; y <= y1; y++ {
				out := filepath.Join(dir, "out")
				year := strconv.Itoa(y)
				var stdout, stderr bytes.Buffer
				args := []string{"run", "--year", year, "--contracts", contracts, "--activity", act2, "--out", out, "--log-format", "json"}
				if code := Main(t.Context(), args, &stdout, &stderr); code != ExitOK {
					t.Fatalf("run %s: exit %d\n%s", year, code, stderr.String())
				}
				part := filepath.Join(out, "year="+year)
				pay, err := partdiff.ReadTable(filepath.Join(part, "payments.parquet"))
				if err != nil {
					t.Fatal(err)
				}
				for i := range pay.NumRows() {
					v := func(col string) string { return pay.Value(col, i).String() }
					got = append(got, strings.Join([]string{v("contract_year"), v("kind"), v("instalment"), v("event_date"),
						v("amount_table"), v("due"), v("already_paid"), v("payable")}, " "))
				}
				led, err := partdiff.ReadTable(filepath.Join(part, "contracts.parquet"))
				if err != nil {
					t.Fatal(err)
				}
				tgt := func(p *int64) string {
					if p == nil {
						return "NULL"
					}
					return strconv.FormatInt(*p, 10)
				}
				for col, w := range map[string]string{"band": o.Band, "target_file_active": tgt(o.TargetFA),
					"target_mt": tgt(o.TargetMT), "status": "paid"} {
					if g := led.Value(col, 0).String(); g != w && !(w == "" && led.Value(col, 0).IsNull()) {
						t.Errorf("run %s ledger %s = %s, simulation %s", year, col, g, w)
					}
				}
				bandsFile = filepath.Join(dir, "bands.parquet")
				b, _ := os.ReadFile(filepath.Join(part, "bands.parquet"))
				if err := os.WriteFile(bandsFile, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, y := range o.Years {
				for _, e := range y.Events {
					inst, due, paid := "NULL", e.Due, e.AlreadyPaid
					if e.Kind == "advance" {
						inst, due, paid = strconv.FormatInt(*e.Instalment, 10), e.Amount, "0.00"
					}
					want = append(want, strings.Join([]string{strconv.Itoa(y.ContractYear), e.Kind, inst, e.Date, e.Table,
						due, paid, simIfEmpty(e.Payable, e.Amount)}, " "))
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("published events (contract_year kind instalment date table due already_paid payable):\n  %s\nsimulated:\n  %s",
					strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}

			// --bands from a published partition: the same options as --activity.
			counts := []string{"--specialty", c.contract.Specialty, "--file-active", strconv.FormatInt(base.FileActive, 10)}
			if base.MTAdult.Valid {
				counts = append(counts, "--mt-adult", strconv.FormatInt(base.MTAdult.V, 10), "--mt-child", strconv.FormatInt(base.MTChild.V, 10))
			}
			_, fromAct := simulateJSON(t, append(append([]string{"--activity", act1}, counts...), c.flags...)...)
			_, fromBands := simulateJSON(t, append(append([]string{"--bands", bandsFile}, counts...), c.flags...)...)
			if a, b := simOptionsPart(t, fromAct), simOptionsPart(t, fromBands); a != b {
				t.Errorf("--bands gives other options than --activity:\n%s\n---\n%s", b, a)
			}
		})
	}
}

func simIfEmpty(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// simOptionsPart is the "options" value of a simulate JSON output, re-encoded.
func simOptionsPart(t *testing.T, out string) string {
	t.Helper()
	var v map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	return string(v["options"])
}

// simFixture writes a small national activity extract (GP and paediatrics populations of
// 2021, the GP one of 2019, and doctor D1's rows of 2019 and 2024) and its published bands.
func simFixture(t *testing.T) (act string) {
	t.Helper()
	rows := append(simPopulation("01", 2021), simPopulation("12", 2021)...)
	rows = append(rows, simPopulation("04", 2021)...)
	rows = append(rows, simPopulation("01", 2019)...)
	rows = append(rows,
		calc.Activity{DoctorID: "D1", Year: 2024, Specialty: "01", MTAdult: calc.Some(900), MTChild: calc.Some(50), FileActive: 1400},
		calc.Activity{DoctorID: "D1", Year: 2019, Specialty: "01", MTAdult: calc.Some(1100), FileActive: 1900})
	act = filepath.Join(t.TempDir(), "activity.parquet")
	if err := inwrite.WriteActivity(act, rows); err != nil {
		t.Fatal(err)
	}
	return act
}

// TestSimulateUsage: DATA.md "Bad input" and "Command line" applied to the flags — every
// bad value, missing flag, flag given twice or contradiction exits 2 naming the flag.
func TestSimulateUsage(t *testing.T) {
	act := simFixture(t)
	badParams := filepath.Join(t.TempDir(), "params.json")
	if err := os.WriteFile(badParams, []byte("{\n  \"rules_version\": \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ok := []string{"--specialty", "01", "--tariff-sector", "S1", "--signed-on", "2025-03-01",
		"--mt-adult", "900", "--file-active", "1400", "--activity", act}
	with := func(extra ...string) []string { return append(slices.Clone(ok), extra...) }
	replace := func(flag, value string) []string {
		args := slices.Clone(ok)
		args[slices.Index(args, flag)+1] = value
		return args
	}
	without := func(flag string) []string {
		i := slices.Index(ok, flag)
		return append(slices.Clone(ok[:i]), ok[i+2:]...)
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no_signed_on", without("--signed-on"), "--signed-on is required"},
		{"no_tariff_sector", without("--tariff-sector"), "--tariff-sector is required"},
		{"no_specialty", without("--specialty"), "--specialty is required"},
		{"no_file_active", without("--file-active"), "--file-active is required"},
		{"no_distributions", without("--activity"), "exactly one of --activity PATH and --bands FILE"},
		{"activity_and_bands", with("--bands", "b.parquet"), "exactly one of --activity PATH and --bands FILE"},
		{"doctor_without_activity", append(without("--activity"), "--bands", "b.parquet", "--doctor", "D1"), "--doctor needs --activity"},
		{"R-OBJ-1_GP_without_MT", without("--mt-adult"), "NO_BASELINE"},
		{"NEGATIVE_COUNT", with("--mt-child", "-1"), "-mt-child: -1 < 0 (NEGATIVE_COUNT)"},
		{"COUNT_TOO_LARGE", with("--mt-child", "100001"), "-mt-child: 100001 > 100000 (COUNT_TOO_LARGE)"},
		{"count_hex", with("--mt-child", "0x10"), `invalid value "0x10" for flag -mt-child: want a decimal integer`},
		{"count_leading_zero", with("--mt-child", "010"), `invalid value "010" for flag -mt-child: want a decimal integer`},
		{"count_not_a_number", with("--mt-child", "many"), "-mt-child"},
		{"date_not_real", with("--hired-on", "2025-02-30"), "-hired-on"},
		{"date_not_iso", with("--hired-on", "2025-3-1"), "-hired-on"},
		{"date_french", with("--hired-on", "01/03/2025"), "-hired-on"},
		{"DATE_OUT_OF_RANGE_signed_on_2100", replace("--signed-on", "2100-01-01"), "-signed-on: 2100-01-01 is outside 2019-01-01…2099-12-31 (DATE_OUT_OF_RANGE)"},
		{"DATE_OUT_OF_RANGE_signed_on_2018", replace("--signed-on", "2018-12-31"), "DATE_OUT_OF_RANGE"},
		{"DATE_OUT_OF_RANGE_coordinated_since", with("--coordinated-since", "1969-12-31"), "-coordinated-since: 1969-12-31 is outside 1970-01-01…2099-12-31"},
		{"R-REG-1_SIGNED_BEFORE_SCHEME", replace("--signed-on", "2019-08-20"), "--signed-on 2019-08-20: SIGNED_BEFORE_SCHEME"},
		{"BAD_ENUM_tariff_sector", replace("--tariff-sector", "s1"), `-tariff-sector: "s1": want S1, S2_OPTAM, S2_OPTAMCO, S2 (BAD_ENUM)`},
		{"BAD_ENUM_option", with("--option", "4"), `-option: "4": want 1, 2, 3, all`},
		{"bad_format", with("--format", "xml"), `-format: "xml"`},
		{"NEGATIVE_AMOUNT", with("--fees-12m-total", "-1"), "-fees-12m-total: -1 < 0 (NEGATIVE_AMOUNT)"},
		{"AMOUNT_TOO_LARGE", with("--fees-12m-ccam", "100000000001"), "-fees-12m-ccam: 100000000001 > 100000000000 (AMOUNT_TOO_LARGE)"},
		{"FEES_INCONSISTENT", with("--fees-12m-total", "100", "--fees-12m-ccam", "101"), "--fees-12m-ccam 101 > --fees-12m-total 100 (FEES_INCONSISTENT)"},
		{"flag_twice", with("--mt-adult", "901"), "--mt-adult given twice"},
		{"bool_flag_twice", with("--group-practice", "--group-practice"), "--group-practice given twice"},
		{"empty_params", with("--params", ""), "-params: empty value"},
		{"unreadable_params", with("--params", "/no/such/params.json"), "--params"},
		{"bad_params_file", with("--params", badParams), "--params " + badParams},
		{"empty_specialty", with("--specialty", ""), "-specialty"},
		{"empty_activity", replace("--activity", ""), "--activity: empty value"},
		{"empty_bands", append(without("--activity"), "--bands", ""), "--bands: empty value"},
		{"empty_doctor", with("--doctor", ""), "--doctor: empty value"},
		{"specialty_not_UTF-8", replace("--specialty", "0\xff"), "-specialty: not valid UTF-8"},
		{"bool_not_a_bool", with("--rqth-ald=maybe"), `"maybe" for -rqth-ald: want true or false`},
		{"year_not_a_year", with("--birth-year", "0"), "-birth-year: 0: want a year"},
		{"R-ATT-1_baseline_year_observed", with("--baseline-year", "2025"), "--baseline-year 2025 is the observation year of contract year 1 (R-ATT-1)"},
		{"stray_argument", with("extra"), `unexpected argument "extra"`},
		{"unknown_flag", with("--year", "2024"), "flag provided but not defined: -year"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := simulate(t, c.args...)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d\nstdout %s\nstderr %s", code, ExitUsage, out, errOut)
			}
			if !strings.Contains(errOut, c.want) {
				t.Errorf("stderr %q does not say %q", errOut, c.want)
			}
			if out != "" {
				t.Errorf("a usage error printed a simulation:\n%s", out)
			}
		})
	}
	// The edges of DATA.md's ranges are valid.
	code, _, errOut := simulate(t, with("--mt-child", "100000", "--coordinated-since", "1970-01-01",
		"--hired-on", "2099-12-31", "--fees-12m-total", "100000000000", "--fees-12m-ccam", "0")...)
	if code != ExitOK {
		t.Errorf("edge values: exit %d\n%s", code, errOut)
	}
}

// TestSimulateHelp: -h lists every flag of the issue on stdout, exit 0.
func TestSimulateHelp(t *testing.T) {
	code, out, _ := simulate(t, "-h")
	if code != ExitOK {
		t.Errorf("exit %d", code)
	}
	for _, f := range []string{"specialty", "tariff-sector", "signed-on", "hired-on", "underserved-zone", "group-practice",
		"coordinated-since", "new-installation", "rqth-ald", "mt-adult", "mt-child", "file-active", "baseline-year",
		"birth-year", "fees-12m-total", "fees-12m-ccam", "doctor", "activity", "bands", "option", "params", "format"} {
		if !strings.Contains(out, "\n  -"+f+" ") && !strings.Contains(out, "\n  -"+f+"\n") {
			t.Errorf("-h does not list -%s", f)
		}
	}
}

// TestSimulateFails: an unknown doctor, a missing distribution or an unreadable input
// exits 1, naming it.
func TestSimulateFails(t *testing.T) {
	act := simFixture(t)
	dir := t.TempDir()
	notParquet := filepath.Join(dir, "bands.parquet")
	if err := os.WriteFile(notParquet, []byte("reference_year,specialty\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// More than 1 % of the activity rows rejected (2 of 61 duplicated): a run publishes
	// nothing from it, so it gives no distribution.
	dup := filepath.Join(dir, "dup.parquet")
	rows := append(simPopulation("01", 2021), simPopulation("01", 2021)[0])
	if err := inwrite.WriteActivity(dup, rows); err != nil {
		t.Fatal(err)
	}
	// A published bands file holding only the 2021 GP distributions.
	bands := filepath.Join(dir, "gp-bands.parquet")
	if code, _, errOut := simulate(t, "--specialty", "01", "--tariff-sector", "S1", "--signed-on", "2025-03-01",
		"--file-active", "1400", "--mt-adult", "900", "--activity", act); code != ExitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	simWriteBands(t, act, bands, "01")
	gp := []string{"--tariff-sector", "S1", "--signed-on", "2025-03-01", "--file-active", "1400", "--mt-adult", "900"}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown_doctor", []string{"--doctor", "D9", "--tariff-sector", "S1", "--signed-on", "2025-03-01", "--activity", act},
			"unknown doctor D9: no valid activity row for 2024"},
		{"doctor_without_baseline_row", []string{"--doctor", "D1", "--tariff-sector", "S1", "--signed-on", "2025-03-01",
			"--baseline-year", "2023", "--activity", act}, "unknown doctor D1: no valid activity row for 2023"},
		{"R-BAND-3_missing_distribution_in_bands", append([]string{"--specialty", "12", "--bands", bands}, gp...),
			`missing distribution (R-BAND-3) in bands ` + bands + `: reference year 2021, specialty "12", measure file_active (not in the file)`},
		{"R-BAND-3_population_0_in_activity", append([]string{"--specialty", "03", "--activity", act}, gp...),
			`reference year 2021, specialty "03", measure file_active (population 0)`},
		{"R-BAND-3_R1_reference_year_without_population", []string{"--specialty", "01", "--tariff-sector", "S1",
			"--signed-on", "2021-03-01", "--file-active", "1400", "--mt-adult", "900", "--group-practice", "--activity", act},
			`reference year 2020, specialty "01", measure file_active (population 0); reference year 2020, specialty "01", measure mt_adult (population 0)`},
		{"activity_reject_ratio", append([]string{"--specialty", "01", "--activity", dup}, gp...),
			"reject ratio exceeded: activity: 2 of 61 rows rejected (more than 1/100)"},
		{"unreadable_activity", append([]string{"--specialty", "01", "--activity", "/no/such/activity"}, gp...), "/no/such/activity"},
		{"bands_not_parquet", append([]string{"--specialty", "01", "--bands", notParquet}, gp...), "bands file " + notParquet},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := simulate(t, c.args...)
			if code != ExitFailed || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, stderr %q; want exit 1 saying %q\n%s", code, errOut, c.want, out)
			}
		})
	}
}

// simWriteBands publishes, with amcalc run, the bands of a GP contract of 2025 from act,
// and copies its bands.parquet to dst.
func simWriteBands(t *testing.T, act, dst, spec string) {
	t.Helper()
	dir := t.TempDir()
	contracts := filepath.Join(dir, "contracts.parquet")
	c := calc.Contract{ContractID: "C1", DoctorID: "D1", Specialty: spec, TariffSector: "S1", Option: 2,
		SignedOn: calc.MakeDate(2025, 3, 1)}
	if err := inwrite.WriteContracts(contracts, []calc.Contract{c}); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := Main(t.Context(), []string{"run", "--year", "2025", "--contracts", contracts, "--activity", act,
		"--out", dir, "--log-format", "json"}, &stdout, &stderr); code != ExitOK {
		t.Fatalf("run: exit %d\n%s", code, stderr.String())
	}
	b, err := os.ReadFile(filepath.Join(dir, "year=2025", "bands.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSimulateOutput: the JSON has exactly the shape (amounts as two-decimal
// strings, dates YYYY-MM-DD, failed codes sorted, no schedule for an ineligible option),
// and the text cites a rule id on every line.
func TestSimulateOutput(t *testing.T) {
	act := simFixture(t)
	args := []string{"--doctor", "D1", "--tariff-sector", "S1", "--signed-on", "2025-03-01", "--activity", act}
	sim, raw := simulateJSON(t, args...)
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &top); err != nil {
		t.Fatal(err)
	}
	if keys := slices.Sorted(simMapKeys(top)); !reflect.DeepEqual(keys, []string{"inputs", "options"}) {
		t.Errorf("top-level keys %v", keys)
	}
	var opts []map[string]json.RawMessage
	if err := json.Unmarshal(top["options"], &opts); err != nil {
		t.Fatal(err)
	}
	for _, o := range opts {
		for _, k := range []string{"option", "eligible", "failed", "band", "target_file_active", "target_mt", "years", "total"} {
			if _, ok := o[k]; !ok {
				t.Errorf("option %s lacks %q", o["option"], k)
			}
		}
	}
	if len(sim.Options) != 3 {
		t.Fatalf("want options 1, 2, 3; got %d", len(sim.Options))
	}
	// R3 (signed 2025): option 1 cannot be signed (E-OPTION), and shows no schedule.
	if o := sim.Options[0]; o.Eligible || !reflect.DeepEqual(o.Failed, []string{"E-OPTION"}) || len(o.Years) != 0 || o.Total != "0.00" {
		t.Errorf("option 1: %+v", o)
	}
	money := regexp.MustCompile(`^-?[0-9]+\.[0-9]{2}$`)
	date := regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	for _, o := range sim.Options[1:] {
		if !o.Eligible || len(o.Failed) != 0 || len(o.Years) != 5 || !money.MatchString(o.Total) || o.TargetMT == nil {
			t.Errorf("option %d: %+v", o.Option, o)
		}
		if *o.GainFA != *o.TargetFA-1400 || *o.GainMT != *o.TargetMT-950 {
			t.Errorf("option %d: gains %d, %d for targets %d, %d", o.Option, *o.GainFA, *o.GainMT, *o.TargetFA, *o.TargetMT)
		}
		for _, y := range o.Years {
			for _, e := range y.Events {
				for _, m := range []string{e.Amount, e.Due, e.Payable} {
					if m != "" && !money.MatchString(m) {
						t.Errorf("amount %q", m)
					}
				}
				if !date.MatchString(e.Date) {
					t.Errorf("date %q", e.Date)
				}
			}
		}
	}
	// R-MOD-1 for years ≥ 3, from calc: option 2, T2024 y3 11 000.00 paid in two halves;
	// year 3 keeps the full amount from 75 %, years 4 and 5 are proportional.
	var scen []string
	for _, y := range sim.Options[1].Years {
		for _, a := range y.AtAttainment {
			scen = append(scen, fmt.Sprintf("%d@%s:%s/%s", y.ContractYear, a.Attainment, a.Due, a.Payable))
		}
	}
	wantScen := []string{"3@1.000000:11000.00/0.00", "3@0.750000:11000.00/0.00", "3@0.500000:5500.00/-5500.00",
		"4@1.000000:11000.00/0.00", "4@0.750000:8250.00/-2750.00", "4@0.500000:5500.00/-5500.00",
		"5@1.000000:11000.00/0.00", "5@0.750000:8250.00/-2750.00", "5@0.500000:5500.00/-5500.00"}
	if !reflect.DeepEqual(scen, wantScen) {
		t.Errorf("R-MOD-1 settlements at 100/75/50 %%:\n got %v\nwant %v", scen, wantScen)
	}
	// Ineligible everywhere (sector S2): exit 0, failed codes sorted.
	s2, _ := simulateJSON(t, "--doctor", "D1", "--tariff-sector", "S2", "--signed-on", "2025-03-01", "--activity", act, "--option", "1")
	if o := s2.Options[0]; o.Eligible || !reflect.DeepEqual(o.Failed, []string{"E-OPTION", "E-SECTOR"}) {
		t.Errorf("S2 option 1: %+v", o)
	}
	code, text, errOut := simulate(t, args...)
	if code != ExitOK {
		t.Fatalf("text: exit %d\n%s", code, errOut)
	}
	ruled := regexp.MustCompile(`^ *(R|E)-[A-Z]+(-[0-9]+)? `)
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		if l == "" || strings.HasPrefix(l, "Simulation for") || strings.HasPrefix(l, "(") ||
			strings.HasPrefix(l, "Option ") || strings.HasPrefix(l, "  Schedule") || strings.HasPrefix(l, "  Year ") {
			continue // headings; a year's heading cites R-REG-2 and R-AMT-1 at its end
		}
		if !ruled.MatchString(l) {
			t.Errorf("text line without a rule id: %q", l)
		}
	}
}

func simMapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestSimulateClinical: E-CLINICAL (R2/R3) — a surgeon's fees decide; without them the
// simulation cannot evaluate the option (NO_FEES: exit 2 naming the flags); exactly 1/5
// of CCAM fees passes, more fails.
func TestSimulateClinical(t *testing.T) {
	act := simFixture(t)
	surgeon := []string{"--specialty", "04", "--tariff-sector", "S1", "--signed-on", "2023-07-01",
		"--file-active", "1500", "--activity", act, "--option", "3"}
	code, _, errOut := simulate(t, surgeon...)
	if code != ExitUsage || !strings.Contains(errOut, "E-CLINICAL NO_FEES: specialty 04 under R2 needs --fees-12m-total and --fees-12m-ccam") {
		t.Errorf("without fees: exit %d, stderr %q", code, errOut)
	}
	for _, c := range []struct {
		name, ccam string
		failed     []string
	}{
		{"E-CLINICAL_exactly_one_fifth_passes", "2000000", []string{}},
		{"E-CLINICAL_above_one_fifth_fails", "2000001", []string{"E-CLINICAL"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sim, _ := simulateJSON(t, append(surgeon, "--fees-12m-total", "10000000", "--fees-12m-ccam", c.ccam)...)
			o := sim.Options[0]
			if !reflect.DeepEqual(o.Failed, c.failed) || o.Eligible != (len(c.failed) == 0) || (len(o.Years) == 5) != o.Eligible {
				t.Errorf("option 3: eligible %t, failed %v, %d years", o.Eligible, o.Failed, len(o.Years))
			}
		})
	}
}

// TestSimulateCoordination: R-COORD-1 (R1, signed from 2022) — without coordination every
// settlement is 0 (the 70 % advance is recovered) and no attainment can change it; with
// it, the schedule pays in full.
func TestSimulateCoordination(t *testing.T) {
	act := simFixture(t)
	r1 := []string{"--specialty", "01", "--tariff-sector", "S1", "--signed-on", "2022-03-01", "--group-practice",
		"--mt-adult", "1500", "--file-active", "2000", "--activity", act, "--option", "2"}
	sim, _ := simulateJSON(t, r1...)
	o := sim.Options[0]
	if o.Total != "0.00" || len(o.Years) != 5 {
		t.Fatalf("uncoordinated: total %s, %d years", o.Total, len(o.Years))
	}
	for _, y := range o.Years {
		last := y.Events[len(y.Events)-1]
		if last.Kind != "settlement" || last.Due != "0.00" || len(y.AtAttainment) != 0 {
			t.Errorf("year %d: %+v, at attainment %v", y.ContractYear, last, y.AtAttainment)
		}
	}
	if got := o.Years[0].Events[1].Payable; got != "-12600.00" {
		t.Errorf("year 1 payable %s, want the 70 %% advance recovered", got)
	}
	sim, _ = simulateJSON(t, append(r1, "--coordinated-since", "2022-01-10")...)
	if o := sim.Options[0]; o.Total != "64000.00" || len(o.Years[2].AtAttainment) != 3 {
		t.Errorf("coordinated: total %s (want T2019 18000 + 13500 + 10500, then T2024 from 2025-03-01 (R-REG-2): 11000 + 11000), year 3 %+v", o.Total, o.Years[2])
	}
}

// BenchmarkSimulateBands: `amcalc simulate --bands FILE --format json`, all three options,
// through Main (flags, reading the published bands.parquet, evaluation, JSON).
func BenchmarkSimulateBands(b *testing.B) {
	bands := filepath.Join(fixtures, "golden", "year=2024", "bands.parquet")
	args := []string{"simulate", "--specialty", "01", "--tariff-sector", "S1", "--signed-on", "2025-03-01",
		"--mt-adult", "1500", "--mt-child", "120", "--file-active", "2000", "--bands", bands, "--format", "json"}
	for b.Loop() {
		var stdout, stderr bytes.Buffer
		if code := Main(b.Context(), args, &stdout, &stderr); code != ExitOK {
			b.Fatalf("exit %d\n%s", code, stderr.String())
		}
	}
}

// TestSimulateDoctorRow: with --doctor, the counts and the specialty come from the
// doctor's activity row of the baseline year (R-OBJ-1); a flag given overrides the row.
func TestSimulateDoctorRow(t *testing.T) {
	act := simFixture(t)
	sim, _ := simulateJSON(t, "--doctor", "D1", "--tariff-sector", "S1", "--signed-on", "2025-03-01",
		"--activity", act, "--file-active", "1500", "--option", "2")
	in := sim.Inputs
	want := map[string]any{"specialty": "01", "mt_adult": 900.0, "mt_child": 50.0, "file_active": 1500.0,
		"baseline_year": 2024.0, "doctor": "D1"}
	for k, v := range want {
		if in[k] != v {
			t.Errorf("inputs.%s = %v, want %v", k, in[k], v)
		}
	}
	wantSources := map[string]any{"mt_adult": "activity 2024", "mt_child": "activity 2024", "file_active": "--file-active"}
	if !reflect.DeepEqual(in["sources"], wantSources) {
		t.Errorf("inputs.sources = %v, want %v", in["sources"], wantSources)
	}
	// R-OBJ-3 from those baselines: option 2 in p30_p50 (+25 %): 1500 → 1875; MT 950 + 0.75 × 375.
	if o := sim.Options[0]; *o.TargetFA != 1875 || *o.TargetMT != 950+281 {
		t.Errorf("targets %d, %d", *o.TargetFA, *o.TargetMT)
	}
}

// TestSimulateREADMEExample: the README's adviser example shows the real output of its
// command (after `make run`, which publishes the fixtures' year 2024 in ./out).
func TestSimulateREADMEExample(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const start = "```\nSimulation for a doctor"
	i := strings.Index(string(readme), start)
	if i < 0 {
		t.Fatal("README has no simulate example output")
	}
	shown := string(readme[i+4:])
	shown = shown[:strings.Index(shown, "```")]
	part := runFixtures(t, "2024")
	code, out, errOut := simulate(t, "--specialty", "01", "--tariff-sector", "S1", "--signed-on", "2025-03-01",
		"--mt-adult", "1500", "--mt-child", "120", "--file-active", "2000",
		"--bands", filepath.Join(part, "bands.parquet"), "--option", "2")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	out = strings.ReplaceAll(out, filepath.Join(part, "bands.parquet"), "out/year=2024/bands.parquet")
	if out != shown {
		t.Errorf("README example differs from the output; output:\n%s", out)
	}
}
