package codegen

import (
	"vep/cparse"
	"vep/internal/elfobj"
	"vep/internal/isa"
)

// funcCode is the emitted code of one function.
type funcCode struct {
	insns  []isa.Instruction
	pos    []cparse.Pos
	relocs []elfobj.Reloc
	points []*Point
	frame  int64
}

// emitCode replaces virtual registers by their assignment, cleans up jumps
// and encodes the instructions.
func (l *lowerer) emitCode(assign map[reg]reg, slots map[reg]int64, lv *liveness) (*funcCode, error) {
	// Resolve annotation points' variables before the code changes.
	snaps := map[*Point]*pointSnap{}
	for _, s := range l.points {
		snaps[s.p] = s
	}
	for i, m := range l.code {
		if m.op == mPoint {
			if s := snaps[m.point]; s != nil {
				m.point.Vars = varLocs(s, assign, slots, lv, 2*i)
			}
		}
	}
	phys := func(r reg) reg {
		if r.isVirt() {
			return assign[r]
		}
		return r
	}
	for i := range l.code {
		m := &l.code[i]
		m.dst, m.a, m.b = mapReg(m.dst, phys), mapReg(m.a, phys), mapReg(m.b, phys)
	}
	l.code = peephole(l.code)

	fc := &funcCode{frame: l.frame}
	labelAt := map[int]int{}
	type pending struct {
		insn   int
		target int
	}
	var jumps []pending
	var pendingPoints []*Point
	add := func(ins isa.Instruction, p cparse.Pos) int {
		fc.insns = append(fc.insns, ins)
		fc.pos = append(fc.pos, p)
		for _, pt := range pendingPoints {
			pt.Index = len(fc.insns) - 1
			fc.points = append(fc.points, pt)
		}
		pendingPoints = pendingPoints[:0]
		return len(fc.insns) - 1
	}
	alu := func(op isa.ALUOp, w32 bool, dst reg, src reg, imm int64, p cparse.Pos) int {
		class := isa.ClassALU64
		if w32 {
			class = isa.ClassALU
		}
		ins := isa.Instruction{Dst: isa.Register(dst)}
		if src != noReg {
			ins.OpCode = isa.ALUOpCode(class, op, isa.SourceX)
			ins.Src = isa.Register(src)
		} else {
			ins.OpCode = isa.ALUOpCode(class, op, isa.SourceK)
			ins.Constant = imm
		}
		return add(ins, p)
	}
	for _, m := range l.code {
		p := m.pos
		switch m.op {
		case mLabel:
			labelAt[m.target] = len(fc.insns)
		case mPoint:
			pendingPoints = append(pendingPoints, m.point)
		case mEntry:
		case mALU:
			switch m.alu {
			case isa.ALUMov:
				if m.b != noReg && m.b == m.dst && !m.w32 && m.sx == 0 {
					continue
				}
				k := alu(isa.ALUMov, m.w32, m.dst, m.b, m.imm, p)
				fc.insns[k].Offset = int16(m.sx)
			case isa.ALUNeg, isa.ALUEnd:
				if m.a != m.dst {
					alu(isa.ALUMov, m.w32 && m.alu != isa.ALUEnd, m.dst, m.a, 0, p)
				}
				ins := isa.Instruction{Dst: isa.Register(m.dst)}
				if m.alu == isa.ALUNeg {
					ins.OpCode = isa.ALUOpCode(classOf(m.w32), isa.ALUNeg, isa.SourceK)
				} else {
					ins.OpCode = isa.ALUOpCode(isa.ClassALU, isa.ALUEnd, isa.SourceX)
					ins.Constant = m.imm
				}
				add(ins, p)
			default:
				a, b := m.a, m.b
				if b != noReg && b == m.dst && a != m.dst {
					switch m.alu {
					case isa.ALUAdd, isa.ALUMul, isa.ALUAnd, isa.ALUOr, isa.ALUXor:
						a, b = b, a
					case isa.ALUSub:
						alu(isa.ALUNeg, m.w32, m.dst, noReg, 0, p)
						alu(isa.ALUAdd, m.w32, m.dst, a, 0, p)
						continue
					default:
						return nil, errorf(p, "internal error: operand register clobbered")
					}
				}
				if a != m.dst {
					alu(isa.ALUMov, m.w32, m.dst, a, 0, p)
				}
				k := alu(m.alu, m.w32, m.dst, b, m.imm, p)
				if m.sdiv {
					fc.insns[k].Offset = 1
				}
			}
		case mLdImm:
			add(isa.Instruction{OpCode: isa.OpCodeLoadImm64, Dst: isa.Register(m.dst), Constant: m.imm}, p)
		case mLdMap:
			k := add(isa.Instruction{OpCode: isa.OpCodeLoadImm64, Dst: isa.Register(m.dst), Src: isa.PseudoMapFD}, p)
			fc.relocs = append(fc.relocs, elfobj.Reloc{Index: k, Kind: elfobj.RelocMap, Symbol: m.sym})
		case mLoad:
			mode := isa.ModeMEM
			if m.sx != 0 {
				mode = isa.ModeMEMSX
			}
			if m.off < -32768 || m.off > 32767 {
				return nil, errorf(p, "offset %d out of range", m.off)
			}
			add(isa.Instruction{OpCode: isa.LoadStoreOp(isa.ClassLDX, mode, m.size), Dst: isa.Register(m.dst), Src: isa.Register(m.a), Offset: int16(m.off)}, p)
		case mStore:
			if m.off < -32768 || m.off > 32767 {
				return nil, errorf(p, "offset %d out of range", m.off)
			}
			if m.b == noReg {
				add(isa.Instruction{OpCode: isa.LoadStoreOp(isa.ClassST, isa.ModeMEM, m.size), Dst: isa.Register(m.a), Offset: int16(m.off), Constant: m.imm}, p)
			} else {
				add(isa.Instruction{OpCode: isa.LoadStoreOp(isa.ClassSTX, isa.ModeMEM, m.size), Dst: isa.Register(m.a), Src: isa.Register(m.b), Offset: int16(m.off)}, p)
			}
		case mAtomic:
			src := m.b
			if m.fetch {
				if m.dst != m.b {
					alu(isa.ALUMov, false, m.dst, m.b, 0, p)
				}
				src = m.dst
			}
			add(isa.Instruction{OpCode: isa.LoadStoreOp(isa.ClassSTX, isa.ModeATOMIC, m.size), Dst: isa.Register(m.a), Src: isa.Register(src), Offset: int16(m.off), Constant: m.imm}, p)
		case mJmp:
			k := add(isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, isa.JumpJA, isa.SourceK)}, p)
			jumps = append(jumps, pending{k, m.target})
		case mJcc:
			class := isa.ClassJMP
			if m.w32 {
				class = isa.ClassJMP32
			}
			ins := isa.Instruction{Dst: isa.Register(m.a)}
			if m.b != noReg {
				ins.OpCode = isa.JumpOpCode(class, m.jop, isa.SourceX)
				ins.Src = isa.Register(m.b)
			} else {
				ins.OpCode = isa.JumpOpCode(class, m.jop, isa.SourceK)
				ins.Constant = m.imm
			}
			k := add(ins, p)
			jumps = append(jumps, pending{k, m.target})
		case mCall:
			ins := isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, isa.JumpCall, isa.SourceK)}
			if m.local {
				ins.Src, ins.Constant = isa.CallLocal, -1
			} else {
				ins.Constant = m.imm
			}
			k := add(ins, p)
			if m.local {
				fc.relocs = append(fc.relocs, elfobj.Reloc{Index: k, Kind: elfobj.RelocCall, Symbol: m.sym})
			}
		case mExit:
			add(isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, isa.JumpExit, isa.SourceK)}, p)
		}
	}
	for _, pt := range pendingPoints {
		pt.Index = len(fc.insns)
		fc.points = append(fc.points, pt)
	}
	slotIdx := isa.SlotIndex(fc.insns)
	total := isa.SlotCount(fc.insns)
	for _, j := range jumps {
		t, ok := labelAt[j.target]
		if !ok {
			return nil, errorf(fc.pos[j.insn], "internal error: undefined label")
		}
		ts := total
		if t < len(fc.insns) {
			ts = slotIdx[t]
		}
		off := ts - slotIdx[j.insn] - 1
		if off < -32768 || off > 32767 {
			return nil, errorf(fc.pos[j.insn], "jump too far (%d instructions)", off)
		}
		fc.insns[j.insn].Offset = int16(off)
	}
	return fc, nil
}

func classOf(w32 bool) isa.Class {
	if w32 {
		return isa.ClassALU
	}
	return isa.ClassALU64
}

func mapReg(r reg, phys func(reg) reg) reg {
	if r == noReg {
		return r
	}
	return phys(r)
}

// peephole removes moves of a register to itself, threads jumps to jumps,
// drops jumps to the next instruction and code that cannot be reached.
func peephole(code []minst) []minst {
	for changed := true; changed; {
		changed = false
		// Where each label leads, skipping other labels.
		next := map[int]int{} // label -> index of the first non-label after it
		for i := range code {
			if code[i].op == mLabel {
				j := i
				for j < len(code) && code[j].op == mLabel {
					j++
				}
				next[code[i].target] = j
			}
		}
		for i := range code {
			m := &code[i]
			if m.op != mJmp && m.op != mJcc {
				continue
			}
			for hop := 0; hop < 8; hop++ {
				j, ok := next[m.target]
				if !ok || j >= len(code) || code[j].op != mJmp || code[j].target == m.target {
					break
				}
				m.target = code[j].target
				changed = true
			}
		}
		out := code[:0]
		reachable := true
		referenced := map[int]bool{}
		for i := range code {
			if code[i].op == mJmp || code[i].op == mJcc {
				referenced[code[i].target] = true
			}
		}
		for i := 0; i < len(code); i++ {
			m := code[i]
			if m.op == mLabel {
				if referenced[m.target] {
					reachable = true
				}
			}
			if !reachable && m.op != mLabel {
				changed = true
				continue
			}
			if m.op == mALU && m.alu == isa.ALUMov && m.b != noReg && m.b == m.dst && !m.w32 && m.sx == 0 {
				changed = true
				continue
			}
			if m.op == mJmp || m.op == mJcc {
				// A jump to the next instruction.
				j := i + 1
				falls := false
				for j < len(code) && (code[j].op == mLabel || code[j].op == mPoint) {
					if code[j].op == mLabel && code[j].target == m.target {
						falls = true
					}
					j++
				}
				if falls {
					changed = true
					continue
				}
				// if c goto L1; goto L2; L1: -> if !c goto L2; L1:
				if m.op == mJcc && i+1 < len(code) && code[i+1].op == mJmp {
					k := i + 2
					over := false
					for k < len(code) && code[k].op == mLabel {
						if code[k].target == m.target {
							over = true
						}
						k++
					}
					if over {
						m.jop = negateJump(m.jop)
						m.target = code[i+1].target
						out = append(out, m)
						i++
						changed = true
						continue
					}
				}
			}
			out = append(out, m)
			if m.endsBlock() {
				reachable = false
			}
		}
		code = out
	}
	return code
}
