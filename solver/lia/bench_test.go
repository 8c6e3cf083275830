package lia

import (
	"fmt"
	"strings"
	"testing"

	"vep/proofs"
)

// chain returns a difference-constraint problem over n+1 pointers, each at
// least 8 bytes after the previous one, with the last one closer than
// 8n+slack bytes to the first: Unsat for slack <= 0, else Sat.
func chain(n, slack int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "p%d + 8 <= p%d; ", i, i+1)
	}
	fmt.Fprintf(&b, "p%d < p0 + %d", n, 8*n+slack)
	return b.String()
}

// benchProblems are the typical problems plus larger ones of eBPF shape.
func benchProblems(tb testing.TB) []*problem {
	srcs := map[string]string{}
	var names []string
	for _, tt := range typical {
		srcs[tt.name] = tt.src
		names = append(names, tt.name)
	}
	extra := []struct{ name, src string }{
		{"chain24 unsat", chain(24, 0)},
		{"chain24 sat", chain(24, 1)},
		{"packet parse", "data + 14 <= end; eth_end == data + 14; ip == eth_end; ip + 20 <= end; " +
			"5 <= ihl; ihl <= 15; hl == 4*ihl; l4 == ip + hl; l4 + 8 <= end; 0 <= off; off < 8 |- l4 + off + 1 <= end"},
		{"bounded loop", "0 <= i; i < 64; 0 <= n; n <= 64; i < n; buf + 64 <= bend; j == i + 1; j != n |- buf + j + 1 <= bend && j < n"},
		{"map value", "0 <= k; k < 4294967296; v != 0; vsz == 16; 0 <= o; o + 4 <= vsz |- 0 <= o && o + 4 <= 16"},
	}
	for _, e := range extra {
		srcs[e.name] = e.src
		names = append(names, e.name)
	}
	var ps []*problem
	for _, n := range names {
		p, err := parseProblem(srcs[n])
		if err != nil {
			tb.Fatal(err)
		}
		p.src = n
		ps = append(ps, p)
	}
	return ps
}

// BenchmarkRefute runs the solver, including its kernel self-check, on
// every benchmark problem and reports the proof size.
func BenchmarkRefute(b *testing.B) {
	for _, p := range benchProblems(b) {
		b.Run(strings.ReplaceAll(p.src, " ", "_"), func(b *testing.B) {
			var size int
			start := cpuTime()
			for b.Loop() {
				res, err := Refute(p.hyps, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if res.Status == Unsat {
					enc, _ := proofs.MarshalArith(res.Proof)
					size = len(enc)
				}
			}
			b.ReportMetric(float64(size), "proof-B")
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkCheck runs only the kernel on the solver's proofs.
func BenchmarkCheck(b *testing.B) {
	for _, p := range benchProblems(b) {
		res, err := Refute(p.hyps, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if res.Status != Unsat {
			continue
		}
		b.Run(strings.ReplaceAll(p.src, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				if err := proofs.CheckRefutation(p.hyps, res.Proof); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestBenchProblems(t *testing.T) {
	want := map[string]Status{"chain24 unsat": Unsat, "chain24 sat": Sat, "packet parse": Unsat, "bounded loop": Unsat, "map value": Unsat}
	for _, p := range benchProblems(t) {
		res, err := Refute(p.hyps, Options{})
		if err != nil {
			t.Fatalf("%s: %v", p.src, err)
		}
		if w, ok := want[p.src]; ok && res.Status != w {
			t.Errorf("%s: got %v, want %v", p.src, res.Status, w)
		}
	}
}
