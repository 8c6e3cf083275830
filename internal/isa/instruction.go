package isa

// Register is an eBPF register number, R0 to R10.
type Register uint8

// Registers. R10 is the read-only frame pointer.
const (
	R0 Register = iota
	R1
	R2
	R3
	R4
	R5
	R6
	R7
	R8
	R9
	R10
)

// RFP is the frame pointer, R10.
const RFP = R10

// Instruction is one eBPF instruction.
//
// For every instruction but the 64-bit immediate load, Constant holds the
// sign-extended 32-bit immediate. For the 64-bit immediate load (opcode 0x18,
// two slots) Constant holds the full 64-bit value: the low 32 bits come from
// the first slot's immediate and the high 32 bits from the second's. For gotol
// (JMP32|JA) Constant is the 32-bit jump offset and Offset is zero.
//
// Offset is the 16-bit signed offset of loads, stores and jumps, counted in
// slots for jumps, relative to the slot after the instruction.
type Instruction struct {
	OpCode   OpCode
	Dst      Register
	Src      Register
	Offset   int16
	Constant int64
}

// OpCodeLoadImm64 is the opcode of the 64-bit immediate load (lddw).
const OpCodeLoadImm64 = OpCode(uint8(ClassLD) | uint8(ModeIMM) | uint8(SizeDW))

// IsLoadImm64 reports whether ins is the two-slot 64-bit immediate load.
func (ins Instruction) IsLoadImm64() bool { return ins.OpCode == OpCodeLoadImm64 }

// Slots returns the number of 8-byte slots the instruction occupies.
func (ins Instruction) Slots() int {
	if ins.IsLoadImm64() {
		return 2
	}
	return 1
}
