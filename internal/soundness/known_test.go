package soundness

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// knownBugs lists the soundness bugs found so far, by the name of their
// reproducer in testdata/bugs (without ".c"), which is also the name of
// the hand-written case or mutant they came from.
var knownBugs = map[string]string{
	"inline-returns-own-stack":    "an inlined function returns a pointer to its own local array and the caller reads through it after the call",
	"stack-pointer-of-dead-scope": "a pointer to a block-scoped array is used after the block ends; clang drops the array's stores and the read sees uninitialised stack",
	"ensure-contents-not-checked": "a subprogram whose Ensure restates the Require's contents list is verified although its body overwrites them; the caller indexes with the stale value",
	"strict-aliasing-type-pun":    "a __u64 array read through a __u32 pointer; clang -O2 (strict aliasing) drops the stores and the read sees uninitialised stack",
}

// knownBugMutants maps the IDs of accepted mutants that fault to the
// reproducer in testdata/bugs that reduces them.
var knownBugMutants = map[string]string{
	"prevail/twostackvars.c:type:0": "strict-aliasing-type-pun",
}

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
