package interp

import (
	"math/bits"

	"vep/internal/isa"
)

// alu executes an ALU or ALU64 instruction.
func (r *run) alu(ins isa.Instruction) *faultMsg {
	op := ins.OpCode.ALUOp()
	alu64 := ins.OpCode.Class() == isa.ClassALU64
	var src value
	if op != isa.ALUNeg && op != isa.ALUEnd {
		if ins.OpCode.Source() == isa.SourceX {
			var f *faultMsg
			if src, f = r.read(ins.Src); f != nil {
				return f
			}
		} else {
			src = scalar(uint64(ins.Constant))
		}
	}
	if op == isa.ALUMov {
		if src.k != kindScalar {
			if alu64 && ins.Offset == 0 {
				r.regs[ins.Dst] = src // copy a pointer or map handle
				return nil
			}
			return faultf("partial or sign-extending copy of a %s", kindName(src))
		}
		r.regs[ins.Dst] = scalar(aluScalar(ins, 0, src.bits))
		return nil
	}
	dst, f := r.read(ins.Dst)
	if f != nil {
		return f
	}
	if dst.k == kindScalar && src.k != kindPtr && src.k != kindMap {
		r.regs[ins.Dst] = scalar(aluScalar(ins, dst.bits, src.bits))
		return nil
	}
	res, f := pointerALU(op, alu64, dst, src)
	if f != nil {
		return f
	}
	r.regs[ins.Dst] = res
	return nil
}

func kindName(v value) string {
	switch v.k {
	case kindPtr:
		return "pointer to " + v.reg.name
	case kindMap:
		return "map handle"
	}
	return "scalar"
}

// pointerALU computes dst op src where at least one operand is a pointer
// or map handle. Only 64-bit addition of a scalar to a stack, packet (but
// not data_end) or map value pointer, subtraction of a scalar from one, and
// the difference of two pointers into the same region are defined.
func pointerALU(op isa.ALUOp, alu64 bool, dst, src value) (value, *faultMsg) {
	for _, v := range []value{dst, src} {
		switch {
		case v.k == kindMap:
			return value{}, faultf("arithmetic on a map handle")
		case v.k == kindPtr && v.reg.kind == regionContext:
			return value{}, faultf("arithmetic on the context pointer")
		}
	}
	if !alu64 {
		return value{}, faultf("32-bit arithmetic on a %s", kindName(pick(dst, src)))
	}
	if (dst.k == kindPtr) != (src.k == kindPtr) && pick(dst, src).origin == ctxDataEnd {
		return value{}, faultf("arithmetic on the data_end pointer")
	}
	switch {
	case op == isa.ALUAdd && dst.k == kindPtr && src.k == kindScalar:
		return dst.withOff(dst.off() + int64(src.bits)), nil
	case op == isa.ALUAdd && dst.k == kindScalar && src.k == kindPtr:
		return src.withOff(src.off() + int64(dst.bits)), nil
	case op == isa.ALUSub && dst.k == kindPtr && src.k == kindScalar:
		return dst.withOff(dst.off() - int64(src.bits)), nil
	case op == isa.ALUSub && dst.k == kindPtr && src.k == kindPtr:
		if dst.reg != src.reg {
			return value{}, faultf("subtraction of pointers into %s and %s", dst.reg.name, src.reg.name)
		}
		return scalar(uint64(dst.off() - src.off())), nil
	}
	return value{}, faultf("invalid arithmetic on a %s", kindName(pick(dst, src)))
}

// pick returns whichever of a, b is not a scalar.
func pick(a, b value) value {
	if a.k != kindScalar {
		return a
	}
	return b
}

// aluScalar computes the result of a scalar ALU or ALU64 instruction with
// destination value dst and source operand src (the register or the
// sign-extended immediate). 32-bit results are zero-extended.
func aluScalar(ins isa.Instruction, dst, src uint64) uint64 {
	op := ins.OpCode.ALUOp()
	is64 := ins.OpCode.Class() == isa.ClassALU64
	switch {
	case op == isa.ALUEnd && is64: // unconditional bswap
		return bswap(dst, ins.Constant)
	case op == isa.ALUEnd:
		return endian(ins.OpCode.Source(), ins.Constant, dst)
	case is64:
		return alu64(op, ins.Offset, dst, src)
	}
	return uint64(alu32(op, ins.Offset, uint32(dst), uint32(src)))
}

func alu64(op isa.ALUOp, off int16, d, s uint64) uint64 {
	switch op {
	case isa.ALUAdd:
		return d + s
	case isa.ALUSub:
		return d - s
	case isa.ALUMul:
		return d * s
	case isa.ALUDiv:
		if s == 0 {
			return 0
		}
		if off == 1 {
			return uint64(int64(d) / int64(s)) // MinInt64 / -1 wraps to MinInt64
		}
		return d / s
	case isa.ALUMod:
		if s == 0 {
			return d
		}
		if off == 1 {
			return uint64(int64(d) % int64(s))
		}
		return d % s
	case isa.ALUOr:
		return d | s
	case isa.ALUAnd:
		return d & s
	case isa.ALUXor:
		return d ^ s
	case isa.ALULsh:
		return d << (s & 63)
	case isa.ALURsh:
		return d >> (s & 63)
	case isa.ALUArsh:
		return uint64(int64(d) >> (s & 63))
	case isa.ALUNeg:
		return -d
	case isa.ALUMov:
		switch off {
		case 8:
			return uint64(int64(int8(s)))
		case 16:
			return uint64(int64(int16(s)))
		case 32:
			return uint64(int64(int32(s)))
		}
		return s
	}
	return d
}

func alu32(op isa.ALUOp, off int16, d, s uint32) uint32 {
	switch op {
	case isa.ALUAdd:
		return d + s
	case isa.ALUSub:
		return d - s
	case isa.ALUMul:
		return d * s
	case isa.ALUDiv:
		if s == 0 {
			return 0
		}
		if off == 1 {
			return uint32(int32(d) / int32(s))
		}
		return d / s
	case isa.ALUMod:
		if s == 0 {
			return d
		}
		if off == 1 {
			return uint32(int32(d) % int32(s))
		}
		return d % s
	case isa.ALUOr:
		return d | s
	case isa.ALUAnd:
		return d & s
	case isa.ALUXor:
		return d ^ s
	case isa.ALULsh:
		return d << (s & 31)
	case isa.ALURsh:
		return d >> (s & 31)
	case isa.ALUArsh:
		return uint32(int32(d) >> (s & 31))
	case isa.ALUNeg:
		return -d
	case isa.ALUMov:
		switch off {
		case 8:
			return uint32(int32(int8(s)))
		case 16:
			return uint32(int32(int16(s)))
		}
		return s
	}
	return d
}

// bswap reverses the low width bits of v, zero-extending the result.
func bswap(v uint64, width int64) uint64 {
	switch width {
	case 16:
		return uint64(bits.ReverseBytes16(uint16(v)))
	case 32:
		return uint64(bits.ReverseBytes32(uint32(v)))
	}
	return bits.ReverseBytes64(v)
}

// endian executes the ALU-class byte order conversions on a little-endian
// machine: to little endian truncates, to big endian swaps.
func endian(source isa.Source, width int64, v uint64) uint64 {
	if source == isa.SourceX { // to big endian
		return bswap(v, width)
	}
	switch width {
	case 16:
		return uint64(uint16(v))
	case 32:
		return uint64(uint32(v))
	}
	return v
}
