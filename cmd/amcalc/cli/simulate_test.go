package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
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
					inst := v("instalment")
					if v("kind") == "advance" && pay.Value("instalment", i).IsNull() {
						inst = "1" // v1.2's single advance
					}
					got = append(got, strings.Join([]string{v("contract_year"), v("kind"), inst, v("event_date"),
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
						due, paid, ifEmpty(e.Payable, e.Amount)}, " "))
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
			if a, b := optionsPart(t, fromAct), optionsPart(t, fromBands); a != b {
				t.Errorf("--bands gives other options than --activity:\n%s\n---\n%s", b, a)
			}
		})
	}
}

func ifEmpty(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// optionsPart is the "options" value of a simulate JSON output, re-encoded.
func optionsPart(t *testing.T, out string) string {
	t.Helper()
	var v map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	return string(v["options"])
}
