package codegen

import (
	"vep/cparse"
	"vep/internal/isa"
)

// stmt lowers a statement.
func (l *lowerer) stmt(s cparse.Stmt) error {
	if s == nil {
		return nil
	}
	if p := s.Pos(); p.IsValid() {
		l.pos = p
	}
	switch s := s.(type) {
	case *cparse.Block:
		for i, x := range s.Stmts {
			if w, ok := x.(*cparse.While); ok && i > 0 {
				done, err := l.unrollWhile(s.Stmts[i-1], w)
				if err != nil {
					return err
				}
				if done {
					continue
				}
			}
			if err := l.stmt(x); err != nil {
				return err
			}
		}
		return nil
	case *cparse.Decl:
		return l.decl(s)
	case *cparse.Assign:
		_, err := l.assign(s.LHS, s.Op, s.RHS, false, false, s.At)
		return err
	case *cparse.ExprStmt:
		return l.discard(s.X)
	case *cparse.If:
		return l.ifStmt(s)
	case *cparse.While:
		return l.loop(s.Inv, nil, s.Cond, nil, s.Body, false, s.At)
	case *cparse.DoWhile:
		return l.loop(s.Inv, nil, s.Cond, nil, s.Body, true, s.At)
	case *cparse.For:
		if s.Inv == nil {
			if ok, err := l.unroll(s); ok || err != nil {
				return err
			}
		}
		return l.loop(s.Inv, s.Init, s.Cond, s.Post, s.Body, false, s.At)
	case *cparse.Switch:
		return l.switchStmt(s)
	case *cparse.Break:
		for i := len(l.loops) - 1; i >= 0; i-- {
			lc := l.loops[i]
			l.applyFixups(lc)
			l.jump(lc.brk)
			return nil
		}
		return errorf(s.At, "break outside a loop or switch")
	case *cparse.Continue:
		for i := len(l.loops) - 1; i >= 0; i-- {
			if l.loops[i].cont >= 0 {
				l.jump(l.loops[i].cont)
				return nil
			}
		}
		return errorf(s.At, "continue outside a loop")
	case *cparse.Return:
		return l.ret(s)
	case *cparse.Assert:
		l.point(&Point{Kind: PointAssert, Func: l.fr.fn, Pos: s.At, Assert: s})
		return nil
	}
	return errorf(s.Pos(), "statement %T is not supported", s)
}

// applyFixups writes back the counters of the unrolled loops that a break
// from lc leaves.
func (l *lowerer) applyFixups(lc *loopCtx) {
	for _, f := range lc.fixups {
		l.movConst(f.r, *f.c)
	}
}

// point emits an annotation point with a snapshot of the current frame's
// bindings.
func (l *lowerer) point(p *Point) {
	snap := &pointSnap{p: p}
	for v, b := range l.fr.vars {
		snap.vars = append(snap.vars, v)
		snap.bind = append(snap.bind, *b)
	}
	l.points = append(l.points, snap)
	l.emit(minst{op: mPoint, point: p})
}

func (l *lowerer) decl(s *cparse.Decl) error {
	b := l.bind(s.Var)
	if s.Init == nil {
		return nil
	}
	if b.kind == bConst {
		return nil
	}
	if s.Init.Expr != nil && isScalar(s.Var.Type) {
		if b.kind == bReg {
			v, err := l.expr(s.Init.Expr)
			if err != nil {
				return err
			}
			l.mov(b.r, v)
			return nil
		}
	}
	return l.initMem(addrv{base: rFP, off: b.off}, s.Var.Type, s.Init, s.At)
}

func (l *lowerer) ifStmt(s *cparse.If) error {
	if c, ok := l.constCond(s.Cond); ok {
		if c {
			return l.stmt(s.Then)
		}
		return l.stmt(s.Else)
	}
	elseL, end := l.newLabel(), l.newLabel()
	if s.Else == nil {
		elseL = end
	}
	if err := l.branch(s.Cond, false, elseL); err != nil {
		return err
	}
	if err := l.stmt(s.Then); err != nil {
		return err
	}
	if s.Else != nil {
		l.jump(end)
		l.label(elseL)
		if err := l.stmt(s.Else); err != nil {
			return err
		}
	}
	l.label(end)
	return nil
}

// loop lowers a loop that is not unrolled: its head, where the invariant
// point lands, is a single instruction that every back edge jumps to.
func (l *lowerer) loop(inv *cparse.Invariant, init cparse.Stmt, cond cparse.Expr, post cparse.Stmt, body cparse.Stmt, do bool, at cparse.Pos) error {
	if err := l.stmt(init); err != nil {
		return err
	}
	l.pos = at
	head, cont, end := l.newLabel(), l.newLabel(), l.newLabel()
	l.label(head)
	// The back edges are not lowered yet: nothing is known at the head.
	l.cse = map[cseKey]cseEntry{}
	l.point(&Point{Kind: PointLoop, Func: l.fr.fn, Pos: at, Inv: inv})
	if !do && cond != nil {
		if err := l.branch(cond, false, end); err != nil {
			return err
		}
	}
	l.loops = append(l.loops, &loopCtx{brk: end, cont: cont})
	err := l.stmt(body)
	l.loops = l.loops[:len(l.loops)-1]
	if err != nil {
		return err
	}
	l.label(cont)
	if err := l.stmt(post); err != nil {
		return err
	}
	l.pos = at
	if do && cond != nil {
		if err := l.branch(cond, true, head); err != nil {
			return err
		}
	} else {
		l.jump(head)
	}
	l.label(end)
	return nil
}

func (l *lowerer) switchStmt(s *cparse.Switch) error {
	tag, err := l.expr(s.Tag)
	if err != nil {
		return err
	}
	t := s.Tag.Type()
	w32 := t.Size() <= 4
	end := l.newLabel()
	labels := make([]int, len(s.Cases))
	def := end
	for i, c := range s.Cases {
		labels[i] = l.newLabel()
		if c.Default {
			def = labels[i]
		}
	}
	if tag.isC {
		for i, c := range s.Cases {
			for _, v := range c.Values {
				if norm(t, v) == tag.c {
					def = labels[i]
				}
			}
		}
	} else {
		for i, c := range s.Cases {
			for _, v := range c.Values {
				l.pos = c.At
				l.cmpJump(isa.JumpJEQ, w32, tag, constVal(norm(t, v)), labels[i])
			}
		}
	}
	l.jump(def)
	l.loops = append(l.loops, &loopCtx{brk: end, cont: -1})
	defer func() { l.loops = l.loops[:len(l.loops)-1] }()
	for i, c := range s.Cases {
		l.label(labels[i])
		for _, x := range c.Body {
			if err := l.stmt(x); err != nil {
				return err
			}
		}
	}
	l.label(end)
	return nil
}

func (l *lowerer) ret(s *cparse.Return) error {
	if l.fr.retLbl >= 0 {
		if s.X != nil {
			v, err := l.expr(s.X)
			if err != nil {
				return err
			}
			if l.fr.ret != noReg {
				l.mov(l.fr.ret, v)
			}
		}
		// Leaving an inlined function from inside unrolled loops: write
		// back their counters only if they belong to this frame's loops,
		// which end with the function.
		l.jump(l.fr.retLbl)
		return nil
	}
	if s.X != nil {
		v, err := l.expr(s.X)
		if err != nil {
			return err
		}
		l.mov(0, v)
	} else {
		l.movConst(0, 0)
	}
	l.emit(minst{op: mExit})
	return nil
}
