package calc

import "fmt"

// RULES.md §5: attainment and modulation.

// Rate implements R-ATT-2 for one measure: baseline b, target t, observed o, tolerance τ.
func Rate(b, t, o int64, tol Ratio) Ratio {
	if t > b {
		return NewRatio(o-b, t-b).Clamp01()
	}
	if t == 0 {
		return One
	}
	// floor = t·(1−τ); 1 if o ≥ floor, else clamp(o / floor).
	fnum, fden := t*(tol.Den-tol.Num), tol.Den
	if o*fden >= fnum {
		return One
	}
	return NewRatio(o*fden, fnum).Clamp01()
}

// Combinations of a GP's two rates (R-ATT-3, parameter attainment_combination).
const (
	CombineMin  = "min"
	CombineMean = "mean"
	CombineMax  = "max"
)

// CombineRates implements R-ATT-3 for a GP: the FA and MT rates combined by the regime's
// rule. An unknown combination is an error (never a default).
func CombineRates(combination string, fa, mt Ratio) (Ratio, error) {
	switch combination {
	case CombineMin:
		if fa.Cmp(mt) <= 0 {
			return fa, nil
		}
		return mt, nil
	case CombineMax:
		if fa.Cmp(mt) >= 0 {
			return fa, nil
		}
		return mt, nil
	case CombineMean:
		return fa.Add(mt).Mul(NewRatio(1, 2)), nil
	}
	return Ratio{}, fmt.Errorf("attainment_combination %q, want min, mean or max", combination)
}

// ModulationFactor implements R-MOD-1: years up to m.FullUntilYear → 1; year
// m.ThresholdYear → 1 if attainment ≥ m.Threshold, else attainment; later years →
// attainment.
func ModulationFactor(k int, attainment Ratio, m Modulation) Ratio {
	switch {
	case k <= m.FullUntilYear:
		return One
	case k == m.ThresholdYear && attainment.Cmp(m.Threshold) >= 0:
		return One
	}
	return attainment
}
