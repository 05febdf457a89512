package pipeline

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/extract"
)

type bandSet struct {
	rows  []calc.Band
	byKey map[calc.DistKey]calc.Band
}

// computeBands builds every distribution a valid contract of the run needs (DATA.md
// "bands"), selecting the percentiles of each on the worker pool.
func computeBands(ctx context.Context, contracts []extract.ContractRow, activity *extract.ActivityTable, run calc.Run, workers int) (*bandSet, error) {
	need := map[calc.DistKey][]int32{}
	for i := range contracts {
		keys, err := calc.NeededDistributions(&contracts[i].Contract, run)
		if err != nil {
			// Left to Evaluate, which reports MISSING_PARAMETER on the contract.
			continue
		}
		for _, k := range keys {
			need[k] = nil
		}
	}
	// R-BAND-2: the population of (year, specialty, measure) is every valid row of that
	// year and specialty whose measure is > 0. One pass counts, a second fills slices of
	// exactly the right size: the national population is read twice, never copied whole.
	specID := map[string]uint16{}
	for i, name := range activity.Specialties() {
		specID[name] = uint16(i)
	}
	// Each needed distribution gets a slot number; rows are routed to slots through a
	// table by year and specialty id, so the hot loop hashes nothing but the year.
	type slot struct {
		measure string
		n       int
	}
	var slots []slot
	var slotKeys []calc.DistKey
	byYear := map[int32][][]int{} // year → specialty id → slot numbers
	for k := range need {
		id, ok := specID[k.Specialty]
		if !ok {
			continue // no activity row of that specialty: population 0
		}
		if byYear[k.ReferenceYear] == nil {
			byYear[k.ReferenceYear] = make([][]int, len(specID))
		}
		byYear[k.ReferenceYear][id] = append(byYear[k.ReferenceYear][id], len(slots))
		slots = append(slots, slot{measure: k.Measure})
		slotKeys = append(slotKeys, k)
	}
	// Rows are split into one chunk per worker; a first pass counts each chunk's values per
	// slot, a second fills each chunk's own range of the exactly-sized slices. Chunk order
	// fixes the order of values, and percentiles depend only on the values anyway.
	scan := func(lo, hi int, add func(slot int, v int32)) {
		var lastYear int32
		var bySpec [][]int
		for i := lo; i < hi; i++ {
			if !activity.Valid(i) {
				continue
			}
			if y := activity.Year(i); bySpec == nil || y != lastYear {
				lastYear, bySpec = y, byYear[y]
			}
			if bySpec == nil {
				continue
			}
			ss := bySpec[activity.SpecialtyID(i)]
			if len(ss) == 0 {
				continue
			}
			mtA, mtC, fa := activity.Values(i)
			for _, s := range ss {
				if v := calc.MeasureValue(slots[s].measure, mtA, mtC, fa); v.Valid && v.V > 0 {
					add(s, int32(v.V))
				}
			}
		}
	}
	n := activity.NumRows()
	chunks := max(1, min(workers, n/65536))
	bounds := func(c int) (int, int) { return c * n / chunks, (c + 1) * n / chunks }
	counts := make([][]int, chunks)
	var wg sync.WaitGroup
	for c := range chunks {
		counts[c] = make([]int, len(slots))
		wg.Go(func() {
			lo, hi := bounds(c)
			scan(lo, hi, func(s int, _ int32) { counts[c][s]++ })
		})
	}
	wg.Wait()
	values := make([][]int32, len(slots))
	offsets := make([][]int, chunks)
	for s := range slots {
		total := 0
		for c := range chunks {
			offsets[c] = append(offsets[c], total)
			total += counts[c][s]
		}
		values[s] = make([]int32, total)
	}
	for c := range chunks {
		wg.Go(func() {
			lo, hi := bounds(c)
			next := offsets[c]
			scan(lo, hi, func(s int, v int32) {
				values[s][next[s]] = v
				next[s]++
			})
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for s, k := range slotKeys {
		need[k] = values[s]
	}
	keys := make([]calc.DistKey, 0, len(need))
	for k := range need {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Less(keys[j]) })
	rows := make([]calc.Band, len(keys))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i, k := range keys {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			b, err := calc.BuildBand(k, need[k], run.Params)
			rows[i] = b
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("bands: %w", err)
	}
	bs := &bandSet{rows: rows, byKey: make(map[calc.DistKey]calc.Band, len(rows))}
	for _, b := range rows {
		bs.byKey[calc.DistKey{ReferenceYear: b.ReferenceYear, Specialty: b.Specialty, Measure: b.Measure}] = b
	}
	return bs, nil
}
