package calc

import "sort"

// sortedUnique returns the codes sorted in byte order, without repeats (reason lists).
func sortedUnique(codes []string) []string {
	if len(codes) == 0 {
		return nil
	}
	out := append([]string(nil), codes...)
	sort.Strings(out)
	j := 0
	for i := range out {
		if i == 0 || out[i] != out[j-1] {
			out[j] = out[i]
			j++
		}
	}
	return out[:j]
}
