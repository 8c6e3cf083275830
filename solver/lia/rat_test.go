package lia

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestRatAgainstBig compares every rat operation with math/big.Rat on random
// operands, including values near the int64 limits.
func TestRatAgainstBig(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pick := func() int64 {
		switch r.IntN(4) {
		case 0:
			return r.Int64N(21) - 10
		case 1:
			return r.Int64N(1<<40) - 1<<39
		case 2:
			return math.MaxInt64 - r.Int64N(3)
		}
		return math.MinInt64 + 1 + r.Int64N(3)
	}
	mk := func() (rat, *big.Rat) {
		n, d := pick(), pick()
		if d == 0 {
			d = 1
		}
		b := big.NewRat(n, d)
		return fromBig(new(big.Rat).Set(b)), b
	}
	for i := 0; i < 20000; i++ {
		x, bx := mk()
		y, by := mk()
		check := func(op string, got rat, want *big.Rat) {
			t.Helper()
			if got.big().Cmp(want) != 0 {
				t.Fatalf("%v %s %v = %v, want %v", bx, op, by, got, want)
			}
			if got.b == nil && (got.dm < 0 || gcd64(abs64(got.n), got.dm+1) > 1 || got.n == 0 && got.dm != 0) {
				t.Fatalf("%v %s %v: non-canonical %+v", bx, op, by, got)
			}
		}
		check("+", x.add(y), new(big.Rat).Add(bx, by))
		check("-", x.sub(y), new(big.Rat).Sub(bx, by))
		check("*", x.mul(y), new(big.Rat).Mul(bx, by))
		if by.Sign() != 0 {
			check("/", x.quo(y), new(big.Rat).Quo(bx, by))
		}
		if got, want := x.cmp(y), bx.Cmp(by); got != want {
			t.Fatalf("cmp(%v, %v) = %d, want %d", bx, by, got, want)
		}
		wantFloor := new(big.Int).Div(bx.Num(), bx.Denom())
		if x.floor().Cmp(wantFloor) != 0 {
			t.Fatalf("floor(%v) = %v, want %v", bx, x.floor(), wantFloor)
		}
		if x.isInt() != bx.IsInt() || x.sign() != bx.Sign() {
			t.Fatalf("isInt/sign mismatch on %v", bx)
		}
	}
}
