package interp

import (
	"fmt"

	"vep/internal/elfobj"
	"vep/internal/isa"
)

// section is a code section prepared for execution.
type section struct {
	name      string
	insns     []isa.Instruction
	funcs     []elfobj.Func
	slotToIdx map[int]int // slot number of the first slot of each instruction
	idxToSlot []int
	relocs    []elfobj.Reloc
	aux       []aux // resolved operands, per instruction
}

// aux holds what relocations and validation resolved for one instruction.
type aux struct {
	mapRef  *MapState // lddw of a map or a map value
	isValue bool      // lddw of a map value address
	valOff  int64     // offset into the value
	badLd   string    // lddw whose pseudo source is not supported: fault text
	target  int       // jump target index
	callSec *section  // bpf-to-bpf call target
	callIdx int
}

func newSection(cs *elfobj.CodeSection) *section {
	s := &section{
		name:      cs.Name,
		insns:     cs.Insns,
		funcs:     cs.Funcs,
		relocs:    cs.Relocs,
		slotToIdx: make(map[int]int, len(cs.Insns)),
		idxToSlot: make([]int, len(cs.Insns)+1),
		aux:       make([]aux, len(cs.Insns)),
	}
	slot := 0
	for i, ins := range cs.Insns {
		s.slotToIdx[slot] = i
		s.idxToSlot[i] = slot
		slot += ins.Slots()
	}
	s.idxToSlot[len(cs.Insns)] = slot
	return s
}

// funcAt returns the name of the function containing instruction pc.
func (s *section) funcAt(pc int) string {
	for _, f := range s.funcs {
		if pc >= f.Start && pc < f.Start+f.Len {
			return f.Name
		}
	}
	return ""
}

// funcStart returns the name of the function starting at instruction pc.
func (s *section) funcStart(pc int) (string, bool) {
	for _, f := range s.funcs {
		if f.Start == pc {
			return f.Name, true
		}
	}
	return "", false
}

// slotTarget converts a jump or call relative to the slot after
// instruction i into an instruction index.
func (s *section) slotTarget(i int, rel int64) (int, bool) {
	t := int64(s.idxToSlot[i+1]) + rel
	if t < 0 || t >= int64(s.idxToSlot[len(s.insns)]) {
		return 0, false
	}
	idx, ok := s.slotToIdx[int(t)]
	return idx, ok
}

// resolve validates every instruction of s and resolves its relocations.
func (m *Machine) resolve(s *section) error {
	relocs := map[int]elfobj.Reloc{}
	for _, r := range s.relocs {
		relocs[r.Index] = r
	}
	for i, ins := range s.insns {
		errf := func(format string, args ...any) error {
			return fmt.Errorf("%s+%d: %s", s.name, i, fmt.Sprintf(format, args...))
		}
		if msg := validate(ins); msg != "" {
			return errf("%s", msg)
		}
		a := &s.aux[i]
		rel, hasRel := relocs[i]
		switch c := ins.OpCode.Class(); {
		case ins.IsLoadImm64():
			src := ins.Src
			if src == isa.PseudoNone && hasRel && rel.Kind == elfobj.RelocMap {
				src = isa.PseudoMapFD // a map load before a loader rewrote it
			}
			switch src {
			case isa.PseudoNone:
			case isa.PseudoMapFD, isa.PseudoMapValue:
				if !hasRel || (rel.Kind != elfobj.RelocMap && rel.Kind != elfobj.RelocMapValue) {
					return errf("map reference without a map relocation")
				}
				ms := m.maps[rel.Symbol]
				if ms == nil {
					return errf("relocation against unknown map %q", rel.Symbol)
				}
				a.mapRef = ms
				if src == isa.PseudoMapValue {
					if !ms.isArray() {
						return errf("map value address of non-array map %s", rel.Symbol)
					}
					a.isValue = true
					a.valOff = int64(int32(ins.Constant >> 32))
				}
			default:
				a.badLd = fmt.Sprintf("64-bit immediate load with pseudo source %d is not supported", ins.Src)
			}
		case c.IsJump():
			op := ins.OpCode.JumpOp()
			switch {
			case op == isa.JumpExit:
			case op == isa.JumpCall && ins.Src == isa.CallLocal:
				cs, idx, err := m.callTarget(s, i, ins, rel, hasRel)
				if err != nil {
					return errf("%v", err)
				}
				a.callSec, a.callIdx = cs, idx
			case op == isa.JumpCall:
			default:
				off := int64(ins.Offset)
				if c == isa.ClassJMP32 && op == isa.JumpJA {
					off = ins.Constant
				}
				t, ok := s.slotTarget(i, off)
				if !ok {
					return errf("jump target %+d is outside the section or inside an instruction", off)
				}
				a.target = t
			}
		}
	}
	if n := len(s.insns); n > 0 {
		last := s.insns[n-1]
		isJA := last.OpCode.Class() == isa.ClassJMP && last.OpCode.JumpOp() == isa.JumpJA
		isExit := last.OpCode.Class() == isa.ClassJMP && last.OpCode.JumpOp() == isa.JumpExit
		isLongJA := last.OpCode.Class() == isa.ClassJMP32 && last.OpCode.JumpOp() == isa.JumpJA
		if !isJA && !isExit && !isLongJA {
			return fmt.Errorf("%s+%d: the last instruction must be exit or a jump", s.name, n-1)
		}
	}
	return nil
}

// callTarget resolves a bpf-to-bpf call: through its relocation to a
// function symbol (or to a section symbol plus the immediate), or without
// one relative to the next slot of the same section.
func (m *Machine) callTarget(s *section, i int, ins isa.Instruction, rel elfobj.Reloc, hasRel bool) (*section, int, error) {
	if !hasRel {
		t, ok := s.slotTarget(i, ins.Constant)
		if !ok {
			return nil, 0, fmt.Errorf("call target %+d is outside the section", ins.Constant)
		}
		return s, t, nil
	}
	if rel.Kind != elfobj.RelocCall {
		return nil, 0, fmt.Errorf("call with a non-call relocation")
	}
	for _, cand := range append([]*section{s}, m.order...) {
		for _, f := range cand.funcs {
			if f.Name == rel.Symbol {
				return cand, f.Start, nil
			}
		}
	}
	if ts := m.sections[rel.Symbol]; ts != nil {
		idx, ok := ts.slotToIdx[int(ins.Constant+1)]
		if !ok || ins.Constant+1 < 0 {
			return nil, 0, fmt.Errorf("call target %s%+d is not an instruction", rel.Symbol, ins.Constant+1)
		}
		return ts, idx, nil
	}
	return nil, 0, fmt.Errorf("call to unknown function %q", rel.Symbol)
}
