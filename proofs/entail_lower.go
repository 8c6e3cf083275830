package proofs

import (
	"fmt"

	"vep/sep"
)

// Lowering of pure formulas to hypotheses. For every formula f,
//
//	hyp(f) is a list of hypotheses that f implies, and
//	neg(f) is a list of hypotheses that !f implies.
//
// What has no linear meaning (a forall, an exists, a list disequality, a
// spatial predicate, a disjunction too large to expand) contributes nothing:
// dropping a hypothesis only makes a refutation harder, never unsound.

// maxCases bounds the cases of one disjunctive hypothesis.
const maxCases = 64

// lowerer lowers formulas with a linearizer.
type lowerer struct {
	lz *linearizer
}

// cmp lowers the comparison x op y (negated if neg) over integers.
func (lw *lowerer) cmp(f *sep.Cmp, neg bool) ([]Hyp, error) {
	op := f.Op
	if op < sep.Eq || op > sep.Ge {
		return nil, fmt.Errorf("unknown comparison in %v", f)
	}
	if neg {
		op = [...]sep.CmpOp{sep.Eq: sep.Ne, sep.Ne: sep.Eq, sep.Lt: sep.Ge, sep.Le: sep.Gt, sep.Gt: sep.Le, sep.Ge: sep.Lt}[op]
	}
	if lw.lz.sorts.isList(f.X) || lw.lz.sorts.isList(f.Y) {
		// Lists: only equality has a linear consequence, equal lengths.
		if op != sep.Eq {
			return nil, nil
		}
		x, err := lw.lz.lin(&sep.Len{X: f.X})
		if err != nil {
			return nil, err
		}
		y, err := lw.lz.lin(&sep.Len{X: f.Y})
		if err != nil {
			return nil, err
		}
		return []Hyp{Fact(Equal(x, y))}, nil
	}
	x, err := lw.lz.lin(f.X)
	if err != nil {
		return nil, err
	}
	y, err := lw.lz.lin(f.Y)
	if err != nil {
		return nil, err
	}
	switch op {
	case sep.Eq: // x - y == 0
		return []Hyp{Fact(Constraint{linMerge(x, y, true), RelEq})}, nil
	case sep.Ne: // y - x - 1 >= 0 | x - y - 1 >= 0
		return []Hyp{Disj(Constraint{linAddConst(linMerge(y, x, true), -1), RelGe}, Constraint{linAddConst(linMerge(x, y, true), -1), RelGe})}, nil
	case sep.Lt: // y - x - 1 >= 0
		return []Hyp{Fact(Constraint{linAddConst(linMerge(y, x, true), -1), RelGe})}, nil
	case sep.Le: // y - x >= 0
		return []Hyp{Fact(Constraint{linMerge(y, x, true), RelGe})}, nil
	case sep.Gt: // x - y - 1 >= 0
		return []Hyp{Fact(Constraint{linAddConst(linMerge(x, y, true), -1), RelGe})}, nil
	case sep.Ge: // x - y >= 0
		return []Hyp{Fact(Constraint{linMerge(x, y, true), RelGe})}, nil
	}
	return nil, fmt.Errorf("unknown comparison in %v", f)
}

// hyp returns hypotheses implied by f.
func (lw *lowerer) hyp(f sep.Formula) ([]Hyp, error) {
	switch f := f.(type) {
	case *sep.Bool:
		if f.Val {
			return nil, nil
		}
		return []Hyp{{}}, nil
	case *sep.Cmp:
		return lw.cmp(f, false)
	case *sep.Not:
		return lw.neg(f.X)
	case *sep.And:
		return lw.both(lw.hyp, f.X, f.Y)
	case *sep.Sep:
		return lw.both(lw.hyp, f.X, f.Y)
	case *sep.Or:
		x, err := lw.hyp(f.X)
		if err != nil {
			return nil, err
		}
		y, err := lw.hyp(f.Y)
		if err != nil {
			return nil, err
		}
		return product(x, y), nil
	case *sep.Implies:
		x, err := lw.neg(f.X)
		if err != nil {
			return nil, err
		}
		y, err := lw.hyp(f.Y)
		if err != nil {
			return nil, err
		}
		return product(x, y), nil
	case *sep.Pred, *sep.Emp, *sep.Exists, *sep.Forall:
		return nil, nil
	case nil:
		return nil, fmt.Errorf("missing formula")
	}
	return nil, fmt.Errorf("unknown formula %T", f)
}

// neg returns hypotheses implied by !f.
func (lw *lowerer) neg(f sep.Formula) ([]Hyp, error) {
	switch f := f.(type) {
	case *sep.Bool:
		if f.Val {
			return []Hyp{{}}, nil
		}
		return nil, nil
	case *sep.Cmp:
		return lw.cmp(f, true)
	case *sep.Not:
		return lw.hyp(f.X)
	case *sep.Or:
		return lw.both(lw.neg, f.X, f.Y)
	case *sep.Implies:
		x, err := lw.hyp(f.X)
		if err != nil {
			return nil, err
		}
		y, err := lw.neg(f.Y)
		if err != nil {
			return nil, err
		}
		return append(x, y...), nil
	case *sep.And, *sep.Sep:
		a, b := binaryParts(f)
		x, err := lw.neg(a)
		if err != nil {
			return nil, err
		}
		y, err := lw.neg(b)
		if err != nil {
			return nil, err
		}
		return product(x, y), nil
	case *sep.Pred, *sep.Emp, *sep.Exists, *sep.Forall:
		return nil, nil
	case nil:
		return nil, fmt.Errorf("missing formula")
	}
	return nil, fmt.Errorf("unknown formula %T", f)
}

func binaryParts(f sep.Formula) (sep.Formula, sep.Formula) {
	switch f := f.(type) {
	case *sep.And:
		return f.X, f.Y
	case *sep.Sep:
		return f.X, f.Y
	}
	return nil, nil
}

func (lw *lowerer) both(fn func(sep.Formula) ([]Hyp, error), x, y sep.Formula) ([]Hyp, error) {
	a, err := fn(x)
	if err != nil {
		return nil, err
	}
	b, err := fn(y)
	if err != nil {
		return nil, err
	}
	return append(a, b...), nil
}

// product returns the hypotheses implied by (∧xs) ∨ (∧ys): the disjunction
// of every pair. Empty if either side is empty (no information); pairs whose
// disjunction would exceed maxCases cases are dropped.
func product(xs, ys []Hyp) []Hyp {
	if len(xs)*len(ys) > maxCases {
		return nil
	}
	var out []Hyp
	for _, x := range xs {
		for _, y := range ys {
			if len(x.Cases)+len(y.Cases) > maxCases {
				continue
			}
			cs := make([]Constraint, 0, len(x.Cases)+len(y.Cases))
			cs = append(append(cs, x.Cases...), y.Cases...)
			out = append(out, Hyp{cs})
		}
	}
	return out
}
