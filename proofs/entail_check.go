package proofs

import (
	"fmt"

	"vep/sep"
)

// EntailError reports why the kernel rejected an entailment proof.
type EntailError struct {
	Msg string
}

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
