package main

import (
	"fmt"
	"math"
	"slices"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/inwrite"
)

// clinicalTest is E-CLINICAL's list (RULES.md §3, R2/R3 clinical test): surgeons, ENT and
// gynaecologists, who must have billed at most 1/5 of their fees as CCAM technical acts.
var clinicalTest = []string{"04", "10", "16", "41", "43", "44", "45", "46", "47", "48", "49", "11", "07", "70", "77", "79"}

// fees draws the v1.3 fee columns of contract j (cents, DATA.md "contracts"), from their
// own random stream so that every other column is what it was before v1.3. A contract E-CLINICAL
// reads (R2/R3, clinical-test specialty) mostly has both fees, with a CCAM share on both
// sides of 20 % (some exactly at it) and a few nulls (NO_FEES); others have them rarely.
func (p *population) fees(r *rng, j int, c *calc.Contract) {
	r.at(p.seed, streamFees, uint64(j), 0)
	clinical := c.SignedOn >= r2From && slices.Contains(clinicalTest, c.Specialty)
	present := 0.08
	if clinical {
		present = 0.95
	}
	if r.Float64() >= present {
		return
	}
	// Fees over 12 months: log-normal around 180 000 € (specialists more, GPs less).
	median := 180_000_00.0
	if c.Specialty == "01" {
		median = 130_000_00.0
	}
	total := int64(median * math.Exp(0.45*r.NormFloat64()))
	var share float64 // CCAM share of the total
	switch u := r.Float64(); {
	case !clinical:
		share = 0.02 + 0.15*r.Float64()
	case u < 0.08:
		share = 0.2 // exactly at the bound: passes (5 × ccam = total)
		total -= total % 5
	case u < 0.65:
		share = 0.04 + 0.155*r.Float64() // passes
	default:
		share = 0.201 + 0.35*r.Float64() // fails
	}
	ccam := int64(math.Round(float64(total) * share))
	if share == 0.2 {
		ccam = total / 5
	}
	c.Fees12mTotal, c.Fees12mCCAM = calc.Some(total), calc.Some(ccam)
	if clinical && r.Float64() < 0.04 { // one of the two missing: NO_FEES
		if r.Float64() < 0.5 {
			c.Fees12mTotal = calc.OptInt{}
		} else {
			c.Fees12mCCAM = calc.OptInt{}
		}
	}
}

// suspensionShare is the share of hired contracts with at least one suspended period.
const suspensionShare = 0.04

// suspensions draws contract j's suspended periods (R-SUSP-1): about 4 % of hired contracts,
// one period (sometimes two, which may overlap) inside the 5 covered years, 1 to 12 months
// long, about one in five still open (no end).
func (p *population) suspensions(r *rng, j int, c *calc.Contract) []inwrite.Suspension {
	if !c.HiredOn.Valid {
		return nil
	}
	r.at(p.seed, streamSuspension, uint64(j), 0)
	if r.Float64() >= suspensionShare {
		return nil
	}
	start := max(c.SignedOn, c.HiredOn.V)
	end := start.AddYears(5) // exclusive
	if c.EndedOn.Valid {
		end = c.EndedOn.V + 1
	}
	n := 1
	if r.Float64() < 0.15 {
		n = 2
	}
	var out []inwrite.Suspension
	reasons := [...]string{"absence", "not_replaced", "sick_leave"}
	for range n {
		from := start + calc.Date(r.IntN(max(1, int(end-start))))
		s := inwrite.Suspension{ContractID: c.ContractID, Suspension: calc.Suspension{From: from}, Reason: reasons[r.IntN(len(reasons))]}
		if r.Float64() >= 0.2 {
			s.Until = calc.SomeDate(from + calc.Date(r.IntN(365)))
		}
		if r.Float64() < 0.1 {
			s.Reason = ""
		}
		out = append(out, s)
	}
	return out
}

// badSuspension makes the b-th bad suspensions row from a valid one, cycling through the
// suspension problems of DATA.md "Bad input". It returns the column and problem.
func badSuspension(b int, s inwrite.Suspension) (inwrite.RawSuspension, string, string) {
	raw := inwrite.RawFromSuspension(s)
	switch b % 4 {
	case 0:
		raw.ContractID = nil
		return raw, "contract_id", "NULL_REQUIRED"
	case 1:
		raw.SuspendedUntil = inwrite.Ptr(s.From - 1)
		return raw, "suspended_until", "ENDS_BEFORE_START"
	case 2:
		raw.ContractID = inwrite.Ptr(fmt.Sprintf("Z%07d", b+1))
		return raw, "contract_id", "UNKNOWN_CONTRACT"
	default:
		raw.SuspendedFrom = inwrite.Ptr(calc.MakeDate(2018, 12, 31))
		raw.SuspendedUntil = nil
		return raw, "suspended_from", "DATE_OUT_OF_RANGE"
	}
}

// writeSuspensions writes the suspensions input: the valid rows in contract order, with
// nbad bad ones spread among them.
func writeSuspensions(path string, rows []inwrite.Suspension, nbad int) (fileOut, error) {
	var out fileOut
	sw, err := inwrite.CreateSuspensions(path)
	if err != nil {
		return out, err
	}
	const file = "suspensions.parquet"
	var bad []int64
	if len(rows) > 0 {
		bad = badPositions(nbad, len(rows))
	} else {
		for b := range nbad {
			bad = append(bad, int64(b))
		}
	}
	total := int64(len(rows) + nbad)
	model := inwrite.Suspension{ContractID: "C00000001", Suspension: calc.Suspension{From: calc.MakeDate(2024, 3, 1)}}
	for row, j, b := int64(0), 0, 0; row < total; row++ {
		if b < len(bad) && bad[b] == row {
			raw, col, prob := badSuspension(b, model)
			out.bad = append(out.bad, BadRow{File: file, Row: row, Column: col, Problem: prob})
			out.rejected = append(out.rejected, row)
			if err := sw.WriteRaw(&raw); err != nil {
				sw.Abort()
				return out, err
			}
			b++
			continue
		}
		model = rows[j]
		if err := sw.Write(&rows[j]); err != nil {
			sw.Abort()
			return out, err
		}
		j++
	}
	out.rows = sw.Rows()
	return out, sw.Close()
}
