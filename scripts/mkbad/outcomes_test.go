package main

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/extract"
)

func bad(name string) string { return filepath.Join(checkedIn, name) }

// TestBadFileOutcomes pins what the reader makes of the v1.3 bad files (the run's outcome
// is pinned by cmd/amcalc/cli): each bad file's sentinel cause, file, column and row.
func TestBadFileOutcomes(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		file   string
		read   func(string) error
		is     error
		column string
		row    int64
		found  string
	}{
		{"contracts_duplicated_option.parquet", readContracts, extract.ErrBadSchema, "option", -1, "2 columns of that name (the run cannot choose)"},
		{"contracts_invalid_utf8.parquet", readContracts, extract.ErrBadString, "doctor_id", 1, `"\xff\xfe1"`},
		{"contracts_option_uint8.parquet", readContracts, extract.ErrBadSchema, "option", -1, "INT32 (Int(8, unsigned))"},
		{"suspensions_missing_reason.parquet", readSuspensions, extract.ErrBadSchema, "reason", -1, "missing"},
		{"suspensions_invalid_utf8.parquet", readSuspensions, extract.ErrBadString, "reason", 1, `"a\xc3"`},
	} {
		t.Run(tt.file, func(t *testing.T) {
			err := tt.read(bad(tt.file))
			var fe *extract.FileError
			if !errors.Is(err, tt.is) || !errors.As(err, &fe) || fe.File != bad(tt.file) || fe.Column != tt.column || fe.Row != tt.row || fe.Found != tt.found {
				t.Errorf("error %v (%+v)", err, fe)
			}
		})
	}
	t.Run("valid_files", func(t *testing.T) {
		for _, name := range []string{"contracts_small_ints.parquet", "contracts_v12_no_fees.parquet", "contracts_baseline_year_beyond_int32.parquet"} {
			rows, rej, _, err := extract.ReadContracts(ctx, bad(name), extract.Options{})
			if err != nil || len(rej) != 0 || len(rows) != 2 || rows[0].Option != 2 || rows[0].Fees12mTotal.Valid {
				t.Errorf("%s: rows %+v rejects %v error %v", name, rows, rej, err)
			}
			if name == "contracts_baseline_year_beyond_int32.parquet" && rows[0].BaselineYear != calc.Some(2021+1<<32) {
				t.Errorf("%s: baseline_year %+v", name, rows[0].BaselineYear)
			}
		}
		tab, rej, _, err := extract.ReadActivityTable(ctx, bad("activity_year_beyond_int32.parquet"), extract.Options{})
		if err != nil || len(rej) != 0 || tab.NumValid() != 1 || tab.Year64(0) != 2021+1<<32 || tab.Year(0) != extract.NoYear {
			t.Errorf("activity: rejects %v error %v", rej, err)
		}
		s, rej, _, err := extract.ReadSuspensions(ctx, bad("suspensions_zero_rows.parquet"), extract.Options{}, func(string) bool { return true })
		if err != nil || len(rej) != 0 || len(s) != 0 {
			t.Errorf("zero rows: %v %v %v", s, rej, err)
		}
	})
	t.Run("contracts_fees_problems", func(t *testing.T) {
		rows, rej, in, err := extract.ReadContracts(ctx, bad("contracts_fees_problems.parquet"), extract.Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"G00 fees_12m_total NEGATIVE_AMOUNT",
			"G01 fees_12m_ccam NEGATIVE_AMOUNT",
			"G02 fees_12m_total AMOUNT_TOO_LARGE",
			"G04 fees_12m_ccam FEES_INCONSISTENT",
			"G08 fees_12m_ccam AMOUNT_TOO_LARGE",
			"G08 fees_12m_ccam FEES_INCONSISTENT",
			"G09 fees_12m_ccam FEES_INCONSISTENT",
			"G09 fees_12m_total NEGATIVE_AMOUNT",
		}
		if got := keyed(rej); !slices.Equal(got, want) {
			t.Errorf("rejects %q, want %q", got, want)
		}
		var ids []string
		for _, r := range rows {
			ids = append(ids, r.ContractID)
		}
		if !slices.Equal(ids, []string{"G03", "G05", "G06", "G07", "G10"}) || in.RejectedRows != 6 {
			t.Errorf("valid %v, rejected rows %d", ids, in.RejectedRows)
		}
	})
	t.Run("suspensions_problems", func(t *testing.T) {
		// Read against the fixtures' contracts, as a run would.
		contracts, _, _, err := extract.ReadContracts(ctx, filepath.Join("..", "..", "fixtures", "input", "contracts.parquet"), extract.Options{})
		if err != nil {
			t.Fatal(err)
		}
		valid := map[string]bool{}
		for _, c := range contracts {
			valid[c.ContractID] = true
		}
		rows, rej, in, err := extract.ReadSuspensions(ctx, bad("suspensions_problems.parquet"), extract.Options{}, func(id string) bool { return valid[id] })
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"4 (null) contract_id NULL_REQUIRED",
			"5 F01 suspended_from NULL_REQUIRED",
			"6 ZZZ contract_id UNKNOWN_CONTRACT",
			"7 B01 contract_id UNKNOWN_CONTRACT",
			"8 F01 suspended_from DATE_OUT_OF_RANGE",
			"8 F01 suspended_until DATE_OUT_OF_RANGE",
			"9 F01 suspended_until ENDS_BEFORE_START",
		}
		var got []string
		for _, r := range rej {
			k := r.Key
			if r.KeyNull {
				k = "(null)"
			}
			got = append(got, fmtRow(r.Row)+" "+k+" "+r.Column+" "+r.Problem)
		}
		if !slices.Equal(got, want) {
			t.Errorf("rejects %q, want %q", got, want)
		}
		if len(rows) != 6 || in.Rows != 12 || in.RejectedRows != 6 {
			t.Errorf("valid %d, input %+v", len(rows), in)
		}
	})
}

func fmtRow(r int64) string { return strconv.FormatInt(r, 10) }

func keyed(rej []extract.Reject) []string {
	var out []string
	for _, r := range rej {
		out = append(out, r.Key+" "+r.Column+" "+r.Problem)
	}
	return out
}

func readContracts(p string) error {
	_, _, _, err := extract.ReadContracts(context.Background(), p, extract.Options{})
	return err
}

func readSuspensions(p string) error {
	_, _, _, err := extract.ReadSuspensions(context.Background(), p, extract.Options{}, nil)
	return err
}
