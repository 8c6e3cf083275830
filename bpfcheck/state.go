package bpfcheck

import (
	"fmt"
	"math/big"

	"vep/sep"
)

// kind is the abstract type of a register.
type kind uint8

const (
	kUninit    kind = iota // never written: reading it is an error
	kScalar                // an integer
	kStack                 // fp + off
	kCtx                   // the context pointer, unmodified
	kPacket                // packet data + off
	kPacketEnd             // packet end
	kMap                   // a map handle loaded by a map relocation
	kMapValue              // a map value slot + off, or null + off
	kArg                   // in a subprogram: a pointer into memory its contract's Require gave it (see args.go)
	kInvalid               // unusable: a packet pointer after a helper moved the packet, or a conflict
	kInnerMap              // an inner map of map m returned by a lookup, or null: base is the pointer, val the map
)

var kindNames = [...]string{"uninitialised", "scalar", "stack pointer", "context pointer",
	"packet pointer", "packet end", "map", "map value pointer", "argument pointer", "invalid pointer", "pointer to an inner map"}

func (k kind) String() string { return kindNames[k] }

func (k kind) isPointer() bool { return k >= kStack && k <= kArg }

// akind is a kind with the details the cut points need.
type akind struct {
	k      kind
	m      string // map name of kMap and kMapValue
	atBase bool   // kMapValue: offset 0
}

func (a akind) String() string {
	if a.k == kMap || a.k == kMapValue || a.k == kInnerMap {
		return fmt.Sprintf("%v of %s", a.k, a.m)
	}
	return a.k.String()
}

// reg is the symbolic value of a register. A scalar's value is val; a
// pointer's is base + off.
type reg struct {
	k         kind
	m         string
	val       sep.Term // scalar value
	base, off sep.Term // pointer
	size      int      // size of val or off, bounded by the term limit
}

func (r reg) akind() akind {
	a := akind{k: r.k, m: r.m}
	if r.k == kMapValue {
		c, ok := literal(r.off)
		a.atBase = ok && c.Sign() == 0
	}
	return a
}

// value returns the register's value as one term.
func (r reg) value() sep.Term {
	if r.k == kScalar {
		return r.val
	}
	if c, ok := literal(r.off); ok && c.Sign() == 0 {
		return r.base
	}
	return norm(add(r.base, r.off))
}

// region is a run of initialised stack bytes at fp + off. list is the byte
// list of its contents; hint, if set, is the integer whose n little-endian
// bytes the region holds (n is 1, 2, 4 or 8).
type region struct {
	off, n int64
	list   sep.Term
	hint   sep.Term
	spill  *reg // a pointer spilled by an 8-byte store; hint is then a fresh name
}

// state is the symbolic state on one path.
type state struct {
	regs  [11]reg
	facts []sep.Formula
	stack []region    // sorted by off, disjoint
	args  []*sep.Pred // a subprogram's chunks outside its own frame (see args.go)
	// held are frame ranges [off, off+n) passed to a call whose Ensure
	// described them at variable offsets or sizes: the chunks sstack own
	// them (see args.go).
	held   [][2]int64
	sstack []*sep.Pred
	pktD   sep.Term // current packet start and end, nil before a load
	pktE   sep.Term
	start  int // the cut point the path started from, -1 for the entry
	// heads maps each loop head whose loop contains start (or that is
	// start) to a name for its variant's value at the start.
	heads map[int]sep.Term
	steps int
}

func (s *state) clone() *state {
	t := *s
	t.facts = s.facts[:len(s.facts):len(s.facts)]
	t.stack = append([]region(nil), s.stack...)
	t.args = append([]*sep.Pred(nil), s.args...)
	t.held = append([][2]int64(nil), s.held...)
	t.sstack = append([]*sep.Pred(nil), s.sstack...)
	return &t
}

func (s *state) assume(f sep.Formula) { s.facts = append(s.facts, f) }

func inRange(t sep.Term, lo, hi *big.Int) sep.Formula {
	return and(cmp(sep.Le, bigNum(lo), t), cmp(sep.Le, t, bigNum(hi)))
}

func typeRange(ty *sep.IntType) (lo, hi *big.Int) { return ty.Range() }

// addrFacts bounds a kernel object of n bytes at p.
func addrFacts(p, n sep.Term) sep.Formula {
	return and(cmp(sep.Le, bigNum(addrLo), p), cmp(sep.Le, add(p, n), bigNum(addrHi)))
}

// inFrame reports whether the n bytes at frame offset off lie inside the
// stack frame [-MaxStack, 0), without overflow.
func inFrame(off, n int64) bool {
	return off >= -MaxStack && off <= 0 && n >= 0 && n <= -off
}
