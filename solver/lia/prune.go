package lia

import "vep/proofs"

// uses reports whether p refers to hypothesis h anywhere. Indices are
// stable downward in a proof tree, so a reference to h in any sub-proof is
// the same hypothesis.
func uses(p proofs.ArithProof, h int) bool {
	switch p := p.(type) {
	case *proofs.Farkas:
		return combUses(p.Comb, h)
	case *proofs.Cut:
		return combUses(p.Comb, h) || uses(p.Then, h)
	case *proofs.Split:
		return uses(p.Le, h) || uses(p.Ge, h)
	case *proofs.CaseOr:
		if p.Hyp == h {
			return true
		}
		for _, q := range p.Cases {
			if uses(q, h) {
				return true
			}
		}
	}
	return false
}

func combUses(comb []proofs.Coef, h int) bool {
	for _, c := range comb {
		if c.Hyp == h {
			return true
		}
	}
	return false
}

// unshift removes hypothesis h, which p does not use, from p's scope: every
// reference above h moves down by one. It rewrites p in place.
func unshift(p proofs.ArithProof, h int) proofs.ArithProof {
	switch q := p.(type) {
	case *proofs.Farkas:
		combUnshift(q.Comb, h)
	case *proofs.Cut:
		combUnshift(q.Comb, h)
		unshift(q.Then, h)
	case *proofs.Split:
		unshift(q.Le, h)
		unshift(q.Ge, h)
	case *proofs.CaseOr:
		if q.Hyp > h {
			q.Hyp--
		}
		for _, r := range q.Cases {
			unshift(r, h)
		}
	}
	return p
}

func combUnshift(comb []proofs.Coef, h int) {
	for i := range comb {
		if comb[i].Hyp > h {
			comb[i].Hyp--
		}
	}
}

// wrap puts the pending cuts, which derived hypotheses first, first+1, …,
// in front of p, leaving out every cut whose fact p does not use.
func wrap(cuts []cutStep, first int, p proofs.ArithProof) proofs.ArithProof {
	for i := len(cuts) - 1; i >= 0; i-- {
		if h := first + i; !uses(p, h) {
			p = unshift(p, h)
			continue
		}
		p = &proofs.Cut{Comb: cuts[i].comb, Div: cuts[i].div, Then: p}
	}
	return p
}
