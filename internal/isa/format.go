package isa

import (
	"fmt"
	"strconv"
)

// String returns the instruction in the assembly syntax of clang and llvm-mc
// -arch=bpf -mcpu=v4, with numeric jump and call targets. It is Format("").
func (ins Instruction) String() string { return ins.Format("") }

// Format returns the instruction in the assembly syntax of clang and llvm-mc
// -arch=bpf -mcpu=v4, as llvm-mc's disassembler prints it: decimal
// immediates, "goto +N" with the offset in slots, and w registers for 32-bit
// operations, including loads and stores of 1, 2 and 4 bytes.
//
// If sym is not empty it replaces the target of a jump ("goto sym",
// "if r1 > r2 goto sym", "gotol sym"), of a local call ("call sym") and the
// map of a map-fd 64-bit immediate load ("r1 = sym ll"); for other
// instructions sym is ignored.
//
// Where LLVM's text cannot tell encodings apart, Format extends it, and
// ParseInstruction reads the extensions back:
//
//	call pc+N                 local call (src 1) by slot offset; llvm prints "call N"
//	call kfunc N              kernel function call (src 2) by BTF id; llvm prints "call N"
//	ld_pseudo rD, S, I, N     pseudo 64-bit load whose second immediate N is not 0
//	rD = *(u8 *)skb[rS + I]   legacy indirect packet load with nonzero imm I
//
// An instruction that Validate rejects is printed as ".invalid" followed by
// its fields; ParseInstruction does not accept that form.
func (ins Instruction) Format(sym string) string {
	if err := ins.Validate(); err != nil {
		return fmt.Sprintf(".invalid opcode=%#02x dst=%d src=%d offset=%d imm=%d", uint8(ins.OpCode), ins.Dst, ins.Src, ins.Offset, ins.Constant)
	}
	switch c := ins.OpCode.Class(); {
	case ins.IsLoadImm64():
		return ins.formatLoadImm64(sym)
	case c.IsALU():
		return ins.formatALU()
	case c.IsJump():
		return ins.formatJump(sym)
	case c == ClassLD:
		return ins.formatLegacyPacket()
	case c == ClassLDX:
		return ins.formatLoad()
	case c == ClassST:
		return fmt.Sprintf("*(%s *)%s = %d", sizeName(ins.OpCode.Size(), 'u'), memOperand(ins.Dst, ins.Offset), ins.Constant)
	default:
		return ins.formatStoreX()
	}
}

// regName returns "rN" or, when narrow is set, "wN".
func regName(r Register, narrow bool) string {
	if narrow {
		return "w" + strconv.Itoa(int(r))
	}
	return "r" + strconv.Itoa(int(r))
}

// sizeName returns the C type of an access size with the given sign letter
// ('u' or 's'): u8, u16, u32 or u64.
func sizeName(s Size, sign byte) string {
	return string(sign) + strconv.Itoa(8*s.Bytes())
}

// memOperand returns "(rN + off)" or "(rN - off)".
func memOperand(base Register, off int16) string {
	return "(" + addrExpr(base, off) + ")"
}

// addrExpr returns "rN + off" or "rN - off".
func addrExpr(base Register, off int16) string {
	if off < 0 {
		return fmt.Sprintf("r%d - %d", base, -int(off))
	}
	return fmt.Sprintf("r%d + %d", base, off)
}

// signedTarget returns "+N" or "-N".
func signedTarget(n int64) string {
	if n < 0 {
		return strconv.FormatInt(n, 10)
	}
	return "+" + strconv.FormatInt(n, 10)
}

var aluOpText = map[ALUOp]string{
	ALUAdd: "+=", ALUSub: "-=", ALUMul: "*=", ALUDiv: "/=", ALUOr: "|=", ALUAnd: "&=",
	ALULsh: "<<=", ALURsh: ">>=", ALUMod: "%=", ALUXor: "^=", ALUMov: "=", ALUArsh: "s>>=",
}

func (ins Instruction) formatALU() string {
	narrow := ins.OpCode.Class() == ClassALU
	dst := regName(ins.Dst, narrow)
	op := ins.OpCode.ALUOp()
	switch op {
	case ALUNeg:
		return dst + " = -" + dst
	case ALUEnd:
		name := "bswap"
		if narrow {
			name = "le"
			if ins.OpCode.Source() == SourceX {
				name = "be"
			}
		}
		r := regName(ins.Dst, false)
		return fmt.Sprintf("%s = %s%d %s", r, name, ins.Constant, r)
	}
	text := aluOpText[op]
	if (op == ALUDiv || op == ALUMod) && ins.Offset == 1 {
		text = "s" + text
	}
	if ins.OpCode.Source() == SourceK {
		return fmt.Sprintf("%s %s %d", dst, text, ins.Constant)
	}
	src := regName(ins.Src, narrow)
	if op == ALUMov && ins.Offset != 0 {
		return fmt.Sprintf("%s = (s%d)%s", dst, ins.Offset, src)
	}
	return dst + " " + text + " " + src
}

var jumpOpText = map[JumpOp]string{
	JumpJEQ: "==", JumpJGT: ">", JumpJGE: ">=", JumpJSET: "&", JumpJNE: "!=", JumpJSGT: "s>",
	JumpJSGE: "s>=", JumpJLT: "<", JumpJLE: "<=", JumpJSLT: "s<", JumpJSLE: "s<=",
}

func (ins Instruction) formatJump(sym string) string {
	jmp32 := ins.OpCode.Class() == ClassJMP32
	switch op := ins.OpCode.JumpOp(); op {
	case JumpExit:
		return "exit"
	case JumpCall:
		switch ins.Src {
		case CallLocal:
			if sym != "" {
				return "call " + sym
			}
			return "call pc" + signedTarget(ins.Constant)
		case CallKfunc:
			return "call kfunc " + strconv.FormatInt(ins.Constant, 10)
		}
		return "call " + strconv.FormatInt(ins.Constant, 10)
	case JumpJA:
		if jmp32 {
			if sym != "" {
				return "gotol " + sym
			}
			return "gotol " + signedTarget(ins.Constant)
		}
		if sym != "" {
			return "goto " + sym
		}
		return "goto " + signedTarget(int64(ins.Offset))
	default:
		var rhs string
		if ins.OpCode.Source() == SourceK {
			rhs = strconv.FormatInt(ins.Constant, 10)
		} else {
			rhs = regName(ins.Src, jmp32)
		}
		target := sym
		if target == "" {
			target = signedTarget(int64(ins.Offset))
		}
		return fmt.Sprintf("if %s %s %s goto %s", regName(ins.Dst, jmp32), jumpOpText[op], rhs, target)
	}
}

func (ins Instruction) formatLoadImm64(sym string) string {
	dst := regName(ins.Dst, false)
	switch {
	case ins.Src == PseudoNone:
		return fmt.Sprintf("%s = %d ll", dst, ins.Constant)
	case ins.Src == PseudoMapFD && sym != "":
		return fmt.Sprintf("%s = %s ll", dst, sym)
	}
	lo, hi := uint32(ins.Constant), int32(uint64(ins.Constant)>>32)
	if hi == 0 {
		return fmt.Sprintf("ld_pseudo %s, %d, %d", dst, ins.Src, lo)
	}
	return fmt.Sprintf("ld_pseudo %s, %d, %d, %d", dst, ins.Src, lo, hi)
}

func (ins Instruction) formatLegacyPacket() string {
	size := sizeName(ins.OpCode.Size(), 'u')
	if ins.OpCode.Mode() == ModeABS {
		return fmt.Sprintf("r0 = *(%s *)skb[%d]", size, ins.Constant)
	}
	switch {
	case ins.Constant == 0:
		return fmt.Sprintf("r0 = *(%s *)skb[r%d]", size, ins.Src)
	case ins.Constant < 0:
		return fmt.Sprintf("r0 = *(%s *)skb[r%d - %d]", size, ins.Src, -ins.Constant)
	}
	return fmt.Sprintf("r0 = *(%s *)skb[r%d + %d]", size, ins.Src, ins.Constant)
}

func (ins Instruction) formatLoad() string {
	s := ins.OpCode.Size()
	if ins.OpCode.Mode() == ModeMEMSX {
		return fmt.Sprintf("%s = *(%s *)%s", regName(ins.Dst, false), sizeName(s, 's'), memOperand(ins.Src, ins.Offset))
	}
	return fmt.Sprintf("%s = *(%s *)%s", regName(ins.Dst, s != SizeDW), sizeName(s, 'u'), memOperand(ins.Src, ins.Offset))
}

var atomicText = map[int64][2]string{
	AtomicAdd: {"+=", "add"}, AtomicOr: {"|=", "or"}, AtomicAnd: {"&=", "and"}, AtomicXor: {"^=", "xor"},
}

func (ins Instruction) formatStoreX() string {
	s := ins.OpCode.Size()
	narrow := s != SizeDW
	src := regName(ins.Src, narrow)
	if ins.OpCode.Mode() == ModeMEM {
		return fmt.Sprintf("*(%s *)%s = %s", sizeName(s, 'u'), memOperand(ins.Dst, ins.Offset), src)
	}
	addr := addrExpr(ins.Dst, ins.Offset)
	suffix := "_64"
	if narrow {
		suffix = "32_32"
	}
	switch ins.Constant {
	case AtomicXchg:
		return fmt.Sprintf("%s = xchg%s(%s, %s)", src, suffix, addr, src)
	case AtomicCmpXchg:
		r0 := regName(R0, narrow)
		return fmt.Sprintf("%s = cmpxchg%s(%s, %s, %s)", r0, suffix, addr, r0, src)
	}
	t := atomicText[ins.Constant&^AtomicFetch]
	if ins.Constant&AtomicFetch != 0 {
		return fmt.Sprintf("%s = atomic_fetch_%s((%s *)(%s), %s)", src, t[1], sizeName(s, 'u'), addr, src)
	}
	return fmt.Sprintf("lock *(%s *)(%s) %s %s", sizeName(s, 'u'), addr, t[0], src)
}
