package cverify

import (
	"fmt"

	"vep/cparse"
	"vep/sep"
)

// conts are the continuations of a statement on one path.
type conts struct {
	next func(*state)
	brk  func(*state)
	cont func(*state)
	ret  func(*state, value, cparse.Pos)
}

// exec executes s on st.
func (v *verifier) exec(st *state, s cparse.Stmt, c *conts) {
	if !v.step(s.Pos()) {
		return
	}
	switch s := s.(type) {
	case *cparse.Block:
		v.execList(st, s.Stmts, v.scoped(c, declsOf(s.Stmts), s.At, "block"))
	case *cparse.Decl:
		v.decl(st, s, c.next)
	case *cparse.Assign:
		v.assign(st, s.Pos(), s.LHS, s.Op, s.RHS, func(st *state, _, _ value) { c.next(st) })
	case *cparse.ExprStmt:
		v.eval(st, s.X, func(st *state, _ value) { c.next(st) })
	case *cparse.If:
		v.cond(st, s.Cond, func(st *state, b bool) {
			switch {
			case b:
				v.exec(st, s.Then, c)
			case s.Else != nil:
				v.exec(st, s.Else, c)
			default:
				c.next(st)
			}
		})
	case *cparse.While:
		v.loop(st, s, s.Inv, nil, s.Cond, nil, s.Body, false, c)
	case *cparse.DoWhile:
		v.loop(st, s, s.Inv, nil, s.Cond, nil, s.Body, true, c)
	case *cparse.For:
		v.loop(st, s, s.Inv, s.Init, s.Cond, s.Post, s.Body, false, c)
	case *cparse.Switch:
		v.execSwitch(st, s, c)
	case *cparse.Break:
		c.brk(st)
	case *cparse.Continue:
		c.cont(st)
	case *cparse.Return:
		if s.X == nil {
			c.ret(st, value{}, s.Pos())
			return
		}
		v.eval(st, s.X, func(st *state, x value) { c.ret(st, x, s.Pos()) })
	case *cparse.Assert:
		v.assertCut(st, s, c.next)
	default:
		v.fail(s.Pos(), fmt.Sprintf("unsupported statement %s", s), nil, nil)
	}
}

// declsOf returns the variables that the statements of a list declare
// (not those of nested blocks).
func declsOf(list []cparse.Stmt) []*cparse.Var {
	var out []*cparse.Var
	for _, s := range list {
		if d, ok := s.(*cparse.Decl); ok {
			out = append(out, d.Var)
		}
	}
	return out
}

// scoped returns the continuations of a scope that declares xs: leaving
// it by any way ends the lifetime of xs (C11 6.2.4p6), so that a pointer
// to one of them that outlives the scope cannot be used. at and what name
// the scope for messages.
func (v *verifier) scoped(c *conts, xs []*cparse.Var, at cparse.Pos, what string) *conts {
	if len(xs) == 0 {
		return c
	}
	end := func(st *state) {
		st.endScope(xs, func(x *cparse.Var) string {
			return fmt.Sprintf("pointer to %s used after the end of its %s (line %d): its lifetime is over and its storage is no longer owned", x.Name, what, at.Line)
		})
	}
	out := &conts{
		next: func(st *state) { end(st); c.next(st) },
		brk:  func(st *state) { end(st); c.brk(st) },
		cont: func(st *state) { end(st); c.cont(st) },
		ret:  func(st *state, x value, pos cparse.Pos) { end(st); c.ret(st, x, pos) },
	}
	return out
}

func (v *verifier) execList(st *state, list []cparse.Stmt, c *conts) {
	if len(list) == 0 {
		c.next(st)
		return
	}
	rest := *c
	rest.next = func(st *state) { v.execList(st, list[1:], c) }
	v.exec(st, list[0], &rest)
}

// decl (re)initialises a local variable.
func (v *verifier) decl(st *state, s *cparse.Decl, next func(*state)) {
	ri, ok := v.lookupVar(st, s.Var)
	if !ok {
		v.fail(s.Pos(), fmt.Sprintf("internal: no storage for %s", s.Var.Name), nil, nil)
		return
	}
	if st.regions[ri].dead != "" {
		// The scope is entered anew (a loop body): the variable is a new
		// object, and pointers to the old one stay invalid.
		ri = st.newVarRegion(s.Var)
		st.rebind(s.Var, ri)
	}
	r := st.regions[ri]
	for i := range r.cells {
		r.cells[i] = cell{}
	}
	r.ranges = nil
	r.written()
	if s.Init == nil {
		next(st)
		return
	}
	ptr := value{k: kStack, t: num(0), region: ri}
	if s.Init.Expr != nil && isAggregate(s.Var.Type) {
		v.assignAggregate(st, s.Pos(), &cparse.VarRef{At: s.Pos(), Var: s.Var}, cparse.OpNone, s.Init.Expr, func(st *state, _, _ value) { next(st) })
		return
	}
	if s.Init.Expr != nil {
		v.eval(st, s.Init.Expr, func(st *state, x value) {
			if v.store(st, s.Pos(), ptr, s.Var.Type.Size(), x, nil) {
				next(st)
			}
		})
		return
	}
	for i := range r.cells {
		r.cells[i] = cell{init: true, zero: true}
	}
	v.initItems(st, s, ptr, s.Init.Items, next)
}

func (v *verifier) initItems(st *state, s *cparse.Decl, ptr value, items []cparse.InitItem, next func(*state)) {
	if len(items) == 0 {
		next(st)
		return
	}
	it := items[0]
	p := ptr
	p.t = num(it.Offset)
	if it.Bytes != nil {
		for i, b := range it.Bytes {
			q := ptr
			q.t = num(it.Offset + int64(i))
			if !v.store(st, s.Pos(), q, 1, scalar(num(int64(b)), cparse.U8), nil) {
				return
			}
		}
		v.initItems(st, s, ptr, items[1:], next)
		return
	}
	v.eval(st, it.Value, func(st *state, x value) {
		if v.store(st, s.Pos(), p, it.Value.Type().Size(), x, it.Field) {
			v.initItems(st, s, ptr, items[1:], next)
		}
	})
}

// execSwitch enters the first case whose values hold the tag, or default.
func (v *verifier) execSwitch(st *state, s *cparse.Switch, c *conts) {
	v.eval(st, s.Tag, func(st *state, tag value) {
		if tag.k != kScalar {
			v.fail(s.Pos(), "unsupported: switch on a pointer", nil, nil)
			return
		}
		var decls []*cparse.Var
		for _, cs := range s.Cases {
			decls = append(decls, declsOf(cs.Body)...)
		}
		c := v.scoped(c, decls, s.Pos(), "switch")
		inner := *c
		inner.brk = c.next
		var run func(st *state, i int)
		run = func(st *state, i int) {
			if i >= len(s.Cases) {
				c.next(st)
				return
			}
			body := inner
			body.next = func(st *state) { run(st, i+1) }
			v.execList(st, s.Cases[i].Body, &body)
		}
		// The conditions for entering each case, then no case at all.
		var none []sep.Formula
		def := -1
		for i, cs := range s.Cases {
			if cs.Default {
				def = i
			}
			var any sep.Formula
			for _, val := range cs.Values {
				c := bignum(wrapConst(bigOf(val), s.Tag.Type()))
				none = append(none, cmp(sep.Ne, tag.t, c))
				f := cmp(sep.Eq, tag.t, c)
				if any == nil {
					any = f
				} else {
					any = &sep.Or{X: any, Y: f}
				}
			}
			if any == nil {
				continue
			}
			if v.feasible(st, any) {
				st2 := st.clone()
				st2.addFact(any)
				run(st2, i)
				if v.failed() {
					return
				}
			}
		}
		rest := and(none...)
		if v.feasible(st, rest) {
			st.addFact(rest)
			if def >= 0 {
				run(st, def)
			} else {
				c.next(st)
			}
		}
	})
}
