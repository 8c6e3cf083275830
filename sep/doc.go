// Package sep is vep's assertion language: the terms, pure formulas and
// spatial predicates of the annotations written in C (/*@ … */ comments) and
// carried down to eBPF bytecode.
//
// The package provides a closed AST (every node implements Term or Formula and
// carries its position), a parser with positioned error messages, a printer
// whose output parses back to the same AST, structural equality ignoring
// positions, capture-avoiding substitution, free variables, a binding check,
// a normal form (existentials, a pure conjunction and a list of spatial
// chunks) and an evaluator for ground pure formulas over concrete integers
// and integer lists.
//
// Integers in annotations are mathematical: literals are arbitrary-precision
// and arithmetic never wraps. Machine widths enter only through types (casts,
// typed loads such as *(u32 *)(p), data_at and array).
//
// This package is part of vep's trusted base: it imports only the Go standard
// library. Library functions return errors and never panic on bad input.
package sep
