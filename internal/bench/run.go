package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"runtime"
	"strings"
	"time"
)

// File is one program of the corpus.
type File struct {
	// Path names the program in the results, with slashes, such as
	// "prevail/loop.c"; its directory part is the program's folder.
	Path string
	// Src is the C source.
	Src []byte
}

// Options configure Run. Stages left nil are not run and get no column.
type Options struct {
	// Runs is the number of calls of each stage per file that times and
	// allocations are the medians of; 0 means 3.
	Runs int
	// Budget bounds the repetitions: a stage that has spent Budget on a
	// file (wall time, summed over its runs) is not called again on it,
	// so that one slow program does not dominate the benchmark; its
	// Measure.Runs says how often it ran. 0 means 2s, negative no bound.
	Budget time.Duration
	// Kernel asks for the Linux kernel verifier's verdict on each file's
	// bytecode: Compile's object (stage "kernel") and Clang's (stage
	// "kernel_clang").
	Kernel bool
	// Verify is called on the source.
	Verify Stage
	// Compile is called on the source of a file expected safe, and also on
	// one expected unsafe when CompileUnsafe is nil; its object feeds
	// Check and Kernel.
	Compile Stage
	// CompileUnsafe, if not nil, is called instead of Compile on a file
	// expected unsafe: a compilation without verification, whose object
	// Check must reject.
	CompileUnsafe Stage
	// Check is called on Compile's object.
	Check Stage
	// Clang is a reference compiler (see the function Clang): it is called
	// once per file, not repeated, for its instruction count and, with
	// Kernel, the kernel's verdict on its object.
	Clang Stage
	// KernelLoad loads an object into the kernel; nil means LoadKernel.
	KernelLoad Stage
	// Progress, if not nil, receives one line per file and stage.
	Progress io.Writer
}

// Run measures every stage of opts on every file and summarises the
// results per folder. It returns an error, before measuring anything, if a
// file does not announce its expectation (see ParseExpect) or if Kernel is
// set without a stage that produces bytecode; and ctx's error if ctx is
// done before every file was measured.
func Run(ctx context.Context, files []File, opts Options) (*Results, error) {
	if opts.Runs <= 0 {
		opts.Runs = 3
	}
	switch {
	case opts.Budget == 0:
		opts.Budget = 2 * time.Second
	case opts.Budget < 0:
		opts.Budget = 0
	}
	if opts.Kernel && opts.Compile == nil && opts.Clang == nil {
		return nil, errors.New("bench: the kernel stage needs a Compile or Clang stage")
	}
	if opts.Kernel && opts.KernelLoad == nil {
		opts.KernelLoad = LoadKernel
	}
	res := &Results{Runs: opts.Runs, Budget: opts.Budget}
	for _, s := range []struct {
		name string
		on   bool
	}{
		{StageVerify, opts.Verify != nil},
		{StageCompile, opts.Compile != nil},
		{StageCheck, opts.Check != nil && opts.Compile != nil},
		{StageKernel, opts.Kernel && opts.Compile != nil},
		{StageClang, opts.Clang != nil},
		{StageKernelClang, opts.Kernel && opts.Clang != nil},
	} {
		if s.on {
			res.Stages = append(res.Stages, s.name)
		}
	}
	if res.Has(StageKernel) {
		res.KernelInput = "vep"
	}

	for _, f := range files {
		e, err := ParseExpect(f.Src)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Path, err)
		}
		res.Programs = append(res.Programs, Program{
			Path:       f.Path,
			Folder:     path.Dir(f.Path),
			LineCounts: CountLines(f.Src),
			Expect:     e,
		})
	}
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := &res.Programs[i]
		progress := func(stage string, m *Measure) {
			if opts.Progress != nil {
				fmt.Fprintf(opts.Progress, "bench: [%d/%d] %s: %s %s\n", i+1, len(files), f.Path, stage, describe(m))
			}
		}
		if opts.Verify != nil {
			p.Verify, _ = measure(ctx, opts.Verify, f.Path, f.Src, opts.Runs, opts.Budget, true)
			p.Match = matches(p.Expect, p.Verify)
			progress(StageVerify, p.Verify)
		}
		if opts.Compile != nil {
			compile, noVerify := opts.Compile, false
			if !p.Expect.Safe && opts.CompileUnsafe != nil {
				compile, noVerify = opts.CompileUnsafe, true
			}
			var r StageResult
			p.Compile, r = measure(ctx, compile, f.Path, f.Src, opts.Runs, opts.Budget, true)
			p.Compile.NoVerify = noVerify
			count(p.Compile, r.Object)
			progress(StageCompile, p.Compile)
			if obj := r.Object; obj != nil {
				if opts.Check != nil {
					p.Check, _ = measure(ctx, opts.Check, f.Path, obj, opts.Runs, opts.Budget, true)
					progress(StageCheck, p.Check)
				}
				if opts.Kernel {
					p.Kernel, _ = measure(ctx, opts.KernelLoad, f.Path, obj, opts.Runs, opts.Budget, false)
					progress(StageKernel, p.Kernel)
				}
			}
		}
		if opts.Clang != nil {
			var r StageResult
			p.Clang, r = measure(ctx, opts.Clang, f.Path, f.Src, 1, opts.Budget, false)
			count(p.Clang, r.Object)
			progress(StageClang, p.Clang)
			if obj := r.Object; obj != nil && opts.Kernel {
				p.KernelClang, _ = measure(ctx, opts.KernelLoad, f.Path, obj, opts.Runs, opts.Budget, false)
				progress(StageKernelClang, p.KernelClang)
			}
		}
		p.Progs = 1
		for _, m := range []*Measure{p.Verify, p.Compile, p.Check, p.Clang} {
			if m != nil && m.Programs > 0 {
				p.Progs = m.Programs
				break
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Folders, res.Total = summarise(res.Programs)
	res.Headline = Verdicts(res)
	return res, nil
}

// count fills in m's instruction and program counts from obj when the
// stage did not report them.
func count(m *Measure, obj []byte) {
	if obj == nil || (m.Insns > 0 && m.Programs > 0) {
		return
	}
	insns, progs, err := CountInsns(obj)
	if err != nil {
		return
	}
	if m.Insns == 0 {
		m.Insns = insns
	}
	if m.Programs == 0 {
		m.Programs = progs
	}
}

// measure calls stage runs times on in and returns the measurement and the
// result of the first call. It stops at the first error, when ctx is done
// or when the calls have taken budget (if not 0). withAlloc says whether
// to record the allocation.
func measure(ctx context.Context, stage Stage, name string, in []byte, runs int, budget time.Duration, withAlloc bool) (*Measure, StageResult) {
	m := &Measure{}
	var (
		first  StageResult
		times  []time.Duration
		allocs []uint64
		before runtime.MemStats
		after  runtime.MemStats
		spent  time.Duration
	)
	for i := 0; i < runs && ctx.Err() == nil; i++ {
		runtime.ReadMemStats(&before)
		start := time.Now()
		r, err := call(stage, name, in)
		d := time.Since(start)
		spent += d
		runtime.ReadMemStats(&after)
		if r.Time > 0 {
			d = r.Time
		}
		m.Runs++
		times = append(times, d)
		allocs = append(allocs, after.TotalAlloc-before.TotalAlloc)
		if err != nil {
			m.Verdict, m.Error = Failed, err.Error()
			break
		}
		if i == 0 {
			first = r
			m.Verdict = r.Verdict
			m.Diags = r.Diags
			m.ProofBytes, m.Insns, m.Processed = r.ProofBytes, r.Insns, r.Processed
			m.VCs, m.Proved, m.Programs, m.Accepted = r.VCs, r.Proved, r.Programs, r.Accepted
		}
		if budget > 0 && spent >= budget {
			break
		}
	}
	m.Time = median(times)
	if withAlloc {
		m.Alloc = median(allocs)
	}
	return m, first
}

// call calls stage, turning a panic into an error so that one broken
// program does not end the benchmark.
func call(stage Stage, name string, in []byte) (r StageResult, err error) {
	defer func() {
		if x := recover(); x != nil {
			r, err = StageResult{}, fmt.Errorf("panic: %v", x)
		}
	}()
	r, err = stage(name, in)
	if err == nil && r.Verdict != Safe && r.Verdict != Unsafe {
		err = fmt.Errorf("stage returned verdict %q", r.Verdict)
	}
	return r, err
}

// matches reports whether m is the verdict e announces.
func matches(e Expectation, m *Measure) bool {
	switch {
	case m == nil:
		return false
	case e.Safe:
		return m.Verdict == Safe
	case m.Verdict != Unsafe || len(m.Diags) == 0:
		return false
	}
	d := m.Diags[0]
	return d.Line == e.Line && strings.Contains(d.Message, e.Marker)
}

// describe is the progress text of a measurement.
func describe(m *Measure) string {
	switch {
	case m.Error != "":
		return "error: " + m.Error
	case m.FirstLine() > 0:
		return fmt.Sprintf("%s at line %d (%s)", m.Verdict, m.FirstLine(), formatDuration(m.Time))
	}
	return fmt.Sprintf("%s (%s)", m.Verdict, formatDuration(m.Time))
}
