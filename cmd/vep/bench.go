package main

import (
	"context"
	"encoding/json"
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
	usage: `usage: vep bench [--json] [--runs N] [--kernel] [PATH...]

Bench runs vep on every C program under the PATHs (files, or folders
walked recursively for *.c; default examples/) and prints one row per
program: lines of code, annotation lines, the verdict the program's first
line expects ("// expect: safe" or "// expect: unsafe: <reason>"), Verify's
verdict, whether the two match (an unsafe program must be rejected first at
the line of its /* ERROR "text" */ marker with a message containing the
text), and Verify's time and allocation; then one row per folder and a
total. Times are medians of N runs in one process; alloc is the bytes
allocated during one run (growth of the Go runtime's TotalAlloc, median),
not the peak heap. Compile and Check are measured once vep has them.

When this process may load eBPF programs (checked once), or with --kernel,
bench also loads each program's bytecode into the Linux kernel and reports
the kernel verifier's verdict, load time and processed instructions. Until
vep compiles, that bytecode is clang's (` + bench.ClangPath + `),
labelled "kernel (clang bytecode)".

Progress goes to stderr, the table to stdout.

Flags:
  --json     print the results as JSON instead of a table
  --runs N   runs per stage and program that medians are taken over (default 5)
  --kernel   require the kernel verifier's column; fail if bpf() is not permitted

Exit codes: 0 when every verdict matches its expectation, 1 otherwise,
2 for invalid input or usage.
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
	runs := fset.Int("runs", 5, "runs per measurement")
	kernel := fset.Bool("kernel", false, "require the kernel verifier")
	paths, code, done := parseFlags(e, benchCommand, fset, args)
	if done {
		return code
	}
	if *runs < 1 {
		return usageError(e, benchCommand, "--runs must be at least 1, got %d", *runs)
	}
	if len(paths) == 0 {
		paths = []string{"examples/"}
	}
	files, err := benchFiles(paths)
	if err != nil {
		e.errorf("%v", err)
		return exitInvalid
	}

	opts := bench.Options{Runs: *runs, Verify: verifyStage, Progress: e.stderr}
	notes := []string{"compile, check, proof bytes and instruction counts: not measured, vep has no Compile or Check yet"}
	kerr := bench.KernelAvailable()
	switch {
	case kerr != nil && *kernel:
		e.errorf("--kernel: %v", kerr)
		return exitInvalid
	case kerr != nil:
		notes = append(notes, fmt.Sprintf("kernel verifier: not measured (%v)", kerr))
	default:
		if _, err := os.Stat(bench.ClangPath); err != nil {
			if *kernel {
				e.errorf("--kernel: no bytecode: vep cannot compile yet and %s is missing", bench.ClangPath)
				return exitInvalid
			}
			notes = append(notes, fmt.Sprintf("kernel verifier: not measured (no bytecode: vep cannot compile yet and %s is missing)", bench.ClangPath))
			break
		}
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
		opts.Kernel = true
		opts.Bytecode = bench.Clang(bench.ClangPath, filepath.Join(dir, "include"))
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
	if res.Total.Matches != res.Total.Programs {
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
	return r, nil
}
