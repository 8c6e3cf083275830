package proofs

import (
	"fmt"
	"math/big"
	"strconv"

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
	chunks    []*sep.Pred

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
	// Sorts: Hyp, then Goal with its existentials bound. One map of
	// bound names serves every formula: sorts.formula leaves each count
	// as it found it, and a count of zero means unbound.
	none := map[string]int{}
	for _, f := range s.facts {
		if err := s.lz.sorts.formula(f, none); err != nil {
			return nil, fmt.Errorf("vc hypothesis: %w", err)
		}
	}
	for _, c := range s.chunks {
		if err := s.lz.sorts.formula(c, none); err != nil {
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
			set[m.Name] = true
			if m.Pre {
				k, _ := sep.Key(m)
				set[k] = true
			}
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

// substPred substitutes into a predicate.
func substPred(p *sep.Pred, sub map[string]sep.Term) *sep.Pred {
	args := make([]sep.Term, len(p.Args))
	for i, a := range p.Args {
		args[i] = sep.SubstTerm(a, sub)
	}
	return &sep.Pred{At: p.At, Name: p.Name, Type: p.Type, Args: args}
}
