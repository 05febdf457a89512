package calc

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
)

// RULES.md §3: eligibility, checked once on baseline values. Each E-rule is a function of
// named values returning its Check; the evaluator only gathers them.

// CheckSector implements E-SECTOR.
func CheckSector(sector string, allowed []string) Check {
	return Check{Rule: "E-SECTOR", Passed: slices.Contains(allowed, sector),
		Detail: fmt.Sprintf("tariff_sector %s; allowed %s", sector, strings.Join(allowed, ", "))}
}

// CheckSpecialty implements E-SPECIALTY: R1 allow lists (national, or under-served-only
// with underserved_zone); R2/R3 an exclusion list. used lists the allow lists that made
// the specialty pass (for their confidence).
func CheckSpecialty(specialty string, underserved bool, l SpecialtyLists) (ch Check, used []CodeList) {
	has := func(cl CodeList) bool { return slices.Contains(cl.Codes, specialty) }
	in := func(ls []CodeList) bool { return slices.ContainsFunc(ls, has) }
	if len(l.Excluded) > 0 || (len(l.National) == 0 && len(l.UnderservedOnly) == 0) {
		return Check{Rule: "E-SPECIALTY", Passed: !in(l.Excluded),
			Detail: fmt.Sprintf("specialty %s; excluded list", specialty)}, nil
	}
	ok := in(l.National) || (in(l.UnderservedOnly) && underserved)
	if ok {
		for _, ls := range [][]CodeList{l.National, l.UnderservedOnly} {
			for _, cl := range ls {
				if has(cl) {
					used = append(used, cl)
				}
			}
		}
	}
	return Check{Rule: "E-SPECIALTY", Passed: ok, Detail: fmt.Sprintf(
		"specialty %s; national list, or under-served list with underserved_zone=%t", specialty, underserved)}, used
}

// CheckFloor implements E-FLOOR: the floor measure (GP: the MT measure; others: FA) ≥ P30,
// unless new_installation, rqth_ald or (R1, GP) a child share above childShare
// (child/(adult+child) > s ⟺ child·(1−s) > adult·s; null child = 0).
func CheckFloor(floor DistUse, c *Contract, gp bool, adult, child int64, childShare OptRatio) Check {
	exempt := ""
	switch {
	case c.NewInstallation:
		exempt = "new_installation"
	case c.RqthAld:
		exempt = "rqth_ald"
	case gp && childShare.Valid:
		if s := childShare.R; child*(s.Den-s.Num) > adult*s.Num {
			exempt = "child share > " + s.String()
		}
	}
	p30 := floor.Band.P30.V
	detail := fmt.Sprintf("%s %d vs P30 %d", floor.Key.Measure, floor.Value.V, p30)
	if exempt != "" {
		detail += "; exempted: " + exempt
	}
	return Check{Rule: "E-FLOOR", Passed: floor.Value.V >= p30 || exempt != "", Detail: detail}
}

// CheckOption implements E-OPTION.
func CheckOption(option int32, underserved bool, r OptionRule) Check {
	ok := !slices.Contains(r.Forbidden, option) && (!slices.Contains(r.NeedsUnderserved, option) || underserved)
	return Check{Rule: "E-OPTION", Passed: ok, Detail: fmt.Sprintf("option %d, underserved_zone=%t", option, underserved)}
}

// CheckGroup implements E-GROUP (R1): group practice, or the under-served derogation.
func CheckGroup(group, underserved bool) Check {
	return Check{Rule: "E-GROUP", Passed: group || underserved,
		Detail: fmt.Sprintf("group_practice=%t, underserved_zone=%t", group, underserved)}
}

// CheckClinical implements E-CLINICAL for a specialty of the clinical-test list with both
// fees known: CCAM fees at most maxShare of all fees, boundary included
// (5 × ccam ≤ total for 1/5); total 0 passes (0 ≤ 0). atBoundary reports the exact
// boundary, where the spec's [assumption] decides.
func CheckClinical(total, ccam int64, maxShare Ratio) (ch Check, atBoundary bool) {
	// ccam × den ≤ total × num, in big integers: fees are cents of a whole year.
	l := new(big.Int).Mul(big.NewInt(ccam), big.NewInt(maxShare.Den))
	r := new(big.Int).Mul(big.NewInt(total), big.NewInt(maxShare.Num))
	cmp := l.Cmp(r)
	return Check{Rule: "E-CLINICAL", Passed: cmp <= 0, Detail: fmt.Sprintf(
		"fees_12m_ccam %s of fees_12m_total %s; at most %s of CCAM fees", Cents(ccam), Cents(total), maxShare.Fraction())}, cmp == 0
}

// clinicalApplies reports whether E-CLINICAL reads the contract's fees: its regime has a
// clinical test and its specialty is in the test's list (DATA.md "Fees").
func (e *evaluator) clinicalApplies() bool {
	ct := param[*ClinicalTest](e, "clinical_test")
	if ct == nil || !slices.ContainsFunc(ct.Lists, func(l CodeList) bool { return slices.Contains(l.Codes, e.c.Specialty) }) {
		return false
	}
	e.x.Clinical = ct
	return true
}

// eligibility evaluates §3 in rule order.
func (e *evaluator) eligibility() {
	c, x := e.c, e.x
	x.Checks = make([]Check, 0, 6) // one per E-rule of §3: no regrowth, for every contract
	add := func(ch Check) { x.Checks = append(x.Checks, ch) }
	add(CheckSector(c.TariffSector, param[[]string](e, "sectors")))
	lists, ref := paramRef[SpecialtyLists](e, "specialties", nil)
	ch, used := CheckSpecialty(c.Specialty, c.UnderservedZone, lists)
	for _, l := range used {
		if l.Confidence == "assumption" {
			e.assume(fmt.Sprintf("specialties from %s codes %s: %s", ref.From, strings.Join(l.Codes, ","), l.Source))
		}
	}
	add(ch)
	// The floor distribution: a GP's MT measure, else file active.
	floor := x.DistFA
	if x.DistMT != nil {
		floor = *x.DistMT
	}
	add(CheckFloor(floor, c, x.GP, x.Baseline.MTAdult.Value.V, x.Baseline.MTChild.Value.V, param[OptRatio](e, "floor")))
	add(CheckOption(c.Option, c.UnderservedZone, param[OptionRule](e, "option_rule")))
	if param[bool](e, "group_required") {
		add(CheckGroup(c.GroupPractice, c.UnderservedZone))
	}
	if ct := x.Clinical; ct != nil {
		ch, boundary := CheckClinical(c.Fees12mTotal.V, c.Fees12mCCAM.V, ct.MaxCCAMShare)
		if boundary && ct.BoundaryNote != nil && ct.BoundaryNote.Confidence == "assumption" {
			e.assume(fmt.Sprintf("clinical_test from %s cell %s: %s", ct.From, ct.BoundaryNote.Key, ct.BoundaryNote.Source))
		}
		add(ch)
	}
}
