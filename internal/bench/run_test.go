package bench

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// Two tiny programs: one safe, one unsafe at line 3.
var (
	safeSrc   = []byte("// expect: safe\nint f(int n)\n/*@ Require n > 0 */\n{ return n; }\n")
	unsafeSrc = []byte("// expect: unsafe: map value may be null\nint g(int *p)\n{ return *p; } /* ERROR \"may be null\" */\n")
)

// fakeVerify accepts sources containing "safe\n" on their first line and
// rejects the others at line 3, or at the line in wrongLine if set.
func fakeVerify(wrongLine int) Stage {
	return func(name string, src []byte) (StageResult, error) {
		if bytes.HasPrefix(src, []byte("// expect: safe\n")) {
			return StageResult{Verdict: Safe}, nil
		}
		line := 3
		if wrongLine != 0 {
			line = wrongLine
		}
		return StageResult{Verdict: Unsafe, Diags: []Diag{{Line: line, Message: "pointer may be null"}}}, nil
	}
}

func TestRun(t *testing.T) {
	files := []File{{Path: "a/safe.c", Src: safeSrc}, {Path: "b/unsafe.c", Src: unsafeSrc}}
	calls := map[string]int{}
	count := func(stage string, s Stage) Stage {
		return func(name string, src []byte) (StageResult, error) {
			calls[stage+" "+name]++
			return s(name, src)
		}
	}
	compile := func(name string, src []byte) (StageResult, error) {
		if !bytes.HasPrefix(src, []byte("// expect: safe\n")) {
			return StageResult{Verdict: Unsafe, Diags: []Diag{{Line: 3, Message: "rejected"}}}, nil
		}
		return StageResult{Verdict: Safe, Object: []byte("OBJ"), Insns: 12}, nil
	}
	check := func(name string, obj []byte) (StageResult, error) {
		if string(obj) != "OBJ" {
			t.Errorf("check got %q, want Compile's object", obj)
		}
		return StageResult{Verdict: Safe, ProofBytes: 345}, nil
	}
	kernel := func(name string, obj []byte) (StageResult, error) {
		return StageResult{Verdict: Safe, Processed: 99, Time: 42}, nil
	}
	var progress bytes.Buffer
	res, err := Run(context.Background(), files, Options{
		Runs:       3,
		Kernel:     true,
		Verify:     count("verify", fakeVerify(0)),
		Compile:    count("compile", compile),
		Check:      count("check", check),
		KernelLoad: count("kernel", kernel),
		Progress:   &progress,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		key  string
		want int
	}{
		{"verify a/safe.c", 3}, {"verify b/unsafe.c", 3},
		{"compile a/safe.c", 3}, {"compile b/unsafe.c", 3},
		{"check a/safe.c", 3}, {"check b/unsafe.c", 0},
		{"kernel a/safe.c", 3}, {"kernel b/unsafe.c", 0},
	} {
		if calls[c.key] != c.want {
			t.Errorf("%s: %d calls, want %d", c.key, calls[c.key], c.want)
		}
	}
	if got, want := strings.Join(res.Stages, ","), "verify,compile,check,kernel"; got != want {
		t.Errorf("Stages = %s, want %s", got, want)
	}
	if res.KernelInput != "vep" {
		t.Errorf("KernelInput = %q, want vep", res.KernelInput)
	}
	if len(res.Programs) != 2 {
		t.Fatalf("%d programs, want 2", len(res.Programs))
	}
	s, u := res.Programs[0], res.Programs[1]
	if !s.Match || !u.Match {
		t.Errorf("Match = %v, %v, want true, true", s.Match, u.Match)
	}
	if s.Folder != "a" || u.Folder != "b" {
		t.Errorf("folders %q, %q, want a, b", s.Folder, u.Folder)
	}
	if s.Code != 2 || s.Annot != 1 || u.Code != 2 || u.Annot != 0 {
		t.Errorf("line counts %+v, %+v", s.LineCounts, u.LineCounts)
	}
	if s.Verify.Runs != 3 || s.Check.ProofBytes != 345 || s.Compile.Insns != 12 {
		t.Errorf("safe program measured as %+v / %+v / %+v", s.Verify, s.Compile, s.Check)
	}
	if s.Kernel == nil || s.Kernel.Time != 42 || s.Kernel.Processed != 99 || s.Kernel.Alloc != 0 {
		t.Errorf("kernel measure %+v, want the stage's own time 42ns, 99 processed, no alloc", s.Kernel)
	}
	if u.Check != nil || u.Kernel != nil {
		t.Errorf("check or kernel ran on a program Compile rejected: %+v, %+v", u.Check, u.Kernel)
	}
	if len(res.Folders) != 2 || res.Total.Programs != 2 || res.Total.Matches != 2 || res.Total.CheckSafe != 1 || res.Total.KernelSafe != 1 {
		t.Errorf("summaries %+v, total %+v", res.Folders, res.Total)
	}
	if !strings.Contains(progress.String(), "bench: [2/2] b/unsafe.c: verify unsafe at line 3") {
		t.Errorf("progress lacks the unsafe program's verify line:\n%s", progress.String())
	}
}

func TestRunMatch(t *testing.T) {
	tests := []struct {
		name   string
		src    []byte
		verify Stage
		want   bool
	}{
		{"safe accepted", safeSrc, fakeVerify(0), true},
		{"unsafe at the marked line", unsafeSrc, fakeVerify(0), true},
		{"unsafe at another line", unsafeSrc, fakeVerify(2), false},
		{"unsafe with another message", unsafeSrc, func(string, []byte) (StageResult, error) {
			return StageResult{Verdict: Unsafe, Diags: []Diag{{Line: 3, Message: "out of bounds"}}}, nil
		}, false},
		{"unsafe without diagnostic", unsafeSrc, func(string, []byte) (StageResult, error) {
			return StageResult{Verdict: Unsafe}, nil
		}, false},
		{"safe rejected", safeSrc, func(string, []byte) (StageResult, error) {
			return StageResult{Verdict: Unsafe, Diags: []Diag{{Line: 2, Message: "x"}}}, nil
		}, false},
		{"unsafe accepted", unsafeSrc, func(string, []byte) (StageResult, error) {
			return StageResult{Verdict: Safe}, nil
		}, false},
		{"error", safeSrc, func(string, []byte) (StageResult, error) {
			return StageResult{}, errors.New("cannot parse")
		}, false},
		{"panic", safeSrc, func(string, []byte) (StageResult, error) {
			panic("boom")
		}, false},
		{"no verdict", safeSrc, func(string, []byte) (StageResult, error) {
			return StageResult{}, nil
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Run(context.Background(), []File{{Path: "x.c", Src: tt.src}}, Options{Runs: 2, Verify: tt.verify})
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Programs[0].Match; got != tt.want {
				t.Errorf("Match = %v, want %v (%+v)", got, tt.want, res.Programs[0].Verify)
			}
		})
	}
}

func TestRunFailedStage(t *testing.T) {
	calls := 0
	res, err := Run(context.Background(), []File{{Path: "x.c", Src: safeSrc}}, Options{Runs: 5, Verify: func(string, []byte) (StageResult, error) {
		calls++
		panic("boom")
	}})
	if err != nil {
		t.Fatal(err)
	}
	m := res.Programs[0].Verify
	if calls != 1 || m.Runs != 1 || m.Verdict != Failed || m.Error != "panic: boom" {
		t.Errorf("after a panic: %d calls, measure %+v; want 1 call, verdict error, error \"panic: boom\"", calls, m)
	}
}

func TestRunErrors(t *testing.T) {
	ok := fakeVerify(0)
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		files   []File
		opts    Options
		wantErr string
	}{
		{"bad expect line", context.Background(), []File{{Path: "x.c", Src: []byte("int x;\n")}}, Options{Verify: ok}, "x.c: line 1"},
		{"kernel without bytecode", context.Background(), []File{{Path: "x.c", Src: safeSrc}}, Options{Verify: ok, Kernel: true}, "needs a Compile or Bytecode"},
		{"canceled", canceled, []File{{Path: "x.c", Src: safeSrc}}, Options{Verify: ok}, "context canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(tt.ctx, tt.files, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Run: got error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestRunBytecode(t *testing.T) {
	var kernelIn []string
	res, err := Run(context.Background(), []File{{Path: "x.c", Src: safeSrc}}, Options{
		Runs:   1,
		Kernel: true,
		Verify: fakeVerify(0),
		Bytecode: func(name string, src []byte) (StageResult, error) {
			return StageResult{Verdict: Safe, Object: []byte("CLANG")}, nil
		},
		KernelLoad: func(name string, obj []byte) (StageResult, error) {
			kernelIn = append(kernelIn, string(obj))
			return StageResult{Verdict: Unsafe, Diags: []Diag{{Line: 4, Message: "invalid mem access"}}}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.KernelInput != "clang" || strings.Join(res.Stages, ",") != "verify,kernel" {
		t.Errorf("KernelInput %q, stages %v; want clang, [verify kernel]", res.KernelInput, res.Stages)
	}
	if strings.Join(kernelIn, ",") != "CLANG" {
		t.Errorf("kernel loaded %q, want the Bytecode stage's object once", kernelIn)
	}
	if k := res.Programs[0].Kernel; k == nil || k.Verdict != Unsafe || k.FirstLine() != 4 {
		t.Errorf("kernel measure %+v", k)
	}
}
