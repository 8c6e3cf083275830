package proofs

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"vep/sep"
)

// Session limits.
const (
	MaxSteps       = 4096 // spatial steps of one entailment
	MaxObligations = 4096 // pure obligations of one entailment
	MaxInsts       = 256  // instances or lemmas of one pure proof
	MaxWitnesses   = 256
)

// Obligation is a pure formula the kernel requires a PureProof for. Origin
// says where it comes from ("step 3 (join c0 c1)", "goal").
type Obligation struct {
	Formula sep.Formula
	Origin  string
}

// Session is the state of the kernel replaying one entailment: the working
// list of Hyp chunks, the goal, and the pure obligations produced so far.
// CheckEntailment drives a Session; the solver drives one to build a proof
// that the kernel will replay identically.
//
// The order of events is fixed: NewSession, then spatial steps (split, join,
// forget, unfold) and SetWitnesses in any order, then MatchChunk and UseFact
// steps (which need the witnesses), then Finish. Fresh names (for Hyp
// existentials that clash with Goal names, for unfolded field values) avoid
// the names of the VC and earlier fresh names only, so they do not depend
// on when SetWitnesses is called; names for a goal's forall and for list
// extensionality also avoid every name of the witnesses and steps.
type Session struct {
	lz       *linearizer
	lw       *lowerer
	vcNames  map[string]bool
	allNames map[string]bool

	facts     []sep.Formula
	base      []Hyp
	baseAtoms int // atoms of the base hypotheses; Hyps numbers the rest afresh
	chunks []*sep.Pred

	goalExists  []sep.Ident
	goalPure0   []sep.Formula
	goalChunks0 []*sep.Pred
	goalPure    []sep.Formula
	goalChunks  []*sep.Pred
	witnessed   bool
	matched     []bool
	usedFact    []bool

	obligations []Obligation
	nsteps      int
	finished    bool
}

// NewSession normalizes both sides of vc, introduces the existentials of
// Hyp as constants, and computes the facts: Hyp's pure conjuncts, then for
// each of them that equates two lists L1 == L2 the fact forall k, L1[k] ==
// L2[k], then the facts its chunks imply (for chars(p, n, l) and array(p, T, n, l):
// len(l) == n and the range of every element; for data_at(p, T, v) of an
// integer type: the range of v). env resolves types; nil means sep.Builtin.
func NewSession(vc VC, env sep.TypeEnv) (*Session, error) {
	if env == nil {
		env = sep.Builtin
	}
	if vc.Hyp == nil || vc.Goal == nil {
		return nil, fmt.Errorf("vc: missing hypothesis or goal")
	}
	hn, err := sep.Normalize(vc.Hyp)
	if err != nil {
		return nil, fmt.Errorf("vc hypothesis: %w", err)
	}
	gn, err := sep.Normalize(vc.Goal)
	if err != nil {
		return nil, fmt.Errorf("vc goal: %w", err)
	}
	s := &Session{vcNames: map[string]bool{}, allNames: map[string]bool{}}
	s.lz = &linearizer{atoms: NewAtomTable(), env: env, sorts: &sorts{m: map[string]sort{}}}
	s.lw = &lowerer{lz: s.lz}
	goalNames := map[string]bool{}
	collectNames(vc.Goal, goalNames)
	collectNames(vc.Hyp, s.vcNames)
	for k := range goalNames {
		s.vcNames[k] = true
	}
	for k := range s.vcNames {
		s.allNames[k] = true
	}
	// Hyp's existentials become constants; rename those that clash with a
	// name of the goal.
	ren := map[string]sep.Term{}
	for _, e := range hn.Exists {
		if goalNames[e.Name] {
			ren[e.Name] = &sep.Var{Name: s.fresh(e.Name, false)}
		}
	}
	for _, f := range hn.Pure {
		s.facts = append(s.facts, sep.Subst(f, ren))
	}
	for _, c := range hn.Chunks {
		s.chunks = append(s.chunks, substPred(c, ren))
	}
	s.goalExists = gn.Exists
	s.goalPure0 = gn.Pure
	s.goalChunks0 = gn.Chunks
	// Sorts: Hyp, then Goal with its existentials bound.
	for _, f := range s.facts {
		if err := s.lz.sorts.formula(f, map[string]int{}); err != nil {
			return nil, fmt.Errorf("vc hypothesis: %w", err)
		}
	}
	for _, c := range s.chunks {
		if err := s.lz.sorts.formula(c, map[string]int{}); err != nil {
			return nil, fmt.Errorf("vc hypothesis: %w", err)
		}
	}
	bound := map[string]int{}
	for _, e := range gn.Exists {
		bound[e.Name]++
	}
	for _, f := range gn.Pure {
		if err := s.lz.sorts.formula(f, bound); err != nil {
			return nil, fmt.Errorf("vc goal: %w", err)
		}
	}
	for _, c := range gn.Chunks {
		if err := s.lz.sorts.formula(c, bound); err != nil {
			return nil, fmt.Errorf("vc goal: %w", err)
		}
	}
	// A list equality implies equal elements at every index.
	for _, f := range s.facts {
		if c, ok := f.(*sep.Cmp); ok && c.Op == sep.Eq && (s.lz.sorts.isList(c.X) || s.lz.sorts.isList(c.Y)) {
			k := sep.NewVar(s.fresh("k", false))
			s.facts = append(s.facts, &sep.Forall{Vars: []sep.Ident{{Name: k.Name}},
				Body: cmpF(sep.Eq, idxT(c.X, k), idxT(c.Y, k))})
		}
	}
	for _, c := range s.chunks {
		fs, err := s.chunkFacts(c)
		if err != nil {
			return nil, err
		}
		s.facts = append(s.facts, fs...)
	}
	for _, f := range s.facts {
		hs, err := s.lw.hyp(f)
		if err != nil {
			return nil, fmt.Errorf("vc hypothesis %v: %w", f, err)
		}
		s.base = append(s.base, hs...)
	}
	s.baseAtoms = s.lz.atoms.Len()
	return s, nil
}

// collectNames adds every variable and quantifier name of n to set.
func collectNames(n sep.Node, set map[string]bool) {
	sep.Walk(n, func(m sep.Node) bool {
		switch m := m.(type) {
		case *sep.Var:
			k, _ := sep.Key(m)
			set[k] = true
			set[m.Name] = true
		case *sep.Reg:
			k, _ := sep.Key(m)
			set[k] = true
		case *sep.Exists:
			for _, v := range m.Vars {
				set[v.Name] = true
			}
		case *sep.Forall:
			for _, v := range m.Vars {
				set[v.Name] = true
			}
		}
		return true
	})
}

// fresh returns base_N for the smallest N >= 1 unused: by the VC and earlier
// fresh names, and if all, also by the witnesses and step terms.
func (s *Session) fresh(base string, all bool) string {
	for n := 1; ; n++ {
		name := base + "_" + strconv.Itoa(n)
		if s.vcNames[name] || (all && s.allNames[name]) {
			continue
		}
		s.vcNames[name] = true
		s.allNames[name] = true
		return name
	}
}

// chunkFacts returns the pure facts implied by an owned chunk.
func (s *Session) chunkFacts(c *sep.Pred) ([]sep.Formula, error) {
	if _, err := predSorts(c); err != nil {
		return nil, err
	}
	switch c.Name {
	case "chars", "array":
		n, l := c.Args[1], c.Args[2]
		out := []sep.Formula{cmpF(sep.Eq, lenT(l), n)}
		var lo, hi *big.Int
		switch ty := c.Type.(type) {
		case nil:
			lo, hi = sep.U8.Range()
		case *sep.IntType:
			lo, hi = ty.Range()
		}
		if lo != nil {
			k := s.fresh("k", false)
			kv := sep.NewVar(k)
			lk := idxT(l, kv)
			out = append(out, &sep.Forall{Vars: []sep.Ident{{Name: k}},
				Body: impF(inRange(kv, n), andF(cmpF(sep.Le, bigT(lo), lk), cmpF(sep.Le, lk, bigT(hi))))})
		}
		return out, nil
	case "data_at":
		if ty, ok := c.Type.(*sep.IntType); ok {
			lo, hi := ty.Range()
			v := c.Args[1]
			return []sep.Formula{cmpF(sep.Le, bigT(lo), v), cmpF(sep.Le, v, bigT(hi))}, nil
		}
	}
	return nil, nil
}

// Facts returns the facts that Inst and UseFact refer to by index.
func (s *Session) Facts() []sep.Formula { return s.facts }

// BaseHyps returns the lowering of the facts: the first hypotheses of every
// pure obligation.
func (s *Session) BaseHyps() []Hyp { return s.base }

// Atoms returns the session's atom table.
func (s *Session) Atoms() *AtomTable { return s.lz.atoms }

// Chunks returns the working list; consumed chunks are nil.
func (s *Session) Chunks() []*sep.Pred { return s.chunks }

// GoalExists returns the existentials of the goal's normal form.
func (s *Session) GoalExists() []sep.Ident { return s.goalExists }

// GoalChunks returns the goal's chunks, with the witnesses substituted once
// SetWitnesses has been called.
func (s *Session) GoalChunks() []*sep.Pred {
	if s.witnessed {
		return s.goalChunks
	}
	return s.goalChunks0
}

// GoalPure returns the goal's pure conjuncts, with the witnesses
// substituted once SetWitnesses has been called.
func (s *Session) GoalPure() []sep.Formula {
	if s.witnessed {
		return s.goalPure
	}
	return s.goalPure0
}

// Obligations returns the pure obligations produced so far.
func (s *Session) Obligations() []Obligation { return s.obligations }

// SetWitnesses substitutes ws for the goal's existentials. It fails if the
// count is wrong or a witness has the wrong sort.
func (s *Session) SetWitnesses(ws []sep.Term) error {
	if s.witnessed {
		return fmt.Errorf("witnesses given twice")
	}
	if len(ws) != len(s.goalExists) {
		return fmt.Errorf("goal has %d existentials, proof gives %d witnesses", len(s.goalExists), len(ws))
	}
	sub := map[string]sep.Term{}
	for i, w := range ws {
		if w == nil {
			return fmt.Errorf("witness %d is missing", i)
		}
		collectNames(w, s.allNames)
		sub[s.goalExists[i].Name] = w
	}
	s.goalPure = make([]sep.Formula, len(s.goalPure0))
	for i, f := range s.goalPure0 {
		s.goalPure[i] = sep.Subst(f, sub)
		if err := s.lz.sorts.formula(s.goalPure[i], map[string]int{}); err != nil {
			return fmt.Errorf("goal with witnesses: %w", err)
		}
	}
	s.goalChunks = make([]*sep.Pred, len(s.goalChunks0))
	for i, c := range s.goalChunks0 {
		s.goalChunks[i] = substPred(c, sub)
		if err := s.lz.sorts.formula(s.goalChunks[i], map[string]int{}); err != nil {
			return fmt.Errorf("goal with witnesses: %w", err)
		}
	}
	s.matched = make([]bool, len(s.goalChunks))
	s.usedFact = make([]bool, len(s.goalPure))
	s.witnessed = true
	return nil
}

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
// (whose variables become fresh constants). Equalities that hold by their
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
			if d := x.Sub(y); d.IsConst() && constHolds(g.Op, d.Constant().Sign()) {
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
		body := sep.Subst(q.Body, sub)
		if err := s.lz.sorts.formula(body, map[string]int{}); err != nil {
			return nil, fmt.Errorf("inst %d: %w", i, err)
		}
		hs, err := s.lw.hyp(body)
		if err != nil {
			return nil, fmt.Errorf("inst %d: %w", i, err)
		}
		hyps = append(hyps, hs...)
	}
	for i, l := range pp.Lemmas {
		fs, err := lemmaFacts(l, s.lz)
		if err != nil {
			return nil, fmt.Errorf("lemma %d: %w", i, err)
		}
		for _, f := range fs {
			if err := s.lz.sorts.formula(f, map[string]int{}); err != nil {
				return nil, fmt.Errorf("lemma %d: %w", i, err)
			}
			hs, err := s.lw.hyp(f)
			if err != nil {
				return nil, fmt.Errorf("lemma %d: %w", i, err)
			}
			hyps = append(hyps, hs...)
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

// substPred substitutes into a predicate.
func substPred(p *sep.Pred, sub map[string]sep.Term) *sep.Pred {
	args := make([]sep.Term, len(p.Args))
	for i, a := range p.Args {
		args[i] = sep.SubstTerm(a, sub)
	}
	return &sep.Pred{At: p.At, Name: p.Name, Type: p.Type, Args: args}
}

// LemmaHyps returns the hypotheses the lemma instance l contributes, or an
// error if the schema does not apply to its arguments.
func (s *Session) LemmaHyps(l Lemma) ([]Hyp, error) {
	fs, err := lemmaFacts(l, s.lz)
	if err != nil {
		return nil, err
	}
	var out []Hyp
	for _, f := range fs {
		if err := s.lz.sorts.formula(f, map[string]int{}); err != nil {
			return nil, err
		}
		hs, err := s.lw.hyp(f)
		if err != nil {
			return nil, err
		}
		out = append(out, hs...)
	}
	return out, nil
}

// LemmaFormulas returns the valid formulas the lemma instance l states, or
// an error if the schema does not apply to its arguments.
func (s *Session) LemmaFormulas(l Lemma) ([]sep.Formula, error) { return lemmaFacts(l, s.lz) }

// IsList reports whether t denotes a list in this session's sorts.
func (s *Session) IsList(t sep.Term) bool { return s.lz.sorts.isList(t) }

// SizeTerm returns the size in bytes of the owned chunk c as a term, and its
// element size (1 for byte predicates).
func (s *Session) SizeTerm(c *sep.Pred) (size sep.Term, elem int64, err error) {
	if _, err := predSorts(c); err != nil {
		return nil, 0, err
	}
	switch c.Name {
	case "chars", "undef_chars":
		return c.Args[1], 1, nil
	case "array", "undef_array":
		n, err := sep.SizeOf(s.lz.env, c.Type)
		if err != nil {
			return nil, 0, err
		}
		return binT(sep.Mul, c.Args[1], sep.NewInt(n)), n, nil
	case "store_chars":
		return binT(sep.Sub, c.Args[1], c.Args[0]), 1, nil
	case "data_at":
		n, err := sep.SizeOf(s.lz.env, c.Type)
		return sep.NewInt(n), n, err
	}
	if st, ok := strings.CutPrefix(c.Name, "store_"); ok {
		n, err := sep.SizeOf(s.lz.env, &sep.StructType{Name: st})
		return sep.NewInt(n), n, err
	}
	return nil, 0, fmt.Errorf("%v is not an owned chunk", c)
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

// Trivial reports whether f is a comparison of two integers whose
// difference is a constant that satisfies it, such as p + 4 == 4 + p.
// The kernel adds no obligation for such a comparison.
func (s *Session) Trivial(f sep.Formula) bool {
	g, ok := f.(*sep.Cmp)
	if !ok || s.lz.sorts.isList(g.X) || s.lz.sorts.isList(g.Y) {
		return false
	}
	if s.lz.sorts.term(g.X, sortInt, nil) != nil || s.lz.sorts.term(g.Y, sortInt, nil) != nil {
		return false
	}
	x, err := s.lz.lin(g.X)
	if err != nil {
		return false
	}
	y, err := s.lz.lin(g.Y)
	if err != nil {
		return false
	}
	d := linMerge(x, y, true)
	return d.IsConst() && constHolds(g.Op, d.Constant().Sign())
}
