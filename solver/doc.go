// Package solver searches for proofs of verification conditions: it decides
// separation-logic entailments (frame inference, splitting and joining byte
// ranges, forgetting and unfolding contents) and their pure side conditions
// with the linear integer arithmetic of package lia, and returns a proof
// term that the kernel in package proofs checks.
//
// Prove works on the kernel's own view of the VC (a proofs.Session): it
// plans the spatial steps goal chunk by goal chunk, greedily and without
// backtracking, asking lia whether addresses and sizes are provably equal
// or ordered (splitting off the bytes before a goal chunk and after it,
// joining adjacent chunks, forgetting contents for an undef_ goal,
// unfolding data_at and structs into bytes and fields, folding bytes into
// a data_at); guesses the witnesses of the goal's existentials by unifying
// goal chunks with the chunks they were matched to and from equalities in
// the goal; instantiates the forall facts of the hypothesis at the index
// terms that occur (the array-property fragment); and adds the kernel's
// lemma instances for the non-linear terms that occur (list lengths and
// elements, casts, masks, shifts, remainders, congruence of array reads). On problems with many hypotheses it first
// refutes only those connected to the goal by shared atoms.
//
// Cheap cases avoid the search. Planning compares addresses and sizes
// through int64 linear forms of the simple terms (names, literals, +, -,
// scaling, sizeof, offsetof; fastlin.go), which agree with the kernel's
// linearizer where they apply; a comparison with a name the facts never
// mention holds only if the facts are contradictory, which is decided
// once. An obligation whose negation has an atom beyond the facts' (a
// cast, a list element) is tried with instances and lemmas first. Proofs
// are remembered by the obligation's text, so a planning query proved once
// is not proved again as an obligation. lia does not check its own
// refutations here: Prove checks the whole proof with the kernel.
//
// This package is not trusted. Prove checks every proof it returns with
// proofs.CheckEntailment, so a bug here can make a valid VC fail but never
// make an invalid one Valid.
package solver
