package bench

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// syntheticResults has every column: two folders, a file with two
// programs, a Verify mismatch, a file Compile rejects, an unsafe file
// compiled without verification, and kernel rejections.
func syntheticResults(stages ...string) *Results {
	progs := []Program{
		{
			Path: "prevail/loop.c", Folder: "prevail", Progs: 1, LineCounts: LineCounts{Code: 20, Annot: 0},
			Expect: Expectation{Safe: true}, Match: true,
			Verify:      &Measure{Verdict: Safe, Runs: 5, Time: 12300 * time.Microsecond, Alloc: 3 << 20, Programs: 1},
			Compile:     &Measure{Verdict: Safe, Runs: 2, Time: 2 * time.Second, Insns: 120, VCs: 40, Proved: 40, ProofBytes: 4096},
			Check:       &Measure{Verdict: Safe, Runs: 5, Time: 800 * time.Microsecond, Alloc: 200 << 10, ProofBytes: 4096, Programs: 1, Accepted: 1},
			Kernel:      &Measure{Verdict: Safe, Runs: 5, Time: 450 * time.Microsecond, Processed: 855, Programs: 1, Accepted: 1},
			Clang:       &Measure{Verdict: Safe, Runs: 1, Insns: 100},
			KernelClang: &Measure{Verdict: Safe, Runs: 5, Time: 400 * time.Microsecond, Processed: 700, Programs: 1, Accepted: 1},
		},
		{
			Path: "prevail/two.c", Folder: "prevail", Progs: 2, LineCounts: LineCounts{Code: 40, Annot: 2},
			Expect: Expectation{Safe: true}, Match: true,
			Verify:  &Measure{Verdict: Safe, Runs: 5, Time: 5 * time.Millisecond, Alloc: 1 << 20, Programs: 2},
			Compile: &Measure{Verdict: Unsafe, Runs: 5, Time: 3 * time.Millisecond, Insns: 50, VCs: 10, Proved: 9, ProofBytes: 300, Diags: []Diag{{Message: "xdp/b: instruction 4: not proved"}}},
			Check: &Measure{Verdict: Unsafe, Runs: 5, Time: 300 * time.Microsecond, Alloc: 10 << 10, ProofBytes: 300, Programs: 2, Accepted: 1,
				Diags: []Diag{{Message: "xdp/b: instruction 4: proof does not check"}}},
			Kernel:      &Measure{Verdict: Safe, Runs: 5, Time: 600 * time.Microsecond, Processed: 90, Programs: 2, Accepted: 2},
			Clang:       &Measure{Verdict: Safe, Runs: 1, Insns: 40},
			KernelClang: &Measure{Verdict: Safe, Runs: 5, Time: 500 * time.Microsecond, Processed: 80, Programs: 2, Accepted: 2},
		},
		{
			Path: "stringlib/strlen.c", Folder: "stringlib", Progs: 1, LineCounts: LineCounts{Code: 30, Annot: 4},
			Expect: Expectation{Safe: true},
			Verify: &Measure{Verdict: Unsafe, Runs: 5, Time: 8 * time.Millisecond, Alloc: 1 << 20,
				Diags: []Diag{{Line: 29, Message: "cannot prove the contract\nof str_len"}}},
			Compile: &Measure{Verdict: Unsafe, Runs: 5, Time: 9 * time.Millisecond, Diags: []Diag{{Line: 29, Message: "cannot prove the contract"}}},
			Clang:   &Measure{Verdict: Safe, Runs: 1, Insns: 30},
		},
		{
			Path: "stringlib/nullmapref.c", Folder: "stringlib", Progs: 1, LineCounts: LineCounts{Code: 17},
			Expect: Expectation{Reason: "map value may be null", Line: 20, Marker: "may be null"}, Match: true,
			Verify: &Measure{Verdict: Unsafe, Runs: 5, Time: 7 * time.Millisecond, Alloc: 1536,
				Diags: []Diag{{Line: 20, Message: "map value may be null"}}},
			Compile: &Measure{Verdict: Safe, NoVerify: true, Runs: 5, Time: time.Millisecond, Insns: 12},
			Check: &Measure{Verdict: Unsafe, Runs: 5, Time: 100 * time.Microsecond, Alloc: 2048, VCs: 3, Programs: 1,
				Diags: []Diag{{Message: "xdp/f: no .vep.proof section"}}},
			Kernel: &Measure{Verdict: Unsafe, Runs: 5, Time: 300 * time.Microsecond, Processed: 7, Programs: 1,
				Diags: []Diag{{Line: 20, Message: "R0 invalid mem access 'map_value_or_null'"}}},
			Clang: &Measure{Verdict: Safe, Runs: 1, Insns: 11},
			KernelClang: &Measure{Verdict: Unsafe, Runs: 5, Time: 250 * time.Microsecond, Processed: 6, Programs: 1,
				Diags: []Diag{{Line: 20, Message: "R0 invalid mem access 'map_value_or_null'"}}},
		},
	}
	r := &Results{Runs: 5, Budget: 2 * time.Second, Stages: stages, Notes: []string{"a note"}, Programs: progs}
	for _, s := range stages {
		if s == StageKernel {
			r.KernelInput = "vep"
		}
	}
	r.Folders, r.Total = summarise(progs)
	return r
}

func TestTable(t *testing.T) {
	tests := []struct {
		golden string
		stages []string
	}{
		{"verify.golden", []string{StageVerify}},
		{"all.golden", []string{StageVerify, StageCompile, StageCheck, StageKernel, StageClang, StageKernelClang}},
		{"noclang.golden", []string{StageVerify, StageCompile, StageCheck}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var b bytes.Buffer
			if err := Table(&b, syntheticResults(tt.stages...)); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tt.golden)
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != string(want) {
				t.Errorf("Table:\n%s\nwant (%s; run with -update to rewrite):\n%s", got, path, want)
			}
		})
	}
}
