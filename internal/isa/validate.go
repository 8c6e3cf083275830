package isa

import (
	"errors"
	"fmt"
	"math"
)

// Validate reports whether ins is a well-formed instruction under RFC 9669
// (eBPF instruction set version 4). It returns an error naming the first
// problem found: an unknown opcode, a register above R10, an immediate that
// does not fit in 32 bits, or a field that the opcode leaves unused but that is
// not zero. The rules are those of RFC 9669:
//
//   - unused fields must be zero;
//   - SDIV and SMOD are DIV and MOD with offset 1; MOVSX is MOV X with offset
//     8 or 16 (ALU) or 8, 16 or 32 (ALU64); NEG exists only with source K;
//   - byte swaps take imm 16, 32 or 64, and the source bit of ALU64 END is
//     reserved;
//   - JA exists as JMP K (16-bit offset) and JMP32 K (gotol, 32-bit imm);
//     CALL and EXIT exist only as JMP K; CALL's src is 0 (helper),
//     1 (local function) or 2 (kfunc by BTF id);
//   - MEMSX exists only for LDX of sizes B, H and W; atomics only for STX
//     of sizes W and DW, with the ten operations of the RFC;
//   - the 64-bit immediate load has src 0 to 6 and offset 0; for src 1, 3,
//     4 and 5 the second immediate is unused and must be zero;
//   - the legacy packet loads (LD ABS and IND, sizes B, H, W) have dst 0 and
//     offset 0, and ABS also has src 0.
//
// Validate does not judge semantics that depend on context, such as writes
// to R10 or jump targets.
func (ins Instruction) Validate() error {
	if ins.Dst > R10 {
		return fmt.Errorf("opcode %#02x: destination register %d out of range", uint8(ins.OpCode), ins.Dst)
	}
	if ins.IsLoadImm64() {
		return ins.validateLoadImm64()
	}
	if ins.Src > R10 {
		return fmt.Errorf("opcode %#02x: source register %d out of range", uint8(ins.OpCode), ins.Src)
	}
	if ins.Constant < math.MinInt32 || ins.Constant > math.MaxInt32 {
		return fmt.Errorf("opcode %#02x: immediate %d does not fit in 32 bits", uint8(ins.OpCode), ins.Constant)
	}
	switch c := ins.OpCode.Class(); {
	case c.IsALU():
		return ins.validateALU()
	case c.IsJump():
		return ins.validateJump()
	case c == ClassLD:
		return ins.validateLegacyPacket()
	case c == ClassLDX:
		return ins.validateLoad()
	default: // ClassST, ClassSTX
		return ins.validateStore()
	}
}

// errUnknown is the error for an opcode that RFC 9669 does not define.
func (ins Instruction) errUnknown() error {
	return fmt.Errorf("unknown opcode %#02x", uint8(ins.OpCode))
}

// mustBeZero checks fields that the opcode does not use. Each name selects
// one field: "dst", "src", "offset" or "imm".
func (ins Instruction) mustBeZero(fields ...string) error {
	for _, f := range fields {
		var v int64
		switch f {
		case "dst":
			v = int64(ins.Dst)
		case "src":
			v = int64(ins.Src)
		case "offset":
			v = int64(ins.Offset)
		case "imm":
			v = ins.Constant
		}
		if v != 0 {
			return fmt.Errorf("opcode %#02x: reserved field %s is %d, must be 0", uint8(ins.OpCode), f, v)
		}
	}
	return nil
}

func (ins Instruction) validateLoadImm64() error {
	if ins.Src > PseudoMapIdxVal {
		return fmt.Errorf("64-bit immediate load: unknown pseudo source %d", ins.Src)
	}
	if err := ins.mustBeZero("offset"); err != nil {
		return err
	}
	switch ins.Src {
	case PseudoMapFD, PseudoBTFID, PseudoFunc, PseudoMapIdx:
		if hi := uint64(ins.Constant) >> 32; hi != 0 {
			return fmt.Errorf("64-bit immediate load with pseudo source %d: reserved second immediate is %d, must be 0", ins.Src, int32(hi))
		}
	}
	return nil
}

func (ins Instruction) validateALU() error {
	op, k := ins.OpCode.ALUOp(), ins.OpCode.Source() == SourceK
	if op > ALUEnd {
		return ins.errUnknown()
	}
	switch op {
	case ALUNeg:
		if !k {
			return ins.errUnknown()
		}
		return ins.mustBeZero("src", "offset", "imm")
	case ALUEnd:
		if ins.OpCode.Class() == ClassALU64 && !k {
			return ins.errUnknown()
		}
		if err := ins.mustBeZero("src", "offset"); err != nil {
			return err
		}
		if w := ins.Constant; w != 16 && w != 32 && w != 64 {
			return fmt.Errorf("opcode %#02x: byte swap width %d is not 16, 32 or 64", uint8(ins.OpCode), w)
		}
		return nil
	case ALUDiv, ALUMod:
		if ins.Offset != 0 && ins.Offset != 1 {
			return fmt.Errorf("opcode %#02x: division offset %d is not 0 (unsigned) or 1 (signed)", uint8(ins.OpCode), ins.Offset)
		}
	case ALUMov:
		if !k && ins.Offset != 0 {
			if ins.Offset != 8 && ins.Offset != 16 && (ins.Offset != 32 || ins.OpCode.Class() != ClassALU64) {
				return fmt.Errorf("opcode %#02x: sign-extension width %d is not valid", uint8(ins.OpCode), ins.Offset)
			}
			break
		}
		if err := ins.mustBeZero("offset"); err != nil {
			return err
		}
	default:
		if err := ins.mustBeZero("offset"); err != nil {
			return err
		}
	}
	if k {
		return ins.mustBeZero("src")
	}
	return ins.mustBeZero("imm")
}

func (ins Instruction) validateJump() error {
	op, k, jmp32 := ins.OpCode.JumpOp(), ins.OpCode.Source() == SourceK, ins.OpCode.Class() == ClassJMP32
	if op > JumpJSLE {
		return ins.errUnknown()
	}
	switch op {
	case JumpJA:
		if !k {
			return ins.errUnknown()
		}
		if jmp32 {
			return ins.mustBeZero("dst", "src", "offset")
		}
		return ins.mustBeZero("dst", "src", "imm")
	case JumpCall:
		if !k || jmp32 {
			return ins.errUnknown()
		}
		if ins.Src > CallKfunc {
			return fmt.Errorf("call: source %d is not 0 (helper), 1 (local) or 2 (kfunc)", ins.Src)
		}
		return ins.mustBeZero("dst", "offset")
	case JumpExit:
		if !k || jmp32 {
			return ins.errUnknown()
		}
		return ins.mustBeZero("dst", "src", "offset", "imm")
	}
	if k {
		return ins.mustBeZero("src")
	}
	return ins.mustBeZero("imm")
}

func (ins Instruction) validateLegacyPacket() error {
	m, s := ins.OpCode.Mode(), ins.OpCode.Size()
	if (m != ModeABS && m != ModeIND) || s == SizeDW {
		return ins.errUnknown()
	}
	if m == ModeABS {
		return ins.mustBeZero("dst", "src", "offset")
	}
	return ins.mustBeZero("dst", "offset")
}

func (ins Instruction) validateLoad() error {
	switch m := ins.OpCode.Mode(); {
	case m == ModeMEM:
	case m == ModeMEMSX && ins.OpCode.Size() != SizeDW:
	default:
		return ins.errUnknown()
	}
	return ins.mustBeZero("imm")
}

func (ins Instruction) validateStore() error {
	m, s := ins.OpCode.Mode(), ins.OpCode.Size()
	if ins.OpCode.Class() == ClassST {
		if m != ModeMEM {
			return ins.errUnknown()
		}
		return ins.mustBeZero("src")
	}
	switch {
	case m == ModeMEM:
		return ins.mustBeZero("imm")
	case m == ModeATOMIC && (s == SizeW || s == SizeDW):
		switch ins.Constant {
		case AtomicAdd, AtomicOr, AtomicAnd, AtomicXor,
			AtomicAdd | AtomicFetch, AtomicOr | AtomicFetch, AtomicAnd | AtomicFetch, AtomicXor | AtomicFetch,
			AtomicXchg, AtomicCmpXchg:
			return nil
		}
		return fmt.Errorf("opcode %#02x: unknown atomic operation %#x", uint8(ins.OpCode), ins.Constant)
	}
	return ins.errUnknown()
}

// errTruncated is returned for a 64-bit immediate load missing its second slot.
var errTruncated = errors.New("64-bit immediate load is truncated: second slot missing")
