package proofs

import (
	"fmt"
	"math/big"

	"vep/sep"
)

// LemmaSchema names a lemma of the kernel's fixed table. Each schema takes
// the term it speaks about as its first argument and yields guarded facts
// "guard => fact" that hold in every state (tested by brute force in
// lemma_test.go). Partial operations (an index out of range, a division by
// zero) denote unspecified but fixed values, so every guard includes the
// conditions that make the terms of its fact defined.
type LemmaSchema uint8

// The lemma schemas.
const (
	// LemmaLen(t), t a list: 0 <= len(t) for a name, a concatenation or a
	// literal, and by the form of t:
	// len(l[i:j]) == j - i if 0 <= i <= j <= len(l); len(a ++ b) ==
	// len(a) + len(b); len(l[i := v]) == len(l) if 0 <= i < len(l);
	// len(repeat(v, n)) == n if 0 <= n; len([e1, …, ek]) == k.
	LemmaLen LemmaSchema = iota + 1
	// LemmaElem(t, k), t a list: the element t[k] by the form of t (slice,
	// concatenation, update, repeat, literal) when k is in range.
	LemmaElem
	// LemmaCong(s, t): s == t if s and t have the same operator and equal
	// integer operands (their list and map operands must be identical).
	LemmaCong
	// LemmaCastRange(t), t = (T) x with T an integer type or bool: t is in
	// the range of T.
	LemmaCastRange
	// LemmaCastID(t), t = (T) x: if x is in the range of T then t == x.
	LemmaCastID
	// LemmaAndBounds(t), t = x & c or c & x with a constant c >= 0:
	// 0 <= t <= c, and t <= x if 0 <= x.
	LemmaAndBounds
	// LemmaShrBounds(t), t = x >> c with a constant 0 <= c <= 4096:
	// 0 <= x - 2^c*t <= 2^c - 1, and 0 <= t if 0 <= x.
	LemmaShrBounds
	// LemmaRemBounds(t), t = x % c with a constant c > 0: x == c*(x/c) + t,
	// and 0 <= t <= c - 1 if 0 <= x.
	LemmaRemBounds
	// LemmaDivBounds(t), t = x / c with a constant c > 0: if 0 <= x then
	// c*t <= x <= c*t + c - 1.
	LemmaDivBounds
	numLemmas
)

var lemmaNames = [...]string{
	LemmaLen: "len", LemmaElem: "elem", LemmaCong: "cong", LemmaCastRange: "cast_range",
	LemmaCastID: "cast_id", LemmaAndBounds: "and_bounds", LemmaShrBounds: "shr_bounds",
	LemmaRemBounds: "rem_bounds", LemmaDivBounds: "div_bounds",
}

var lemmaArity = [...]int{
	LemmaLen: 1, LemmaElem: 2, LemmaCong: 2, LemmaCastRange: 1, LemmaCastID: 1,
	LemmaAndBounds: 1, LemmaShrBounds: 1, LemmaRemBounds: 1, LemmaDivBounds: 1,
}

// String returns the schema's name.
func (s LemmaSchema) String() string {
	if s >= 1 && s < numLemmas {
		return lemmaNames[s]
	}
	return fmt.Sprintf("lemma#%d", uint8(s))
}

// Formula builders without positions.
func cmpF(op sep.CmpOp, x, y sep.Term) sep.Formula { return &sep.Cmp{Op: op, X: x, Y: y} }
func andF(fs ...sep.Formula) sep.Formula {
	var out sep.Formula
	for _, f := range fs {
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
func impF(g, f sep.Formula) sep.Formula { return &sep.Implies{X: g, Y: f} }
func binT(op sep.BinaryOp, x, y sep.Term) sep.Term {
	return &sep.Binary{Op: op, X: x, Y: y}
}
func bigT(v *big.Int) sep.Term    { return &sep.Int{Val: new(big.Int).Set(v)} }
func lenT(x sep.Term) sep.Term    { return &sep.Len{X: x} }
func idxT(x, i sep.Term) sep.Term { return &sep.Index{X: x, I: i} }

// inRange is 0 <= i && i < n.
func inRange(i, n sep.Term) sep.Formula {
	return andF(cmpF(sep.Le, sep.NewInt(0), i), cmpF(sep.Lt, i, n))
}

// lemmaFacts returns the valid formulas of the lemma instance l. lz checks
// the sorts of the arguments and decides which operands are constants.
func lemmaFacts(l Lemma, lz *linearizer) ([]sep.Formula, error) {
	if l.Schema < 1 || l.Schema >= numLemmas {
		return nil, fmt.Errorf("unknown lemma schema %d", l.Schema)
	}
	if len(l.Args) != lemmaArity[l.Schema] {
		return nil, fmt.Errorf("lemma %v takes %d arguments, got %d", l.Schema, lemmaArity[l.Schema], len(l.Args))
	}
	for _, a := range l.Args {
		if a == nil {
			return nil, fmt.Errorf("lemma %v: missing argument", l.Schema)
		}
		if err := lz.sorts.term(a, sortUnknown, nil); err != nil {
			return nil, err
		}
	}
	t := l.Args[0]
	switch l.Schema {
	case LemmaLen:
		if !lz.sorts.isList(t) {
			return nil, fmt.Errorf("len lemma: %v is not a list", t)
		}
		return lenFacts(t)
	case LemmaElem:
		if !lz.sorts.isList(t) {
			return nil, fmt.Errorf("elem lemma: %v is not a list", t)
		}
		if err := lz.sorts.term(l.Args[1], sortInt, nil); err != nil {
			return nil, err
		}
		return elemFacts(t, l.Args[1])
	case LemmaCong:
		return congFacts(t, l.Args[1], lz)
	case LemmaCastRange, LemmaCastID:
		c, ok := t.(*sep.Cast)
		if !ok {
			return nil, fmt.Errorf("%v lemma: %v is not a cast", l.Schema, t)
		}
		var lo, hi *big.Int
		switch ty := c.Type.(type) {
		case *sep.IntType:
			if ty.Size != 1 && ty.Size != 2 && ty.Size != 4 && ty.Size != 8 {
				return nil, fmt.Errorf("cast lemma: bad integer size %d", ty.Size)
			}
			lo, hi = ty.Range()
		case *sep.BoolType:
			if l.Schema == LemmaCastID {
				return nil, fmt.Errorf("cast_id lemma: %v is a cast to bool", t)
			}
			lo, hi = big.NewInt(0), big.NewInt(1)
		default:
			return nil, fmt.Errorf("cast lemma: %v is not an integer cast", t)
		}
		if l.Schema == LemmaCastRange {
			return []sep.Formula{cmpF(sep.Le, bigT(lo), t), cmpF(sep.Le, t, bigT(hi))}, nil
		}
		g := andF(cmpF(sep.Le, bigT(lo), c.X), cmpF(sep.Le, c.X, bigT(hi)))
		return []sep.Formula{impF(g, cmpF(sep.Eq, t, c.X))}, nil
	}
	b, ok := t.(*sep.Binary)
	if !ok {
		return nil, fmt.Errorf("%v lemma: %v is not a binary operation", l.Schema, t)
	}
	x, y := b.X, b.Y
	yc, err := lz.constant(y)
	if err != nil {
		return nil, err
	}
	zero := sep.NewInt(0)
	switch l.Schema {
	case LemmaAndBounds:
		if b.Op != sep.BitAnd {
			break
		}
		if yc == nil {
			x, y = y, x
			if yc, err = lz.constant(y); err != nil {
				return nil, err
			}
		}
		if yc == nil || yc.Sign() < 0 {
			return nil, fmt.Errorf("and_bounds lemma: %v has no constant operand >= 0", t)
		}
		return []sep.Formula{
			cmpF(sep.Le, zero, t), cmpF(sep.Le, t, bigT(yc)),
			impF(cmpF(sep.Le, zero, x), cmpF(sep.Le, t, x)),
		}, nil
	case LemmaShrBounds:
		if b.Op != sep.Shr {
			break
		}
		if yc == nil || yc.Sign() < 0 || yc.Cmp(big.NewInt(maxShift)) > 0 {
			return nil, fmt.Errorf("shr_bounds lemma: %v does not shift by a constant in [0, %d]", t, maxShift)
		}
		p := new(big.Int).Lsh(big.NewInt(1), uint(yc.Int64()))
		r := binT(sep.Sub, x, binT(sep.Mul, bigT(p), t))
		return []sep.Formula{
			cmpF(sep.Le, zero, r), cmpF(sep.Le, r, bigT(new(big.Int).Sub(p, big.NewInt(1)))),
			impF(cmpF(sep.Le, zero, x), cmpF(sep.Le, zero, t)),
		}, nil
	case LemmaRemBounds, LemmaDivBounds:
		if (l.Schema == LemmaRemBounds) != (b.Op == sep.Rem) || (l.Schema == LemmaDivBounds) != (b.Op == sep.Div) {
			break
		}
		if yc == nil || yc.Sign() <= 0 {
			return nil, fmt.Errorf("%v lemma: %v does not divide by a constant > 0", l.Schema, t)
		}
		c := bigT(yc)
		cm1 := bigT(new(big.Int).Sub(yc, big.NewInt(1)))
		if l.Schema == LemmaRemBounds {
			q := binT(sep.Div, x, c)
			return []sep.Formula{
				cmpF(sep.Eq, x, binT(sep.Add, binT(sep.Mul, c, q), t)),
				impF(cmpF(sep.Le, zero, x), andF(cmpF(sep.Le, zero, t), cmpF(sep.Le, t, cm1))),
			}, nil
		}
		ct := binT(sep.Mul, c, t)
		return []sep.Formula{
			impF(cmpF(sep.Le, zero, x), andF(cmpF(sep.Le, ct, x), cmpF(sep.Le, x, binT(sep.Add, ct, cm1)))),
		}, nil
	}
	return nil, fmt.Errorf("%v lemma does not apply to %v", l.Schema, t)
}

// constant returns the value of t if its linear form is constant, else nil.
func (lz *linearizer) constant(t sep.Term) (*big.Int, error) {
	l, err := lz.lin(t)
	if err != nil {
		return nil, err
	}
	if !l.IsConst() {
		return nil, nil
	}
	return l.Constant(), nil
}

func lenFacts(t sep.Term) ([]sep.Formula, error) {
	zero := sep.NewInt(0)
	var out []sep.Formula
	switch t.(type) {
	case *sep.Var, *sep.Concat, *sep.ListLit: // total: always a list
		out = append(out, cmpF(sep.Le, zero, lenT(t)))
	}
	switch t := t.(type) {
	case *sep.Slice:
		g := andF(cmpF(sep.Le, zero, t.Lo), cmpF(sep.Le, t.Lo, t.Hi), cmpF(sep.Le, t.Hi, lenT(t.X)))
		out = append(out, impF(g, cmpF(sep.Eq, lenT(t), binT(sep.Sub, t.Hi, t.Lo))))
	case *sep.Concat:
		out = append(out, cmpF(sep.Eq, lenT(t), binT(sep.Add, lenT(t.X), lenT(t.Y))))
	case *sep.Update:
		out = append(out, impF(inRange(t.I, lenT(t.X)), cmpF(sep.Eq, lenT(t), lenT(t.X))))
	case *sep.Repeat:
		out = append(out, impF(cmpF(sep.Le, zero, t.N), cmpF(sep.Eq, lenT(t), t.N)))
	case *sep.ListLit:
		out = append(out, cmpF(sep.Eq, lenT(t), sep.NewInt(int64(len(t.Elems)))))
	}
	return out, nil
}

// maxLitElems bounds the list literals LemmaElem expands.
const maxLitElems = 64

func elemFacts(t, k sep.Term) ([]sep.Formula, error) {
	zero := sep.NewInt(0)
	tk := idxT(t, k)
	switch t := t.(type) {
	case *sep.Slice:
		g := andF(cmpF(sep.Le, zero, t.Lo), cmpF(sep.Le, t.Lo, t.Hi), cmpF(sep.Le, t.Hi, lenT(t.X)),
			inRange(k, binT(sep.Sub, t.Hi, t.Lo)))
		return []sep.Formula{impF(g, cmpF(sep.Eq, tk, idxT(t.X, binT(sep.Add, t.Lo, k))))}, nil
	case *sep.Concat:
		lx := lenT(t.X)
		right := andF(cmpF(sep.Le, lx, k), cmpF(sep.Lt, k, binT(sep.Add, lx, lenT(t.Y))))
		return []sep.Formula{
			impF(inRange(k, lx), cmpF(sep.Eq, tk, idxT(t.X, k))),
			impF(right, cmpF(sep.Eq, tk, idxT(t.Y, binT(sep.Sub, k, lx)))),
		}, nil
	case *sep.Update:
		iok := inRange(t.I, lenT(t.X))
		return []sep.Formula{
			impF(andF(iok, cmpF(sep.Eq, k, t.I)), cmpF(sep.Eq, tk, t.V)),
			impF(andF(iok, inRange(k, lenT(t.X)), cmpF(sep.Ne, k, t.I)), cmpF(sep.Eq, tk, idxT(t.X, k))),
		}, nil
	case *sep.Repeat:
		return []sep.Formula{impF(inRange(k, t.N), cmpF(sep.Eq, tk, t.V))}, nil
	case *sep.ListLit:
		if len(t.Elems) > maxLitElems {
			return nil, fmt.Errorf("elem lemma: list literal of %d elements, more than %d", len(t.Elems), maxLitElems)
		}
		out := make([]sep.Formula, len(t.Elems))
		for i, e := range t.Elems {
			out[i] = impF(cmpF(sep.Eq, k, sep.NewInt(int64(i))), cmpF(sep.Eq, tk, e))
		}
		return out, nil
	}
	return nil, fmt.Errorf("elem lemma: %v is not a slice, concatenation, update, repeat or literal", t)
}

// congFacts returns s == t guarded by the equality of their integer
// operands, if s and t have the same operator and identical list and map
// operands.
func congFacts(s, t sep.Term, lz *linearizer) ([]sep.Formula, error) {
	var ints [][2]sep.Term
	var lists [][2]sep.Term
	same := false
	switch s := s.(type) {
	case *sep.Binary:
		if t, ok := t.(*sep.Binary); ok && s.Op == t.Op {
			same, ints = true, [][2]sep.Term{{s.X, t.X}, {s.Y, t.Y}}
		}
	case *sep.Cast:
		if t, ok := t.(*sep.Cast); ok && sep.TypeEqual(s.Type, t.Type) {
			same, ints = true, [][2]sep.Term{{s.X, t.X}}
		}
	case *sep.Index:
		if t, ok := t.(*sep.Index); ok {
			same, ints, lists = true, [][2]sep.Term{{s.I, t.I}}, [][2]sep.Term{{s.X, t.X}}
		}
	case *sep.Deref:
		if t, ok := t.(*sep.Deref); ok {
			same, ints = true, [][2]sep.Term{{s.X, t.X}}
		}
	case *sep.Field:
		if t, ok := t.(*sep.Field); ok && s.Arrow && t.Arrow && s.Name == t.Name {
			same, ints = true, [][2]sep.Term{{s.X, t.X}}
		}
	}
	if !same {
		return nil, fmt.Errorf("cong lemma: %v and %v are not applications of the same operator", s, t)
	}
	for _, p := range lists {
		a, err := lz.listKey(p[0])
		if err != nil {
			return nil, err
		}
		b, err := lz.listKey(p[1])
		if err != nil {
			return nil, err
		}
		if a != b {
			return nil, fmt.Errorf("cong lemma: list operands %v and %v differ", p[0], p[1])
		}
	}
	var g []sep.Formula
	for _, p := range ints {
		if err := lz.sorts.term(p[0], sortInt, nil); err != nil {
			return nil, err
		}
		if err := lz.sorts.term(p[1], sortInt, nil); err != nil {
			return nil, err
		}
		g = append(g, cmpF(sep.Eq, p[0], p[1]))
	}
	return []sep.Formula{impF(andF(g...), cmpF(sep.Eq, s, t))}, nil
}
