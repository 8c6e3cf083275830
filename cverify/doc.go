// Package cverify is the C-level verifier of vep: symbolic execution of the
// annotated C IR of package cparse over separation-logic states.
//
// Every local variable lives in a stack cell that its function owns for the
// variable's lifetime: a region of bytes at a symbolic address whose bytes
// are uninitialised, initialised with an unknown value, or hold a known
// value. Map values and the context are not owned: an access through them is
// checked against the map's value size or the context layout of the program
// type (package contracts). Packet pointers are addresses between the data
// and data_end values of the current packet generation; a helper that moves
// packet data starts a new generation and every older packet pointer is
// invalid.
//
// A variable's storage lives as long as the variable: when its block, its
// for loop or its (inlined) function is left, the region dies, and an
// access through a pointer that outlives it is rejected; a block entered
// again gets fresh storage. An access to a local variable through a pointer
// must respect C's strict aliasing rule: its type must be the declared
// type of the bytes it touches, up to signedness, or a character type.
//
// A spatial predicate that states contents already bound (a With constant
// in an Ensure or an Inv, say) is proved only while the memory still holds
// exactly what a precondition or a proved annotation said: the verifier
// remembers the contents list of a whole region until something writes it.
//
// Values are mathematical integers that lie in their C type's range; an
// operation whose result may leave that range is modelled by a fresh value
// in range that equals the exact result when the exact result fits. Paths
// are explored one at a time (no joins): branch conditions become pure
// facts of the path, and every proof obligation is a pure entailment
// "path facts ⊢ goal" discharged by package solver. Loops run unrolled
// while their trip count stays at most 64 on every path; a loop with an Inv
// annotation is cut: the invariant is proved on entry and for preservation,
// with the automatic frame of what the body does not write, and its Variant
// proves termination.
//
// The verifier stops a path at its first failed obligation and reports it
// as a Diagnostic at the C position, with the failed obligation, the path
// facts and a counterexample when the solver has one.
package cverify
