package calc

import "fmt"

// RULES.md §6: amounts.

// AmountColumn implements R-AMT-1: the column of the amount table a contract year reads.
// band p95_plus → y1 every year; k = 1 → y1; k = 2 → y2; k ≥ 3 → y3, or y3_p90 for band
// p90_p95.
func AmountColumn(k int, band string) string {
	switch {
	case band == BandP95Plus, k == 1:
		return "y1"
	case k == 2:
		return "y2"
	case band == BandP90P95:
		return "y3_p90"
	}
	return "y3"
}

// Column returns the amount of one column of the row.
func (r AmountRow) Column(col string) (Cents, bool) {
	switch col {
	case "y1":
		return r.Y1, true
	case "y2":
		return r.Y2, true
	case "y3":
		return r.Y3, true
	case "y3_p90":
		return r.Y3P90, true
	}
	return 0, false
}

// base fills base_k of contract year y (R-AMT-1) from the table R-REG-2 names: year 1's
// is the one in force on signed_on, a later year's the one in force on its first day (the
// amounts parameter is keyed by contract_year).
func (e *evaluator) base(y *YearRecord) {
	c, x := e.c, e.x
	table, ref := paramRef[AmountTable](e, "amounts", &yearKey{y.K, y.Start})
	if e.err != nil {
		return
	}
	y.Table, y.TableDate = table.Name, tableDate(c.SignedOn, y.K, y.Start)
	y.BaseCol = AmountColumn(y.K, x.ContractBand)
	row, ok := table.Options[c.Option]
	if ok {
		y.Base, ok = row.Column(y.BaseCol)
	}
	if !ok {
		e.fail("R-AMT-1", fmt.Errorf("parameter amounts from %s: table %s has no cell %d.%s", ref.From, table.Name, c.Option, y.BaseCol))
		return
	}
	if len(table.Cells) == 0 {
		return
	}
	key := fmt.Sprintf("%d.%s", c.Option, y.BaseCol)
	if n, ok := table.Cells[key]; ok && n.Confidence == "assumption" {
		e.assume(fmt.Sprintf("amounts from %s cell %s: %s", table.From, key, n.Source))
	}
}

// tableDate is R-REG-2's date for contract year k: signed_on for year 1, start_k after.
func tableDate(signedOn Date, k int, start Date) Date {
	if k == 1 {
		return signedOn
	}
	return start
}
