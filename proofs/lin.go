package proofs

import (
	"cmp"
	"math/big"
	"slices"
	"strconv"
	"strings"
)

// Atom identifies an integer-valued unknown of a linear form. The meaning of
// an atom (a variable, or an opaque non-linear term such as x*y) is fixed by
// whoever builds the hypotheses; the kernel treats atoms as names only.
type Atom uint32

// String returns the atom's text form, "x" followed by its number.
func (a Atom) String() string { return "x" + strconv.FormatUint(uint64(a), 10) }

// Term is one summand Coef·Atom of a linear form.
type Term struct {
	Atom Atom
	Coef *big.Int
}

// Lin is an exact linear form c + Σ coef·atom with integer coefficients.
//
// A Lin is immutable and canonical: its terms are sorted by atom, each atom
// occurs once and no coefficient is zero. The zero value is the constant 0.
// Build one with NewLin, Const or Var and combine with Add, Sub, Scale.
type Lin struct {
	c     *big.Int // nil means 0
	terms []Term
}

// NewLin returns the canonical form of c + Σ terms: it copies the
// coefficients, merges repeated atoms and drops zero coefficients. A nil
// constant or coefficient counts as zero.
func NewLin(c *big.Int, terms ...Term) Lin {
	var acc linAcc
	if c != nil {
		acc.c.Set(c)
	}
	for _, t := range terms {
		if t.Coef != nil {
			acc.addTerm(t.Atom, t.Coef, nil)
		}
	}
	return acc.lin()
}

// Const returns the constant form c.
func Const(c int64) Lin { return Lin{c: big.NewInt(c)} }

// Var returns the form 1·a.
func Var(a Atom) Lin { return Lin{terms: []Term{{a, big.NewInt(1)}}} }

// Constant returns a copy of the constant part of l.
func (l Lin) Constant() *big.Int {
	if l.c == nil {
		return new(big.Int)
	}
	return new(big.Int).Set(l.c)
}

// constRef returns the constant part of l without copying it (for nil,
// a zero that no one modifies). The caller must not modify it.
func (l Lin) constRef() *big.Int {
	if l.c == nil {
		return &zeroInt
	}
	return l.c
}

var zeroInt big.Int // 0; never modified

// Len returns the number of terms of l (atoms with a nonzero coefficient).
func (l Lin) Len() int { return len(l.terms) }

// Term returns a copy of the i-th term of l in atom order.
func (l Lin) Term(i int) Term {
	t := l.terms[i]
	return Term{t.Atom, new(big.Int).Set(t.Coef)}
}

// Terms returns a copy of the terms of l in atom order.
func (l Lin) Terms() []Term {
	out := make([]Term, len(l.terms))
	for i := range l.terms {
		out[i] = l.Term(i)
	}
	return out
}

// Coef returns a copy of the coefficient of a in l (zero if a is absent).
func (l Lin) Coef(a Atom) *big.Int {
	i, ok := slices.BinarySearchFunc(l.terms, a, func(t Term, a Atom) int { return cmp.Compare(t.Atom, a) })
	if !ok {
		return new(big.Int)
	}
	return new(big.Int).Set(l.terms[i].Coef)
}

// ConstInt64 returns the constant part of l and whether it fits an int64.
func (l Lin) ConstInt64() (int64, bool) {
	if l.c == nil {
		return 0, true
	}
	return l.c.Int64(), l.c.IsInt64()
}

// TermInt64 returns the i-th term of l and whether its coefficient fits an
// int64; it does not allocate.
func (l Lin) TermInt64(i int) (Atom, int64, bool) {
	t := l.terms[i]
	return t.Atom, t.Coef.Int64(), t.Coef.IsInt64()
}

// IsConst reports whether l has no terms.
func (l Lin) IsConst() bool { return len(l.terms) == 0 }

// Add returns l + m.
func (l Lin) Add(m Lin) Lin {
	var acc linAcc
	acc.add(l, big.NewInt(1), nil)
	acc.add(m, big.NewInt(1), nil)
	return acc.lin()
}

// Sub returns l - m.
func (l Lin) Sub(m Lin) Lin {
	var acc linAcc
	acc.add(l, big.NewInt(1), nil)
	acc.add(m, big.NewInt(-1), nil)
	return acc.lin()
}

// Scale returns k·l.
func (l Lin) Scale(k *big.Int) Lin {
	var acc linAcc
	acc.add(l, k, nil)
	return acc.lin()
}

// AddConst returns l + k.
func (l Lin) AddConst(k int64) Lin {
	var acc linAcc
	acc.add(l, big.NewInt(1), nil)
	acc.c.Add(&acc.c, big.NewInt(k))
	return acc.lin()
}

// Equal reports whether l and m are the same form.
func (l Lin) Equal(m Lin) bool {
	if l.constRef().Cmp(m.constRef()) != 0 || len(l.terms) != len(m.terms) {
		return false
	}
	for i, t := range l.terms {
		if t.Atom != m.terms[i].Atom || t.Coef.Cmp(m.terms[i].Coef) != 0 {
			return false
		}
	}
	return true
}

// Eval returns the value of l when each atom a has the value env(a).
func (l Lin) Eval(env func(Atom) *big.Int) *big.Int {
	v := l.Constant()
	var p big.Int
	for _, t := range l.terms {
		if x := env(t.Atom); x != nil {
			v.Add(v, p.Mul(t.Coef, x))
		}
	}
	return v
}

// maxBits returns the largest bit length of a coefficient or the constant.
func (l Lin) maxBits() int {
	n := 0
	if l.c != nil {
		n = l.c.BitLen()
	}
	for _, t := range l.terms {
		n = max(n, t.Coef.BitLen())
	}
	return n
}

// String returns l in the form "2*x1 - x3 + 4"; the zero form is "0".
func (l Lin) String() string {
	var b strings.Builder
	for i, t := range l.terms {
		c := t.Coef
		switch {
		case i == 0 && c.Sign() < 0:
			b.WriteByte('-')
		case i > 0 && c.Sign() < 0:
			b.WriteString(" - ")
		case i > 0:
			b.WriteString(" + ")
		}
		abs := new(big.Int).Abs(c)
		if abs.Cmp(big.NewInt(1)) != 0 {
			b.WriteString(abs.String())
			b.WriteByte('*')
		}
		b.WriteString(t.Atom.String())
	}
	c := l.Constant()
	switch {
	case len(l.terms) == 0:
		b.WriteString(c.String())
	case c.Sign() > 0:
		b.WriteString(" + ")
		b.WriteString(c.String())
	case c.Sign() < 0:
		b.WriteString(" - ")
		b.WriteString(new(big.Int).Neg(c).String())
	}
	return b.String()
}

// linAcc accumulates a linear combination of forms exactly. Terms are
// collected unsorted and merged once by lin, so accumulating T terms costs
// O(T log T) plus the arithmetic.
type linAcc struct {
	c     big.Int
	terms []Term
}

// add adds k·l to the accumulator. If tmp is non-nil it is used as scratch.
func (a *linAcc) add(l Lin, k *big.Int, tmp *big.Int) {
	if tmp == nil {
		tmp = new(big.Int)
	}
	if l.c != nil {
		a.c.Add(&a.c, tmp.Mul(l.c, k))
	}
	for _, t := range l.terms {
		a.addTerm(t.Atom, t.Coef, k)
	}
}

// addTerm adds k·c·atom (k nil meaning 1).
func (a *linAcc) addTerm(atom Atom, c, k *big.Int) {
	v := new(big.Int).Set(c)
	if k != nil {
		v.Mul(v, k)
	}
	a.terms = append(a.terms, Term{atom, v})
}

// lin returns the canonical form of the accumulated combination: terms
// sorted by atom, equal atoms summed, zero coefficients dropped. The
// accumulator must not be used afterwards.
func (a *linAcc) lin() Lin {
	l := Lin{c: new(big.Int).Set(&a.c)}
	slices.SortFunc(a.terms, func(x, y Term) int { return cmp.Compare(x.Atom, y.Atom) })
	for i := 0; i < len(a.terms); {
		t := a.terms[i]
		j := i + 1
		for ; j < len(a.terms) && a.terms[j].Atom == t.Atom; j++ {
			t.Coef.Add(t.Coef, a.terms[j].Coef)
		}
		if t.Coef.Sign() != 0 {
			l.terms = append(l.terms, t)
		}
		i = j
	}
	return l
}
