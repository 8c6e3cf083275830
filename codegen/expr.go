package codegen

import (
	"vep/cparse"
	"vep/internal/isa"
)

// expr lowers an expression to its value.
func (l *lowerer) expr(e cparse.Expr) (val, error) {
	if p := e.Pos(); p.IsValid() {
		l.pos = p
	}
	switch e := e.(type) {
	case *cparse.IntLit:
		return constVal(norm(e.T, e.Val)), nil
	case *cparse.Load:
		return l.load(e.X)
	case *cparse.AddrOf:
		a, err := l.addr(e.X)
		if err != nil {
			return val{}, err
		}
		return l.addrVal(a), nil
	case *cparse.MapRef:
		r := l.newReg()
		l.emit(minst{op: mLdMap, dst: r, a: noReg, b: noReg, sym: e.Map.Name})
		return regVal(r), nil
	case *cparse.Cast:
		if ld, n := narrowSigned(&cparse.Cast{X: e.X, T: e.X.Type()}); ld != nil && e.T.Size() <= n && !isBool(e.T) {
			// Truncating a signed narrow load: load it unsigned.
			a, err := l.addr(ld.X)
			if err != nil {
				return val{}, err
			}
			return l.cast(l.loadScalar(a, unitType(n)), unitType(n), e.T), nil
		}
		v, err := l.expr(e.X)
		if err != nil {
			return val{}, err
		}
		return l.cast(v, e.X.Type(), e.T), nil
	case *cparse.Unary:
		return l.unary(e)
	case *cparse.Binary:
		if e.Op.IsCompare() {
			return l.setcc(e)
		}
		a, b, err := l.operands(e.X, e.Y)
		if err != nil {
			return val{}, err
		}
		return l.binary(e.Op, e.Operand, a, b), nil
	case *cparse.PtrArith:
		return l.ptrArith(e)
	case *cparse.PtrDiff:
		a, b, err := l.operands(e.X, e.Y)
		if err != nil {
			return val{}, err
		}
		d := l.binary(cparse.OpSub, cparse.S64, a, b)
		switch k := log2(e.ElemSize); {
		case k > 0:
			// The difference is an exact multiple: shift it.
			d = l.binary(cparse.OpShr, cparse.S64, d, constVal(int64(k)))
		case e.ElemSize > 1:
			d = l.binary(cparse.OpDiv, cparse.S64, d, constVal(e.ElemSize))
		}
		return d, nil
	case *cparse.Logical, *cparse.CondExpr:
		if c, ok := l.evalConst(e); ok {
			return constVal(c), nil
		}
		if ce, ok := e.(*cparse.CondExpr); ok {
			return l.condExpr(ce)
		}
		return l.setcc(e)
	case *cparse.Comma:
		if err := l.discard(e.X); err != nil {
			return val{}, err
		}
		return l.expr(e.Y)
	case *cparse.AssignExpr:
		return l.assign(e.LHS, e.Op, e.RHS, true, e.Post, e.At)
	case *cparse.OldValue:
		if len(l.olds) == 0 {
			return val{}, errorf(e.At, "old value outside a compound assignment")
		}
		return l.olds[len(l.olds)-1], nil
	case *cparse.Call:
		return l.call(e, true)
	}
	return val{}, errorf(e.Pos(), "expression %s cannot be compiled as a value", e)
}

// operands lowers two operands in order; if the second has side effects,
// the first is copied so that they cannot change it.
func (l *lowerer) operands(x, y cparse.Expr) (val, val, error) {
	a, err := l.expr(x)
	if err != nil {
		return val{}, val{}, err
	}
	if !a.isC && writesRegVar(y) {
		t := l.newReg()
		l.mov(t, a)
		a = regVal(t)
	}
	b, err := l.expr(y)
	return a, b, err
}

// discard lowers an expression for its side effects only.
func (l *lowerer) discard(e cparse.Expr) error {
	switch e := e.(type) {
	case *cparse.AssignExpr:
		_, err := l.assign(e.LHS, e.Op, e.RHS, false, false, e.At)
		return err
	case *cparse.Call:
		_, err := l.call(e, false)
		return err
	case *cparse.Comma:
		if err := l.discard(e.X); err != nil {
			return err
		}
		return l.discard(e.Y)
	case *cparse.Cast:
		return l.discard(e.X)
	}
	if !hasSideEffects(e) {
		return nil
	}
	_, err := l.expr(e)
	return err
}

// hasSideEffects reports whether evaluating e may write a variable or
// memory or call a function.
func hasSideEffects(e cparse.Expr) bool {
	found := false
	cparse.WalkExpr(e, func(x cparse.Expr) {
		switch x.(type) {
		case *cparse.AssignExpr, *cparse.Call:
			found = true
		}
	})
	return found
}

// writesRegVar reports whether evaluating e may assign a variable; the
// registers of variables change only through such assignments.
func writesRegVar(e cparse.Expr) bool {
	found := false
	cparse.WalkExpr(e, func(x cparse.Expr) {
		if a, ok := x.(*cparse.AssignExpr); ok {
			if _, ok := a.LHS.(*cparse.VarRef); ok {
				found = true
			}
		}
	})
	return found
}

// cast converts v from type from to type to.
func (l *lowerer) cast(v val, from, to cparse.Type) val {
	if _, ok := to.(*cparse.VoidType); ok {
		return v
	}
	if it, ok := to.(*cparse.IntType); ok && it.Bool {
		if v.isC {
			return constVal(norm(to, v.c))
		}
		if ft, ok := from.(*cparse.IntType); ok && ft.Bool {
			return v
		}
		r := l.newReg()
		end := l.newLabel()
		l.movConst(r, 1)
		l.cmpJump(isa.JumpJNE, is32(from), v, constVal(0), end)
		l.movConst(r, 0)
		l.label(end)
		return regVal(r)
	}
	if v.isC {
		return constVal(castConst(from, to, v.c))
	}
	fs, ts := from.Size(), to.Size()
	switch {
	case ts == 8:
		if fs == 8 || !isSigned(from) {
			return v
		}
		// Remembered like pointer sums, so that an index sign-extended for
		// a bounds check and for the access is the same register.
		k := cseKey{base: v.r, idx: noReg, size: -1}
		if e, ok := l.cse[k]; ok && e.gens == [3]int{l.gen[v.r], 0, l.gen[e.r]} {
			return regVal(e.r)
		}
		d := l.newReg()
		if l.g.opts.V4 {
			l.emit(minst{op: mALU, alu: isa.ALUMov, dst: d, a: noReg, b: v.r, sx: 32})
		} else {
			l.emit(minst{op: mALU, alu: isa.ALULsh, dst: d, a: v.r, b: noReg, imm: 32})
			l.emit(minst{op: mALU, alu: isa.ALUArsh, dst: d, a: d, b: noReg, imm: 32})
		}
		l.cse[k] = cseEntry{r: d, gens: [3]int{l.gen[v.r], 0, l.gen[d]}}
		return regVal(d)
	case ts == 4:
		if fs <= 4 {
			return v
		}
		d := l.newReg()
		l.emit(minst{op: mALU, alu: isa.ALUMov, w32: true, dst: d, a: noReg, b: v.r})
		return regVal(d)
	}
	if isSigned(to) {
		if fs < ts || (fs == ts && isSigned(from)) {
			return v
		}
		return l.signExtend(v.r, int(ts*8))
	}
	if fs <= ts && !isSigned(from) {
		return v
	}
	d := l.newReg()
	l.emit(minst{op: mALU, alu: isa.ALUAnd, w32: true, dst: d, a: v.r, b: noReg, imm: int64(int32(uint32(1)<<(ts*8) - 1))})
	return regVal(d)
}

// signExtend sign-extends the low bits of r to 32 bits (upper half zero).
func (l *lowerer) signExtend(r reg, bits int) val {
	d := l.newReg()
	if l.g.opts.V4 {
		l.emit(minst{op: mALU, alu: isa.ALUMov, w32: true, dst: d, a: noReg, b: r, sx: bits})
		return regVal(d)
	}
	l.emit(minst{op: mALU, alu: isa.ALULsh, w32: true, dst: d, a: r, b: noReg, imm: int64(32 - bits)})
	l.emit(minst{op: mALU, alu: isa.ALUArsh, w32: true, dst: d, a: d, b: noReg, imm: int64(32 - bits)})
	return regVal(d)
}

func (l *lowerer) unary(e *cparse.Unary) (val, error) {
	if e.Op == cparse.OpNot {
		if c, ok := l.evalConst(e); ok {
			return constVal(c), nil
		}
		return l.setcc(e)
	}
	v, err := l.expr(e.X)
	if err != nil {
		return val{}, err
	}
	if v.isC {
		if c, ok := foldUnary(e.Op, e.T, v.c); ok {
			return constVal(c), nil
		}
	}
	d := l.newReg()
	w32 := is32(e.T)
	switch e.Op {
	case cparse.OpNeg:
		l.emit(minst{op: mALU, alu: isa.ALUNeg, w32: w32, dst: d, a: v.r, b: noReg})
	default:
		l.emit(minst{op: mALU, alu: isa.ALUXor, w32: w32, dst: d, a: v.r, b: noReg, imm: -1})
	}
	return regVal(d), nil
}

// setcc materialises the truth value (0 or 1, an s32) of a condition.
func (l *lowerer) setcc(e cparse.Expr) (val, error) {
	r := l.newReg()
	end := l.newLabel()
	l.movConst(r, 1)
	if err := l.branch(e, true, end); err != nil {
		return val{}, err
	}
	l.movConst(r, 0)
	l.label(end)
	return regVal(r), nil
}

func (l *lowerer) condExpr(e *cparse.CondExpr) (val, error) {
	if c, ok := l.constCond(e.C); ok {
		if c {
			return l.expr(e.X)
		}
		return l.expr(e.Y)
	}
	r := l.newReg()
	elseL, end := l.newLabel(), l.newLabel()
	if err := l.branch(e.C, false, elseL); err != nil {
		return val{}, err
	}
	x, err := l.expr(e.X)
	if err != nil {
		return val{}, err
	}
	l.mov(r, x)
	l.jump(end)
	l.label(elseL)
	y, err := l.expr(e.Y)
	if err != nil {
		return val{}, err
	}
	l.mov(r, y)
	l.label(end)
	return regVal(r), nil
}

// aluOp emits d = a op b with the immediate form when b is a suitable
// constant.
func (l *lowerer) aluOp(op isa.ALUOp, w32 bool, a, b val) val {
	ra := l.materialize(a)
	d := l.newReg()
	m := minst{op: mALU, alu: op, w32: w32, dst: d, a: ra, b: noReg}
	switch {
	case b.isC && w32:
		m.imm = int64(int32(uint32(b.c)))
	case b.isC && fitsImm(b.c):
		m.imm = b.c
	default:
		m.b = l.materialize(b)
	}
	l.emit(m)
	return regVal(d)
}

// binary lowers an arithmetic operator on operands of type t.
func (l *lowerer) binary(op cparse.BinOp, t cparse.Type, a, b val) val {
	w32 := is32(t)
	signed := isSigned(t)
	if a.isC && b.isC {
		if c, ok := foldBinary(op, t, a.c, b.c); ok {
			return constVal(c)
		}
	}
	commutative := op == cparse.OpAdd || op == cparse.OpMul || op == cparse.OpAnd || op == cparse.OpOr || op == cparse.OpXor
	if a.isC && !b.isC && commutative {
		a, b = b, a
	}
	if b.isC {
		c := b.c
		switch op {
		case cparse.OpAdd, cparse.OpSub, cparse.OpOr, cparse.OpXor, cparse.OpShl, cparse.OpShr:
			if c == 0 {
				return a
			}
		case cparse.OpMul:
			if c == 1 {
				return a
			}
			if k := log2(c); k > 0 {
				return l.aluOp(isa.ALULsh, w32, a, constVal(int64(k)))
			}
		case cparse.OpAnd:
			if (w32 && uint32(c) == 0xffffffff) || c == -1 {
				return a
			}
		case cparse.OpDiv:
			if c == 1 {
				return a
			}
			if k := log2(signedValue(t, c)); k > 0 && !signed {
				return l.aluOp(isa.ALURsh, w32, a, constVal(int64(k)))
			}
		case cparse.OpMod:
			if k := log2(signedValue(t, c)); k >= 0 && !signed {
				return l.aluOp(isa.ALUAnd, w32, a, constVal(c-1))
			}
		}
	}
	switch op {
	case cparse.OpAdd:
		return l.aluOp(isa.ALUAdd, w32, a, b)
	case cparse.OpSub:
		return l.aluOp(isa.ALUSub, w32, a, b)
	case cparse.OpMul:
		return l.aluOp(isa.ALUMul, w32, a, b)
	case cparse.OpAnd:
		return l.aluOp(isa.ALUAnd, w32, a, b)
	case cparse.OpOr:
		return l.aluOp(isa.ALUOr, w32, a, b)
	case cparse.OpXor:
		return l.aluOp(isa.ALUXor, w32, a, b)
	case cparse.OpShl:
		return l.aluOp(isa.ALULsh, w32, a, b)
	case cparse.OpShr:
		if signed {
			return l.aluOp(isa.ALUArsh, w32, a, b)
		}
		return l.aluOp(isa.ALURsh, w32, a, b)
	case cparse.OpDiv, cparse.OpMod:
		alu := isa.ALUDiv
		if op == cparse.OpMod {
			alu = isa.ALUMod
		}
		if !signed {
			return l.aluOp(alu, w32, a, b)
		}
		if l.g.opts.V4 {
			v := l.aluOp(alu, w32, a, b)
			l.code[len(l.code)-1].sdiv = true
			return v
		}
		return l.signedDiv(op == cparse.OpMod, w32, a, b)
	}
	return a
}

// signedDiv computes a signed quotient or remainder with unsigned division
// (-mcpu=v3 has no signed division): divide the magnitudes, then fix the
// sign.
func (l *lowerer) signedDiv(mod, w32 bool, a, b val) val {
	sh := int64(63)
	if w32 {
		sh = 31
	}
	abs := func(v val) (mag, sign val) {
		sign = l.aluOp(isa.ALUArsh, w32, v, constVal(sh))
		x := l.aluOp(isa.ALUXor, w32, v, sign)
		return l.aluOp(isa.ALUSub, w32, x, sign), sign
	}
	ma, sa := abs(a)
	var mb, sb val
	if b.isC {
		bc := b.c
		if w32 {
			bc = int64(int32(uint32(bc)))
		}
		if bc < 0 {
			mb, sb = constVal(-bc), constVal(-1)
		} else {
			mb, sb = constVal(bc), constVal(0)
		}
		if w32 {
			mb.c = int64(uint32(mb.c))
			sb.c = int64(uint32(sb.c))
		}
	} else {
		mb, sb = abs(b)
	}
	if mod {
		r := l.aluOp(isa.ALUMod, w32, ma, mb)
		r = l.aluOp(isa.ALUXor, w32, r, sa)
		return l.aluOp(isa.ALUSub, w32, r, sa)
	}
	q := l.aluOp(isa.ALUDiv, w32, ma, mb)
	var s val
	if sb.isC {
		if sb.c == 0 {
			s = sa
		} else {
			s = l.aluOp(isa.ALUXor, w32, sa, constVal(-1))
		}
	} else {
		s = l.aluOp(isa.ALUXor, w32, sa, sb)
	}
	q = l.aluOp(isa.ALUXor, w32, q, s)
	return l.aluOp(isa.ALUSub, w32, q, s)
}

func (l *lowerer) ptrArith(e *cparse.PtrArith) (val, error) {
	a, err := l.addrOfPtr(e)
	if err != nil {
		return val{}, err
	}
	return l.addrVal(a), nil
}
