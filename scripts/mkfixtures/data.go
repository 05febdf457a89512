package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/inwrite"
)

// The fixture set: a small national population observed 2018–2025 (80 GPs and 20 doctors
// in each of four specialties, so that every distribution has a meaningful P30…P95), one
// doctor per scenario contract, the scenario contracts F01–F51 (see fixtures/README.md for
// the table of situations and payment years), plain filler contracts P001–P149, the
// suspensions of some of them (R-SUSP-1) and a few rejected rows in the three inputs.
//
// Reject ratio: a run stops when strictly more than 1 % of an input's rows are rejected
// (DATA.md, --max-reject-ratio 0.01). The contracts extract has 202 rows and 2 rejected
// rows (0.99 %): the contract-only problems (BAD_ENUM, DATE_OUT_OF_RANGE, ENDS_BEFORE_START,
// SIGNED_BEFORE_SCHEME, and the v1.3 fee problems NEGATIVE_AMOUNT, AMOUNT_TOO_LARGE,
// FEES_INCONSISTENT) share those two rows with NULL_REQUIRED and COUNT_TOO_LARGE, every
// check being independent. The 149 fillers exist to make room for them (one fewer for each
// scenario added after F40, so the extract keeps its 202 rows): they are signed in 2025, so
// the 2021 and 2024 runs only list them as no_event. DUPLICATE_KEY, which rejects two rows
// at once, and one row per remaining problem are in the activity extract (6 rejected rows
// out of about 1 600). The suspensions input has 2 rejected rows out of 307 (0.65 %); the
// two periods of each filler, after the filler's coverage, only make room for them.
//
// The doctors of the v1.3 scenarios (F41 and after) have activity rows from 2023 only and
// their baselines on the contract (R-OBJ-1), so that they join no distribution an older
// scenario reads (R-BAND-2: the 2018–2022 populations and the 2021 reference of R2/R3 are
// those of F01–F40), except F51's specialty 76, which no other contract has.

const firstYear, lastYear = 2018, 2025

// doc describes one doctor's activity rows. Counts are the 2018 values, raised linearly by
// growth percent of the 2018 value per year.
type doc struct {
	id       string
	spec     string
	mt       int64 // MT adult (GP); 0 → null (specialists without MT patients)
	child    int64 // MT child; −1 → null
	fa       int64 // file active
	growth   int64 // % of the 2018 value added per year
	from, to int   // years with a row, inclusive (0 → 2018…2025)
	fsFalse  []int // years whose fs_volet1 is false
	mtNull   []int // years whose mt_adult is null
	// fixed, when set, replaces the fields above: the doctor has a row exactly in the years
	// listed, with these MT adult (0 → null), MT child and file active values.
	fixed map[int][3]int64
}

func (d doc) present(y int) bool {
	if d.fixed != nil {
		_, ok := d.fixed[y]
		return ok
	}
	from, to := d.from, d.to
	if from == 0 {
		from = firstYear
	}
	if to == 0 {
		to = lastYear
	}
	return from <= y && y <= to
}

func (d doc) row(y int) calc.Activity {
	if v, ok := d.fixed[y]; ok {
		a := calc.Activity{DoctorID: d.id, Year: int32(y), Specialty: d.spec, FileActive: v[2], FSVolet1: true,
			MTChild: calc.Some(v[1])}
		if v[0] > 0 {
			a.MTAdult = calc.Some(v[0])
		} else {
			a.MTChild = calc.OptInt{}
		}
		return a
	}
	k := int64(y - firstYear)
	grow := func(v int64) int64 { return v + v*d.growth*k/100 }
	a := calc.Activity{DoctorID: d.id, Year: int32(y), Specialty: d.spec,
		FileActive: grow(d.fa), FSVolet1: !slices.Contains(d.fsFalse, y)}
	if d.mt > 0 && !slices.Contains(d.mtNull, y) {
		a.MTAdult = calc.Some(grow(d.mt))
	}
	if d.child >= 0 && (d.mt > 0 || d.child > 0) {
		a.MTChild = calc.Some(grow(d.child))
	}
	return a
}

// gp is a GP doctor with the usual shape: MT child 15 % of adult, file active 1.5 × adult,
// +4 % a year, present 2018–2025, fs_volet1 always validated.
func gp(id string, mt int64) doc {
	return doc{id: id, spec: "01", mt: mt, child: mt * 15 / 100, fa: mt * 3 / 2, growth: 4}
}

// specialist is a doctor of specialty spec without MT patients.
func specialist(id, spec string, fa int64) doc {
	return doc{id: id, spec: spec, child: -1, fa: fa, growth: 3}
}

// populationDocs are the filler doctors of the national population: 80 GPs and 20 doctors
// of each of cardiology (03), ophthalmology (15), radiology (06) and orthopaedic surgery (41),
// with values spread evenly so the percentiles are easy to follow.
func populationDocs() []doc {
	var ds []doc
	for i := range int64(80) {
		mt := 300 + 28*i // 300 … 2 512
		d := doc{id: fmt.Sprintf("101%08d", i+1), spec: "01", mt: mt, child: mt * (10 + i%9) / 100,
			fa: mt*14/10 + (i%7)*20, growth: 1 + i%4}
		if i%10 == 9 {
			d.child = -1
		}
		if i%13 == 5 {
			d.fsFalse = []int{2018 + int(i%8)}
		}
		ds = append(ds, d)
	}
	for _, s := range []struct {
		prefix, spec string
		base, step   int64
	}{{"103", "03", 1500, 150}, {"115", "15", 2500, 200}, {"106", "06", 3000, 250}, {"141", "41", 1200, 120}} {
		for i := range int64(20) {
			d := specialist(fmt.Sprintf("%s%08d", s.prefix, i+1), s.spec, s.base+s.step*i)
			d.growth = 1 + i%3
			if i%5 == 0 { // a few specialists report some MT patients; they are ignored
				d.mt, d.child = 10+i, -1
			}
			ds = append(ds, d)
		}
	}
	return ds
}

// scenarioDocs are the doctors of the scenario contracts, one each: doctor 190000000NN holds
// contract FNN. They belong to the population too (R-BAND-2: contract holders included).
func scenarioDocs() []doc {
	id := func(n int) string { return fmt.Sprintf("190000000%02d", n) }
	d04 := gp(id(4), 1000)
	d04.to = 2023 // no 2024 row: F04's year 1 is pending
	d09 := doc{id: id(9), spec: "01", mt: 400, child: 50, fa: 700, growth: 15, from: 2019}
	d12 := doc{id: id(12), spec: "01", mt: 3200, child: 300, fa: 4500, growth: 1}
	d13 := specialist(id(13), "03", 4120)
	d13.growth = 2
	d17 := gp(id(17), 1150)
	d17.fsFalse = []int{2023}
	d21 := gp(id(21), 1000)
	d21.from = 2020 // no 2019 row: F21 has no baseline
	d31 := gp(id(31), 1000)
	d31.growth = 0
	d38 := gp(id(38), 1000)
	d38.mtNull = []int{2023}
	d39 := specialist(id(39), "45", 2000)
	d39.from = 2022 // no 2021 row: specialty 45 has no reference distribution
	return []doc{
		gp(id(1), 900),
		gp(id(2), 1100),
		gp(id(3), 1300),
		d04,
		gp(id(5), 1000),
		specialist(id(6), "41", 2500),
		gp(id(7), 1000),
		{id: id(8), spec: "01", mt: 500, child: 40, fa: 900, growth: 4},
		d09,
		gp(id(10), 1000),
		gp(id(11), 1000),
		d12,
		d13,
		gp(id(14), 1000),
		gp(id(15), 1000),
		gp(id(16), 1000),
		d17,
		gp(id(18), 1000),
		gp(id(19), 1000),
		gp(id(20), 1050),
		d21,
		specialist(id(22), "15", 4000),
		{id: id(23), spec: "01", mt: 1200, child: 250, fa: 1800, growth: 4},
		specialist(id(24), "06", 5500),
		specialist(id(25), "06", 5000),
		gp(id(26), 1000),
		gp(id(27), 1000),
		gp(id(28), 1000),
		specialist(id(29), "03", 1000),
		gp(id(30), 1000),
		d31,
		gp(id(32), 1000),
		gp(id(33), 1000),
		gp(id(34), 1000),
		gp(id(35), 1000),
		gp(id(36), 1000),
		gp(id(37), 1000),
		d38,
		d39,
		{id: id(40), spec: "01", mt: 560, child: 160, fa: 1000, growth: 4},
	}
}

// v13Docs are the doctors of the v1.3 scenarios F41–F51: rows from 2023 only (F51: from
// 2021), values given year by year as MT adult, MT child, file active (MT adult 0: a
// specialist, no MT columns). Their baselines are on the contracts.
func v13Docs() []doc {
	id := func(n int) string { return fmt.Sprintf("190000000%02d", n) }
	gpRows := map[int][3]int64{2023: {1000, 150, 1500}, 2024: {1040, 156, 1560}, 2025: {1080, 162, 1620}}
	surgeon := map[int][3]int64{2023: {0, 0, 2600}, 2024: {0, 0, 2860}, 2025: {0, 0, 2900}}
	att := map[int][3]int64{2023: {1050, 150, 1800}, 2024: {1140, 150, 2070}, 2025: {1200, 150, 2100}}
	return []doc{
		// F41: baseline 2 400 + 300, 3 000; observed FA 3 090 then 3 120, MT total 2 780 then 2 860.
		{id: id(41), spec: "01", fixed: map[int][3]int64{2023: {2400, 300, 3000}, 2024: {2480, 300, 3090}, 2025: {2560, 300, 3120}}},
		{id: id(42), spec: "01", fixed: gpRows},
		{id: id(43), spec: "01", fixed: gpRows},
		{id: id(44), spec: "01", fixed: gpRows},
		{id: id(45), spec: "01", fixed: gpRows},
		{id: id(46), spec: "41", fixed: surgeon},
		{id: id(47), spec: "41", fixed: surgeon},
		{id: id(48), spec: "41", fixed: surgeon},
		{id: id(49), spec: "01", fixed: att},
		{id: id(50), spec: "01", fixed: att},
		{id: id(51), spec: "76", fixed: map[int][3]int64{2021: {0, 0, 2000}, 2022: {0, 0, 2050}, 2023: {0, 0, 2100}, 2024: {0, 0, 2150}, 2025: {0, 0, 2200}}},
	}
}

// Date helpers for the literals.
func day(s string) calc.Date {
	d, err := calc.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}
func on(s string) calc.OptDate { return calc.SomeDate(day(s)) }
func n(v int64) calc.OptInt    { return calc.Some(v) }

// gpContract is the usual shape of a scenario contract: GP, S1, group practice, option 2,
// coordinated since 2019-01-01, doctor born 1970. Each scenario overrides what it tests.
func gpContract(num int, signed, hired string) calc.Contract {
	c := calc.Contract{
		ContractID: fmt.Sprintf("F%02d", num), DoctorID: fmt.Sprintf("190000000%02d", num),
		Specialty: "01", TariffSector: "S1", GroupPractice: true,
		CoordinatedSince: on("2019-01-01"), Option: 2, SignedOn: day(signed),
		DoctorBirthYear: n(1970),
	}
	if hired != "" {
		c.HiredOn = on(hired)
	}
	return c
}

// scenarios are the contracts F01–F40. Payment years are those of `amcalc run --year`.
func scenarios() []calc.Contract {
	var cs []calc.Contract
	add := func(c calc.Contract, edit func(*calc.Contract)) {
		if edit != nil {
			edit(&c)
		}
		cs = append(cs, c)
	}
	// F01 — the RULES.md §10 worked example's shape: GP, R1, option 2, S = 2019-10-15.
	// 2021: year 2 settled 2021-10-15 (R-AMT-1 y2). 2024: year 5 settled 2024-10-15,
	// modulated by attainment (R-ATT-1…3, R-MOD-1 k ≥ 4).
	add(gpContract(1, "2019-10-01", "2019-10-15"), func(c *calc.Contract) { c.CoordinatedSince = on("2019-06-01") })
	// F02 — R1 option 1 terminated in year 1 (R-DATE-3): advance 70 % of 12 000 on
	// 2021-03-30 (R-PAY-1), then year 1 settled on 2021-07-01 prorated 108/365 below the
	// advance: payable −4 849.32 (R-PAY-2, R-PAY-3). Both in 2021; closed in 2024.
	add(gpContract(2, "2021-03-01", "2021-03-15"), func(c *calc.Contract) {
		c.Option, c.EndedOn = 1, on("2021-06-30")
	})
	// F03 — hired on 29 Feb 2020 (R-DATE-2): anniversaries 2021-02-28, 2022-02-28,
	// 2023-02-28, 2024-02-29, 2025-02-28. 2021: year 1 settled 2021-02-28. 2024: year 4
	// settled 2024-02-29 (366-day period). Option 3 in an under-served zone (E-OPTION passes).
	add(gpContract(3, "2020-02-10", "2020-02-29"), func(c *calc.Contract) {
		c.Option, c.UnderservedZone, c.CoordinatedSince = 3, true, on("2018-03-01")
	})
	// F04 — R2, pending (R-ATT-1 NO_ACTIVITY): the doctor has no 2024 row, so year 1
	// (2023-12-04 → 2024-12-04, observation year 2024) cannot be settled in 2024; the
	// advance of 2024-01-03 is still emitted (pending outranks paid).
	add(gpContract(4, "2023-11-20", "2023-12-04"), nil)
	// F05 — E-SECTOR: sector S2 (not OPTAM). Ineligible in 2021 and 2024, no event.
	add(gpContract(5, "2020-05-04", "2020-05-18"), func(c *calc.Contract) { c.TariffSector = "S2" })
	// F06 — E-SPECIALTY under R1: orthopaedic surgery (41) is in no R1 list, even in an
	// under-served zone.
	add(gpContract(6, "2020-09-01", "2020-09-14"), func(c *calc.Contract) {
		c.Specialty, c.UnderservedZone, c.TariffSector = "41", true, "S2_OPTAM"
	})
	// F07 — E-OPTION under R2: option 1 can no longer be signed. 2024: ineligible;
	// 2021: signed after the run year (no_event).
	add(gpContract(7, "2023-09-01", "2023-09-18"), func(c *calc.Contract) { c.Option = 1 })
	// F08 — E-FLOOR: GP R1, MT adult 2019 = 520 < pinned P30 640 (R-BAND-4), no exemption.
	add(gpContract(8, "2020-03-02", "2020-03-16"), nil)
	// F09 — below P30 but newly installed (E-FLOOR exemption, R-OBJ-4: targets = max(baseline,
	// P50)); band below_p30. Doctor installed in 2019. 2021: year 1 settled 2021-06-15.
	// 2024: year 4 settled 2024-06-15, modulated.
	add(gpContract(9, "2020-06-01", "2020-06-15"), func(c *calc.Contract) {
		c.NewInstallation, c.CoordinatedSince = true, on("2020-01-01")
	})
	// F10 — not started (R-DATE-1): no hired_on. 2024: not_started (baseline still
	// evaluated); 2021: signed after the run year.
	add(gpContract(10, "2023-07-03", ""), nil)
	// F11 — signed 2026-01-15, after every run year: no_event, not evaluated (R-DATE-1).
	add(gpContract(11, "2026-01-15", "2026-02-02"), nil)
	// F12 — p95_plus doctor (R-BAND-6 "≥ P95", R-AMT-1: y1 every year, maintain target
	// for option 2, R-OBJ-2). 2021: year 2 settled 2021-12-02 at 18 000 base. 2024: year 5
	// settled 2024-12-02 at 18 000 base (T2019: year 5 starts 2023-12-02).
	add(gpContract(12, "2019-11-04", "2019-12-02"), nil)
	// F13 — cardiologist (03) in band p90_p95 (baseline 2020): year 3 uses y3_p90 = 12 500
	// (R-AMT-1), settled 2024-02-15 with modulation 1 when attainment ≥ 3/4 (R-MOD-1 k = 3).
	add(gpContract(13, "2021-02-01", "2021-02-15"), func(c *calc.Contract) {
		c.Specialty, c.CoordinatedSince = "03", on("2020-06-01")
	})
	// F14 — R1 signed 2019 and never coordinated (R-COORD-1: deadline S + 2 years =
	// 2021-10-21). 2021: year 2 settled on the deadline itself, paid. 2024: year 5 settled
	// 2024-10-21 → due 0, COORDINATION.
	add(gpContract(14, "2019-10-07", "2019-10-21"), func(c *calc.Contract) { c.CoordinatedSince = calc.OptDate{} })
	// F15 — R1 signed 2021, never coordinated: year 3 settled 2024-03-22 after the deadline
	// 2023-03-22 → due 0, COORDINATION (2024). 2021: advance only.
	add(gpContract(15, "2021-03-08", "2021-03-22"), func(c *calc.Contract) { c.CoordinatedSince = calc.OptDate{} })
	// F16 — R1 signed 2022-06-01: coordination due at signature (R-COORD-1), never done →
	// year 2 settled 2024-06-13 due 0, COORDINATION (k = 2).
	add(gpContract(16, "2022-06-01", "2022-06-13"), func(c *calc.Contract) { c.CoordinatedSince = calc.OptDate{} })
	// F17 — fs_volet1 false in 2023 (R-FS-1): year 4 (2023-04-01 → 2024-04-01, observation
	// 2023) settled 2024-04-01 due 0, FORFAIT_STRUCTURE. 2021: year 1 settled 2021-04-01, paid.
	add(gpContract(17, "2020-03-16", "2020-04-01"), nil)
	// F18 — negotiated targets (R-OBJ-5): target_file_active 1 700 and target_mt 1 300
	// replace the grid; objective_source contract. R2. 2024: year 1 settled 2024-06-20.
	add(gpContract(18, "2023-06-01", "2023-06-20"), func(c *calc.Contract) {
		c.TargetFA, c.TargetMT = n(1700), n(1300)
	})
	// F19 — R3, doctor born 1958: 66 at the start of year 1 (R-OBJ-6, maintain_65).
	// 2024: advance 19 000 (T2024, 100 %, S + 30 days) on 2024-08-14; the maintain_65
	// settlement itself is dated 2025-07-15 (run 2025).
	add(gpContract(19, "2024-07-01", "2024-07-15"), func(c *calc.Contract) { c.DoctorBirthYear = n(1958) })
	// F20 — contract year straddling 2024-06-22 (R-REG-2): year 2 (2023-09-01 → 2024-09-01)
	// started under T2019 and is settled 2024-09-01 at T2019; year 3 starts under T2024
	// (settled 2025-09-01). R1 signed 2022: coordinated before signature.
	add(gpContract(20, "2022-08-16", "2022-09-01"), func(c *calc.Contract) { c.CoordinatedSince = on("2021-05-01") })
	// F21 — NO_BASELINE (R-OBJ-1): the doctor has no 2019 row and the contract no baseline.
	// Status error in every run, no event.
	add(gpContract(21, "2020-10-01", "2020-10-12"), nil)
	// F22 — R3 ophthalmologist (15), option 3: advance 38 000 (T2024, 100 %) on 2024-10-31.
	add(gpContract(22, "2024-09-02", "2024-10-01"), func(c *calc.Contract) {
		c.Specialty, c.Option, c.TariffSector = "15", 3, "S2_OPTAMCO"
	})
	// F23 — R2 option 3: advance 36 000 (100 %) in 2023, so year 1 settled 2024-07-03 is
	// due 36 000, already paid 36 000, payable 0.00.
	add(gpContract(23, "2023-06-15", "2023-07-03"), func(c *calc.Contract) { c.Option = 3 })
	// F24 — E-SPECIALTY under R2: radiology (06) is excluded. 2024: ineligible.
	add(gpContract(24, "2023-10-02", "2023-10-16"), func(c *calc.Contract) { c.Specialty = "06" })
	// F25 — radiology (06) under R1 in an under-served zone: eligible (R1 under-served list).
	// 2021: year 1 settled 2021-11-16. 2024: year 4 settled 2024-11-16.
	add(gpContract(25, "2020-11-02", "2020-11-16"), func(c *calc.Contract) {
		c.Specialty, c.UnderservedZone, c.CoordinatedSince = "06", true, on("2020-01-01")
	})
	// F26 — E-OPTION under R1: option 3 outside an under-served zone.
	add(gpContract(26, "2021-04-01", "2021-04-12"), func(c *calc.Contract) { c.Option = 3 })
	// F27 — E-GROUP under R1: neither group practice nor under-served zone.
	add(gpContract(27, "2020-07-01", "2020-07-06"), func(c *calc.Contract) { c.GroupPractice = false })
	// F28 — terminated 2022-03-31 (R-DATE-3). 2021: year 2 settled 2021-09-16, paid.
	// 2024: coverage ended 2022-04-01 ≤ 2024-01-01 → closed.
	add(gpContract(28, "2019-09-02", "2019-09-16"), func(c *calc.Contract) { c.EndedOn = on("2022-03-31") })
	// F29 — cardiologist below P30 of the 2021 reference distribution, exempted by rqth_ald
	// (E-FLOOR); band below_p30 → grid as p30_p50. R2. 2024: year 1 settled 2024-08-21.
	add(gpContract(29, "2023-08-01", "2023-08-21"), func(c *calc.Contract) {
		c.Specialty, c.RqthAld, c.TariffSector = "03", true, "S2_OPTAM"
	})
	// F30 — R2 terminated in year 1: advance 18 000 (100 %) in 2023; year 1 (366 days,
	// through 29 Feb 2024) settled 2024-02-01 for 245 days: due 12 049.18, payable
	// −5 950.82 (R-PAY-2, R-PAY-3). Closed in later runs.
	add(gpContract(30, "2023-05-15", "2023-06-01"), func(c *calc.Contract) { c.EndedOn = on("2024-01-31") })
	// F31 — baselines from the contract (R-OBJ-1) with an explicit baseline_year 2019; the
	// doctor's activity is flat, so year 3 (settled 2024-01-25, observation 2023) has
	// attainment below 3/4 and is modulated (R-MOD-1 k = 3). 2021: advance 2021-02-09.
	add(gpContract(31, "2021-01-11", "2021-01-25"), func(c *calc.Contract) {
		c.BaselineYear, c.BaselineMTAdult, c.BaselineFA = n(2019), n(950), n(1450)
		c.CoordinatedSince = on("2020-01-01")
	})
	// F32 — signed 2019-08-21, the first day of the scheme (R-REG-1, R1). 2021: year 2
	// settled 2021-09-02. 2024: year 5 settled 2024-09-02.
	add(gpContract(32, "2019-08-21", "2019-09-02"), nil)
	// F33 — signed 2023-04-30, the last R1 day (R-REG-1): R1 advance 70 % on 2023-05-30;
	// coordinated before signature as R1 requires from 2022. 2024: year 1 settled 2024-05-15.
	add(gpContract(33, "2023-04-30", "2023-05-15"), func(c *calc.Contract) { c.CoordinatedSince = on("2022-01-10") })
	// F34 — signed 2023-05-01, the first R2 day: MT total measure, reference year 2021
	// (R-BAND-1, R-BAND-5, P30 pinned 775). 2024: year 1 settled 2024-05-10.
	add(gpContract(34, "2023-05-01", "2023-05-10"), nil)
	// F35 — signed 2024-06-21, the last R2 day, hired 2024-07-01 (R-REG-2): year 1 keeps
	// T2019, the table in force on signed_on — instalment 18 000 (100 %) on 2024-07-31, year
	// 1 settled 2025-07-01 — and year 2, starting 2025-07-01, has T2024: instalment 14 000.
	add(gpContract(35, "2024-06-21", "2024-07-01"), nil)
	// F36 — signed 2024-06-22, the first R3 day, option 3: advance 38 000 on 2024-07-24.
	add(gpContract(36, "2024-06-22", "2024-06-24"), func(c *calc.Contract) { c.Option = 3; c.UnderservedZone = true })
	// F37 — R1 signed 2021: advance 12 600 on 2021-10-19 (2021); year 3 settled 2024-10-04
	// (2024, R-MOD-1 k = 3).
	add(gpContract(37, "2021-09-01", "2021-10-04"), func(c *calc.Contract) { c.CoordinatedSince = on("2021-01-15") })
	// F38 — MT adult null in the 2023 row (R-ATT-1: needed at k ≥ 3): year 3 (observation
	// 2023) pending NO_ACTIVITY in 2024. 2021: advance 2021-01-19.
	add(gpContract(38, "2020-12-01", "2021-01-04"), func(c *calc.Contract) { c.CoordinatedSince = on("2020-06-01") })
	// F39 — NO_DISTRIBUTION (R-BAND-3): specialty 45 has no 2021 row, the R2 reference year.
	add(gpContract(39, "2023-06-05", "2023-06-19"), func(c *calc.Contract) { c.Specialty = "45" })
	// F40 — GP R1 below P30 but MT child share > 20 % (E-FLOOR exception, 2019: 4 × 166 > 582);
	// band below_p30 → grid as p30_p50. 2021: year 1 settled 2021-10-01. 2024: year 4
	// settled 2024-10-01.
	add(gpContract(40, "2020-09-14", "2020-10-01"), func(c *calc.Contract) { c.CoordinatedSince = on("2020-01-01") })
	cs = append(cs, v13Scenarios()...)
	return cs
}

// baselines sets a contract's three baselines (R-OBJ-1): the v1.3 scenarios' doctors have
// no row in their baseline year.
func baselines(c *calc.Contract, mtAdult, mtChild, fa int64) {
	c.BaselineFA = n(fa)
	if mtAdult > 0 {
		c.BaselineMTAdult, c.BaselineMTChild = n(mtAdult), n(mtChild)
	}
}

// v13Scenarios are the contracts F41–F51 of rules v1.3: instalment schedules (R-PAY-1),
// suspensions (R-SUSP-1, their rows in suspensionRows), E-CLINICAL, attainment by regime
// (R-ATT-3) and code 76 (E-SPECIALTY). R2 GPs of option 2 unless said otherwise; F35 is the
// R-REG-2 case (signed 2024-06-21, hired in July).
func v13Scenarios() []calc.Contract {
	var cs []calc.Contract
	add := func(c calc.Contract, edit func(*calc.Contract)) {
		edit(&c)
		cs = append(cs, c)
	}
	// F41 — R2 through years 1–5 (R-PAY-1), S = 2023-05-15, band p90_p95 (MT total 2 700 ≥
	// P90 2 645 of 2021): year 1 18 000 on 2023-06-14; year 2 13 500 (T2019, starts before
	// 2024-06-22) on 2024-05-15; years 3–5 in two halves of y3_p90 13 000 (T2024) on the
	// anniversary and 182 days later. Year 3 settled 2026-05-15 (observation 2025: FA rate
	// 120/180, MT rate 1, min for R2 = 2/3 < 3/4, R-MOD-1): due 8 666.67, both halves
	// deducted, payable −4 333.33.
	add(gpContract(41, "2023-05-02", "2023-05-15"), func(c *calc.Contract) { baselines(c, 2400, 300, 3000) })
	// F42 — a suspension over an instalment date (R-SUSP-1): suspended 2024-06-01 → 2024-06-30,
	// across the first anniversary 2024-06-12. Year 1 loses 11 of 366 days (due 17 459.02,
	// payable −540.98); year 2's instalment of 2024-06-12 does not fall due, so its settlement
	// (2025-06-12, 346 of 365 days, 12 797.26) has already_paid 0.
	add(gpContract(42, "2023-06-05", "2023-06-12"), func(c *calc.Contract) { baselines(c, 1000, 150, 1500) })
	// F43 — a wholly suspended contract year (R-SUSP-1): suspended 2024-09-11 → 2025-09-10,
	// exactly year 2. Year 1 settled 2024-09-11 in full; year 2 has no instalment and no
	// settlement; year 3's halves fall due again (2025-09-11, 2026-03-12).
	add(gpContract(43, "2023-09-04", "2023-09-11"), func(c *calc.Contract) { baselines(c, 1000, 150, 1500) })
	// F44 — a suspension inside a year (R-PAY-3), written as three periods that touch and
	// overlap (their union: 2023-11-06 → 2024-02-04, 91 days): year 1 settled 2024-07-10 for
	// 275 of 366 days, due 13 524.59, payable −4 475.41.
	add(gpContract(44, "2023-07-03", "2023-07-10"), func(c *calc.Contract) { baselines(c, 1000, 150, 1500) })
	// F45 — an open-ended suspension from 2024-03-01 (R-SUSP-1): year 1 settled 2024-10-09
	// for 144 of 366 days (due 7 081.97, payable −10 918.03); no event afterwards.
	add(gpContract(45, "2023-10-02", "2023-10-09"), func(c *calc.Contract) { baselines(c, 1000, 150, 1500) })
	// F46 — R2 orthopaedic surgeon (41) at exactly 20 % CCAM fees (E-CLINICAL: 5 × 100 000.00
	// ≤ 500 000.00 passes): year 1 settled 2024-11-13, year 2 instalment 14 000 (T2024).
	add(gpContract(46, "2023-11-06", "2023-11-13"), func(c *calc.Contract) {
		c.Specialty, c.Fees12mTotal, c.Fees12mCCAM = "41", n(50_000_000), n(10_000_000)
		baselines(c, 0, 0, 2600)
	})
	// F47 — R3 orthopaedic surgeon one cent above 20 % (5 × 80 000.01 > 400 000.00): ineligible
	// E-CLINICAL.
	add(gpContract(47, "2024-07-01", "2024-07-15"), func(c *calc.Contract) {
		c.Specialty, c.Fees12mTotal, c.Fees12mCCAM = "41", n(40_000_000), n(8_000_001)
		baselines(c, 0, 0, 2600)
	})
	// F48 — R2 orthopaedic surgeon without fees: error NO_FEES (E-CLINICAL cannot be decided).
	add(gpContract(48, "2024-03-04", "2024-03-11"), func(c *calc.Contract) {
		c.Specialty = "41"
		baselines(c, 0, 0, 2600)
	})
	// F49 — R3 GP (R-ATT-3 max): band p50_p70, targets FA 2 160, MT 1 470; observed 2024 FA
	// 2 070 (rate 3/4) and MT total 1 290 (rate 1/3): attainment 0.75 on the year 1
	// settlement of 2025-07-01 (modulation 1 at k = 1).
	add(gpContract(49, "2024-06-24", "2024-07-01"), func(c *calc.Contract) { baselines(c, 1050, 150, 1800) })
	// F50 — the same doctor's values under R2 (R-ATT-3 min): attainment 1/3 on the year 1
	// settlement of 2024-08-07.
	add(gpContract(50, "2023-08-01", "2023-08-07"), func(c *calc.Contract) { baselines(c, 1050, 150, 1800) })
	// F51 — radiotherapy (76) under R2: excluded since v1.3 (E-SPECIALTY).
	add(gpContract(51, "2023-12-01", "2023-12-11"), func(c *calc.Contract) {
		c.Specialty = "76"
		baselines(c, 0, 0, 2000)
	})
	return cs
}

// fillerCount keeps the contracts extract at 202 rows: one filler fewer per scenario.
const fillerCount = 202 - 2 - 51

// fillers are P001–P149: one plain contract for each of the first population doctors, all
// signed in 2025 (so they are no_event in the 2021 and 2024 runs); they make the contracts
// extract big enough for two rejected rows under the 1 % reject ratio. Their fees (10 %
// CCAM) pass E-CLINICAL where it applies.
func fillers() []calc.Contract {
	var cs []calc.Contract
	for i, d := range populationDocs()[:fillerCount] {
		signed := day("2025-01-06").AddDays(2 * i)
		c := calc.Contract{
			ContractID: fmt.Sprintf("P%03d", i+1), DoctorID: d.id, Specialty: d.spec,
			TariffSector: "S1", GroupPractice: true, CoordinatedSince: on("2024-01-01"),
			Option: int32(2 + i%2), UnderservedZone: i%2 == 1, SignedOn: signed,
			HiredOn: calc.SomeDate(signed.AddDays(14)), DoctorBirthYear: n(int64(1960 + i%30)),
			Fees12mTotal: n(30_000_000), Fees12mCCAM: n(3_000_000),
		}
		cs = append(cs, c)
	}
	return cs
}

// badContracts are the two rejected contract rows (DATA.md "Bad input").
func badContracts() []inwrite.RawContract {
	// B01: option 4 (BAD_ENUM), signed 2019-06-03 before the scheme (SIGNED_BEFORE_SCHEME),
	// not hired and ended 2019-05-31 before signing (ENDS_BEFORE_START).
	b1 := inwrite.RawFromContract(gpContract(1, "2019-06-03", ""))
	b1.ContractID, b1.DoctorID = inwrite.Ptr("B01"), inwrite.Ptr("19000000001")
	b1.Option, b1.EndedOn = inwrite.Ptr(int64(4)), inwrite.Ptr(day("2019-05-31"))
	// … and CCAM fees above the total (FEES_INCONSISTENT).
	b1.Fees12mTotal, b1.Fees12mCCAM = inwrite.Ptr(int64(1_000_000)), inwrite.Ptr(int64(1_000_001))
	// B02: doctor_id null (NULL_REQUIRED), hired 2100-01-04 (DATE_OUT_OF_RANGE),
	// target_file_active 100 001 (COUNT_TOO_LARGE), tariff_sector "s1" (BAD_ENUM: codes
	// match exactly).
	b2 := inwrite.RawFromContract(gpContract(2, "2022-02-01", "2022-02-15"))
	b2.ContractID, b2.DoctorID = inwrite.Ptr("B02"), nil
	b2.HiredOn, b2.TargetFA, b2.TariffSector = inwrite.Ptr(day("2100-01-04")), inwrite.Ptr(int64(100001)), inwrite.Ptr("s1")
	// … total fees above 1 000 000 000.00 (AMOUNT_TOO_LARGE) and negative CCAM fees
	// (NEGATIVE_AMOUNT); CCAM below the total, so not FEES_INCONSISTENT.
	b2.Fees12mTotal, b2.Fees12mCCAM = inwrite.Ptr(int64(100_000_000_001)), inwrite.Ptr(int64(-5))
	return []inwrite.RawContract{b1, b2}
}

// contractRows is the contracts extract: scenarios, the two bad rows, then the fillers.
func contractRows() []inwrite.RawContract {
	var rows []inwrite.RawContract
	for _, c := range scenarios() {
		rows = append(rows, inwrite.RawFromContract(c))
	}
	rows = append(rows, badContracts()...)
	for _, c := range fillers() {
		rows = append(rows, inwrite.RawFromContract(c))
	}
	return rows
}

// yearFile is one activity file.
type yearFile struct {
	year int
	rows []inwrite.RawActivity
}

// extraActivity are rows appended to a year file: the rejected ones (doctors 99…, whose
// specialty 98 no contract reads) and two valid layout cases.
func extraActivity() map[int][]inwrite.RawActivity {
	row := func(id string, y int, fa int64) inwrite.RawActivity {
		return inwrite.RawFromActivity(calc.Activity{DoctorID: id, Year: int32(y), Specialty: "98", FileActive: fa, FSVolet1: true})
	}
	nullFS := row("99000000001", 2019, 1500)
	nullFS.FSVolet1 = nil // NULL_REQUIRED on fs_volet1
	nullID := row("", 2020, 1500)
	nullID.DoctorID = nil // NULL_REQUIRED on doctor_id, key "|2020"
	neg := row("99000000003", 2021, 1500)
	neg.MTAdult, neg.MTChild = inwrite.Ptr(int64(10)), inwrite.Ptr(int64(-1)) // NEGATIVE_COUNT
	large := row("99000000004", 2022, 100001)                                 // COUNT_TOO_LARGE
	edge := row("99000000005", 2023, 100000)                                  // valid: 100 000 is the largest count
	dupA := row("99000000006", 2022, 1500)                                    // DUPLICATE_KEY with dupB …
	dupB := row("99000000006", 2022, 1600)                                    // … stored in the year=2023 folder
	moved := row("99000000007", 2024, 1500)                                   // valid: year 2024 stored under year=2025
	return map[int][]inwrite.RawActivity{
		2019: {nullFS},
		2020: {nullID},
		2021: {neg},
		2022: {large, dupA},
		2023: {edge, dupB},
		2025: {moved},
	}
}

// activityFiles are the eight year files: the doctors' rows sorted by doctor_id, then the
// extra rows of extraActivity.
func activityFiles() []yearFile {
	docs := append(append(populationDocs(), scenarioDocs()...), v13Docs()...)
	slices.SortFunc(docs, func(a, b doc) int { return strings.Compare(a.id, b.id) })
	extra := extraActivity()
	var files []yearFile
	for y := firstYear; y <= lastYear; y++ {
		f := yearFile{year: y}
		for _, d := range docs {
			if d.present(y) {
				f.rows = append(f.rows, inwrite.RawFromActivity(d.row(y)))
			}
		}
		f.rows = append(f.rows, extra[y]...)
		files = append(files, f)
	}
	return files
}

// suspensionRows is the suspensions input (R-SUSP-1, DATA.md "suspensions"): the scenario
// periods, a period of an ineligible contract (F05: changes nothing), two rejected rows,
// then two overlapping periods per filler in 2031, after every filler's coverage (they
// change nothing and only make room for the two rejected rows under the 1 % ratio).
func suspensionRows() []inwrite.RawSuspension {
	period := func(id, from, until, reason string) inwrite.RawSuspension {
		s := inwrite.Suspension{ContractID: id, Suspension: calc.Suspension{From: day(from)}, Reason: reason}
		if until != "" {
			s.Until = on(until)
		}
		return inwrite.RawFromSuspension(s)
	}
	rows := []inwrite.RawSuspension{
		period("F42", "2024-06-01", "2024-06-30", "assistant absent, not replaced"),
		period("F43", "2024-09-11", "2025-09-10", "assistant absent, not replaced"),
		period("F44", "2023-11-06", "2023-12-31", ""), // three periods, union 2023-11-06 → 2024-02-04
		period("F44", "2024-01-01", "2024-02-04", ""), // touches the first
		period("F44", "2023-12-01", "2023-12-10", ""), // inside the first
		period("F45", "2024-03-01", "", "still absent"),
		period("F05", "2021-01-01", "2021-12-31", ""), // ineligible: changes nothing
	}
	// Rejected: contract_id null (NULL_REQUIRED) and a last day before the first
	// (ENDS_BEFORE_START); the id of a rejected contract (UNKNOWN_CONTRACT) with a first day
	// in 2100 (DATE_OUT_OF_RANGE).
	nullID := period("", "2024-03-01", "2024-02-29", "")
	nullID.ContractID = nil
	rows = append(rows, nullID, period("B01", "2100-01-04", "", ""))
	for _, c := range fillers() {
		rows = append(rows, period(c.ContractID, "2031-01-01", "2031-01-31", ""),
			period(c.ContractID, "2031-01-15", "2031-02-28", ""))
	}
	return rows
}
