package solver

import (
	"math/rand"
	"testing"

	"vep/proofs"
	"vep/sep"
)

// TestFastDiffAgrees compares the fast linear forms with the session's
// Difference on pairs of integer terms: those of the corpus and random
// ones. Where the fast path answers, it must agree.
func TestFastDiffAgrees(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	checked := 0
	check := func(p *prover, x, y sep.Term) {
		if p.s.IsList(x) || p.s.IsList(y) {
			return
		}
		if !p.diff(x, y) {
			return
		}
		d, ok := p.s.Difference(x, y)
		switch {
		case p.fl.isConst() && (!ok || !d.IsInt64() || d.Int64() != p.fl.c):
			t.Errorf("%v - %v: fast %d, session %v %v", x, y, p.fl.c, d, ok)
		case !p.fl.isConst() && ok:
			t.Errorf("%v - %v: fast not constant, session %v", x, y, d)
		}
		checked++
	}
	for _, c := range loadCorpus(t) {
		s, err := proofs.NewSession(c.vc, c.env)
		if err != nil {
			t.Fatal(err)
		}
		p := &prover{vc: c.vc, env: c.env, s: s}
		var terms []sep.Term
		for _, f := range []sep.Formula{c.vc.Hyp, c.vc.Goal} {
			sep.Walk(f, func(n sep.Node) bool {
				if t, ok := n.(sep.Term); ok {
					if _, bad := n.(*sep.Var); !bad || !p.s.IsList(t) {
						terms = append(terms, t)
					}
				}
				return true
			})
		}
		for i := range terms {
			for j := range terms {
				check(p, terms[i], terms[j])
			}
		}
		for range 200 {
			check(p, randLinTerm(r, terms, 3), randLinTerm(r, terms, 3))
		}
	}
	if checked < 1000 {
		t.Errorf("only %d pairs in the fragment", checked)
	}
	t.Logf("%d pairs checked", checked)
}

func randLinTerm(r *rand.Rand, leaves []sep.Term, depth int) sep.Term {
	if depth == 0 || r.Intn(3) == 0 {
		switch r.Intn(4) {
		case 0:
			return sep.NewInt(int64(r.Intn(9) - 4))
		case 1:
			return &sep.Sizeof{Type: sep.U32}
		default:
			if len(leaves) > 0 {
				return leaves[r.Intn(len(leaves))]
			}
			return sep.NewVar("x")
		}
	}
	x, y := randLinTerm(r, leaves, depth-1), randLinTerm(r, leaves, depth-1)
	switch r.Intn(7) {
	case 0:
		return &sep.Binary{Op: sep.Sub, X: x, Y: y}
	case 1:
		return &sep.Binary{Op: sep.Mul, X: x, Y: y}
	case 2:
		return &sep.Unary{Op: sep.Neg, X: x}
	case 3:
		return &sep.Unary{Op: sep.BitNot, X: x}
	case 4:
		return &sep.Binary{Op: sep.Shl, X: x, Y: sep.NewInt(int64(r.Intn(4)))}
	}
	return &sep.Binary{Op: sep.Add, X: x, Y: y}
}
