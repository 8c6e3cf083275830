// Package lia decides conjunctions of linear integer constraints with
// disjunctive hypotheses and produces certificates for vep's proof kernel.
//
// Refute runs an exact general simplex (Dutertre and de Moura's
// bound-based formulation, Bland's rule) over rationals with an int64 fast
// path. It tightens each constraint by the gcd of its coefficients (a
// Chvátal–Gomory cut), checks the equalities alone for integer solvability
// by Hermite-style elimination, branches and bounds on fractional atoms and
// splits lazily on disjunctions that the current model violates. Case
// splits whose new fact the sub-proof does not use are pruned. Before the
// search it sets aside every hypothesis that an atom occurring in no other
// remaining hypothesis can satisfy (repeatedly; a model gives those atoms
// values afterwards), and bounds that differ by constants are first
// propagated by Bellman–Ford. Storage is pooled across calls.
//
// An unsatisfiable problem yields a proofs.ArithProof that
// proofs.CheckRefutation accepts; a satisfiable one yields an integer model
// checked against every hypothesis. Branch and bound is complete when every
// atom is bounded; on problems whose relaxation is unbounded it may stop at
// a limit of Options and answer Unknown.
//
// This package is not trusted: a wrong answer here can only make the kernel
// reject. Refute checks its own certificates before returning them, unless
// Options.Unchecked says the caller does.
package lia
