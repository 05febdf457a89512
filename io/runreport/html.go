package runreport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"slices"
	"strconv"
	"strings"
)

// ErrLang is an unknown --lang.
var ErrLang = errors.New("unknown language")

// Langs are the languages of the page, each with its label table and formats.
func Langs() []string { return []string{"en", "fr"} }

// Options choose what Build reports.
type Options struct {
	Lang          string // "en" or "fr"
	Source        string // the partition as the user named it (shown; default: the folder)
	CompareDir    string // OLD partition for the diff summary; "" for none
	CompareSource string // OLD as the user named it (default: CompareDir)
}

// Build reads the partition dir (and OLD), and returns the page's bytes. Errors are
// *FileError (partition unreadable or incomplete) or wrap ErrLang.
func Build(dir string, opt Options) ([]byte, error) {
	if _, ok := labels[opt.Lang]; !ok {
		return nil, fmt.Errorf("%w %q: want %s", ErrLang, opt.Lang, strings.Join(Langs(), " or "))
	}
	p, err := Load(dir)
	if err != nil {
		return nil, err
	}
	var c *Comparison
	if opt.CompareDir != "" {
		if c, err = Compare(opt.CompareDir, orDefault(opt.CompareSource, opt.CompareDir), p); err != nil {
			return nil, err
		}
	}
	s, err := Summarize(p, orDefault(opt.Source, dir), c)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := Render(&b, s, opt.Lang); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func orDefault(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// page accumulates the HTML of one language.
type page struct {
	b   bytes.Buffer
	lab map[string]string
	loc locale
}

func (p *page) t(key string) string {
	s, ok := p.lab[key]
	if !ok {
		panic("runreport: no label " + key) // the label tables are tested to be complete
	}
	return s
}

// tOr is the label of key when there is one, else fallback (codes that have no label).
func (p *page) tOr(key, fallback string) string {
	if s, ok := p.lab[key]; ok {
		return s
	}
	return fallback
}

func (p *page) w(parts ...string) {
	for _, s := range parts {
		p.b.WriteString(s)
	}
}

func esc(s string) string { return html.EscapeString(s) }

// Render writes the page of s in lang.
func Render(w io.Writer, s *Summary, lang string) error {
	lab, ok := labels[lang]
	if !ok {
		return fmt.Errorf("%w %q", ErrLang, lang)
	}
	p := &page{lab: lab, loc: locales[lang]}
	m := s.P.Manifest
	year := strconv.Itoa(m.Year)
	p.w(`<!DOCTYPE html>
<html lang="`, lang, `">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>`, esc(p.t("title")), ` `, year, `</title>
<style>`, css, `</style>
</head>
<body>
<header><h1>`, esc(p.t("title")), ` `, year, `</h1><p class="src">`, esc(s.Source), `</p></header>
`)
	p.run(s)
	p.money(s)
	p.months(s)
	p.breakdown("regime_option", p.t("col.regime_option"), s.ByRegimeOption)
	p.breakdown("specialty", p.t("col.specialty"), s.BySpecialty)
	p.statuses(s)
	p.breakdown("bands", p.t("col.band"), s.ContractBands)
	p.attainment(s)
	p.top(s)
	p.rejects(s)
	p.distributions(s)
	if s.Compare != nil {
		p.compare(s.Compare)
	}
	j, err := embeddedJSON(s)
	if err != nil {
		return err
	}
	p.w(`<footer>`, esc(p.t("footer")), `</footer>
<script type="application/json" id="amcalc-report">`, string(j), `</script>
</body>
</html>
`)
	_, err = w.Write(p.b.Bytes())
	return err
}

func (p *page) section(id string) {
	p.w(`<section id="`, id, `"><h2>`, esc(p.t("h."+id)), `</h2>`, "\n")
	if note, ok := p.lab["note."+id]; ok {
		p.w(`<p class="note">`, esc(note), "</p>\n")
	}
}

// events is the unit of a count of events, singular for 0 and 1 in French, 1 in English.
func (p *page) events(n int) string {
	if n == 1 || (n == 0 && p.loc.zeroOne) {
		return p.t("unit.event")
	}
	return p.t("unit.events")
}

func (p *page) end() { p.w("</section>\n") }

func (p *page) run(s *Summary) {
	m := s.P.Manifest
	l := p.loc
	p.section("run")
	p.w(`<dl class="facts">`)
	fact := func(k, v string) { p.w(`<div><dt>`, esc(p.t(k)), `</dt><dd>`, v, `</dd></div>`) }
	fact("run.year", strconv.Itoa(m.Year))
	fact("run.as_of", esc(l.Date(m.AsOf)))
	fact("run.program", esc(m.ProgramVersion))
	fact("run.rules", esc(m.RulesVersion))
	fact("run.params", `<code title="`+esc(m.ParamsSHA256)+`">`+esc(short(m.ParamsSHA256))+`</code>`)
	fact("run.started", esc(strings.Replace(m.StartedAt, "T", " ", 1)))
	fact("run.finished", esc(strings.Replace(m.FinishedAt, "T", " ", 1)))
	p.w("</dl>\n")

	p.w(`<table><thead><tr><th>`, esc(p.t("col.input")), `</th><th>`, esc(p.t("col.path")), `</th><th class="n">`,
		esc(p.t("col.files")), `</th><th class="n">`, esc(p.t("col.rows")), `</th><th class="n">`, esc(p.t("col.rejected")), "</th></tr></thead><tbody>\n")
	for _, in := range m.Inputs {
		p.w(`<tr><td>`, esc(in.Name), `</td><td><code>`, esc(in.Arg), `</code></td><td class="n">`, l.Int(int64(len(in.Files))),
			`</td><td class="n">`, l.Int(in.Rows), `</td><td class="n">`, l.Int(in.RowsRejected), "</td></tr>\n")
	}
	p.w("</tbody></table>\n")

	// Conservation: every contract row read is in the ledger or rejected, never both.
	ledger := int64(s.P.Contracts.NumRows())
	if rows, rej, ok := s.input("contracts"); ok {
		good := rows == ledger+rej
		mark, class := "✓", "ok"
		if !good {
			mark, class = "✗", "bad"
		}
		p.w(`<p class="`, class, `">`, esc(p.t("run.conservation")), ` `, l.Int(rows), ` = `, l.Int(ledger), ` + `, l.Int(rej),
			` `, mark, "</p>\n")
	}

	p.w(`<table><thead><tr><th>`, esc(p.t("col.output")), `</th><th class="n">`, esc(p.t("col.rows")), `</th><th>sha256</th><th class="n">`,
		esc(p.t("col.payable")), "</th></tr></thead><tbody>\n")
	for _, o := range m.Outputs {
		pay := ""
		if o.PayableTotal != "" {
			if c, ok := parseCents(o.PayableTotal); ok {
				pay = l.Money(c)
			} else {
				pay = esc(o.PayableTotal)
			}
		}
		p.w(`<tr><td>`, esc(o.File), `</td><td class="n">`, l.Int(o.Rows), `</td><td><code title="`, esc(o.SHA256), `">`,
			esc(short(o.SHA256)), `</code> ✓</td><td class="n">`, pay, "</td></tr>\n")
	}
	p.w("</tbody></table>\n")
	if len(m.ParamsAssumptions) > 0 {
		p.w(`<h3>`, esc(p.t("run.assumptions")), "</h3>\n<ul class=\"assumptions\">\n")
		for _, a := range m.ParamsAssumptions {
			p.w("<li>", esc(a), "</li>\n")
		}
		p.w("</ul>\n")
	}
	p.end()
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12] + "…"
	}
	return sha
}

// parseCents reads the manifest's "7074325.17".
func parseCents(s string) (int64, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, ok := strings.Cut(s, ".")
	if !ok || len(frac) != 2 {
		return 0, false
	}
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	c := w*100 + f
	if neg {
		c = -c
	}
	return c, true
}

func (p *page) money(s *Summary) {
	l := p.loc
	p.section("money")
	tile := func(key string, c int64, n int, class string) {
		p.w(`<div class="tile `, class, `"><div class="k">`, esc(p.t(key)), `</div><div class="v">`, l.Money(c), `</div>`)
		if n >= 0 {
			p.w(`<div class="c">`, l.Int(int64(n)), ` `, esc(p.events(n)), `</div>`)
		}
		p.w("</div>\n")
	}
	p.w(`<div class="tiles">`)
	tile("money.total", s.PayableTotal, s.Events, "main")
	tile("money.instalments", s.Instalments.Cents, s.Instalments.N, "")
	tile("money.settlements", s.Settlements.Cents, s.Settlements.N, "")
	tile("money.payouts", s.Payouts.Cents, s.Payouts.N, "")
	tile("money.recoveries", s.Recoveries.Cents, s.Recoveries.N, "neg")
	p.w("</div>\n")
	mark, class := "✓", "ok"
	if s.LedgerPayable != s.PayableTotal {
		mark, class = "✗", "bad"
	}
	p.w(`<p class="`, class, `">`, esc(p.t("money.ledger")), ` `, l.Money(s.LedgerPayable), ` `, mark, "</p>\n")
	if s.V13 {
		p.w(`<p>`, esc(p.t("money.suspended")), ` `, l.Int(s.SuspendedDays), "</p>\n")
	}
	p.end()
}

// pct is 100·v/max as text with one decimal ("37.5"), for CSS widths; integer arithmetic.
func pct(v, max int64) string {
	if max <= 0 {
		return "0"
	}
	t := abs(v) * 1000 / max
	return strconv.FormatInt(t/10, 10) + "." + strconv.FormatInt(t%10, 10)
}

func (p *page) months(s *Summary) {
	l := p.loc
	p.section("months")
	const left, top, barW, gap, plotH = 8, 24, 54, 10, 160
	var maxPos, maxNeg int64
	for _, g := range s.ByMonth {
		maxPos = max(maxPos, g.Cents)
		maxNeg = max(maxNeg, -g.Cents)
	}
	span := max(maxPos+maxNeg, 1)
	zero := top + plotH*maxPos/span
	width := left*2 + len(s.ByMonth)*(barW+gap)
	height := top + plotH + 40
	p.w(`<svg class="chart" viewBox="0 0 `, itoa(width), ` `, itoa(height), `" width="`, itoa(width), `" height="`, itoa(height),
		`" role="img" aria-label="`, esc(p.t("h.months")), `">`, "\n")
	for i, g := range s.ByMonth {
		x := left + i*(barW+gap)
		h := int(plotH * abs(g.Cents) / span)
		y := int(zero)
		class := "bar"
		if g.Cents >= 0 {
			y -= h
		} else {
			class = "bar neg"
		}
		label := p.monthLabel(g.Key)
		p.w(`<rect class="`, class, `" x="`, itoa(x), `" y="`, itoa(y), `" width="`, itoa(barW), `" height="`, itoa(max(h, 0)), `"><title>`,
			esc(label), `: `, l.Money(g.Cents), ` (`, l.Int(int64(g.Events)), ` `, esc(p.events(g.Events)), `)</title></rect>`)
		ty := y - 4
		if g.Cents < 0 {
			ty = y + h + 12
		}
		p.w(`<text class="val" x="`, itoa(x+barW/2), `" y="`, itoa(ty), `">`, p.kEuro(g.Cents), `</text>`)
		p.w(`<text class="lab" x="`, itoa(x+barW/2), `" y="`, itoa(top+plotH+18), `">`, esc(label), "</text>\n")
	}
	p.w(`<line class="axis" x1="0" x2="`, itoa(width), `" y1="`, itoa(int(zero)), `" y2="`, itoa(int(zero)), `"/>`, "\n</svg>\n")
	p.w(`<p class="note">`, esc(p.t("months.unit")), "</p>\n")
	p.end()
}

func itoa(i int) string { return strconv.Itoa(i) }

// kEuro is cents in thousands of euros, rounded half away from zero: "1,234".
func (p *page) kEuro(c int64) string {
	neg, u := split(c)
	k := (u + 50_000) / 100_000
	if neg && k > 0 {
		return minus + p.loc.group(k)
	}
	return p.loc.group(k)
}

func (p *page) monthLabel(key string) string {
	if len(key) == 7 && key[4] == '-' {
		if m, err := strconv.Atoi(key[5:]); err == nil && m >= 1 && m <= 12 {
			return p.t("month." + key[5:])
		}
	}
	return key
}

// breakdown is a table of groups with a bar of each group's payable.
func (p *page) breakdown(id, keyHead string, groups []Group) {
	l := p.loc
	p.section(id)
	var top int64
	for _, g := range groups {
		top = max(top, abs(g.Cents))
	}
	p.w(`<table class="bars"><thead><tr><th>`, esc(keyHead), `</th><th class="n">`, esc(p.t("col.contracts")), `</th><th class="n">`,
		esc(p.t("col.events")), `</th><th class="n">`, esc(p.t("col.payable")), "</th><th></th></tr></thead><tbody>\n")
	for _, g := range groups {
		class := "bar"
		if g.Cents < 0 {
			class = "bar neg"
		}
		p.w(`<tr><td>`, esc(p.tOr("band."+g.Key, g.Key)), `</td><td class="n">`, l.Int(int64(g.Contracts)), `</td><td class="n">`, l.Int(int64(g.Events)),
			`</td><td class="n">`, l.Money(g.Cents), `</td><td class="barcell"><span class="`, class, `" style="width:`, pct(g.Cents, top), "%\"></span></td></tr>\n")
	}
	p.w("</tbody></table>\n")
	p.end()
}

func (p *page) statuses(s *Summary) {
	l := p.loc
	p.section("statuses")
	p.w(`<table><thead><tr><th>`, esc(p.t("col.status")), `</th><th class="n">`, esc(p.t("col.contracts")), `</th><th class="n">`,
		esc(p.t("col.payable")), `</th><th>`, esc(p.t("col.reasons")), "</th></tr></thead><tbody>\n")
	for _, st := range s.Statuses {
		p.w(`<tr><td><span class="st st-`, esc(st.Status), `">`, esc(p.tOr("status."+st.Status, st.Status)), `</span>`)
		if p.tOr("status."+st.Status, st.Status) != st.Status {
			p.w(` <code>`, esc(st.Status), `</code>`)
		}
		p.w(`</td><td class="n">`, l.Int(int64(st.Contracts)), `</td><td class="n">`, l.Money(st.Cents), `</td><td>`)
		for i, r := range st.Reasons {
			if i > 0 {
				p.w(", ")
			}
			p.w(`<code>`, esc(r.Code), `</code> × `, l.Int(int64(r.N)))
		}
		p.w("</td></tr>\n")
	}
	p.w("</tbody></table>\n")
	p.end()
}

func (p *page) attainment(s *Summary) {
	l := p.loc
	p.section("attainment")
	const left, top, barW, plotH = 30, 30, 40, 140
	maxN := 1
	for _, b := range s.Attainment {
		maxN = max(maxN, b.N)
	}
	width := left + len(s.Attainment)*barW + 10
	height := top + plotH + 36
	p.w(`<svg class="chart" viewBox="0 0 `, itoa(width), ` `, itoa(height), `" width="`, itoa(width), `" height="`, itoa(height),
		`" role="img" aria-label="`, esc(p.t("h.attainment")), `">`, "\n")
	for i, b := range s.Attainment {
		x := left + i*barW
		h := plotH * b.N / maxN
		label := p.loc.Percent(b.Lo) + "+"
		if b.Hi >= 0 {
			label = strconv.Itoa(b.Lo) + "–" + p.loc.Percent(b.Hi)
		}
		class := "bar"
		if b.Hi >= 0 && b.Hi <= 75 {
			class = "bar low"
		}
		p.w(`<rect class="`, class, `" x="`, itoa(x+2), `" y="`, itoa(top+plotH-h), `" width="`, itoa(barW-4), `" height="`, itoa(h), `"><title>`,
			esc(label), `: `, l.Int(int64(b.N)), `</title></rect>`)
		if b.N > 0 {
			p.w(`<text class="val" x="`, itoa(x+barW/2), `" y="`, itoa(top+plotH-h-3), `">`, l.Int(int64(b.N)), `</text>`)
		}
		if i%2 == 0 || b.Hi < 0 {
			tick := strconv.Itoa(b.Lo)
			if b.Hi < 0 {
				tick += "+"
			}
			p.w(`<text class="lab" x="`, itoa(x), `" y="`, itoa(top+plotH+14), `">`, tick, `</text>`)
		}
		p.w("\n")
	}
	// R-MOD-1: below 75 % attainment, a year-3 settlement is modulated.
	x75 := left + 75*barW/binWidth
	p.w(`<line class="axis" x1="`, itoa(left), `" x2="`, itoa(width), `" y1="`, itoa(top+plotH), `" y2="`, itoa(top+plotH), `"/>`,
		`<line class="mark" x1="`, itoa(x75), `" x2="`, itoa(x75), `" y1="`, itoa(top-24), `" y2="`, itoa(top+plotH+4), `"/>`,
		`<text class="mark" x="`, itoa(x75+4), `" y="`, itoa(top-12), `">`, l.Percent(75), ` (R-MOD-1)</text>`,
		`<text class="lab" x="`, itoa(width/2), `" y="`, itoa(top+plotH+30), `">`, esc(p.t("attainment.axis")), `</text>`, "\n</svg>\n")
	p.w(`<table><tbody>`,
		`<tr><td>`, esc(p.t("attainment.settlements")), `</td><td class="n">`, l.Int(int64(s.AttainmentSettlement.N)), "</td></tr>\n",
		`<tr><td>`, esc(p.t("attainment.null")), `</td><td class="n">`, l.Int(int64(s.AttainmentNull)), "</td></tr>\n",
		`<tr><td>`, esc(p.t("attainment.base")), `</td><td class="n">`, l.Money(s.AttainmentBase), "</td></tr>\n",
		`<tr><td>`, esc(p.t("attainment.due")), `</td><td class="n">`, l.Money(s.AttainmentDue), "</td></tr>\n",
		`<tr class="strong"><td>`, esc(p.t("attainment.withheld")), `</td><td class="n">`, l.Money(s.AttainmentBase-s.AttainmentDue), "</td></tr>\n",
		"</tbody></table>\n")
	p.end()
}

func (p *page) top(s *Summary) {
	p.section("top")
	p.w(`<div class="two">`)
	for _, part := range []struct {
		key    string
		events []Event
	}{{"top.recoveries", s.TopRecoveries}, {"top.payments", s.TopPayments}} {
		p.w(`<div><h3>`, esc(p.t(part.key)), `</h3><table><thead><tr><th>contract_id</th><th class="n">`, esc(p.t("col.year")), `</th><th>`,
			esc(p.t("col.kind")), `</th><th>`, esc(p.t("col.date")), `</th><th class="n">`, esc(p.t("col.payable")), "</th></tr></thead><tbody>\n")
		if len(part.events) == 0 {
			p.w(`<tr><td colspan="5">`, esc(p.t("none")), "</td></tr>\n")
		}
		for _, e := range part.events {
			kind := p.tOr("kind."+e.Kind, e.Kind)
			if e.Instalment != "" {
				kind += " " + e.Instalment
			}
			p.w(`<tr><td><code>`, esc(e.ContractID), `</code></td><td class="n">`, strconv.FormatInt(e.ContractYear, 10), `</td><td>`, esc(kind),
				`</td><td>`, esc(p.loc.Date(e.Date)), `</td><td class="n">`, p.loc.Money(e.Cents), "</td></tr>\n")
		}
		p.w("</tbody></table></div>\n")
	}
	p.w("</div>\n")
	p.end()
}

func (p *page) rejects(s *Summary) {
	p.section("rejects")
	p.w(`<table class="bars"><thead><tr><th>`, esc(p.t("col.input")), `</th><th>`, esc(p.t("col.problem")), `</th><th class="n">`,
		esc(p.t("col.rows")), "</th><th></th></tr></thead><tbody>\n")
	if len(s.Rejects) == 0 {
		p.w(`<tr><td colspan="4">`, esc(p.t("none")), "</td></tr>\n")
	}
	top := 0
	for _, r := range s.Rejects {
		top = max(top, r.N)
	}
	for _, r := range s.Rejects {
		p.w(`<tr><td>`, esc(r.Input), `</td><td><code>`, esc(r.Problem), `</code></td><td class="n">`, p.loc.Int(int64(r.N)),
			`</td><td class="barcell"><span class="bar neg" style="width:`, pct(int64(r.N), int64(top)), "%\"></span></td></tr>\n")
	}
	p.w("</tbody></table>\n")
	p.end()
}

func (p *page) distributions(s *Summary) {
	l := p.loc
	p.section("distributions")
	// One scale per measure, so that the rows of a measure compare at a glance.
	scale := map[string]int64{}
	for _, d := range s.Distributions {
		if t := d.Thresholds[4]; t != nil {
			scale[d.Measure] = max(scale[d.Measure], *t)
		}
	}
	names := []string{"P30", "P50", "P70", "P90", "P95"}
	p.w(`<table class="dist"><thead><tr><th class="n">`, esc(p.t("col.reference_year")), `</th><th>`, esc(p.t("col.specialty")), `</th><th>`,
		esc(p.t("col.measure")), `</th><th class="n">`, esc(p.t("col.population")), `</th>`)
	for _, n := range names {
		p.w(`<th class="n">`, n, `</th>`)
	}
	p.w(`<th>`, esc(p.t("col.axis")), "</th></tr></thead><tbody>\n")
	const axisW, axisH, pad = 260, 22, 6
	for _, d := range s.Distributions {
		p.w(`<tr><td class="n">`, strconv.FormatInt(d.ReferenceYear, 10), `</td><td>`, esc(d.Specialty), `</td><td>`, esc(d.Measure),
			`</td><td class="n">`, l.Int(d.Population), `</td>`)
		for j, t := range d.Thresholds {
			v := "—"
			if t != nil {
				v = l.Int(*t)
				if slices.Contains(pinnedNames(d.Pinned), strings.ToLower(names[j])) {
					v += "*"
				}
			}
			p.w(`<td class="n">`, v, `</td>`)
		}
		p.w(`<td><svg class="axis1" viewBox="0 0 `, itoa(axisW), ` `, itoa(axisH), `" width="`, itoa(axisW), `" height="`, itoa(axisH), `">`,
			`<line class="axis" x1="`, itoa(pad), `" x2="`, itoa(axisW-pad), `" y1="14" y2="14"/>`)
		if top := scale[d.Measure]; top > 0 {
			for j, t := range d.Thresholds {
				if t == nil {
					continue
				}
				x := pad + int(int64(axisW-2*pad)**t/top)
				p.w(`<line class="tick t`, itoa(j), `" x1="`, itoa(x), `" x2="`, itoa(x), `" y1="6" y2="20"><title>`, names[j], ` `, l.Int(*t), `</title></line>`)
			}
		}
		p.w("</svg></td></tr>\n")
	}
	p.w("</tbody></table>\n")
	p.w(`<p class="note">`, esc(p.t("dist.legend")), "</p>\n")
	p.end()
}

// pinnedNames splits the bands' pinned column ("p30", or several names; DATA.md gives no
// separator, so any of ",; " separates).
func pinnedNames(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
}

func (p *page) compare(c *Comparison) {
	l := p.loc
	p.section("compare")
	p.w(`<p>`, esc(p.t("compare.old")), ` <code>`, esc(c.Source), "</code></p>\n")
	p.w(`<table><thead><tr><th>`, esc(p.t("col.table")), `</th><th class="n">`, esc(p.t("compare.old_rows")), `</th><th class="n">`,
		esc(p.t("compare.new_rows")), `</th><th class="n">`, esc(p.t("compare.added")), `</th><th class="n">`, esc(p.t("compare.removed")),
		`</th><th class="n">`, esc(p.t("compare.changed")), `</th><th>`, esc(p.t("compare.problems")), "</th></tr></thead><tbody>\n")
	rows := func(n int) string {
		if n < 0 {
			return "—"
		}
		return l.Int(int64(n))
	}
	for _, t := range c.Report.Tables {
		probs := append(slices.Clone(t.Problems), t.OnlyOld...)
		probs = append(probs, t.OnlyNew...)
		p.w(`<tr><td>`, esc(t.Table), `</td><td class="n">`, rows(t.OldRows), `</td><td class="n">`, rows(t.NewRows), `</td><td class="n">`,
			l.Int(int64(t.Added)), `</td><td class="n">`, l.Int(int64(t.Removed)), `</td><td class="n">`, l.Int(int64(t.Changed)), `</td><td>`,
			esc(strings.Join(probs, "; ")), "</td></tr>\n")
	}
	p.w("</tbody></table>\n")
	if c.Payable.Old.IsNull() || c.Payable.New.IsNull() {
		p.w(`<p>`, esc(p.t("compare.payable")), " —</p>\n")
	} else {
		o, n := cents(c.Payable.Old), cents(c.Payable.New)
		p.w(`<p class="strong">`, esc(p.t("compare.payable")), ` `, l.Money(o), ` → `, l.Money(n), ` (`, l.SignedMoney(n-o), ")</p>\n")
	}
	if ch := c.Report.Manifest.Changes; len(ch) > 0 {
		p.w(`<h3>`, esc(p.t("compare.manifest")), "</h3>\n<ul class=\"assumptions\">\n")
		for _, x := range ch {
			p.w(`<li><code>`, esc(x.Path), `</code>: `, esc(raw(x.Old)), ` → `, esc(raw(x.New)), "</li>\n")
		}
		p.w("</ul>\n")
	}
	p.w(`<h3>`, esc(p.t("compare.movers")), "</h3>\n")
	p.w(`<table><thead><tr><th>contract_id</th><th></th><th class="n">`, esc(p.t("compare.before")), `</th><th class="n">`, esc(p.t("compare.after")),
		`</th><th class="n">Δ</th></tr></thead><tbody>`, "\n")
	if len(c.Movers) == 0 {
		p.w(`<tr><td colspan="5">`, esc(p.t("none")), "</td></tr>\n")
	}
	for _, m := range c.Movers {
		p.w(`<tr><td><code>`, esc(m.ContractID), `</code></td><td>`, esc(p.t("op."+opName(m.Op))), `</td><td class="n">`, l.Money(m.Old),
			`</td><td class="n">`, l.Money(m.New), `</td><td class="n">`, l.SignedMoney(m.New-m.Old), "</td></tr>\n")
	}
	p.w("</tbody></table>\n")
	p.end()
}

func opName(op string) string {
	switch op {
	case "+":
		return "added"
	case "-":
		return "removed"
	}
	return "changed"
}

func raw(m json.RawMessage) string {
	if m == nil {
		return "—"
	}
	return string(m)
}
