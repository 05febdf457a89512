package runreport

import (
	"cmp"
	"path/filepath"
	"slices"
	"strings"

	"github.com/amcalc/amcalc/io/partdiff"
)

// Comparison is the diff summary of `amcalc diff OLD NEW` (io/partdiff) as the page shows it.
type Comparison struct {
	Source  string // OLD as named on the command line
	Report  *partdiff.Report
	Payable partdiff.TotalDiff // payments.payable
	// Movers are the contracts whose payable_total changed most (largest |delta| first,
	// then contract_id), added and removed contracts included; at most 10.
	Movers []Mover
}

// Mover is one contract's payable_total in OLD and NEW (cents; Op "+" added, "-" removed,
// "~" changed).
type Mover struct {
	Op         string
	ContractID string
	Old, New   int64
}

// Compare diffs OLD (oldDir) against the reported partition p with partdiff.DiffPartitions.
func Compare(oldDir, source string, p *Partition) (*Comparison, error) {
	rep, err := partdiff.DiffPartitions(oldDir, p.Dir, partdiff.Options{})
	if err != nil {
		return nil, &FileError{Path: oldDir, Err: ErrUnreadable, Detail: err.Error()}
	}
	c := &Comparison{Source: source, Report: rep}
	for _, t := range rep.Totals {
		if t.Name == "payments.payable" {
			c.Payable = t
		}
	}
	var old *partdiff.Table // read only when a contract was removed
	for _, t := range rep.Tables {
		if t.Table != "contracts" {
			continue
		}
		for _, r := range t.Rows {
			m := Mover{Op: r.Op, ContractID: r.Key[0].Str}
			switch r.Op {
			case "+":
				m.New = cents(p.Contracts.Value("payable_total", r.NewRow))
			case "-":
				if old == nil {
					if old, err = partdiff.ReadTable(filepath.Join(oldDir, ContractsFile)); err != nil {
						return nil, &FileError{Path: oldDir, Err: ErrUnreadable, Detail: err.Error()}
					}
				}
				m.Old = cents(old.Value("payable_total", r.OldRow))
			default:
				i := slices.IndexFunc(r.Changes, func(ch partdiff.CellChange) bool { return ch.Column == "payable_total" })
				if i < 0 {
					continue // changed, but not its payable
				}
				m.Old, m.New = cents(r.Changes[i].Old), cents(r.Changes[i].New)
			}
			if m.Old != m.New {
				c.Movers = append(c.Movers, m)
			}
		}
	}
	slices.SortFunc(c.Movers, func(a, b Mover) int {
		return cmp.Or(cmp.Compare(abs(b.New-b.Old), abs(a.New-a.Old)), strings.Compare(a.ContractID, b.ContractID))
	})
	c.Movers = c.Movers[:min(len(c.Movers), 10)]
	return c, nil
}

// cents is a money Value in cents (0 when null or not a number).
func cents(v partdiff.Value) int64 {
	if v.Kind != partdiff.KindDecimal && v.Kind != partdiff.KindInt {
		return 0
	}
	x, s := v.Int, v.Scale
	if v.Kind == partdiff.KindInt {
		s = 0
	}
	for ; s < 2; s++ {
		x *= 10
	}
	for ; s > 2; s-- {
		x /= 10
	}
	return x
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
