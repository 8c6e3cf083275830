package codegen

import "sort"

// Positions: instruction i reads its early operands at 2i and writes its
// results (and reads its late operands) at 2i+1.

// block is a basic block of the machine IR: instructions [first, last].
type block struct {
	first, last int
	succ        []int
	use, def    bitset
	in, out     bitset
}

type bitset []uint64

func newBitset(n int) bitset       { return make(bitset, (n+63)/64) }
func (b bitset) has(i int) bool    { return b[i/64]&(1<<(i%64)) != 0 }
func (b bitset) set(i int)         { b[i/64] |= 1 << (i % 64) }
func (b bitset) clear(i int)       { b[i/64] &^= 1 << (i % 64) }
func (b bitset) copyFrom(o bitset) { copy(b, o) }
func (b bitset) each(f func(i int)) {
	for w, x := range b {
		for x != 0 {
			t := x & -x
			k := 0
			for y := t; y > 1; y >>= 1 {
				k++
			}
			f(w*64 + k)
			x ^= t
		}
	}
}

// interval is the live range of a virtual register, [start, end] in
// positions, without holes.
type interval struct {
	r          reg
	start, end int
	phys       reg // assigned register, or noReg
	noSpill    bool
}

// liveness computes the blocks of code and the live intervals of its
// virtual registers. dead[i] reports instructions whose results are never
// used and that have no other effect.
type liveness struct {
	blocks []*block
	iv     map[reg]*interval
	dead   []bool
	// fixed[p] are the positions [from, to] where physical register p is
	// reserved: between its definition and last use, and at calls that
	// clobber it.
	fixed [10][][2]int
}

func computeLiveness(code []minst, nvirt int) *liveness {
	lv := &liveness{iv: map[reg]*interval{}, dead: make([]bool, len(code))}
	labelBlock := map[int]int{}
	// Split into blocks.
	start := 0
	for i := range code {
		if code[i].op == mLabel && i > start {
			lv.blocks = append(lv.blocks, &block{first: start, last: i - 1})
			start = i
		}
		if code[i].isBranch() {
			lv.blocks = append(lv.blocks, &block{first: start, last: i})
			start = i + 1
		}
	}
	if start < len(code) {
		lv.blocks = append(lv.blocks, &block{first: start, last: len(code) - 1})
	}
	for bi, b := range lv.blocks {
		for i := b.first; i <= b.last && code[i].op == mLabel; i++ {
			labelBlock[code[i].target] = bi
		}
	}
	for bi, b := range lv.blocks {
		m := &code[b.last]
		switch m.op {
		case mJmp:
			b.succ = append(b.succ, labelBlock[m.target])
		case mJcc:
			b.succ = append(b.succ, labelBlock[m.target])
			if bi+1 < len(lv.blocks) {
				b.succ = append(b.succ, bi+1)
			}
		case mExit:
		default:
			if bi+1 < len(lv.blocks) {
				b.succ = append(b.succ, bi+1)
			}
		}
	}
	var buf [8]reg
	var dbuf [8]reg
	for _, b := range lv.blocks {
		b.use, b.def = newBitset(nvirt), newBitset(nvirt)
		b.in, b.out = newBitset(nvirt), newBitset(nvirt)
		for i := b.first; i <= b.last; i++ {
			early, late := code[i].uses(buf[:])
			for _, u := range append(early, late...) {
				if u.isVirt() && !b.def.has(int(u-firstVirt)) {
					b.use.set(int(u - firstVirt))
				}
			}
			for _, d := range code[i].defs(dbuf[:]) {
				if d.isVirt() {
					b.def.set(int(d - firstVirt))
				}
			}
		}
	}
	// Backward dataflow to a fixed point.
	for changed := true; changed; {
		changed = false
		for bi := len(lv.blocks) - 1; bi >= 0; bi-- {
			b := lv.blocks[bi]
			for _, s := range b.succ {
				for w, x := range lv.blocks[s].in {
					if b.out[w]|x != b.out[w] {
						b.out[w] |= x
						changed = true
					}
				}
			}
			for w := range b.in {
				x := b.use[w] | (b.out[w] &^ b.def[w])
				if x != b.in[w] {
					b.in[w] = x
					changed = true
				}
			}
		}
	}
	extend := func(r reg, p int) {
		it := lv.iv[r]
		if it == nil {
			lv.iv[r] = &interval{r: r, start: p, end: p, phys: noReg}
			return
		}
		it.start = min(it.start, p)
		it.end = max(it.end, p)
	}
	live := newBitset(nvirt)
	for _, b := range lv.blocks {
		live.copyFrom(b.out)
		live.each(func(v int) { extend(reg(v)+firstVirt, 2*b.last+1) })
		for i := b.last; i >= b.first; i-- {
			m := &code[i]
			defs := m.defs(dbuf[:])
			if !m.hasSideEffect() {
				used := false
				for _, d := range defs {
					if !d.isVirt() || live.has(int(d-firstVirt)) {
						used = true
					}
				}
				if !used {
					lv.dead[i] = true
					continue
				}
			}
			for _, d := range defs {
				if d.isVirt() {
					extend(d, 2*i+1)
					live.clear(int(d - firstVirt))
				}
			}
			early, late := m.uses(buf[:])
			for _, u := range early {
				if u.isVirt() {
					extend(u, 2*i)
					live.set(int(u - firstVirt))
				}
			}
			for _, u := range late {
				if u.isVirt() {
					extend(u, 2*i+1)
					live.set(int(u - firstVirt))
				}
			}
		}
		live.each(func(v int) { extend(reg(v)+firstVirt, 2*b.first) })
	}
	// Physical registers live only inside blocks.
	for _, b := range lv.blocks {
		var defAt [10]int
		for p := range defAt {
			defAt[p] = -1
		}
		for i := b.first; i <= b.last; i++ {
			if lv.dead[i] {
				continue
			}
			early, late := code[i].uses(buf[:])
			for _, u := range early {
				if u >= 0 && u < 10 && defAt[u] >= 0 {
					lv.fixed[u] = append(lv.fixed[u], [2]int{defAt[u], 2 * i})
				}
			}
			for _, u := range late {
				if u >= 0 && u < 10 && defAt[u] >= 0 {
					lv.fixed[u] = append(lv.fixed[u], [2]int{defAt[u], 2*i + 1})
				}
			}
			for _, d := range code[i].defs(dbuf[:]) {
				if d >= 0 && d < 10 {
					defAt[d] = 2*i + 1
					lv.fixed[d] = append(lv.fixed[d], [2]int{2*i + 1, 2*i + 1})
				}
			}
		}
	}
	return lv
}

// conflicts reports whether physical register p is reserved anywhere in
// [start, end].
func (lv *liveness) conflicts(p reg, start, end int) bool {
	for _, s := range lv.fixed[p] {
		if s[0] <= end && start <= s[1] {
			return true
		}
	}
	return false
}

// sortedIntervals returns the intervals by increasing start.
func (lv *liveness) sortedIntervals() []*interval {
	out := make([]*interval, 0, len(lv.iv))
	for _, it := range lv.iv {
		out = append(out, it)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].start != out[j].start {
			return out[i].start < out[j].start
		}
		return out[i].r < out[j].r
	})
	return out
}
