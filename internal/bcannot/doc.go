// Package bcannot carries the annotations of an annotated C program down to
// the bytecode that vep/codegen generated for it: function contracts,
// loop invariants and assertions become ".vep.spec" entries that speak of
// registers and R10-relative stack slots instead of C variables.
//
// At each annotation point, codegen says where every C variable in scope
// lives. A variable held in a register Rk denotes Rk read at the variable's
// type (a signed 32-bit int is (s32)Rk, with the fact that the upper half
// of Rk is zero); a variable held in the stack denotes a fresh existential
// x with data_at(R10 + off, uN, x) in the translated annotation; an array
// or struct denotes its address R10 + off; the value of an unrolled loop
// counter is its constant. C's pointer arithmetic is scaled, and p[i],
// p->f, s.f and *p become typed loads *(T *)(addr). A contract speaks of
// R1 … R5 (the parameters, in order) and R0 (the return value); a loop
// invariant also describes every other stack-held scalar variable of the
// frame, since the bytecode checker forgets at a cut point whatever the
// annotation does not state. For the same reason (callframe.go) an
// invariant of a loop no other loop encloses states the constant value of
// each local initialised with a constant and not assigned before the loop
// ends, and in a subprogram the parts of the contract's Require that the
// loop leaves alone (pure facts about parameters the body never assigns,
// and the memory of parameters the loop neither writes through nor
// describes), and that each such parameter, or a local pointer initialised
// with it, held in a register still has its entry value (Rj == Rk@pre).
//
// The package is not trusted: a wrong translation can only make the
// bytecode checker reject the object.
package bcannot
