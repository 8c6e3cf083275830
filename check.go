package vep

import (
	"fmt"

	"vep/bpfcheck"
	"vep/internal/asm"
)

// CheckOption configures Check.
type CheckOption = bpfcheck.Option

// WithMaxProofBytes lowers the largest ".vep.proof" section Check accepts.
func WithMaxProofBytes(n int) CheckOption { return bpfcheck.WithMaxProofBytes(n) }

// CheckReport is the verdict of Check: one entry per program, with the
// reasons for each rejection.
type CheckReport = bpfcheck.Report

// Check validates an eBPF object with vep's trusted checker: it re-derives
// the verification conditions of every program from the bytecode and the
// ".vep.spec" annotations and checks the proof of each in ".vep.proof",
// without searching for proofs. It returns an error only when obj is not a
// readable ELF object; a program without a valid proof is rejected in the
// report (see CheckReport.Accepted).
func Check(obj []byte, opts ...CheckOption) (*CheckReport, error) {
	return bpfcheck.Check(obj, opts...)
}

// CheckAsm checks annotated eBPF assembly (docs/asm.md; the text of "vep
// compile -S") against a proof given apart: the content of a ".vep.proof"
// section, as Object.Proof holds and "vep prove --proof" writes. The text
// is assembled into an object carrying the annotations and the proof, and
// that object is checked as Check does: what is accepted is the bytecode
// of that object. It returns an error for text that does not assemble.
func CheckAsm(name string, src, proof []byte, opts ...CheckOption) (*CheckReport, error) {
	u, err := asm.Assemble(name, src)
	if err != nil {
		return nil, err
	}
	// An empty proof is no proof: Check rejects.
	b, err := writeObject(u.Object, u.Annotations, proof)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return Check(b, opts...)
}
