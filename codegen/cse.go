package codegen

// The kernel verifier gives each sum of a pointer and a variable its own
// identity, and a bounds check only helps accesses through registers of
// the same identity. So the lowering remembers such sums (and sign
// extensions of indices) and reuses the register while neither operand is
// redefined and the earlier computation dominates the use: entries survive
// a label only if they hold on every jump to it and on the fall-through,
// and loop heads start empty.

import (
	"vep/cparse"
	"vep/internal/isa"
)

type cseKey struct {
	base, idx reg
	off, size int64
	sub       bool
}

type cseEntry struct {
	r    reg
	gens [3]int
}

// saveCSE returns a copy of the current expression cache.
func (l *lowerer) saveCSE() map[cseKey]cseEntry {
	m := make(map[cseKey]cseEntry, len(l.cse))
	for k, v := range l.cse {
		m[k] = v
	}
	return m
}

// intersect returns the entries of a that b has too.
func intersect(a, b map[cseKey]cseEntry) map[cseKey]cseEntry {
	out := map[cseKey]cseEntry{}
	for k, v := range a {
		if w, ok := b[k]; ok && w == v {
			out[k] = v
		}
	}
	return out
}

// ptrIndex returns a register holding a + idx*size (a - idx*size if sub),
// reusing an earlier identical computation.
func (l *lowerer) ptrIndex(a addrv, idx val, size int64, sub bool) reg {
	k := cseKey{base: a.base, idx: idx.r, off: a.off, size: size, sub: sub}
	if !idx.isC {
		if e, ok := l.cse[k]; ok && e.gens == [3]int{l.gen[a.base], l.gen[idx.r], l.gen[e.r]} {
			return e.r
		}
	}
	s := l.binary(cparse.OpMul, cparse.U64, idx, constVal(size))
	base := l.addrVal(a)
	op := isa.ALUAdd
	if sub {
		op = isa.ALUSub
	}
	v := l.aluOp(op, false, base, s)
	if !idx.isC {
		l.cse[k] = cseEntry{r: v.r, gens: [3]int{l.gen[a.base], l.gen[idx.r], l.gen[v.r]}}
	}
	return v.r
}
