// Package bpfcheck is vep's trusted bytecode checker. It never searches for
// a proof: it re-derives every verification condition (VC) of an eBPF
// object from the bytecode and its ".vep.spec" annotations, and validates
// the proof term stored for each VC in ".vep.proof" with the kernel of
// package proofs.
//
// The VCs come from a symbolic execution of each function (a program entry
// point, or a subprogram with a contract) from its entry and from every cut
// point (a loop invariant or an assertion) along every path to the next cut
// point or exit, with exact eBPF semantics: 64- and 32-bit wrap-around are
// explicit casts (u64)(…) and (u32)(…); an operation that the assertion
// language cannot express yields a fresh scalar with its type's range.
// Registers carry a kind (scalar, stack, context, packet, packet end, map,
// map value or null, uninitialised); the stack is modelled by the checker
// byte for byte at constant offsets from the frame pointer and appears in
// VCs as chars and data_at chunks. Each memory access, helper call,
// subprogram call, exit, cut point and loop back edge yields one VC whose
// goal says exactly what safety needs there.
//
// Invariants: every accept path has a proof accepted by proofs.CheckEntailment
// for each derived VC, in the derived order; scalar terms denote the exact
// unsigned 64-bit register value; pointer terms are base + offset where the
// offset is a mathematical integer congruent to the machine offset.
//
// This package is part of vep's trusted base. It imports only the standard
// library, vep/sep, vep/proofs, vep/internal/isa, vep/internal/elfobj,
// vep/internal/spec and vep/internal/contracts (a test enforces it).
package bpfcheck
