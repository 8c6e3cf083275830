package lia

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
)

// rat is an exact rational number with an int64 fast path. When b is nil the
// value is n/(dm+1) in lowest terms with dm+1 > 0 and n, dm+1 not
// math.MinInt64 (so negation and absolute value never overflow); otherwise
// the value is *b, which is never mutated after construction. The zero value
// is 0.
type rat struct {
	n, dm int64
	b     *big.Rat
}

func ratInt(n int64) rat {
	if n == math.MinInt64 {
		return rat{b: new(big.Rat).SetInt64(n)}
	}
	return rat{n: n}
}

func ratBigInt(x *big.Int) rat {
	if x.IsInt64() {
		return ratInt(x.Int64())
	}
	return rat{b: new(big.Rat).SetInt(x)}
}

// mkRat returns n/d reduced, for d > 0; both fit the small form.
func mkRat(n, d int64) rat {
	if d == 1 {
		return rat{n: n}
	}
	g := gcd64(abs64(n), d)
	if g > 1 {
		n /= g
		d /= g
	}
	return rat{n: n, dm: d - 1}
}

// fromBig returns the small form of x if it fits, else x itself.
func fromBig(x *big.Rat) rat {
	num, den := x.Num(), x.Denom()
	if num.IsInt64() && den.IsInt64() {
		n, d := num.Int64(), den.Int64()
		if n != math.MinInt64 && d != math.MinInt64 {
			return rat{n: n, dm: d - 1}
		}
	}
	return rat{b: x}
}

func (x rat) big() *big.Rat {
	if x.b != nil {
		return x.b
	}
	return big.NewRat(x.n, x.dm+1)
}

func (x rat) sign() int {
	if x.b != nil {
		return x.b.Sign()
	}
	switch {
	case x.n > 0:
		return 1
	case x.n < 0:
		return -1
	}
	return 0
}

func (x rat) isZero() bool { return x.b == nil && x.n == 0 }

func (x rat) isInt() bool {
	if x.b != nil {
		return x.b.IsInt()
	}
	return x.dm == 0
}

func (x rat) neg() rat {
	if x.b != nil {
		return fromBig(new(big.Rat).Neg(x.b))
	}
	return rat{n: -x.n, dm: x.dm}
}

func (x rat) add(y rat) rat {
	if x.b == nil && y.b == nil {
		if x.dm == 0 && y.dm == 0 {
			if s, ok := add64(x.n, y.n); ok {
				return rat{n: s}
			}
		} else if r, ok := addSmall(x, y); ok {
			return r
		}
	}
	return fromBig(new(big.Rat).Add(x.big(), y.big()))
}

func addSmall(x, y rat) (rat, bool) {
	dx, dy := x.dm+1, y.dm+1
	g := gcd64(dx, dy)
	// x.n*(dy/g) + y.n*(dx/g) over dx/g*dy
	a, ok1 := mul64(x.n, dy/g)
	b, ok2 := mul64(y.n, dx/g)
	d, ok3 := mul64(dx/g, dy)
	if !ok1 || !ok2 || !ok3 {
		return rat{}, false
	}
	n, ok := add64(a, b)
	if !ok {
		return rat{}, false
	}
	return mkRat(n, d), true
}

func (x rat) sub(y rat) rat { return x.add(y.neg()) }

func (x rat) mul(y rat) rat {
	if x.b == nil && y.b == nil {
		if x.dm == 0 && y.dm == 0 {
			if p, ok := mul64(x.n, y.n); ok {
				return rat{n: p}
			}
		} else if x.n == 0 || y.n == 0 {
			return rat{}
		} else {
			// cross-reduce first: (a/b)(c/d) = (a/g1 · c/g2)/(b/g2 · d/g1)
			b, d := x.dm+1, y.dm+1
			g1, g2 := gcd64(abs64(x.n), d), gcd64(abs64(y.n), b)
			n, ok1 := mul64(x.n/g1, y.n/g2)
			dd, ok2 := mul64(b/g2, d/g1)
			if ok1 && ok2 {
				return rat{n: n, dm: dd - 1}
			}
		}
	}
	return fromBig(new(big.Rat).Mul(x.big(), y.big()))
}

// quo returns x/y for nonzero y.
func (x rat) quo(y rat) rat {
	if y.b == nil {
		if y.n < 0 {
			return x.neg().mul(rat{n: y.dm + 1}).quoPos(-y.n)
		}
		return x.mul(rat{n: y.dm + 1}).quoPos(y.n)
	}
	return fromBig(new(big.Rat).Quo(x.big(), y.b))
}

// quoPos returns x/k for k > 0.
func (x rat) quoPos(k int64) rat {
	if x.b == nil {
		g := gcd64(abs64(x.n), k)
		if g == 0 {
			return rat{}
		}
		if d, ok := mul64(x.dm+1, k/g); ok {
			return rat{n: x.n / g, dm: d - 1}
		}
	}
	return fromBig(new(big.Rat).Quo(x.big(), big.NewRat(k, 1)))
}

func (x rat) cmp(y rat) int {
	if x.b == nil && y.b == nil {
		if x.dm == 0 && y.dm == 0 {
			switch {
			case x.n < y.n:
				return -1
			case x.n > y.n:
				return 1
			}
			return 0
		}
		// compare x.n*dy with y.n*dx in 128 bits
		return cmp128(x.n, y.dm+1, y.n, x.dm+1)
	}
	return x.big().Cmp(y.big())
}

// floor returns the largest integer <= x, as a big.Int.
func (x rat) floor() *big.Int {
	if x.b == nil {
		d := x.dm + 1
		q := x.n / d
		if x.n%d != 0 && x.n < 0 {
			q--
		}
		return big.NewInt(q)
	}
	// big.Int.Div is Euclidean: floor for a positive divisor.
	return new(big.Int).Div(x.b.Num(), x.b.Denom())
}

func (x rat) String() string { return string(x.appendText(nil)) }

// appendText appends x as "n" or "n/d" to b.
func (x rat) appendText(b []byte) []byte {
	if x.b != nil {
		return append(b, x.b.RatString()...)
	}
	b = strconv.AppendInt(b, x.n, 10)
	if x.dm != 0 {
		b = append(b, '/')
		b = strconv.AppendInt(b, x.dm+1, 10)
	}
	return b
}

func abs64(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}

func gcd64(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// add64 returns a+b and whether it is exact and not MinInt64.
func add64(a, b int64) (int64, bool) {
	s := a + b
	if (s^a)&(s^b) < 0 || s == math.MinInt64 {
		return 0, false
	}
	return s, true
}

// mul64 returns a*b and whether it is exact and not MinInt64.
func mul64(a, b int64) (int64, bool) {
	hi, lo := bits.Mul64(uint64(abs64(a)), uint64(abs64(b)))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	p := int64(lo)
	if (a < 0) != (b < 0) {
		p = -p
	}
	return p, true
}

// cmp128 compares a*b with c*d where b, d > 0, exactly.
func cmp128(a, b, c, d int64) int {
	sx, sy := sgn(a), sgn(c)
	if sx != sy {
		if sx < sy {
			return -1
		}
		return 1
	}
	hx, lx := bits.Mul64(uint64(abs64(a)), uint64(b))
	hy, ly := bits.Mul64(uint64(abs64(c)), uint64(d))
	r := 0
	switch {
	case hx < hy || (hx == hy && lx < ly):
		r = -1
	case hx > hy || (hx == hy && lx > ly):
		r = 1
	}
	if sx < 0 {
		r = -r
	}
	return r
}

func sgn(a int64) int {
	switch {
	case a < 0:
		return -1
	case a > 0:
		return 1
	}
	return 0
}

// divFloor returns floor(x/y) for integers x and y > 0, and whether y
// divides x.
func divFloor(x, y rat) (rat, bool) {
	if x.b == nil && y.b == nil {
		q, r := x.n/y.n, x.n%y.n
		if r != 0 && x.n < 0 {
			q-- // |q| < |x|, so this cannot overflow
		}
		return rat{n: q}, r == 0
	}
	var q, r big.Int
	q.DivMod(x.big().Num(), y.big().Num(), &r) // Euclidean: floor for y > 0
	return ratBigInt(&q), r.Sign() == 0
}
