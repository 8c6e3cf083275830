// Package asm assembles and disassembles vep's annotated eBPF assembly: the
// text that clang -S -target bpf emits and llvm-mc -arch=bpf reads, plus
// vep's annotation comments and two directives for what clang writes as
// data (the license and the map definitions).
//
// # Syntax
//
// A file is a sequence of lines. Comments are "#" and "//" to the end of the
// line and "/* ... */"; they are ignored, except annotation comments
// "/*@ ... */", whose text (trimmed of surrounding white space) is attached
// to the next instruction of the file. An annotation followed by a function
// label before that instruction is the function's contract; otherwise its
// kind follows from its first word: "With", "Require" or "Ensure" make a
// contract, "Inv" an invariant, anything else an assertion.
//
// A line holds any number of labels "NAME:" followed by an instruction or a
// directive. Instructions are those of isa.ParseInstruction, with symbols:
//
//	goto LBB0_3                    jump to a label of the same section
//	if r1 > r2 goto LBB0_3         (also gotol and the 32-bit "if w1 ...")
//	call helper_fn                 bpf-to-bpf call to a function label
//	r1 = counts ll                 load of a map declared with .map
//	r2 = callback_fn ll            load of a function's address
//	r3 = w3                        clang's zero-extending 32-bit move,
//	                               read as w3 = w3
//
// A label starts a function if it is named by .globl or by
// ".type NAME,@function", or if it is the first label of its section and no
// instruction precedes it there. Labels starting with "." and labels of the
// form LBB<n>_<m> are always local. Every instruction of a code section must
// follow a function label. Label and map names share one name space;
// register names and names of the form LBB<n>_<m> cannot name a map.
//
// Directives:
//
//	.section NAME[,"FLAGS"[,@TYPE]]  switch to a section; it holds code if
//	                                 FLAGS contain x, or if there are no
//	                                 FLAGS and NAME is not license, maps or
//	                                 a name starting with "." (but .text)
//	.text                            switch to .text (code), the section
//	                                 a file starts in
//	.data, .bss, .rodata             switch to a data section
//	.globl NAME, .global NAME        give a function global binding
//	.type NAME,@function             make the label NAME a function
//	.license "GPL"                   the object's license (a Go string)
//	.map NAME, TYPE, key=K, value=V, max_entries=N[, flags=F][, inner=T]
//	                                 declare a map
//	.inner T, TYPE, key=K, value=V, max_entries=N[, flags=F]
//	                                 declare the inner-map template T of a
//	                                 map-in-map; it is not a map of the object
//
// An anonymous inner template is given on the map's line instead of inner=T,
// by the attributes inner_type=, inner_key=, inner_value=,
// inner_max_entries= and optionally inner_flags=.
//
// TYPE is a map type name (hash, array, prog_array, perf_event_array,
// percpu_hash, percpu_array, stack_trace, lru_hash, array_of_maps,
// hash_of_maps, sockmap, ringbuf) or a decimal number; numbers are decimal
// or 0x hexadecimal. Sizes and counts may be zero (a ring buffer has no key
// or value). Inner templates live in a name space of their own, as C struct
// tags do.
//
// The directives clang emits that carry no meaning for vep (.p2align, .size,
// .file, .loc, .cfi_*, .addrsig, .ident, ...) are accepted and ignored, as
// are labels and data directives (.byte, .long, .zero, .asciz, ...) in data
// sections, where clang writes map definitions, the license and debugging
// information. Unknown directives are errors.
//
// Errors name the position as "name:line:col: message", with 1-based lines
// and byte columns.
package asm
