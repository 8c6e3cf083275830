package cverify

import (
	"math/big"

	"vep/sep"
)

// Term builders that fold constants, so that unrolled loops keep concrete
// indices concrete and need no solver calls.

func num(n int64) sep.Term        { return sep.NewInt(n) }
func bignum(n *big.Int) sep.Term  { return &sep.Int{Val: new(big.Int).Set(n)} }
func tvar(name string) sep.Term   { return &sep.Var{Name: name} }
func constOf(t sep.Term) *big.Int { return asConst(t) }

func asConst(t sep.Term) *big.Int {
	if i, ok := t.(*sep.Int); ok {
		return i.Val
	}
	return nil
}

func constInt64(t sep.Term) (int64, bool) {
	c := asConst(t)
	if c == nil || !c.IsInt64() {
		return 0, false
	}
	return c.Int64(), true
}

// splitConst returns t as base + c with c constant (base nil when t is
// constant).
func splitConst(t sep.Term) (sep.Term, *big.Int) {
	if c := asConst(t); c != nil {
		return nil, c
	}
	if b, ok := t.(*sep.Binary); ok && (b.Op == sep.Add || b.Op == sep.Sub) {
		if c := asConst(b.Y); c != nil {
			if b.Op == sep.Sub {
				c = new(big.Int).Neg(c)
			}
			return b.X, c
		}
	}
	return t, new(big.Int)
}

func tadd(x, y sep.Term) sep.Term {
	bx, cx := splitConst(x)
	by, cy := splitConst(y)
	c := new(big.Int).Add(cx, cy)
	var base sep.Term
	switch {
	case bx == nil && by == nil:
		return bignum(c)
	case bx == nil:
		base = by
	case by == nil:
		base = bx
	default:
		base = &sep.Binary{Op: sep.Add, X: bx, Y: by}
	}
	switch c.Sign() {
	case 0:
		return base
	case -1:
		return &sep.Binary{Op: sep.Sub, X: base, Y: bignum(new(big.Int).Neg(c))}
	}
	return &sep.Binary{Op: sep.Add, X: base, Y: bignum(c)}
}

func tneg(x sep.Term) sep.Term {
	if c := asConst(x); c != nil {
		return bignum(new(big.Int).Neg(c))
	}
	return &sep.Unary{Op: sep.Neg, X: x}
}

func tsub(x, y sep.Term) sep.Term {
	if sep.Equal(x, y) {
		return num(0)
	}
	if c := asConst(y); c != nil {
		return tadd(x, bignum(new(big.Int).Neg(c)))
	}
	bx, cx := splitConst(x)
	by, cy := splitConst(y)
	if bx != nil && by != nil && sep.Equal(bx, by) {
		return bignum(new(big.Int).Sub(cx, cy))
	}
	return &sep.Binary{Op: sep.Sub, X: x, Y: y}
}

func tmul(x, y sep.Term) sep.Term {
	cx, cy := asConst(x), asConst(y)
	switch {
	case cx != nil && cy != nil:
		return bignum(new(big.Int).Mul(cx, cy))
	case cx != nil && cx.Sign() == 0, cy != nil && cy.Sign() == 0:
		return num(0)
	case cx != nil && cx.Cmp(big.NewInt(1)) == 0:
		return y
	case cy != nil && cy.Cmp(big.NewInt(1)) == 0:
		return x
	case cx != nil:
		return &sep.Binary{Op: sep.Mul, X: y, Y: x}
	}
	return &sep.Binary{Op: sep.Mul, X: x, Y: y}
}

// tbin builds x op y for the other operators, folding constants with the
// mathematical semantics of package sep.
func tbin(op sep.BinaryOp, x, y sep.Term) sep.Term {
	switch op {
	case sep.Add:
		return tadd(x, y)
	case sep.Sub:
		return tsub(x, y)
	case sep.Mul:
		return tmul(x, y)
	}
	cx, cy := asConst(x), asConst(y)
	if cx != nil && cy != nil {
		r := new(big.Int)
		switch op {
		case sep.Div:
			if cy.Sign() == 0 {
				break
			}
			return bignum(r.Quo(cx, cy))
		case sep.Rem:
			if cy.Sign() == 0 {
				break
			}
			return bignum(r.Rem(cx, cy))
		case sep.BitAnd:
			return bignum(r.And(cx, cy))
		case sep.BitOr:
			return bignum(r.Or(cx, cy))
		case sep.BitXor:
			return bignum(r.Xor(cx, cy))
		case sep.Shl:
			if cy.Sign() >= 0 && cy.IsInt64() && cy.Int64() < 128 {
				return bignum(r.Lsh(cx, uint(cy.Int64())))
			}
		case sep.Shr:
			if cy.Sign() >= 0 && cy.IsInt64() && cy.Int64() < 128 {
				return bignum(r.Rsh(cx, uint(cy.Int64())))
			}
		}
	}
	return &sep.Binary{Op: op, X: x, Y: y}
}

func cmp(op sep.CmpOp, x, y sep.Term) sep.Formula { return &sep.Cmp{Op: op, X: x, Y: y} }

func and(fs ...sep.Formula) sep.Formula {
	var out sep.Formula
	for _, f := range fs {
		if f == nil {
			continue
		}
		if b, ok := f.(*sep.Bool); ok && b.Val {
			continue
		}
		if out == nil {
			out = f
		} else {
			out = &sep.And{X: out, Y: f}
		}
	}
	if out == nil {
		return &sep.Bool{Val: true}
	}
	return out
}

func not(f sep.Formula) sep.Formula {
	if n, ok := f.(*sep.Not); ok {
		return n.X
	}
	if c, ok := f.(*sep.Cmp); ok {
		ops := map[sep.CmpOp]sep.CmpOp{sep.Eq: sep.Ne, sep.Ne: sep.Eq, sep.Lt: sep.Ge, sep.Le: sep.Gt, sep.Gt: sep.Le, sep.Ge: sep.Lt}
		return &sep.Cmp{Op: ops[c.Op], X: c.X, Y: c.Y}
	}
	if b, ok := f.(*sep.Bool); ok {
		return &sep.Bool{Val: !b.Val}
	}
	return &sep.Not{X: f}
}

// constTruth decides a comparison of two constants.
func constTruth(f sep.Formula) (val, known bool) {
	switch f := f.(type) {
	case *sep.Bool:
		return f.Val, true
	case *sep.Not:
		v, k := constTruth(f.X)
		return !v, k
	case *sep.Cmp:
		x, y := asConst(f.X), asConst(f.Y)
		if x == nil || y == nil {
			if sep.Equal(f.X, f.Y) {
				switch f.Op {
				case sep.Eq, sep.Le, sep.Ge:
					return true, true
				}
				return false, true
			}
			bx, cx := splitConst(f.X)
			by, cy := splitConst(f.Y)
			if bx == nil || by == nil || !sep.Equal(bx, by) {
				return false, false
			}
			x, y = cx, cy
		}
		c := x.Cmp(y)
		switch f.Op {
		case sep.Eq:
			return c == 0, true
		case sep.Ne:
			return c != 0, true
		case sep.Lt:
			return c < 0, true
		case sep.Le:
			return c <= 0, true
		case sep.Gt:
			return c > 0, true
		case sep.Ge:
			return c >= 0, true
		}
	case *sep.And:
		a, ka := constTruth(f.X)
		b, kb := constTruth(f.Y)
		if ka && !a || kb && !b {
			return false, true
		}
		return true, ka && kb
	case *sep.Or:
		a, ka := constTruth(f.X)
		b, kb := constTruth(f.Y)
		if ka && a || kb && b {
			return true, true
		}
		return false, ka && kb
	}
	return false, false
}

// offsetFrom returns t - base, cancelling base when it occurs as a summand
// of t, for readable messages.
func offsetFrom(t, base sep.Term) sep.Term {
	var terms []sep.Term
	var signs []bool
	var flatten func(x sep.Term, neg bool)
	flatten = func(x sep.Term, neg bool) {
		if b, ok := x.(*sep.Binary); ok && (b.Op == sep.Add || b.Op == sep.Sub) {
			flatten(b.X, neg)
			flatten(b.Y, neg != (b.Op == sep.Sub))
			return
		}
		terms = append(terms, x)
		signs = append(signs, neg)
	}
	flatten(t, false)
	for i, x := range terms {
		if !signs[i] && sep.Equal(x, base) {
			var out sep.Term = num(0)
			for j, y := range terms {
				if j == i {
					continue
				}
				if signs[j] {
					out = tsub(out, y)
				} else {
					out = tadd(out, y)
				}
			}
			return out
		}
	}
	return tsub(t, base)
}
