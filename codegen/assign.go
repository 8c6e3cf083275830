package codegen

import "vep/cparse"

// assign stores the value of rhs into the place lhs. For a compound
// assignment (op != OpNone) rhs reads the old value through OldValue. It
// returns the value the assignment yields (the old one if post) when want
// is set.
func (l *lowerer) assign(lhs cparse.Expr, op cparse.BinOp, rhs cparse.Expr, want, post bool, at cparse.Pos) (val, error) {
	t := lhs.Type()
	if !isScalar(t) {
		a, err := l.addr(lhs)
		if err != nil {
			return val{}, err
		}
		return val{}, l.assignAggregate(a, t, rhs, at)
	}
	if vr, ok := lhs.(*cparse.VarRef); ok {
		b := l.bind(vr.Var)
		switch b.kind {
		case bConst:
			return val{}, errorf(at, "assignment to %s, which is constant here", vr.Var.Name)
		case bReg:
			old := regVal(b.r)
			if op != cparse.OpNone && post && want {
				t := l.newReg()
				l.mov(t, old)
				old = regVal(t)
			}
			l.olds = append(l.olds, old)
			v, err := l.expr(rhs)
			l.olds = l.olds[:len(l.olds)-1]
			if err != nil {
				return val{}, err
			}
			l.mov(b.r, v)
			if post {
				return old, nil
			}
			if v.isC {
				return v, nil
			}
			return regVal(b.r), nil
		}
	}
	if fr, ok := lhs.(*cparse.FieldRef); ok && fr.F.BitWidth > 0 {
		var old val
		if op != cparse.OpNone {
			var err error
			if old, err = l.loadBits(fr); err != nil {
				return val{}, err
			}
		}
		l.olds = append(l.olds, old)
		v, err := l.expr(rhs)
		l.olds = l.olds[:len(l.olds)-1]
		if err != nil {
			return val{}, err
		}
		if err := l.storeBits(fr, v); err != nil {
			return val{}, err
		}
		if post {
			return old, nil
		}
		return l.cast(l.cast(v, t, unitType(fr.F.UnitSize)), unitType(fr.F.UnitSize), t), nil
	}
	a, err := l.addr(lhs)
	if err != nil {
		return val{}, err
	}
	var old val
	if op != cparse.OpNone {
		old = l.loadScalar(a, t)
	}
	l.olds = append(l.olds, old)
	v, err := l.expr(rhs)
	l.olds = l.olds[:len(l.olds)-1]
	if err != nil {
		return val{}, err
	}
	if err := l.storeScalar(a, t, v, at); err != nil {
		return val{}, err
	}
	if post {
		return old, nil
	}
	return v, nil
}
