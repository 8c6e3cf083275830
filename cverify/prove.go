package cverify

import (
	"time"

	"vep/proofs"
	"vep/sep"
	"vep/solver"
)

// relevant returns the facts of st that share constants, transitively,
// with goal, and the range facts of every constant involved. Dropping the
// other facts only weakens the hypothesis.
func (v *verifier) relevant(st *state, goal sep.Formula) sep.Formula {
	need := map[string]bool{}
	for _, k := range sep.FreeVars(goal) {
		need[k] = true
	}
	used := make([]bool, len(st.facts))
	fv := make([][]string, len(st.facts))
	for i, f := range st.facts {
		fv[i] = sep.FreeVars(f)
	}
	for changed := true; changed; {
		changed = false
		for i := range st.facts {
			if used[i] {
				continue
			}
			hit := len(fv[i]) == 0
			for _, k := range fv[i] {
				if need[k] {
					hit = true
					break
				}
			}
			if hit {
				used[i] = true
				changed = true
				for _, k := range fv[i] {
					need[k] = true
				}
			}
		}
	}
	var hyps []sep.Formula
	for k := range need {
		if b, ok := v.ranges[k]; ok {
			if b.lo != nil {
				hyps = append(hyps, cmp(sep.Le, bignum(b.lo), tvar(k)))
			}
			if b.hi != nil {
				hyps = append(hyps, cmp(sep.Le, tvar(k), bignum(b.hi)))
			}
		}
	}
	var facts []sep.Formula
	for i, f := range st.facts {
		if used[i] {
			facts = append(facts, f)
		}
	}
	v.lastFacts = and(facts...)
	return and(append(hyps, facts...)...)
}

// decide tries to settle goal without the solver, by constant folding and
// intervals.
func (v *verifier) decide(goal sep.Formula) (val, known bool) {
	if val, known := constTruth(goal); known {
		return val, true
	}
	c, ok := goal.(*sep.Cmp)
	if !ok {
		if a, ok := goal.(*sep.And); ok {
			x, kx := v.decide(a.X)
			y, ky := v.decide(a.Y)
			if kx && ky {
				return x && y, true
			}
		}
		return false, false
	}
	d := v.interval(tsub(c.Y, c.X)) // Y - X
	switch c.Op {
	case sep.Le, sep.Ge, sep.Lt, sep.Gt:
		if c.Op == sep.Ge || c.Op == sep.Gt {
			d = bound{negB(d.hi), negB(d.lo)}
		}
		strict := c.Op == sep.Lt || c.Op == sep.Gt
		if d.lo != nil && (d.lo.Sign() > 0 || !strict && d.lo.Sign() == 0) {
			return true, true
		}
	}
	return false, false
}

// proveResult is the outcome of one obligation.
type proveResult struct {
	ok  bool
	res *solver.Result
	hyp sep.Formula
}

// prove discharges "facts ⊢ goal".
func (v *verifier) prove(st *state, goal sep.Formula) proveResult {
	v.obligations++
	if val, known := v.decide(goal); known && val {
		return proveResult{ok: true}
	}
	hyp := v.relevant(st, goal)
	shown := v.lastFacts
	start := time.Now()
	res, err := solver.Prove(proofs.VC{Hyp: hyp, Goal: goal}, v.env, v.opts.Solver)
	v.solveTime += time.Since(start)
	if err != nil {
		return proveResult{res: &solver.Result{Reason: err.Error()}, hyp: shown}
	}
	return proveResult{ok: res.Valid, res: res, hyp: shown}
}

// feasible reports whether f may hold on the path: false only when the
// facts prove its negation.
func (v *verifier) feasible(st *state, f sep.Formula) bool {
	if val, known := constTruth(f); known {
		return val
	}
	if val, known := v.decide(not(f)); known && val {
		return false
	}
	hyp := v.relevant(st, f)
	start := time.Now()
	res, err := solver.Prove(proofs.VC{Hyp: hyp, Goal: not(f)}, v.env, v.opts.Solver)
	v.solveTime += time.Since(start)
	return err != nil || !res.Valid
}

// conj joins the conjuncts that are not already decided true, so that a
// failed obligation shows only what could not be proved.
func (v *verifier) conj(fs ...sep.Formula) sep.Formula {
	var keep []sep.Formula
	for _, f := range fs {
		if val, known := v.decide(f); known && val {
			continue
		}
		keep = append(keep, f)
	}
	return and(keep...)
}
