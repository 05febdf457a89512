package runreport

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// embedded is the JSON data block of the page (`<script type="application/json"
// id="amcalc-report">`): the page's numbers for tools and tests. Money is a decimal string
// ("7074325.17"), counts are integers; maps come out with sorted keys.
type embedded struct {
	Year                  int                       `json:"year"`
	AsOf                  string                    `json:"as_of"`
	RulesVersion          string                    `json:"rules_version"`
	ProgramVersion        string                    `json:"program_version"`
	PayableTotal          string                    `json:"payable_total"`
	Events                int                       `json:"events"`
	Instalments           jsonSum                   `json:"instalments"`
	Settlements           jsonSum                   `json:"settlements"`
	Recoveries            jsonSum                   `json:"recoveries"`
	Payouts               jsonSum                   `json:"payouts"`
	LedgerContracts       int                       `json:"ledger_contracts"`
	LedgerPayableTotal    string                    `json:"ledger_payable_total"`
	CountsByStatus        map[string]int            `json:"counts_by_status"`
	ReasonsByStatus       map[string]map[string]int `json:"reasons_by_status"`
	PayableByMonth        map[string]string         `json:"payable_by_month"`
	PayableByRegimeOption map[string]string         `json:"payable_by_regime_option"`
	PayableBySpecialty    map[string]string         `json:"payable_by_specialty"`
	ContractsByBand       map[string]int            `json:"contracts_by_band"`
	AttainmentYears3Plus  jsonAttainment            `json:"attainment_years_3_plus"`
	TopPayments           []jsonEvent               `json:"top_payments"`
	TopRecoveries         []jsonEvent               `json:"top_recoveries"`
	RejectsByProblem      map[string]int64          `json:"rejects_by_problem"`
	RejectsByInputProblem map[string]map[string]int `json:"rejects_by_input_problem"`
	Distributions         int                       `json:"distributions"`
	SuspendedDays         *int64                    `json:"suspended_days,omitempty"` // v1.3 payments only
	Compare               *jsonCompare              `json:"compare,omitempty"`
}

type jsonSum struct {
	Count int    `json:"count"`
	Total string `json:"total"`
}

type jsonAttainment struct {
	Settlements        int            `json:"settlements"`
	AttainmentNull     int            `json:"attainment_null"`
	Histogram          map[string]int `json:"histogram"` // "70-80", "150+"
	BaseAmount         string         `json:"base_amount"`
	Due                string         `json:"due"`
	ModulationWithheld string         `json:"modulation_withheld"` // base_amount − due
}

type jsonEvent struct {
	ContractID   string `json:"contract_id"`
	ContractYear int64  `json:"contract_year"`
	Kind         string `json:"kind"`
	Instalment   *int64 `json:"instalment"`
	EventDate    string `json:"event_date"`
	Payable      string `json:"payable"`
}

type jsonCompare struct {
	Old          string                    `json:"old"`
	Tables       map[string]map[string]int `json:"tables"` // added, removed, changed, old_rows, new_rows
	PayableOld   *string                   `json:"payable_old"`
	PayableNew   *string                   `json:"payable_new"`
	PayableDelta *string                   `json:"payable_delta"`
	Movers       []jsonMover               `json:"movers"`
}

type jsonMover struct {
	ContractID string `json:"contract_id"`
	Op         string `json:"op"`
	Old        string `json:"old"`
	New        string `json:"new"`
}

func sumJSON(s Sum) jsonSum { return jsonSum{Count: s.N, Total: jsonMoney(s.Cents)} }

func eventsJSON(evs []Event) []jsonEvent {
	out := []jsonEvent{}
	for _, e := range evs {
		j := jsonEvent{ContractID: e.ContractID, ContractYear: e.ContractYear, Kind: e.Kind, EventDate: e.Date, Payable: jsonMoney(e.Cents)}
		if n, err := strconv.ParseInt(e.Instalment, 10, 64); err == nil {
			j.Instalment = &n
		}
		out = append(out, j)
	}
	return out
}

func groupsJSON(gs []Group) map[string]string {
	m := map[string]string{}
	for _, g := range gs {
		m[g.Key] = jsonMoney(g.Cents)
	}
	return m
}

func embeddedJSON(s *Summary) ([]byte, error) {
	m := s.P.Manifest
	e := embedded{
		Year: m.Year, AsOf: m.AsOf, RulesVersion: m.RulesVersion, ProgramVersion: m.ProgramVersion,
		PayableTotal: jsonMoney(s.PayableTotal), Events: s.Events,
		Instalments: sumJSON(s.Instalments), Settlements: sumJSON(s.Settlements),
		Recoveries: sumJSON(s.Recoveries), Payouts: sumJSON(s.Payouts),
		LedgerContracts: s.P.Contracts.NumRows(), LedgerPayableTotal: jsonMoney(s.LedgerPayable),
		CountsByStatus: map[string]int{}, ReasonsByStatus: map[string]map[string]int{},
		PayableByMonth: groupsJSON(s.ByMonth), PayableByRegimeOption: groupsJSON(s.ByRegimeOption),
		PayableBySpecialty: groupsJSON(s.BySpecialty), ContractsByBand: map[string]int{},
		TopPayments: eventsJSON(s.TopPayments), TopRecoveries: eventsJSON(s.TopRecoveries),
		RejectsByProblem: s.RejectsByProblem, RejectsByInputProblem: map[string]map[string]int{},
		Distributions: len(s.Distributions),
	}
	for _, st := range s.Statuses {
		e.CountsByStatus[st.Status] = st.Contracts
		r := map[string]int{}
		for _, c := range st.Reasons {
			r[c.Code] = c.N
		}
		e.ReasonsByStatus[st.Status] = r
	}
	for _, g := range s.ContractBands {
		e.ContractsByBand[g.Key] = g.Contracts
	}
	a := jsonAttainment{Settlements: s.AttainmentSettlement.N, AttainmentNull: s.AttainmentNull, Histogram: map[string]int{},
		BaseAmount: jsonMoney(s.AttainmentBase), Due: jsonMoney(s.AttainmentDue), ModulationWithheld: jsonMoney(s.AttainmentBase - s.AttainmentDue)}
	for _, b := range s.Attainment {
		k := strconv.Itoa(b.Lo) + "+"
		if b.Hi >= 0 {
			k = strconv.Itoa(b.Lo) + "-" + strconv.Itoa(b.Hi)
		}
		a.Histogram[k] = b.N
	}
	e.AttainmentYears3Plus = a
	for _, r := range s.Rejects {
		if e.RejectsByInputProblem[r.Input] == nil {
			e.RejectsByInputProblem[r.Input] = map[string]int{}
		}
		e.RejectsByInputProblem[r.Input][r.Problem] = r.N
	}
	if s.V13 {
		d := s.SuspendedDays
		e.SuspendedDays = &d
	}
	if c := s.Compare; c != nil {
		jc := &jsonCompare{Old: c.Source, Tables: map[string]map[string]int{}, Movers: []jsonMover{}}
		for _, t := range c.Report.Tables {
			jc.Tables[t.Table] = map[string]int{"added": t.Added, "removed": t.Removed, "changed": t.Changed, "old_rows": t.OldRows, "new_rows": t.NewRows}
		}
		if !c.Payable.Old.IsNull() && !c.Payable.New.IsNull() {
			o, n := jsonMoney(cents(c.Payable.Old)), jsonMoney(cents(c.Payable.New))
			d := jsonMoney(cents(c.Payable.New) - cents(c.Payable.Old))
			jc.PayableOld, jc.PayableNew, jc.PayableDelta = &o, &n, &d
		}
		for _, mv := range c.Movers {
			jc.Movers = append(jc.Movers, jsonMover{ContractID: mv.ContractID, Op: opName(mv.Op), Old: jsonMoney(mv.Old), New: jsonMoney(mv.New)})
		}
		e.Compare = jc
	}
	// encoding/json escapes <, > and & (SetEscapeHTML), so "</script>" can never close
	// the data block early.
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(e); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}
