package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amcalc/amcalc/io/inwrite"
)

// faultActivityFile writes an activity file of n rows (doctors 97…, specialty 97, that no
// contract reads) whose rows bad[i] are rejected: NEGATIVE_COUNT on file_active, and on
// mt_adult too for the rows in twice (two rejects, still one rejected row).
func faultActivityFile(t *testing.T, path string, first, n int, bad, twice []int) {
	t.Helper()
	rows := make([]inwrite.RawActivity, n)
	for i := range rows {
		rows[i] = inwrite.RawActivity{
			DoctorID: inwrite.Ptr(fmt.Sprintf("97%09d", first+i)), Year: inwrite.Ptr(int64(2023)),
			Specialty: inwrite.Ptr("97"), FileActive: inwrite.Ptr(int64(1000 + i)), FSVolet1: inwrite.Ptr(true),
		}
	}
	for _, i := range bad {
		rows[i].FileActive = inwrite.Ptr(int64(-1))
	}
	for _, i := range twice {
		rows[i].MTAdult = inwrite.Ptr(int64(-1))
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := inwrite.WriteRawActivity(path, rows); err != nil {
		t.Fatal(err)
	}
}

// TestFaultsRejectRatio: strictly more than --max-reject-ratio of either input's rows
// rejected (distinct rows, summed over the files of a folder) stops the run with exit 1,
// a message with the counts, and nothing published; exactly the ratio publishes.
func TestFaultsRejectRatio(t *testing.T) {
	dir := t.TempDir()
	act := func(name string) string { return filepath.Join(dir, name) }
	// 7 of 600 rejected rows (8 rejects); 6 of 600 (7 rejects) is exactly 1 %.
	faultActivityFile(t, act("seven.parquet"), 0, 600, []int{0, 99, 100, 250, 400, 598, 599}, []int{99})
	faultActivityFile(t, act("six.parquet"), 0, 600, []int{0, 99, 100, 250, 400, 599}, []int{99})
	// A folder: 4 of 300 and 3 of 300 rejected, 7 of 600 in all.
	faultActivityFile(t, act("folder/a.parquet"), 0, 300, []int{1, 2, 3, 4}, nil)
	faultActivityFile(t, act("folder/sub/b.parquet"), 300, 300, []int{10, 20, 30}, []int{20})

	cases := []struct {
		name      string
		contracts string
		activity  string
		extra     []string
		want      string // "" = publishes
	}{
		{"activity_7_of_600", faultContracts, act("seven.parquet"), nil,
			"reject ratio exceeded: activity: 7 of 600 rows rejected (more than --max-reject-ratio 0.01); nothing published"},
		{"activity_6_of_600_is_exactly_the_ratio", faultContracts, act("six.parquet"), nil, ""},
		{"activity_folder_7_of_600", faultContracts, act("folder"), nil,
			"reject ratio exceeded: activity: 7 of 600 rows rejected (more than --max-reject-ratio 0.01); nothing published"},
		{"contracts_2_of_202_ratio_0", faultContracts, faultActivity, []string{"--max-reject-ratio", "0"},
			"reject ratio exceeded: contracts: 2 of 202 rows rejected (more than --max-reject-ratio 0); nothing published"},
		{"contracts_2_of_202_ratio_0.0099", faultContracts, faultActivity, []string{"--max-reject-ratio", "0.0099"},
			"reject ratio exceeded: contracts: 2 of 202 rows rejected (more than --max-reject-ratio 0.0099)"},
		// Issue 9 item 13: the ratio as the user gave it, never rounded to 0.0000.
		{"contracts_2_of_202_ratio_1e-9", faultContracts, faultActivity, []string{"--max-reject-ratio", "1e-9"},
			"contracts: 2 of 202 rows rejected (more than --max-reject-ratio 1e-9)"},
		{"contracts_2_of_202_ratio_1/300", faultContracts, faultActivity, []string{"--max-reject-ratio", "1/300"},
			"contracts: 2 of 202 rows rejected (more than --max-reject-ratio 1/300)"},
		{"contracts_2_of_202_ratio_0.0100", faultContracts, faultActivity, []string{"--max-reject-ratio", "0.0100"}, ""},
		// 7/600 = 0.01166…: the comparison is exact, not in floating point.
		{"activity_7_of_600_ratio_just_below", faultContracts, act("seven.parquet"), []string{"--max-reject-ratio", "0.011666666666666666"},
			"activity: 7 of 600 rows rejected"},
		{"activity_7_of_600_ratio_just_above", faultContracts, act("seven.parquet"), []string{"--max-reject-ratio", "0.011666666666666667"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := faultPrevious(t)
			before := faultStateOf(t, out)
			r := faultMain(t, faultRunArgs(c.contracts, c.activity, out, c.extra...)...)
			if c.want == "" {
				if r.code != ExitOK {
					t.Fatalf("exit %d, want a publication\n%s", r.code, r.stderr)
				}
				faultReadPartition(t, filepath.Join(out, "year=2024"))
				return
			}
			if r.code != ExitFailed {
				t.Fatalf("exit %d, want %d\n%s", r.code, ExitFailed, r.stderr)
			}
			if msg := r.errorMessage(); !strings.Contains(msg, c.want) {
				t.Errorf("message %q does not contain %q", msg, c.want)
			}
			faultNothingPublished(t, out, before)
		})
	}
}

// TestFaultsRejectRatioUsage: a ratio outside 0…1 or not a number is a usage error.
func TestFaultsRejectRatioUsage(t *testing.T) {
	for _, v := range []string{"-0.01", "1.5", "abc", ""} {
		out := filepath.Join(t.TempDir(), "out")
		r := faultMain(t, faultRunArgs(faultContracts, faultActivity, out, "--max-reject-ratio", v)...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, "--max-reject-ratio") {
			t.Errorf("--max-reject-ratio %q: exit %d, %q; want exit %d naming the flag", v, r.code, r.stderr, ExitUsage)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("--max-reject-ratio %q: created %s", v, out)
		}
	}
}
