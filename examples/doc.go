// Package examples is vep's benchmark corpus: eBPF programs in C, annotated
// where the proof needs help, each with the verdict vep must reach on its
// first line. See README.md for the conventions; the tests in this package
// check them and compile every program with clang.
package examples
