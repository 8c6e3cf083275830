package bpfcheck

import (
	"math/big"

	"vep/internal/isa"
	"vep/sep"
)

// read returns register k for reading, rejecting uninitialised and invalid
// registers.
func (r *run) read(s *state, i int, k isa.Register) (reg, error) {
	if k > isa.R10 {
		return reg{}, r.f.errorf(i, "register %d does not exist", k)
	}
	g := s.regs[k]
	switch g.k {
	case kUninit:
		return reg{}, r.f.errorf(i, "R%d is read before it is written", k)
	case kInvalid:
		return reg{}, r.f.errorf(i, "R%d is an invalid pointer here (a packet pointer after a helper that changes packet data, or a register whose kind differs between paths)", k)
	}
	return g, nil
}

func wrap(ty *sep.IntType, c int64) sep.Term { return bigNum(ty.Wrap(big.NewInt(c))) }

// operand returns the source operand of an ALU or jump instruction.
func (r *run) operand(s *state, i int, ins isa.Instruction, is64 bool) (reg, error) {
	if ins.OpCode.Source() == isa.SourceX {
		return r.read(s, i, ins.Src)
	}
	ty := u64Type
	if !is64 {
		ty = u32Type
	}
	return reg{k: kScalar, val: wrap(ty, ins.Constant), size: 1}, nil
}

// signed returns the value of the u64 scalar t read as a signed integer.
func signed(t sep.Term) sep.Term { return cast(s64Type, t) }

// alu executes an arithmetic instruction.
func (r *run) alu(s *state, i int, ins isa.Instruction) error {
	d := ins.Dst
	if d >= isa.R10 {
		return r.f.errorf(i, "write to R%d", d)
	}
	op := ins.OpCode.ALUOp()
	is64 := ins.OpCode.Class() == isa.ClassALU64
	w, width, mask := u64Type, 8, int64(63)
	if !is64 {
		w, width, mask = u32Type, 4, 31
	}
	wr := func(t sep.Term) sep.Term { return cast(w, t) }
	set := func(t sep.Term) { s.regs[d] = r.scalar(s, t, width) }
	switch op {
	case isa.ALUMov:
		src, err := r.operand(s, i, ins, is64)
		if err != nil {
			return err
		}
		if ins.OpCode.Source() == isa.SourceX && (ins.Offset != 0 || !is64) && src.k != kScalar {
			return r.f.errorf(i, "32-bit or sign-extending move of a %v", src.k)
		}
		switch {
		case ins.OpCode.Source() == isa.SourceX && ins.Offset != 0:
			set(wr(cast(intType(int(ins.Offset)/8, true), src.val)))
		case is64:
			s.regs[d] = src
		default:
			set(wr(src.val))
		}
		return nil
	case isa.ALUNeg, isa.ALUEnd:
		x, err := r.read(s, i, d)
		if err != nil {
			return err
		}
		if x.k != kScalar {
			return r.f.errorf(i, "%s of a %v", opName(op), x.k)
		}
		if op == isa.ALUNeg {
			set(wr(&sep.Unary{Op: sep.Neg, X: wr(x.val)}))
			return nil
		}
		n := int(ins.Constant) / 8
		if ins.OpCode.Class() == isa.ClassALU && ins.OpCode.Source() == isa.SourceK {
			// to little endian on a little-endian machine: truncation
			set(cast(intType(n, false), x.val))
			return nil
		}
		s.regs[d] = r.freshScalar(s, n) // a byte swap
		return nil
	}
	x, err := r.read(s, i, d)
	if err != nil {
		return err
	}
	y, err := r.operand(s, i, ins, is64)
	if err != nil {
		return err
	}
	if x.k != kScalar || y.k != kScalar {
		if !is64 {
			return r.f.errorf(i, "32-bit %s on a %v", opName(op), pointerKind(x, y))
		}
		switch {
		case op == isa.ALUAdd && x.k != kScalar && y.k == kScalar:
			return r.ptrAdd(s, i, d, x, y, 1)
		case op == isa.ALUAdd && x.k == kScalar && y.k != kScalar:
			return r.ptrAdd(s, i, d, y, x, 1)
		case op == isa.ALUSub && x.k != kScalar && y.k == kScalar:
			return r.ptrAdd(s, i, d, x, y, -1)
		case op == isa.ALUSub && sameRegion(x, y):
			set(wr(sub(x.value(), y.value())))
			return nil
		}
		return r.f.errorf(i, "%s on a %v is not allowed", opName(op), pointerKind(x, y))
	}
	a, b := x.val, y.val
	if !is64 {
		a, b = wr(a), wr(b)
	}
	yc, yconst := literal(b)
	sgn := ins.Offset == 1
	switch op {
	case isa.ALUAdd:
		set(wr(add(a, b)))
	case isa.ALUSub:
		set(wr(sub(a, b)))
	case isa.ALUMul:
		set(wr(bin(sep.Mul, a, b)))
	case isa.ALUOr:
		set(bin(sep.BitOr, a, b))
	case isa.ALUAnd:
		set(bin(sep.BitAnd, a, b))
	case isa.ALUXor:
		set(bin(sep.BitXor, a, b))
	case isa.ALULsh, isa.ALURsh, isa.ALUArsh:
		k := bin(sep.BitAnd, b, num(mask))
		switch op {
		case isa.ALULsh:
			set(wr(bin(sep.Shl, a, k)))
		case isa.ALURsh:
			set(bin(sep.Shr, a, k))
		default:
			set(wr(bin(sep.Shr, cast(intType(width, true), a), k)))
		}
	case isa.ALUDiv, isa.ALUMod:
		xc, xconst := literal(a)
		switch {
		case sgn && xconst && yconst:
			st := intType(width, true)
			sx, sy := st.Wrap(xc), st.Wrap(yc)
			switch {
			case sy.Sign() == 0 && op == isa.ALUDiv:
				set(num(0))
			case sy.Sign() == 0:
				set(a)
			case op == isa.ALUDiv:
				set(wr(bigNum(new(big.Int).Quo(sx, sy))))
			default:
				set(wr(bigNum(new(big.Int).Rem(sx, sy))))
			}
		case sgn || !yconst:
			s.regs[d] = r.freshScalar(s, width)
		case yc.Sign() == 0 && op == isa.ALUDiv:
			set(num(0))
		case yc.Sign() == 0:
			set(a)
		case op == isa.ALUDiv:
			set(bin(sep.Div, a, b))
		default:
			set(bin(sep.Rem, a, b))
		}
	default:
		return r.f.errorf(i, "unknown arithmetic operation %#x", uint8(op))
	}
	return nil
}

func pointerKind(x, y reg) kind {
	if x.k != kScalar {
		return x.k
	}
	return y.k
}

// sameRegion reports whether two pointers point into one object, so that
// their difference is meaningful.
func sameRegion(x, y reg) bool {
	switch {
	case x.k == kStack && y.k == kStack:
		return true
	case (x.k == kPacket || x.k == kPacketEnd) && (y.k == kPacket || y.k == kPacketEnd):
		return sep.Equal(x.base, y.base) || x.k == kPacketEnd || y.k == kPacketEnd
	case x.k == kArg && y.k == kArg:
		return true // memory a subprogram got: addresses in [0, 2^64)
	case x.k == kMapValue && y.k == kMapValue:
		return sep.Equal(x.base, y.base)
	}
	return false
}

func opName(op isa.ALUOp) string {
	names := map[isa.ALUOp]string{isa.ALUAdd: "addition", isa.ALUSub: "subtraction", isa.ALUMul: "multiplication",
		isa.ALUDiv: "division", isa.ALUOr: "or", isa.ALUAnd: "and", isa.ALULsh: "left shift", isa.ALURsh: "right shift",
		isa.ALUNeg: "negation", isa.ALUMod: "modulo", isa.ALUXor: "xor", isa.ALUMov: "move", isa.ALUArsh: "arithmetic shift",
		isa.ALUEnd: "byte swap"}
	if n, ok := names[op]; ok {
		return n
	}
	return "arithmetic"
}

// ptrAdd sets register d to pointer p plus (sign) the scalar y.
func (r *run) ptrAdd(s *state, i int, d isa.Register, p, y reg, sign int64) error {
	switch p.k {
	case kStack, kPacket, kMapValue, kArg:
	default:
		return r.f.errorf(i, "pointer arithmetic on a %v", p.k)
	}
	var delta sep.Term
	if c, ok := literal(y.val); ok {
		delta = bigNum(s64Type.Wrap(c))
	} else {
		delta = signed(y.val)
	}
	if sign < 0 {
		delta = &sep.Unary{Op: sep.Neg, X: delta}
	}
	off := norm(add(p.off, delta))
	n := size(off)
	if n > MaxTermDepth*4 {
		return r.f.errorf(i, "pointer offset %v is too complex: add an assertion", off)
	}
	p.off, p.size = off, n
	s.regs[d] = p
	return nil
}

// lddw executes a 64-bit immediate load.
func (r *run) lddw(s *state, i int, ins isa.Instruction) error {
	if ins.Dst >= isa.R10 {
		return r.f.errorf(i, "write to R%d", ins.Dst)
	}
	if m, ok := r.f.maps[i]; ok {
		if ins.Src != isa.PseudoMapFD {
			return r.f.errorf(i, "map relocation on a 64-bit load with pseudo source %d", ins.Src)
		}
		if _, ok := r.c.maps[m]; !ok {
			return r.f.errorf(i, "map %s is not defined", m)
		}
		s.regs[ins.Dst] = reg{k: kMap, m: m, base: name(m), off: num(0), size: 1}
		return nil
	}
	if ins.Src != isa.PseudoNone {
		return r.f.errorf(i, "64-bit load with pseudo source %d is not supported", ins.Src)
	}
	s.regs[ins.Dst] = reg{k: kScalar, val: wrap(u64Type, ins.Constant), size: 1}
	return nil
}

// jump executes a jump and returns its successors.
func (r *run) jump(s *state, i int, ins isa.Instruction) ([]succ, error) {
	t, ok := isa.JumpTarget(r.f.sec.Insns, r.f.slots, i)
	if !ok {
		return nil, r.f.errorf(i, "bad jump target")
	}
	if ins.IsUnconditionalJump() {
		return []succ{{t, s}}, nil
	}
	is32 := ins.OpCode.Class() == isa.ClassJMP32
	x, err := r.read(s, i, ins.Dst)
	if err != nil {
		return nil, err
	}
	y, err := r.operand(s, i, ins, !is32)
	if err != nil {
		return nil, err
	}
	op := ins.OpCode.JumpOp()
	signedOp := op == isa.JumpJSGT || op == isa.JumpJSGE || op == isa.JumpJSLT || op == isa.JumpJSLE
	a, b := x.value(), y.value()
	if x.k != kScalar || y.k != kScalar {
		if is32 || signedOp || op == isa.JumpJSET {
			return nil, r.f.errorf(i, "only 64-bit unsigned comparisons of pointers are supported")
		}
		zero := func(g reg) bool { c, ok := literal(g.val); return g.k == kScalar && ok && c.Sign() == 0 }
		eq := op == isa.JumpJEQ || op == isa.JumpJNE
		if !(sameRegion(x, y) || eq && (zero(x) || zero(y))) {
			return nil, r.f.errorf(i, "comparison of a %v with a %v: pointers may be compared with pointers into the same object, or with 0 by == and !=", x.k, y.k)
		}
		for _, p := range []reg{x, y} {
			if p.k == kMap {
				return nil, r.f.errorf(i, "comparison of a map handle")
			}
			if c, ok := literal(p.off); p.k != kScalar && !(ok && c.Sign() == 0) {
				v := p.value()
				g := and(cmp(sep.Le, num(0), v), cmp(sep.Lt, v, bigNum(two64)))
				if err := r.emit(s, i, "compare", g); err != nil {
					return nil, err
				}
				s.assume(g)
			}
		}
	}
	if is32 {
		a, b = cast(u32Type, a), cast(u32Type, b)
		if signedOp {
			a, b = cast(s32Type, a), cast(s32Type, b)
		}
	} else if signedOp {
		a, b = signed(a), signed(b)
	}
	var c, n sep.Formula
	pair := func(o, no sep.CmpOp) { c, n = cmp(o, a, b), cmp(no, a, b) }
	switch op {
	case isa.JumpJEQ:
		pair(sep.Eq, sep.Ne)
	case isa.JumpJNE:
		pair(sep.Ne, sep.Eq)
	case isa.JumpJGT, isa.JumpJSGT:
		pair(sep.Gt, sep.Le)
	case isa.JumpJGE, isa.JumpJSGE:
		pair(sep.Ge, sep.Lt)
	case isa.JumpJLT, isa.JumpJSLT:
		pair(sep.Lt, sep.Ge)
	case isa.JumpJLE, isa.JumpJSLE:
		pair(sep.Le, sep.Gt)
	case isa.JumpJSET:
		m := bin(sep.BitAnd, a, b)
		c, n = cmp(sep.Ne, m, num(0)), cmp(sep.Eq, m, num(0))
	default:
		return nil, r.f.errorf(i, "unknown jump %#x", uint8(op))
	}
	if len(sep.FreeVars(c)) == 0 {
		if v, err := sep.EvalFormula(c, &sep.Env{Maps: evalMaps}); err == nil {
			if v {
				return []succ{{t, s}}, nil
			}
			return []succ{{i + 1, s}}, nil
		}
	}
	s2 := s.clone()
	s.assume(n)
	s2.assume(c)
	return []succ{{i + 1, s}, {t, s2}}, nil
}
