// Package contracts is vep's trusted table of program-type and helper
// contracts: for each eBPF program type, its kernel number, its context
// structure and the fields a program may read and write (at which offsets
// and widths), its return-value rule, its entry contract and the helpers it
// may call; for each helper, its kernel id, argument and return kinds,
// whether it invalidates packet pointers, and its contract written in the
// assertion language of package sep.
//
// The C verifier and the bytecode checker both read this one table, so the
// two levels cannot disagree about what a helper needs or guarantees. The
// table is part of vep's trusted base: the package imports only the Go
// standard library and vep/sep (a test enforces it), and every fact in it
// is taken from the Linux kernel sources, which the comments cite
// (net/core/filter.c *_is_valid_access and *_func_proto,
// kernel/trace/bpf_trace.c, kernel/bpf/helpers.c, kernel/bpf/verifier.c
// check_return_code). Where the kernel is more permissive than vep can
// model (socket pointers in contexts, helpers without a contract here), the
// table is conservative: such accesses and calls are simply not allowed.
//
// Contracts are kept as text and parsed lazily, once, with the error cached,
// so a mistake in the table never panics at init; a test parses every entry.
//
// Contract conventions. A helper contract is written
//
//	With x y … Require P Ensure Q
//
// over the helper's parameter names (listed in HelperContract.Params, in
// register order R1 … R5) and __return. P names every region the helper
// reads or writes; Q gives each back: a region restated with the same With
// constant is only read, a region restated with a fresh existential has been
// written. Spatial parts are never under a disjunction: case distinctions are
// pure facts (on __return, on existential lengths), so every contract is in
// the fragment sep.Normalize accepts. Map values and the context are the
// duplicable facts map_value(m, p) and ctx(p). The result of a lookup in a
// map of maps is a map of the inner template's shape, stated as equalities
// of key_size and value_size with inner(m).
package contracts
