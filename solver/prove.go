package solver

import (
	"fmt"
	"math/big"

	"vep/proofs"
	"vep/sep"
	"vep/solver/lia"
)

// Options bound the search. Zero fields take the defaults.
type Options struct {
	Lia      lia.Options // limits of each arithmetic query
	MaxInsts int         // forall instances per obligation; default 32
	MaxPlan  int         // planning moves per goal chunk; default 16
	// Unchecked skips the final validation of the proof by the proofs
	// kernel. Set it only when the caller validates every proof itself,
	// as vep.Compile does by running the bytecode checker on the object
	// it writes; then Valid means that the solver found a proof.
	Unchecked bool
}

func (o Options) withDefaults() Options {
	if o.MaxInsts <= 0 {
		o.MaxInsts = 32
	}
	if o.MaxPlan <= 0 {
		o.MaxPlan = 16
	}
	return o
}

// Result is the verdict of Prove.
type Result struct {
	// Valid reports that Proof proves the VC; the kernel accepted it
	// (unless Options.Unchecked).
	Valid bool
	// Proof is the checked proof when Valid.
	Proof *proofs.Entailment
	// Frame is the hypothesis chunks the goal did not use (when Valid).
	Frame []*sep.Pred
	// Countermodel, when not Valid and a pure obligation failed with a
	// model, gives values of the VC's free variables that satisfy the
	// hypothesis facts and falsify the obligation.
	Countermodel map[string]*big.Int
	// Reason says, when not Valid, what could not be proved.
	Reason string
}

// Prove searches for a proof of vc, resolving types in env (nil means
// sep.Builtin). It returns a Result with Valid set and a kernel-checked
// proof, or Valid unset with a Reason (and a Countermodel when arithmetic
// refutes the VC). It returns an error for a malformed VC and for a proof the
// kernel rejects (a bug in this package); it never returns Valid for a
// proof the kernel did not accept.
func Prove(vc proofs.VC, env sep.TypeEnv, opts Options) (*Result, error) {
	s, err := proofs.NewSession(vc, env)
	if err != nil {
		return nil, err
	}
	p := &prover{vc: vc, env: env, opts: opts.withDefaults(), s: s, cache: map[string]bool{}}
	// Prove checks the whole proof with the kernel below, so lia need not
	// check its refutations itself.
	p.opts.Lia.Unchecked = true
	p.baseAtoms = s.Atoms().Len()
	res, err := p.run()
	if err != nil || !res.Valid {
		return res, err
	}
	if opts.Unchecked {
		return res, nil
	}
	if err := proofs.CheckEntailment(vc, env, res.Proof); err != nil {
		return nil, fmt.Errorf("solver: internal error: kernel rejects the proof found: %w", err)
	}
	return res, nil
}

// minFilter is the number of hypotheses from which Prove first tries only
// those connected to the goal.
const minFilter = 32

type prover struct {
	factsScan   int // 0 unknown, 1 plain, 2 interesting
	vc          proofs.VC
	env         sep.TypeEnv
	opts        Options
	s           *proofs.Session
	steps       []proofs.Step
	cache       map[string]bool
	fl          flin            // scratch linear form of the fast path
	fdepth      int             // nesting of flAdd
	intNames    map[string]bool // map operands known to be integers (or not)
	mapOperands map[string]bool // names that are map operands in the VC

	factNames map[string]bool // keys of every name in the facts (nil until needed)
	bgUnsat   [2]int8         // facts refuted without, with instances and lemmas: 0 unknown, 1 no, 2 yes
	baseAtoms int             // atoms of the facts' hypotheses
	proved    map[string]*proofs.PureProof
}

func (p *prover) apply(st proofs.Step) error {
	if err := p.s.Apply(st); err != nil {
		return err
	}
	p.steps = append(p.steps, st)
	return nil
}

func (p *prover) run() (*Result, error) {
	assign, reason, err := p.plan()
	if err != nil {
		return nil, err
	}
	if reason != "" {
		return &Result{Reason: reason}, nil
	}
	ws, reason := p.witnesses(assign)
	if reason != "" {
		return &Result{Reason: reason}, nil
	}
	if err := p.s.SetWitnesses(ws); err != nil {
		return &Result{Reason: "witnesses: " + err.Error()}, nil
	}
	for gi, ci := range assign {
		if err := p.apply(&proofs.MatchChunk{Chunk: ci, Goal: gi}); err != nil {
			return nil, err
		}
	}
	if reason, err := p.useFacts(); err != nil || reason != "" {
		return &Result{Reason: reason}, err
	}
	if err := p.s.Finish(); err != nil {
		return nil, err
	}
	ent := &proofs.Entailment{Witnesses: ws, Steps: p.steps}
	for i, ob := range p.s.Obligations() {
		pp, model, why, err := p.prove(ob.Formula)
		if err != nil {
			return nil, err
		}
		if pp == nil {
			return &Result{
				Reason:       fmt.Sprintf("cannot prove %v (obligation %d, from %s): %s", ob.Formula, i, ob.Origin, why),
				Countermodel: p.countermodel(model),
			}, nil
		}
		ent.Pure = append(ent.Pure, pp)
	}
	res := &Result{Valid: true, Proof: ent}
	for _, c := range p.s.Chunks() {
		if c != nil {
			res.Frame = append(res.Frame, c)
		}
	}
	return res, nil
}

// countermodel restricts a lia model to the VC's free variables.
func (p *prover) countermodel(model map[proofs.Atom]*big.Int) map[string]*big.Int {
	if model == nil {
		return nil
	}
	free := map[string]bool{}
	for _, k := range sep.FreeVars(p.vc.Hyp) {
		free[k] = true
	}
	for _, k := range sep.FreeVars(p.vc.Goal) {
		free[k] = true
	}
	out := map[string]*big.Int{}
	atoms := p.s.Atoms()
	for a, v := range model {
		if k := atoms.Key(a); free[k] {
			out[k] = new(big.Int).Set(v)
		}
	}
	return out
}

// useFacts proves each duplicable goal fact by a hypothesis fact.
func (p *prover) useFacts() (string, error) {
	facts := p.s.Facts()
	for gi, f := range p.s.GoalPure() {
		g, ok := f.(*sep.Pred)
		if !ok || g.Owned() {
			continue
		}
		found := -1
		for fi, h := range facts {
			h, ok := h.(*sep.Pred)
			if !ok || h.Name != g.Name || len(h.Args) != len(g.Args) {
				continue
			}
			okArgs := true
			for k := range h.Args {
				if h.Name == "map_value" && k == 0 {
					okArgs = okArgs && h.Args[0].String() == g.Args[0].String()
					continue
				}
				okArgs = okArgs && p.provable(&sep.Cmp{Op: sep.Eq, X: h.Args[k], Y: g.Args[k]})
			}
			if okArgs {
				found = fi
				break
			}
		}
		if found < 0 {
			return fmt.Sprintf("no hypothesis fact proves %v", g), nil
		}
		if err := p.apply(&proofs.UseFact{Fact: found, Goal: gi}); err != nil {
			return "", err
		}
	}
	return "", nil
}

// provable reports whether lia refutes the facts and the negation of f.
func (p *prover) provable(f sep.Formula) bool {
	// Comparisons of terms a constant apart need no search.
	if c, ok := f.(*sep.Cmp); ok && !p.s.IsList(c.X) && !p.s.IsList(c.Y) {
		if p.diff(c.X, c.Y) {
			if p.fl.isConst() {
				d := p.fl.c
				switch c.Op {
				case sep.Eq:
					return d == 0
				case sep.Lt:
					return d < 0
				case sep.Le:
					return d <= 0
				}
			} else if p.hasFreeName() {
				return p.freeProvable(f)
			}
		} else if d, ok := p.s.Difference(c.X, c.Y); ok {
			switch c.Op {
			case sep.Eq:
				return d.Sign() == 0
			case sep.Lt:
				return d.Sign() < 0
			case sep.Le:
				return d.Sign() <= 0
			}
		}
	}
	key := f.String()
	if v, ok := p.cache[key]; ok {
		return v
	}
	pp, _, _, err := p.proveKeyed(f, key)
	ok := err == nil && pp != nil
	p.cache[key] = ok
	return ok
}

// hasFreeName reports whether p.fl, a difference x - y of the fast
// fragment, has a nonzero coefficient on a name that occurs nowhere in the
// facts.
func (p *prover) hasFreeName() bool {
	if p.factNames == nil {
		p.factNames = map[string]bool{}
		for _, f := range p.s.Facts() {
			sep.Walk(f, func(n sep.Node) bool {
				if t, ok := n.(sep.Term); ok {
					if k, ok := sep.Key(t); ok {
						p.factNames[k] = true
					}
				}
				return true
			})
		}
	}
	for _, t := range p.fl.terms {
		if t.coef != 0 && !p.factNames[t.key] {
			return true
		}
	}
	return false
}

// freeProvable decides provable(f) for a comparison f of the fast
// fragment whose difference has a name n that occurs nowhere in the facts,
// without searching on f. The hypotheses of the facts, and of the
// instances and lemmas choose picks for f, do not mention n: f has no
// index, length, cast or non-linear term, so choose(f) picks what it picks
// for the facts alone, and those speak only of the facts' terms. A
// comparison with n in its difference is falsified by choosing n, so the
// negation of f is refuted together with them exactly when they are
// refuted alone: prove(f) succeeds iff the facts are refuted, or, where
// prove tries instances and lemmas, the facts with them.
func (p *prover) freeProvable(f sep.Formula) bool {
	if p.refutedBackground(false) {
		return true
	}
	if !interesting(f) && !p.factsInteresting() {
		return false
	}
	return p.refutedBackground(true)
}

// refutedBackground reports whether lia refutes the facts, with the
// instances and lemmas choose picks for them if withLemmas. It caches.
func (p *prover) refutedBackground(withLemmas bool) bool {
	i := 0
	if withLemmas {
		i = 1
	}
	if p.bgUnsat[i] == 0 {
		f := &sep.Bool{Val: false} // its negation contributes nothing
		pp := &proofs.PureProof{}
		if withLemmas {
			pp = p.choose(f)
		}
		p.bgUnsat[i] = 1
		if got, _, _, err := p.proveWith(f, pp, nil); err == nil && got != nil {
			p.bgUnsat[i] = 2
		}
	}
	return p.bgUnsat[i] == 2
}

// prove returns a PureProof of f, or a lia model of its negation (with the
// facts), or a reason. Proofs found are remembered by the text of f: the
// hypotheses of a PureProof, and so its refutation, depend only on f and
// its instances and lemmas.
//
// It first tries without instances and lemmas, which is enough for most
// address and bounds obligations, unless the negation of f has an atom the
// facts do not mention (a cast, a list element or a name of the goal
// only), with which the facts alone cannot refute it unless they refute
// themselves; then it tries with instances and lemmas first, and without
// only if that fails.
func (p *prover) prove(f sep.Formula) (*proofs.PureProof, map[proofs.Atom]*big.Int, string, error) {
	return p.proveKeyed(f, f.String())
}

// proveKeyed is prove for f whose text is key.
func (p *prover) proveKeyed(f sep.Formula, key string) (*proofs.PureProof, map[proofs.Atom]*big.Int, string, error) {
	if pp, ok := p.proved[key]; ok {
		c := *pp
		return &c, nil, "", nil
	}
	pp, model, why, err := p.prove1(f)
	if pp != nil && err == nil {
		if p.proved == nil {
			p.proved = map[string]*proofs.PureProof{}
		}
		c := *pp
		p.proved[key] = &c
	}
	return pp, model, why, err
}

func (p *prover) prove1(f sep.Formula) (*proofs.PureProof, map[proofs.Atom]*big.Int, string, error) {
	empty := &proofs.PureProof{}
	hyps, err := p.s.Hyps(f, empty)
	if err != nil {
		return nil, nil, "kernel refuses the instances: " + err.Error(), nil
	}
	lemmas := interesting(f) || p.factsInteresting()
	if lemmas && p.newAtomIn(hyps[len(p.s.BaseHyps()):]) {
		full := p.choose(f)
		if len(full.Insts) == 0 && len(full.Lemmas) == 0 {
			return p.proveWith(f, empty, hyps)
		}
		pp, model, why, err := p.proveWith(f, full, nil)
		if pp != nil || err != nil || model != nil {
			return pp, model, why, err
		}
		// The search with instances and lemmas gave up: the plain one may
		// still refute (if the facts refute themselves).
		plain, _, _, err := p.proveWith(f, empty, nil)
		if plain != nil || err != nil {
			return plain, nil, "", err
		}
		return nil, nil, why, nil
	}
	pp, model, why, err := p.proveWith(f, empty, hyps)
	if pp != nil || err != nil {
		return pp, model, why, err
	}
	if !lemmas {
		return nil, model, why, nil
	}
	full := p.choose(f)
	if len(full.Insts) == 0 && len(full.Lemmas) == 0 {
		return nil, model, why, nil
	}
	return p.proveWith(f, full, nil)
}

// newAtomIn reports whether neg, the hypotheses of a negated obligation,
// is one hypothesis with a case that an atom beyond the facts' can satisfy
// on its own: a nonzero coefficient in an inequality, ±1 in an equality.
func (p *prover) newAtomIn(neg []proofs.Hyp) bool {
	if len(neg) != 1 {
		return false
	}
	for _, c := range neg[0].Cases {
		for k := range c.L.Len() {
			a, coef, fits := c.L.TermInt64(k)
			if int(a) >= p.baseAtoms && (c.Rel == proofs.RelGe || fits && (coef == 1 || coef == -1)) {
				return true
			}
		}
	}
	return false
}

// proveWith refutes the hypotheses of f with the instances and lemmas of
// pp; hyps, if not nil, are those hypotheses already computed.
func (p *prover) proveWith(f sep.Formula, pp *proofs.PureProof, hyps []proofs.Hyp) (*proofs.PureProof, map[proofs.Atom]*big.Int, string, error) {
	if hyps == nil {
		var err error
		hyps, err = p.s.Hyps(f, pp)
		if err != nil {
			// An instance or lemma the kernel does not accept: not provable
			// this way.
			return nil, nil, "kernel refuses the instances: " + err.Error(), nil
		}
	}
	// On large problems, refute the hypotheses connected to the goal first;
	// all of them only if that fails (the facts may contradict each other).
	if len(hyps) >= minFilter {
		if sel := relevant(hyps, len(p.s.BaseHyps())); len(sel) < len(hyps) {
			sub := make([]proofs.Hyp, len(sel))
			for i, k := range sel {
				sub[i] = hyps[k]
			}
			res, err := lia.Refute(sub, p.opts.Lia)
			if err != nil {
				return nil, nil, "", err
			}
			if res.Status == lia.Unsat {
				pp.Arith = remap(res.Proof, sel, len(hyps))
				return pp, nil, "", nil
			}
		}
	}
	res, err := lia.Refute(hyps, p.opts.Lia)
	if err != nil {
		return nil, nil, "", err
	}
	switch res.Status {
	case lia.Unsat:
		pp.Arith = res.Proof
		return pp, nil, "", nil
	case lia.Sat:
		return nil, res.Model, "arithmetic has a countermodel", nil
	}
	return nil, nil, "arithmetic gave up: " + res.Reason, nil
}

// interesting reports whether n has a term that instances or lemmas speak
// about: an array read, a length, a cast, a non-linear operator, or an
// equality of two names (which may be lists).
func interesting(n sep.Node) bool {
	found := false
	sep.Walk(n, func(m sep.Node) bool {
		switch t := m.(type) {
		case *sep.Index, *sep.Len, *sep.Cast:
			found = true
		case *sep.Cmp:
			if _, ok := t.X.(*sep.Var); ok {
				if _, ok := t.Y.(*sep.Var); ok && t.Op == sep.Eq {
					found = true
				}
			}
		case *sep.Binary:
			switch t.Op {
			case sep.BitAnd, sep.Shr, sep.Rem, sep.Div:
				found = true
			}
		}
		return !found
	})
	return found
}

// factsInteresting reports whether a non-forall fact is interesting.
func (p *prover) factsInteresting() bool {
	if p.factsScan == 0 {
		p.factsScan = 1
		for _, f := range p.s.Facts() {
			if _, ok := f.(*sep.Forall); !ok && interesting(f) {
				p.factsScan = 2
			}
		}
	}
	return p.factsScan == 2
}
