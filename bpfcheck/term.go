package bpfcheck

import (
	"math/big"
	"sort"

	"vep/sep"
)

// Term builders. Every builder folds ground terms to literals with the
// sep evaluator, so constants stay constants.

var (
	two64    = new(big.Int).Lsh(big.NewInt(1), 64)
	two32    = new(big.Int).Lsh(big.NewInt(1), 32)
	addrLo   = new(big.Int).Lsh(big.NewInt(1), 32)                          // lowest address of a kernel object
	addrHi   = new(big.Int).Sub(two64, new(big.Int).Lsh(big.NewInt(1), 32)) // highest end of one
	u64Type  = &sep.IntType{Size: 8}
	u32Type  = &sep.IntType{Size: 4}
	s64Type  = &sep.IntType{Size: 8, Signed: true}
	s32Type  = &sep.IntType{Size: 4, Signed: true}
	evalMaps = map[string]sep.MapDef{}
)

func num(n int64) sep.Term       { return sep.NewInt(n) }
func bigNum(n *big.Int) sep.Term { return &sep.Int{Val: new(big.Int).Set(n)} }
func name(s string) sep.Term     { return sep.NewVar(s) }

func bin(op sep.BinaryOp, x, y sep.Term) sep.Term { return fold(&sep.Binary{Op: op, X: x, Y: y}) }
func add(x, y sep.Term) sep.Term                  { return bin(sep.Add, x, y) }
func sub(x, y sep.Term) sep.Term                  { return bin(sep.Sub, x, y) }
func cast(ty *sep.IntType, x sep.Term) sep.Term   { return fold(&sep.Cast{Type: ty, X: x}) }

func intType(size int, signed bool) *sep.IntType { return &sep.IntType{Size: size, Signed: signed} }

func cmp(op sep.CmpOp, x, y sep.Term) sep.Formula { return &sep.Cmp{Op: op, X: x, Y: y} }
func and(fs ...sep.Formula) sep.Formula           { return sep.Conj(fs...) }

// fold evaluates a ground term to a literal; other terms are returned as is.
func fold(t sep.Term) sep.Term {
	if _, ok := t.(*sep.Int); ok {
		return t
	}
	if len(sep.FreeVars(t)) != 0 {
		return t
	}
	v, err := sep.EvalTerm(t, &sep.Env{Maps: evalMaps})
	if err != nil || v.IsList() || v.Int().BitLen() > 130 {
		return t
	}
	return bigNum(v.Int())
}

// literal returns the value of an integer literal.
func literal(t sep.Term) (*big.Int, bool) {
	if n, ok := t.(*sep.Int); ok && n.Val != nil {
		return n.Val, true
	}
	return nil, false
}

// size returns the number of nodes of t.
func size(n sep.Node) int {
	k := 0
	sep.Walk(n, func(sep.Node) bool { k++; return true })
	return k
}

// linear is a linear form over opaque atoms keyed by their printed text. It
// is used only to normalise pointer offsets and to decide whether an offset
// is a constant; it never decides a VC.
type linear struct {
	c     *big.Int
	coef  map[string]*big.Int
	atoms map[string]sep.Term
}

func linOf(t sep.Term) linear {
	l := linear{c: new(big.Int), coef: map[string]*big.Int{}, atoms: map[string]sep.Term{}}
	l.add(t, big.NewInt(1), 0)
	return l
}

func (l *linear) atom(t sep.Term, k *big.Int) {
	key := t.String()
	l.atoms[key] = t
	if c, ok := l.coef[key]; ok {
		c.Add(c, k)
	} else {
		l.coef[key] = new(big.Int).Set(k)
	}
}

func (l *linear) add(t sep.Term, k *big.Int, depth int) {
	if depth > 64 {
		l.atom(t, k)
		return
	}
	switch t := t.(type) {
	case *sep.Int:
		l.c.Add(l.c, new(big.Int).Mul(t.Val, k))
		return
	case *sep.Unary:
		if t.Op == sep.Neg {
			l.add(t.X, new(big.Int).Neg(k), depth+1)
			return
		}
	case *sep.Binary:
		switch t.Op {
		case sep.Add:
			l.add(t.X, k, depth+1)
			l.add(t.Y, k, depth+1)
			return
		case sep.Sub:
			l.add(t.X, k, depth+1)
			l.add(t.Y, new(big.Int).Neg(k), depth+1)
			return
		case sep.Mul:
			if c, ok := literal(t.X); ok {
				l.add(t.Y, new(big.Int).Mul(k, c), depth+1)
				return
			}
			if c, ok := literal(t.Y); ok {
				l.add(t.X, new(big.Int).Mul(k, c), depth+1)
				return
			}
		}
	}
	l.atom(t, k)
}

// constant reports whether the form has no atoms, and its constant.
func (l linear) constant() (*big.Int, bool) {
	for _, c := range l.coef {
		if c.Sign() != 0 {
			return nil, false
		}
	}
	return l.c, true
}

// term rebuilds the form as a term, atoms in key order, constant last.
func (l linear) term() sep.Term {
	keys := make([]string, 0, len(l.coef))
	for k, c := range l.coef {
		if c.Sign() != 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var t sep.Term
	for _, k := range keys {
		var a sep.Term = l.atoms[k]
		c := l.coef[k]
		if c.Cmp(big.NewInt(1)) != 0 {
			a = &sep.Binary{Op: sep.Mul, X: bigNum(c), Y: a}
		}
		if t == nil {
			t = a
		} else {
			t = &sep.Binary{Op: sep.Add, X: t, Y: a}
		}
	}
	if t == nil {
		return bigNum(l.c)
	}
	if l.c.Sign() != 0 {
		t = &sep.Binary{Op: sep.Add, X: t, Y: bigNum(l.c)}
	}
	return t
}

// norm returns the linear normal form of t.
func norm(t sep.Term) sep.Term { return linOf(t).term() }

// constOf returns the value of t if its linear form is constant.
func constOf(t sep.Term) (int64, bool) {
	c, ok := linOf(t).constant()
	if !ok || !c.IsInt64() {
		return 0, false
	}
	return c.Int64(), true
}
