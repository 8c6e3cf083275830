package codegen

import "vep/internal/isa"

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
