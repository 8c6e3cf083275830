package codegen

import "vep/internal/isa"

// allocOrder is the order in which registers are tried: caller-saved
// first, so that R6–R9 stay free for values that live across calls.
var allocOrder = []reg{1, 2, 3, 4, 5, 0, 6, 7, 8, 9}

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
	// A register whose only definition loads a constant or a map is
	// rematerialised at each use instead of going through the stack.
	defCount := map[reg]int{}
	defOf := map[reg]minst{}
	var dbuf0 [8]reg
	for _, m := range l.code {
		for _, d := range m.defs(dbuf0[:]) {
			defCount[d]++
			defOf[d] = m
		}
	}
	remat := map[reg]minst{}
	sp := map[reg]int64{}
	for _, r := range spills {
		if m := defOf[r]; defCount[r] == 1 && (m.op == mLdImm || m.op == mLdMap || m.op == mALU && m.alu == isa.ALUMov && m.b == noReg) {
			remat[r] = m
			continue
		}
		if _, ok := slots[r]; !ok {
			slots[r] = l.allocSlot(8, l.top.Pos)
		}
		sp[r] = slots[r]
	}
	var out []minst
	for _, m := range l.code {
		if m.dst != noReg && m.op != mAtomic {
			if _, ok := remat[m.dst]; ok {
				continue
			}
		}
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
		for r, def := range remat {
			if usesR[r] {
				def.dst = get(r)
				def.pos = m.pos
				before = append(before, def)
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
