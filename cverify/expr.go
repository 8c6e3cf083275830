package cverify

import (
	"fmt"
	"math/big"

	"vep/cparse"
	"vep/sep"
)

// vk receives the value of an expression on one path.
type vk func(*state, value)

// step counts work and stops runaway path explosion.
func (v *verifier) step(pos cparse.Pos) bool {
	if v.failed() {
		return false
	}
	v.steps++
	max := v.opts.MaxSteps
	if max <= 0 {
		max = 200000
	}
	if v.steps > max {
		v.fail(pos, "verification gave up: too many paths; add an assertion (/*@ P */) to merge them", nil, nil)
		return false
	}
	return true
}

// eval evaluates e on st and passes its value to k, once per path.
func (v *verifier) eval(st *state, e cparse.Expr, k vk) {
	if !v.step(e.Pos()) {
		return
	}
	switch e := e.(type) {
	case *cparse.IntLit:
		c := wrapConst(bigOf(e.Val), e.T)
		if _, ok := e.T.(*cparse.PointerType); ok {
			c = bigOf(e.Val)
		}
		k(st, scalar(bignum(c), e.T))
	case *cparse.Load:
		v.place(st, e.X, func(st *state, p value) {
			var f *cparse.Field
			if fr, ok := e.X.(*cparse.FieldRef); ok {
				f = fr.F
			}
			if throughPointer(e.X) && !v.checkAlias(st, e.Pos(), p, e.X.Type(), f, false) {
				return
			}
			if x, ok := v.load(st, e.Pos(), p, e.X.Type(), f); ok {
				k(st, x)
			}
		})
	case *cparse.AddrOf:
		v.place(st, e.X, func(st *state, p value) {
			p.typ = e.T
			k(st, p)
		})
	case *cparse.MapRef:
		k(st, value{k: kMap, m: e.Map, typ: e.T})
	case *cparse.Cast:
		v.eval(st, e.X, func(st *state, x value) { v.cast(st, e, x, k) })
	case *cparse.Unary:
		if e.Op == cparse.OpNot {
			v.cond(st, e.X, func(st *state, b bool) { k(st, scalar(boolTerm(!b), e.T)) })
			return
		}
		v.eval(st, e.X, func(st *state, x value) {
			if x.k != kScalar {
				k(st, scalar(v.fresh("val", e.T), e.T))
				return
			}
			if e.Op == cparse.OpNeg {
				k(st, scalar(v.fit(st, tneg(x.t), e.T), e.T))
				return
			}
			k(st, scalar(v.fit(st, tsub(tneg(x.t), num(1)), e.T), e.T))
		})
	case *cparse.Binary:
		if e.Op.IsCompare() {
			v.cond(st, e, func(st *state, b bool) { k(st, scalar(boolTerm(b), e.T)) })
			return
		}
		v.eval(st, e.X, func(st *state, x value) {
			v.eval(st, e.Y, func(st *state, y value) {
				if x.k == kScalar && y.k == kScalar {
					k(st, scalar(v.binArith(st, e.Op, x.t, y.t, e.T), e.T))
					return
				}
				if e.Op == cparse.OpSub && samePacket(x, y) {
					k(st, scalar(v.fit(st, tsub(x.t, y.t), e.T), e.T))
					return
				}
				k(st, scalar(v.fresh("val", e.T), e.T))
			})
		})
	case *cparse.PtrArith:
		v.eval(st, e.Ptr, func(st *state, p value) {
			v.eval(st, e.Idx, func(st *state, i value) {
				if i.k != kScalar {
					v.fail(e.Pos(), "unsupported: a pointer used as an index", nil, nil)
					return
				}
				d := tmul(i.t, num(e.ElemSize))
				if e.Sub {
					d = tneg(d)
				}
				if q, ok := v.ptrAdd(st, e.Pos(), p, d); ok {
					k(st, q)
				}
			})
		})
	case *cparse.PtrDiff:
		v.eval(st, e.X, func(st *state, x value) {
			v.eval(st, e.Y, func(st *state, y value) {
				same := samePacket(x, y) || x.k == kStack && y.k == kStack && x.region == y.region ||
					x.k == kMapVal && y.k == kMapVal && x.obj == y.obj && x.obj != 0 && x.m == y.m
				if same && e.ElemSize == 1 {
					k(st, scalar(v.fit(st, tsub(x.t, y.t), cparse.S64), cparse.S64))
					return
				}
				k(st, scalar(v.fresh("val", cparse.S64), cparse.S64))
			})
		})
	case *cparse.Logical:
		v.cond(st, e, func(st *state, b bool) { k(st, scalar(boolTerm(b), cparse.S32)) })
	case *cparse.CondExpr:
		v.cond(st, e.C, func(st *state, b bool) {
			if b {
				v.eval(st, e.X, k)
			} else {
				v.eval(st, e.Y, k)
			}
		})
	case *cparse.Comma:
		v.eval(st, e.X, func(st *state, _ value) { v.eval(st, e.Y, k) })
	case *cparse.AssignExpr:
		v.assign(st, e.Pos(), e.LHS, e.Op, e.RHS, func(st *state, old, nw value) {
			if e.Post {
				k(st, old)
			} else {
				k(st, nw)
			}
		})
	case *cparse.OldValue:
		if len(st.old) == 0 {
			v.fail(e.Pos(), "internal: old value outside a compound assignment", nil, nil)
			return
		}
		k(st, st.old[len(st.old)-1])
	case *cparse.Call:
		v.call(st, e, k)
	default:
		v.fail(e.Pos(), fmt.Sprintf("unsupported expression %s", e), nil, nil)
	}
}

func boolTerm(b bool) sep.Term {
	if b {
		return num(1)
	}
	return num(0)
}

func samePacket(x, y value) bool {
	return (x.k == kPacket || x.k == kPktEnd) && (y.k == kPacket || y.k == kPktEnd) && x.gen == y.gen
}

// ptrAdd moves pointer p by d bytes.
func (v *verifier) ptrAdd(st *state, pos cparse.Pos, p value, d sep.Term) (value, bool) {
	switch p.k {
	case kMap:
		v.fail(pos, "pointer arithmetic on a map pointer", nil, nil)
		return value{}, false
	case kCtx:
		v.fail(pos, "pointer arithmetic on the context", nil, nil)
		return value{}, false
	case kScalar:
		if c, ok := constInt64(d); ok && c == 0 {
			return p, true
		}
		return scalar(v.fresh("ptr", cparse.U64), p.typ), true
	}
	if p.nullID > 0 && !st.null[p.nullID] {
		v.fail(pos, "pointer arithmetic on a map value that may be null: check it first", nil, nil)
		return value{}, false
	}
	if p.k == kPacket && p.gen != st.gen {
		v.fail(pos, fmt.Sprintf("packet pointer used after %s invalidated it", st.killer[p.gen]), nil, nil)
		return value{}, false
	}
	// Addresses are modelled as unbounded integers; offsets bounded by
	// 2^40 per step keep them from wrapping around the 64-bit address
	// space, in which kernel addresses lie more than 2^45 bytes from either
	// end (the kernel demands bounded offsets too).
	lim := new(big.Int).Lsh(big.NewInt(1), 40)
	if !within(v.interval(d), new(big.Int).Neg(lim), lim) {
		goal := and(cmp(sep.Le, bignum(new(big.Int).Neg(lim)), d), cmp(sep.Le, d, bignum(lim)))
		if pr := v.prove(st, goal); !pr.ok {
			v.fail(pos, fmt.Sprintf("pointer arithmetic with an offset that may exceed 2^40 bytes: %s", d), goal, &pr)
			return value{}, false
		}
	}
	p.t = tadd(p.t, d)
	return p, true
}

// place evaluates the place e to a pointer to its storage.
func (v *verifier) place(st *state, e cparse.Expr, k vk) {
	switch e := e.(type) {
	case *cparse.VarRef:
		r, ok := v.lookupVar(st, e.Var)
		if !ok {
			v.fail(e.Pos(), fmt.Sprintf("unsupported: global variable %s", e.Var.Name), nil, nil)
			return
		}
		k(st, value{k: kStack, t: num(0), region: r, typ: &cparse.PointerType{Elem: e.Var.Type}})
	case *cparse.Deref:
		v.eval(st, e.Ptr, k)
	case *cparse.FieldRef:
		v.place(st, e.X, func(st *state, p value) {
			if p.k == kCtx {
				p.t = tadd(p.t, num(e.F.Offset))
				k(st, p)
				return
			}
			if q, ok := v.ptrAdd(st, e.Pos(), p, num(e.F.Offset)); ok {
				k(st, q)
			}
		})
	case *cparse.Index:
		v.place(st, e.X, func(st *state, p value) {
			v.eval(st, e.Idx, func(st *state, i value) {
				if i.k != kScalar {
					v.fail(e.Pos(), "unsupported: a pointer used as an index", nil, nil)
					return
				}
				d := tmul(i.t, num(e.ElemSize))
				if p.k == kCtx {
					p.t = tadd(p.t, d)
					k(st, p)
					return
				}
				if q, ok := v.ptrAdd(st, e.Pos(), p, d); ok {
					k(st, q)
				}
			})
		})
	default:
		v.fail(e.Pos(), fmt.Sprintf("unsupported place %s", e), nil, nil)
	}
}

// lookupVar finds the region of a variable of the current frame.
func (v *verifier) lookupVar(st *state, x *cparse.Var) (int, bool) {
	r, ok := st.top().vars[x]
	return r, ok
}

// cast converts x to e.T.
func (v *verifier) cast(st *state, e *cparse.Cast, x value, k vk) {
	switch t := e.T.(type) {
	case *cparse.VoidType:
		k(st, scalar(num(0), t))
		return
	case *cparse.PointerType:
		x.typ = t
		k(st, x)
		return
	case *cparse.IntType:
		if x.k != kScalar {
			if t.Bool {
				v.branchNull(st, x, func(st *state, nonnull bool) { k(st, scalar(boolTerm(nonnull), t)) })
				return
			}
			src := int64(8)
			if it, ok := x.typ.(*cparse.IntType); ok {
				src = it.Bytes
			}
			if t.Bytes >= src {
				x.typ = t
				k(st, x)
				return
			}
			k(st, scalar(v.fresh("val", t), t))
			return
		}
		k(st, v.convertInt(st, x, t))
		return
	}
	v.fail(e.Pos(), fmt.Sprintf("unsupported conversion to %s", e.T), nil, nil)
}

// assign stores the value of rhs into the place lhs; for a compound
// assignment the old value is read first. k receives old and new values.
func (v *verifier) assign(st *state, pos cparse.Pos, lhs cparse.Expr, op cparse.BinOp, rhs cparse.Expr, k func(*state, value, value)) {
	var f *cparse.Field
	if fr, ok := lhs.(*cparse.FieldRef); ok {
		f = fr.F
	}
	typ := lhs.Type()
	if isAggregate(typ) {
		v.assignAggregate(st, pos, lhs, op, rhs, k)
		return
	}
	v.place(st, lhs, func(st *state, p value) {
		if throughPointer(lhs) && !v.checkAlias(st, pos, p, typ, f, true) {
			return
		}
		finish := func(st *state, old value) {
			v.eval(st, rhs, func(st *state, x value) {
				if op != cparse.OpNone {
					st.old = st.old[:len(st.old)-1]
				}
				if f != nil && f.BitWidth > 0 && x.k == kScalar {
					x = scalar(v.fresh("bits", typ), typ)
				}
				if v.store(st, pos, p, typ.Size(), x, f) {
					k(st, old, x)
				}
			})
		}
		if op == cparse.OpNone {
			finish(st, value{})
			return
		}
		old, ok := v.load(st, pos, p, typ, f)
		if !ok {
			return
		}
		st.old = append(st.old[:len(st.old):len(st.old)], old)
		finish(st, old)
	})
}

func isAggregate(t cparse.Type) bool {
	switch t.(type) {
	case *cparse.StructType, *cparse.ArrayType:
		return true
	}
	return false
}

// assignAggregate copies a whole struct: rhs must read a place.
func (v *verifier) assignAggregate(st *state, pos cparse.Pos, lhs cparse.Expr, op cparse.BinOp, rhs cparse.Expr, k func(*state, value, value)) {
	ld, ok := rhs.(*cparse.Load)
	if !ok || op != cparse.OpNone {
		v.fail(pos, fmt.Sprintf("unsupported: assignment of a %s from %s", lhs.Type(), rhs), nil, nil)
		return
	}
	v.place(st, lhs, func(st *state, dst value) {
		v.place(st, ld.X, func(st *state, src value) {
			if v.copyBytes(st, pos, dst, src, lhs.Type().Size()) {
				k(st, value{}, value{})
			}
		})
	})
}
