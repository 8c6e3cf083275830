// Package bench is vep's benchmark harness: it runs the stages of the
// toolchain (Verify, Compile, Check), a reference compiler (clang) and,
// where the machine allows, the Linux kernel's verifier over a corpus of
// annotated C files, and reports per file and per folder whether each
// verdict matches the one the file announces, with median times,
// allocation, instruction counts, verification conditions and proof sizes.
//
// Every file of the corpus starts with "// expect: safe" or
// "// expect: unsafe: <reason>"; an unsafe file marks the line that must
// be reported with a trailing /* ERROR "<substring>" */ comment
// (ParseExpect). A file holds one or more programs (SEC entry points):
// expectations and Verify's verdict are per file, while Check and the
// kernel count the programs they accept. A file expected unsafe is
// compiled without verification (Options.CompileUnsafe), so that the
// benchmark shows Check rejecting its object. The stages are plain
// functions (Stage), so the harness depends on no particular version of
// the facade; cmd/vep wires them.
//
// Measurements are taken in one process, one stage call at a time: a
// stage's time is the median wall time over Options.Runs calls (fewer
// once the calls have taken Options.Budget), and its allocation is the
// median over those calls of the bytes allocated during the call (the
// growth of runtime.MemStats.TotalAlloc), which counts every allocation,
// also short-lived ones, and is not the peak live heap.
package bench
