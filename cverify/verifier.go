package cverify

import (
	"time"

	"vep/cparse"
	"vep/internal/contracts"
	"vep/sep"
	"vep/solver"
)

// Options configure Verify. The zero Options are the defaults.
type Options struct {
	// Solver bounds each proof search.
	Solver solver.Options
	// MaxSteps bounds the statements executed per function over all
	// paths; 0 means 200000. A function that needs more is rejected with
	// a message that asks for an assertion to cut paths.
	MaxSteps int
}

// verifier verifies one function.
type verifier struct {
	prog   *cparse.Program
	pt     *contracts.ProgramType // nil for a subprogram of a program without entry points
	opts   Options
	env    sep.TypeEnv
	nfresh int
	ranges map[string]bound
	hints  map[string]string // fresh name -> C name for messages

	obligations int
	solveTime   time.Duration
	steps       int
	diag        *Diagnostic
	nextNull    int
	fn          *cparse.Function // the function being verified
	lastFacts   sep.Formula      // the path facts of the last obligation, for messages
}

func (v *verifier) failed() bool { return v.diag != nil }
