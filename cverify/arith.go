package cverify

import (
	"math/big"

	"vep/cparse"
	"vep/sep"
)

// fit returns t as a value of integer type typ: t itself when it provably
// lies in typ's range, otherwise a fresh value in range that equals t
// whenever t lies in range (C's wrap-around, over-approximated).
func (v *verifier) fit(st *state, t sep.Term, typ cparse.Type) sep.Term {
	lo, hi := intRange(typ)
	if c := asConst(t); c != nil {
		return bignum(wrapConst(c, typ))
	}
	if within(v.interval(t), lo, hi) {
		return t
	}
	inRange := and(cmp(sep.Le, bignum(lo), t), cmp(sep.Le, t, bignum(hi)))
	if v.hasFactsOn(st, t) {
		v.obligations++
		if pr := v.prove(st, inRange); pr.ok {
			return t
		}
	}
	// C's conversion is exact modulo 2^bits: w = t - 2^bits * k for the
	// integer k that brings w into range.
	w := v.fresh("wrap", typ)
	k := v.freshIn("k", nil, nil)
	mod := new(big.Int).Lsh(big.NewInt(1), uint(typ.Size()*8))
	st.addFact(cmp(sep.Eq, w, tsub(t, tmul(bignum(mod), k))))
	return w
}

// hasFactsOn reports whether some path fact mentions a constant of t.
func (v *verifier) hasFactsOn(st *state, t sep.Term) bool {
	names := map[string]bool{}
	for _, k := range sep.FreeVars(t) {
		names[k] = true
	}
	for _, f := range st.facts {
		for _, k := range sep.FreeVars(f) {
			if names[k] {
				return true
			}
		}
	}
	return false
}

// convertInt converts the scalar x to integer type typ.
func (v *verifier) convertInt(st *state, x value, typ cparse.Type) value {
	if it, ok := typ.(*cparse.IntType); ok && it.Bool {
		if c := asConst(x.t); c != nil {
			return scalar(bignum(wrapConst(c, typ)), typ)
		}
		b := v.fresh("bool", typ)
		st.addFact(&sep.Or{X: and(cmp(sep.Eq, x.t, num(0)), cmp(sep.Eq, b, num(0))),
			Y: and(cmp(sep.Ne, x.t, num(0)), cmp(sep.Eq, b, num(1)))})
		return scalar(b, typ)
	}
	return scalar(v.fit(st, x.t, typ), typ)
}

// binArith computes x op y at type typ for two scalars.
func (v *verifier) binArith(st *state, op cparse.BinOp, x, y sep.Term, typ cparse.Type) sep.Term {
	bits := typ.Size() * 8
	switch op {
	case cparse.OpAdd:
		return v.fit(st, tadd(x, y), typ)
	case cparse.OpSub:
		return v.fit(st, tsub(x, y), typ)
	case cparse.OpMul:
		if asConst(x) != nil || asConst(y) != nil {
			return v.fit(st, tmul(x, y), typ)
		}
	case cparse.OpDiv, cparse.OpMod:
		c := asConst(y)
		if c != nil && c.Sign() != 0 {
			sop := sep.Div
			if op == cparse.OpMod {
				sop = sep.Rem
			}
			return v.fit(st, tbin(sop, x, y), typ)
		}
	case cparse.OpAnd:
		return tbin(sep.BitAnd, x, y)
	case cparse.OpOr:
		return tbin(sep.BitOr, x, y)
	case cparse.OpXor:
		return tbin(sep.BitXor, x, y)
	case cparse.OpShl:
		if c, ok := constInt64(y); ok && c >= 0 && c < bits {
			return v.fit(st, tmul(x, bignum(new(big.Int).Lsh(big.NewInt(1), uint(c)))), typ)
		}
	case cparse.OpShr:
		if c, ok := constInt64(y); ok && c >= 0 && c < bits {
			if !isSigned(typ) || nonneg(v.interval(x)) {
				return tbin(sep.Div, x, bignum(new(big.Int).Lsh(big.NewInt(1), uint(c))))
			}
			return tbin(sep.Shr, x, y)
		}
	}
	return v.fresh("val", typ)
}

func bigOf(n int64) *big.Int { return big.NewInt(n) }
