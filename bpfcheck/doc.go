// Package bpfcheck is vep's trusted bytecode checker. It never searches for
// a proof: it re-derives every verification condition (VC) of an eBPF
// object from the bytecode and its ".vep.spec" annotations (GenerateVCs),
// and validates the proof stored for each VC in ".vep.proof" with the
// kernel of package proofs (Check).
//
// Programs are the global functions of code sections other than ".text"
// (and the function at a section's first instruction); their type comes
// from the section name. Subprograms are the functions they call; each
// needs a contract over R1 … R5 (Require) and R0, Rk@pre (Ensure).
//
// Call rule (args.go). A contract may give the callee memory: chars,
// undef_chars and data_at chunks at addresses computed from one argument
// register, and map values by map_value(m, Rk). A spatial disjunction
// (stack bytes or a map value) is split into cases, at most 16. The callee
// is verified once per case of its Require: its entry state is the case,
// with R6 … R9 unreadable and a fresh frame at R10; a register whose value
// addresses a chunk is an argument pointer, through which the callee may
// load initialised bytes and store, each access proving that it lies
// inside one chunk it owns (the others of the caller are out of reach); a
// map_value register is a map value pointer. At each exit it proves one
// disjunct of the Ensure (with R1 … R5 their entry values and R0 the
// result, which may not point into its own frame), the one chosen from
// the case's register kinds. A caller picks the first case whose kinds fit
// its arguments (a stack pointer for memory, a map value pointer at its
// base for map_value) and proves caller state ⊢ Require (the rest of its
// state is the frame: nothing else is passed); a map value argument must
// be non-null. After the call the chunks of the Require that the Ensure
// restates unchanged keep their contents, the other bytes passed are
// forgotten and replaced by the Ensure's chunks: where the stack model can
// hold them (constant offset and size) as stack bytes, else (a chars or
// data_at chunk at a variable offset or size, which lies inside the bytes
// passed) as held chunks that own the ranges passed until a write at a
// constant offset touches one of them, accessed at variable offsets like
// argument memory. The pure facts of the Ensure hold with a fresh R0; if
// the Ensure bounds R0 by exactly one pointer argument (R1 <= R0 && R0 <
// R1 + n), R0 becomes a pointer of that argument's kind and object, whose
// every access is checked as usual. R1 … R5 become unreadable, and R6 …
// R10 and every stack byte not passed keep their values. A chunk counts
// as restated only if it names no existential. Which disjunct of a cut
// annotation is meant is also decided from the register kinds, so that
// each arrival proves the disjunct the runs from the cut point start from.
//
// The VCs come from a symbolic execution of each function from its entry
// and from every cut point (a loop invariant or an assertion) along every
// path to the next cut point or exit. A cut point is proved on arrival and
// execution continues from its annotation alone. Every retreating edge of a
// depth-first search of the control-flow graph must land on an invariant
// with a variant, be reached by a run that started at that invariant, and
// prove 0 <= V0 && V < V0 for the variant's value V0 at the loop head; this
// makes every execution finite, for any control-flow graph.
//
// Semantics: scalar terms denote the exact unsigned 64-bit register value
// (wrap-around is explicit: (u64)(…), (u32)(…)); an operation the assertion
// language cannot express yields a fresh scalar with its type's range.
// Registers carry a kind: scalar, stack pointer, context, packet, packet
// end, map, map value or null, inner map or null, uninitialised, invalid.
// A pointer is base + offset with a mathematical offset congruent to the
// machine offset; every access proves its offset within the object, so the
// two agree where it matters, and pointer comparisons prove both values lie
// in [0, 2^64). The stack frame is modelled byte by byte at constant
// offsets from R10: the initialised bytes are data_at and chars chunks, the
// rest of the 512-byte frame undef_chars. An access at a variable offset
// whose constant part lies in a chunk with no initialised neighbour must
// stay inside that chunk, and a load yields the chunk's bytes. Any other
// variable-offset access must lie inside one maximal run of adjacent
// initialised chunks (a spilled pointer ends a run) and be naturally
// aligned: its VC is the disjunction over the runs, in frame order, so it
// is fixed by the state and proved by a case split. Such a load yields an
// unknown value of its width; such a store leaves every run it may hit
// initialised with unknown contents.
//
// Maps of maps: a lookup in an array or hash of maps yields null or a
// pointer to an inner map, which may only be copied, spilled, compared
// with 0 by == and != and passed, once proved non-null, as the map
// argument of a helper. The inner map has the key and value sizes of the
// outer map's template (inner(m)) but no known max_entries, and must be a
// plain hash or array map.
//
// Assumptions about the machine: little-endian; the context, packet, stack
// frame and map values lie between 2^32 and 2^64 - 2^32. Deliberately
// stricter than the Linux verifier: XDP return values must lie in [0, 4];
// pointers may be stored only to the stack as aligned 8-byte spills and
// compared only with pointers into the same object or with 0 by == and !=;
// subprograms take scalars, stack pointers and map value pointers at their
// base (a subprogram cannot pass on memory it got); stack accesses are
// naturally aligned.
// Not supported (rejected): packet metadata, legacy packet loads, kfuncs,
// callbacks, global data, nested maps of maps, helper memory arguments
// outside the stack or at variable offsets.
//
// This package is part of vep's trusted base. It imports only the standard
// library, vep/sep, vep/proofs, vep/internal/isa, vep/internal/elfobj,
// vep/internal/spec and vep/internal/contracts (a test enforces it).
package bpfcheck
