package codegen

import "vep/cparse"

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
// declines division by zero and signed overflow of division. A 32-bit
// operation is folded on its operands extended to 64 bits as t's
// signedness says, then truncated: every operator below agrees with its
// 32-bit version on such operands (shift counts are masked to 5 bits).
func foldBinary(op cparse.BinOp, t cparse.Type, a, b int64) (int64, bool) {
	signed := isSigned(t)
	if !is32(t) {
		return fold64(op, signed, a, b, 63)
	}
	x, y := int64(uint32(a)), int64(uint32(b))
	if signed {
		x, y = int64(int32(a)), int64(int32(b))
		if (op == cparse.OpDiv || op == cparse.OpMod) && x == -1<<31 && y == -1 {
			return 0, false
		}
	}
	r, ok := fold64(op, signed, x, y, 31)
	return int64(uint32(r)), ok
}

// fold64 folds op on 64-bit operands, masking shift counts with mask.
func fold64(op cparse.BinOp, signed bool, a, b int64, mask uint64) (int64, bool) {
	x, y := uint64(a), uint64(b)
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
		r = x << (y & mask)
	case cparse.OpShr:
		if signed {
			r = uint64(a >> (y & mask))
		} else {
			r = x >> (y & mask)
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
