package calc

import (
	"fmt"
	"math"
	"math/big"
)

// Cents is an amount of money in euro cents (R-MONEY-1). No float ever touches it.
type Cents int64

// Euros returns the amount of whole euros e in cents.
func Euros(e int64) Cents { return Cents(e * 100) }

// String formats c as euros with two decimals, e.g. "-12600.00".
func (c Cents) String() string {
	sign, v := "", int64(c)
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// Ratio is an exact non-negative or negative rational Num/Den with Den > 0, kept reduced.
type Ratio struct {
	Num, Den int64
}

// OptRatio is a nullable Ratio (an output column that may be null).
type OptRatio struct {
	R     Ratio
	Valid bool
}

// SomeRatio returns a valid OptRatio.
func SomeRatio(r Ratio) OptRatio { return OptRatio{R: r, Valid: true} }

// One is the ratio 1.
var One = Ratio{1, 1}

// Zero is the ratio 0.
var Zero = Ratio{0, 1}

// NewRatio returns num/den reduced. It panics on den == 0: callers test for it first
// because the rules say what a zero denominator means (e.g. R-ATT-2 "t = 0 → 1").
func NewRatio(num, den int64) Ratio {
	if den == 0 {
		panic("calc: ratio with zero denominator")
	}
	if den < 0 {
		num, den = -num, -den
	}
	g := gcd(abs(num), den)
	if g > 1 {
		num, den = num/g, den/g
	}
	return Ratio{num, den}
}

func (r Ratio) big() *big.Rat { return new(big.Rat).SetFrac64(r.Num, r.Den) }

func fromBig(b *big.Rat) Ratio {
	if !b.Num().IsInt64() || !b.Denom().IsInt64() {
		panic("calc: ratio overflows int64")
	}
	return Ratio{b.Num().Int64(), b.Denom().Int64()}
}

// mul64 returns a×b and whether it fits in an int64.
func mul64(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	c := a * b
	if c/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return c, true
}

// Add returns r + s, exactly: in int64 when nothing overflows, else through big.Rat.
func (r Ratio) Add(s Ratio) Ratio {
	a, ok1 := mul64(r.Num, s.Den)
	b, ok2 := mul64(s.Num, r.Den)
	d, ok3 := mul64(r.Den, s.Den)
	if ok1 && ok2 && ok3 {
		if n := a + b; (n > a) == (b > 0) || b == 0 {
			return NewRatio(n, d)
		}
	}
	return fromBig(new(big.Rat).Add(r.big(), s.big()))
}

// Mul returns r × s, exactly: in int64 when nothing overflows, else through big.Rat.
func (r Ratio) Mul(s Ratio) Ratio {
	n, ok1 := mul64(r.Num, s.Num)
	d, ok2 := mul64(r.Den, s.Den)
	if ok1 && ok2 {
		return NewRatio(n, d)
	}
	return fromBig(new(big.Rat).Mul(r.big(), s.big()))
}

// Cmp compares r and s: -1, 0 or +1.
func (r Ratio) Cmp(s Ratio) int {
	a, ok1 := mul64(r.Num, s.Den)
	b, ok2 := mul64(s.Num, r.Den)
	if ok1 && ok2 {
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	}
	return r.big().Cmp(s.big())
}

// Clamp01 returns r limited to [0, 1].
func (r Ratio) Clamp01() Ratio {
	if r.Num < 0 {
		return Zero
	}
	if r.Num > r.Den {
		return One
	}
	return r
}

// Micros returns r × 10^6 rounded half away from zero: the raw value of a DECIMAL(9,6)
// column (R-MONEY-2: for display only, never fed back into a computation).
func (r Ratio) Micros() int64 {
	if n, ok := mul64(r.Num, 2_000_000); ok && r.Den > 0 && r.Den < math.MaxInt64/4 && n > math.MinInt64/2 && n < math.MaxInt64/2 {
		// (2·|num|·10^6 + den) / (2·den), the sign put back: half away from zero.
		neg := n < 0
		if neg {
			n = -n
		}
		q := (n + r.Den) / (2 * r.Den)
		if neg {
			q = -q
		}
		return q
	}
	return roundHalfAway(new(big.Int).Mul(big.NewInt(r.Num), big.NewInt(1_000_000)), big.NewInt(r.Den))
}

// String formats r as a decimal with six places.
func (r Ratio) String() string {
	m := r.Micros()
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	return fmt.Sprintf("%s%d.%06d", sign, m/1_000_000, m%1_000_000)
}

// RoundMoney implements R-MONEY-1: amount × the product of ratios, computed exactly and
// rounded once, half away from zero, to the cent.
func RoundMoney(amount Cents, factors ...Ratio) Cents {
	// Fast path: the whole product fits in int64 (always, for this scheme's amounts).
	n, d, ok := int64(amount), int64(1), true
	for _, f := range factors {
		var ok1, ok2 bool
		n, ok1 = mul64(n, f.Num)
		d, ok2 = mul64(d, f.Den)
		if ok = ok1 && ok2; !ok {
			break
		}
	}
	if ok && d > 0 && d < math.MaxInt64/4 && n > math.MinInt64/4 && n < math.MaxInt64/4 {
		neg := n < 0
		if neg {
			n = -n
		}
		q := (2*n + d) / (2 * d) // half away from zero, on the magnitude
		if 2*n+d < 0 {           // 2n + d overflowed: leave it to big.Int
			return roundMoneyBig(amount, factors)
		}
		if neg {
			q = -q
		}
		return Cents(q)
	}
	return roundMoneyBig(amount, factors)
}

func roundMoneyBig(amount Cents, factors []Ratio) Cents {
	num := big.NewInt(int64(amount))
	den := big.NewInt(1)
	for _, f := range factors {
		num.Mul(num, big.NewInt(f.Num))
		den.Mul(den, big.NewInt(f.Den))
	}
	return Cents(roundHalfAway(num, den))
}

// RoundHalfUp implements the patient-target rounding of R-MONEY-1 / R-OBJ-3: num/den
// rounded to the nearest integer, .5 up (targets are positive).
func RoundHalfUp(num, den int64) int64 {
	// floor((2·num + den) / (2·den)) for den > 0.
	n := new(big.Int).Add(new(big.Int).Mul(big.NewInt(num), big.NewInt(2)), big.NewInt(den))
	d := big.NewInt(2 * den)
	q := new(big.Int)
	m := new(big.Int)
	q.DivMod(n, d, m) // Euclidean: floor for d > 0
	return q.Int64()
}

// roundHalfAway returns num/den rounded to the nearest integer, halves away from zero.
func roundHalfAway(num, den *big.Int) int64 {
	if den.Sign() < 0 {
		num, den = new(big.Int).Neg(num), new(big.Int).Neg(den)
	}
	neg := num.Sign() < 0
	a := new(big.Int).Abs(num)
	// floor((2a + den) / (2den))
	a.Mul(a, big.NewInt(2)).Add(a, den)
	q := a.Quo(a, new(big.Int).Mul(den, big.NewInt(2)))
	v := q.Int64()
	if neg {
		v = -v
	}
	return v
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	if a == 0 {
		return 1
	}
	return a
}

func abs(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}

// Fraction formats r as "num/den", or "num" when den is 1.
func (r Ratio) Fraction() string {
	if r.Den == 1 {
		return fmt.Sprint(r.Num)
	}
	return fmt.Sprintf("%d/%d", r.Num, r.Den)
}
