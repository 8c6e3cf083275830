package lia

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"vep/proofs"
)

// mutants returns every single-step mutation of p: a coefficient changed,
// a combination entry or proof step dropped, hypothesis indices swapped or
// moved, a split constant moved, a cut divisor changed, branches swapped.
// The result shares unchanged sub-trees with p but never modifies p.
func mutants(p proofs.ArithProof) []proofs.ArithProof {
	var out []proofs.ArithProof
	switch p := p.(type) {
	case *proofs.Farkas:
		for _, c := range combMutants(p.Comb) {
			out = append(out, &proofs.Farkas{Comb: c})
		}
	case *proofs.Cut:
		for _, c := range combMutants(p.Comb) {
			out = append(out, &proofs.Cut{Comb: c, Div: p.Div, Then: p.Then})
		}
		for _, d := range intMutants(p.Div) {
			out = append(out, &proofs.Cut{Comb: p.Comb, Div: d, Then: p.Then})
		}
		out = append(out, p.Then) // drop the cut
		for _, m := range mutants(p.Then) {
			out = append(out, &proofs.Cut{Comb: p.Comb, Div: p.Div, Then: m})
		}
	case *proofs.Split:
		for _, k := range intMutants(p.K) {
			out = append(out, &proofs.Split{E: p.E, K: k, Le: p.Le, Ge: p.Ge})
		}
		out = append(out,
			&proofs.Split{E: p.E.AddConst(1), K: p.K, Le: p.Le, Ge: p.Ge},
			&proofs.Split{E: p.E.Scale(big.NewInt(2)), K: p.K, Le: p.Le, Ge: p.Ge},
			&proofs.Split{E: p.E.Add(proofs.Var(0)), K: p.K, Le: p.Le, Ge: p.Ge},
			&proofs.Split{E: p.E, K: p.K, Le: p.Ge, Ge: p.Le},
			p.Le, p.Ge)
		for _, m := range mutants(p.Le) {
			out = append(out, &proofs.Split{E: p.E, K: p.K, Le: m, Ge: p.Ge})
		}
		for _, m := range mutants(p.Ge) {
			out = append(out, &proofs.Split{E: p.E, K: p.K, Le: p.Le, Ge: m})
		}
	case *proofs.CaseOr:
		out = append(out, &proofs.CaseOr{Hyp: p.Hyp + 1, Cases: p.Cases}, &proofs.CaseOr{Hyp: p.Hyp - 1, Cases: p.Cases})
		for i := range p.Cases {
			drop := append(append([]proofs.ArithProof(nil), p.Cases[:i]...), p.Cases[i+1:]...)
			out = append(out, &proofs.CaseOr{Hyp: p.Hyp, Cases: drop}, p.Cases[i])
			if i > 0 {
				sw := append([]proofs.ArithProof(nil), p.Cases...)
				sw[i-1], sw[i] = sw[i], sw[i-1]
				out = append(out, &proofs.CaseOr{Hyp: p.Hyp, Cases: sw})
			}
			for _, m := range mutants(p.Cases[i]) {
				cs := append([]proofs.ArithProof(nil), p.Cases...)
				cs[i] = m
				out = append(out, &proofs.CaseOr{Hyp: p.Hyp, Cases: cs})
			}
		}
	}
	return out
}

func intMutants(x *big.Int) []*big.Int {
	one := big.NewInt(1)
	return []*big.Int{
		new(big.Int).Add(x, one), new(big.Int).Sub(x, one),
		new(big.Int).Neg(x), new(big.Int).Mul(x, big.NewInt(2)),
	}
}

func combMutants(comb []proofs.Coef) [][]proofs.Coef {
	var out [][]proofs.Coef
	with := func(f func(c []proofs.Coef)) {
		c := append([]proofs.Coef(nil), comb...)
		f(c)
		out = append(out, c)
	}
	for i := range comb {
		for _, k := range intMutants(comb[i].Coef) {
			with(func(c []proofs.Coef) { c[i].Coef = k })
		}
		with(func(c []proofs.Coef) { c[i].Hyp++ })
		with(func(c []proofs.Coef) { c[i].Hyp-- })
		out = append(out, append(append([]proofs.Coef(nil), comb[:i]...), comb[i+1:]...))
		if i > 0 && comb[i-1].Hyp != comb[i].Hyp {
			with(func(c []proofs.Coef) { c[i-1].Hyp, c[i].Hyp = c[i].Hyp, c[i-1].Hyp })
		}
	}
	return out
}

// TestMutations checks the kernel against mutated solver proofs. A mutant
// the kernel accepts must still refute a set that brute force confirms is
// unsatisfiable. Then every hypothesis is weakened in turn (dropped, or its
// constant raised by one); whenever the weakened set is satisfiable, the
// original proof must be rejected against it.
func TestMutations(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	var problems, mut, rejected, weakened int
	for problems < 300 {
		n := 2 + r.IntN(2)
		hyps := randProblem(r, n)
		res, err := Refute(hyps, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != Unsat {
			continue
		}
		problems++
		for _, m := range mutants(res.Proof) {
			mut++
			if proofs.CheckRefutation(hyps, m) != nil {
				rejected++
			} else if bruteSat(hyps, n) {
				t.Fatalf("kernel accepted a mutant refuting satisfiable %v:\n%v", hyps, m)
			}
		}
		for i := range hyps {
			for _, w := range weaken(hyps[i]) {
				h2 := append([]proofs.Hyp(nil), hyps...)
				h2[i] = w
				if !bruteSat(h2, n) {
					continue
				}
				weakened++
				if err := proofs.CheckRefutation(h2, res.Proof); err == nil {
					t.Fatalf("kernel accepted a refutation of satisfiable %v:\n%v", h2, res.Proof)
				}
			}
		}
	}
	t.Logf("%d proofs, %d mutants, %d rejected, %d accepted (all genuine); %d satisfiable weakenings rejected",
		problems, mut, rejected, mut-rejected, weakened)
}

// weaken returns weaker versions of h: the trivially true 0 >= 0, and h
// with the constant of every case raised by one (== cases become >=).
func weaken(h proofs.Hyp) []proofs.Hyp {
	var cs []proofs.Constraint
	for _, c := range h.Cases {
		cs = append(cs, proofs.Constraint{L: c.L.AddConst(1), Rel: proofs.RelGe})
	}
	return []proofs.Hyp{proofs.Fact(proofs.Geq(proofs.Const(0), proofs.Const(0))), proofs.Disj(cs...)}
}

// TestWeakenedTypical weakens each hypothesis of every typical Unsat
// problem in turn; when the solver finds (and verifies) a model of the
// weakened set, the kernel must reject the original proof against it.
func TestWeakenedTypical(t *testing.T) {
	rejected := 0
	for _, tt := range typical {
		if tt.want != Unsat {
			continue
		}
		p, err := parseProblem(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Refute(p.hyps, Options{})
		if err != nil || res.Status != Unsat {
			t.Fatalf("%s: %v %v", tt.name, res.Status, err)
		}
		for i := range p.hyps {
			for _, w := range weaken(p.hyps[i]) {
				h2 := append([]proofs.Hyp(nil), p.hyps...)
				h2[i] = w
				r2, err := Refute(h2, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if r2.Status != Sat {
					continue
				}
				rejected++
				if err := proofs.CheckRefutation(h2, res.Proof); err == nil {
					t.Fatalf("%s: proof accepted against satisfiable %v", tt.name, h2)
				}
			}
		}
	}
	t.Logf("%d satisfiable weakenings, all rejected", rejected)
}
