package solver

import (
	"fmt"
	"os"
	gosort "sort"
	"strings"
	"testing"
	"time"

	"vep/proofs"
)

func minTime(n int, f func()) time.Duration {
	var best time.Duration
	for i := 0; i < n; i++ {
		s := time.Now()
		f()
		d := time.Since(s)
		if i == 0 || d < best {
			best = d
		}
	}
	return best
}

func TestZZBreakdown(t *testing.T) {
	type row struct {
		name           string
		prove, chk, ns time.Duration
	}
	var rows []row
	for _, c := range loadCorpus(t) {
		res, _ := Prove(c.vc, c.env, Options{})
		r := row{name: c.name}
		r.prove = minTime(200, func() { Prove(c.vc, c.env, Options{}) })
		r.ns = minTime(200, func() { proofs.NewSession(c.vc, c.env) })
		if res.Valid {
			r.chk = minTime(200, func() { proofs.CheckEntailment(c.vc, c.env, res.Proof) })
		}
		rows = append(rows, r)
	}
	gosort.Slice(rows, func(i, j int) bool { return rows[i].prove < rows[j].prove })
	var sp, sc, ss []time.Duration
	for _, r := range rows {
		fmt.Printf("%-28s prove %8v check %8v session %8v search %8v\n", r.name, r.prove, r.chk, r.ns, r.prove-r.chk-r.ns)
		sp = append(sp, r.prove)
		sc = append(sc, r.chk)
		ss = append(ss, r.ns)
	}
	sd := func(d []time.Duration) time.Duration {
		gosort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return d[len(d)/2]
	}
	fmt.Println("median prove", sd(sp), "check", sd(sc), "session", sd(ss), "max", rows[len(rows)-1].prove)
}

func TestZZShow(t *testing.T) {
	for _, c := range loadCorpus(t) {
		res, _ := Prove(c.vc, c.env, Options{})
		if res.Valid {
			fmt.Printf("== %s\n%v\n", c.name, res.Proof)
		} else {
			fmt.Printf("== %s INVALID %s\n", c.name, res.Reason)
		}
	}
}

func BenchmarkZZOne(b *testing.B) {
	names := map[string]bool{}
	for _, n := range strings.Split(os.Getenv("ZZ"), ",") {
		names[n] = true
	}
	var cs []*corpusCase
	for _, c := range loadCorpus(b) {
		if names[c.name] || os.Getenv("ZZ") == "" {
			cs = append(cs, c)
		}
	}
	for b.Loop() {
		for _, c := range cs {
			Prove(c.vc, c.env, Options{})
		}
	}
}
