package interp

import (
	"fmt"

	"vep/internal/isa"
)

// validate returns why ins is not an instruction the interpreter can
// execute, or "" if it is. It checks the opcode, the register numbers, the
// fields each opcode gives a meaning to, and that R10 is never written.
func validate(ins isa.Instruction) string {
	op := ins.OpCode
	if ins.Dst > isa.R10 {
		return fmt.Sprintf("invalid destination register r%d", ins.Dst)
	}
	if ins.Src > isa.R10 && !ins.IsLoadImm64() && !(op.Class() == isa.ClassJMP && op.JumpOp() == isa.JumpCall) {
		return fmt.Sprintf("invalid source register r%d", ins.Src)
	}
	switch c := op.Class(); c {
	case isa.ClassLD:
		if ins.IsLoadImm64() {
			if ins.Dst == isa.R10 {
				return "r10 is read-only"
			}
			return ""
		}
		if m := op.Mode(); m == isa.ModeABS || m == isa.ModeIND {
			if op.Size() == isa.SizeDW || ins.Dst != isa.R0 || ins.Offset != 0 || (m == isa.ModeABS && ins.Src != isa.R0) {
				return "invalid legacy packet load"
			}
			return ""
		}
		return fmt.Sprintf("invalid opcode %#02x", uint8(op))
	case isa.ClassLDX:
		if ins.Dst == isa.R10 {
			return "r10 is read-only"
		}
		switch op.Mode() {
		case isa.ModeMEM:
		case isa.ModeMEMSX:
			if op.Size() == isa.SizeDW {
				return "sign-extending load of 8 bytes"
			}
		default:
			return fmt.Sprintf("invalid opcode %#02x", uint8(op))
		}
	case isa.ClassST:
		if op.Mode() != isa.ModeMEM {
			return fmt.Sprintf("invalid opcode %#02x", uint8(op))
		}
	case isa.ClassSTX:
		switch op.Mode() {
		case isa.ModeMEM:
		case isa.ModeATOMIC:
			if s := op.Size(); s != isa.SizeW && s != isa.SizeDW {
				return "atomic operation must be 4 or 8 bytes wide"
			}
			switch ins.Constant {
			case isa.AtomicAdd, isa.AtomicOr, isa.AtomicAnd, isa.AtomicXor,
				isa.AtomicAdd | isa.AtomicFetch, isa.AtomicOr | isa.AtomicFetch,
				isa.AtomicAnd | isa.AtomicFetch, isa.AtomicXor | isa.AtomicFetch,
				isa.AtomicXchg, isa.AtomicCmpXchg:
			default:
				return fmt.Sprintf("invalid atomic operation %#x", ins.Constant)
			}
			if ins.Constant&isa.AtomicFetch != 0 && ins.Src == isa.R10 {
				return "r10 is read-only"
			}
		default:
			return fmt.Sprintf("invalid opcode %#02x", uint8(op))
		}
	case isa.ClassALU, isa.ClassALU64:
		return validateALU(ins)
	case isa.ClassJMP, isa.ClassJMP32:
		return validateJump(ins)
	}
	return ""
}

func validateALU(ins isa.Instruction) string {
	op := ins.OpCode
	alu64 := op.Class() == isa.ClassALU64
	if ins.Dst == isa.R10 {
		return "r10 is read-only"
	}
	if msg := reservedOperand(ins); msg != "" && op.ALUOp() != isa.ALUEnd {
		return msg
	}
	switch op.ALUOp() {
	case isa.ALUAdd, isa.ALUSub, isa.ALUMul, isa.ALUOr, isa.ALUAnd,
		isa.ALULsh, isa.ALURsh, isa.ALUXor, isa.ALUArsh:
		if ins.Offset != 0 {
			return "non-zero offset in ALU instruction"
		}
	case isa.ALUDiv, isa.ALUMod:
		if ins.Offset != 0 && ins.Offset != 1 {
			return "division offset must be 0 (unsigned) or 1 (signed)"
		}
	case isa.ALUNeg:
		if op.Source() != isa.SourceK || ins.Offset != 0 || ins.Constant != 0 {
			return "invalid neg instruction"
		}
	case isa.ALUMov:
		switch ins.Offset {
		case 0:
		case 8, 16, 32:
			if op.Source() != isa.SourceX || (!alu64 && ins.Offset == 32) {
				return "invalid sign-extending move"
			}
		default:
			return "invalid move offset"
		}
	case isa.ALUEnd:
		if ins.Constant != 16 && ins.Constant != 32 && ins.Constant != 64 {
			return fmt.Sprintf("invalid byte swap width %d", ins.Constant)
		}
		if alu64 && op.Source() != isa.SourceK || ins.Src != 0 || ins.Offset != 0 {
			return "invalid byte swap instruction"
		}
	default:
		return fmt.Sprintf("invalid ALU opcode %#02x", uint8(op))
	}
	return ""
}

func validateJump(ins isa.Instruction) string {
	op := ins.OpCode
	jmp32 := op.Class() == isa.ClassJMP32
	switch op.JumpOp() {
	case isa.JumpJA:
		if op.Source() != isa.SourceK {
			return "invalid jump opcode"
		}
	case isa.JumpJEQ, isa.JumpJGT, isa.JumpJGE, isa.JumpJSET, isa.JumpJNE,
		isa.JumpJSGT, isa.JumpJSGE, isa.JumpJLT, isa.JumpJLE, isa.JumpJSLT, isa.JumpJSLE:
		return reservedOperand(ins)
	case isa.JumpCall:
		if jmp32 || op.Source() != isa.SourceK {
			return "invalid call opcode"
		}
		if ins.Src != isa.CallHelper && ins.Src != isa.CallLocal && ins.Src != isa.CallKfunc {
			return fmt.Sprintf("invalid call source %d", ins.Src)
		}
	case isa.JumpExit:
		if jmp32 || op.Source() != isa.SourceK {
			return "invalid exit opcode"
		}
	default:
		return fmt.Sprintf("invalid jump opcode %#02x", uint8(op))
	}
	return ""
}

// reservedOperand checks that the operand field an ALU or jump instruction
// does not use is zero: the immediate with a register source, the source
// register with an immediate.
func reservedOperand(ins isa.Instruction) string {
	if ins.OpCode.Source() == isa.SourceX && ins.Constant != 0 {
		return "non-zero immediate in a register-source instruction"
	}
	if ins.OpCode.Source() == isa.SourceK && ins.Src != 0 {
		return "non-zero source register in an immediate-source instruction"
	}
	return ""
}
