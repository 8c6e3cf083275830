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

// constCond evaluates a condition whose value is known at compile time.
func (l *lowerer) constCond(e cparse.Expr) (bool, bool) {
	c, ok := l.evalConst(e)
	return c != 0, ok
}

// evalConst evaluates e if it is a constant under the current bindings
// (literals, constant-bound variables and pure operators on them). The
// result is in register representation.
func (l *lowerer) evalConst(e cparse.Expr) (int64, bool) {
	switch e := e.(type) {
	case *cparse.IntLit:
		return norm(e.T, e.Val), true
	case *cparse.Load:
		if vr, ok := e.X.(*cparse.VarRef); ok {
			if b := l.fr.vars[vr.Var]; b != nil && b.kind == bConst {
				return b.c, true
			}
		}
	case *cparse.Cast:
		if _, ok := e.T.(*cparse.VoidType); ok {
			return 0, false
		}
		if !isScalar(e.X.Type()) {
			return 0, false
		}
		c, ok := l.evalConst(e.X)
		if !ok {
			return 0, false
		}
		return castConst(e.X.Type(), e.T, c), true
	case *cparse.Unary:
		c, ok := l.evalConst(e.X)
		if !ok {
			return 0, false
		}
		if e.Op == cparse.OpNot {
			return b2i(c == 0), true
		}
		return foldUnary(e.Op, e.T, c)
	case *cparse.Binary:
		a, ok := l.evalConst(e.X)
		if !ok {
			return 0, false
		}
		b, ok := l.evalConst(e.Y)
		if !ok {
			return 0, false
		}
		if e.Op.IsCompare() {
			return b2i(compareConst(jumpOp(e.Op, isSigned(e.Operand)), is32(e.Operand), a, b)), true
		}
		return foldBinary(e.Op, e.Operand, a, b)
	case *cparse.Logical:
		a, ok := l.evalConst(e.X)
		if !ok {
			// X unknown: the result is still known if Y decides it and X
			// has no effect to keep.
			if b, ok := l.evalConst(e.Y); ok && !hasSideEffects(e.X) && (b != 0) != e.And {
				return b2i(!e.And), true
			}
			return 0, false
		}
		if e.And && a == 0 {
			return 0, true
		}
		if !e.And && a != 0 {
			return 1, true
		}
		b, ok := l.evalConst(e.Y)
		if !ok {
			return 0, false
		}
		return b2i(b != 0), true
	case *cparse.CondExpr:
		c, ok := l.evalConst(e.C)
		if !ok {
			return 0, false
		}
		if c != 0 {
			return l.evalConst(e.X)
		}
		return l.evalConst(e.Y)
	case *cparse.OldValue:
		if n := len(l.olds); n > 0 && l.olds[n-1].isC {
			return l.olds[n-1].c, true
		}
	}
	return 0, false
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// castConst converts the representation c of a from-value to to.
func castConst(from, to cparse.Type, c int64) int64 {
	if isBool(to) {
		return b2i(c != 0)
	}
	return norm(to, signedValue(from, c))
}

// foldUnary folds -c and ~c of type t.
func foldUnary(op cparse.UnOp, t cparse.Type, c int64) (int64, bool) {
	switch op {
	case cparse.OpNeg:
		return norm(t, -c), true
	case cparse.OpCpl:
		return norm(t, ^c), true
	case cparse.OpNot:
		return b2i(c == 0), true
	}
	return 0, false
}

// foldBinary folds an arithmetic operator on constants of type t. It
// declines division by zero and signed overflow of division.
func foldBinary(op cparse.BinOp, t cparse.Type, a, b int64) (int64, bool) {
	if is32(t) {
		x, y := uint32(a), uint32(b)
		sx, sy := int32(x), int32(y)
		signed := isSigned(t)
		var r uint32
		switch op {
		case cparse.OpAdd:
			r = x + y
		case cparse.OpSub:
			r = x - y
		case cparse.OpMul:
			r = x * y
		case cparse.OpAnd:
			r = x & y
		case cparse.OpOr:
			r = x | y
		case cparse.OpXor:
			r = x ^ y
		case cparse.OpShl:
			r = x << (y & 31)
		case cparse.OpShr:
			if signed {
				r = uint32(sx >> (y & 31))
			} else {
				r = x >> (y & 31)
			}
		case cparse.OpDiv, cparse.OpMod:
			if y == 0 || (signed && sx == -1<<31 && sy == -1) {
				return 0, false
			}
			switch {
			case signed && op == cparse.OpDiv:
				r = uint32(sx / sy)
			case signed:
				r = uint32(sx % sy)
			case op == cparse.OpDiv:
				r = x / y
			default:
				r = x % y
			}
		default:
			return 0, false
		}
		return int64(r), true
	}
	x, y := uint64(a), uint64(b)
	signed := isSigned(t)
	var r uint64
	switch op {
	case cparse.OpAdd:
		r = x + y
	case cparse.OpSub:
		r = x - y
	case cparse.OpMul:
		r = x * y
	case cparse.OpAnd:
		r = x & y
	case cparse.OpOr:
		r = x | y
	case cparse.OpXor:
		r = x ^ y
	case cparse.OpShl:
		r = x << (y & 63)
	case cparse.OpShr:
		if signed {
			r = uint64(a >> (y & 63))
		} else {
			r = x >> (y & 63)
		}
	case cparse.OpDiv, cparse.OpMod:
		if y == 0 || (signed && a == -1<<63 && b == -1) {
			return 0, false
		}
		switch {
		case signed && op == cparse.OpDiv:
			r = uint64(a / b)
		case signed:
			r = uint64(a % b)
		case op == cparse.OpDiv:
			r = x / y
		default:
			r = x % y
		}
	default:
		return 0, false
	}
	return int64(r), true
}
