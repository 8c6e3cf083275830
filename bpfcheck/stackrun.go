package bpfcheck

import (
	"math/big"

	"vep/sep"
)

// Variable-offset stack accesses across chunks.
//
// The stack model keeps one chunk per store, so an array initialised by
// several stores (a memset lowered to 8-byte stores, a loop unrolled into
// 4-byte stores) is a row of adjacent chunks. An access at a variable
// offset whose constant part lies in a chunk with no initialised neighbour
// keeps the precise rule of stackAccess: it must stay inside that chunk and
// a load yields the chunk's bytes. Any other variable-offset access is
// checked against the maximal runs of contiguous initialised bytes (a
// spilled pointer ends a run): its VC is the disjunction, over the runs in
// frame order, of "the access lies inside this run and is naturally
// aligned". The runs are a function of the state alone, so the VC is fixed
// before any proof is seen, and the proof checks it by a case split on the
// disjuncts. A load yields an unknown value of its width; a store leaves
// every run it may hit initialised but with unknown contents.

// maxRuns bounds the disjuncts of one access VC.
const maxRuns = 64

// stackRun is a maximal run of contiguous initialised stack bytes
// [lo, hi) made of non-spill regions.
type stackRun struct{ lo, hi int64 }

// runs returns the maximal runs of the state's stack, in frame order.
func (s *state) runs() []stackRun {
	var out []stackRun
	for _, g := range s.stack {
		if g.spill != nil {
			continue
		}
		if n := len(out); n > 0 && out[n-1].hi == g.off {
			out[n-1].hi = g.off + g.n
			continue
		}
		out = append(out, stackRun{g.off, g.off + g.n})
	}
	return out
}

// isolated reports whether region j of the stack has no initialised,
// non-spill neighbour that touches it.
func (s *state) isolated(j int) bool {
	g := s.stack[j]
	if j > 0 {
		h := s.stack[j-1]
		if h.spill == nil && h.off+h.n == g.off {
			return false
		}
	}
	if j+1 < len(s.stack) {
		h := s.stack[j+1]
		if h.spill == nil && g.off+g.n == h.off {
			return false
		}
	}
	return true
}

// floorMul returns the largest multiple of w that is at most x (w > 0).
func floorMul(x, w int64) int64 {
	q := x / w
	if q*w > x {
		q--
	}
	return q * w
}

func or(fs ...sep.Formula) sep.Formula {
	if len(fs) == 0 {
		return &sep.Bool{Val: false}
	}
	f := fs[len(fs)-1]
	for k := len(fs) - 2; k >= 0; k-- {
		f = &sep.Or{X: fs[k], Y: f}
	}
	return f
}

// runAccess checks a w-byte load or store at the variable frame offset off
// against the runs of initialised stack bytes.
//
// gi is the index of the chunk that holds the constant part of off, or -1.
// A load also yields, as a conditional fact, that the value is that
// chunk's bytes if the access lies inside it, which keeps the precision of
// the one-chunk rule when the solver can show it.
func (r *run) runAccess(s *state, i int, off sep.Term, w int64, load bool, gi int, result func(sep.Term)) error {
	what := "store"
	if load {
		what = "load"
	}
	var alts []sep.Formula
	var hit []stackRun
	for _, ru := range s.runs() {
		if ru.hi-ru.lo < w {
			continue
		}
		base := floorMul(ru.lo, w)
		k := norm(sub2(off, num(base)))
		f := and(cmp(sep.Le, num(ru.lo-base), k), cmp(sep.Le, add(k, num(w)), num(ru.hi-base)))
		if w > 1 {
			f = and(f, cmp(sep.Eq, bin(sep.Rem, k, num(w)), num(0)))
		}
		alts = append(alts, f)
		hit = append(hit, ru)
	}
	if len(alts) == 0 {
		return r.f.errorf(i, "%s at variable offset R10 + %v: no initialised stack region of %d bytes or more", what, off, w)
	}
	if len(alts) > maxRuns {
		return r.f.errorf(i, "%s at variable offset R10 + %v: the stack has more than %d runs of initialised bytes: add an assertion", what, off, maxRuns)
	}
	goal := or(alts...)
	if err := r.emit(s, i, what, goal); err != nil {
		return err
	}
	s.assume(goal)
	if load {
		v := r.freshScalar(s, int(w)).val
		if gi >= 0 {
			if g := s.stack[gi]; g.spill == nil && g.off%w == 0 {
				k := norm(sub2(off, num(g.off)))
				bv := bytesValue(g.list, k, w)
				if size(bv) <= MaxTermDepth*4 {
					in := and(cmp(sep.Le, num(0), k), cmp(sep.Le, add(k, num(w)), num(g.n)))
					s.assume(&sep.Implies{X: in, Y: cmp(sep.Eq, v, bv)})
				}
			}
		}
		result(v)
		return nil
	}
	for _, ru := range hit {
		r.forgetContents(s, ru.lo, ru.hi)
	}
	return nil
}

// forgetContents replaces the initialised bytes [lo, hi) by bytes of
// unknown value that stay initialised: naturally aligned pieces of 8, 4, 2
// or 1 bytes, each a fresh unknown of its width.
func (r *run) forgetContents(s *state, lo, hi int64) {
	s.carve(lo, hi-lo)
	for o := lo; o < hi; {
		p := int64(8)
		for p > 1 && (o%p != 0 || o+p > hi) {
			p /= 2
		}
		v := r.freshVar("x")
		s.assume(inRange(v, big.NewInt(0), new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(8*p)), big.NewInt(1))))
		s.stack = append(s.stack, region{off: o, n: p, list: byteList(v, p), hint: v})
		o += p
	}
	sortRegions(s.stack)
}
