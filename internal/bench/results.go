package bench

import "time"

// Stage names, as listed in Results.Stages.
const (
	StageVerify  = "verify"
	StageCompile = "compile"
	StageCheck   = "check"
	StageKernel  = "kernel"
	// StageClang is the reference compiler (Options.Clang): its object's
	// instruction count, and the kernel's verdict on it (StageKernelClang).
	StageClang       = "clang"
	StageKernelClang = "kernel_clang"
)

// Results is the outcome of a benchmark run. Its JSON form (field names in
// the tags) is stable: fields are added, never renamed.
type Results struct {
	// Runs is the number of calls each stage's medians are taken over.
	Runs int `json:"runs"`
	// Budget is the time after which a stage is not repeated on a file
	// (Options.Budget), 0 for no bound.
	Budget time.Duration `json:"budget_ns,omitempty"`
	// Stages lists the stages that ran, in pipeline order: "verify",
	// "compile", "check", "kernel", "clang", "kernel_clang". A stage not
	// listed has no column.
	Stages []string `json:"stages"`
	// KernelInput is "vep" when the kernel stage loaded Compile's objects,
	// "" when it did not run. (The kernel's verdict on clang's objects is
	// the stage "kernel_clang".)
	KernelInput string `json:"kernel_input,omitempty"`
	// Notes are remarks for the reader, such as stages that are missing;
	// the caller may append its own before printing.
	Notes []string `json:"notes,omitempty"`
	// Programs has one entry per input file, in input order; a file may
	// hold several programs (SEC entry points), see Program.Progs.
	Programs []Program `json:"programs"`
	// Folders summarises the files per folder, in order of first
	// appearance.
	Folders []Summary `json:"folders"`
	// Total summarises every file.
	Total Summary `json:"total"`
	// Headline is the one-line summary of Verdicts.
	Headline string `json:"headline"`
}

// Has reports whether stage ran.
func (r *Results) Has(stage string) bool {
	for _, s := range r.Stages {
		if s == stage {
			return true
		}
	}
	return false
}

// Program is the measurement of one source file, which holds Progs
// programs (SEC entry points). Expectations and Verify's verdict are per
// file; Check and the kernel also count the programs they accept.
type Program struct {
	// Path is the file's name as given in File.Path, such as
	// "prevail/loop.c".
	Path string `json:"path"`
	// Folder is the directory part of Path ("." if none).
	Folder string `json:"folder"`
	// Progs is the number of programs (SEC entry points) of the file.
	Progs int `json:"programs"`
	LineCounts
	// Expect is what the file announces.
	Expect Expectation `json:"expect"`
	// Match reports whether Verify's verdict matches Expect: a safe
	// program is accepted; an unsafe program is rejected and the first
	// diagnostic is at Expect.Line and contains Expect.Marker.
	Match bool `json:"match"`
	// Verify, Compile, Check and Kernel are the stages' measurements, nil
	// for a stage that did not run on this file (Check and Kernel need
	// Compile's object). A file expected unsafe is compiled without
	// verification (Compile.NoVerify), so that Check can show it rejects
	// the object.
	Verify  *Measure `json:"verify,omitempty"`
	Compile *Measure `json:"compile,omitempty"`
	Check   *Measure `json:"check,omitempty"`
	Kernel  *Measure `json:"kernel,omitempty"`
	// Clang is the reference compiler's run (one call, its instruction
	// count), KernelClang the kernel verifier on clang's object.
	Clang       *Measure `json:"clang,omitempty"`
	KernelClang *Measure `json:"kernel_clang,omitempty"`
}

// Insns is the instruction count of the file's object from Compile, 0 if
// unknown.
func (p *Program) Insns() int {
	if p.Compile == nil {
		return 0
	}
	return p.Compile.Insns
}

// ClangInsns is the instruction count of clang's object, 0 if unknown.
func (p *Program) ClangInsns() int {
	if p.Clang == nil {
		return 0
	}
	return p.Clang.Insns
}

// ProofBytes is the size of the proofs of the file's object, from
// Compile or else from Check; 0 if unknown.
func (p *Program) ProofBytes() int {
	switch {
	case p.Compile != nil && p.Compile.ProofBytes > 0:
		return p.Compile.ProofBytes
	case p.Check != nil:
		return p.Check.ProofBytes
	}
	return 0
}

// VCs is the number of verification conditions of the file's object,
// from Compile or else from Check; 0 if unknown.
func (p *Program) VCs() int {
	switch {
	case p.Compile != nil && p.Compile.VCs > 0:
		return p.Compile.VCs
	case p.Check != nil:
		return p.Check.VCs
	}
	return 0
}

// Measure is what one stage did on one file.
type Measure struct {
	// Verdict is the stage's answer ("safe", "unsafe" or "error"); for the
	// kernel and Check, safe means every program was accepted; for Compile,
	// that the object has a proof of every verification condition.
	Verdict Verdict `json:"verdict"`
	// Diags are the stage's diagnostics of the first run.
	Diags []Diag `json:"diags,omitempty"`
	// Error is the error the stage returned, if any.
	Error string `json:"error,omitempty"`
	// NoVerify marks a Compile run without verification and proofs (on a
	// file expected unsafe).
	NoVerify bool `json:"no_verify,omitempty"`
	// Runs is the number of calls measured (fewer than Results.Runs when
	// the stage failed).
	Runs int `json:"runs"`
	// Time is the median wall time of a call, in nanoseconds.
	Time time.Duration `json:"time_ns"`
	// Alloc is the median of the bytes allocated during a call (growth of
	// runtime.MemStats.TotalAlloc, every allocation counted, also
	// short-lived ones: not the peak heap); 0 for the kernel and clang,
	// whose memory the Go runtime does not see.
	Alloc uint64 `json:"alloc_bytes,omitempty"`
	// ProofBytes, VCs, Proved, Insns, Processed, Programs and Accepted
	// are copied from the StageResult of the first run (Insns and
	// Programs are counted from the stage's object when it does not say).
	ProofBytes int `json:"proof_bytes,omitempty"`
	VCs        int `json:"vcs,omitempty"`
	Proved     int `json:"proved,omitempty"`
	Insns      int `json:"insns,omitempty"`
	Processed  int `json:"processed_insns,omitempty"`
	Programs   int `json:"programs,omitempty"`
	Accepted   int `json:"accepted,omitempty"`
}

// FirstLine returns the line of the first diagnostic, 0 if none.
func (m *Measure) FirstLine() int {
	if m == nil || len(m.Diags) == 0 {
		return 0
	}
	return m.Diags[0].Line
}

// Summary aggregates the files of a folder (or all of them). Times and
// allocations are medians over the files of each file's median; files on
// which a stage did not run are left out of its medians. Counts of
// programs count SEC entry points.
type Summary struct {
	// Folder is the folder, "" for the total.
	Folder string `json:"folder"`
	// Files is the number of files, Matches how many of them Match.
	Files   int `json:"files"`
	Matches int `json:"matches"`
	// Programs is the number of programs of the files, Safe and Unsafe
	// how many of them are expected safe and unsafe.
	Programs int `json:"programs"`
	Safe     int `json:"safe_programs"`
	Unsafe   int `json:"unsafe_programs"`
	// Code and Annot are the sums of the files' line counts.
	Code  int `json:"loc"`
	Annot int `json:"annotation_lines"`
	// VerifyTime and VerifyAlloc are medians; VerifyTotal is the sum of
	// the files' median Verify times.
	VerifyTime  time.Duration `json:"verify_time_ns"`
	VerifyTotal time.Duration `json:"verify_total_ns"`
	VerifyAlloc uint64        `json:"verify_alloc_bytes"`
	// CompileTime is the median Compile time (with and without
	// verification alike); CompileProved counts the files whose object
	// has every proof.
	CompileTime   time.Duration `json:"compile_time_ns,omitempty"`
	CompileProved int           `json:"compile_proved,omitempty"`
	// Insns and ClangInsns sum the instruction counts of vep's and
	// clang's objects; InsnRatio is the ratio of the two sums over the
	// InsnFiles files that have both objects.
	Insns      int     `json:"insns,omitempty"`
	ClangInsns int     `json:"clang_insns,omitempty"`
	InsnFiles  int     `json:"insn_files,omitempty"`
	InsnRatio  float64 `json:"insn_ratio,omitempty"`
	// VCs and ProofBytes are sums.
	VCs        int `json:"vcs,omitempty"`
	ProofBytes int `json:"proof_bytes,omitempty"`
	// CheckTime and CheckAlloc are medians. CheckSafe counts the programs
	// expected safe that Check accepted; CheckRejected and CheckUnsound
	// the programs expected unsafe it rejected and accepted; CheckObjects
	// the programs expected unsafe that had an object to check.
	CheckTime     time.Duration `json:"check_time_ns,omitempty"`
	CheckAlloc    uint64        `json:"check_alloc_bytes,omitempty"`
	CheckSafe     int           `json:"check_accepted,omitempty"`
	CheckRejected int           `json:"check_rejected_unsafe,omitempty"`
	CheckUnsound  int           `json:"check_accepted_unsafe,omitempty"`
	CheckObjects  int           `json:"check_unsafe_objects,omitempty"`
	// KernelSafe counts the programs of vep's objects the kernel
	// accepted (KernelSafeExpected those of them expected safe; the same
	// for clang's objects in KernelClangExpected), KernelTime is the median load time of a file and
	// KernelProcessed the sum of processed instructions; the Clang
	// fields are the same for clang's objects.
	KernelSafe           int           `json:"kernel_accepted,omitempty"`
	KernelSafeExpected   int           `json:"kernel_accepted_safe,omitempty"`
	KernelClangExpected  int           `json:"kernel_clang_accepted_safe,omitempty"`
	KernelTime           time.Duration `json:"kernel_time_ns,omitempty"`
	KernelProcessed      int           `json:"kernel_processed_insns,omitempty"`
	KernelClangSafe      int           `json:"kernel_clang_accepted,omitempty"`
	KernelClangTime      time.Duration `json:"kernel_clang_time_ns,omitempty"`
	KernelClangProcessed int           `json:"kernel_clang_processed_insns,omitempty"`
}
