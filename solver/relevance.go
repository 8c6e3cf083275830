package solver

import "vep/proofs"

// relevant returns the indices of the hypotheses connected by shared atoms
// to those from index seed on (the instances, lemmas and negated goal),
// plus every hypothesis without atoms. The others cannot take part in a
// refutation unless they are contradictory by themselves.
func relevant(hyps []proofs.Hyp, seed int) []int {
	atoms := make([][]proofs.Atom, len(hyps))
	for i, h := range hyps {
		for _, c := range h.Cases {
			for k := range c.L.Len() {
				a, _, _ := c.L.TermInt64(k)
				atoms[i] = append(atoms[i], a)
			}
		}
	}
	in := make([]bool, len(hyps))
	reach := map[proofs.Atom]bool{}
	for i := range hyps {
		if i >= seed || len(atoms[i]) == 0 {
			in[i] = true
			for _, a := range atoms[i] {
				reach[a] = true
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for i := range hyps {
			if in[i] {
				continue
			}
			for _, a := range atoms[i] {
				if reach[a] {
					in[i], changed = true, true
					for _, b := range atoms[i] {
						reach[b] = true
					}
					break
				}
			}
		}
	}
	var sel []int
	for i, ok := range in {
		if ok {
			sel = append(sel, i)
		}
	}
	return sel
}

// remap rewrites a refutation of the hypotheses sel (a subset of n
// hypotheses, in order) into one of all n: a reference to the i-th
// selected hypothesis becomes sel[i], one to a hypothesis derived inside
// the proof moves up by n - len(sel).
func remap(p proofs.ArithProof, sel []int, n int) proofs.ArithProof {
	m := func(i int) int {
		if i < len(sel) {
			return sel[i]
		}
		return i - len(sel) + n
	}
	comb := func(c []proofs.Coef) []proofs.Coef {
		out := make([]proofs.Coef, len(c))
		for i, e := range c {
			out[i] = proofs.Coef{Hyp: m(e.Hyp), Coef: e.Coef}
		}
		return out
	}
	switch p := p.(type) {
	case *proofs.Farkas:
		return &proofs.Farkas{Comb: comb(p.Comb)}
	case *proofs.Cut:
		return &proofs.Cut{Comb: comb(p.Comb), Div: p.Div, Then: remap(p.Then, sel, n)}
	case *proofs.Split:
		return &proofs.Split{E: p.E, K: p.K, Le: remap(p.Le, sel, n), Ge: remap(p.Ge, sel, n)}
	case *proofs.CaseOr:
		cs := make([]proofs.ArithProof, len(p.Cases))
		for i, q := range p.Cases {
			cs[i] = remap(q, sel, n)
		}
		return &proofs.CaseOr{Hyp: m(p.Hyp), Cases: cs}
	}
	return p
}
