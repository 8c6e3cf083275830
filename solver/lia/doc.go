// Package lia decides conjunctions of linear integer constraints with
// disjunctive hypotheses and produces certificates for vep's proof kernel.
//
// Refute runs an exact general simplex (Dutertre and de Moura's
// bound-based formulation, Bland's rule) over rationals with an int64 fast
// path, tightens each constraint by the gcd of its coefficients (a
// Chvátal–Gomory cut), branches and bounds on fractional atoms and splits
// lazily on disjunctions that the current model violates. An unsatisfiable
// problem yields a proofs.ArithProof that proofs.CheckRefutation accepts; a
// satisfiable one yields an integer model that was checked against every
// hypothesis.
//
// This package is not trusted: a wrong answer here can only make the kernel
// reject. Refute checks its own certificates before returning them.
package lia
