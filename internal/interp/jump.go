package interp

import "vep/internal/isa"

// branch evaluates a JMP or JMP32 jump (not call or exit) and reports
// whether it is taken.
func (r *run) branch(ins isa.Instruction) (bool, *faultMsg) {
	op := ins.OpCode.JumpOp()
	if op == isa.JumpJA {
		return true, nil
	}
	dst, f := r.read(ins.Dst)
	if f != nil {
		return false, f
	}
	src := scalar(uint64(ins.Constant))
	if ins.OpCode.Source() == isa.SourceX {
		if src, f = r.read(ins.Src); f != nil {
			return false, f
		}
	}
	jmp32 := ins.OpCode.Class() == isa.ClassJMP32
	if dst.k == kindScalar && src.k == kindScalar {
		return condition(op, jmp32, dst.bits, src.bits), nil
	}
	return pointerCondition(op, jmp32, dst, src)
}

// pointerCondition compares operands of which at least one is a pointer or
// map handle. Two pointers into the same region compare by address; a
// pointer or map handle is unequal to the scalar 0 (a null check).
func pointerCondition(op isa.JumpOp, jmp32 bool, dst, src value) (bool, *faultMsg) {
	if jmp32 {
		return false, faultf("32-bit comparison of a %s", kindName(pick(dst, src)))
	}
	nullCheck := func(s value) (bool, *faultMsg) {
		if s.bits != 0 || (op != isa.JumpJEQ && op != isa.JumpJNE) {
			return false, faultf("comparison of a %s with a scalar other than ==/!= 0", kindName(pick(dst, src)))
		}
		return op == isa.JumpJNE, nil
	}
	switch {
	case dst.k == kindScalar:
		return nullCheck(dst)
	case src.k == kindScalar:
		return nullCheck(src)
	case dst.k == kindPtr && src.k == kindPtr && dst.reg == src.reg && op != isa.JumpJSET:
		return compare(op, dst.addr(), src.addr(), dst.off(), src.off()), nil
	case dst.k == kindPtr && src.k == kindPtr && dst.reg == src.reg:
		return false, faultf("bit test of pointers")
	}
	return false, faultf("comparison of a %s with a %s", kindName(dst), kindName(src))
}

// condition evaluates a conditional jump on scalar operands; for JMP32 only
// the low 32 bits are compared.
func condition(op isa.JumpOp, jmp32 bool, d, s uint64) bool {
	if jmp32 {
		d, s = uint64(uint32(d)), uint64(uint32(s))
		sd, ss := int64(int32(d)), int64(int32(s))
		return compare(op, d, s, sd, ss)
	}
	return compare(op, d, s, int64(d), int64(s))
}

func compare(op isa.JumpOp, d, s uint64, sd, ss int64) bool {
	switch op {
	case isa.JumpJEQ:
		return d == s
	case isa.JumpJNE:
		return d != s
	case isa.JumpJGT:
		return d > s
	case isa.JumpJGE:
		return d >= s
	case isa.JumpJLT:
		return d < s
	case isa.JumpJLE:
		return d <= s
	case isa.JumpJSET:
		return d&s != 0
	case isa.JumpJSGT:
		return sd > ss
	case isa.JumpJSGE:
		return sd >= ss
	case isa.JumpJSLT:
		return sd < ss
	case isa.JumpJSLE:
		return sd <= ss
	}
	return false
}
