// Package sep is vep's assertion language: the terms, pure formulas and
// spatial predicates of the annotations written in C (/*@ … */ comments) and
// carried down to eBPF bytecode. Its grammar and meaning are fixed by
// DESIGN.md ("The annotation language").
//
// The package provides a closed AST (every node implements Term or Formula
// and carries its position), a parser with positioned error messages
// (ParseFormula, ParseTerm, ParseType, ParseAnnotation), a printer whose
// output parses back to the same AST (String), structural equality ignoring
// positions (Equal), capture-avoiding substitution (Subst), free variables
// (FreeVars), a binding check (Check), a normal form (Normalize:
// existentials, a pure conjunction and a list of spatial chunks) and an
// evaluator for ground pure formulas over concrete integers and integer
// lists (EvalFormula, EvalTerm).
//
// Integers in annotations are mathematical: literals are arbitrary-precision
// and arithmetic never wraps. Machine widths enter only through types (casts,
// typed loads such as *(u32 *)(p), data_at and array), and IntType.Wrap and
// IntType.Range give their meaning.
//
// Syntax decisions beyond DESIGN.md's grammar:
//
//   - '*' after a term is multiplication if a term follows, and separating
//     conjunction otherwise; so a * b < c is arithmetic, x == y * chars(p,
//     n, l) is separating, and x == y * z == w is an error (chained
//     comparison): write x == y ** z == w. The printer emits ** exactly when
//     the right operand is a comparison.
//   - Term operators have C's precedence; ++ (concatenation) binds like + and
//     -; ~ is bitwise complement; all term operators bind tighter than
//     comparisons, so a & b == c is (a & b) == c.
//   - -5 is a literal, -(5) the negation of one. 'a' and '\n' are integers.
//   - Types: char is s8, int s32, long s64, _Bool and bool one byte; typedef
//     names and structs come from the Config's TypeEnv. R0 … R10 are
//     registers only in ModeBytecode.
//   - With, Require, Ensure, Inv, Variant and Assert are reserved words.
//
// This package is part of vep's trusted base: it imports only the Go standard
// library. Library functions return errors and never panic on bad input.
package sep
