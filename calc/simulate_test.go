package calc

import (
	"strings"
	"testing"
)

// TestSimulation: the helpers a simulation uses give the whole R3 schedule of a contract
// whose objectives are met, and what a shortfall costs (R-MOD-1).
func TestSimulation(t *testing.T) {
	f := gpR3()
	for y := int32(2024); y <= 2031; y++ {
		delete(f.acts, actKey{"D3", y}) // the future is not observed yet
	}
	first := f.eval(2024)
	acts := OnTarget(first, f.act)
	run := Run{Year: 2029, AsOf: first.CoverageEnd, Params: testParams, AllYears: true}
	x := Evaluate(&f.c, run, acts, f.band)
	var got []string
	total := Cents(0)
	for _, p := range x.Events() {
		got = append(got, p.Kind+" k"+string(rune('0'+p.ContractYear))+" "+p.EventDate.String()+" "+p.AmountTable+" "+p.Payable.String())
		total += p.Payable
	}
	want := []string{
		"advance k1 2024-10-01 T2024 19000.00", "settlement k1 2025-09-01 T2024 0.00",
		"advance k2 2025-09-01 T2024 14000.00", "settlement k2 2026-09-01 T2024 0.00",
		"advance k3 2026-09-01 T2024 5500.00", "advance k3 2027-03-02 T2024 5500.00", "settlement k3 2027-09-01 T2024 0.00",
		"advance k4 2027-09-01 T2024 5500.00", "advance k4 2028-03-01 T2024 5500.00", "settlement k4 2028-09-01 T2024 0.00",
		"advance k5 2028-09-01 T2024 5500.00", "advance k5 2029-03-02 T2024 5500.00", "settlement k5 2029-09-01 T2024 0.00",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || total != Euros(66000) {
		t.Errorf("events (total %s):\n%s\nwant\n%s", total, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, tc := range []struct {
		att          Ratio
		due, payable Cents
	}{{One, 1100000, 0}, {NewRatio(3, 4), 825000, -275000}, {NewRatio(1, 2), 550000, -550000}} {
		if due, payable, err := x.SettlementAt(4, tc.att); err != nil || due != tc.due || payable != tc.payable {
			t.Errorf("R-MOD-1 year 4 at %s: due %s payable %s %v", tc.att, due, payable, err)
		}
	}
}
