package bench

import "time"

// Stage names, as listed in Results.Stages.
const (
	StageVerify  = "verify"
	StageCompile = "compile"
	StageCheck   = "check"
	StageKernel  = "kernel"
)

// Results is the outcome of a benchmark run. Its JSON form (field names in
// the tags) is stable: fields are added, never renamed.
type Results struct {
	// Runs is the number of calls each stage's medians are taken over.
	Runs int `json:"runs"`
	// Stages lists the stages that ran, in pipeline order: "verify",
	// "compile", "check", "kernel". A stage not listed has no column.
	Stages []string `json:"stages"`
	// KernelInput says which bytecode the kernel verifier loaded: "vep"
	// (Compile's object) or "clang" (Options.Bytecode's), "" if the kernel
	// stage did not run.
	KernelInput string `json:"kernel_input,omitempty"`
	// Notes are remarks for the reader, such as stages that are missing;
	// the caller may append its own before printing.
	Notes []string `json:"notes,omitempty"`
	// Programs has one entry per input file, in input order.
	Programs []Program `json:"programs"`
	// Folders summarises the programs per folder, in order of first
	// appearance.
	Folders []Summary `json:"folders"`
	// Total summarises every program.
	Total Summary `json:"total"`
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

// Program is the measurement of one program.
type Program struct {
	// Path is the program's name as given in File.Path, such as
	// "prevail/loop.c".
	Path string `json:"path"`
	// Folder is the directory part of Path ("." if none).
	Folder string `json:"folder"`
	LineCounts
	// Expect is what the program announces.
	Expect Expectation `json:"expect"`
	// Match reports whether Verify's verdict matches Expect: a safe
	// program is accepted; an unsafe program is rejected and the first
	// diagnostic is at Expect.Line and contains Expect.Marker.
	Match bool `json:"match"`
	// Verify, Compile, Check and Kernel are the stages' measurements, nil
	// for a stage that did not run on this program (Check and Kernel need
	// an object).
	Verify  *Measure `json:"verify,omitempty"`
	Compile *Measure `json:"compile,omitempty"`
	Check   *Measure `json:"check,omitempty"`
	Kernel  *Measure `json:"kernel,omitempty"`
}

// Insns is the instruction count of the program's object, from Compile;
// 0 if unknown.
func (p *Program) Insns() int {
	if p.Compile == nil {
		return 0
	}
	return p.Compile.Insns
}

// ProofBytes is the size of the proofs of the program's object, from
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

// Measure is what one stage did on one program.
type Measure struct {
	// Verdict is the stage's answer ("safe", "unsafe" or "error"); for the
	// kernel, safe means the object loaded.
	Verdict Verdict `json:"verdict"`
	// Diags are the stage's diagnostics of the first run.
	Diags []Diag `json:"diags,omitempty"`
	// Error is the error the stage returned, if any.
	Error string `json:"error,omitempty"`
	// Runs is the number of calls measured (fewer than Results.Runs when
	// the stage failed).
	Runs int `json:"runs"`
	// Time is the median wall time of a call, in nanoseconds.
	Time time.Duration `json:"time_ns"`
	// Alloc is the median of the bytes allocated during a call (growth of
	// runtime.MemStats.TotalAlloc); 0 for the kernel, whose memory the Go
	// runtime does not see.
	Alloc uint64 `json:"alloc_bytes,omitempty"`
	// ProofBytes, Insns and Processed are copied from the StageResult of
	// the first run.
	ProofBytes int `json:"proof_bytes,omitempty"`
	Insns      int `json:"insns,omitempty"`
	Processed  int `json:"processed_insns,omitempty"`
}

// FirstLine returns the line of the first diagnostic, 0 if none.
func (m *Measure) FirstLine() int {
	if m == nil || len(m.Diags) == 0 {
		return 0
	}
	return m.Diags[0].Line
}

// Summary aggregates the programs of a folder (or all of them). Times and
// allocations are medians over the programs of each program's median;
// programs on which a stage did not run are left out of its medians.
type Summary struct {
	// Folder is the folder, "" for the total.
	Folder string `json:"folder"`
	// Programs is the number of programs, Matches how many of them Match.
	Programs int `json:"programs"`
	Matches  int `json:"matches"`
	// Code and Annot are the sums of the programs' line counts.
	Code  int `json:"loc"`
	Annot int `json:"annotation_lines"`
	// VerifyTime and VerifyAlloc are medians; VerifyTotal is the sum of
	// the programs' median Verify times.
	VerifyTime  time.Duration `json:"verify_time_ns"`
	VerifyTotal time.Duration `json:"verify_total_ns"`
	VerifyAlloc uint64        `json:"verify_alloc_bytes"`
	// CompileTime, CheckTime and CheckAlloc are medians, CheckSafe counts
	// the programs Check accepted, ProofBytes and Insns are sums.
	CompileTime time.Duration `json:"compile_time_ns,omitempty"`
	CheckTime   time.Duration `json:"check_time_ns,omitempty"`
	CheckAlloc  uint64        `json:"check_alloc_bytes,omitempty"`
	CheckSafe   int           `json:"check_accepted,omitempty"`
	ProofBytes  int           `json:"proof_bytes,omitempty"`
	Insns       int           `json:"insns,omitempty"`
	// KernelSafe counts the programs the kernel accepted, KernelTime is
	// the median load time and KernelProcessed the sum of processed
	// instructions.
	KernelSafe      int           `json:"kernel_accepted,omitempty"`
	KernelTime      time.Duration `json:"kernel_time_ns,omitempty"`
	KernelProcessed int           `json:"kernel_processed_insns,omitempty"`
}
