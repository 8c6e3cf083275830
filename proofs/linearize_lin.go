package proofs

import "math/big"

// Allocation-light arithmetic on canonical linear forms for the
// linearizer: merges of sorted term lists instead of map accumulation.
// Coefficients are shared between forms, which is safe because a Lin is
// never modified after it is built.

// linMerge returns x + y, or x - y if neg.
func linMerge(x, y Lin, neg bool) Lin {
	var c *big.Int
	switch {
	case y.c == nil || y.c.Sign() == 0:
		c = x.c
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
				t = Term{t.Atom, new(big.Int).Neg(t.Coef)}
			}
			out.terms = append(out.terms, t)
			j++
		default:
			v := new(big.Int)
			if neg {
				v.Sub(x.terms[i].Coef, y.terms[j].Coef)
			} else {
				v.Add(x.terms[i].Coef, y.terms[j].Coef)
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
	c := big.NewInt(k)
	if x.c != nil {
		c.Add(c, x.c)
	}
	return Lin{c: c, terms: x.terms}
}
