// Package bench is vep's benchmark harness: it runs the stages of the
// toolchain (Verify, Compile, Check) and, where the machine allows, the
// Linux kernel's verifier over a corpus of annotated C programs, and
// reports per program and per folder whether each verdict matches the one
// the program announces, with median times and allocation.
//
// Every program of the corpus starts with "// expect: safe" or
// "// expect: unsafe: <reason>"; an unsafe program marks the line that must
// be reported with a trailing /* ERROR "<substring>" */ comment
// (ParseExpect). The stages are plain functions (Stage), so the harness
// depends on no particular version of the facade; cmd/vep wires them.
//
// Measurements are taken in one process, one stage call at a time: a
// stage's time is the median wall time over Options.Runs calls, and its
// allocation is the median over those calls of the bytes allocated during
// the call (the growth of runtime.MemStats.TotalAlloc), which counts every
// allocation, also short-lived ones, and is not the peak live heap.
package bench
