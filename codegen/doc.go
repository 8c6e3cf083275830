// Package codegen lowers the typed IR of vep/cparse to eBPF bytecode and
// packs it into an elfobj.Object as clang -target bpf would.
//
// Each entry point becomes a code section named by its SEC; functions with a
// contract or __noinline become bpf-to-bpf subprograms in ".text"; every
// other call is inlined. Loops without an invariant whose trip count is a
// constant of at most 64 are unrolled, as the verifier unrolls them; every
// other loop keeps a single head instruction. Non-address-taken scalar
// variables live in virtual registers, which a linear-scan allocator over
// liveness intervals maps to R0–R9, spilling to the stack when it must;
// arrays, structs and address-taken variables live in R10-relative slots.
//
// Invariants of the generated code: a value of a C type of at most 32 bits
// is held in the low 32 bits of its register with the upper 32 bits zero
// (signed 8- and 16-bit values sign-extended to 32 bits); the frame of each
// function is at most 512 bytes; only -mcpu=v3 instructions are used unless
// Options.V4 allows sign-extending moves, loads and signed division.
//
// Besides the object, Generate returns the C position of every instruction
// and, for every annotation point of the IR (function entries, loop heads,
// assertions), the instruction where it lands and where each C variable
// lives there.
package codegen
