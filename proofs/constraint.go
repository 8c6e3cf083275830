package proofs

import (
	"math/big"
	"strings"
)

// Rel is the relation of a constraint to zero.
type Rel uint8

// Relations of a Constraint.
const (
	RelGe Rel = 1 // Lin >= 0
	RelEq Rel = 2 // Lin == 0
)

// String returns ">=" or "==".
func (r Rel) String() string {
	switch r {
	case RelGe:
		return ">="
	case RelEq:
		return "=="
	}
	return "?"
}

// Constraint is a linear constraint in normal form: L >= 0 or L == 0.
type Constraint struct {
	L   Lin
	Rel Rel
}

// String returns the constraint as "L >= 0" or "L == 0".
func (c Constraint) String() string { return c.L.String() + " " + c.Rel.String() + " 0" }

// Holds reports whether c is true when each atom a has the value env(a).
// A constraint with an unknown relation never holds.
func (c Constraint) Holds(env func(Atom) *big.Int) bool {
	v := c.L.Eval(env)
	switch c.Rel {
	case RelGe:
		return v.Sign() >= 0
	case RelEq:
		return v.Sign() == 0
	}
	return false
}

// Geq returns a >= b as a - b >= 0.
func Geq(a, b Lin) Constraint { return Constraint{a.Sub(b), RelGe} }

// Leq returns a <= b as b - a >= 0.
func Leq(a, b Lin) Constraint { return Constraint{b.Sub(a), RelGe} }

// Less returns a < b, which over the integers is a <= b - 1, as
// b - a - 1 >= 0.
func Less(a, b Lin) Constraint { return Constraint{b.Sub(a).AddConst(-1), RelGe} }

// Greater returns a > b as a - b - 1 >= 0.
func Greater(a, b Lin) Constraint { return Less(b, a) }

// Equal returns a == b as a - b == 0.
func Equal(a, b Lin) Constraint { return Constraint{a.Sub(b), RelEq} }

// NotEqual returns a != b as the disjunction a <= b - 1 | a >= b + 1.
func NotEqual(a, b Lin) Hyp { return Disj(Less(a, b), Greater(a, b)) }

// Negate returns the negation of c over the integers: for L >= 0 the fact
// -L - 1 >= 0, for L == 0 the disjunction L <= -1 | L >= 1. A constraint
// with an unknown relation is returned unchanged as a fact, which the
// kernel and the solver reject.
func (c Constraint) Negate() Hyp {
	switch c.Rel {
	case RelEq:
		return NotEqual(c.L, Lin{})
	case RelGe:
		return Fact(Constraint{c.L.Scale(big.NewInt(-1)).AddConst(-1), RelGe})
	}
	return Fact(c)
}

// Hyp is a hypothesis: a disjunction of constraints, at least one of which
// holds. A Hyp with one case is a plain fact; one with no case is false.
type Hyp struct {
	Cases []Constraint
}

// Fact returns the hypothesis that c holds.
func Fact(c Constraint) Hyp { return Hyp{[]Constraint{c}} }

// Disj returns the hypothesis that at least one of cs holds.
func Disj(cs ...Constraint) Hyp { return Hyp{cs} }

// Holds reports whether some case of h holds under env.
func (h Hyp) Holds(env func(Atom) *big.Int) bool {
	for _, c := range h.Cases {
		if c.Holds(env) {
			return true
		}
	}
	return false
}

// String returns the cases joined by " | ", or "false" for no case.
func (h Hyp) String() string {
	if len(h.Cases) == 0 {
		return "false"
	}
	s := make([]string, len(h.Cases))
	for i, c := range h.Cases {
		s[i] = c.String()
	}
	return strings.Join(s, " | ")
}
