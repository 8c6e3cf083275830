package proofs

import "math/big"

// Allocation-light arithmetic on canonical linear forms for the
// linearizer: merges of sorted term lists instead of map accumulation.
// Coefficients are shared between forms, which is safe because a Lin is
// never modified after it is built.

// smallInts holds the integers -smallMax … smallMax, shared by the forms
// the linearizer builds; like every coefficient of a Lin they are never
// modified.
const smallMax = 256

var smallInts = func() (a [2*smallMax + 1]big.Int) {
	for i := range a {
		a[i].SetInt64(int64(i - smallMax))
	}
	return
}()

// small returns the shared copy of v, or nil if v is not small.
func small(v int64) *big.Int {
	if -smallMax <= v && v <= smallMax {
		return &smallInts[v+smallMax]
	}
	return nil
}

// intCopy returns an integer equal to x that no one else modifies: a
// shared small one or a new copy.
func intCopy(x *big.Int) *big.Int {
	if x.IsInt64() {
		if s := small(x.Int64()); s != nil {
			return s
		}
	}
	return new(big.Int).Set(x)
}

// intNeg returns -x, shared if small.
func intNeg(x *big.Int) *big.Int {
	if x.IsInt64() {
		if s := small(-x.Int64()); s != nil {
			return s
		}
	}
	return new(big.Int).Neg(x)
}

// smallSum returns the shared x + y, or x - y if neg, if x (nil meaning
// 0) and y are small and so is the result; otherwise nil.
func smallSum(x, y *big.Int, neg bool) *big.Int {
	var xv int64
	if x != nil {
		if !x.IsInt64() || small(x.Int64()) == nil {
			return nil
		}
		xv = x.Int64()
	}
	if !y.IsInt64() || small(y.Int64()) == nil {
		return nil
	}
	yv := y.Int64()
	if neg {
		yv = -yv
	}
	return small(xv + yv) // |xv + yv| <= 2·smallMax: no overflow
}

// linMerge returns x + y, or x - y if neg.
func linMerge(x, y Lin, neg bool) Lin {
	var c *big.Int
	switch {
	case y.c == nil || y.c.Sign() == 0:
		c = x.c
	case smallSum(x.c, y.c, neg) != nil:
		c = smallSum(x.c, y.c, neg)
	case neg:
		c = new(big.Int).Neg(y.c)
		if x.c != nil {
			c.Add(c, x.c)
		}
	default:
		c = new(big.Int).Set(y.c)
		if x.c != nil {
			c.Add(c, x.c)
		}
	}
	out := Lin{c: c}
	if len(x.terms)+len(y.terms) > 0 {
		out.terms = make([]Term, 0, len(x.terms)+len(y.terms))
	}
	i, j := 0, 0
	for i < len(x.terms) || j < len(y.terms) {
		switch {
		case j == len(y.terms) || (i < len(x.terms) && x.terms[i].Atom < y.terms[j].Atom):
			out.terms = append(out.terms, x.terms[i])
			i++
		case i == len(x.terms) || y.terms[j].Atom < x.terms[i].Atom:
			t := y.terms[j]
			if neg {
				t = Term{t.Atom, intNeg(t.Coef)}
			}
			out.terms = append(out.terms, t)
			j++
		default:
			v := smallSum(x.terms[i].Coef, y.terms[j].Coef, neg)
			switch {
			case v != nil:
			case neg:
				v = new(big.Int).Sub(x.terms[i].Coef, y.terms[j].Coef)
			default:
				v = new(big.Int).Add(x.terms[i].Coef, y.terms[j].Coef)
			}
			if v.Sign() != 0 {
				out.terms = append(out.terms, Term{x.terms[i].Atom, v})
			}
			i++
			j++
		}
	}
	return out
}

// linScale returns k·x.
func linScale(x Lin, k *big.Int) Lin {
	if k.Sign() == 0 {
		return Lin{}
	}
	out := Lin{c: new(big.Int)}
	if x.c != nil {
		out.c.Mul(x.c, k)
	}
	if len(x.terms) > 0 {
		out.terms = make([]Term, len(x.terms))
		for i, t := range x.terms {
			out.terms[i] = Term{t.Atom, new(big.Int).Mul(t.Coef, k)}
		}
	}
	return out
}

// linAddConst returns x + k.
func linAddConst(x Lin, k int64) Lin {
	v := int64(0)
	if x.c != nil && x.c.IsInt64() {
		v = x.c.Int64()
	}
	if (x.c == nil || x.c.IsInt64()) && small(v) != nil && small(k) != nil {
		// |v + k| <= 2·smallMax: no overflow.
		if c := small(v + k); c != nil {
			return Lin{c: c, terms: x.terms}
		}
	}
	c := big.NewInt(k)
	if x.c != nil {
		c.Add(c, x.c)
	}
	return Lin{c: c, terms: x.terms}
}
