package runreport

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/partdiff"
)

// Summary is everything the page shows, computed from a Partition (and a comparison).
// Money is in cents; every list is in display order.
type Summary struct {
	Source string // the partition as named on the command line
	P      *Partition

	Events               int
	PayableTotal         int64
	Instalments          Sum // kind advance (R-PAY-1)
	Settlements          Sum // kind settlement (R-PAY-2)
	Recoveries           Sum // payable < 0 (R-PAY-2: an overpayment to recover)
	Payouts              Sum // payable > 0
	LedgerPayable        int64
	ByMonth              []Group // "2024-01"…"2024-12", then any month outside the year
	ByRegimeOption       []Group // key "R2 · 2"
	BySpecialty          []Group
	Statuses             []StatusGroup
	ContractBands        []Group
	Attainment           []Bin // settlements of contract years ≥ 3 (R-MOD-1)
	AttainmentNull       int
	AttainmentSettlement Sum   // those settlements
	AttainmentBase       int64 // Σ base_amount of those settlements
	AttainmentDue        int64 // Σ due of those settlements
	TopPayments          []Event
	TopRecoveries        []Event
	Rejects              []RejectGroup
	RejectsByProblem     map[string]int64
	Distributions        []Distribution
	V13                  bool // payments carry instalment and suspended_days
	SuspendedDays        int64

	Compare *Comparison
}

// Sum is a count of rows and their total in cents.
type Sum struct {
	N     int
	Cents int64
}

func (s *Sum) add(c int64) { s.N++; s.Cents += c }

// Group is one line of a breakdown: contracts of the ledger, payment events and payable.
type Group struct {
	Key       string
	Contracts int
	Events    int
	Cents     int64
}

// StatusGroup is a ledger status with its contracts and reasons (code → contracts).
type StatusGroup struct {
	Status    string
	Contracts int
	Cents     int64
	Reasons   []Count
}

// Count is a code and how many times it occurs.
type Count struct {
	Code string
	N    int
}

// Bin is a histogram bar of attainment: Lo ≤ attainment < Hi, in percent (Hi < 0: open).
type Bin struct {
	Lo, Hi int
	N      int
}

// Event is one payment row.
type Event struct {
	ContractID   string
	ContractYear int64
	Kind         string
	Instalment   string // "" on a settlement or a v1.2 file
	Date         string // YYYY-MM-DD
	Cents        int64
}

// RejectGroup counts the rejected rows of one input × problem.
type RejectGroup struct {
	Input, Problem string
	N              int
}

// Distribution is a bands row: thresholds are nil when the population is 0.
type Distribution struct {
	ReferenceYear int64
	Specialty     string
	Measure       string
	Population    int64
	Thresholds    [5]*int64 // p30 p50 p70 p90 p95
	Pinned        string
}

// Statuses in DATA.md's severity order; bands lowest first (R-BAND-6).
var (
	statusOrder = calc.Statuses
	bandOrder   = calc.Bands
	inputOrder  = []string{"contracts", "activity", "suspensions"}
)

// attainmentBins are 10-point bins up to 150 %, then one open bin.
const binWidth, binCount = 10, 16

func rank(order []string, s string) int {
	if i := slices.Index(order, s); i >= 0 {
		return i
	}
	return len(order)
}

// byRankThenKey orders keys by a known order, unknown keys after it by bytes.
func byRankThenKey(order []string) func(a, b string) int {
	return func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(order, a), rank(order, b)), strings.Compare(a, b))
	}
}

// column readers: whole columns at once, by name.
func strCol(t *partdiff.Table, name string) []string {
	out := make([]string, t.NumRows())
	for i := range out {
		if v := t.Value(name, i); !v.IsNull() {
			out[i] = v.Str
		}
	}
	return out
}

// intCol returns the values and whether each is present (null or absent column: false).
func intCol(t *partdiff.Table, name string) ([]int64, []bool) {
	out, ok := make([]int64, t.NumRows()), make([]bool, t.NumRows())
	for i := range out {
		if v := t.Value(name, i); v.Kind == partdiff.KindInt || v.Kind == partdiff.KindDate {
			out[i], ok[i] = v.Int, true
		}
	}
	return out, ok
}

// scaledCol reads a decimal (or integer) column as integers of the given scale: cents for
// money (scale 2), millionths for ratios (scale 6). A value with more decimals than that is
// an error, never rounded.
func scaledCol(t *partdiff.Table, name string, scale int32) ([]int64, []bool, error) {
	out, ok := make([]int64, t.NumRows()), make([]bool, t.NumRows())
	for i := range out {
		v := t.Value(name, i)
		s := int32(0)
		switch v.Kind {
		case partdiff.KindNull:
			continue
		case partdiff.KindDecimal:
			s = v.Scale
		case partdiff.KindInt:
		default:
			return nil, nil, fmt.Errorf("column %s row %d: %s is not a number", name, i, v)
		}
		x := v.Int
		for ; s < scale; s++ {
			x *= 10
		}
		for ; s > scale; s-- {
			if x%10 != 0 {
				return nil, nil, fmt.Errorf("column %s row %d: %s has more than %d decimals", name, i, v, scale)
			}
			x /= 10
		}
		out[i], ok[i] = x, true
	}
	return out, ok, nil
}

func dateText(days int64) string {
	return time.Unix(days*86400, 0).UTC().Format(time.DateOnly)
}

// Summarize computes the page's numbers from p; source names it on the page; c is the
// comparison with a previous partition, nil without one.
func Summarize(p *Partition, source string, c *Comparison) (*Summary, error) {
	s := &Summary{Source: source, P: p, Compare: c, RejectsByProblem: map[string]int64{}}
	if err := s.ledgerAndPayments(); err != nil {
		return nil, err
	}
	s.rejects()
	s.bands()
	return s, nil
}

func (s *Summary) ledgerAndPayments() error {
	l, pay := s.P.Contracts, s.P.Payments
	lid, spec, regime := strCol(l, "contract_id"), strCol(l, "specialty"), strCol(l, "regime")
	status, reasons, band := strCol(l, "status"), strCol(l, "reasons"), strCol(l, "band")
	option, optionOK := intCol(l, "option")
	ltotal, _, err := scaledCol(l, "payable_total", 2)
	if err != nil {
		return &FileError{Path: l.Path, Detail: err.Error(), Err: ErrUnreadable}
	}
	type ledgerKeys struct{ regOpt, spec, band string }
	byID := make(map[string]ledgerKeys, l.NumRows())
	regOpt := map[string]*Group{}
	bySpec := map[string]*Group{}
	byBand := map[string]*Group{}
	byStatus := map[string]*StatusGroup{}
	reasonN := map[string]map[string]int{}
	group := func(m map[string]*Group, k string) *Group {
		g := m[k]
		if g == nil {
			g = &Group{Key: k}
			m[k] = g
		}
		return g
	}
	for i := range lid {
		ro := orDash(regime[i]) + " · "
		if optionOK[i] {
			ro += fmt.Sprint(option[i])
		} else {
			ro += "—"
		}
		k := ledgerKeys{ro, orDash(spec[i]), orDash(band[i])}
		byID[lid[i]] = k
		group(regOpt, k.regOpt).Contracts++
		group(bySpec, k.spec).Contracts++
		g := group(byBand, k.band)
		g.Contracts++
		g.Cents += ltotal[i]
		s.LedgerPayable += ltotal[i]
		st := byStatus[status[i]]
		if st == nil {
			st = &StatusGroup{Status: status[i]}
			byStatus[status[i]] = st
			reasonN[status[i]] = map[string]int{}
		}
		st.Contracts++
		st.Cents += ltotal[i]
		if reasons[i] != "" {
			for _, code := range strings.Split(reasons[i], ";") {
				reasonN[status[i]][code]++
			}
		}
	}

	cid, kind := strCol(pay, "contract_id"), strCol(pay, "kind")
	year, _ := intCol(pay, "contract_year")
	date, dateOK := intCol(pay, "event_date")
	inst, instOK := intCol(pay, "instalment")
	susp, _ := intCol(pay, "suspended_days")
	s.V13 = slices.Contains(pay.Columns(), "instalment")
	payable, _, err1 := scaledCol(pay, "payable", 2)
	base, _, err2 := scaledCol(pay, "base_amount", 2)
	due, _, err3 := scaledCol(pay, "due", 2)
	att, attOK, err4 := scaledCol(pay, "attainment", 6)
	if err := cmpErr(err1, err2, err3, err4); err != nil {
		return &FileError{Path: pay.Path, Detail: err.Error(), Err: ErrUnreadable}
	}
	months := map[string]*Group{}
	for m := 1; m <= 12; m++ {
		k := fmt.Sprintf("%04d-%02d", s.P.Manifest.Year, m)
		months[k] = &Group{Key: k}
	}
	bins := make([]Bin, binCount)
	for b := range bins {
		bins[b] = Bin{Lo: b * binWidth, Hi: (b + 1) * binWidth}
	}
	bins[binCount-1].Hi = -1
	events := make([]int, len(cid))
	for i := range cid {
		events[i] = i
		c := payable[i]
		s.Events++
		s.PayableTotal += c
		switch kind[i] {
		case "advance":
			s.Instalments.add(c)
		default:
			s.Settlements.add(c)
		}
		switch {
		case c < 0:
			s.Recoveries.add(c)
		case c > 0:
			s.Payouts.add(c)
		}
		s.SuspendedDays += susp[i]
		month := "—"
		if dateOK[i] {
			month = dateText(date[i])[:7]
		}
		g := group(months, month)
		g.Events++
		g.Cents += c
		k, ok := byID[cid[i]]
		if !ok {
			k = ledgerKeys{"? · ?", "?", "?"} // not in the ledger: shown, never dropped
		}
		g = group(regOpt, k.regOpt)
		g.Events++
		g.Cents += c
		g = group(bySpec, k.spec)
		g.Events++
		g.Cents += c
		if k.band == "?" { // the ledger's payable_total already counts a known contract's
			g = group(byBand, k.band)
			g.Cents += c
		}
		group(byBand, k.band).Events++
		if kind[i] == "settlement" && year[i] >= 3 {
			s.AttainmentSettlement.add(c)
			s.AttainmentBase += base[i]
			s.AttainmentDue += due[i]
			if !attOK[i] {
				s.AttainmentNull++
			} else {
				b := int(min(max(att[i], 0)/(binWidth*10_000), binCount-1))
				bins[b].N++
			}
		}
	}
	s.Attainment = bins

	ev := func(i int) Event {
		e := Event{ContractID: cid[i], ContractYear: year[i], Kind: kind[i], Cents: payable[i]}
		if instOK[i] {
			e.Instalment = fmt.Sprint(inst[i])
		}
		if dateOK[i] {
			e.Date = dateText(date[i])
		}
		return e
	}
	// Largest first; ties in file order (contract_id, contract_year, kind, instalment).
	slices.SortStableFunc(events, func(a, b int) int { return cmp.Compare(payable[b], payable[a]) })
	for _, i := range events {
		if payable[i] <= 0 || len(s.TopPayments) == 10 {
			break
		}
		s.TopPayments = append(s.TopPayments, ev(i))
	}
	slices.SortStableFunc(events, func(a, b int) int { return cmp.Compare(payable[a], payable[b]) })
	for _, i := range events {
		if payable[i] >= 0 || len(s.TopRecoveries) == 10 {
			break
		}
		s.TopRecoveries = append(s.TopRecoveries, ev(i))
	}

	s.ByMonth = sortedGroups(months, func(a, b string) int { return strings.Compare(a, b) })
	s.ByRegimeOption = sortedGroups(regOpt, func(a, b string) int { return strings.Compare(a, b) })
	s.BySpecialty = sortedGroups(bySpec, func(a, b string) int {
		return cmp.Or(cmp.Compare(bySpec[b].Cents, bySpec[a].Cents), strings.Compare(a, b))
	})
	s.ContractBands = sortedGroups(byBand, byRankThenKey(append(slices.Clone(bandOrder), "—")))
	keys := sortedKeys(byStatus, byRankThenKey(statusOrder))
	for _, k := range keys {
		st := byStatus[k]
		for code, n := range reasonN[k] {
			st.Reasons = append(st.Reasons, Count{code, n})
		}
		slices.SortFunc(st.Reasons, func(a, b Count) int { return cmp.Or(cmp.Compare(b.N, a.N), strings.Compare(a.Code, b.Code)) })
		s.Statuses = append(s.Statuses, *st)
	}
	return nil
}

func cmpErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func sortedKeys[V any](m map[string]V, f func(a, b string) int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, f)
	return keys
}

func sortedGroups(m map[string]*Group, f func(a, b string) int) []Group {
	var out []Group
	for _, k := range sortedKeys(m, f) {
		out = append(out, *m[k])
	}
	return out
}

func (s *Summary) rejects() {
	r := s.P.Rejects
	input, problem := strCol(r, "input"), strCol(r, "problem")
	n := map[[2]string]int{}
	for i := range input {
		n[[2]string{input[i], problem[i]}]++
		s.RejectsByProblem[problem[i]]++
	}
	for k, c := range n {
		s.Rejects = append(s.Rejects, RejectGroup{Input: k[0], Problem: k[1], N: c})
	}
	in := byRankThenKey(inputOrder)
	slices.SortFunc(s.Rejects, func(a, b RejectGroup) int {
		return cmp.Or(in(a.Input, b.Input), cmp.Compare(b.N, a.N), strings.Compare(a.Problem, b.Problem))
	})
}

func (s *Summary) bands() {
	b := s.P.Bands
	ry, _ := intCol(b, "reference_year")
	spec, measure, pinned := strCol(b, "specialty"), strCol(b, "measure"), strCol(b, "pinned")
	pop, _ := intCol(b, "population")
	var th [5][]int64
	var thOK [5][]bool
	for j, name := range []string{"p30", "p50", "p70", "p90", "p95"} {
		th[j], thOK[j] = intCol(b, name)
	}
	for i := range ry {
		d := Distribution{ReferenceYear: ry[i], Specialty: spec[i], Measure: measure[i], Population: pop[i], Pinned: pinned[i]}
		for j := range th {
			if thOK[j][i] {
				v := th[j][i]
				d.Thresholds[j] = &v
			}
		}
		s.Distributions = append(s.Distributions, d)
	}
	// File order is DATA.md's (reference_year, specialty, measure): kept.
}

// input is the manifest's rows read and distinct rows rejected of one input.
func (s *Summary) input(name string) (rows, rejected int64, ok bool) {
	for _, in := range s.P.Manifest.Inputs {
		if in.Name == name {
			return in.Rows, in.RowsRejected, true
		}
	}
	return 0, 0, false
}
