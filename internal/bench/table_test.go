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

// syntheticResults has every column: two folders, a mismatch and a kernel
// rejection.
func syntheticResults(stages ...string) *Results {
	progs := []Program{
		{
			Path: "prevail/loop.c", Folder: "prevail", LineCounts: LineCounts{Code: 20, Annot: 0},
			Expect: Expectation{Safe: true}, Match: true,
			Verify:  &Measure{Verdict: Safe, Runs: 5, Time: 12300 * time.Microsecond, Alloc: 3 << 20},
			Compile: &Measure{Verdict: Safe, Runs: 5, Time: 2 * time.Millisecond, Insns: 120},
			Check:   &Measure{Verdict: Safe, Runs: 5, Time: 800 * time.Microsecond, Alloc: 200 << 10, ProofBytes: 4096},
			Kernel:  &Measure{Verdict: Safe, Runs: 5, Time: 450 * time.Microsecond, Processed: 855},
		},
		{
			Path: "stringlib/strlen.c", Folder: "stringlib", LineCounts: LineCounts{Code: 30, Annot: 4},
			Expect: Expectation{Safe: true},
			Verify: &Measure{Verdict: Unsafe, Runs: 5, Time: 8 * time.Millisecond, Alloc: 1 << 20,
				Diags: []Diag{{Line: 29, Message: "cannot prove the contract\nof str_len"}}},
			Compile: &Measure{Verdict: Unsafe, Runs: 5, Time: time.Millisecond},
		},
		{
			Path: "stringlib/nullmapref.c", Folder: "stringlib", LineCounts: LineCounts{Code: 17},
			Expect: Expectation{Reason: "map value may be null", Line: 20, Marker: "may be null"}, Match: true,
			Verify: &Measure{Verdict: Unsafe, Runs: 5, Time: 7 * time.Millisecond, Alloc: 1536,
				Diags: []Diag{{Line: 20, Message: "map value may be null"}}},
			Compile: &Measure{Verdict: Unsafe, Runs: 5, Time: time.Millisecond},
			Kernel: &Measure{Verdict: Unsafe, Runs: 5, Time: 300 * time.Microsecond, Processed: 7,
				Diags: []Diag{{Line: 20, Message: "R0 invalid mem access 'map_value_or_null'"}}},
		},
	}
	r := &Results{Runs: 5, Stages: stages, KernelInput: "clang", Notes: []string{"a note"}, Programs: progs}
	r.Folders, r.Total = summarise(progs)
	return r
}

func TestTable(t *testing.T) {
	tests := []struct {
		golden string
		stages []string
	}{
		{"verify.golden", []string{StageVerify}},
		{"all.golden", []string{StageVerify, StageCompile, StageCheck, StageKernel}},
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
