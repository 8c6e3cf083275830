package solver

import (
	"fmt"
	"math/big"
	"testing"

	"vep/proofs"
	"vep/sep"
)

// mutants returns small changes of a proof, each described.
func mutants(p *proofs.Entailment) map[string]*proofs.Entailment {
	out := map[string]*proofs.Entailment{}
	clone := func() *proofs.Entailment {
		q := &proofs.Entailment{
			Witnesses: append([]sep.Term(nil), p.Witnesses...),
			Steps:     append([]proofs.Step(nil), p.Steps...),
		}
		for _, pp := range p.Pure {
			c := *pp
			q.Pure = append(q.Pure, &c)
		}
		return q
	}
	for i, w := range p.Witnesses {
		q := clone()
		q.Witnesses[i] = sep.NewVar("mutant_value")
		out[fmt.Sprintf("witness %d fresh", i)] = q
		if _, ok := w.(*sep.Var); ok {
			continue
		}
	}
	for i, st := range p.Steps {
		q := clone()
		q.Steps = append(q.Steps[:i:i], q.Steps[i+1:]...)
		out[fmt.Sprintf("drop step %d (%v)", i, st)] = q
		switch st := st.(type) {
		case *proofs.SplitChunk:
			q := clone()
			q.Steps[i] = &proofs.SplitChunk{Chunk: st.Chunk, At: &sep.Binary{Op: sep.Add, X: st.At, Y: sep.NewInt(1)}}
			out[fmt.Sprintf("split %d moved", i)] = q
		case *proofs.MatchChunk:
			q := clone()
			q.Steps[i] = &proofs.MatchChunk{Chunk: st.Chunk + 1, Goal: st.Goal}
			out[fmt.Sprintf("match %d other chunk", i)] = q
			q = clone()
			q.Steps[i] = &proofs.MatchChunk{Chunk: st.Chunk, Goal: st.Goal + 1}
			out[fmt.Sprintf("match %d other goal", i)] = q
		case *proofs.JoinChunks:
			q := clone()
			q.Steps[i] = &proofs.JoinChunks{A: st.B, B: st.A}
			out[fmt.Sprintf("join %d swapped", i)] = q
		}
	}
	for i, pp := range p.Pure {
		// A one-entry combination scaled by 2 is still a contradiction, so
		// only combinations of several entries are perturbed.
		if f := firstFarkas(pp.Arith); f != nil && len(f.Comb) > 1 {
			q := clone()
			q.Pure[i].Arith = replaceFarkas(pp.Arith, perturb(f))
			out[fmt.Sprintf("obligation %d farkas perturbed", i)] = q
		}
		if len(p.Pure) > 1 {
			q := clone()
			j := (i + 1) % len(p.Pure)
			q.Pure[i], q.Pure[j] = q.Pure[j], q.Pure[i]
			if q.Pure[i].Arith.String() != q.Pure[j].Arith.String() || len(q.Pure[i].Insts)+len(q.Pure[i].Lemmas) != len(q.Pure[j].Insts)+len(q.Pure[j].Lemmas) {
				out[fmt.Sprintf("obligations %d and %d swapped", i, j)] = q
			}
		}
	}
	if len(p.Pure) > 0 {
		q := clone()
		q.Pure = q.Pure[:len(q.Pure)-1]
		out["last pure proof dropped"] = q
	}
	return out
}

func firstFarkas(p proofs.ArithProof) *proofs.Farkas {
	switch p := p.(type) {
	case *proofs.Farkas:
		return p
	case *proofs.Cut:
		return firstFarkas(p.Then)
	case *proofs.Split:
		return firstFarkas(p.Le)
	case *proofs.CaseOr:
		if len(p.Cases) > 0 {
			return firstFarkas(p.Cases[0])
		}
	}
	return nil
}

// perturb doubles the first coefficient of the combination, which
// changes the sum unless that hypothesis contributes nothing.
func perturb(f *proofs.Farkas) *proofs.Farkas {
	c := append([]proofs.Coef(nil), f.Comb...)
	c[0] = proofs.Coef{Hyp: c[0].Hyp, Coef: new(big.Int).Mul(c[0].Coef, big.NewInt(2))}
	return &proofs.Farkas{Comb: c}
}

func replaceFarkas(p proofs.ArithProof, r *proofs.Farkas) proofs.ArithProof {
	switch p := p.(type) {
	case *proofs.Farkas:
		return r
	case *proofs.Cut:
		return &proofs.Cut{Comb: p.Comb, Div: p.Div, Then: replaceFarkas(p.Then, r)}
	case *proofs.Split:
		return &proofs.Split{E: p.E, K: p.K, Le: replaceFarkas(p.Le, r), Ge: p.Ge}
	case *proofs.CaseOr:
		cs := append([]proofs.ArithProof(nil), p.Cases...)
		cs[0] = replaceFarkas(cs[0], r)
		return &proofs.CaseOr{Hyp: p.Hyp, Cases: cs}
	}
	return p
}

// TestMutants checks that the kernel rejects every mutant of every proof
// the solver finds for the corpus. A mutant the kernel accepts must be one
// listed in benign, with the argument why it is still a valid proof.
func TestMutants(t *testing.T) {
	total, rejected := 0, 0
	for _, c := range loadCorpus(t) {
		if !c.valid {
			continue
		}
		res, err := Prove(c.vc, c.env, Options{})
		if err != nil || !res.Valid {
			t.Fatalf("%s: %v %v", c.name, err, res)
		}
		for name, m := range mutants(res.Proof) {
			total++
			if err := proofs.CheckEntailment(c.vc, c.env, m); err != nil {
				rejected++
				continue
			}
			t.Errorf("%s: mutant %q accepted:\n%v", c.name, name, m)
		}
	}
	t.Logf("%d mutants, %d rejected", total, rejected)
}

// TestTransplant checks every proof the solver finds for the corpus
// against every VC the corpus says is invalid (the invalid VCs and the
// broken variants): the kernel must reject them all.
func TestTransplant(t *testing.T) {
	cases := loadCorpus(t)
	type target struct {
		name string
		env  sep.TypeEnv
		vc   proofs.VC
	}
	var bad []target
	var good []*proofs.Entailment
	for _, c := range cases {
		if !c.valid {
			bad = append(bad, target{c.name, c.env, c.vc})
			continue
		}
		if c.broken != nil {
			bad = append(bad, target{c.name + " (broken)", c.env, *c.broken})
		}
		res, err := Prove(c.vc, c.env, Options{})
		if err != nil || !res.Valid {
			t.Fatalf("%s: %v %v", c.name, err, res)
		}
		good = append(good, res.Proof)
	}
	checks := 0
	for _, b := range bad {
		for _, p := range good {
			checks++
			if err := proofs.CheckEntailment(b.vc, b.env, p); err == nil {
				t.Errorf("%s: accepted a transplanted proof:\n%v", b.name, p)
			}
		}
	}
	t.Logf("%d transplant checks", checks)
}
