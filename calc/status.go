package calc

// runStatus implements the ledger status of a started, eligible contract (DATA.md
// "contracts"): pending (a settlement of the run lacks its observation, R-ATT-1) outranks
// paid (≥ 1 event, R-PAY-4); then closed (coverage ended on or before 1 January), else
// no_event.
func runStatus(years []YearRecord, coverageEnd Date, runYear int) (string, []string) {
	events, pending := 0, false
	for i := range years {
		y := &years[i]
		events += y.eventCount()
		pending = pending || (y.InRun && y.Pending)
	}
	switch {
	case pending:
		return StatusPending, []string{ReasonNoActivity}
	case events > 0:
		return StatusPaid, nil
	case coverageEnd <= YearStart(runYear):
		return StatusClosed, nil
	}
	return StatusNoEvent, nil
}
