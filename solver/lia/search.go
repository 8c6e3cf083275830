package lia

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	"vep/proofs"
)

// norm is a constraint g·σ·p + c (rel) 0 where p is the primitive linear
// part (coefficients with gcd 1, first one positive) named by simplex
// variable v; v < 0 for a constraint without atoms.
type norm struct {
	rel proofs.Rel
	v   int
	g   *big.Int
	neg bool // σ = -1
	c   *big.Int
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
}

// cutStep is a pending Cut whose Then is filled in later.
type cutStep struct {
	comb []proofs.Coef
	div  *big.Int
}


func newSearch(hyps []proofs.Hyp, opts Options) (*search, error) {
	s := &search{opts: opts, hyps: hyps, nh: len(hyps)}
	atomIdx := map[proofs.Atom]int{}
	for i, h := range hyps {
		for j, c := range h.Cases {
			if c.Rel != proofs.RelGe && c.Rel != proofs.RelEq {
				return nil, fmt.Errorf("lia: hypothesis %d case %d: unknown relation %d", i, j, c.Rel)
			}
			for k := 0; k < c.L.Len(); k++ {
				a := c.L.Term(k).Atom
				if _, ok := atomIdx[a]; !ok {
					atomIdx[a] = 0
					s.atoms = append(s.atoms, a)
				}
			}
		}
	}
	slices.Sort(s.atoms)
	for i, a := range s.atoms {
		atomIdx[a] = i
	}
	// Slack variables, one per distinct primitive linear part of two or
	// more atoms, follow the atoms.
	type slack struct {
		terms []proofs.Term
	}
	var slacks []slack
	slackIdx := map[string]int{}
	s.norms = make([][]norm, len(hyps))
	for i, h := range hyps {
		s.norms[i] = make([]norm, len(h.Cases))
		for j, c := range h.Cases {
			terms := c.L.Terms()
			n := norm{rel: c.Rel, v: -1, c: c.L.Constant(), g: new(big.Int)}
			if len(terms) > 0 {
				for _, t := range terms {
					n.g.GCD(nil, nil, n.g, new(big.Int).Abs(t.Coef))
				}
				n.neg = terms[0].Coef.Sign() < 0
				for _, t := range terms {
					t.Coef.Quo(t.Coef, n.g)
					if n.neg {
						t.Coef.Neg(t.Coef)
					}
				}
				if len(terms) == 1 {
					n.v = atomIdx[terms[0].Atom]
				} else {
					var key strings.Builder
					for _, t := range terms {
						fmt.Fprintf(&key, "%d:%v,", t.Atom, t.Coef)
					}
					v, ok := slackIdx[key.String()]
					if !ok {
						v = len(s.atoms) + len(slacks)
						slackIdx[key.String()] = v
						slacks = append(slacks, slack{terms})
					}
					n.v = v
				}
			}
			s.norms[i][j] = n
		}
	}
	nvars := len(s.atoms) + len(slacks)
	s.sx = newSimplex(nvars)
	for k, sl := range slacks {
		row := make([]rat, nvars)
		for _, t := range sl.terms {
			row[atomIdx[t.Atom]] = ratBigInt(t.Coef)
		}
		s.sx.addRow(len(s.atoms)+k, row)
	}
	return s, nil
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
		if len(h.Cases) != 1 {
			continue
		}
		cs, conflict := s.assert(&s.norms[i][0], i)
		cuts = append(cuts, cs...)
		if conflict != nil {
			return Result{Status: Unsat, Proof: wrap(cuts, len(s.hyps), conflict)}
		}
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
		switch sg := n.c.Sign(); {
		case n.rel == proofs.RelGe && sg < 0:
			return nil, farkas(proofs.Coef{Hyp: h, Coef: big.NewInt(1)})
		case n.rel == proofs.RelEq && sg != 0:
			return nil, farkas(proofs.Coef{Hyp: h, Coef: big.NewInt(int64(-sg))})
		}
		return nil, nil
	}
	var q, r big.Int
	q.DivMod(n.c, n.g, &r) // Euclidean: q = floor(c/g)
	var cuts []cutStep
	one := big.NewInt(1)
	if n.rel == proofs.RelEq {
		if r.Sign() != 0 {
			// g·σ·p = -c has no integer solution: cut both directions.
			a, b := s.nh, s.nh+1
			cuts = []cutStep{
				{[]proofs.Coef{{Hyp: h, Coef: big.NewInt(1)}}, n.g},
				{[]proofs.Coef{{Hyp: h, Coef: big.NewInt(-1)}}, n.g},
			}
			s.nh += 2
			return cuts, farkas(proofs.Coef{Hyp: a, Coef: one}, proofs.Coef{Hyp: b, Coef: one})
		}
		v := ratBigInt(&q)
		f := ratBigInt(n.g)
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
	b := bound{set: true, hyp: h, f: ratBigInt(n.g)}
	if r.Sign() != 0 {
		cuts = []cutStep{{[]proofs.Coef{{Hyp: h, Coef: big.NewInt(1)}}, n.g}}
		b.hyp, b.f = s.nh, ratInt(1)
		s.nh++
	}
	var e explanation
	if !n.neg {
		b.v = ratBigInt(q.Neg(&q))
		e = s.sx.setLower(n.v, b)
	} else {
		b.v = ratBigInt(&q)
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
	coefs := map[int]rat{}
	for _, x := range e {
		coefs[x.b.hyp] = coefs[x.b.hyp].add(x.mult.quo(x.b.f))
	}
	hs := make([]int, 0, len(coefs))
	lcm := big.NewInt(1)
	for h, c := range coefs {
		if c.isZero() {
			continue
		}
		hs = append(hs, h)
		d := c.big().Denom()
		var g big.Int
		g.GCD(nil, nil, lcm, d)
		lcm.Mul(lcm, new(big.Int).Quo(d, &g))
	}
	slices.Sort(hs)
	comb := make([]proofs.Coef, len(hs))
	for i, h := range hs {
		c := new(big.Rat).Mul(coefs[h].big(), new(big.Rat).SetInt(lcm))
		comb[i] = proofs.Coef{Hyp: h, Coef: new(big.Int).Set(c.Num())}
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
	// Branch on the first atom with a fractional value.
	for x := range s.atoms {
		if v := s.sx.val[x]; !v.isInt() {
			return s.branch(depth, split, x, v.floor())
		}
	}
	// Split on the first disjunction the integer model violates.
	for i, h := range s.hyps {
		if len(h.Cases) < 2 || split[i] || s.holds(i) {
			continue
		}
		return s.caseOr(depth, split, i)
	}
	model := make(map[proofs.Atom]*big.Int, len(s.atoms))
	for x, a := range s.atoms {
		model[a] = s.sx.val[x].floor()
	}
	return nil, model
}

// holds reports whether some case of hypothesis i holds under the current
// (integer) assignment.
func (s *search) holds(i int) bool {
	idx := func(a proofs.Atom) *big.Int {
		k, _ := slices.BinarySearch(s.atoms, a)
		return s.sx.val[k].floor()
	}
	return s.hyps[i].Holds(idx)
}

// branch splits on x <= k | x >= k+1.
func (s *search) branch(depth int, split []bool, x int, k *big.Int) (proofs.ArithProof, map[proofs.Atom]*big.Int) {
	lo, hi := slices.Clone(s.sx.lo), slices.Clone(s.sx.hi)
	h := s.nh
	s.nh++
	var le, ge proofs.ArithProof
	if e := s.sx.setUpper(x, bound{true, ratBigInt(k), h, ratInt(1)}); e != nil {
		le = s.farkasOf(e)
	} else {
		var m map[proofs.Atom]*big.Int
		if le, m = s.solve(depth+1, split); le == nil {
			return nil, m
		}
	}
	if !uses(le, h) {
		// The bound was not needed: le refutes the parent node.
		s.sx.lo, s.sx.hi = lo, hi
		s.nh = h
		return unshift(le, h), nil
	}
	s.sx.lo, s.sx.hi = slices.Clone(lo), slices.Clone(hi)
	k1 := new(big.Int).Add(k, big.NewInt(1))
	if e := s.sx.setLower(x, bound{true, ratBigInt(k1), h, ratInt(1)}); e != nil {
		ge = s.farkasOf(e)
	} else {
		var m map[proofs.Atom]*big.Int
		if ge, m = s.solve(depth+1, split); ge == nil {
			return nil, m
		}
	}
	s.sx.lo, s.sx.hi = lo, hi
	s.nh = h
	if !uses(ge, h) {
		return unshift(ge, h), nil
	}
	return &proofs.Split{E: proofs.Var(s.atoms[x]), K: k, Le: le, Ge: ge}, nil
}

// caseOr refutes every case of disjunction i in turn.
func (s *search) caseOr(depth int, split []bool, i int) (proofs.ArithProof, map[proofs.Atom]*big.Int) {
	lo, hi := slices.Clone(s.sx.lo), slices.Clone(s.sx.hi)
	h := s.nh
	split[i] = true
	defer func() { split[i] = false }()
	p := &proofs.CaseOr{Hyp: i, Cases: make([]proofs.ArithProof, len(s.hyps[i].Cases))}
	for j := range p.Cases {
		s.nh = h + 1
		s.sx.lo, s.sx.hi = slices.Clone(lo), slices.Clone(hi)
		cuts, sub := s.assert(&s.norms[i][j], h)
		if sub == nil {
			var m map[proofs.Atom]*big.Int
			if sub, m = s.solve(depth+1, split); sub == nil {
				return nil, m
			}
		}
		sub = wrap(cuts, h+1, sub)
		if !uses(sub, h) {
			// The case was not needed: sub refutes the parent node.
			s.sx.lo, s.sx.hi = lo, hi
			s.nh = h
			return unshift(sub, h), nil
		}
		p.Cases[j] = sub
	}
	s.sx.lo, s.sx.hi = lo, hi
	s.nh = h
	return p, nil
}
