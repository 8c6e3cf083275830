package bench

import "time"

// A Stage is one step of the toolchain under measurement, called with the
// program's path (for messages) and its input: the C source for Verify,
// Compile and Clang, the object from Compile (or Clang) for Check and
// Kernel. It returns an error only when it could not reach a verdict (a
// stage that rejects the program says so in its StageResult).
type Stage func(name string, src []byte) (StageResult, error)

// Verdict is a stage's answer about a program.
type Verdict string

// The verdicts.
const (
	Safe   Verdict = "safe"   // accepted
	Unsafe Verdict = "unsafe" // rejected, see the diagnostics
	Failed Verdict = "error"  // the stage returned an error
)

// Diag is one diagnostic of a stage.
type Diag struct {
	// Line is the 1-based line of the program's source the diagnostic is
	// about, 0 if it has none (or lies in another file).
	Line int `json:"line,omitempty"`
	// Message is the diagnostic's text.
	Message string `json:"message"`
}

// StageResult is what a Stage reports about one call.
type StageResult struct {
	// Verdict is Safe or Unsafe. Compile reports Safe when its object has
	// a proof of every verification condition (and may report Unsafe
	// with an object whose proofs are incomplete); Clang reports Safe
	// when it produced an object.
	Verdict Verdict
	// Diags are the diagnostics, the first error first.
	Diags []Diag
	// Object is the ELF object a Compile or Clang stage produced.
	Object []byte
	// ProofBytes is the size of the proofs in the object, 0 if unknown.
	ProofBytes int
	// VCs is the number of verification conditions, Proved how many of
	// them have a proof (Compile, Check).
	VCs, Proved int
	// Insns is the number of eBPF instructions of the object, 0 if
	// unknown (Run then counts them with CountInsns).
	Insns int
	// Processed is the number of instructions the kernel verifier
	// processed (Kernel only).
	Processed int
	// Programs is the number of programs (SEC entry points) the stage
	// saw, Accepted how many it accepted (Check, Kernel); 0 if unknown.
	Programs, Accepted int
	// Time, when not zero, replaces the wall time Run measures around the
	// call, for stages that time only part of what they do (Kernel times
	// the loads alone, not the parsing of the object).
	Time time.Duration
}
