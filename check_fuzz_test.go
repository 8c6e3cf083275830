package vep

import (
	"flag"
	"fmt"
	"runtime"
	"runtime/metrics"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"vep/bpfcheck"
)

// Limits a single Check on fuzz input must stay within. Check itself
// bounds paths, steps, VCs and proof bytes (bpfcheck/limits.go); these are
// generous multiples of what the corpus needs (tens of milliseconds, a few
// tens of megabytes).
const (
	fuzzCheckTime  = 10 * time.Second
	fuzzCheckAlloc = 1 << 30 // bytes allocated by one Check
)

// FuzzCheckObject feeds whole objects to Check: the compiled examples that
// Check accepts (whole, halved, with a section emptied) and the unsafe
// examples compiled without verification seed it. Check must not panic,
// must return a report or an error, and must finish within fuzzCheckTime
// and fuzzCheckAlloc bytes of allocation.
//
//	go test -run XXX -fuzz FuzzCheckObject -fuzztime 120s .
//
// Objects are tens of kilobytes, so minimizing each new input can take the
// default minute: -fuzzminimizetime 5s leaves more time to fuzzing.
func FuzzCheckObject(f *testing.F) {
	// Fuzz workers get their inputs from the coordinator: only the
	// coordinator compiles the corpus for seeds.
	if fl := flag.Lookup("test.fuzzworker"); fl != nil && fl.Value.String() == "true" {
		f.Fuzz(fuzzCheckObject)
		return
	}
	for _, ex := range acceptedExamples(f) {
		f.Add(ex.elf)
		f.Add(ex.elf[:len(ex.elf)/2])
		if b, err := replaceSection(ex.elf, bpfcheck.ProofSectionName, nil); err == nil {
			f.Add(b)
		}
	}
	srcs, safe, files, err := advCorpus()
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range files {
		if !safe[p] {
			if o, err := Compile(p, srcs[p], NoVerify()); err == nil {
				f.Add(o.ELF)
			}
		}
	}
	f.Fuzz(fuzzCheckObject)
}

// fuzzCheckObject is the body of FuzzCheckObject.
func fuzzCheckObject(t *testing.T, data []byte) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	t0 := time.Now()
	// A Check that never returns would hang the worker: crash it
	// instead, so that the fuzzer records the input.
	watchdog := time.AfterFunc(3*fuzzCheckTime, func() {
		panic(fmt.Sprintf("Check has not returned after %v on a %d-byte object", 3*fuzzCheckTime, len(data)))
	})
	rep, err := Check(data)
	watchdog.Stop()
	d := time.Since(t0)
	runtime.ReadMemStats(&after)
	if err == nil && rep == nil {
		t.Fatal("Check returned neither a report nor an error")
	}
	if d > fuzzCheckTime {
		t.Fatalf("Check took %v on a %d-byte object", d, len(data))
	}
	if a := after.TotalAlloc - before.TotalAlloc; a > fuzzCheckAlloc {
		t.Fatalf("Check allocated %d bytes on a %d-byte object", a, len(data))
	}
	if err == nil && rep.Accepted() && !strings.HasPrefix(string(data), "\x7fELF") {
		t.Fatalf("Check accepts something that is not an ELF file")
	}
}

// peakHeap runs f once and returns the largest growth of live heap
// objects seen while it ran, sampled every 20µs (an estimate of the peak
// memory f needs).
func peakHeap(f func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return sample[0].Value.Uint64()
	}
	base := read()
	var peak uint64
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		tk := time.NewTicker(20 * time.Microsecond)
		defer tk.Stop()
		for {
			if v := read(); v > base && v-base > peak {
				peak = v - base
			}
			select {
			case <-done:
				return
			case <-tk.C:
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	if v := read(); v > base && v-base > peak {
		peak = v - base
	}
	return peak
}

// BenchmarkCheckExamples measures Check on every compiled example it
// accepts: time per check (ns/op), allocation (B/op, allocs/op) and an
// estimate of the peak live heap (peak-heap-B), then logs the median and
// maximum check time and peak heap over the examples.
//
//	go test -run XXX -bench CheckExamples .
func BenchmarkCheckExamples(b *testing.B) {
	exs := acceptedExamples(b)
	type result struct {
		name string
		per  time.Duration
		peak uint64
	}
	var results []result
	for _, ex := range exs {
		var r result
		b.Run(ex.name, func(b *testing.B) {
			peak := peakHeap(func() {
				if rep, err := Check(ex.elf); err != nil || !rep.Accepted() {
					b.Fatalf("Check no longer accepts %s: %v", ex.name, err)
				}
			})
			b.ReportAllocs()
			b.ResetTimer()
			t0 := time.Now()
			for i := 0; i < b.N; i++ {
				if _, err := Check(ex.elf); err != nil {
					b.Fatal(err)
				}
			}
			per := time.Since(t0) / time.Duration(b.N)
			b.ReportMetric(float64(peak), "peak-heap-B")
			r = result{ex.name, per, peak}
		})
		if r.name != "" {
			results = append(results, r)
		}
	}
	if len(results) == 0 {
		return
	}
	ts := make([]time.Duration, len(results))
	ps := make([]uint64, len(results))
	for i, r := range results {
		ts[i], ps[i] = r.per, r.peak
	}
	slices.Sort(ts)
	slices.Sort(ps)
	sort.Slice(results, func(i, j int) bool { return results[i].per > results[j].per })
	var lines []string
	for _, r := range results {
		lines = append(lines, r.name+" "+r.per.String()+" peak "+byteSize(r.peak))
	}
	b.Logf("Check over %d accepted examples: median %v, max %v (%s); peak heap median %s, max %s\n%s",
		len(results), ts[len(ts)/2], ts[len(ts)-1], results[0].name, byteSize(ps[len(ps)/2]), byteSize(ps[len(ps)-1]),
		strings.Join(lines, "\n"))
}

func byteSize(n uint64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KiB"
	}
	return strconv.FormatUint(n, 10) + " B"
}
