package codegen

import (
	"vep/cparse"
	"vep/internal/isa"
)

// allocOrder is the order in which registers are tried: caller-saved
// first, so that R6–R9 stay free for values that live across calls.
var allocOrder = []reg{1, 2, 3, 4, 5, 0, 6, 7, 8, 9}

// simplify deletes dead instructions and merges a temporary into the
// variable it is moved to, until nothing changes. It returns the final
// liveness.
func (l *lowerer) simplify() *liveness {
	for {
		lv := computeLiveness(l.code, int(l.nextReg-firstVirt))
		changed := false
		out := l.code[:0]
		for i, m := range l.code {
			if lv.dead[i] {
				changed = true
				continue
			}
			out = append(out, m)
		}
		l.code = out
		if l.coalesce() {
			changed = true
		}
		if !changed {
			return lv
		}
	}
}

// coalesce rewrites "t = x op y; d = t" into "d = x op y" when t is a
// virtual register used only by that move.
func (l *lowerer) coalesce() bool {
	uses := map[reg]int{}
	defs := map[reg]int{}
	var buf, dbuf [8]reg
	for i := range l.code {
		early, late := l.code[i].uses(buf[:])
		for _, u := range append(early, late...) {
			uses[u]++
		}
		for _, d := range l.code[i].defs(dbuf[:]) {
			defs[d]++
		}
	}
	changed := false
	for i := 1; i < len(l.code); i++ {
		// t = x & m1; d = t & m2  ->  d = x & (m1 & m2) when t has no other use.
		a, p := &l.code[i], &l.code[i-1]
		if a.op == mALU && a.alu == isa.ALUAnd && a.b == noReg && p.op == mALU && p.alu == isa.ALUAnd && p.b == noReg &&
			a.w32 == p.w32 && a.a == p.dst && p.dst.isVirt() && uses[p.dst] == 1 && defs[p.dst] == 1 {
			a.a = p.a
			a.imm &= p.imm
			l.code = append(l.code[:i-1], l.code[i:]...)
			i--
			changed = true
			continue
		}
	}
	for i := 1; i < len(l.code); i++ {
		if l.narrowStore(i, uses, defs) {
			changed = true
		}
	}
	for i := 1; i < len(l.code); i++ {
		mv := &l.code[i]
		if mv.op != mALU || mv.alu != isa.ALUMov || mv.w32 || mv.sx != 0 || mv.b == noReg || !mv.b.isVirt() {
			continue
		}
		t := mv.b
		prev := &l.code[i-1]
		if uses[t] != 1 || defs[t] != 1 || prev.dst != t {
			continue
		}
		switch prev.op {
		case mALU, mLdImm, mLdMap, mLoad:
		default:
			continue
		}
		if prev.op == mALU && prev.alu != isa.ALUMov && prev.b == mv.dst && prev.a != mv.dst {
			continue
		}
		if !mv.dst.isVirt() && prev.op == mALU && prev.alu != isa.ALUMov && (prev.a == mv.dst || prev.b == mv.dst) {
			continue
		}
		prev.dst = mv.dst
		l.code = append(l.code[:i], l.code[i+1:]...)
		i--
		changed = true
	}
	return changed
}

// narrowStore drops a truncation or sign extension whose only use is a
// store that keeps no more bits than it leaves unchanged.
func (l *lowerer) narrowStore(i int, uses, defs map[reg]int) bool {
	st, p := &l.code[i], &l.code[i-1]
	if st.op != mStore || st.b == noReg || !st.b.isVirt() || p.dst != st.b || uses[p.dst] != 1 || defs[p.dst] != 1 || p.op != mALU || p.sx != 0 {
		return false
	}
	bits := int64(st.size.Bytes() * 8)
	if bits > 32 {
		return false
	}
	mask := int64(uint64(1)<<bits - 1)
	switch {
	case p.alu == isa.ALUAnd && p.b == noReg && p.imm&mask == mask:
		st.b = p.a
	case p.alu == isa.ALUMov && p.w32 && p.b != noReg:
		st.b = p.b
	case p.alu == isa.ALUArsh && p.w32 && p.b == noReg && i >= 2:
		q := &l.code[i-2]
		if q.op != mALU || q.alu != isa.ALULsh || !q.w32 || q.b != noReg || q.imm != p.imm || q.dst != p.a ||
			uses[q.dst] != 1 || defs[q.dst] != 1 || 32-p.imm < bits {
			return false
		}
		st.b = q.a
		l.code = append(l.code[:i-2], l.code[i-1:]...)
		i--
	default:
		return false
	}
	l.code = append(l.code[:i-1], l.code[i:]...)
	return true
}

// allocate assigns registers to the intervals of lv by linear scan. It
// returns the registers that must be spilled (none when it succeeded).
func (l *lowerer) allocate(lv *liveness, noSpill map[reg]bool) (map[reg]reg, []reg) {
	hints := l.hints()
	ivs := lv.sortedIntervals()
	var active []*interval
	var spills []reg
	assign := map[reg]reg{}
	for _, it := range ivs {
		it.noSpill = noSpill[it.r]
		keep := active[:0]
		for _, a := range active {
			if a.end >= it.start {
				keep = append(keep, a)
			}
		}
		active = keep
		var busy [10]bool
		for _, a := range active {
			busy[a.phys] = true
		}
		ok := func(p reg) bool { return !busy[p] && !lv.conflicts(p, it.start, it.end) }
		choice := noReg
		for _, h := range hints[it.r] {
			if h2, done := assign[h]; done {
				h = h2
			}
			if h >= 0 && h < 10 && ok(h) {
				choice = h
				break
			}
		}
		if choice == noReg {
			for _, p := range allocOrder {
				if ok(p) {
					choice = p
					break
				}
			}
		}
		if choice == noReg {
			// Spill the active interval that ends last and whose register
			// would do, or this one.
			var victim *interval
			for _, a := range active {
				if a.noSpill || lv.conflicts(a.phys, it.start, it.end) {
					continue
				}
				if victim == nil || a.end > victim.end {
					victim = a
				}
			}
			if victim != nil && (victim.end > it.end || it.noSpill) {
				spills = append(spills, victim.r)
				choice = victim.phys
				for k, a := range active {
					if a == victim {
						active = append(active[:k], active[k+1:]...)
						break
					}
				}
			} else {
				spills = append(spills, it.r)
				continue
			}
		}
		it.phys = choice
		assign[it.r] = choice
		active = append(active, it)
	}
	return assign, spills
}

// hints returns, for each virtual register, the registers it would like to
// share: the other side of a move, the first operand of an operation it
// is the result of.
func (l *lowerer) hints() map[reg][]reg {
	h := map[reg][]reg{}
	for i := range l.code {
		m := &l.code[i]
		if m.op != mALU {
			continue
		}
		if m.alu == isa.ALUMov && m.b != noReg && !m.w32 && m.sx == 0 {
			if m.dst.isVirt() {
				h[m.dst] = append(h[m.dst], m.b)
			}
			if m.b.isVirt() {
				h[m.b] = append(h[m.b], m.dst)
			}
			continue
		}
		if m.a != noReg && m.dst.isVirt() {
			h[m.dst] = append(h[m.dst], m.a)
		}
	}
	return h
}

// rewriteSpills gives each spilled register a frame slot and replaces it by
// a fresh temporary around every instruction that uses or defines it. The
// temporaries are returned so that they are never spilled.
func (l *lowerer) rewriteSpills(spills []reg, slots map[reg]int64, noSpill map[reg]bool) {
	sp := map[reg]int64{}
	for _, r := range spills {
		if _, ok := slots[r]; !ok {
			slots[r] = l.allocSlot(8, l.top.Pos)
		}
		sp[r] = slots[r]
	}
	var out []minst
	for _, m := range l.code {
		var before, after []minst
		tmp := map[reg]reg{}
		get := func(r reg) reg {
			if t, ok := tmp[r]; ok {
				return t
			}
			t := l.newReg()
			noSpill[t] = true
			tmp[r] = t
			return t
		}
		var buf, dbuf [8]reg
		early, late := m.uses(buf[:])
		usesR := map[reg]bool{}
		for _, u := range append(early, late...) {
			usesR[u] = true
		}
		for r, off := range sp {
			if usesR[r] {
				before = append(before, minst{op: mLoad, dst: get(r), a: rFP, b: noReg, off: off, size: isa.SizeDW, pos: m.pos})
			}
		}
		for _, d := range m.defs(dbuf[:]) {
			if off, ok := sp[d]; ok {
				after = append(after, minst{op: mStore, a: rFP, b: get(d), off: off, size: isa.SizeDW, dst: noReg, pos: m.pos})
			}
		}
		if len(tmp) > 0 {
			rn := func(r *reg) {
				if t, ok := tmp[*r]; ok {
					*r = t
				}
			}
			rn(&m.dst)
			rn(&m.a)
			rn(&m.b)
		}
		out = append(out, before...)
		out = append(out, m)
		out = append(out, after...)
	}
	l.code = out
}

// finish allocates registers and emits the function.
func (l *lowerer) finish() (*funcCode, error) {
	slots := map[reg]int64{}
	noSpill := map[reg]bool{}
	for iter := 0; ; iter++ {
		lv := l.simplify()
		assign, spills := l.allocate(lv, noSpill)
		if len(spills) == 0 {
			if l.frameErr != nil {
				return nil, l.frameErr
			}
			return l.emitCode(assign, slots, lv)
		}
		if iter > 30 {
			return nil, errorf(l.top.Pos, "register allocation of %s did not converge", l.top.Name)
		}
		l.rewriteSpills(spills, slots, noSpill)
		if l.frameErr != nil {
			return nil, l.frameErr
		}
	}
}

// varLocs resolves the locations of a point's variables.
func varLocs(snap *pointSnap, assign map[reg]reg, slots map[reg]int64, lv *liveness, pos int) []VarLoc {
	var out []VarLoc
	for i, v := range snap.vars {
		b := snap.bind[i]
		loc := VarLoc{Var: v, Size: v.Type.Size()}
		switch b.kind {
		case bConst:
			loc.Where, loc.Value = Const, b.c
		case bMem:
			loc.Where, loc.Offset = InStack, int16(b.off)
		case bReg:
			if off, ok := slots[b.r]; ok {
				loc.Where, loc.Offset, loc.Size = InStack, int16(off), 8
				break
			}
			it := lv.iv[b.r]
			p, ok := assign[b.r]
			if it != nil && ok && it.start <= pos && pos <= it.end {
				loc.Where, loc.Reg = InReg, isa.Register(p)
			}
		}
		out = append(out, loc)
	}
	sortVarLocs(out)
	return out
}

func sortVarLocs(v []VarLoc) {
	for i := 1; i < len(v); i++ {
		for j := i; j > 0 && varBefore(v[j].Var, v[j-1].Var); j-- {
			v[j], v[j-1] = v[j-1], v[j]
		}
	}
}

func varBefore(a, b *cparse.Var) bool {
	if a.ID != b.ID {
		return a.ID < b.ID
	}
	return a.Name < b.Name
}
