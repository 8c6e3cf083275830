package lia

import (
	"fmt"
	"math/big"

	"vep/proofs"
)

// Status is the verdict of Refute.
type Status int

// Verdicts.
const (
	Unknown Status = iota // the search gave up; Result.Reason says why
	Unsat                 // the hypotheses are contradictory; Result.Proof refutes them
	Sat                   // Result.Model satisfies every hypothesis
)

func (s Status) String() string {
	switch s {
	case Unsat:
		return "unsat"
	case Sat:
		return "sat"
	}
	return "unknown"
}

// Options bound the search. Zero fields take the defaults.
type Options struct {
	MaxNodes  int // branch-and-bound and case-split nodes; default 20000
	MaxDepth  int // nesting of splits; default 256
	MaxPivots int // simplex pivots in total; default 200000

	// Unchecked skips the kernel self-check of an Unsat result, for a
	// caller that checks the refutation itself (or only uses the verdict
	// to guide a search whose result the kernel checks). Models are
	// still verified.
	Unchecked bool
}

func (o Options) withDefaults() Options {
	if o.MaxNodes <= 0 {
		o.MaxNodes = 20000
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = 256
	}
	if o.MaxPivots <= 0 {
		o.MaxPivots = 200000
	}
	return o
}

// Result is the outcome of Refute.
type Result struct {
	Status Status
	Proof  proofs.ArithProof        // for Unsat: accepted by proofs.CheckRefutation
	Model  map[proofs.Atom]*big.Int // for Sat: a value for every atom of the hypotheses
	Reason string                   // for Unknown
}

// Refute decides whether the hypotheses have a common integer solution.
// It returns Unsat with a refutation that proofs.CheckRefutation accepts,
// Sat with a model that satisfies every hypothesis, or Unknown when a limit
// of opts is reached. It returns an error if a hypothesis is malformed or if
// its own result fails verification (a bug in this package); with
// opts.Unchecked an Unsat result is not verified.
func Refute(hyps []proofs.Hyp, opts Options) (Result, error) {
	s, err := newSearch(hyps, opts.withDefaults())
	if err != nil {
		return Result{}, err
	}
	res := s.run()
	s.release()
	switch res.Status {
	case Unsat:
		if opts.Unchecked {
			break
		}
		if err := proofs.CheckRefutation(hyps, res.Proof); err != nil {
			return Result{}, fmt.Errorf("lia: internal error: kernel rejects own proof: %w", err)
		}
	case Sat:
		env := func(a proofs.Atom) *big.Int { return res.Model[a] }
		for i, h := range hyps {
			if !h.Holds(env) {
				return Result{}, fmt.Errorf("lia: internal error: model violates hypothesis %d: %v", i, h)
			}
		}
	}
	return res, nil
}
