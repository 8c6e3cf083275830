// Package isa models the eBPF instruction set as standardised in RFC 9669,
// including the version 4 additions (sign-extending loads and moves, signed
// division and modulo, unconditional byte swaps, 32-bit jumps, gotol and the
// full set of atomic operations).
//
// An Instruction is a plain value. The 64-bit immediate load (lddw) is one
// Instruction that occupies two 8-byte slots in the encoding; every other
// instruction occupies one slot. Encode and Decode convert between
// instructions and raw little-endian bytes; Decode rejects every reserved or
// malformed encoding. Format and ParseInstruction convert between
// instructions and the text syntax of clang and llvm-mc -arch=bpf.
// SlotIndex, ElementIndex and JumpTarget relate element indices to the slot
// offsets that jumps count.
//
// This package is part of vep's trusted base: it imports only the standard
// library.
package isa

// Class is the instruction class, the low three bits of the opcode.
type Class uint8

// Instruction classes.
const (
	ClassLD    Class = 0x00 // non-standard loads: only the 64-bit immediate load
	ClassLDX   Class = 0x01 // load into register from memory
	ClassST    Class = 0x02 // store immediate to memory
	ClassSTX   Class = 0x03 // store register to memory, and atomics
	ClassALU   Class = 0x04 // 32-bit arithmetic
	ClassJMP   Class = 0x05 // 64-bit jumps, calls and exit
	ClassJMP32 Class = 0x06 // 32-bit jumps
	ClassALU64 Class = 0x07 // 64-bit arithmetic
)

// Size is the access width of a load or store, bits 3-4 of the opcode.
type Size uint8

// Access sizes.
const (
	SizeW  Size = 0x00 // 4 bytes
	SizeH  Size = 0x08 // 2 bytes
	SizeB  Size = 0x10 // 1 byte
	SizeDW Size = 0x18 // 8 bytes
)

// Bytes returns the number of bytes a Size accesses.
func (s Size) Bytes() int {
	switch s {
	case SizeW:
		return 4
	case SizeH:
		return 2
	case SizeB:
		return 1
	default:
		return 8
	}
}

// Mode is the addressing mode of a load or store, bits 5-7 of the opcode.
type Mode uint8

// Addressing modes.
const (
	ModeIMM    Mode = 0x00 // 64-bit immediate (with ClassLD and SizeDW)
	ModeABS    Mode = 0x20 // legacy packet access, absolute offset
	ModeIND    Mode = 0x40 // legacy packet access, indirect offset
	ModeMEM    Mode = 0x60 // regular memory access
	ModeMEMSX  Mode = 0x80 // sign-extending load (v4)
	ModeATOMIC Mode = 0xc0 // atomic operation (ClassSTX)
)

// Source selects the second operand of ALU and jump instructions (bit 3).
// For ALU byte swaps it selects the byte order instead.
type Source uint8

// Operand sources.
const (
	SourceK Source = 0x00 // the 32-bit immediate
	SourceX Source = 0x08 // the source register
)

// ALUOp is the operation of an ALU or ALU64 instruction, bits 4-7.
type ALUOp uint8

// ALU operations. Signed division and modulo are DIV and MOD with Offset 1;
// sign-extending moves are MOV with Offset 8, 16 or 32.
const (
	ALUAdd  ALUOp = 0x00
	ALUSub  ALUOp = 0x10
	ALUMul  ALUOp = 0x20
	ALUDiv  ALUOp = 0x30
	ALUOr   ALUOp = 0x40
	ALUAnd  ALUOp = 0x50
	ALULsh  ALUOp = 0x60
	ALURsh  ALUOp = 0x70
	ALUNeg  ALUOp = 0x80
	ALUMod  ALUOp = 0x90
	ALUXor  ALUOp = 0xa0
	ALUMov  ALUOp = 0xb0
	ALUArsh ALUOp = 0xc0
	ALUEnd  ALUOp = 0xd0 // byte swap; ClassALU64 means unconditional bswap (v4)
)

// JumpOp is the operation of a JMP or JMP32 instruction, bits 4-7.
type JumpOp uint8

// Jump operations. JA in ClassJMP32 is gotol (32-bit offset in Constant).
const (
	JumpJA   JumpOp = 0x00
	JumpJEQ  JumpOp = 0x10
	JumpJGT  JumpOp = 0x20
	JumpJGE  JumpOp = 0x30
	JumpJSET JumpOp = 0x40
	JumpJNE  JumpOp = 0x50
	JumpJSGT JumpOp = 0x60
	JumpJSGE JumpOp = 0x70
	JumpCall JumpOp = 0x80
	JumpExit JumpOp = 0x90
	JumpJLT  JumpOp = 0xa0
	JumpJLE  JumpOp = 0xb0
	JumpJSLT JumpOp = 0xc0
	JumpJSLE JumpOp = 0xd0
)

// Atomic operations, stored in the Constant of a ClassSTX/ModeATOMIC
// instruction. FetchFlag may be or-ed into Add, Or, And and Xor; Xchg and
// CmpXchg always fetch.
const (
	AtomicAdd     = 0x00
	AtomicOr      = 0x40
	AtomicAnd     = 0x50
	AtomicXor     = 0xa0
	AtomicFetch   = 0x01
	AtomicXchg    = 0xe0 | AtomicFetch
	AtomicCmpXchg = 0xf0 | AtomicFetch
)

// Pseudo source registers of the 64-bit immediate load (RFC 9669 §4.4).
const (
	PseudoNone      = 0 // imm64 is a plain constant
	PseudoMapFD     = 1 // imm is a map file descriptor (map by name in text)
	PseudoMapValue  = 2 // imm is a map fd, next imm an offset into its value
	PseudoBTFID     = 3 // imm is a BTF id of a kernel variable
	PseudoFunc      = 4 // imm is a relative instruction offset of a function
	PseudoMapIdx    = 5 // imm is an index into the program's map array
	PseudoMapIdxVal = 6 // map index plus value offset
)

// Pseudo source registers of the call instruction.
const (
	CallHelper = 0 // imm is a helper id
	CallLocal  = 1 // imm is a relative instruction offset (bpf-to-bpf call)
	CallKfunc  = 2 // imm is a BTF id of a kernel function
)

// OpCode is the 8-bit opcode of an instruction.
type OpCode uint8

// Class returns the instruction class.
func (op OpCode) Class() Class { return Class(op & 0x07) }

// Size returns the access size of a load or store.
func (op OpCode) Size() Size { return Size(op & 0x18) }

// Mode returns the addressing mode of a load or store.
func (op OpCode) Mode() Mode { return Mode(op & 0xe0) }

// Source returns the operand source of an ALU or jump instruction.
func (op OpCode) Source() Source { return Source(op & 0x08) }

// ALUOp returns the operation of an ALU or ALU64 instruction.
func (op OpCode) ALUOp() ALUOp { return ALUOp(op & 0xf0) }

// JumpOp returns the operation of a JMP or JMP32 instruction.
func (op OpCode) JumpOp() JumpOp { return JumpOp(op & 0xf0) }

// IsLoadStore reports whether the class is LD, LDX, ST or STX.
func (c Class) IsLoadStore() bool { return c <= ClassSTX }

// IsALU reports whether the class is ALU or ALU64.
func (c Class) IsALU() bool { return c == ClassALU || c == ClassALU64 }

// IsJump reports whether the class is JMP or JMP32.
func (c Class) IsJump() bool { return c == ClassJMP || c == ClassJMP32 }

// LoadStoreOp builds the opcode of a load or store.
func LoadStoreOp(c Class, m Mode, s Size) OpCode { return OpCode(uint8(c) | uint8(m) | uint8(s)) }

// ALUOpCode builds the opcode of an ALU instruction.
func ALUOpCode(c Class, op ALUOp, src Source) OpCode {
	return OpCode(uint8(c) | uint8(op) | uint8(src))
}

// JumpOpCode builds the opcode of a jump instruction.
func JumpOpCode(c Class, op JumpOp, src Source) OpCode {
	return OpCode(uint8(c) | uint8(op) | uint8(src))
}
