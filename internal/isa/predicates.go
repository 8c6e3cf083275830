package isa

// OpCodeCall and OpCodeExit are the opcodes of call and exit.
const (
	OpCodeCall = OpCode(uint8(ClassJMP) | uint8(JumpCall))
	OpCodeExit = OpCode(uint8(ClassJMP) | uint8(JumpExit))
)

// IsExit reports whether ins is exit.
func (ins Instruction) IsExit() bool { return ins.OpCode == OpCodeExit }

// IsCall reports whether ins is a call of any kind: helper, local function or
// kfunc.
func (ins Instruction) IsCall() bool { return ins.OpCode == OpCodeCall }

// IsHelperCall reports whether ins calls a helper function by number.
func (ins Instruction) IsHelperCall() bool { return ins.IsCall() && ins.Src == CallHelper }

// IsLocalCall reports whether ins calls a function of the same program
// (bpf-to-bpf call); Constant is its slot offset.
func (ins Instruction) IsLocalCall() bool { return ins.IsCall() && ins.Src == CallLocal }

// IsKfuncCall reports whether ins calls a kernel function by BTF id.
func (ins Instruction) IsKfuncCall() bool { return ins.IsCall() && ins.Src == CallKfunc }

// IsJump reports whether ins is a jump inside the function: goto, gotol or a
// conditional jump. Calls and exit are not jumps.
func (ins Instruction) IsJump() bool {
	if !ins.OpCode.Class().IsJump() {
		return false
	}
	op := ins.OpCode.JumpOp()
	return op != JumpCall && op != JumpExit
}

// IsConditionalJump reports whether ins is a conditional jump.
func (ins Instruction) IsConditionalJump() bool {
	return ins.IsJump() && ins.OpCode.JumpOp() != JumpJA
}

// IsUnconditionalJump reports whether ins is goto or gotol.
func (ins Instruction) IsUnconditionalJump() bool {
	return ins.IsJump() && ins.OpCode.JumpOp() == JumpJA
}

// BranchOffset returns the slot offset of a jump or local call, counted from
// the slot after the instruction: Offset for goto and conditional jumps,
// Constant for gotol and local calls. ok is false for other instructions.
//
// A 64-bit immediate load with src PseudoFunc also refers to code, but its
// offset is relative to its own second slot; BranchOffset does not cover it.
func (ins Instruction) BranchOffset() (off int64, ok bool) {
	switch {
	case ins.IsLocalCall():
		return ins.Constant, true
	case ins.IsJump() && ins.OpCode.Class() == ClassJMP32 && ins.OpCode.JumpOp() == JumpJA:
		return ins.Constant, true
	case ins.IsJump():
		return int64(ins.Offset), true
	}
	return 0, false
}

// IsLoad reports whether ins reads memory: an LDX load or a legacy packet
// load. Atomics are not counted as loads.
func (ins Instruction) IsLoad() bool {
	c := ins.OpCode.Class()
	return c == ClassLDX || c == ClassLD && !ins.IsLoadImm64()
}

// IsStore reports whether ins is a plain store (ST or STX in MEM mode).
func (ins Instruction) IsStore() bool {
	c := ins.OpCode.Class()
	return (c == ClassST || c == ClassSTX) && ins.OpCode.Mode() == ModeMEM
}

// IsAtomic reports whether ins is an atomic memory operation.
func (ins Instruction) IsAtomic() bool {
	return ins.OpCode.Class() == ClassSTX && ins.OpCode.Mode() == ModeATOMIC
}
