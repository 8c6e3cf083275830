package solver

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	gosort "sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"vep/proofs"
	"vep/sep"
)

// corpusCase is one file of testdata/vcs: "hyp:", "goal:" and "expect:"
// lines, optionally "types: kernel" (the kernel struct layouts), "mode:
// bytecode" (registers R0 … R10) and
// "break-hyp:" or "break-goal:" giving a small change that makes the VC
// invalid (the original proof must then be rejected).
type corpusCase struct {
	name      string
	env       sep.TypeEnv
	vc        proofs.VC
	valid     bool
	broken    *proofs.VC
	hypSrc    string
	goalSrc   string
	brokenSrc string
}

func loadCorpus(t testing.TB) []*corpusCase {
	files, err := filepath.Glob("testdata/vcs/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	gosort.Strings(files)
	var out []*corpusCase
	for _, f := range files {
		c, err := parseCase(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, c)
	}
	return out
}

func parseCase(path string) (*corpusCase, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c := &corpusCase{name: strings.TrimSuffix(filepath.Base(path), ".txt"), env: sep.Builtin}
	fields := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("line %q has no key", line)
		}
		fields[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	if fields["types"] == "kernel" {
		c.env = sep.KernelStructs()
	}
	cfg := &sep.Config{Types: c.env}
	if fields["mode"] == "bytecode" {
		cfg.Mode = sep.ModeBytecode
	}
	parse := func(key string) (sep.Formula, error) {
		src, ok := fields[key]
		if !ok {
			return nil, nil
		}
		f, err := sep.ParseFormula(src, cfg)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", key, err)
		}
		return f, nil
	}
	if c.vc.Hyp, err = parse("hyp"); err != nil {
		return nil, err
	}
	if c.vc.Goal, err = parse("goal"); err != nil {
		return nil, err
	}
	if c.vc.Hyp == nil || c.vc.Goal == nil {
		return nil, fmt.Errorf("missing hyp or goal")
	}
	c.hypSrc, c.goalSrc = fields["hyp"], fields["goal"]
	switch fields["expect"] {
	case "valid":
		c.valid = true
	case "invalid":
	default:
		return nil, fmt.Errorf("expect must be valid or invalid")
	}
	bh, err := parse("break-hyp")
	if err != nil {
		return nil, err
	}
	bg, err := parse("break-goal")
	if err != nil {
		return nil, err
	}
	if bh != nil || bg != nil {
		b := c.vc
		if bh != nil {
			b.Hyp = bh
		}
		if bg != nil {
			b.Goal = bg
		}
		c.broken = &b
	}
	return c, nil
}

// TestCorpus proves every VC of testdata/vcs, checks the verdict, and for
// each broken variant checks that the solver fails and the kernel rejects
// the original proof.
func TestCorpus(t *testing.T) {
	cases := loadCorpus(t)
	if len(cases) < 40 {
		t.Errorf("corpus has %d VCs, want at least 40", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Prove(c.vc, c.env, Options{})
			if err != nil {
				t.Fatalf("Prove: %v", err)
			}
			if res.Valid != c.valid {
				t.Fatalf("valid = %v, want %v (reason: %s)", res.Valid, c.valid, res.Reason)
			}
			if !res.Valid {
				if c.broken != nil {
					t.Errorf("an invalid VC has a broken variant")
				}
				return
			}
			if err := proofs.CheckEntailment(c.vc, c.env, res.Proof); err != nil {
				t.Fatalf("kernel rejects: %v", err)
			}
			data, err := proofs.MarshalEntailment(res.Proof)
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			dec, err := proofs.UnmarshalEntailment(data, c.env)
			if err != nil {
				t.Fatalf("unmarshal: %v", err)
			}
			if err := proofs.CheckEntailment(c.vc, c.env, dec); err != nil {
				t.Fatalf("kernel rejects the decoded proof: %v", err)
			}
			if dec.String() != res.Proof.String() {
				t.Errorf("decoded proof differs:\n%v\nvs\n%v", dec, res.Proof)
			}
			if c.broken == nil {
				return
			}
			bres, err := Prove(*c.broken, c.env, Options{})
			if err == nil && bres.Valid {
				t.Errorf("broken variant proved valid")
			}
			if err := proofs.CheckEntailment(*c.broken, c.env, res.Proof); err == nil {
				t.Errorf("kernel accepts the original proof for the broken variant")
			}
		})
	}
}

// BenchmarkCorpus proves every VC of the corpus once per iteration (the
// invalid ones are refused with a reason) and reports, per VC, the median
// and the maximum over the corpus of: the mean wall time of Prove, the mean thread CPU time (which a
// loaded machine disturbs less), the heap allocations, and the size of the
// encoded proof of the valid VCs.
//
// The sub-benchmark "search" measures the proof search alone
// (Options.Unchecked, as vep.Compile runs it before the bytecode checker
// validates the proofs); "search+kernel" includes the kernel's validation
// of each proof inside Prove.
func BenchmarkCorpus(b *testing.B) {
	b.Run("search", func(b *testing.B) { benchmarkCorpus(b, Options{Unchecked: true}) })
	b.Run("search+kernel", func(b *testing.B) { benchmarkCorpus(b, Options{}) })
}

func benchmarkCorpus(b *testing.B, opts Options) {
	cases := loadCorpus(b)
	var sizes, allocs []float64
	for _, c := range cases {
		res, err := Prove(c.vc, c.env, opts)
		if err != nil || res.Valid != c.valid {
			b.Fatalf("%s: Prove: %v %v", c.name, err, res)
		}
		if res.Valid {
			data, err := proofs.MarshalEntailment(res.Proof)
			if err != nil {
				b.Fatal(err)
			}
			sizes = append(sizes, float64(len(data)))
		}
		allocs = append(allocs, testing.AllocsPerRun(5, func() { Prove(c.vc, c.env, opts) }))
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	wall := make([]float64, len(cases))
	cpu := make([]float64, len(cases))
	b.ResetTimer()
	for b.Loop() {
		for i, c := range cases {
			c0, t0 := threadCPU(), time.Now()
			res, err := Prove(c.vc, c.env, opts)
			wall[i] += float64(time.Since(t0))
			cpu[i] += float64(threadCPU() - c0)
			if err != nil || res.Valid != c.valid {
				b.Fatalf("%s: Prove: %v %v", c.name, err, res)
			}
		}
	}
	b.StopTimer()
	for i := range cases {
		wall[i] /= float64(b.N)
		cpu[i] /= float64(b.N)
	}
	report := func(xs []float64, unit string) {
		ys := append([]float64(nil), xs...)
		gosort.Float64s(ys)
		if len(ys) > 0 {
			b.ReportMetric(ys[len(ys)/2], "median-"+unit)
			b.ReportMetric(ys[len(ys)-1], "max-"+unit)
		}
	}
	report(wall, "ns/vc")
	report(cpu, "cpu-ns/vc")
	report(allocs, "allocs/vc")
	report(sizes, "proof-B")
}

// BenchmarkCorpusVC runs Prove on each VC of the corpus as a sub-benchmark.
func BenchmarkCorpusVC(b *testing.B) {
	for _, c := range loadCorpus(b) {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				res, err := Prove(c.vc, c.env, Options{})
				if err != nil || res.Valid != c.valid {
					b.Fatalf("Prove: %v %v", err, res)
				}
			}
		})
	}
}

// threadCPU returns the CPU time used by the calling OS thread (the
// process on systems without per-thread accounting).
func threadCPU() time.Duration {
	who := 0 // RUSAGE_SELF
	if runtime.GOOS == "linux" {
		who = 1 // RUSAGE_THREAD
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestCorpusStats logs, with -v, the time per VC (prove plus the kernel
// check inside Prove: the minimum over 20 runs of wall time, and the mean
// thread CPU time, which a loaded machine disturbs less), the median and
// maximum over the corpus, and the proof size in bytes.
func TestCorpusStats(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var walls, cpus []time.Duration
	var sizes []int
	for _, c := range loadCorpus(t) {
		const runs = 20
		var best time.Duration
		var res *Result
		cpu0 := threadCPU()
		for i := 0; i < runs; i++ {
			start := time.Now()
			r, err := Prove(c.vc, c.env, Options{})
			d := time.Since(start)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			res = r
			if i == 0 || d < best {
				best = d
			}
		}
		cpu := (threadCPU() - cpu0) / runs
		walls = append(walls, best)
		cpus = append(cpus, cpu)
		size := "invalid"
		if res.Valid {
			data, err := proofs.MarshalEntailment(res.Proof)
			if err != nil {
				t.Fatalf("%s: marshal: %v", c.name, err)
			}
			sizes = append(sizes, len(data))
			size = fmt.Sprintf("%5d bytes", len(data))
		}
		t.Logf("%-28s wall %9v cpu %9v %s", c.name, best, cpu, size)
	}
	sortD := func(d []time.Duration) { gosort.Slice(d, func(i, j int) bool { return d[i] < d[j] }) }
	sortD(walls)
	sortD(cpus)
	gosort.Ints(sizes)
	if len(walls) > 0 && len(sizes) > 0 {
		t.Logf("VCs %d: wall median %v max %v; cpu median %v max %v; proof bytes median %d max %d",
			len(walls), walls[len(walls)/2], walls[len(walls)-1], cpus[len(cpus)/2], cpus[len(cpus)-1],
			sizes[len(sizes)/2], sizes[len(sizes)-1])
	}
}

// BenchmarkCheck decodes and checks the solver's proof of each valid VC of
// the corpus: the work of the trusted checker alone.
func BenchmarkCheck(b *testing.B) {
	for _, c := range loadCorpus(b) {
		if !c.valid {
			continue
		}
		res, err := Prove(c.vc, c.env, Options{})
		if err != nil || !res.Valid {
			b.Fatalf("%s: %v %v", c.name, err, res)
		}
		data, err := proofs.MarshalEntailment(res.Proof)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				p, err := proofs.UnmarshalEntailment(data, c.env)
				if err != nil {
					b.Fatal(err)
				}
				if err := proofs.CheckEntailment(c.vc, c.env, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
