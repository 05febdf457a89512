package calc

import (
	"math/bits"
	"slices"
)

// Percentiles are the thresholds of a distribution, in this order (R-BAND-3).
var Percentiles = [5]int{30, 50, 70, 90, 95}

// ThresholdNames are the names of Percentiles in outputs.
var ThresholdNames = [5]string{"p30", "p50", "p70", "p90", "p95"}

func thresholdIndex(name string) int {
	for i, n := range ThresholdNames {
		if n == name {
			return i
		}
	}
	return -1
}

// NearestRank returns the 1-based rank of percentile p among n values (R-BAND-3):
// k = ceil(p·n / 100), in integer arithmetic.
func NearestRank(p, n int) int { return (p*n + 99) / 100 }

// SelectPercentiles implements R-BAND-3 on values (all > 0), which it reorders in place:
// P_p = x_k with k = ceil(p·n/100). It selects the five ranks one after the other, each in
// the part of the slice right of the previous one (a multi-quickselect): O(n) expected,
// never one sort per threshold. n = 0 → ok false.
func SelectPercentiles(values []int32) (th [5]int64, ok bool) {
	n := len(values)
	if n == 0 {
		return th, false
	}
	lo := 0
	for i, p := range Percentiles {
		k := NearestRank(p, n) - 1 // 0-based
		if k < lo {                // equal ranks (small n): already in place
			th[i] = int64(values[k])
			continue
		}
		quickselect(values[lo:], k-lo)
		th[i] = int64(values[k])
		lo = k
	}
	return th, true
}

// quickselect moves the k-th smallest element of a to a[k], with every a[i] ≤ a[k] for i < k
// and every a[i] ≥ a[k] for i > k. Introselect: past 2·log2(n) bad pivots it sorts the
// remaining range, so the worst case stays O(n log n).
func quickselect(a []int32, k int) {
	budget := 2 * bits.Len(uint(len(a)))
	for len(a) > 16 {
		if budget == 0 {
			slices.Sort(a)
			return
		}
		budget--
		// Median of three as pivot, then a three-way partition (many equal counts occur).
		m := len(a) / 2
		x, y, z := a[0], a[m], a[len(a)-1]
		pivot := max(min(x, y), min(max(x, y), z))
		lt, i, gt := 0, 0, len(a)
		for i < gt {
			switch v := a[i]; {
			case v < pivot:
				a[lt], a[i] = a[i], a[lt]
				lt++
				i++
			case v > pivot:
				gt--
				a[gt], a[i] = a[i], a[gt]
			default:
				i++
			}
		}
		switch {
		case k < lt:
			a = a[:lt]
		case k >= gt:
			a, k = a[gt:], k-gt
		default:
			return
		}
	}
	slices.Sort(a)
}
