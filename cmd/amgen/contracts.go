package main

import (
	"fmt"
	"math"
	"slices"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/inwrite"
)

// Regime start dates (R-REG-1), used to shape realistic contracts.
var (
	r2From = calc.MakeDate(2023, 5, 1)
	r3From = calc.MakeDate(2024, 6, 22)
)

// Specialty lists of RULES.md §3, used only to make most generated contracts eligible
// (a few ineligible ones are kept on purpose).
var (
	r1National     = []string{"01", "03", "07", "70", "08", "12", "15", "33", "05", "32"}
	r1Underserved  = []string{"02", "04", "06", "09", "11", "13", "14", "16", "35", "42"}
	r23Excluded    = []string{"06", "02", "18", "37", "72", "74", "76"}
	contractGPRate = 0.75 // share of contracts held by GPs
)

// fileOut is what writing one file gave.
type fileOut struct {
	rows     int64
	bad      []BadRow
	rejected []int64 // rows the reader must reject

	// contracts only: the valid contracts' suspended periods, in contract order.
	suspensions []inwrite.Suspension
}

// rejectedList renders rows as "file#row", sorted by row, each once.
func rejectedList(file string, rows []int64) []string {
	slices.Sort(rows)
	rows = slices.Compact(rows)
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprintf("%s#%d", file, r)
	}
	return out
}

// badPositions spreads n bad rows among n+valid rows: the 0-based final row numbers, all
// ≥ 1 (so that a duplicate can copy an earlier row), strictly increasing.
func badPositions(n, valid int) []int64 {
	pos := make([]int64, n)
	total := int64(n + valid)
	prev := int64(0)
	for b := range n {
		p := max(int64(b+1)*total/int64(n+1), prev+1)
		pos[b] = p
		prev = p
	}
	return pos
}

// contract returns the j-th generated contract (0-based), for a doctor of the population.
func (p *population) contract(r, dr *rng, j int) calc.Contract {
	r.at(p.seed, streamContract, uint64(j), 0)
	span := int(p.signTo - p.signFrom + 1)
	signed := p.signFrom + calc.Date(r.IntN(span))
	sy := signed.Year()
	regime := 1
	switch {
	case signed >= r3From:
		regime = 3
	case signed >= r2From:
		regime = 2
	}

	// Choose the doctor: present in the baseline year and the signature year, of the wanted
	// kind (GP or not), usually at or above P30 and of an eligible specialty.
	wantGP := r.Float64() < contractGPRate
	var d doctor
	for try := 0; ; try++ {
		slot := int(r.Uint64N(uint64(p.slots)))
		d = p.doctor(dr, slot)
		if try >= 60 {
			break
		}
		if d.gp != wantGP || !d.present(sy) || !d.present(sy-1) {
			continue
		}
		okSpec := d.gp || (regime == 1 && (slices.Contains(r1National, d.specialty) || slices.Contains(r1Underserved, d.specialty))) ||
			(regime > 1 && !slices.Contains(r23Excluded, d.specialty))
		if !okSpec && r.Float64() >= 0.05 {
			continue
		}
		if d.z < -0.5 && r.Float64() >= 0.15 {
			continue
		}
		break
	}

	c := calc.Contract{
		ContractID: fmt.Sprintf("C%08d", j+1),
		DoctorID:   doctorID(d.slot),
		Specialty:  d.specialty,
		SignedOn:   signed,
	}
	// Options ≈ 30/47/23 % overall; under R2/R3 option 1 can no longer be signed (E-OPTION),
	// so it is rare there.
	u := r.Float64()
	if regime == 1 {
		c.Option = pick(u, 0.50, 0.85)
	} else {
		c.Option = pick(u, 0.02, 0.66)
	}
	c.UnderservedZone = r.Float64() < 0.5
	if regime == 1 && (c.Option == 3 || slices.Contains(r1Underserved, d.specialty)) {
		c.UnderservedZone = r.Float64() < 0.95
	}
	c.GroupPractice = r.Float64() < 0.8
	u = r.Float64()
	if d.gp {
		c.TariffSector = sector(u, 0.90, 0.96, 0.98)
	} else {
		c.TariffSector = sector(u, 0.50, 0.80, 0.92)
	}
	// Assistant hired 0–120 days after signing; some not yet (more so for recent contracts).
	notHired := 0.03
	if p.signTo-signed < 120 {
		notHired = 0.4
	}
	if r.Float64() >= notHired {
		c.HiredOn = calc.SomeDate(signed + calc.Date(r.IntN(121)))
	}
	start := signed
	if c.HiredOn.Valid {
		start = max(signed, c.HiredOn.V)
	}
	if c.HiredOn.Valid && r.Float64() < 0.08 { // early termination, within the 5 years
		end := start.AddYears(5)
		c.EndedOn = calc.SomeDate(start + calc.Date(30+r.IntN(int(end-start)-60)))
	}
	if r.Float64() < 0.7 {
		from := calc.MakeDate(2016, 1, 1)
		c.CoordinatedSince = calc.SomeDate(from + calc.Date(r.IntN(int(signed+730-from))))
	}
	c.NewInstallation = r.Float64() < 0.035 || (d.entry >= sy-2 && d.entry > p.first && r.Float64() < 0.6)
	c.RqthAld = r.Float64() < 0.03
	if d.birthYear != 0 {
		c.DoctorBirthYear = calc.Some(int64(d.birthYear))
	}

	by := sy - 1 // the default baseline year
	if r.Float64() < 0.05 {
		by = sy - 1 - r.IntN(2)
		c.BaselineYear = calc.Some(int64(by))
	}
	// The baseline as the activity extract has it (or a fair guess if the doctor has no row).
	var base calc.Activity
	if d.present(by) {
		base = p.activity(dr, &d, by)
	} else {
		base = calc.Activity{FileActive: clampCount(d.level), MTAdult: calc.Some(clampCount(d.level))}
	}
	r.at(p.seed, streamContract, uint64(j), 1) // a second stream for the baseline-dependent draws
	if r.Float64() < 0.10 {                    // the CPAM's own baseline figures, a little off the extract
		jitter := func(v int64) int64 { return clampCount(float64(v) * math.Exp(0.03*r.NormFloat64())) }
		c.BaselineFA = calc.Some(jitter(base.FileActive))
		if d.gp {
			if base.MTAdult.Valid {
				c.BaselineMTAdult = calc.Some(jitter(base.MTAdult.V))
			}
			if base.MTChild.Valid {
				c.BaselineMTChild = calc.Some(jitter(base.MTChild.V))
			}
		}
	}
	if r.Float64() < 0.05 {
		c.TargetFA = calc.Some(clampCount(float64(base.FileActive) * (1.03 + 0.32*r.Float64())))
	}
	if d.gp && r.Float64() < 0.05 && base.MTAdult.Valid {
		c.TargetMT = calc.Some(clampCount(float64(base.MTAdult.V) * (1.03 + 0.27*r.Float64())))
	}
	p.fees(r, j, &c)
	return c
}

func pick(u, p1, p12 float64) int32 {
	switch {
	case u < p1:
		return 1
	case u < p12:
		return 2
	}
	return 3
}

func sector(u, s1, optam, optamco float64) string {
	switch {
	case u < s1:
		return "S1"
	case u < optam:
		return "S2_OPTAM"
	case u < optamco:
		return "S2_OPTAMCO"
	}
	return "S2"
}

// badContract makes the b-th bad contract row from a valid-looking one; last is the last
// valid row written (copied by a DUPLICATE_KEY row). It returns the column and problem.
func (p *population) badContract(r, dr *rng, b int, last *calc.Contract) (inwrite.RawContract, string, string) {
	c := p.contract(r, dr, p.contracts+b) // a fresh contract beyond the valid ones
	c.ContractID = fmt.Sprintf("B%07d", b+1)
	raw := inwrite.RawFromContract(c)
	switch b % 10 {
	case 0:
		raw.DoctorID = nil
		return raw, "doctor_id", "NULL_REQUIRED"
	case 1:
		raw.TariffSector = inwrite.Ptr("S3")
		return raw, "tariff_sector", "BAD_ENUM"
	case 2:
		raw.BaselineFA = inwrite.Ptr(int64(-12))
		return raw, "baseline_file_active", "NEGATIVE_COUNT"
	case 3:
		raw.TargetFA = inwrite.Ptr(int64(maxCount + 1))
		return raw, "target_file_active", "COUNT_TOO_LARGE"
	case 4:
		raw.HiredOn = inwrite.Ptr(calc.MakeDate(2100, 1, 4))
		raw.EndedOn = nil
		return raw, "hired_on", "DATE_OUT_OF_RANGE"
	case 5:
		raw.HiredOn = nil
		raw.EndedOn = inwrite.Ptr(c.SignedOn - 10)
		return raw, "ended_on", "ENDS_BEFORE_START"
	case 6:
		raw.SignedOn = inwrite.Ptr(calc.MakeDate(2019, 6, 3))
		raw.HiredOn, raw.EndedOn = nil, nil
		return raw, "signed_on", "SIGNED_BEFORE_SCHEME"
	case 7:
		raw.Fees12mTotal = inwrite.Ptr(int64(-500))
		raw.Fees12mCCAM = nil
		return raw, "fees_12m_total", "NEGATIVE_AMOUNT"
	case 8:
		raw.Fees12mTotal, raw.Fees12mCCAM = inwrite.Ptr(int64(1_000_000)), inwrite.Ptr(int64(1_000_001))
		return raw, "fees_12m_ccam", "FEES_INCONSISTENT"
	default:
		return inwrite.RawFromContract(*last), "contract_id", "DUPLICATE_KEY"
	}
}

// writeContracts writes the contracts extract: p.contracts valid rows, with cfg.BadRows bad
// ones spread among them.
func writeContracts(path string, p *population, cfg Config) (fileOut, error) {
	var out fileOut
	cw, err := inwrite.CreateContracts(path)
	if err != nil {
		return out, err
	}
	r, dr := newRNG(), newRNG()
	const file = "contracts.parquet"
	bad := badPositions(cfg.BadRows, p.contracts)
	var last calc.Contract
	lastRow := int64(-1)
	total := int64(p.contracts + cfg.BadRows)
	dup := map[string]bool{} // contracts made duplicates: rejected, so never suspended
	for row, j, b := int64(0), 0, 0; row < total; row++ {
		if b < len(bad) && bad[b] == row {
			raw, col, prob := p.badContract(r, dr, b, &last)
			if prob == "DUPLICATE_KEY" {
				out.rejected = append(out.rejected, lastRow)
				dup[last.ContractID] = true
			}
			out.bad = append(out.bad, BadRow{File: file, Row: row, Column: col, Problem: prob})
			out.rejected = append(out.rejected, row)
			if err := cw.WriteRaw(&raw); err != nil {
				cw.Abort()
				return out, err
			}
			b++
			continue
		}
		last = p.contract(r, dr, j)
		out.suspensions = append(out.suspensions, p.suspensions(r, j, &last)...)
		lastRow = row
		j++
		if err := cw.Write(&last); err != nil {
			cw.Abort()
			return out, err
		}
	}
	out.suspensions = slices.DeleteFunc(out.suspensions, func(s inwrite.Suspension) bool { return dup[s.ContractID] })
	out.rows = cw.Rows()
	return out, cw.Close()
}
