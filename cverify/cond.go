package cverify

import (
	"fmt"

	"vep/cparse"
	"vep/sep"
)

// bk receives the truth of a condition on one path.
type bk func(*state, bool)

// branch continues with f assumed on one path and its negation on the
// other, skipping an outcome that the path facts refute.
func (v *verifier) branch(st *state, f sep.Formula, k bk) {
	if val, known := constTruth(f); known {
		k(st, val)
		return
	}
	yes := v.feasible(st, f)
	no := v.feasible(st, not(f))
	switch {
	case yes && no:
		st2 := st.clone()
		st.addFact(f)
		k(st, true)
		if v.failed() {
			return
		}
		st2.addFact(not(f))
		k(st2, false)
	case yes:
		k(st, true)
	case no:
		k(st, false)
	}
}

// branchNull splits on whether pointer p is null.
func (v *verifier) branchNull(st *state, p value, k bk) {
	switch p.k {
	case kScalar:
		v.branch(st, cmp(sep.Ne, p.t, num(0)), k)
		return
	}
	if p.nullID == 0 {
		k(st, true)
		return
	}
	if known, ok := st.null[p.nullID]; ok {
		k(st, known)
		return
	}
	st2 := st.clone()
	st.null[p.nullID] = true
	if a, ok := st.nullAddr[p.nullID]; ok {
		st.addFact(cmp(sep.Ne, a, num(0)))
		st2.addFact(cmp(sep.Eq, a, num(0)))
	}
	k(st, true)
	if v.failed() {
		return
	}
	st2.null[p.nullID] = false
	k(st2, false)
}

// cond evaluates the scalar condition e (compared against zero).
func (v *verifier) cond(st *state, e cparse.Expr, k bk) {
	if !v.step(e.Pos()) {
		return
	}
	switch e := e.(type) {
	case *cparse.Logical:
		v.cond(st, e.X, func(st *state, b bool) {
			if b != e.And {
				k(st, b)
				return
			}
			v.cond(st, e.Y, k)
		})
		return
	case *cparse.Unary:
		if e.Op == cparse.OpNot {
			v.cond(st, e.X, func(st *state, b bool) { k(st, !b) })
			return
		}
	case *cparse.Cast:
		if it, ok := e.T.(*cparse.IntType); ok && it.Bool {
			v.cond(st, e.X, k)
			return
		}
	case *cparse.Binary:
		if e.Op.IsCompare() {
			v.eval(st, e.X, func(st *state, x value) {
				v.eval(st, e.Y, func(st *state, y value) { v.compare(st, e, x, y, k) })
			})
			return
		}
	}
	v.eval(st, e, func(st *state, x value) {
		if x.k != kScalar {
			v.branchNull(st, x, k)
			return
		}
		v.branch(st, cmp(sep.Ne, x.t, num(0)), k)
	})
}

var cmpOps = map[cparse.BinOp]sep.CmpOp{
	cparse.OpEq: sep.Eq, cparse.OpNe: sep.Ne, cparse.OpLt: sep.Lt,
	cparse.OpLe: sep.Le, cparse.OpGt: sep.Gt, cparse.OpGe: sep.Ge,
}

// compare decides x op y for a comparison e.
func (v *verifier) compare(st *state, e *cparse.Binary, x, y value, k bk) {
	op := cmpOps[e.Op]
	if x.k == kScalar && y.k == kScalar {
		v.branch(st, cmp(op, x.t, y.t), k)
		return
	}
	isNull := func(a value) bool {
		c := asConst(a.t)
		return a.k == kScalar && c != nil && c.Sign() == 0
	}
	if (op == sep.Eq || op == sep.Ne) && (isNull(x) || isNull(y)) {
		p := x
		if isNull(x) {
			p = y
		}
		v.branchNull(st, p, func(st *state, nonnull bool) { k(st, nonnull == (op == sep.Ne)) })
		return
	}
	for _, a := range []value{x, y} {
		if (a.k == kPacket || a.k == kPktEnd) && a.gen != st.gen {
			v.fail(e.Pos(), fmt.Sprintf("packet pointer used after %s invalidated it", st.killer[a.gen]), nil, nil)
			return
		}
	}
	if samePacket(x, y) || x.k == kStack && y.k == kStack && x.region == y.region ||
		x.k == kMapVal && y.k == kMapVal && x.m == y.m && x.obj == y.obj && x.obj != 0 {
		v.branch(st, cmp(op, x.t, y.t), k)
		return
	}
	// Unrelated pointers: either outcome.
	st2 := st.clone()
	k(st, true)
	if !v.failed() {
		k(st2, false)
	}
}
