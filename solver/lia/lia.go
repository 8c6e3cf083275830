package lia

import (
	"fmt"
	"math"
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
	if p := quickConflict(hyps); p != nil {
		if !opts.Unchecked {
			if err := proofs.CheckRefutation(hyps, p); err != nil {
				return Result{}, fmt.Errorf("lia: internal error: kernel rejects own proof: %w", err)
			}
		}
		return Result{Status: Unsat, Proof: p}, nil
	}
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

// quickConflict looks for two single-case hypotheses, one of them among the
// last four (where a negated goal usually is), whose linear parts cancel
// with suitable multipliers and leave a negative constant: the refutations
// of most bounds obligations, found without setting up a search. It works
// in int64 and gives up (nil) on larger numbers and on malformed input.
func quickConflict(hyps []proofs.Hyp) proofs.ArithProof {
	for _, h := range hyps {
		for _, c := range h.Cases {
			if c.Rel != proofs.RelGe && c.Rel != proofs.RelEq {
				return nil // newSearch reports it
			}
		}
	}
	for j := len(hyps) - 1; j >= 0 && j >= len(hyps)-4; j-- {
		if len(hyps[j].Cases) != 1 || hyps[j].Cases[0].L.Len() == 0 {
			continue
		}
		for i := range hyps {
			if i == j || len(hyps[i].Cases) != 1 {
				continue
			}
			if a, b, ok := cancel(hyps[i].Cases[0], hyps[j].Cases[0]); ok {
				comb := []proofs.Coef{{Hyp: i, Coef: big.NewInt(a)}, {Hyp: j, Coef: big.NewInt(b)}}
				if j < i {
					comb[0], comb[1] = comb[1], comb[0]
				}
				return &proofs.Farkas{Comb: comb}
			}
		}
	}
	return nil
}

// cancel returns multipliers a, b (positive for an inequality, nonzero for
// an equality) with a·x + b·y a negative constant, if there are any: x and
// y must have the same atoms with proportional coefficients.
func cancel(x, y proofs.Constraint) (a, b int64, ok bool) {
	n := x.L.Len()
	if n == 0 || y.L.Len() != n {
		return 0, 0, false
	}
	ax, cx, ok1 := x.L.TermInt64(0)
	ay, cy, ok2 := y.L.TermInt64(0)
	if !ok1 || !ok2 || ax != ay || cx == 0 || cy == 0 || cx == math.MinInt64 || cy == math.MinInt64 {
		return 0, 0, false
	}
	// a·cx = -b·cy with a = |cy|/g, b = |cx|/g up to signs.
	g := gcd64(abs64(cx), abs64(cy))
	a, b = abs64(cy)/g, abs64(cx)/g
	if (cx > 0) == (cy > 0) {
		// Same signs: one multiplier must be negative, so its constraint
		// must be an equality.
		switch {
		case y.Rel == proofs.RelEq:
			b = -b
		case x.Rel == proofs.RelEq:
			a = -a
		default:
			return 0, 0, false
		}
	}
	for k := 1; k < n; k++ {
		ax, cx, ok1 := x.L.TermInt64(k)
		ay, cy, ok2 := y.L.TermInt64(k)
		if !ok1 || !ok2 || ax != ay {
			return 0, 0, false
		}
		p, okp := mul64(a, cx)
		q, okq := mul64(b, cy)
		if !okp || !okq || p != -q {
			return 0, 0, false
		}
	}
	kx, ok1 := x.L.ConstInt64()
	ky, ok2 := y.L.ConstInt64()
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	p, okp := mul64(a, kx)
	q, okq := mul64(b, ky)
	if !okp || !okq {
		return 0, 0, false
	}
	s, oks := add64(p, q)
	if !oks {
		return 0, 0, false
	}
	if s > 0 && x.Rel == proofs.RelEq && y.Rel == proofs.RelEq {
		a, b, s = -a, -b, -s // both equalities: flip the whole combination
	}
	if s >= 0 {
		return 0, 0, false
	}
	return a, b, true
}
