// Package spec defines the ".vep.spec" section of an eBPF object: the
// bytecode annotations (function contracts, loop invariants and assertions)
// that vep attaches to instructions of its code sections.
//
// An Entry names a code section, an instruction index in it (counting
// instructions, so a 64-bit immediate load is one), a Kind and the
// annotation's source text, which this package does not interpret.
//
// # Encoding
//
// The section is a compact binary encoding. Unsigned integers are minimal
// unsigned LEB128 varints (encoding/binary's Uvarint without redundant
// continuation bytes); a string is its byte length as a varint followed by
// its UTF-8 bytes.
//
//	header   "VEPS"  version=1
//	sections count, then per section:
//	           name    string (non-empty, distinct from the other names)
//	           entries count, then per entry:
//	             delta   varint: index minus the previous entry's index
//	                     (the first entry of a section: the index itself)
//	             kind    one byte: 1 contract, 2 invariant, 3 assertion
//	             text    string
//
// Entries of one section are contiguous; within a section they are ordered
// by index and, at the same index, by kind (contract, invariant,
// assertion); entries with the same index and kind keep their order. This
// is the canonical order that Sort establishes and that Encode and Decode
// require. Decode is strict: a wrong magic, an unknown version, truncation,
// trailing bytes, non-minimal varints, counts or lengths larger than the
// remaining input allows, an index above MaxIndex, an unknown kind, invalid
// UTF-8, an empty or repeated section name and out-of-order entries are
// errors that give the byte offset at which decoding failed.
//
// This package is part of vep's trusted base: it imports only the standard
// library.
package spec
