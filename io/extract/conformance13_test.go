package extract

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// shared13 is the v1.3 conformance set beside the repository (../shared/conformance), when
// present; fixtures/conformance is the copy the other tests read.
var shared13 = filepath.Join("..", "..", "..", "shared", "conformance")

// TestConformanceV13Inputs reads the v1.3 conformance inputs (contracts with fees, the
// suspensions input) and requires exactly the rejects of the independent implementation,
// detail included (DATA.md "Bad input").
func TestConformanceV13Inputs(t *testing.T) {
	if _, err := os.Stat(filepath.Join(shared13, "input", "suspensions.parquet")); err != nil {
		t.Skip("no v1.3 conformance set beside the repository")
	}
	ctx := context.Background()
	crows, crej, cin, err := ReadContracts(ctx, filepath.Join(shared13, "input", "contracts.parquet"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, arej, ain, err := ReadActivity(ctx, filepath.Join(shared13, "input", "activity"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	valid := map[string]bool{}
	fees := 0
	for _, c := range crows {
		valid[c.ContractID] = true
		if c.Fees12mTotal.Valid {
			fees++
		}
	}
	srows, srej, sin, err := ReadSuspensions(ctx, filepath.Join(shared13, "input", "suspensions.parquet"), Options{}, func(id string) bool { return valid[id] })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("contracts %d (%d rejected, %d with fees), activity %d (%d rejected), suspensions %d (%d rejected, %d valid)",
		cin.Rows, cin.RejectedRows, fees, ain.Rows, ain.RejectedRows, sin.Rows, sin.RejectedRows, len(srows))
	if cin.Rows != 1741 || cin.RejectedRows != 15 || ain.Rows != 20897 || ain.RejectedRows != 14 || sin.Rows != 673 || sin.RejectedRows != 5 {
		t.Errorf("row counts differ from the conformance README's")
	}
	var got []expectedReject
	for _, r := range append(append(arej, crej...), srej...) { // activity < contracts < suspensions
		got = append(got, expectedReject{r.Input, rejs([]Reject{r})[0]})
	}
	want := readRejectsFile(t, filepath.Join(shared13, "expected", "y2024", "year=2024", "rejects.parquet"))
	for i := range max(len(got), len(want)) {
		var g, w expectedReject
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("reject %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}
