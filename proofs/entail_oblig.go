package proofs

import (
	"fmt"

	"vep/sep"
)

// Finish checks that every goal chunk and every goal fact map_value or ctx
// was proved, and adds the goal's other pure conjuncts as obligations.
func (s *Session) Finish() error {
	if s.finished {
		return fmt.Errorf("session finished twice")
	}
	if !s.witnessed {
		return fmt.Errorf("finish before the witnesses are given")
	}
	for i, m := range s.matched {
		if !m {
			return fmt.Errorf("goal chunk g%d (%v) is not matched", i, s.goalChunks[i])
		}
	}
	for i, f := range s.goalPure {
		if p, ok := f.(*sep.Pred); ok && !p.Owned() {
			if !s.usedFact[i] {
				return fmt.Errorf("goal fact g%d (%v) is not proved", i, f)
			}
			continue
		}
		if err := s.addObligation(f, "goal"); err != nil {
			return err
		}
	}
	s.finished = true
	return nil
}

// addObligation adds f, split at its top-level conjunctions and foralls
// (whose variables become fresh constants), also under implications. Equalities that hold by their
// linear form are dropped; a list equality becomes two obligations, equal
// lengths and equal elements at a fresh index k in range.
func (s *Session) addObligation(f sep.Formula, origin string) error {
	if err := s.lz.sorts.formula(f, map[string]int{}); err != nil {
		return fmt.Errorf("%s: %w", origin, err)
	}
	switch g := f.(type) {
	case *sep.And:
		if err := s.addObligation(g.X, origin); err != nil {
			return err
		}
		return s.addObligation(g.Y, origin)
	case *sep.Sep:
		if err := s.addObligation(g.X, origin); err != nil {
			return err
		}
		return s.addObligation(g.Y, origin)
	case *sep.Bool:
		if g.Val {
			return nil
		}
	case *sep.Forall:
		sub := map[string]sep.Term{}
		for _, v := range g.Vars {
			sub[v.Name] = sep.NewVar(s.fresh(v.Name, true))
		}
		return s.addObligation(sep.Subst(g.Body, sub), origin)
	case *sep.Implies:
		// A => B && C is (A => B) && (A => C); A => forall k, P is
		// A => P for a fresh k, which does not occur in A.
		switch b := g.Y.(type) {
		case *sep.And:
			if err := s.addObligation(impF(g.X, b.X), origin); err != nil {
				return err
			}
			return s.addObligation(impF(g.X, b.Y), origin)
		case *sep.Sep:
			if err := s.addObligation(impF(g.X, b.X), origin); err != nil {
				return err
			}
			return s.addObligation(impF(g.X, b.Y), origin)
		case *sep.Forall:
			sub := map[string]sep.Term{}
			for _, v := range b.Vars {
				sub[v.Name] = sep.NewVar(s.fresh(v.Name, true))
			}
			return s.addObligation(impF(g.X, sep.Subst(b.Body, sub)), origin)
		}
	case *sep.Cmp:
		if g.Op != sep.Eq && !s.lz.sorts.isList(g.X) && !s.lz.sorts.isList(g.Y) {
			// A comparison whose difference is a constant that satisfies it
			// needs no proof.
			x, err := s.lz.lin(g.X)
			if err != nil {
				return fmt.Errorf("%s: %w", origin, err)
			}
			y, err := s.lz.lin(g.Y)
			if err != nil {
				return fmt.Errorf("%s: %w", origin, err)
			}
			if d := linMerge(x, y, true); d.IsConst() && constHolds(g.Op, d.constRef().Sign()) { // x.Sub(y)
				return nil
			}
			break
		}
		if g.Op != sep.Eq {
			break
		}
		if s.lz.sorts.isList(g.X) || s.lz.sorts.isList(g.Y) {
			a, err := s.lz.listKey(g.X)
			if err != nil {
				return fmt.Errorf("%s: %w", origin, err)
			}
			b, err := s.lz.listKey(g.Y)
			if err != nil {
				return fmt.Errorf("%s: %w", origin, err)
			}
			if a == b {
				return nil
			}
			if err := s.push(cmpF(sep.Eq, lenT(g.X), lenT(g.Y)), origin); err != nil {
				return err
			}
			k := sep.NewVar(s.fresh("k", true))
			s.lz.sorts.m[k.Name] = sortInt
			return s.push(impF(inRange(k, lenT(g.X)), cmpF(sep.Eq, idxT(g.X, k), idxT(g.Y, k))), origin)
		}
		x, err := s.lz.lin(g.X)
		if err != nil {
			return fmt.Errorf("%s: %w", origin, err)
		}
		y, err := s.lz.lin(g.Y)
		if err != nil {
			return fmt.Errorf("%s: %w", origin, err)
		}
		if x.Equal(y) {
			return nil
		}
	}
	return s.push(f, origin)
}

func (s *Session) push(f sep.Formula, origin string) error {
	if len(s.obligations) >= MaxObligations {
		return fmt.Errorf("more than %d obligations", MaxObligations)
	}
	s.obligations = append(s.obligations, Obligation{Formula: f, Origin: origin})
	return nil
}

// Hyps returns the hypotheses a refutation must refute to prove f with the
// instances and lemmas of pp (its Arith is ignored): the base hypotheses,
// then each instance's, then each lemma's, then those of !f. Atoms beyond
// those of the base hypotheses are numbered afresh by each call, in the
// order the lowering meets them; Atoms describes the last call's numbering.
func (s *Session) Hyps(f sep.Formula, pp *PureProof) ([]Hyp, error) {
	if pp == nil {
		return nil, fmt.Errorf("missing pure proof")
	}
	if len(pp.Insts) > MaxInsts || len(pp.Lemmas) > MaxInsts {
		return nil, fmt.Errorf("more than %d instances or lemmas", MaxInsts)
	}
	// Number the atoms beyond the base ones afresh, so that the numbering
	// depends only on f and pp (an arithmetic proof names atoms in Split).
	s.lz.atoms.truncate(s.baseAtoms)
	hyps := append([]Hyp(nil), s.base...)
	// assume adds the hypotheses of a well-sorted fact.
	assume := func(f sep.Formula) error {
		if err := s.lz.sorts.formula(f, map[string]int{}); err != nil {
			return err
		}
		hs, err := s.lw.hyp(f)
		if err != nil {
			return err
		}
		hyps = append(hyps, hs...)
		return nil
	}
	for i, in := range pp.Insts {
		if in.Fact < 0 || in.Fact >= len(s.facts) {
			return nil, fmt.Errorf("inst %d: fact f%d out of range (%d facts)", i, in.Fact, len(s.facts))
		}
		q, ok := s.facts[in.Fact].(*sep.Forall)
		if !ok {
			return nil, fmt.Errorf("inst %d: fact f%d is not a forall", i, in.Fact)
		}
		if len(in.Terms) != len(q.Vars) {
			return nil, fmt.Errorf("inst %d: f%d binds %d variables, got %d terms", i, in.Fact, len(q.Vars), len(in.Terms))
		}
		sub := map[string]sep.Term{}
		for j, v := range q.Vars {
			if in.Terms[j] == nil {
				return nil, fmt.Errorf("inst %d: missing term", i)
			}
			sub[v.Name] = in.Terms[j]
		}
		if err := assume(sep.Subst(q.Body, sub)); err != nil {
			return nil, fmt.Errorf("inst %d: %w", i, err)
		}
	}
	for i, l := range pp.Lemmas {
		fs, err := lemmaFacts(l, s.lz)
		if err != nil {
			return nil, fmt.Errorf("lemma %d: %w", i, err)
		}
		for _, f := range fs {
			if err := assume(f); err != nil {
				return nil, fmt.Errorf("lemma %d: %w", i, err)
			}
		}
	}
	if err := s.lz.sorts.formula(f, map[string]int{}); err != nil {
		return nil, err
	}
	hs, err := s.lw.neg(f)
	if err != nil {
		return nil, err
	}
	return append(hyps, hs...), nil
}

// constHolds reports whether d op 0 holds for a constant d of the given sign.
func constHolds(op sep.CmpOp, sign int) bool {
	switch op {
	case sep.Eq:
		return sign == 0
	case sep.Ne:
		return sign != 0
	case sep.Lt:
		return sign < 0
	case sep.Le:
		return sign <= 0
	case sep.Gt:
		return sign > 0
	case sep.Ge:
		return sign >= 0
	}
	return false
}
