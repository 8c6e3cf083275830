package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"vep"
	"vep/cparse"
	"vep/internal/bench"
)

// benchCommand is "vep bench".
var benchCommand = &command{
	summary: "measure vep on the example corpus",
	usage: `usage: vep bench [--json] [-n N] [--kernel] [PATH...]

Bench runs vep on every C file under the PATHs (files, or folders walked
recursively for *.c; default examples/) and prints one row per file, one
row per folder and a total, then the files whose verdicts differ from what
they expect and a one-line summary. A file holds one or more programs (SEC
entry points); the folder rows count both.

Columns, per file:
  progs, loc, annot   programs, lines of code, annotation lines
  expect              the verdict of the file's first line, "// expect: safe"
                      or "// expect: unsafe: <reason>"
  verify, match       Verify's verdict (unsafe:LINE) and whether it matches:
                      an unsafe file must be rejected first at the line of
                      its /* ERROR "text" */ marker with a message containing
                      the text
  v.time, v.alloc     Verify's time and allocation
  compile, c.time     Compile's outcome and time: proved (every verification
                      condition proved), unproved (object with missing
                      proofs), or nv: a file expected unsafe is compiled
                      with --no-verify, so that Check can be shown to
                      reject it
  insns, clang, ratio instructions of vep's object and of clang's object of
                      the same C (` + bench.ClangPath + ` -O2 -mcpu=v3,
                      when installed), and their ratio
  VCs, proof          verification conditions and .vep.proof bytes
  check               Check's verdict on the object (accept, reject, or the
                      accepted fraction of the programs), ch.time, ch.alloc
  kernel, k(clang)    the Linux kernel verifier's verdict on vep's and on
                      clang's object (one program at a time, through
                      cilium/ebpf with the verifier's statistics), load time
                      and processed instructions (k.insns, kc.insns)

Times are medians of N runs in one process; a stage that has spent 2s
on a file is not repeated on it (its time is marked *). Alloc is the
bytes allocated during one run (growth of the Go runtime's TotalAlloc,
median), which counts short-lived allocations too and is not the peak
heap. The kernel
columns appear when this process may load eBPF programs (root or
CAP_BPF, checked once); otherwise a note says why they are missing.

Progress goes to stderr, the table (or JSON) to stdout.

Flags:
  --json        print the results as JSON instead of a table
  -n, --runs N  runs per stage and file that medians are taken over (default 3)
  --kernel      require the kernel verifier's columns; fail if bpf() is not
                permitted

Exit codes: 0 when every Verify verdict matches its expectation, 1
otherwise, 2 for invalid input or usage.
`,
}

// init registers the command.
func init() {
	benchCommand.run = runBench
	commands["bench"] = benchCommand
}

// runBench runs "vep bench" and returns the exit code.
func runBench(e *env, args []string) int {
	fset := flag.NewFlagSet("bench", flag.ContinueOnError)
	asJSON := fset.Bool("json", false, "print JSON")
	var runs int
	fset.IntVar(&runs, "runs", 3, "runs per measurement")
	fset.IntVar(&runs, "n", 3, "runs per measurement")
	kernel := fset.Bool("kernel", false, "require the kernel verifier")
	paths, code, done := parseFlags(e, benchCommand, fset, args)
	if done {
		return code
	}
	if runs < 1 {
		return usageError(e, benchCommand, "--runs must be at least 1, got %d", runs)
	}
	if len(paths) == 0 {
		paths = []string{"examples/"}
	}
	files, err := benchFiles(paths)
	if err != nil {
		e.errorf("%v", err)
		return exitInvalid
	}

	opts := bench.Options{
		Runs:          runs,
		Verify:        verifyStage,
		Compile:       compileStage(false),
		CompileUnsafe: compileStage(true),
		Check:         checkStage,
		Progress:      e.stderr,
	}
	var notes []string
	if kerr := bench.KernelAvailable(); kerr != nil {
		if *kernel {
			e.errorf("--kernel: %v", kerr)
			return exitInvalid
		}
		notes = append(notes, fmt.Sprintf("kernel verifier: not measured: this process may not load eBPF programs (run as root or with CAP_BPF): %v", kerr))
	} else {
		opts.Kernel = true
	}
	if _, err := os.Stat(bench.ClangPath); err != nil {
		notes = append(notes, fmt.Sprintf("clang: not measured (%s is missing)", bench.ClangPath))
	} else {
		dir, err := os.MkdirTemp("", "vep-bench-")
		if err != nil {
			e.errorf("%v", err)
			return exitInvalid
		}
		defer os.RemoveAll(dir)
		if err := os.CopyFS(dir, cparse.Headers); err != nil {
			e.errorf("writing the hermetic headers for clang: %v", err)
			return exitInvalid
		}
		opts.Clang = bench.Clang(bench.ClangPath, filepath.Join(dir, "include"))
	}

	res, err := bench.Run(context.Background(), files, opts)
	if err != nil {
		e.errorf("%v", err)
		return exitInvalid
	}
	res.Notes = append(res.Notes, notes...)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(res)
	} else {
		err = bench.Table(e.stdout, res)
	}
	if err != nil {
		e.errorf("%v", err)
		return exitInvalid
	}
	if res.Total.Matches != res.Total.Files {
		return exitFail
	}
	return exitOK
}

// benchFiles reads the programs named by paths: files as they are, folders
// walked recursively for *.c. A program found in a folder is named by its
// path below that folder, or by the folder's name and its own when it lies
// directly in that folder; a file is named by its parent folder's name and
// its own.
// It returns an error if a path cannot be read or no program was found.
func benchFiles(paths []string) ([]bench.File, error) {
	var files []bench.File
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			src, err := os.ReadFile(root)
			if err != nil {
				return nil, err
			}
			abs, err := filepath.Abs(root)
			if err != nil {
				return nil, err
			}
			name := filepath.Base(filepath.Dir(abs)) + "/" + filepath.Base(abs)
			files = append(files, bench.File{Path: name, Src: src})
			continue
		}
		var found []bench.File
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".c") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			if !strings.Contains(rel, string(filepath.Separator)) {
				rel = filepath.Join(filepath.Base(root), rel)
			}
			found = append(found, bench.File{Path: filepath.ToSlash(rel), Src: src})
			return nil
		})
		if err != nil {
			return nil, err
		}
		files = append(files, found...)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no C programs in %s", strings.Join(paths, ", "))
	}
	return files, nil
}

// verifyStage is the bench stage of vep.Verify. Its diagnostics are sorted
// by line, those outside the program's own file last.
func verifyStage(name string, src []byte) (bench.StageResult, error) {
	rep, err := vep.Verify(name, src)
	if err != nil {
		return bench.StageResult{}, err
	}
	r := reportResult(name, rep)
	for _, f := range rep.Functions {
		if f.Section != "" {
			r.Programs++
		}
	}
	return r, nil
}

// reportResult turns a Verify report into a stage result: Safe when the
// report is OK, else Unsafe with the diagnostics sorted by line, those
// outside the program's own file last.
func reportResult(name string, rep *vep.Report) bench.StageResult {
	r := bench.StageResult{Verdict: bench.Safe}
	if !rep.OK() {
		r.Verdict = bench.Unsafe
	}
	add := func(d *vep.Diagnostic) {
		line := 0
		if d.Pos.File == name {
			line = d.Pos.Line
		}
		r.Diags = append(r.Diags, bench.Diag{Line: line, Message: d.Msg})
	}
	for _, d := range rep.Diagnostics {
		add(d)
	}
	for _, f := range rep.Functions {
		for _, d := range f.Diagnostics {
			add(d)
		}
	}
	sort.SliceStable(r.Diags, func(i, j int) bool {
		li, lj := r.Diags[i].Line, r.Diags[j].Line
		return li != 0 && (lj == 0 || li < lj)
	})
	return r
}

// compileStage is the bench stage of vep.Compile, with vep.NoVerify when
// noVerify is set. The result is Safe when the object has a proof of every
// verification condition (or, without verification, when there is an
// object), Unsafe with the object and the missing proofs otherwise, and
// Unsafe without an object when the C verifier rejects the program.
func compileStage(noVerify bool) bench.Stage {
	var opts []vep.CompileOption
	if noVerify {
		opts = append(opts, vep.NoVerify())
	}
	return func(name string, src []byte) (bench.StageResult, error) {
		o, err := vep.Compile(name, src, opts...)
		if err != nil {
			var ve *vep.VerifyError
			if errors.As(err, &ve) {
				return reportResult(name, ve.Report), nil
			}
			return bench.StageResult{}, err
		}
		r := bench.StageResult{
			Verdict:    bench.Safe,
			Object:     o.ELF,
			ProofBytes: o.Stats.ProofBytes,
			VCs:        o.Stats.VCs,
			Proved:     o.Stats.Proved,
		}
		if o.Collection != nil {
			r.Programs = len(o.Collection.Programs)
		}
		if !noVerify && !o.Complete() {
			r.Verdict = bench.Unsafe
			for _, f := range o.Failures {
				r.Diags = append(r.Diags, bench.Diag{Message: f})
			}
			if len(r.Diags) == 0 {
				r.Diags = []bench.Diag{{Message: fmt.Sprintf("%d of %d verification conditions proved", o.Stats.Proved, o.Stats.VCs)}}
			}
		}
		return r, nil
	}
}

// checkStage is the bench stage of vep.Check: Safe when every program of
// the object is accepted, else Unsafe with the first reason of each
// rejected program.
func checkStage(name string, obj []byte) (bench.StageResult, error) {
	rep, err := vep.Check(obj)
	if err != nil {
		return bench.StageResult{}, err
	}
	r := bench.StageResult{
		Verdict:    bench.Safe,
		Programs:   len(rep.Programs),
		VCs:        rep.VCs,
		ProofBytes: rep.ProofBytes,
	}
	if !rep.Accepted() {
		r.Verdict = bench.Unsafe
	}
	for _, p := range rep.Programs {
		switch {
		case p.Accepted:
			r.Accepted++
		case len(p.Reasons) > 0:
			r.Diags = append(r.Diags, bench.Diag{Message: p.Reasons[0].String()})
		default:
			r.Diags = append(r.Diags, bench.Diag{Message: fmt.Sprintf("%s/%s: rejected", p.Section, p.Func)})
		}
	}
	if len(rep.Programs) == 0 {
		r.Diags = append(r.Diags, bench.Diag{Message: "the object has no programs"})
	}
	return r, nil
}
