package asm

import (
	"math"
	"sort"

	"vep/internal/elfobj"
	"vep/internal/isa"
)

// finish resolves symbols and builds the object.
func (a *assembler) finish() {
	for _, d := range a.mapOrder {
		m := d.m
		if d.anon != nil {
			in := *d.anon
			m.Inner = &in
		}
		if d.inner != "" {
			t, ok := a.inners[d.inner]
			if !ok {
				a.errorf(d.innerPos, "undeclared inner template %s", d.inner)
				continue
			}
			in := t.m
			m.Inner = &in
		}
		a.obj.Maps = append(a.obj.Maps, &m)
	}
	for _, s := range a.order {
		if len(s.insns) > 0 {
			a.obj.Code = append(a.obj.Code, a.resolveSection(s))
		} else if len(s.funcs) > 0 {
			// Sections without instructions are dropped, but a function
			// label promised code.
			a.errorf(s.funcs[len(s.funcs)-1].pos, "function %s has no instructions", s.funcs[len(s.funcs)-1].name)
		}
	}
}

// resolveSection resolves the symbols of section s and returns it.
func (a *assembler) resolveSection(s *section) *elfobj.CodeSection {
	cs := &elfobj.CodeSection{Name: s.name}
	// slot[i] is the slot at which instruction i starts; slot[len] is the
	// section's size in slots.
	slot := make([]int, len(s.insns)+1)
	index := make(map[int]int, len(s.insns))
	for i, in := range s.insns {
		index[slot[i]] = i
		slot[i+1] = slot[i] + in.ins.Slots()
	}
	for i, f := range s.funcs {
		end := len(s.insns)
		if i+1 < len(s.funcs) {
			end = s.funcs[i+1].index
		}
		if end == f.index {
			if i+1 == len(s.funcs) {
				a.errorf(f.pos, "function %s has no instructions", f.name)
			}
			continue
		}
		cs.Funcs = append(cs.Funcs, elfobj.Func{Name: f.name, Start: f.index, Len: end - f.index, Global: a.globals[f.name]})
	}
	for i, in := range s.insns {
		ins := in.ins
		op := ins.OpCode
		switch {
		case ins.IsLoadImm64() && in.sym != "":
			if _, ok := a.maps[in.sym]; ok {
				cs.Relocs = append(cs.Relocs, elfobj.Reloc{Index: i, Kind: elfobj.RelocMap, Symbol: in.sym})
				break
			}
			l, ok := a.labels[in.sym]
			switch {
			case !ok:
				a.errorf(in.pos, "undeclared map %s", in.sym)
			case !l.fn:
				a.errorf(in.pos, "%s is a local label, not a map or a function", in.sym)
			default:
				ins.Src, ins.Constant = isa.PseudoFunc, 0
				cs.Relocs = append(cs.Relocs, elfobj.Reloc{Index: i, Kind: elfobj.RelocFunc, Symbol: in.sym})
			}
		case !op.Class().IsJump() || op.JumpOp() == isa.JumpExit:
		case op.JumpOp() == isa.JumpCall:
			if ins.Src != isa.CallLocal {
				break
			}
			if in.sym == "" {
				// "call pc+N": a raw local call, checked like a jump.
				a.checkTarget(in, slot[i]+1+int(ins.Constant), index, slot)
				break
			}
			l, ok := a.labels[in.sym]
			switch {
			case !ok:
				a.errorf(in.pos, "unknown function %s", in.sym)
			case !l.fn:
				a.errorf(in.pos, "call target %s is a local label, not a function", in.sym)
			default:
				ins.Constant = -1
				cs.Relocs = append(cs.Relocs, elfobj.Reloc{Index: i, Kind: elfobj.RelocCall, Symbol: in.sym})
			}
		default:
			gotol := op.Class() == isa.ClassJMP32 && op.JumpOp() == isa.JumpJA
			if in.sym == "" {
				off := int(ins.Offset)
				if gotol {
					off = int(ins.Constant)
				}
				a.checkTarget(in, slot[i]+1+off, index, slot)
				break
			}
			l, ok := a.labels[in.sym]
			switch {
			case !ok:
				a.errorf(in.pos, "unknown label %s", in.sym)
				continue
			case l.sec != s:
				a.errorf(in.pos, "label %s is in section %s, not %s", in.sym, l.sec.name, s.name)
				continue
			case l.index == len(s.insns):
				a.errorf(in.pos, "jump to %s out of range: no instruction follows the label", in.sym)
				continue
			}
			off := slot[l.index] - slot[i] - 1
			switch {
			case gotol:
				ins.Constant = int64(off)
			case off < math.MinInt16 || off > math.MaxInt16:
				a.errorf(in.pos, "jump to %s out of range: offset %d does not fit in 16 bits (use gotol)", in.sym, off)
			default:
				ins.Offset = int16(off)
			}
		}
		cs.Insns = append(cs.Insns, ins)
	}
	return cs
}

// checkTarget reports a numeric jump or call whose target slot is outside
// the section or inside a 64-bit immediate load.
func (a *assembler) checkTarget(in insn, target int, index map[int]int, slot []int) {
	if _, ok := index[target]; !ok {
		a.errorf(in.pos, "jump out of range: target slot %d is not an instruction of the section (%d slots)", target, slot[len(slot)-1])
	}
}

// unit returns the result of a successful assembly.
func (a *assembler) unit() *Unit {
	u := &Unit{Name: a.name, Object: a.obj, Positions: make(map[string][]Pos)}
	for _, s := range a.order {
		if len(s.insns) == 0 {
			continue
		}
		ps := make([]Pos, len(s.insns))
		for i, in := range s.insns {
			ps[i] = in.pos
		}
		u.Positions[s.name] = ps
	}
	// Put the annotations in canonical order, keeping their positions.
	first := make(map[string]int)
	for i, s := range a.order {
		first[s.name] = i
	}
	sort.SliceStable(a.annots, func(i, j int) bool {
		x, y := a.annots[i].entry, a.annots[j].entry
		if x.Section != y.Section {
			return first[x.Section] < first[y.Section]
		}
		if x.Index != y.Index {
			return x.Index < y.Index
		}
		return x.Kind < y.Kind
	})
	for _, an := range a.annots {
		u.Annotations = append(u.Annotations, an.entry)
		u.AnnotationPos = append(u.AnnotationPos, an.pos)
	}
	return u
}
