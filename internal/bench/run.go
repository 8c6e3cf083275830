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
	// Runs is the number of calls of each stage per program that times
	// and allocations are the medians of; 0 means 5.
	Runs int
	// Kernel asks for the Linux kernel verifier's verdict on each
	// program's bytecode: Compile's object, or Bytecode's when Compile is
	// nil.
	Kernel bool
	// Verify is called on the source.
	Verify Stage
	// Compile is called on the source; its object feeds Check and Kernel.
	Compile Stage
	// Check is called on Compile's object.
	Check Stage
	// Bytecode produces the object for Kernel when there is no Compile
	// stage (see Clang). It is called once per program and not measured.
	Bytecode Stage
	// KernelLoad loads an object into the kernel; nil means LoadKernel.
	KernelLoad Stage
	// Progress, if not nil, receives one line per program and stage.
	Progress io.Writer
}

// Run measures every stage of opts on every file and summarises the
// results per folder. It returns an error, before measuring anything, if a
// file does not announce its expectation (see ParseExpect) or if Kernel is
// set without a stage that produces bytecode; and ctx's error if ctx is
// done before every file was measured.
func Run(ctx context.Context, files []File, opts Options) (*Results, error) {
	if opts.Runs <= 0 {
		opts.Runs = 5
	}
	if opts.Kernel && opts.Compile == nil && opts.Bytecode == nil {
		return nil, errors.New("bench: the kernel stage needs a Compile or Bytecode stage")
	}
	if opts.Kernel && opts.KernelLoad == nil {
		opts.KernelLoad = LoadKernel
	}
	res := &Results{Runs: opts.Runs}
	for _, s := range []struct {
		name string
		on   bool
	}{
		{StageVerify, opts.Verify != nil},
		{StageCompile, opts.Compile != nil},
		{StageCheck, opts.Check != nil && opts.Compile != nil},
		{StageKernel, opts.Kernel},
	} {
		if s.on {
			res.Stages = append(res.Stages, s.name)
		}
	}
	if opts.Kernel {
		res.KernelInput = "clang"
		if opts.Compile != nil {
			res.KernelInput = "vep"
		}
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
			p.Verify, _ = measure(ctx, opts.Verify, f.Path, f.Src, opts.Runs, true)
			p.Match = matches(p.Expect, p.Verify)
			progress(StageVerify, p.Verify)
		}
		var obj []byte
		if opts.Compile != nil {
			var r StageResult
			p.Compile, r = measure(ctx, opts.Compile, f.Path, f.Src, opts.Runs, true)
			progress(StageCompile, p.Compile)
			obj = r.Object
			if obj != nil && opts.Check != nil {
				p.Check, _ = measure(ctx, opts.Check, f.Path, obj, opts.Runs, true)
				progress(StageCheck, p.Check)
			}
		} else if opts.Kernel {
			r, err := call(opts.Bytecode, f.Path, f.Src)
			if err != nil {
				p.Kernel = &Measure{Verdict: Failed, Error: "bytecode: " + err.Error()}
				progress(StageKernel, p.Kernel)
			}
			obj = r.Object
		}
		if opts.Kernel && obj != nil {
			p.Kernel, _ = measure(ctx, opts.KernelLoad, f.Path, obj, opts.Runs, false)
			progress(StageKernel, p.Kernel)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Folders, res.Total = summarise(res.Programs)
	return res, nil
}

// measure calls stage runs times on in and returns the measurement and the
// result of the first call. It stops at the first error or when ctx is
// done. withAlloc says whether to record the allocation.
func measure(ctx context.Context, stage Stage, name string, in []byte, runs int, withAlloc bool) (*Measure, StageResult) {
	m := &Measure{}
	var (
		first  StageResult
		times  []time.Duration
		allocs []uint64
		before runtime.MemStats
		after  runtime.MemStats
	)
	for i := 0; i < runs && ctx.Err() == nil; i++ {
		runtime.ReadMemStats(&before)
		start := time.Now()
		r, err := call(stage, name, in)
		d := time.Since(start)
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
