package bpfcheck

import (
	"math/big"
	"sort"

	"vep/internal/contracts"
	"vep/internal/isa"
	"vep/sep"
)

func sortRegions(rs []region) { sort.Slice(rs, func(a, b int) bool { return rs[a].off < rs[b].off }) }

// byteList returns the n little-endian bytes of the unsigned v.
func byteList(v sep.Term, n int64) sep.Term {
	l := &sep.ListLit{}
	for k := int64(0); k < n; k++ {
		l.Elems = append(l.Elems, byteOf(v, k))
	}
	return l
}

// byteOf returns byte k of the unsigned v.
func byteOf(v sep.Term, k int64) sep.Term {
	if k > 0 {
		v = bin(sep.Shr, v, num(8*k))
	}
	return bin(sep.BitAnd, v, num(255))
}

// slice returns elements [a, b) of a byte list.
func slice(l sep.Term, a, b int64) sep.Term {
	if lit, ok := l.(*sep.ListLit); ok && a >= 0 && b <= int64(len(lit.Elems)) && a <= b {
		return &sep.ListLit{Elems: append([]sep.Term(nil), lit.Elems[a:b]...)}
	}
	return &sep.Slice{X: l, Lo: num(a), Hi: num(b)}
}

// elem returns element k of a byte list.
func elem(l sep.Term, k sep.Term) sep.Term {
	if lit, ok := l.(*sep.ListLit); ok {
		if c, ok := literal(k); ok && c.IsInt64() && c.Int64() >= 0 && c.Int64() < int64(len(lit.Elems)) {
			return lit.Elems[c.Int64()]
		}
	}
	return &sep.Index{X: l, I: k}
}

// bytesValue returns the little-endian integer of w bytes of l at k.
func bytesValue(l sep.Term, k sep.Term, w int64) sep.Term {
	var t sep.Term
	for j := int64(0); j < w; j++ {
		e := elem(l, add(k, num(j)))
		if j > 0 {
			e = bin(sep.Mul, num(int64(1)<<(8*j)), e)
			t = add(t, e)
		} else {
			t = e
		}
	}
	return t
}

// readStack returns the value of w initialised stack bytes at c, or the
// pointer spilled there. It fails for uninitialised bytes and for part of
// a spilled pointer.
func (s *state) readStack(c, w int64) (sep.Term, *reg, bool) {
	for _, g := range s.stack {
		if g.off <= c && c+w <= g.off+g.n {
			if g.spill != nil {
				if g.off == c && g.n == w {
					return nil, g.spill, true
				}
				return nil, nil, false
			}
			if g.hint != nil && g.off == c && g.n == w {
				return g.hint, nil, true
			}
			return bytesValue(g.list, num(c-g.off), w), nil, true
		}
	}
	return nil, nil, false
}

// carve forgets the stack bytes [c, c+w).
func (s *state) carve(c, w int64) {
	s.release(c, w)
	var out []region
	for _, g := range s.stack {
		if g.off+g.n <= c || c+w <= g.off {
			out = append(out, g)
			continue
		}
		if g.spill != nil {
			continue // what remains of a spilled pointer is unreadable
		}
		keep := func(off, n int64, l sep.Term) {
			if size(l) <= MaxTermDepth*16 { // else forget the bytes
				out = append(out, region{off: off, n: n, list: l})
			}
		}
		if g.off < c {
			keep(g.off, c-g.off, slice(g.list, 0, c-g.off))
		}
		if c+w < g.off+g.n {
			keep(c+w, g.off+g.n-(c+w), slice(g.list, c+w-g.off, g.n))
		}
	}
	s.stack = out
}

// writeStack stores the w-byte unsigned value v at c.
func (s *state) writeStack(c, w int64, v sep.Term) {
	s.carve(c, w)
	s.stack = append(s.stack, region{off: c, n: w, list: byteList(v, w), hint: v})
	sortRegions(s.stack)
}

// access executes a load, store or atomic operation.
func (r *run) access(s *state, i int, ins isa.Instruction) error {
	op := ins.OpCode
	w := int64(op.Size().Bytes())
	load := op.Class() == isa.ClassLDX
	atomic := ins.IsAtomic()
	pr := ins.Dst
	if load {
		pr = ins.Src
		if ins.Dst >= isa.R10 {
			return r.f.errorf(i, "load into R%d", ins.Dst)
		}
		if op.Mode() != isa.ModeMEM && op.Mode() != isa.ModeMEMSX {
			return r.f.errorf(i, "unsupported load mode")
		}
	}
	p, err := r.read(s, i, pr)
	if err != nil {
		return err
	}
	// The stored value, as an unsigned w-byte integer.
	var val sep.Term
	var src reg
	if !load {
		if op.Class() == isa.ClassST {
			val = wrap(intType(int(w), false), ins.Constant)
		} else {
			src, err = r.read(s, i, ins.Src)
			if err != nil {
				return err
			}
			if src.k != kScalar {
				if atomic || w != 8 || p.k != kStack {
					return r.f.errorf(i, "a %v may only be spilled to the stack by an 8-byte store", src.k)
				}
				return r.spill(s, i, ins, p, src)
			}
			val = cast(intType(int(w), false), src.val)
		}
	}
	sx := load && op.Mode() == isa.ModeMEMSX
	result := func(t sep.Term) {
		if sx {
			t = cast(u64Type, cast(intType(int(w), true), t))
		}
		s.regs[ins.Dst] = r.scalar(s, t, 8)
	}
	freshLoad := func() {
		g := r.freshScalar(s, int(w))
		if sx {
			g = r.scalar(s, cast(u64Type, cast(intType(int(w), true), g.val)), 8)
		}
		s.regs[ins.Dst] = g
	}
	what := "store"
	if load {
		what = "load"
	} else if atomic {
		what = "atomic"
	}
	switch p.k {
	case kCtx, kPacket, kMapValue, kStack, kArg:
	default:
		return r.f.errorf(i, "%s through R%d, a %v", what, pr, p.k)
	}
	off := norm(add(p.off, num(int64(ins.Offset))))
	switch p.k {
	case kCtx:
		if atomic {
			return r.f.errorf(i, "atomic operation on the context")
		}
		c, ok := literal(off)
		if !ok || !c.IsInt64() {
			return r.f.errorf(i, "context access at a variable offset")
		}
		for _, pt := range r.progs {
			fl, err := pt.Context.Access(c.Int64(), w, !load)
			if err != nil {
				return r.f.errorf(i, "%v", err)
			}
			if !load {
				continue
			}
			switch fl.Kind {
			case contracts.PacketData, contracts.PacketEnd:
				if sx {
					return r.f.errorf(i, "sign-extending load of a packet pointer field")
				}
				r.packet(s)
				if fl.Kind == contracts.PacketData {
					s.regs[ins.Dst] = reg{k: kPacket, base: s.pktD, off: num(0), size: 1}
				} else {
					s.regs[ins.Dst] = reg{k: kPacketEnd, base: s.pktE, off: num(0), size: 1}
				}
			case contracts.PacketMeta:
				return r.f.errorf(i, "packet metadata pointers are not supported")
			default:
				freshLoad()
			}
		}
		return nil
	case kPacket:
		if atomic {
			return r.f.errorf(i, "atomic operation on packet data")
		}
		if !load && !r.packetWritable() {
			return r.f.errorf(i, "this program type may not write packet data")
		}
		g := and(cmp(sep.Le, num(0), off), cmp(sep.Le, add(add(p.base, off), num(w)), s.pktE))
		if err := r.emit(s, i, what, g); err != nil {
			return err
		}
		s.assume(g)
		if load {
			freshLoad()
		}
		return nil
	case kMapValue:
		g := and(cmp(sep.Ne, p.base, num(0)), cmp(sep.Le, num(0), off), cmp(sep.Le, add(off, num(w)), mapAttr("value_size", p.m)))
		if atomic {
			g = and(g, cmp(sep.Eq, bin(sep.Rem, off, num(w)), num(0)))
		}
		if err := r.emit(s, i, what, g); err != nil {
			return err
		}
		s.assume(g)
		switch {
		case load:
			freshLoad()
		case atomic:
			return r.atomicResult(s, i, ins, nil)
		}
		return nil
	case kStack:
		if s.heldAt(off) {
			return r.chunkAccess(s, &s.sstack, i, norm(add(p.base, off)), w, load, atomic, val, result)
		}
		return r.stackAccess(s, i, ins, off, w, load, atomic, val, result)
	case kArg:
		return r.argAccess(s, i, norm(add(p.base, off)), w, load, atomic, val, result)
	}
	return r.f.errorf(i, "%s through R%d, a %v", what, pr, p.k)
}

func (r *run) packetWritable() bool {
	for _, p := range r.progs {
		switch p.Name {
		case "xdp", "xdp/devmap", "tc", "action":
		default:
			return false
		}
	}
	return true
}

// spill stores pointer src at the constant stack address p + offset.
func (r *run) spill(s *state, i int, ins isa.Instruction, p, src reg) error {
	c, ok := literal(norm(add(p.off, num(int64(ins.Offset)))))
	if !ok || !c.IsInt64() || !inFrame(c.Int64(), 8) {
		return r.f.errorf(i, "pointer spill outside the stack frame or at a variable offset")
	}
	o := c.Int64()
	if o%8 != 0 {
		return r.f.errorf(i, "misaligned pointer spill at R10%+d", o)
	}
	r.touch(o)
	v := r.freshVar("p")
	s.assume(inRange(v, big.NewInt(0), new(big.Int).Sub(two64, big.NewInt(1))))
	s.carve(o, 8)
	sp := src
	s.stack = append(s.stack, region{off: o, n: 8, list: byteList(v, 8), hint: v, spill: &sp})
	sortRegions(s.stack)
	return nil
}

// atomicResult sets the registers an atomic operation writes; old is the
// previous memory value if known.
func (r *run) atomicResult(s *state, i int, ins isa.Instruction, old sep.Term) error {
	w := int(ins.OpCode.Size().Bytes())
	oldReg := func() reg {
		if old != nil {
			return r.scalar(s, old, w)
		}
		return r.freshScalar(s, w)
	}
	switch {
	case ins.Constant == isa.AtomicCmpXchg:
		if _, err := r.read(s, i, isa.R0); err != nil {
			return err
		}
		s.regs[0] = oldReg()
	case ins.Constant&isa.AtomicFetch != 0:
		s.regs[ins.Src] = oldReg()
	}
	return nil
}

// stackAccess executes an access at fp + off.
func (r *run) stackAccess(s *state, i int, ins isa.Instruction, off sep.Term, w int64, load, atomic bool, val sep.Term, result func(sep.Term)) error {
	if c, ok := literal(off); ok {
		if !c.IsInt64() || !inFrame(c.Int64(), w) || w == 0 {
			return r.f.errorf(i, "stack access at R10%+v outside the %d-byte frame", c, MaxStack)
		}
		o := c.Int64()
		if o%w != 0 {
			return r.f.errorf(i, "misaligned %d-byte stack access at R10%+d", w, o)
		}
		r.touch(o)
		if load || atomic {
			v, sp, ok := s.readStack(o, w)
			if !ok {
				return r.f.errorf(i, "read of uninitialised stack bytes [R10%+d, R10%+d) (or of part of a spilled pointer)", o, o+w)
			}
			if sp != nil {
				if !load || ins.OpCode.Mode() != isa.ModeMEM {
					return r.f.errorf(i, "a spilled pointer may only be reloaded whole")
				}
				s.regs[ins.Dst] = *sp
				return nil
			}
			if load {
				result(v)
				return nil
			}
			s.writeStack(o, w, r.freshScalar(s, int(w)).val)
			return r.atomicResult(s, i, ins, v)
		}
		s.writeStack(o, w, val)
		return nil
	}
	if atomic {
		return r.f.errorf(i, "atomic operation on the stack at a variable offset")
	}
	c0 := linOf(off).c
	gi := -1
	for j, g := range s.stack {
		if c0.IsInt64() && g.off <= c0.Int64() && c0.Int64() < g.off+g.n {
			gi = j
		}
	}
	if gi < 0 || s.stack[gi].spill == nil && !s.isolated(gi) {
		return r.runAccess(s, i, off, w, load, gi, result)
	}
	g := s.stack[gi]
	if g.spill != nil {
		return r.f.errorf(i, "access to a spilled pointer at a variable offset")
	}
	if g.off%w != 0 {
		return r.f.errorf(i, "%d-byte access into the stack region at R10%+d, which is not %d-byte aligned", w, g.off, w)
	}
	k := norm(sub2(off, num(g.off)))
	goal := and(cmp(sep.Le, num(0), k), cmp(sep.Le, add(k, num(w)), num(g.n)))
	if w > 1 {
		goal = and(goal, cmp(sep.Eq, bin(sep.Rem, k, num(w)), num(0)))
	}
	what := "store"
	if load {
		what = "load"
	}
	if err := r.emit(s, i, what, goal); err != nil {
		return err
	}
	s.assume(goal)
	if load {
		result(bytesValue(g.list, k, w))
		return nil
	}
	l := g.list
	for j := int64(0); j < w; j++ {
		l = &sep.Update{X: l, I: add(k, num(j)), V: byteOf(val, j)}
	}
	if size(l) > MaxTermDepth*16 {
		return r.f.errorf(i, "stack region at R10%+d is too complex: add an assertion", g.off)
	}
	s.stack[gi] = region{off: g.off, n: g.n, list: l}
	return nil
}
