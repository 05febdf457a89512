package main

import (
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/amcalc/amcalc/calc"
)

// The population model. Every value is a pure function of (seed, doctor slot, year): a
// doctor's lasting traits come from a random stream keyed by his slot, each year's noise
// from a stream keyed by (slot, year). So a year can be generated alone, in any order, and
// the contracts can look up any doctor's activity without holding the population in memory.

// Stream kinds, so that no two uses of the generator share a random stream.
const (
	streamDoctor uint64 = iota + 1
	streamDoctorYear
	streamContract
	streamBadContract
	streamBadActivity
	streamFees       // v1.3: contract fees
	streamSuspension // v1.3: suspended periods
)

const (
	doctorsPerScale   = 250_000 // doctors active in a year at scale 1
	contractsPerScale = 12_000  // contracts at scale 1
	leaveRate         = 0.03    // share of doctors leaving each year
	maxCount          = 100_000 // DATA.md: larger counts are rejected
)

// specialty is one CNAM specialty code of the population.
type specialty struct {
	code     string
	weight   int     // relative frequency among specialists
	faFactor float64 // median file active relative to specialistFAMedian
}

// specialists: the codes named in RULES.md plus other CNAM codes, about 40 with GP.
var specialists = []specialty{
	{"02", 70, 1.2}, {"03", 60, 1.0}, {"04", 25, 0.8}, {"05", 35, 1.4}, {"06", 70, 1.8},
	{"07", 45, 1.0}, {"08", 30, 0.9}, {"09", 12, 0.8}, {"10", 5, 0.7}, {"11", 28, 1.2},
	{"12", 30, 1.1}, {"13", 20, 0.9}, {"14", 22, 1.0}, {"15", 55, 1.6}, {"16", 15, 0.9},
	{"17", 3, 0.6}, {"18", 5, 1.0}, {"20", 3, 0.6}, {"31", 15, 0.7}, {"32", 18, 0.9},
	{"33", 65, 0.5}, {"34", 4, 0.6}, {"35", 8, 0.7}, {"37", 12, 1.5}, {"38", 10, 1.6},
	{"41", 30, 1.0}, {"42", 10, 0.9}, {"43", 3, 0.7}, {"44", 3, 0.7}, {"46", 10, 0.6},
	{"47", 5, 0.6}, {"48", 6, 0.8}, {"49", 15, 0.8}, {"70", 15, 1.0}, {"71", 3, 0.6},
	{"72", 5, 1.2}, {"73", 6, 0.7}, {"74", 6, 0.8}, {"75", 5, 0.5},
}

var specialistWeight = func() int {
	n := 0
	for _, s := range specialists {
		n += s.weight
	}
	return n
}()

const (
	gpShare            = 0.60
	gpMTMedian         = 1100.0 // GP MT adult median
	gpMTSigmaLow       = 1.033  // log-sd below the median: P30 = 1100·exp(−0.5244·1.033) ≈ 640
	gpMTSigmaHigh      = 0.50   // log-sd above it: P95 ≈ 2 500
	gpFARatio          = 1.4    // GP file active ≈ 1.4 × MT adult
	specialistFAMedian = 3000.0 // file active 1 500–6 000 for most specialists
	specialistFASigma  = 0.35
)

// population is the doctor universe of a run: slots 0…slots−1, each a doctor who is present
// in the years [entry, exit).
type population struct {
	seed        uint64
	first, last int
	slots       int
	stayShare   float64 // share of slots present from the first year
	contracts   int
	signFrom    calc.Date
	signTo      calc.Date
}

func newPopulation(cfg Config) *population {
	years := cfg.LastYear - cfg.FirstYear + 1
	// With a share f of slots present from the first year and the others entering evenly
	// over the later years, entries balance departures when (1−f)/(years−1) = leaveRate·f.
	stay := 1 / (1 + leaveRate*float64(years-1))
	return &population{
		seed:      cfg.Seed,
		first:     cfg.FirstYear,
		last:      cfg.LastYear,
		slots:     max(1, int(math.Round(doctorsPerScale*cfg.Scale/stay))),
		stayShare: stay,
		contracts: max(1, int(math.Round(contractsPerScale*cfg.Scale))),
		signFrom:  calc.MakeDate(2019, 8, 21), // R-REG-1: the scheme starts
		signTo:    calc.YearEnd(cfg.LastYear),
	}
}

// rng is a reseedable random stream: one per goroutine.
type rng struct {
	pcg *rand.PCG
	*rand.Rand
}

func newRNG() *rng {
	p := rand.NewPCG(0, 0)
	return &rng{pcg: p, Rand: rand.New(p)}
}

// at positions the stream on (seed, kind, a, b).
func (r *rng) at(seed, kind, a, b uint64) *rng {
	r.pcg.Seed(seed, mix(mix(mix(kind)^a)^b))
	return r
}

// mix is splitmix64's finaliser: distinct inputs give unrelated outputs.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// doctor holds the lasting traits of one slot.
type doctor struct {
	slot        int
	specialty   string
	gp          bool
	entry, exit int     // present in [entry, exit)
	z           float64 // standard-normal rank of his activity level (z < −0.52 ≈ below P30)
	level       float64 // MT adult (GP) or file active (specialist) in a full year
	trend       float64 // log-drift per year
	faRatio     float64 // GP: file active / MT adult
	childRatio  float64 // GP: MT child / MT adult
	childNull   bool    // MT child never reported
	mtSmall     bool    // specialist reporting a few MT patients
	fsProb      float64 // probability of validating forfait structure volet 1 in a year
	birthYear   int     // 0 = unknown
}

func (p *population) doctor(r *rng, slot int) doctor {
	r.at(p.seed, streamDoctor, uint64(slot), 0)
	d := doctor{slot: slot}
	d.entry = p.first
	if r.Float64() >= p.stayShare && p.last > p.first {
		d.entry = p.first + 1 + r.IntN(p.last-p.first)
	}
	d.exit = p.last + 1
	for y := d.entry + 1; y <= p.last; y++ {
		if r.Float64() < leaveRate {
			d.exit = y
			break
		}
	}
	d.z = r.NormFloat64()
	d.trend = 0.01 + 0.02*r.NormFloat64()
	if r.Float64() < 0.8 {
		d.fsProb = 0.98
	} else {
		d.fsProb = 0.5
	}
	d.birthYear = 1955 + r.IntN(36)
	if r.Float64() < 0.03 {
		d.birthYear = 0
	}
	if r.Float64() < gpShare {
		d.gp, d.specialty = true, "01"
		sigma := gpMTSigmaHigh
		if d.z < 0 {
			sigma = gpMTSigmaLow
		}
		d.level = gpMTMedian * math.Exp(sigma*d.z)
		d.faRatio = gpFARatio * math.Exp(0.1*r.NormFloat64())
		switch u := r.Float64(); {
		case u < 0.05:
			d.childNull = true
		case u < 0.08: // a paediatric practice: child share above 20 % (E-FLOOR exception)
			d.childRatio = 0.3 + 0.2*r.Float64()
		default:
			d.childRatio = 0.08 + 0.14*r.Float64()
		}
		return d
	}
	w := r.IntN(specialistWeight)
	for _, s := range specialists {
		if w < s.weight {
			d.specialty = s.code
			d.level = specialistFAMedian * s.faFactor * math.Exp(specialistFASigma*d.z)
			break
		}
		w -= s.weight
	}
	d.mtSmall = r.Float64() < 0.2
	return d
}

func (d *doctor) present(y int) bool { return d.entry <= y && y < d.exit }

// doctorID is an 11-digit RPPS-like number: "1" and the slot on 10 digits.
func doctorID(slot int) string {
	var b [11]byte
	b[0] = '1'
	s := strconv.AppendUint(b[:1:1], uint64(slot), 10)
	n := len(s) - 1
	if n > 10 {
		return string(s)
	}
	for i := range 10 - n {
		b[1+i] = '0'
	}
	copy(b[11-n:], s[1:])
	return string(b[:])
}

func clampCount(v float64) int64 {
	return int64(min(max(math.Round(v), 0), maxCount))
}

// activity returns the doctor's activity row of year y (he must be present).
func (p *population) activity(r *rng, d *doctor, y int) calc.Activity {
	r.at(p.seed, streamDoctorYear, uint64(d.slot), uint64(y))
	// A new doctor builds up his practice over his first years.
	ramp := 1.0
	if d.entry > p.first {
		ramp = min(1, 0.55+0.15*float64(y-d.entry))
	}
	lvl := d.level * ramp * math.Exp(d.trend*float64(y-p.first)+0.03*r.NormFloat64())
	a := calc.Activity{
		DoctorID:  doctorID(d.slot),
		Year:      int32(y),
		Specialty: d.specialty,
		FSVolet1:  r.Float64() < d.fsProb,
	}
	if d.gp {
		adult := clampCount(lvl)
		a.MTAdult = calc.Some(adult)
		if !d.childNull && r.Float64() >= 0.01 {
			a.MTChild = calc.Some(clampCount(float64(adult) * d.childRatio * math.Exp(0.05*r.NormFloat64())))
		}
		a.FileActive = clampCount(lvl * d.faRatio * math.Exp(0.02*r.NormFloat64()))
		if r.Float64() < 0.005 { // MT adult missing from the extract
			a.MTAdult = calc.OptInt{}
		}
		return a
	}
	a.FileActive = clampCount(lvl)
	if d.mtSmall {
		a.MTAdult = calc.Some(int64(r.IntN(40)))
		if r.Float64() < 0.5 {
			a.MTChild = calc.Some(int64(r.IntN(10)))
		}
	}
	return a
}
