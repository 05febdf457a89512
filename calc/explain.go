package calc

import (
	"fmt"
	"io"
	"strings"
)

// Section is one part of a rendered explanation.
type Section struct {
	Title string `json:"title"`
	Lines []Line `json:"lines"`
}

// Line is one explained value: the rule that makes it, what it is, and for a parameter
// value the dated version used with its source and confidence.
type Line struct {
	Rule  string `json:"rule"`
	Text  string `json:"text"`
	Param *Ref   `json:"param,omitempty"`
}

func (x *Explanation) ref(name string) *Ref {
	for i := range x.Refs {
		if x.Refs[i].Param == name {
			return &x.Refs[i]
		}
	}
	return nil
}

// refOn returns the version of name used whose validity covers d (amounts vary by year).
func (x *Explanation) refOn(name string, d Date) *Ref {
	for i := range x.Refs {
		r := &x.Refs[i]
		if r.Param != name {
			continue
		}
		from, _ := ParseDate(r.From)
		until, err := ParseDate(r.Until)
		if d >= from && (r.Until == "" || err == nil && d < until) {
			return r
		}
	}
	return nil
}

func optStr(o OptInt) string {
	if !o.Valid {
		return "null"
	}
	return fmt.Sprint(o.V)
}

func (s Sourced) String() string {
	if !s.Value.Valid {
		return "null (not found)"
	}
	return fmt.Sprintf("%d (%s)", s.Value.V, s.From)
}

func ratioStr(o OptRatio) string {
	if !o.Valid {
		return "null"
	}
	r := o.R
	if r.Den == 1 {
		return fmt.Sprint(r.Num)
	}
	return fmt.Sprintf("%d/%d = %s", r.Num, r.Den, r.String())
}

// Sections renders the explanation as titled lines, each citing its rule.
func (x *Explanation) Sections() []Section {
	out := []Section{x.contractSection()}
	if x.SignedAfterRun {
		return append(out, x.statusSection())
	}
	if x.BaselinesRead {
		out = append(out, x.baselineSection(), x.bandSection())
	}
	if len(x.Checks) > 0 {
		el := section{Section{Title: "Eligibility (§3)"}}
		for _, ch := range x.Checks {
			el.add(ch.Rule, passFail(ch.Passed)+": "+ch.Detail, x.ref(checkParam[ch.Rule]))
		}
		out = append(out, el.Section)
	}
	if x.TargetFA.Value.Valid {
		out = append(out, x.objectiveSection())
	}
	for i := range x.Years {
		out = append(out, x.yearSection(&x.Years[i]))
	}
	out = append(out, x.statusSection())
	if len(x.Refs) > 0 {
		ps := Section{Title: "Parameters used"}
		for i := range x.Refs {
			ps.Lines = append(ps.Lines, Line{Rule: x.Refs[i].Rule, Text: x.Refs[i].String(), Param: &x.Refs[i]})
		}
		out = append(out, ps)
	}
	return out
}

// contractSection explains the contract row's dates, regime and inputs.
func (x *Explanation) contractSection() Section {
	c := &x.Contract
	in := section{Section{Title: "Contract and dates"}}
	in.add("R-REG-1", fmt.Sprintf("regime %s: signed_on %s (contract row)", x.Regime, c.SignedOn), x.ref("regime"))
	if x.Started {
		in.add("R-DATE-1", fmt.Sprintf("start S = %s = later of signed_on %s and hired_on %s (contract row)", x.Start, c.SignedOn, c.HiredOn.V), nil)
		end := "no early termination"
		if c.EndedOn.Valid {
			end = fmt.Sprintf("ended_on %s (last covered day)", c.EndedOn.V)
		}
		in.add("R-DATE-3", fmt.Sprintf("coverage [%s, %s): %s", x.Start, x.CoverageEnd, end), x.ref("contract_years"))
	} else {
		in.add("R-DATE-1", "hired_on is null: the contract has not started, no event", nil)
	}
	if x.SignedAfterRun {
		in.add("R-DATE-1", fmt.Sprintf("signed after 31 Dec %d: not evaluated in this run", x.RunYear), nil)
	}
	in.add("", fmt.Sprintf("specialty %s, option %d, tariff_sector %s, underserved_zone %t, group_practice %t, new_installation %t, rqth_ald %t (contract row)",
		c.Specialty, c.Option, c.TariffSector, c.UnderservedZone, c.GroupPractice, c.NewInstallation, c.RqthAld), nil)
	if x.Clinical != nil {
		in.add("E-CLINICAL", fmt.Sprintf("specialty %s is in the clinical-test list: fees_12m_total %s, fees_12m_ccam %s (contract row, cents)",
			c.Specialty, optStr(c.Fees12mTotal), optStr(c.Fees12mCCAM)), x.ref("clinical_test"))
	}
	if len(c.Suspensions) > 0 {
		in.add("R-SUSP-1", "suspended periods (suspensions input): "+suspensionsText(c.Suspensions), nil)
	}
	return in.Section
}

func suspensionsText(ss []Suspension) string {
	var parts []string
	for _, s := range ss {
		until := "still suspended"
		if s.Until.Valid {
			until = "last day " + s.Until.V.String()
		}
		parts = append(parts, fmt.Sprintf("from %s, %s", s.From, until))
	}
	return strings.Join(parts, "; ")
}

// section accumulates the lines of one section.
type section struct{ Section }

func (s *section) add(rule, text string, p *Ref) {
	s.Lines = append(s.Lines, Line{Rule: rule, Text: text, Param: p})
}

func (x *Explanation) baselineSection() Section {
	c := &x.Contract
	b := section{Section{Title: "Baseline (R-OBJ-1)"}}
	origin := "contract row"
	if !c.BaselineYear.Valid {
		origin = "default year(signed_on) − 1"
	}
	b.add("R-OBJ-1", fmt.Sprintf("baseline year %d (%s); activity row %s", x.BaselineYear, origin, found(x.BaselineRow)), nil)
	b.add("R-OBJ-1", "mt_adult "+x.Baseline.MTAdult.String(), nil)
	b.add("R-OBJ-1", "mt_child "+x.Baseline.MTChild.String(), nil)
	b.add("R-OBJ-1", "file_active "+x.Baseline.FA.String(), nil)
	if x.GP {
		b.add("R-BAND-1", fmt.Sprintf("MT measure %s = %s", x.MTMeasure, x.Baseline.MT.String()), x.ref("mt_measure"))
	}
	return b.Section
}

func (x *Explanation) bandSection() Section {
	bd := section{Section{Title: "Distributions and band (R-BAND-*)"}}
	if x.ReferenceYear != 0 {
		bd.add("R-BAND-5", fmt.Sprintf("reference year %d", x.ReferenceYear), x.ref("reference_year"))
	}
	for _, u := range x.Distributions() {
		th := "no thresholds (population 0)"
		if t, ok := u.Band.Thresholds(); ok {
			th = fmt.Sprintf("P30 %d, P50 %d, P70 %d, P90 %d, P95 %d", t[0], t[1], t[2], t[3], t[4])
			if u.Band.Pinned != "" {
				th += " (pinned: " + u.Band.Pinned + ", R-BAND-4)"
			}
		}
		bd.add("R-BAND-3", fmt.Sprintf("%s: population %d, %s", u.Key, u.Band.Population, th), pinRef(x, u))
		if u.Of != "" {
			bd.add("R-BAND-6", fmt.Sprintf("%s value %d → %s", u.Key.Measure, u.Value.V, u.Of), nil)
		}
	}
	if x.ContractBand != "" {
		bd.add("R-BAND-7", "contract band "+x.ContractBand, nil)
	}
	return bd.Section
}

func (x *Explanation) objectiveSection() Section {
	c := &x.Contract
	ob := section{Section{Title: "Objectives (R-OBJ-*)"}}
	if x.Increase.Valid {
		cell := ""
		if x.IncreaseCell != "" {
			cell = "; this cell's confidence: " + x.IncreaseCell
		}
		ob.add("R-OBJ-2", fmt.Sprintf("required increase %s (band %s, option %d%s)", ratioStr(x.Increase), x.ContractBand, c.Option, cell), x.ref("objective_grid"))
	}
	ob.add(objRule(x.TargetFA.From), "target file_active "+x.TargetFA.String(), nil)
	if x.GP {
		ob.add(objRule(x.TargetMT.From), "target MT "+x.TargetMT.String(), x.ref("mt_target_share"))
	}
	ob.add("R-OBJ-5", "objective_source "+x.ObjectiveSource, nil)
	if x.GP && x.Combination != "" {
		ob.add("R-ATT-3", fmt.Sprintf("a GP's attainment is the %s of the file-active and MT rates (regime %s)", x.Combination, x.Regime), x.ref("attainment_combination"))
	}
	return ob.Section
}

// yearSection explains contract year y: table and base, suspended days, instalments,
// then the settlement, or once why there is none in this run.
func (x *Explanation) yearSection(y *YearRecord) Section {
	c := &x.Contract
	ys := section{Section{Title: fmt.Sprintf("Contract year %d [%s, %s)", y.K, y.Start, y.Anniversary)}}
	on := fmt.Sprintf("in force on its first day %s", y.TableDate)
	if y.K == 1 {
		on = fmt.Sprintf("year 1: in force on signed_on %s", c.SignedOn)
	}
	ys.add("R-REG-2", fmt.Sprintf("table %s (%s); R-AMT-1 %s = %s", y.Table, on, y.BaseCol, y.Base), x.refOn("amounts", y.TableDate))
	ys.add("R-SUSP-1", fmt.Sprintf("span %d days to %s, %d suspended; covered %d of %d days", y.SpanDays, y.End, y.SuspendedDays, y.CoveredDays, y.PeriodDays), nil)
	for _, in := range y.Instalments {
		ys.add("R-PAY-1", instalmentText(in), x.ref("instalments"))
	}
	if len(y.Instalments) == 0 {
		ys.add("R-PAY-1", "no instalment in this contract year's schedule", x.ref("instalments"))
	}
	switch {
	case y.WhollySuspended:
		ys.add("R-SUSP-1", "wholly suspended: no settlement", nil)
	case y.Unsettled:
		ys.add("R-PAY-4", fmt.Sprintf("settles on %s, after as_of %s: not settled in this run", y.End, x.AsOf), nil)
	case y.Pending:
		ys.add("R-ATT-1", fmt.Sprintf("pending (NO_ACTIVITY): the settlement of %s needs the activity row of observation year %d, %s; a later run settles it",
			y.End, y.ObservationYear, pendingWhy(y)), nil)
	default:
		x.settlementLines(&ys, y)
	}
	return ys.Section
}

func pendingWhy(y *YearRecord) string {
	if !y.ActivityFound {
		return "which is missing"
	}
	return "whose MT measure is null"
}

func instalmentText(in Instalment) string {
	t := fmt.Sprintf("instalment %d: round(base × %s) = %s on %s (start + %d days)", in.I, in.Share.Fraction(), in.Amount, in.Date, in.OffsetDays)
	if !in.FellDue {
		return t + ": does not fall due, " + in.NotDue
	}
	return t + ": falls due" + inRun(in.Event.InRun)
}

func (x *Explanation) settlementLines(ys *section, y *YearRecord) {
	c := &x.Contract
	ys.add("R-ATT-1", fmt.Sprintf("observation year %d (midpoint of the span); observed file_active %s, MT %s; fs_volet1 %t",
		y.ObservationYear, optStr(y.ObservedFA), optStr(y.ObservedMT), y.FSVolet1), nil)
	if y.Maintain65 {
		ys.add("R-OBJ-6", fmt.Sprintf("doctor aged 65 or more: targets are the baselines (FA %s, MT %s), tolerance %s",
			optStr(y.TargetFA), optStr(y.TargetMT), y.Tolerance.String()), x.ref("maintain_65"))
	}
	ys.add("R-ATT-2", "file_active rate "+ratioStr(y.RateFA), nil)
	att := "attainment " + ratioStr(y.Attainment)
	if x.GP {
		ys.add("R-ATT-2", "MT rate "+ratioStr(y.RateMT), nil)
		if y.Attainment.Valid {
			att += " (" + x.Combination + " of the two rates)"
		}
	}
	ys.add("R-ATT-3", att, x.ref("attainment_combination"))
	ys.add("R-MOD-1", "modulation "+ratioStr(SomeRatio(y.Modulation)), x.ref("modulation"))
	ys.add("R-PAY-3", "prorata "+ratioStr(SomeRatio(y.Prorata))+" (covered days / days of the year)", nil)
	if y.CoordDeadline.Valid {
		ys.add("R-COORD-1", fmt.Sprintf("deadline %s; coordinated_since %s → %s", y.CoordDeadline.V, dateStr(c.CoordinatedSince), passFail(y.CoordOK)), x.ref("coordination"))
	}
	ys.add("R-FS-1", "forfait structure volet 1 → "+passFail(y.FSOK), nil)
	if s := y.Settlement; s != nil {
		p := s.Payment
		ys.add("R-PAY-2", fmt.Sprintf("settlement on %s%s: due %s = round(%s × modulation × prorata)%s; already paid %s (instalments that fell due); payable %s",
			p.EventDate, inRun(s.InRun), p.Due, p.BaseAmount, reasonsNote(p.Reasons), p.AlreadyPaid, p.Payable), nil)
	}
}

var checkParam = map[string]string{"E-SECTOR": "sectors", "E-SPECIALTY": "specialties", "E-FLOOR": "floor", "E-OPTION": "option_rule", "E-GROUP": "group_required", "E-CLINICAL": "clinical_test"}

func pinRef(x *Explanation, u DistUse) *Ref {
	if u.Band.Pinned == "" {
		return nil
	}
	return x.ref("pins")
}

func objRule(from string) string {
	switch from {
	case "contract":
		return "R-OBJ-5"
	case "new_installation":
		return "R-OBJ-4"
	}
	return "R-OBJ-3"
}

func (x *Explanation) statusSection() Section {
	l := x.Ledger()
	s := Section{Title: "Status for the run"}
	text := fmt.Sprintf("status %s", x.Status)
	if len(x.Reasons) > 0 {
		text += " (" + strings.Join(x.Reasons, ";") + ")"
	}
	text += fmt.Sprintf("; %d event(s) in %d up to %s, payable total %s", l.Events, x.RunYear, x.AsOf, l.PayableTotal)
	s.Lines = append(s.Lines, Line{Rule: "R-PAY-4", Text: text})
	if x.Problem != "" {
		s.Lines = append(s.Lines, Line{Rule: x.ProblemRule, Text: "parameter problem: " + x.Problem})
	}
	return s
}

func found(ok bool) string {
	if ok {
		return "found"
	}
	return "missing"
}

func inRun(ok bool) string {
	if ok {
		return " (in this run)"
	}
	return " (not in this run)"
}

func passFail(ok bool) string {
	if ok {
		return "pass"
	}
	return "FAIL"
}

func dateStr(d OptDate) string {
	if !d.Valid {
		return "null"
	}
	return d.V.String()
}

func reasonsNote(r string) string {
	if r == "" {
		return ""
	}
	return ", 0 because " + r
}

// WriteText writes the explanation for people: one line per value, its rule id first.
func (x *Explanation) WriteText(w io.Writer) error {
	c := &x.Contract
	var sb strings.Builder
	fmt.Fprintf(&sb, "contract %s, doctor %s: payment year %d, as of %s\n", c.ContractID, c.DoctorID, x.RunYear, x.AsOf)
	for _, s := range x.Sections() {
		fmt.Fprintf(&sb, "\n%s\n", s.Title)
		for _, l := range s.Lines {
			rule := l.Rule
			if rule == "" {
				rule = "-"
			}
			fmt.Fprintf(&sb, "  %-10s %s", rule, l.Text)
			if l.Param != nil && s.Title != "Parameters used" {
				fmt.Fprintf(&sb, "  [%s from %s: %s; %s]", l.Param.Param, l.Param.From, l.Param.Source, l.Param.Confidence)
			}
			sb.WriteByte('\n')
		}
	}
	_, err := io.WriteString(w, sb.String())
	return err
}
