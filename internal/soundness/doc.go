// Package soundness holds adversarial tests of vep.Verify, the C-level
// verifier: programs that are unsafe and must be rejected.
//
// The tests mutate the safe programs of the corpus in examples/ (weaken a
// bounds check, grow an access, drop a null check, break an annotation),
// run vep.Verify on every mutant and, for each mutant it accepts, compile
// it with clang and execute it in vep's interpreter (internal/interp) on
// many inputs: a run that faults is an accepted unsafe program, the worst
// bug a verifier can have. Hand-written tricky programs complement the
// mutants. Reproducers of bugs found and not yet fixed are kept in
// testdata/bugs and checked by TestKnownSoundnessBugs, which fails only
// when the environment variable VEP_STRICT_SOUNDNESS is 1 (there are none
// at present). Once a bug is fixed its reproducer moves to testdata/fixed,
// next to a safe twin, and TestFixedSoundnessBugs asserts the diagnostic
// for the one and the verdict for the other.
//
// The package has no non-test code.
package soundness
