package soundness

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// knownBugs lists the soundness bugs found and not yet fixed, by the name
// of their reproducer in testdata/bugs (without ".c"), which is also the
// name of the hand-written case or mutant they came from. It is empty: the
// bugs found so far are fixed, and their reproducers moved to
// testdata/fixed, where TestFixedSoundnessBugs asserts that they are
// rejected. A new bug goes here, with its reproducer in testdata/bugs,
// until it is fixed.
var knownBugs = map[string]string{}

// knownBugMutants maps the IDs of accepted mutants that fault to the
// reproducer in testdata/bugs that reduces them. It is empty, like
// knownBugs.
var knownBugMutants = map[string]string{}

// TestKnownSoundnessBugs verifies each reproducer in testdata/bugs: each is
// an unsafe program that vep.Verify accepted when it was found. It logs the
// ones still accepted; they fail the test only when VEP_STRICT_SOUNDNESS=1,
// so that CI stays green until the verifier is fixed.
func TestKnownSoundnessBugs(t *testing.T) {
	files, err := filepath.Glob("testdata/bugs/*.c")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".c")
		t.Run(name, func(t *testing.T) {
			if _, ok := knownBugs[name]; !ok {
				t.Errorf("%s is not listed in knownBugs", f)
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ok, rep, err := verify(filepath.Base(f), string(src))
			switch {
			case err != nil:
				t.Fatalf("Verify: %v", err)
			case !ok:
				t.Logf("fixed: now rejected; move the case to the asserted tests\n%s", rep)
				return
			}
			if haveClang() {
				if f, err := fault(t.TempDir(), string(src)); err == nil && f != "" {
					t.Logf("accepted, and faults: %s", f)
				}
			}
			if strict() {
				t.Errorf("SOUNDNESS BUG: unsafe program accepted: %s\n%s", knownBugs[name], rep)
			} else {
				t.Logf("still accepted (set VEP_STRICT_SOUNDNESS=1 to fail): %s", knownBugs[name])
			}
		})
	}
	for name := range knownBugs {
		if _, err := os.Stat(filepath.Join("testdata/bugs", name+".c")); err != nil {
			t.Errorf("knownBugs[%q] has no reproducer: %v", name, err)
		}
	}
}
