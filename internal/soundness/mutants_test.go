package soundness

import (
	"hash/fnv"
	"os"
	"sort"
	"sync"
	"testing"
)

// full reports whether every mutant is run (VEP_SOUNDNESS_FULL=1, several
// minutes) rather than a deterministic sample that keeps the test fast.
func full() bool { return os.Getenv("VEP_SOUNDNESS_FULL") == "1" }

// sampleEvery keeps one mutant in sampleEvery in the default run, chosen by
// a hash of its ID so that the sample does not shift when a file changes.
const sampleEvery = 12

// maxDynamic bounds the accepted mutants the default run executes.
const maxDynamic = 25

// outcome is what happened to one mutant.
type outcome uint8

const (
	invalid  outcome = iota // Verify returned an error: not C vep takes
	rejected                // Verify rejected it
	accepted                // accepted, and no run faulted (or not run)
	faulted                 // accepted, and a run faulted: a soundness bug
	noLoad                  // accepted, but clang or the interpreter refused it
)

// TestMutants verifies mutants of every safe corpus program and runs the
// accepted ones in the interpreter: none may fault. Mutants that Verify
// rejects, or accepts and that run without fault, are fine (many mutants
// are still safe); an accepted mutant whose run faults is a soundness bug,
// which fails the test unless it is listed in knownBugMutants, as
// TestKnownSoundnessBugs explains.
func TestMutants(t *testing.T) {
	c := corpus(t)
	var names []string
	for n := range c {
		names = append(names, n)
	}
	sort.Strings(names)
	var all []mutant
	for _, n := range names {
		for _, m := range mutants(n, c[n]) {
			if full() || keep(m.ID) {
				all = append(all, m)
			}
		}
	}
	dynamic := haveClang()
	if !dynamic {
		t.Logf("%s not installed: accepted mutants are not executed", clangPath)
	}

	outcomes := make([]outcome, len(all))
	details := make([]string, len(all))
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		nDyn    int
		indices = make(chan int)
	)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dir := t.TempDir()
			for i := range indices {
				m := all[i]
				ok, _, err := verify("mutant.c", m.Src)
				switch {
				case err != nil:
					outcomes[i] = invalid
					continue
				case !ok:
					outcomes[i] = rejected
					continue
				}
				outcomes[i] = accepted
				mu.Lock()
				run := dynamic && (full() || nDyn < maxDynamic)
				if run {
					nDyn++
				}
				mu.Unlock()
				if !run {
					continue
				}
				f, err := fault(dir, m.Src)
				switch {
				case err != nil:
					outcomes[i], details[i] = noLoad, err.Error()
				case f != "":
					outcomes[i], details[i] = faulted, f
				}
			}
		}()
	}
	for i := range all {
		indices <- i
	}
	close(indices)
	wg.Wait()

	var count [noLoad + 1]int
	for i, m := range all {
		count[outcomes[i]]++
		switch outcomes[i] {
		case faulted:
			if bug, ok := knownBugMutants[m.ID]; ok && !strict() {
				t.Logf("known soundness bug %s (testdata/bugs/%s.c): %s", m.ID, bug, details[i])
				continue
			}
			t.Errorf("SOUNDNESS BUG: mutant %s (%s) is accepted and faults: %s", m.ID, m.Desc, details[i])
		case accepted:
			if testing.Verbose() {
				t.Logf("accepted, no fault: %s (%s)", m.ID, m.Desc)
			}
		case noLoad:
			t.Logf("accepted, not executable: %s (%s): %.200s", m.ID, m.Desc, details[i])
		}
	}
	t.Logf("%d mutants: %d invalid, %d rejected, %d accepted without fault, %d accepted and faulting, %d accepted but not executable",
		len(all), count[invalid], count[rejected], count[accepted], count[faulted], count[noLoad])
}

// keep reports whether the default run includes the mutant with this ID.
func keep(id string) bool {
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32()%sampleEvery == 0
}
