package interp

import (
	"fmt"

	"vep/internal/elfobj"
	"vep/internal/isa"
)

// maxTailCalls is MAX_TAIL_CALL_CNT: the tail calls one run may make.
const maxTailCalls = 33

// tailTarget is a program stored in a program array.
type tailTarget struct {
	name string
	sec  *section
	pc   int
	typ  progType
}

// SetProgArray stores the program prog (a section name, or the name of a
// global function for sections that hold several programs) at index of
// the program array mapName, as a loader would, so that bpf_tail_call can
// jump to it. Returns an error if the map is not a program array, the
// index is out of range, the program does not exist, or its type differs
// from that of the programs already in the array.
func (m *Machine) SetProgArray(mapName string, index uint32, prog string) error {
	ms, ok := m.maps[mapName]
	if !ok {
		return fmt.Errorf("no map %q", mapName)
	}
	if ms.def.Type != elfobj.MapProgArray {
		return fmt.Errorf("map %s is not a program array", mapName)
	}
	if index >= ms.def.MaxEntries {
		return fmt.Errorf("map %s: index %d out of range", mapName, index)
	}
	t, err := m.findProgram(prog)
	if err != nil {
		return err
	}
	for _, o := range ms.progs {
		if o.typ != t.typ {
			return fmt.Errorf("map %s holds %s programs, not %s", mapName, o.typ, t.typ)
		}
	}
	if ms.progs == nil {
		ms.progs = map[uint32]tailTarget{}
	}
	ms.progs[index] = t
	return nil
}

func (m *Machine) findProgram(name string) (tailTarget, error) {
	if s := m.sections[name]; s != nil && programType(name) != progUnknown && len(s.insns) > 0 {
		return tailTarget{name: name, sec: s, pc: 0, typ: programType(name)}, nil
	}
	for _, s := range m.order {
		for _, f := range s.funcs {
			if f.Name == name && f.Global && programType(s.name) != progUnknown {
				return tailTarget{name: name, sec: s, pc: f.Start, typ: programType(s.name)}, nil
			}
		}
	}
	return tailTarget{}, fmt.Errorf("no program %q", name)
}

// tailCall: r1 ctx, r2 program array, r3 index. If the array holds a
// program at the (32-bit) index and fewer than MAX_TAIL_CALL_CNT tail
// calls were made, the current frame is replaced by that program, which
// starts with r1 = ctx on a fresh stack. Otherwise execution continues
// after the call with r0 undefined (the helper returns void).
func (r *run) tailCall() (value, *faultMsg) {
	if f := r.argCtx(isa.R1); f != nil {
		return value{}, f
	}
	m, f := r.argMap(isa.R2)
	if f != nil {
		return value{}, f
	}
	if m.def.Type != elfobj.MapProgArray {
		return value{}, faultf("map %s is not a program array", m.def.Name)
	}
	idx, f := r.argScalar(isa.R3)
	if f != nil {
		return value{}, f
	}
	for _, t := range m.progs {
		if t.typ != r.typ {
			return value{}, faultf("map %s holds %s programs, not %s", m.def.Name, t.typ, r.typ)
		}
		break
	}
	t, ok := m.progs[uint32(idx)]
	if !ok || uint32(idx) >= m.def.MaxEntries || r.tailCalls >= maxTailCalls {
		return value{}, nil
	}
	r.tailCalls++
	r.tail = &t
	return value{}, nil
}

// enterTail replaces the current frame by the pending tail call target.
func (r *run) enterTail() {
	t := r.tail
	r.tail = nil
	fr := r.frames[len(r.frames)-1]
	fr.stack.dead = true
	fr.stack.deadMsg = "which belonged to a program that made a tail call"
	fr.sec = t.sec
	fr.stack = newStack(r.m.bases.alloc(), len(r.frames)-1)
	for reg := isa.R0; reg <= isa.R9; reg++ {
		r.regs[reg] = value{}
	}
	r.regs[isa.R1] = pointer(r.ctx, 0)
	r.regs[isa.R10] = pointer(fr.stack, stackSize)
	r.sec, r.pc = t.sec, t.pc
}

// ProgArray returns the program names stored in a program array, by index.
func (ms *MapState) ProgArray() map[uint32]string {
	out := map[uint32]string{}
	for i, t := range ms.progs {
		out[i] = t.name
	}
	return out
}
