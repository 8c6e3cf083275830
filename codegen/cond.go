package codegen

import (
	"vep/cparse"
	"vep/internal/isa"
)

// branch jumps to target if the truth of e equals when, and falls through
// otherwise. Comparisons become a single conditional jump.
func (l *lowerer) branch(e cparse.Expr, when bool, target int) error {
	if p := e.Pos(); p.IsValid() {
		l.pos = p
	}
	if c, ok := l.constCond(e); ok {
		if c == when {
			l.jump(target)
		}
		return nil
	}
	switch e := e.(type) {
	case *cparse.Binary:
		if !e.Op.IsCompare() {
			break
		}
		if e.Op == cparse.OpEq || e.Op == cparse.OpNe {
			if ok, err := l.narrowEq(e, when, target); ok || err != nil {
				return err
			}
		}
		a, b, err := l.operands(e.X, e.Y)
		if err != nil {
			return err
		}
		op := jumpOp(e.Op, isSigned(e.Operand))
		if !when {
			op = negateJump(op)
		}
		l.pos = e.At
		l.cmpJump(op, is32(e.Operand), a, b, target)
		return nil
	case *cparse.Logical:
		if e.And == when {
			// The code after skip is reached without evaluating Y.
			skip := l.newLabel()
			if err := l.branch(e.X, !when, skip); err != nil {
				return err
			}
			if err := l.branch(e.Y, when, target); err != nil {
				return err
			}
			l.label(skip)
			return nil
		}
		if err := l.branch(e.X, when, target); err != nil {
			return err
		}
		return l.branch(e.Y, when, target)
	case *cparse.Unary:
		if e.Op == cparse.OpNot {
			return l.branch(e.X, !when, target)
		}
	case *cparse.Cast:
		if isScalar(e.X.Type()) && (e.T.Size() >= e.X.Type().Size() || isBool(e.T)) {
			return l.branch(e.X, when, target)
		}
	}
	v, err := l.expr(e)
	if err != nil {
		return err
	}
	op := isa.JumpJNE
	if !when {
		op = isa.JumpJEQ
	}
	l.cmpJump(op, is32(e.Type()), v, constVal(0), target)
	return nil
}

// narrowEq compares signed 8- or 16-bit values loaded from memory for
// equality without sign-extending them: equal values have equal bytes.
func (l *lowerer) narrowEq(e *cparse.Binary, when bool, target int) (bool, error) {
	lx, nx := narrowSigned(e.X)
	if lx == nil {
		return false, nil
	}
	ly, ny := narrowSigned(e.Y)
	var yc int64
	if ly == nil {
		c, ok := l.evalConst(e.Y)
		if !ok {
			return false, nil
		}
		cv := signedValue(e.Operand, c)
		lim := int64(1) << (8*nx - 1)
		if cv < -lim || cv >= lim {
			return false, nil
		}
		yc = cv & (lim<<1 - 1)
	} else if ny != nx || hasSideEffects(e.Y) {
		return false, nil
	}
	ax, err := l.addr(lx.X)
	if err != nil {
		return true, err
	}
	a := l.loadScalar(ax, unitType(nx))
	b := constVal(yc)
	if ly != nil {
		ay, err := l.addr(ly.X)
		if err != nil {
			return true, err
		}
		b = l.loadScalar(ay, unitType(nx))
	}
	op := jumpOp(e.Op, false)
	if !when {
		op = negateJump(op)
	}
	l.pos = e.At
	l.cmpJump(op, true, a, b, target)
	return true, nil
}

// narrowSigned returns the load of a signed 8- or 16-bit value from memory
// that e widens, and its size.
func narrowSigned(e cparse.Expr) (*cparse.Load, int64) {
	c, ok := e.(*cparse.Cast)
	if !ok || !isScalar(c.T) || c.T.Size() < c.X.Type().Size() {
		return nil, 0
	}
	ld, ok := c.X.(*cparse.Load)
	if !ok {
		return nil, 0
	}
	it, ok := ld.Type().(*cparse.IntType)
	if !ok || !it.Signed || it.Bytes >= 4 {
		return nil, 0
	}
	switch x := ld.X.(type) {
	case *cparse.FieldRef:
		if x.F.BitWidth > 0 {
			return nil, 0
		}
	case *cparse.VarRef:
		if !inMemory(x.Var) {
			return nil, 0
		}
	}
	return ld, it.Bytes
}

func isBool(t cparse.Type) bool {
	it, ok := t.(*cparse.IntType)
	return ok && it.Bool
}

// cmpJump emits "if a op b goto target", folding constants.
func (l *lowerer) cmpJump(op isa.JumpOp, w32 bool, a, b val, target int) {
	if a.isC && b.isC {
		if compareConst(op, w32, a.c, b.c) {
			l.jump(target)
		}
		return
	}
	if a.isC {
		a, b = b, a
		op = mirrorJump(op)
	}
	m := minst{op: mJcc, jop: op, w32: w32, a: a.r, b: noReg, target: target, dst: noReg}
	switch {
	case b.isC && w32:
		m.imm = int64(int32(uint32(b.c)))
	case b.isC && fitsImm(b.c):
		m.imm = b.c
	default:
		m.b = l.materialize(b)
	}
	l.emit(m)
}

// jumpOp returns the jump of a comparison operator.
func jumpOp(op cparse.BinOp, signed bool) isa.JumpOp {
	switch op {
	case cparse.OpEq:
		return isa.JumpJEQ
	case cparse.OpNe:
		return isa.JumpJNE
	case cparse.OpLt:
		if signed {
			return isa.JumpJSLT
		}
		return isa.JumpJLT
	case cparse.OpLe:
		if signed {
			return isa.JumpJSLE
		}
		return isa.JumpJLE
	case cparse.OpGt:
		if signed {
			return isa.JumpJSGT
		}
		return isa.JumpJGT
	}
	if signed {
		return isa.JumpJSGE
	}
	return isa.JumpJGE
}

// negateJump returns the jump taken exactly when op is not.
func negateJump(op isa.JumpOp) isa.JumpOp {
	switch op {
	case isa.JumpJEQ:
		return isa.JumpJNE
	case isa.JumpJNE:
		return isa.JumpJEQ
	case isa.JumpJGT:
		return isa.JumpJLE
	case isa.JumpJLE:
		return isa.JumpJGT
	case isa.JumpJGE:
		return isa.JumpJLT
	case isa.JumpJLT:
		return isa.JumpJGE
	case isa.JumpJSGT:
		return isa.JumpJSLE
	case isa.JumpJSLE:
		return isa.JumpJSGT
	case isa.JumpJSGE:
		return isa.JumpJSLT
	case isa.JumpJSLT:
		return isa.JumpJSGE
	}
	return op
}

// mirrorJump returns the jump with its operands swapped.
func mirrorJump(op isa.JumpOp) isa.JumpOp {
	switch op {
	case isa.JumpJGT:
		return isa.JumpJLT
	case isa.JumpJLT:
		return isa.JumpJGT
	case isa.JumpJGE:
		return isa.JumpJLE
	case isa.JumpJLE:
		return isa.JumpJGE
	case isa.JumpJSGT:
		return isa.JumpJSLT
	case isa.JumpJSLT:
		return isa.JumpJSGT
	case isa.JumpJSGE:
		return isa.JumpJSLE
	case isa.JumpJSLE:
		return isa.JumpJSGE
	}
	return op
}

// compareConst evaluates a jump condition on constants.
func compareConst(op isa.JumpOp, w32 bool, a, b int64) bool {
	ua, ub := uint64(a), uint64(b)
	sa, sb := a, b
	if w32 {
		ua, ub = uint64(uint32(a)), uint64(uint32(b))
		sa, sb = int64(int32(uint32(a))), int64(int32(uint32(b)))
	}
	switch op {
	case isa.JumpJEQ:
		return ua == ub
	case isa.JumpJNE:
		return ua != ub
	case isa.JumpJGT:
		return ua > ub
	case isa.JumpJGE:
		return ua >= ub
	case isa.JumpJLT:
		return ua < ub
	case isa.JumpJLE:
		return ua <= ub
	case isa.JumpJSGT:
		return sa > sb
	case isa.JumpJSGE:
		return sa >= sb
	case isa.JumpJSLT:
		return sa < sb
	case isa.JumpJSLE:
		return sa <= sb
	case isa.JumpJSET:
		return ua&ub != 0
	}
	return false
}
