// Package proofs defines vep's proof-term format and the kernel that
// validates proof terms one step at a time.
//
// The arithmetic part (this file's neighbours lin.go, constraint.go,
// arith.go, arith_check.go and arith_codec.go) refutes finite sets of linear
// integer constraints. A hypothesis is a disjunction of constraints in one of
// two normal forms, Lin >= 0 or Lin == 0, over integer-valued atoms. An
// ArithProof is a tree of Farkas combinations, Chvátal–Gomory cuts, case
// splits on a linear term and case analyses of disjunctive hypotheses; the
// kernel validates it by multiplying, adding and comparing integers, never
// by searching, in time linear in the size of the proof plus the arithmetic.
//
// The separation-logic part (vc.go, linearize*.go, lemma.go, entail_*.go)
// validates a whole verification condition: a VC is an entailment
// Hyp ⊢ Goal between assertions of package sep, and an Entailment proof names
// the witnesses of the goal's existentials, the spatial steps (split, join,
// forget, unfold, fold, match, use of a duplicable fact) that turn the
// hypothesis's chunks into the goal's, and for every pure obligation the
// instances of forall facts and of a fixed table of lemma schemas followed by
// an arithmetic refutation. CheckEntailment replays it; its semantics are
// documented in entail_check.go and entail_spatial.go.
//
// Invariants: every Lin is canonical (terms sorted by atom, no zero
// coefficient) and immutable once built; coefficients are exact
// math/big integers and never wrap. The kernel accepts a proof only if the
// hypotheses it was given are unsatisfiable over the integers.
//
// This package is part of vep's trusted base: it imports only the standard
// library and vep/sep.
package proofs
