package calc

import (
	"errors"
	"fmt"
	"strings"
)

// Band names of a value (R-BAND-6), lowest first.
const (
	BandBelowP30 = "below_p30"
	BandP30P50   = "p30_p50"
	BandP50P70   = "p50_p70"
	BandP70P90   = "p70_p90"
	BandP90P95   = "p90_p95"
	BandP95Plus  = "p95_plus"
)

var bandOrder = []string{BandBelowP30, BandP30P50, BandP50P70, BandP70P90, BandP90P95, BandP95Plus}

func bandRank(b string) int {
	for i, n := range bandOrder {
		if n == b {
			return i
		}
	}
	return -1
}

// DistKey names one distribution: a reference year, a specialty and a measure (R-BAND-2).
type DistKey struct {
	ReferenceYear int32
	Specialty     string
	Measure       string
}

func (k DistKey) String() string {
	return fmt.Sprintf("%d/%s/%s", k.ReferenceYear, k.Specialty, k.Measure)
}

// Less orders distribution keys as the bands output is sorted.
func (k DistKey) Less(o DistKey) bool {
	if k.ReferenceYear != o.ReferenceYear {
		return k.ReferenceYear < o.ReferenceYear
	}
	if k.Specialty != o.Specialty {
		return k.Specialty < o.Specialty
	}
	return k.Measure < o.Measure
}

// MeasureValue returns an activity-like row's value for a measure (R-BAND-1): MT total is
// the sum of the non-null parts, null when both are null.
func MeasureValue(measure string, mtAdult, mtChild OptInt, fileActive int64) OptInt {
	switch measure {
	case MeasureMTAdult:
		return mtAdult
	case MeasureMTTotal:
		if !mtAdult.Valid && !mtChild.Valid {
			return OptInt{}
		}
		return Some(mtAdult.V + mtChild.V) // a null part has V = 0
	default:
		return Some(fileActive)
	}
}

// BuildBand computes the bands row of one distribution from its population values (every
// valid row's measure > 0, R-BAND-2), reordering values in place, and applies the pins of
// R-BAND-4. Population 0 → null thresholds and no pins (R-BAND-3).
func BuildBand(key DistKey, values []int32, p *Params) (Band, error) {
	b := Band{ReferenceYear: key.ReferenceYear, Specialty: key.Specialty, Measure: key.Measure, Population: int64(len(values))}
	th, ok := SelectPercentiles(values)
	if !ok {
		return b, nil
	}
	pins, _, err := p.Pins(int(key.ReferenceYear))
	if err != nil {
		return b, err
	}
	var pinned []string
	for _, pin := range pins {
		if pin.Specialty == key.Specialty && pin.Measure == key.Measure {
			i := thresholdIndex(pin.Threshold)
			th[i] = pin.Value
			pinned = append(pinned, pin.Threshold)
		}
	}
	ts := []*OptInt{&b.P30, &b.P50, &b.P70, &b.P90, &b.P95}
	for i, t := range th {
		*ts[i] = Some(t)
	}
	b.Pinned = strings.Join(sortedUnique(pinned), ";")
	return b, nil
}

// Thresholds returns P30…P95 of a band row; ok false when the population is 0.
func (b Band) Thresholds() (th [5]int64, ok bool) {
	if !b.P30.Valid {
		return th, false
	}
	return [5]int64{b.P30.V, b.P50.V, b.P70.V, b.P90.V, b.P95.V}, true
}

// BandOf implements R-BAND-6: the first band whose upper threshold v is below, lower bound
// included ("≥ P95" is p95_plus).
func BandOf(v int64, th [5]int64) string {
	for i, t := range th {
		if v < t {
			return bandOrder[i]
		}
	}
	return BandP95Plus
}

// BaselineYear returns R-OBJ-1's baseline year: the contract's, else year(signed_on) − 1.
func BaselineYear(c *Contract) int32 {
	if c.BaselineYear.Valid {
		return int32(c.BaselineYear.V)
	}
	return int32(c.SignedOn.Year() - 1)
}

// NeededDistributions lists the distributions a contract reads (R-BAND-1, R-BAND-5), in
// a fixed order (file active, then the GP's MT measure); nil for a contract signed after
// the run year (not evaluated).
func NeededDistributions(c *Contract, run Run) ([]DistKey, error) {
	if c.SignedOn > YearEnd(run.Year) {
		return nil, nil
	}
	ref, _, err := getFor[OptInt](run.Params, "reference_year", c.SignedOn, nil)
	if err != nil {
		return nil, err
	}
	year := BaselineYear(c)
	if ref.Valid {
		year = int32(ref.V)
	}
	keys := []DistKey{{year, c.Specialty, MeasureFileActive}}
	if c.Specialty == GPSpecialty {
		m, _, err := getFor[string](run.Params, "mt_measure", c.SignedOn, nil)
		if err != nil {
			return nil, err
		}
		keys = append(keys, DistKey{year, c.Specialty, m})
	}
	return keys, nil
}

// ContractBand implements R-BAND-7: a GP's band is the higher of its MT and FA bands;
// others have their FA band.
func ContractBand(faBand string, mt *DistUse) string {
	if mt != nil && bandRank(mt.Of) > bandRank(faBand) {
		return mt.Of
	}
	return faBand
}

// distributions reads the contract's distributions and the band of its baseline value in
// each (R-BAND-2…6); false when one has no thresholds (NO_DISTRIBUTION, R-BAND-3).
func (e *evaluator) distributions() bool {
	x := e.x
	keys, err := NeededDistributions(e.c, e.run)
	if err != nil {
		rule := "R-BAND-5"
		if pe := (*ParamError)(nil); errors.As(err, &pe) {
			rule = e.run.Params.Rule(pe.Param) // reference_year (R-BAND-5) or mt_measure (R-BAND-1)
		}
		e.fail(rule, err)
		return true
	}
	x.ReferenceYear = keys[0].ReferenceYear
	ok := true
	use := func(k DistKey, v OptInt) DistUse {
		u := DistUse{Key: k, Band: e.bands(k), Value: v}
		th, has := u.Band.Thresholds()
		if !has {
			ok = false
		} else if v.Valid {
			u.Of = BandOf(v.V, th)
		}
		return u
	}
	x.DistFA = use(keys[0], x.Baseline.FA.Value)
	if len(keys) > 1 {
		mt := use(keys[1], x.Baseline.MT.Value)
		x.DistMT = &mt
	}
	return ok
}
