package cverify

import (
	"fmt"
	"math/big"

	"vep/cparse"
	"vep/sep"
)

// cell is one byte of a stack region.
type cell struct {
	init bool
	zero bool    // known to hold 0
	rec  *record // the store that wrote it, if its value is known
}

// record is a value stored at off with width w bytes.
type record struct {
	off, w int64
	v      value
}

// region is a piece of owned stack memory: a local variable, or memory a
// contract's precondition hands to a subprogram.
type region struct {
	// shared marks storage that pointers may reach (address-taken
	// variables, memory handed over by a precondition).
	shared bool
	name   string
	size   int64
	cells  []cell
	// sym marks a region of symbolic size sizeT (memory a precondition
	// hands over); it has no cells and only ranges say what is
	// initialised. For other regions sizeT is the constant size.
	sym   bool
	sizeT sep.Term
	// ranges are initialised byte ranges [lo, hi) with symbolic bounds,
	// in addition to the initialised cells.
	ranges []span
	// typ is the declared type of the variable the region stores (nil for
	// memory a precondition hands over): the effective type of its bytes
	// for the strict aliasing rule.
	typ cparse.Type
	// dead is set when the region's lifetime has ended (its block or its
	// function was left): the message for an access through a pointer to
	// it. A dead region has no cells.
	dead string
	// whole, when set, is the contents of the whole region as a list,
	// known since a precondition or a proved annotation stated it and
	// not written since.
	whole *contents
}

// contents is what a spatial predicate over a whole region says its
// contents are: chars(p, n, t) or array(p, T, n, t).
type contents struct {
	pred string // "chars" or "array"
	typ  string // the element type of an array
	t    sep.Term
}

// written records that r's contents may have changed.
func (r *region) written() { r.whole = nil }

// kill ends the lifetime of r: every later access through a pointer to it
// is reported with msg.
func (r *region) kill(msg string) {
	r.dead = msg
	r.cells = nil
	r.ranges = nil
	r.whole = nil
}

// span is the byte range [lo, hi) of a region.
type span struct{ lo, hi sep.Term }

func (r *region) clone() *region {
	c := *r
	c.cells = append([]cell(nil), r.cells...)
	c.ranges = append([]span(nil), r.ranges...)
	return &c
}

// frame is one activation: the regions of its variables.
type frame struct {
	fn   *cparse.Function
	vars map[*cparse.Var]int
	pre  map[string]value    // parameter values at entry, for x@pre
	with map[string]sep.Term // the contract's logical constants
	// depth counts loop iterations per loop statement on this path.
}

// state is the symbolic state of one path.
type state struct {
	facts   []sep.Formula
	regions []*region
	frames  []*frame
	null    map[int]bool // lookup id -> known non-null (true) or null (false)
	// nullAddr is, for a may-be-null pointer whose address is a term
	// (a pointer returned by a subprogram), that address.
	nullAddr map[int]sep.Term
	gen      int // current packet generation
	pkt      map[int][2]sep.Term
	killer   map[int]string // generation -> helper that invalidated it
	iters    map[cparse.Stmt]int
	old      []value // values of the compound assignments being evaluated
}

func (s *state) clone() *state {
	c := &state{
		facts:   s.facts[:len(s.facts):len(s.facts)],
		regions: make([]*region, len(s.regions)),
		frames:  s.frames[:len(s.frames):len(s.frames)],
		null:    make(map[int]bool, len(s.null)),
		gen:     s.gen,
		pkt:     make(map[int][2]sep.Term, len(s.pkt)),
		killer:  make(map[int]string, len(s.killer)),
		iters:   make(map[cparse.Stmt]int, len(s.iters)),
		old:     s.old[:len(s.old):len(s.old)],
	}
	for i, r := range s.regions {
		c.regions[i] = r.clone()
	}
	for k, v := range s.null {
		c.null[k] = v
	}
	if s.nullAddr != nil {
		c.nullAddr = make(map[int]sep.Term, len(s.nullAddr))
		for k, v := range s.nullAddr {
			c.nullAddr[k] = v
		}
	}
	for k, v := range s.pkt {
		c.pkt[k] = v
	}
	for k, v := range s.killer {
		c.killer[k] = v
	}
	for k, v := range s.iters {
		c.iters[k] = v
	}
	return c
}

func (s *state) addFact(f sep.Formula) {
	if v, ok := constTruth(f); ok && v {
		return
	}
	s.facts = append(s.facts, f)
}

func (s *state) top() *frame { return s.frames[len(s.frames)-1] }

// newRegion adds an uninitialised region and returns its index.
func (s *state) newRegion(name string, size int64) int {
	s.regions = append(s.regions, &region{name: name, size: size, cells: make([]cell, size), sizeT: num(size)})
	return len(s.regions) - 1
}

// newVarRegion adds the uninitialised storage of variable x.
func (s *state) newVarRegion(x *cparse.Var) int {
	ri := s.newRegion(x.Name, x.Type.Size())
	s.regions[ri].shared = x.AddrTaken
	s.regions[ri].typ = x.Type
	return ri
}

// rebind makes ri the storage of x in the top frame, copying the frame so
// that other paths keep theirs.
func (s *state) rebind(x *cparse.Var, ri int) {
	old := s.top()
	fr := *old
	fr.vars = make(map[*cparse.Var]int, len(old.vars))
	for k, v := range old.vars {
		fr.vars[k] = v
	}
	fr.vars[x] = ri
	n := len(s.frames)
	s.frames = append(s.frames[:n-1:n-1], &fr)
}

// endScope ends the lifetime of the variables xs of the top frame.
func (s *state) endScope(xs []*cparse.Var, msg func(x *cparse.Var) string) {
	fr := s.top()
	for _, x := range xs {
		if ri, ok := fr.vars[x]; ok && s.regions[ri].dead == "" {
			s.regions[ri].kill(msg(x))
		}
	}
}

// bound is an interval; a nil end is unbounded.
type bound struct{ lo, hi *big.Int }

// fresh returns a new logical constant with the range of type t.
func (v *verifier) fresh(hint string, t cparse.Type) sep.Term {
	v.nfresh++
	name := fmt.Sprintf("%s_%d", hint, v.nfresh)
	lo, hi := intRange(t)
	v.ranges[name] = bound{lo, hi}
	return tvar(name)
}

// freshIn returns a new logical constant with the given range.
func (v *verifier) freshIn(hint string, lo, hi *big.Int) sep.Term {
	v.nfresh++
	name := fmt.Sprintf("%s_%d", hint, v.nfresh)
	v.ranges[name] = bound{lo, hi}
	return tvar(name)
}

// interval bounds the value of t from the ranges of its constants alone.
func (v *verifier) interval(t sep.Term) bound {
	switch t := t.(type) {
	case *sep.Int:
		return bound{t.Val, t.Val}
	case *sep.Var:
		if b, ok := v.ranges[t.Name]; ok {
			return b
		}
		return bound{}
	case *sep.Unary:
		if t.Op == sep.Neg {
			b := v.interval(t.X)
			return bound{negB(b.hi), negB(b.lo)}
		}
	case *sep.Binary:
		x, y := v.interval(t.X), v.interval(t.Y)
		switch t.Op {
		case sep.Add:
			return bound{addB(x.lo, y.lo), addB(x.hi, y.hi)}
		case sep.Sub:
			return bound{addB(x.lo, negB(y.hi)), addB(x.hi, negB(y.lo))}
		case sep.Mul:
			if x.lo != nil && x.hi != nil && y.lo != nil && y.hi != nil {
				ps := []*big.Int{
					new(big.Int).Mul(x.lo, y.lo), new(big.Int).Mul(x.lo, y.hi),
					new(big.Int).Mul(x.hi, y.lo), new(big.Int).Mul(x.hi, y.hi),
				}
				lo, hi := ps[0], ps[0]
				for _, p := range ps[1:] {
					if p.Cmp(lo) < 0 {
						lo = p
					}
					if p.Cmp(hi) > 0 {
						hi = p
					}
				}
				return bound{lo, hi}
			}
		case sep.BitAnd:
			if nonneg(x) && nonneg(y) {
				hi := x.hi
				if hi == nil || y.hi != nil && y.hi.Cmp(hi) < 0 {
					hi = y.hi
				}
				return bound{big.NewInt(0), hi}
			}
			if nonneg(y) {
				return bound{big.NewInt(0), y.hi}
			}
			if nonneg(x) {
				return bound{big.NewInt(0), x.hi}
			}
		case sep.Div:
			if nonneg(x) && y.lo != nil && y.lo.Sign() > 0 {
				var hi *big.Int
				if x.hi != nil {
					hi = new(big.Int).Quo(x.hi, y.lo)
				}
				return bound{big.NewInt(0), hi}
			}
		case sep.Rem:
			if nonneg(x) && y.lo != nil && y.lo.Sign() > 0 && y.hi != nil {
				return bound{big.NewInt(0), new(big.Int).Sub(y.hi, big.NewInt(1))}
			}
		case sep.Shr:
			if nonneg(x) && nonneg(y) {
				return bound{big.NewInt(0), x.hi}
			}
		case sep.Shl:
			if nonneg(x) && x.hi != nil && y.lo != nil && y.hi != nil && y.lo.Sign() >= 0 && y.hi.IsInt64() && y.hi.Int64() < 128 {
				return bound{big.NewInt(0), new(big.Int).Lsh(x.hi, uint(y.hi.Int64()))}
			}
		case sep.BitOr, sep.BitXor:
			if nonneg(x) && nonneg(y) && x.hi != nil && y.hi != nil {
				m := x.hi
				if y.hi.Cmp(m) > 0 {
					m = y.hi
				}
				bits := uint(m.BitLen())
				return bound{big.NewInt(0), new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), bits), big.NewInt(1))}
			}
		}
	}
	return bound{}
}

func nonneg(b bound) bool { return b.lo != nil && b.lo.Sign() >= 0 }

func negB(x *big.Int) *big.Int {
	if x == nil {
		return nil
	}
	return new(big.Int).Neg(x)
}

func addB(x, y *big.Int) *big.Int {
	if x == nil || y == nil {
		return nil
	}
	return new(big.Int).Add(x, y)
}

// within reports whether b lies in [lo, hi].
func within(b bound, lo, hi *big.Int) bool {
	return b.lo != nil && b.hi != nil && b.lo.Cmp(lo) >= 0 && b.hi.Cmp(hi) <= 0
}
