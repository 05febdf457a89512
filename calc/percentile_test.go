package calc

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// sortedPercentiles is the brute-force reference of R-BAND-3: sort, then x_k with
// k = ceil(p·n/100), computed here without NearestRank.
func sortedPercentiles(values []int32) [5]int64 {
	s := slices.Clone(values)
	slices.Sort(s)
	var th [5]int64
	n := len(s)
	for i, p := range []int{30, 50, 70, 90, 95} {
		k := p * n / 100
		if p*n%100 != 0 {
			k++
		}
		th[i] = int64(s[k-1])
	}
	return th
}

func TestNearestRank(t *testing.T) {
	cases := []struct {
		name string
		n    int
		want [5]int // ranks of P30, P50, P70, P90, P95
	}{
		{"R-BAND-3_n1_every_rank_is_1", 1, [5]int{1, 1, 1, 1, 1}},
		{"R-BAND-3_n2_ceil_0.6_1.0_1.4_1.8_1.9", 2, [5]int{1, 1, 2, 2, 2}},
		{"R-BAND-3_n3_ceil_0.9_1.5_2.1_2.7_2.85", 3, [5]int{1, 2, 3, 3, 3}},
		{"R-BAND-3_n10_exact_products_not_rounded_up", 10, [5]int{3, 5, 7, 9, 10}},
		{"R-BAND-3_n20", 20, [5]int{6, 10, 14, 18, 19}},
		{"R-BAND-3_n21", 21, [5]int{7, 11, 15, 19, 20}},
		{"R-BAND-3_n100", 100, [5]int{30, 50, 70, 90, 95}},
		{"R-BAND-3_n101", 101, [5]int{31, 51, 71, 91, 96}},
		{"R-BAND-3_n2_500_000", 2_500_000, [5]int{750_000, 1_250_000, 1_750_000, 2_250_000, 2_375_000}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got [5]int
			for i, p := range Percentiles {
				got[i] = NearestRank(p, tc.n)
			}
			if got != tc.want {
				t.Errorf("ranks for n=%d: %v, want %v", tc.n, got, tc.want)
			}
		})
	}
}

func TestSelectPercentiles(t *testing.T) {
	cases := []struct {
		name   string
		values []int32
		want   [5]int64
	}{
		{"R-BAND-3_n1", []int32{42}, [5]int64{42, 42, 42, 42, 42}},
		{"R-BAND-3_n2", []int32{9, 4}, [5]int64{4, 4, 9, 9, 9}},
		{"R-BAND-3_n3", []int32{30, 10, 20}, [5]int64{10, 20, 30, 30, 30}},
		{"R-BAND-3_n10", []int32{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, [5]int64{3, 5, 7, 9, 10}},
		{"R-BAND-3_n20", []int32{20, 1, 19, 2, 18, 3, 17, 4, 16, 5, 15, 6, 14, 7, 13, 8, 12, 9, 11, 10}, [5]int64{6, 10, 14, 18, 19}},
		{"R-BAND-3_n10_with_duplicates", []int32{5, 5, 1, 5, 2, 5, 9, 5, 5, 1}, [5]int64{2, 5, 5, 5, 9}},
		{"R-BAND-3_all_equal", []int32{7, 7, 7, 7, 7, 7, 7}, [5]int64{7, 7, 7, 7, 7}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ref := sortedPercentiles(tc.values)
			if ref != tc.want {
				t.Fatalf("reference %v disagrees with the table %v", ref, tc.want)
			}
			got, ok := SelectPercentiles(slices.Clone(tc.values))
			if !ok || got != tc.want {
				t.Errorf("SelectPercentiles(%v) = %v, %t; want %v", tc.values, got, ok, tc.want)
			}
		})
	}
	t.Run("R-BAND-3_n0_no_thresholds", func(t *testing.T) {
		if th, ok := SelectPercentiles(nil); ok || th != ([5]int64{}) {
			t.Errorf("SelectPercentiles(nil) = %v, %t", th, ok)
		}
		if _, ok := SelectPercentiles([]int32{}); ok {
			t.Error("empty slice gave thresholds")
		}
	})
}

// TestSelectPercentilesProperty compares the multi-quickselect with a full sort on many
// random slices: small and large, narrow value ranges (many duplicates) and wide ones,
// plus adversarial orders. It also checks that the slice is only reordered.
func TestSelectPercentilesProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(2019, 821))
	check := func(t *testing.T, name string, values []int32) {
		t.Helper()
		want := sortedPercentiles(values)
		work := slices.Clone(values)
		got, ok := SelectPercentiles(work)
		if !ok || got != want {
			t.Fatalf("%s (n=%d): got %v, want %v", name, len(values), got, want)
		}
		a, b := slices.Clone(values), work
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			t.Fatalf("%s (n=%d): the values changed, not only their order", name, len(values))
		}
	}
	t.Run("R-BAND-3_random_slices_match_full_sort", func(t *testing.T) {
		for i := range 3000 {
			n := 1 + rng.IntN(300)
			if i%10 == 0 {
				n = 1 + rng.IntN(20_000)
			}
			maxV := []int32{1, 2, 3, 10, 100, 3000, 1 << 30}[rng.IntN(7)] // small max: many duplicates
			v := make([]int32, n)
			for j := range v {
				v[j] = 1 + rng.Int32N(maxV)
			}
			check(t, "random", v)
		}
	})
	t.Run("R-BAND-3_adversarial_orders_match_full_sort", func(t *testing.T) {
		for _, n := range []int{17, 100, 1001, 65_536, 200_000} {
			asc := make([]int32, n)
			for i := range asc {
				asc[i] = int32(i + 1)
			}
			desc := slices.Clone(asc)
			slices.Reverse(desc)
			organ := make([]int32, n) // up then down
			for i := range organ {
				organ[i] = int32(min(i, n-1-i) + 1)
			}
			twoValues := make([]int32, n)
			for i := range twoValues {
				twoValues[i] = int32(1 + i%2)
			}
			same := make([]int32, n)
			for i := range same {
				same[i] = 5
			}
			// median-of-three killer shape: small values at the ends and the middle.
			m3 := slices.Clone(asc)
			for i := 0; i < n/2; i += 2 {
				m3[i], m3[n/2+i/2] = m3[n/2+i/2], m3[i]
			}
			for name, v := range map[string][]int32{"ascending": asc, "descending": desc, "organ_pipe": organ, "two_values": twoValues, "all_equal": same, "median_of_3_killer": m3} {
				check(t, name, v)
			}
		}
	})
}

// realisticValues returns n pseudo-random patient counts 1…3000 (fixed seed).
func realisticValues(n int) []int32 {
	rng := rand.New(rand.NewPCG(1, 2))
	v := make([]int32, n)
	for i := range v {
		v[i] = 1 + rng.Int32N(3000)
	}
	return v
}

// BenchmarkSelectPercentiles2_5M times R-BAND-3 on a national-size distribution. The copy
// of the input (SelectPercentiles reorders in place) is made with the timer stopped.
func BenchmarkSelectPercentiles2_5M(b *testing.B) {
	src := realisticValues(2_500_000)
	want := sortedPercentiles(src)
	work := make([]int32, len(src))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		copy(work, src)
		b.StartTimer()
		th, ok := SelectPercentiles(work)
		if !ok || th != want {
			b.Fatalf("got %v, want %v", th, want)
		}
	}
}
