package vep

import "vep/bpfcheck"

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
