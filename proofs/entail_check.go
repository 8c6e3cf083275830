package proofs

import (
	"fmt"

	"vep/sep"
)

// The entailment layer.
//
// A VC Hyp |- Goal holds if for all values of its free names every heap
// satisfying Hyp has a sub-heap satisfying Goal; leftover chunks are
// dropped. Terms denote mathematical integers or finite integer lists;
// pointers are byte addresses, so p + n is plain addition (the VC
// generators scale C pointer arithmetic themselves). A partial operation
// (a list index or slice out of range, a division by zero) denotes an
// unspecified value that depends only on its operands' values; a VC is
// valid if it holds for every such choice. Machine casts (u32) x are
// opaque atoms constrained by lemmas.
//
// Sorts. The kernel infers for every name whether it denotes an integer,
// a list or a map from its uses and rejects a VC that uses a name both
// ways. A name no use determines is only compared for equality and is
// treated as an integer atom, which is sound for lists too.
//
// Facts. Hyp's existentials become constants (renamed if they clash with a
// name of Goal). The facts are Hyp's pure conjuncts; for each that equates
// two lists L1 == L2, forall k, L1[k] == L2[k]; then for each chunk of
// Hyp: for chars(p, n, l) and array(p, T, n, l), len(l) == n and the range
// of every element; for data_at(p, T, v) of an integer type, v's range.
// Forall facts are used through instances only; the other facts are lowered
// to linear hypotheses (entail_lower.go) once: the base hypotheses.
//
// Obligations are produced in order: by each step (split: 0 <= At <= n;
// join: adjacency; match and fact: equal arguments), then by Finish for
// the goal's pure conjuncts. A conjunction is split; a forall has its
// variables replaced by fresh constants; an integer comparison that holds
// by the linear forms alone is dropped; a list equality L1 == L2 that is
// not syntactic becomes len(L1) == len(L2) and 0 <= k && k < len(L1) =>
// L1[k] == L2[k] for a fresh k.
//
// A PureProof refutes, in this order, the base hypotheses, those of each
// instance, those of each lemma, and those implied by the negated
// obligation; what has no linear meaning is dropped, which can only make a
// refutation impossible, never unsound.
//
// Fresh names are base_N for the least N >= 1 not used by the VC or an
// earlier fresh name (and, for the constants of foralls and of list
// extensionality, not used by the witnesses or the terms of the steps).
//
// Limits: MaxSteps, MaxObligations, MaxInsts, MaxWitnesses, term nesting
// 200, coefficients of 4096 bits, and the arithmetic DefaultLimits.

// EntailError reports why the kernel rejected an entailment proof.
type EntailError struct {
	Msg string
}

// Error returns the message prefixed with "entailment: ".
func (e *EntailError) Error() string { return "entailment: " + e.Msg }

func entailErrorf(format string, args ...any) error {
	return &EntailError{Msg: fmt.Sprintf(format, args...)}
}

// CheckEntailment validates p as a proof of vc, resolving types in env (nil
// means sep.Builtin). It returns nil only if vc holds: it substitutes the
// witnesses, replays the steps, requires every goal chunk and goal fact to
// be proved, and checks one PureProof per obligation with CheckRefutation.
// It never searches. The error says which step or obligation fails.
func CheckEntailment(vc VC, env sep.TypeEnv, p *Entailment) error {
	if p == nil {
		return entailErrorf("missing proof")
	}
	if len(p.Witnesses) > MaxWitnesses || len(p.Steps) > MaxSteps || len(p.Pure) > MaxObligations {
		return entailErrorf("proof exceeds the size limits")
	}
	s, err := NewSession(vc, env)
	if err != nil {
		return entailErrorf("%v", err)
	}
	if err := s.SetWitnesses(p.Witnesses); err != nil {
		return entailErrorf("%v", err)
	}
	for _, st := range p.Steps {
		if err := s.Apply(st); err != nil {
			return entailErrorf("%v", err)
		}
	}
	if err := s.Finish(); err != nil {
		return entailErrorf("%v", err)
	}
	obs := s.Obligations()
	if len(obs) != len(p.Pure) {
		return entailErrorf("%d obligations, proof has %d pure proofs", len(obs), len(p.Pure))
	}
	for i, ob := range obs {
		hyps, err := s.Hyps(ob.Formula, p.Pure[i])
		if err != nil {
			return entailErrorf("obligation %d (%v, from %s): %v", i, ob.Formula, ob.Origin, err)
		}
		if p.Pure[i].Arith == nil {
			return entailErrorf("obligation %d (%v, from %s): missing arithmetic proof", i, ob.Formula, ob.Origin)
		}
		if err := CheckRefutation(hyps, p.Pure[i].Arith); err != nil {
			return entailErrorf("obligation %d (%v, from %s): %v", i, ob.Formula, ob.Origin, err)
		}
	}
	return nil
}
