package lia

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"sync"

	"vep/proofs"
)

// norm is a constraint g·σ·p + c (rel) 0 where p is the primitive linear
// part (coefficients with gcd 1, first one positive) named by simplex
// variable v; v < 0 for a constraint without atoms. g > 0 and c are
// integers.
type norm struct {
	rel proofs.Rel
	v   int
	g   rat
	neg bool // σ = -1
	c   rat
}

// primitive splits the linear part of l into g·σ·p. It returns p's terms
// as (atom, coefficient) pairs, g and σ = -1 as neg.
func primitive(l proofs.Lin) (p []proofs.Term, small []int64, g rat, neg bool) {
	n := l.Len()
	small = make([]int64, n)
	var g64 int64
	ok := true
	for i := range n {
		_, c, fits := l.TermInt64(i)
		if !fits || c == math.MinInt64 {
			ok = false
			break
		}
		small[i] = c
		g64 = gcd64(g64, abs64(c))
	}
	if ok {
		neg = small[0] < 0
		for i := range small {
			small[i] /= g64
			if neg {
				small[i] = -small[i]
			}
		}
		return nil, small, ratInt(g64), neg
	}
	p = l.Terms()
	gb := new(big.Int)
	for _, t := range p {
		gb.GCD(nil, nil, gb, new(big.Int).Abs(t.Coef))
	}
	neg = p[0].Coef.Sign() < 0
	for _, t := range p {
		t.Coef.Quo(t.Coef, gb)
		if neg {
			t.Coef.Neg(t.Coef)
		}
	}
	return p, nil, ratBigInt(gb), neg
}

// search holds the state of one Refute call.
type search struct {
	opts  Options
	hyps  []proofs.Hyp
	norms [][]norm // per hypothesis, per case
	atoms []proofs.Atom
	sx    *simplex
	nh    int // hypotheses in scope, as the kernel counts them
	nodes int
	stop  string // why the search gave up, if it did

	defs []row // definition of each slack variable over the atoms

	dropped []bool  // hypotheses set aside by eliminate (nil if none)
	freed   []freed // in order of elimination

	buf *buffers // storage reused across searches
}

// buffers is storage a search takes from a pool and returns when done, so
// that repeated small searches allocate little. Nothing a Result holds
// refers to it.
type buffers struct {
	dense    []int32
	atoms    []proofs.Atom
	norms    [][]norm
	normBuf  []norm
	entries  row
	slacks   []row
	slackIdx map[string]int
	key      []byte
	elim     []int32
	dropped  []bool
	freed    []freed
	rowBuf   row
	rows     []row
	basic    []int
	rowOf    []int
	val      []rat
	bounds   []bound
	trail    []undo
	scratch  row
	expl     explanation
	edges    []edge
	dist     []rat
	ints     []int
}

var bufPool = sync.Pool{New: func() any { return new(buffers) }}

// resize returns s with length n and zero elements, reusing its storage.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/2)
	}
	s = s[:n]
	clear(s)
	return s
}

// release returns the search's storage to the pool; s must not be used
// afterwards.
func (s *search) release() {
	b := s.buf
	if b == nil {
		return
	}
	s.buf = nil
	b.atoms = s.atoms[:0]
	b.freed = s.freed[:0]
	b.rows = s.sx.rows[:0]
	b.basic = s.sx.basic[:0]
	b.trail = s.sx.trail[:0]
	b.scratch = s.sx.scratch[:0]
	b.expl = s.sx.expl[:0]
	b.slacks = s.defs[:0]
	clear(b.norms)
	clear(b.slacks[:cap(b.slacks)])
	clear(b.rows[:cap(b.rows)])
	bufPool.Put(b)
}

// cutStep is a pending Cut whose Then is filled in later.
type cutStep struct {
	comb []proofs.Coef
	div  *big.Int
}

func newSearch(hyps []proofs.Hyp, opts Options) (*search, error) {
	s := &search{opts: opts, hyps: hyps, nh: len(hyps), buf: bufPool.Get().(*buffers)}
	b := s.buf
	s.atoms = b.atoms[:0]
	s.freed = b.freed[:0]
	// Number the atoms in increasing order. Atoms are usually small dense
	// numbers (those of a session's table), indexed by a slice.
	nterms, maxAtom := 0, proofs.Atom(0)
	for i, h := range hyps {
		for j, c := range h.Cases {
			if c.Rel != proofs.RelGe && c.Rel != proofs.RelEq {
				return nil, fmt.Errorf("lia: hypothesis %d case %d: unknown relation %d", i, j, c.Rel)
			}
			for k := 0; k < c.L.Len(); k++ {
				a, _, _ := c.L.TermInt64(k)
				maxAtom = max(maxAtom, a)
			}
			nterms += c.L.Len()
		}
	}
	var idx atomIndex
	if nterms > 0 && int(maxAtom) < 4*nterms+1024 {
		b.dense = resize(b.dense, int(maxAtom)+1)
		idx.dense = b.dense
	} else {
		idx.sparse = map[proofs.Atom]int{}
	}
	for _, h := range hyps {
		for _, c := range h.Cases {
			for k := 0; k < c.L.Len(); k++ {
				a, _, _ := c.L.TermInt64(k)
				if idx.mark(a) {
					s.atoms = append(s.atoms, a)
				}
			}
		}
	}
	slices.Sort(s.atoms)
	for i, a := range s.atoms {
		idx.set(a, i)
	}
	s.eliminate(&idx)
	// Slack variables, one per distinct primitive linear part of two or
	// more atoms, follow the atoms.
	slacks := b.slacks[:0]
	slackIdx := b.slackIdx
	clear(slackIdx)
	key := b.key[:0]
	b.norms = resize(b.norms, len(hyps))
	s.norms = b.norms
	ncases := 0
	for i, h := range hyps {
		if s.dropped == nil || !s.dropped[i] {
			ncases += len(h.Cases)
		}
	}
	b.normBuf = resize(b.normBuf, ncases)
	normBuf := b.normBuf
	entries := b.entries[:0]
	if cap(entries) < nterms {
		entries = make(row, 0, nterms)
	}
	for i, h := range hyps {
		if s.dropped != nil && s.dropped[i] {
			continue
		}
		s.norms[i], normBuf = normBuf[:len(h.Cases):len(h.Cases)], normBuf[len(h.Cases):]
		for j, c := range h.Cases {
			n := norm{rel: c.Rel, v: -1}
			if c0, ok := c.L.ConstInt64(); ok {
				n.c = ratInt(c0)
			} else {
				n.c = ratBigInt(c.L.Constant())
			}
			if c.L.Len() > 0 {
				p, small, g, neg := primitive(c.L)
				n.g, n.neg = g, neg
				if c.L.Len() == 1 {
					a, _, _ := c.L.TermInt64(0)
					n.v = idx.get(a)
				} else {
					start := len(entries)
					for k := range c.L.Len() {
						a, _, _ := c.L.TermInt64(k)
						e := entry{col: idx.get(a)} // sorted, as atoms are numbered in order
						if small != nil {
							e.a = ratInt(small[k])
						} else {
							e.a = ratBigInt(p[k].Coef)
						}
						entries = append(entries, e)
					}
					r := entries[start:len(entries):len(entries)]
					key = key[:0]
					for _, e := range r {
						key = strconv.AppendInt(key, int64(e.col), 10)
						key = append(key, ':')
						key = e.a.appendText(key)
						key = append(key, ',')
					}
					if slackIdx == nil {
						slackIdx = map[string]int{}
						b.slackIdx = slackIdx
					}
					v, ok := slackIdx[string(key)]
					if !ok {
						v = len(s.atoms) + len(slacks)
						slackIdx[string(key)] = v
						slacks = append(slacks, r)
					} else {
						entries = entries[:start]
					}
					n.v = v
				}
			}
			s.norms[i][j] = n
		}
	}
	b.entries, b.key = entries, key
	s.sx = newSimplex(len(s.atoms)+len(slacks), len(hyps), b)
	s.defs = slacks
	rowBuf := b.rowBuf[:0]
	if cap(rowBuf) < len(entries) {
		rowBuf = make(row, 0, len(entries))
	}
	b.rowBuf = rowBuf
	for k, r := range slacks {
		start := len(rowBuf)
		rowBuf = append(rowBuf, r...)
		s.sx.addRow(len(s.atoms)+k, rowBuf[start:len(rowBuf):len(rowBuf)])
	}
	return s, nil
}

// atomIndex maps atoms to their column, densely when atoms are small.
type atomIndex struct {
	dense  []int32 // column + 1, 0 if absent
	sparse map[proofs.Atom]int
}

// mark records a and reports whether it is new.
func (x *atomIndex) mark(a proofs.Atom) bool {
	if x.dense != nil {
		if x.dense[a] != 0 {
			return false
		}
		x.dense[a] = 1
		return true
	}
	if _, ok := x.sparse[a]; ok {
		return false
	}
	x.sparse[a] = 0
	return true
}

func (x *atomIndex) set(a proofs.Atom, col int) {
	if x.dense != nil {
		x.dense[a] = int32(col + 1)
		return
	}
	x.sparse[a] = col
}

func (x *atomIndex) get(a proofs.Atom) int {
	if x.dense != nil {
		return int(x.dense[a]) - 1
	}
	return x.sparse[a]
}

// freed is a hypothesis set aside because atom col occurs in no other
// hypothesis still in play and case can always be satisfied by choosing
// its value, whatever the values of the other atoms.
type freed struct {
	hyp, cas, col int
}

// eliminate sets aside, repeatedly, every hypothesis with a case that a
// free atom (one occurring in no other hypothesis still in play) can
// satisfy: an inequality in which it has a nonzero coefficient, or an
// equality in which its coefficient is ±1. The rest has an integer
// solution exactly when all of them have one (extend a solution of the
// rest by choosing the free atoms in reverse order, see fillFreed), so the
// search leaves them out; a refutation of the rest refutes all of them.
func (s *search) eliminate(idx *atomIndex) {
	if len(s.atoms) == 0 {
		return
	}
	s.buf.elim = resize(s.buf.elim, 2*len(s.atoms))
	buf := s.buf.elim
	occ := buf[:len(s.atoms)]
	seen := buf[len(s.atoms):] // last hypothesis + 1 that counted the atom
	count := func(i int, d int32) {
		for _, c := range s.hyps[i].Cases {
			for k := range c.L.Len() {
				a, _, _ := c.L.TermInt64(k)
				col := idx.get(a)
				if seen[col] != int32(i+1) {
					seen[col] = int32(i + 1)
					occ[col] += d
				}
			}
		}
	}
	for i := range s.hyps {
		count(i, 1)
	}
	for changed := true; changed; {
		changed = false
		for i, h := range s.hyps {
			if s.dropped != nil && s.dropped[i] {
				continue
			}
			f := freed{hyp: -1}
		cases:
			for j, c := range h.Cases {
				for k := range c.L.Len() {
					a, coef, fits := c.L.TermInt64(k)
					col := idx.get(a)
					if occ[col] != 1 {
						continue
					}
					if c.Rel == proofs.RelEq && (!fits || coef != 1 && coef != -1) {
						continue
					}
					f = freed{i, j, col}
					break cases
				}
			}
			if f.hyp < 0 {
				continue
			}
			if s.dropped == nil {
				s.buf.dropped = resize(s.buf.dropped, len(s.hyps))
				s.dropped = s.buf.dropped
			}
			s.dropped[i] = true
			s.freed = append(s.freed, f)
			for k := range seen {
				seen[k] = 0
			}
			count(i, -1)
			changed = true
		}
	}
}

// fillFreed chooses, in reverse order of elimination, the value of each
// freed atom so that its case holds; model has every other atom.
func (s *search) fillFreed(model map[proofs.Atom]*big.Int) {
	for i := len(s.freed) - 1; i >= 0; i-- {
		f := s.freed[i]
		c := s.hyps[f.hyp].Cases[f.cas]
		a := s.atoms[f.col]
		coef := c.L.Coef(a)
		model[a] = new(big.Int)
		rest := c.L.Eval(func(b proofs.Atom) *big.Int { return model[b] }) // the case with a = 0
		if coef.Sign() > 0 {
			// coef·v + rest >= 0 (== 0 for coef 1): v = ceil(-rest/coef).
			q := floorDiv(rest, coef)
			model[a] = q.Neg(q)
		} else {
			// rest - m·v >= 0 for m = -coef (== 0 for m 1): v = floor(rest/m).
			model[a] = floorDiv(rest, coef.Neg(coef))
		}
	}
}

// floorDiv returns floor(x/y) for y > 0.
func floorDiv(x, y *big.Int) *big.Int {
	return new(big.Int).Div(x, y) // Euclidean division: floor for y > 0
}

// run performs the whole search.
func (s *search) run() Result {
	for i, h := range s.hyps {
		if len(h.Cases) == 0 {
			return Result{Status: Unsat, Proof: &proofs.CaseOr{Hyp: i}}
		}
	}
	var cuts []cutStep
	for i, h := range s.hyps {
		if len(h.Cases) != 1 || s.dropped != nil && s.dropped[i] {
			continue
		}
		cs, conflict := s.assert(&s.norms[i][0], i)
		cuts = append(cuts, cs...)
		if conflict != nil {
			return Result{Status: Unsat, Proof: wrap(cuts, len(s.hyps), conflict)}
		}
	}
	if p := s.diffStart(); p != nil {
		return Result{Status: Unsat, Proof: wrap(cuts, len(s.hyps), p)}
	}
	p, model := s.solve(0, make([]bool, len(s.hyps)))
	switch {
	case s.stop != "":
		return Result{Status: Unknown, Reason: s.stop}
	case model != nil:
		return Result{Status: Sat, Model: model}
	}
	return Result{Status: Unsat, Proof: wrap(cuts, len(s.hyps), p)}
}

// assert adds the constraint n, which is hypothesis h, to the simplex
// bounds. It returns the cuts it needed (each appends a hypothesis) and a
// refutation if the bounds became inconsistent.
func (s *search) assert(n *norm, h int) ([]cutStep, proofs.ArithProof) {
	if n.v < 0 {
		switch sg := n.c.sign(); {
		case n.rel == proofs.RelGe && sg < 0:
			return nil, farkas(proofs.Coef{Hyp: h, Coef: big.NewInt(1)})
		case n.rel == proofs.RelEq && sg != 0:
			return nil, farkas(proofs.Coef{Hyp: h, Coef: big.NewInt(int64(-sg))})
		}
		return nil, nil
	}
	q, exact := divFloor(n.c, n.g) // q = floor(c/g)
	if n.rel == proofs.RelEq {
		if !exact {
			// g·σ·p = -c has no integer solution: cut both directions.
			a, b := s.nh, s.nh+1
			s.nh += 2
			cuts := []cutStep{
				{[]proofs.Coef{{Hyp: h, Coef: big.NewInt(1)}}, n.g.floor()},
				{[]proofs.Coef{{Hyp: h, Coef: big.NewInt(-1)}}, n.g.floor()},
			}
			return cuts, farkas(proofs.Coef{Hyp: a, Coef: big.NewInt(1)}, proofs.Coef{Hyp: b, Coef: big.NewInt(1)})
		}
		// p = -σ·q, justified by h = g·σ·(p - v).
		v, f := q, n.g
		if !n.neg {
			v = v.neg()
		} else {
			f = f.neg()
		}
		if e := s.sx.setLower(n.v, bound{true, v, h, f}); e != nil {
			return nil, s.farkasOf(e)
		}
		if e := s.sx.setUpper(n.v, bound{true, v, h, f.neg()}); e != nil {
			return nil, s.farkasOf(e)
		}
		return nil, nil
	}
	// σ = +1: p >= -q; σ = -1: p <= q. If g does not divide c, the
	// tightened fact p - (-q) >= 0 (or q - p >= 0) comes from a cut.
	b := bound{set: true, hyp: h, f: n.g}
	var cuts []cutStep
	if !exact {
		cuts = []cutStep{{[]proofs.Coef{{Hyp: h, Coef: big.NewInt(1)}}, n.g.floor()}}
		b.hyp, b.f = s.nh, ratInt(1)
		s.nh++
	}
	var e explanation
	if !n.neg {
		b.v = q.neg()
		e = s.sx.setLower(n.v, b)
	} else {
		b.v = q
		e = s.sx.setUpper(n.v, b)
	}
	if e != nil {
		return cuts, s.farkasOf(e)
	}
	return cuts, nil
}

func farkas(comb ...proofs.Coef) *proofs.Farkas { return &proofs.Farkas{Comb: comb} }

// farkasOf turns a simplex conflict into a Farkas leaf with integer
// coefficients: each bound contributes mult/f times its hypothesis.
func (s *search) farkasOf(e explanation) proofs.ArithProof {
	type entry struct {
		hyp int
		c   rat
	}
	var es []entry
	for _, x := range e {
		c := x.mult.quo(x.b.f)
		i := slices.IndexFunc(es, func(y entry) bool { return y.hyp == x.b.hyp })
		if i < 0 {
			es = append(es, entry{x.b.hyp, c})
		} else {
			es[i].c = es[i].c.add(c)
		}
	}
	es = slices.DeleteFunc(es, func(y entry) bool { return y.c.isZero() })
	slices.SortFunc(es, func(a, b entry) int { return a.hyp - b.hyp })
	// Scale by the least common multiple of the denominators.
	lcm := ratInt(1)
	for _, y := range es {
		if !y.c.isInt() {
			d := y.c.big().Denom()
			var g big.Int
			g.GCD(nil, nil, lcm.floor(), d)
			lcm = lcm.mul(ratBigInt(new(big.Int).Quo(d, &g)))
		}
	}
	comb := make([]proofs.Coef, len(es))
	for i, y := range es {
		comb[i] = proofs.Coef{Hyp: y.hyp, Coef: y.c.mul(lcm).floor()}
	}
	return &proofs.Farkas{Comb: comb}
}

// solve searches below the current bounds. It returns a refutation, or a
// model, or neither with s.stop set. split marks disjunctions already split
// on the current path.
func (s *search) solve(depth int, split []bool) (proofs.ArithProof, map[proofs.Atom]*big.Int) {
	s.nodes++
	switch {
	case s.nodes > s.opts.MaxNodes:
		s.stop = fmt.Sprintf("more than %d search nodes", s.opts.MaxNodes)
		return nil, nil
	case depth > s.opts.MaxDepth:
		s.stop = fmt.Sprintf("splits nested deeper than %d", s.opts.MaxDepth)
		return nil, nil
	}
	e, ok := s.sx.check(s.opts.MaxPivots)
	if !ok {
		s.stop = fmt.Sprintf("more than %d simplex pivots", s.opts.MaxPivots)
		return nil, nil
	}
	if e != nil {
		return s.farkasOf(e), nil
	}
	// Branch on the first atom with a fractional value, unless the
	// variables pinned to one value have no common integer solution.
	for x := range s.atoms {
		if v := s.sx.val[x]; !v.isInt() {
			if p := s.eqCertificate(); p != nil {
				return p, nil
			}
			return s.branch(depth, split, x, v.floor())
		}
	}
	// Split on the first disjunction the integer model violates.
	for i, h := range s.hyps {
		if len(h.Cases) < 2 || split[i] || s.dropped != nil && s.dropped[i] || s.holds(i) {
			continue
		}
		return s.caseOr(depth, split, i)
	}
	model := make(map[proofs.Atom]*big.Int, len(s.atoms))
	for x, a := range s.atoms {
		model[a] = s.sx.val[x].floor()
	}
	s.fillFreed(model)
	return nil, model
}

// holds reports whether some case of hypothesis i holds under the current
// assignment: each case is g·σ·p + c (rel) 0, and val of p's variable is
// p's value.
func (s *search) holds(i int) bool {
	for _, n := range s.norms[i] {
		v := n.c
		if n.v >= 0 {
			gp := n.g.mul(s.sx.val[n.v])
			if n.neg {
				gp = gp.neg()
			}
			v = v.add(gp)
		}
		if sg := v.sign(); sg == 0 || sg > 0 && n.rel == proofs.RelGe {
			return true
		}
	}
	return false
}

// branch splits on x <= k | x >= k+1.
func (s *search) branch(depth int, split []bool, x int, k *big.Int) (proofs.ArithProof, map[proofs.Atom]*big.Int) {
	m := s.sx.mark()
	h := s.nh
	s.nh++
	var le, ge proofs.ArithProof
	if e := s.sx.setUpper(x, bound{true, ratBigInt(k), h, ratInt(1)}); e != nil {
		le = s.farkasOf(e)
	} else {
		var model map[proofs.Atom]*big.Int
		if le, model = s.solve(depth+1, split); le == nil {
			return nil, model
		}
	}
	if !uses(le, h) {
		// The bound was not needed: le refutes the parent node.
		s.sx.backtrack(m)
		s.nh = h
		return unshift(le, h), nil
	}
	s.sx.backtrack(m)
	k1 := new(big.Int).Add(k, big.NewInt(1))
	if e := s.sx.setLower(x, bound{true, ratBigInt(k1), h, ratInt(1)}); e != nil {
		ge = s.farkasOf(e)
	} else {
		var model map[proofs.Atom]*big.Int
		if ge, model = s.solve(depth+1, split); ge == nil {
			return nil, model
		}
	}
	s.sx.backtrack(m)
	s.nh = h
	if !uses(ge, h) {
		return unshift(ge, h), nil
	}
	return &proofs.Split{E: proofs.Var(s.atoms[x]), K: k, Le: le, Ge: ge}, nil
}

// caseOr refutes every case of disjunction i in turn.
func (s *search) caseOr(depth int, split []bool, i int) (proofs.ArithProof, map[proofs.Atom]*big.Int) {
	m := s.sx.mark()
	h := s.nh
	split[i] = true
	defer func() { split[i] = false }()
	p := &proofs.CaseOr{Hyp: i, Cases: make([]proofs.ArithProof, len(s.hyps[i].Cases))}
	for j := range p.Cases {
		s.nh = h + 1
		s.sx.backtrack(m)
		cuts, sub := s.assert(&s.norms[i][j], h)
		if sub == nil {
			var model map[proofs.Atom]*big.Int
			if sub, model = s.solve(depth+1, split); sub == nil {
				return nil, model
			}
		}
		sub = wrap(cuts, h+1, sub)
		if !uses(sub, h) {
			// The case was not needed: sub refutes the parent node.
			s.sx.backtrack(m)
			s.nh = h
			return unshift(sub, h), nil
		}
		p.Cases[j] = sub
	}
	s.sx.backtrack(m)
	s.nh = h
	return p, nil
}
