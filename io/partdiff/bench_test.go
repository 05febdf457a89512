package partdiff

import (
	"path/filepath"
	"strconv"
	"testing"
)

// nationalTable generates n rows of spec in key order. Column values derive from the
// row's key number k (rows i of OLD and NEW with the same k are the same row), and
// variant changes one money value in a thousand.
func nationalTable(spec *tableSpec, n, first int, variant bool) []*tcol {
	cols := make([]*tcol, len(spec.columns))
	for ci, sc := range spec.columns {
		c := &tcol{name: sc.name, typ: arrowType(sc.typ), null: make([]bool, n)}
		if sc.typ == tString {
			c.strs = make([]string, n)
		} else {
			c.ints = make([]int64, n)
		}
		for i := 0; i < n; i++ {
			k := first + i
			switch {
			case sc.name == "contract_id":
				id := k
				if spec.name == "payments" {
					id = k / 2
				}
				c.strs[i] = "C" + pad(id, 8)
			case sc.name == "kind":
				c.strs[i] = [...]string{"advance", "settlement"}[k%2]
			case sc.name == "contract_year":
				c.ints[i] = 1
			case sc.name == "specialty" && spec.name == "bands", sc.name == "file":
				c.strs[i] = pad(k, 6)
			case sc.name == "row":
				c.ints[i] = int64(k)
			case sc.typ == tString:
				if k%7 == 0 {
					c.null[i] = true
				} else {
					c.strs[i] = sc.name + "_" + strconv.Itoa(k%50)
				}
			case sc.typ == tDate:
				c.ints[i] = int64(19000 + k%700)
			case sc.typ == tMoney:
				c.ints[i] = int64(k%9000) * 100
				if variant && k%1000 == 0 {
					c.ints[i]++
				}
			case sc.typ == tRatio:
				c.ints[i] = int64(k % 1000001)
			default:
				if k%11 == 0 && sc.name != "reference_year" {
					c.null[i] = true
				}
				c.ints[i] = int64(k%5000 + ci)
			}
		}
		cols[ci] = c
	}
	return cols
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// nationalPartition writes a national-scale partition: 300 000 payments, 250 000 ledger
// rows. NEW starts 10 contracts later (20 payments removed, 20 added) and changes one
// money value in a thousand.
func nationalPartition(tb testing.TB, dir string, variant bool) string {
	first := 0
	if variant {
		first = 10
	}
	f := fixture{
		"payments":  nationalTable(specOf("payments"), 300_000, 2*first, variant),
		"contracts": nationalTable(specOf("contracts"), 250_000, first, variant),
		"bands":     nationalTable(specOf("bands"), 3_000, 0, variant),
		"rejects":   nationalTable(specOf("rejects"), 2_000, 0, variant),
	}
	return f.write(tb, dir)
}

func BenchmarkDiffPartitions(b *testing.B) {
	dir := b.TempDir()
	oldDir := nationalPartition(b, filepath.Join(dir, "old", "year=2024"), false)
	newDir := nationalPartition(b, filepath.Join(dir, "new", "year=2024"), true)
	b.ResetTimer()
	var r *Report
	for b.Loop() {
		var err error
		if r, err = DiffPartitions(oldDir, newDir, ConformanceOptions()); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	p, c := r.Tables[0], r.Tables[1]
	if p.Added != 20 || p.Removed != 20 || p.Changed != 299 || c.Added != 10 || c.Removed != 10 || c.Changed != 249 {
		b.Fatalf("unexpected report: %s; %s", p.Summary(), c.Summary())
	}
}
