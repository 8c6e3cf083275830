package bench

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
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
			t.Errorf("Compile called on %s, want CompileUnsafe", name)
		}
		return StageResult{Verdict: Safe, Object: []byte("OBJ"), Insns: 12, VCs: 3, Proved: 3, ProofBytes: 345}, nil
	}
	compileUnsafe := func(name string, src []byte) (StageResult, error) {
		return StageResult{Verdict: Safe, Object: []byte("NV"), Insns: 10, Programs: 2}, nil
	}
	check := func(name string, obj []byte) (StageResult, error) {
		if string(obj) == "NV" {
			return StageResult{Verdict: Unsafe, Programs: 2, VCs: 4, Diags: []Diag{{Message: "no proof"}}}, nil
		}
		if string(obj) != "OBJ" {
			t.Errorf("check got %q, want Compile's object", obj)
		}
		return StageResult{Verdict: Safe, ProofBytes: 345, Programs: 1, Accepted: 1}, nil
	}
	clang := func(name string, src []byte) (StageResult, error) {
		return StageResult{Verdict: Safe, Object: []byte("CLANG"), Insns: 8}, nil
	}
	var loaded []string
	kernel := func(name string, obj []byte) (StageResult, error) {
		loaded = append(loaded, string(obj))
		if string(obj) == "NV" {
			return StageResult{Verdict: Unsafe, Programs: 2, Accepted: 1, Processed: 5, Time: 7}, nil
		}
		return StageResult{Verdict: Safe, Processed: 99, Time: 42}, nil
	}
	var progress bytes.Buffer
	res, err := Run(context.Background(), files, Options{
		Runs:          3,
		Kernel:        true,
		Verify:        count("verify", fakeVerify(0)),
		Compile:       count("compile", compile),
		CompileUnsafe: count("compile", compileUnsafe),
		Check:         count("check", check),
		Clang:         count("clang", clang),
		KernelLoad:    count("kernel", kernel),
		Progress:      &progress,
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
		{"check a/safe.c", 3}, {"check b/unsafe.c", 3},
		{"clang a/safe.c", 1}, {"clang b/unsafe.c", 1},
		{"kernel a/safe.c", 6}, {"kernel b/unsafe.c", 6},
	} {
		if calls[c.key] != c.want {
			t.Errorf("%s: %d calls, want %d", c.key, calls[c.key], c.want)
		}
	}
	if got, want := strings.Join(res.Stages, ","), "verify,compile,check,kernel,clang,kernel_clang"; got != want {
		t.Errorf("Stages = %s, want %s", got, want)
	}
	if res.KernelInput != "vep" {
		t.Errorf("KernelInput = %q, want vep", res.KernelInput)
	}
	if got, want := strings.Join(loaded, ","), "OBJ,OBJ,OBJ,CLANG,CLANG,CLANG,NV,NV,NV,CLANG,CLANG,CLANG"; got != want {
		t.Errorf("kernel loaded %s, want %s", got, want)
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
	if s.Progs != 1 || u.Progs != 2 {
		t.Errorf("programs per file %d, %d, want 1 and 2 (from CompileUnsafe)", s.Progs, u.Progs)
	}
	if s.Verify.Runs != 3 || s.Check.ProofBytes != 345 || s.Insns() != 12 || s.ClangInsns() != 8 || s.VCs() != 3 {
		t.Errorf("safe program measured as %+v / %+v / %+v / %+v", s.Verify, s.Compile, s.Check, s.Clang)
	}
	if s.Compile.NoVerify || !u.Compile.NoVerify {
		t.Errorf("NoVerify = %v, %v, want false, true", s.Compile.NoVerify, u.Compile.NoVerify)
	}
	if s.Kernel == nil || s.Kernel.Time != 42 || s.Kernel.Processed != 99 || s.Kernel.Alloc != 0 {
		t.Errorf("kernel measure %+v, want the stage's own time 42ns, 99 processed, no alloc", s.Kernel)
	}
	if u.Check == nil || u.Check.Verdict != Unsafe || u.VCs() != 4 {
		t.Errorf("check of the unsafe program: %+v", u.Check)
	}
	tot := res.Total
	if len(res.Folders) != 2 || tot.Files != 2 || tot.Programs != 3 || tot.Safe != 1 || tot.Unsafe != 2 || tot.Matches != 2 {
		t.Errorf("summaries %+v, total %+v", res.Folders, tot)
	}
	if tot.CheckSafe != 1 || tot.CheckRejected != 2 || tot.CheckUnsound != 0 || tot.CheckObjects != 2 {
		t.Errorf("check counts in total %+v", tot)
	}
	if tot.KernelSafe != 2 || tot.KernelClangSafe != 3 || tot.Insns != 22 || tot.ClangInsns != 16 || tot.InsnRatio != 22.0/16 {
		t.Errorf("kernel and instruction counts in total %+v", tot)
	}
	if res.Headline != Verdicts(res) {
		t.Errorf("Headline %q, want Verdicts' %q", res.Headline, Verdicts(res))
	}
	if got, want := Verdicts(res), "Verify 2/2 files as expected; Check accepts 1/1 safe programs, rejects all unsafe (2/2); kernel accepts 1/1 safe programs compiled by vep, 1/1 by clang; instructions vep/clang 1.38"; got != want {
		t.Errorf("Verdicts:\n got %s\nwant %s", got, want)
	}
	if !strings.Contains(progress.String(), "bench: [2/2] b/unsafe.c: verify unsafe at line 3") {
		t.Errorf("progress lacks the unsafe program's verify line:\n%s", progress.String())
	}
}

// TestRunCompileRejects checks that Check and the kernel do not run when
// Compile gives no object.
func TestRunCompileRejects(t *testing.T) {
	ran := false
	res, err := Run(context.Background(), []File{{Path: "x.c", Src: safeSrc}}, Options{
		Runs:   2,
		Kernel: true,
		Compile: func(string, []byte) (StageResult, error) {
			return StageResult{Verdict: Unsafe, Diags: []Diag{{Line: 3, Message: "rejected"}}}, nil
		},
		Check: func(string, []byte) (StageResult, error) {
			ran = true
			return StageResult{Verdict: Safe}, nil
		},
		KernelLoad: func(string, []byte) (StageResult, error) {
			ran = true
			return StageResult{Verdict: Safe}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	p := res.Programs[0]
	if ran || p.Check != nil || p.Kernel != nil {
		t.Errorf("check or kernel ran without an object: %+v, %+v", p.Check, p.Kernel)
	}
	if p.Progs != 1 || res.Total.CheckSafe != 0 || res.Total.Safe != 1 {
		t.Errorf("program %+v, total %+v", p, res.Total)
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
		{"kernel without bytecode", context.Background(), []File{{Path: "x.c", Src: safeSrc}}, Options{Verify: ok, Kernel: true}, "needs a Compile or Clang"},
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

func TestRunClangOnly(t *testing.T) {
	var kernelIn []string
	res, err := Run(context.Background(), []File{{Path: "x.c", Src: safeSrc}}, Options{
		Runs:   1,
		Kernel: true,
		Verify: fakeVerify(0),
		Clang: func(name string, src []byte) (StageResult, error) {
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
	if res.KernelInput != "" || strings.Join(res.Stages, ",") != "verify,clang,kernel_clang" {
		t.Errorf("KernelInput %q, stages %v; want none, [verify clang kernel_clang]", res.KernelInput, res.Stages)
	}
	if strings.Join(kernelIn, ",") != "CLANG" {
		t.Errorf("kernel loaded %q, want the Clang stage's object once", kernelIn)
	}
	if k := res.Programs[0].KernelClang; k == nil || k.Verdict != Unsafe || k.FirstLine() != 4 {
		t.Errorf("kernel measure %+v", k)
	}
	if res.Programs[0].Kernel != nil {
		t.Errorf("kernel on vep's object without a Compile stage: %+v", res.Programs[0].Kernel)
	}
}

func TestRunBudget(t *testing.T) {
	for _, tc := range []struct {
		name   string
		budget time.Duration
		calls  int
	}{
		{"spent after one call", time.Nanosecond, 1},
		{"no bound", -1, 4},
		{"default", 0, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			res, err := Run(context.Background(), []File{{Path: "x.c", Src: safeSrc}}, Options{
				Runs:   4,
				Budget: tc.budget,
				Verify: func(string, []byte) (StageResult, error) {
					calls++
					time.Sleep(time.Microsecond)
					return StageResult{Verdict: Safe}, nil
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			if calls != tc.calls || res.Programs[0].Verify.Runs != tc.calls {
				t.Errorf("%d calls, %d runs recorded; want %d", calls, res.Programs[0].Verify.Runs, tc.calls)
			}
		})
	}
}
