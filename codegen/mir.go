package codegen

import (
	"vep/cparse"
	"vep/internal/isa"
)

// reg names a register of the machine IR: 0 to 10 are the physical
// registers R0–R10, values from firstVirt on are virtual registers, and
// noReg marks an absent operand.
type reg int32

const (
	noReg     reg = -1
	firstVirt reg = 16
	// rFP is the frame pointer R10.
	rFP reg = 10
)

func (r reg) isVirt() bool { return r >= firstVirt }

// mop is the kind of a machine IR instruction.
type mop uint8

const (
	mALU    mop = iota // dst = a alu (b | imm); Mov: dst = b | imm; Neg/End: dst = op a
	mLdImm  mop = iota // dst = imm (any 64-bit constant)
	mLdMap             // dst = &map sym
	mLoad              // dst = *(size *)(a + off)
	mStore             // *(size *)(a + off) = b | imm
	mAtomic            // *(size *)(a + off) atomic= b; with fetch dst = old value
	mJmp               // goto target
	mJcc               // if a jop (b | imm) goto target
	mCall              // helper call imm, or local call sym; uses R1..R(nargs)
	mExit              // return R0
	mLabel             // label target
	mPoint             // annotation point
	mEntry             // function entry: defines R1..R(nargs), R10
)

// minst is one instruction of the machine IR, in three-address form over
// virtual and physical registers.
type minst struct {
	op     mop
	alu    isa.ALUOp
	w32    bool // 32-bit ALU or jump
	jop    isa.JumpOp
	size   isa.Size
	dst    reg
	a, b   reg
	imm    int64
	off    int64
	target int // label
	sym    string
	nargs  int  // for calls and entries
	local  bool // bpf-to-bpf call
	fetch  bool // atomic with fetch
	sdiv   bool // signed division or modulo (v4)
	sx     int  // sign-extending move (v4): 8, 16 or 32; sign-extending load
	point  *Point
	pos    cparse.Pos
}

// uses returns the registers the instruction reads, and which of them are
// read late (at the same position as the definition, so that they do not
// share a register with dst).
func (m *minst) uses(buf []reg) (early, late []reg) {
	early = buf[:0]
	switch m.op {
	case mALU:
		if m.alu == isa.ALUMov {
			if m.b != noReg {
				early = append(early, m.b)
			}
			return early, nil
		}
		if m.a != noReg {
			early = append(early, m.a)
		}
		if m.b != noReg {
			return early, []reg{m.b}
		}
	case mLoad:
		early = append(early, m.a)
	case mStore:
		early = append(early, m.a)
		if m.b != noReg {
			early = append(early, m.b)
		}
	case mAtomic:
		early = append(early, m.b)
		return early, []reg{m.a}
	case mJcc:
		early = append(early, m.a)
		if m.b != noReg {
			early = append(early, m.b)
		}
	case mCall:
		for i := 1; i <= m.nargs; i++ {
			early = append(early, reg(i))
		}
	case mExit:
		early = append(early, 0)
	}
	return early, nil
}

// defs returns the registers the instruction writes (calls clobber R0–R5).
func (m *minst) defs(buf []reg) []reg {
	d := buf[:0]
	switch m.op {
	case mALU, mLdImm, mLdMap, mLoad:
		d = append(d, m.dst)
	case mAtomic:
		if m.fetch {
			d = append(d, m.dst)
		}
	case mCall:
		d = append(d, 0, 1, 2, 3, 4, 5)
	case mEntry:
		for i := 1; i <= m.nargs; i++ {
			d = append(d, reg(i))
		}
	}
	return d
}

// hasSideEffect reports whether the instruction must be kept even if what
// it defines is dead.
func (m *minst) hasSideEffect() bool {
	switch m.op {
	case mALU, mLdImm, mLdMap:
		return false
	case mLoad:
		return false
	}
	return true
}

// isBranch reports whether control may leave the instruction other than
// to the next one.
func (m *minst) isBranch() bool { return m.op == mJmp || m.op == mJcc || m.op == mExit }

// endsBlock reports whether control never reaches the next instruction.
func (m *minst) endsBlock() bool { return m.op == mJmp || m.op == mExit }
