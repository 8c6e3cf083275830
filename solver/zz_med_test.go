package solver

import (
	"os"
	"sort"
	"strings"
	"testing"
	"time"
)

// temporary: per-VC timings and a benchmark of the middle band.
func TestZZPerVC(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	type r struct {
		n string
		d time.Duration
	}
	var rs []r
	for _, c := range loadCorpus(t) {
		best := time.Hour
		for i := 0; i < 200; i++ {
			t0 := time.Now()
			Prove(c.vc, c.env, Options{Unchecked: true})
			if d := time.Since(t0); d < best {
				best = d
			}
		}
		rs = append(rs, r{c.name, best})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].d < rs[j].d })
	for i, x := range rs {
		t.Logf("%2d %-30s %v", i, x.n, x.d)
	}
}

func BenchmarkZZMid(b *testing.B) {
	names := strings.Split(os.Getenv("ZZMID"), ",")
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var cs []*corpusCase
	for _, c := range loadCorpus(b) {
		if want[c.name] || os.Getenv("ZZMID") == "" {
			cs = append(cs, c)
		}
	}
	for b.Loop() {
		for _, c := range cs {
			Prove(c.vc, c.env, Options{Unchecked: true})
		}
	}
}
