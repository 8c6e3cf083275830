package bpfcheck

// Limits that keep hostile input cheap. Exceeding one is a clean rejection.
const (
	// MaxInsns is the most instructions an object may have in all.
	MaxInsns = 1 << 20
	// MaxPaths is the most paths explored from one entry or cut point.
	MaxPaths = 1 << 10
	// MaxPathSteps is the most instructions executed from one entry or cut
	// point, over all its paths.
	MaxPathSteps = 1 << 14
	// MaxSteps is the most instructions executed symbolically for one
	// object.
	MaxSteps = 1 << 22
	// MaxFacts is the most pure facts on one path.
	MaxFacts = 2048
	// MaxVCs is the most verification conditions of one object.
	MaxVCs = 1 << 15
	// MaxProofBytes is the largest ".vep.proof" section.
	MaxProofBytes = 64 << 20
	// MaxTermDepth is the deepest symbolic term kept for a register; a
	// deeper scalar becomes a fresh unknown with its type's range.
	MaxTermDepth = 48
	// MaxCallDepth is the deepest nesting of bpf-to-bpf calls (the program
	// entry counts as one).
	MaxCallDepth = 8
	// MaxStack is the combined stack of a call chain, in bytes.
	MaxStack = 512
	// MaxLoops is the most loop heads of one function.
	MaxLoops = 1 << 10
	// MaxAnnotation is the longest annotation text, in bytes.
	MaxAnnotation = 1 << 16
)
