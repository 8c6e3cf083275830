package soundness

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestScratchMutants(t *testing.T) {
	if os.Getenv("SCRATCH") == "" {
		t.Skip()
	}
	c := corpus(t)
	var names []string
	for n := range c {
		names = append(names, n)
	}
	sort.Strings(names)
	var all []mutant
	for _, n := range names {
		ms := mutants(n, c[n])
		all = append(all, ms...)
	}
	t.Logf("%d mutants", len(all))
	type res struct {
		m      mutant
		status string
		d      time.Duration
	}
	results := make([]res, len(all))
	var wg sync.WaitGroup
	ch := make(chan int)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dir := t.TempDir()
			for i := range ch {
				m := all[i]
				st := time.Now()
				ok, _, err := verify("m.c", m.Src)
				s := "rejected"
				switch {
				case err != nil:
					s = "invalid"
				case ok:
					f, err := fault(dir, m.Src)
					switch {
					case err != nil:
						s = "accepted-nocompile " + strings.ReplaceAll(err.Error(), "\n", " | ")[:min(300, len(err.Error()))]
					case f != "":
						s = "BUG " + f
					default:
						s = "accepted-nofault"
					}
				}
				results[i] = res{m, s, time.Since(st)}
			}
		}()
	}
	for i := range all {
		ch <- i
	}
	close(ch)
	wg.Wait()
	f, _ := os.Create("/tmp/mutants.txt")
	defer f.Close()
	counts := map[string]int{}
	for _, r := range results {
		counts[strings.Fields(r.status)[0]]++
		fmt.Fprintf(f, "%s\t%s\t%v\t%s\n", r.m.ID, r.status, r.d.Round(time.Millisecond), r.m.Desc)
	}
	t.Log(counts)
}
