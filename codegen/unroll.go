package codegen

import "vep/cparse"

// unroll fully unrolls a for loop without an invariant whose counter goes
// through at most MaxUnroll constant values before its condition is
// known to fail: the body is lowered once per value with the counter bound
// to that constant, as the verifier unrolls the loop; where the condition
// also depends on other values it is tested before that copy of the body.
// It reports false, emitting nothing, when the loop does not have that
// shape.
func (l *lowerer) unroll(s *cparse.For) (bool, error) {
	_, isDecl := s.Init.(*cparse.Decl)
	if blk, ok := s.Init.(*cparse.Block); ok && len(blk.Stmts) == 1 {
		_, isDecl = blk.Stmts[0].(*cparse.Decl)
	}
	return l.unrollCounted(s, !isDecl)
}

// unrollWhile unrolls "v = c0; while (cond) { …; v += k; }" (prev is the
// statement before the loop, already lowered) like the equivalent for
// loop; the body may not continue, which would skip the step.
func (l *lowerer) unrollWhile(prev cparse.Stmt, w *cparse.While) (bool, error) {
	if w.Inv != nil || prev == nil {
		return false, nil
	}
	body, ok := w.Body.(*cparse.Block)
	if !ok || len(body.Stmts) == 0 {
		return false, nil
	}
	cont := false
	cparse.WalkStmt(body, func(s cparse.Stmt) {
		if _, ok := s.(*cparse.Continue); ok {
			cont = true
		}
	}, func(cparse.Expr) {})
	if cont {
		return false, nil
	}
	n := len(body.Stmts)
	f := &cparse.For{At: w.At, Init: prev, Cond: w.Cond, Post: body.Stmts[n-1], Body: &cparse.Block{At: body.At, Stmts: body.Stmts[:n-1]}}
	return l.unrollCounted(f, true)
}

// unrollCounted unrolls s, whose init clause has been or need not be
// lowered; writeBack says whether the counter outlives the loop.
func (l *lowerer) unrollCounted(s *cparse.For, writeBack bool) (bool, error) {
	v, initExpr := loopCounter(s.Init)
	if v == nil || inMemory(v) || s.Cond == nil || s.Post == nil {
		return false, nil
	}
	postRHS := counterStep(s.Post, v)
	if postRHS == nil || hasSideEffects(s.Cond) || hasSideEffects(postRHS) {
		return false, nil
	}
	if writes(s.Body, v) {
		return false, nil
	}
	c0, ok := l.evalConst(initExpr)
	if !ok {
		return false, nil
	}
	saved, had := l.fr.vars[v]
	tmp := &binding{kind: bConst}
	l.fr.vars[v] = tmp
	type iteration struct {
		c     int64
		check bool // the condition is not known: test it at run time
	}
	var values []iteration
	cur := c0
	final := int64(0)
	done := false
	for range MaxUnroll + 1 {
		tmp.c = cur
		c, ok := l.evalConst(s.Cond)
		if ok && c == 0 {
			final, done = cur, true
			break
		}
		values = append(values, iteration{cur, !ok})
		l.olds = append(l.olds, constVal(cur))
		next, ok := l.evalConst(postRHS)
		l.olds = l.olds[:len(l.olds)-1]
		if !ok {
			break
		}
		cur = next
	}
	if had {
		l.fr.vars[v] = saved
	} else {
		delete(l.fr.vars, v)
	}
	if !done {
		return false, nil
	}

	var real *binding
	if writeBack {
		real = l.bind(v)
	}
	end := l.newLabel()
	for _, it := range values {
		cont := l.newLabel()
		lc := &loopCtx{brk: end, cont: cont}
		cv := it.c
		if real != nil && real.kind == bReg {
			lc.fixups = []fixup{{r: real.r, c: &cv}}
		}
		l.fr.vars[v] = &binding{kind: bConst, c: it.c}
		if it.check {
			body := l.newLabel()
			l.pos = s.Cond.Pos()
			if err := l.branch(s.Cond, true, body); err != nil {
				return true, err
			}
			l.applyFixups(lc)
			l.jump(end)
			l.label(body)
		}
		l.loops = append(l.loops, lc)
		err := l.stmt(s.Body)
		l.loops = l.loops[:len(l.loops)-1]
		if err != nil {
			return true, err
		}
		l.label(cont)
	}
	if real != nil {
		l.fr.vars[v] = real
		if real.kind == bReg {
			l.movConst(real.r, final)
		}
	} else if had {
		l.fr.vars[v] = saved
	} else {
		delete(l.fr.vars, v)
	}
	l.label(end)
	return true, nil
}

// loopCounter returns the variable a for loop's init clause sets and the
// expression it is set to.
func loopCounter(init cparse.Stmt) (*cparse.Var, cparse.Expr) {
	switch s := init.(type) {
	case *cparse.Block:
		if len(s.Stmts) == 1 {
			return loopCounter(s.Stmts[0])
		}
	case *cparse.Decl:
		if s.Init != nil && s.Init.Expr != nil && isScalar(s.Var.Type) {
			return s.Var, s.Init.Expr
		}
	case *cparse.Assign:
		if vr, ok := s.LHS.(*cparse.VarRef); ok && s.Op == cparse.OpNone {
			return vr.Var, s.RHS
		}
	}
	return nil, nil
}

// counterStep returns the right-hand side of a step clause that only
// assigns v.
func counterStep(post cparse.Stmt, v *cparse.Var) cparse.Expr {
	switch s := post.(type) {
	case *cparse.Assign:
		if vr, ok := s.LHS.(*cparse.VarRef); ok && vr.Var == v {
			return s.RHS
		}
	case *cparse.ExprStmt:
		if a, ok := s.X.(*cparse.AssignExpr); ok {
			if vr, ok := a.LHS.(*cparse.VarRef); ok && vr.Var == v {
				return a.RHS
			}
		}
	}
	return nil
}

// writes reports whether s may assign v.
func writes(s cparse.Stmt, v *cparse.Var) bool {
	found := false
	isV := func(e cparse.Expr) bool {
		vr, ok := e.(*cparse.VarRef)
		return ok && vr.Var == v
	}
	cparse.WalkStmt(s, func(s cparse.Stmt) {
		if a, ok := s.(*cparse.Assign); ok && isV(a.LHS) {
			found = true
		}
	}, func(e cparse.Expr) {
		switch x := e.(type) {
		case *cparse.AssignExpr:
			if isV(x.LHS) {
				found = true
			}
		case *cparse.AddrOf:
			if isV(x.X) {
				found = true
			}
		}
	})
	return found
}
