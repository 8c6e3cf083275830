package interp

import "vep/internal/isa"

// call executes a call instruction: a helper or a bpf-to-bpf call.
func (r *run) call(ins isa.Instruction, a *aux) *faultMsg {
	switch ins.Src {
	case isa.CallHelper:
		if f := r.callHelper(int32(ins.Constant)); f != nil {
			return f
		}
		if r.tail != nil {
			r.enterTail()
			return nil
		}
		r.pc++
		return nil
	case isa.CallKfunc:
		return faultf("kfunc calls are not supported")
	}
	if len(r.frames) >= maxFrames {
		return faultf("call nesting exceeds %d frames", maxFrames)
	}
	f := &frame{sec: a.callSec, ret: r.pc + 1, stack: newStack(r.m.bases.alloc(), len(r.frames))}
	f.saved[0], f.saved[1], f.saved[2], f.saved[3] = r.regs[isa.R6], r.regs[isa.R7], r.regs[isa.R8], r.regs[isa.R9]
	r.frames = append(r.frames, f)
	r.regs[isa.R0] = value{}
	for reg := isa.R6; reg <= isa.R9; reg++ {
		r.regs[reg] = value{}
	}
	r.regs[isa.R10] = pointer(f.stack, stackSize)
	r.sec, r.pc = a.callSec, a.callIdx
	return nil
}

// exit returns from the current function; from the entry function it ends
// the run with R0 as the result.
func (r *run) exit() (bool, *faultMsg) {
	r0, f := r.read(isa.R0)
	if f != nil {
		return false, f
	}
	if len(r.frames) == 1 {
		if r0.k != kindScalar {
			return false, faultf("program returns a %s", kindName(r0))
		}
		r.res.R0 = r0.bits
		return true, nil
	}
	f0 := r.frames[len(r.frames)-1]
	r.frames = r.frames[:len(r.frames)-1]
	f0.stack.dead = true
	f0.stack.deadMsg = "which belonged to a function that has returned"
	for reg := isa.R1; reg <= isa.R5; reg++ {
		r.regs[reg] = value{}
	}
	r.regs[isa.R6], r.regs[isa.R7], r.regs[isa.R8], r.regs[isa.R9] = f0.saved[0], f0.saved[1], f0.saved[2], f0.saved[3]
	caller := r.frames[len(r.frames)-1]
	r.regs[isa.R10] = pointer(caller.stack, stackSize)
	r.sec = caller.sec
	r.pc = f0.ret
	return false, nil
}
