package soundness

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixedBugs are the soundness bugs found and fixed so far, by the name of
// their reproducer in testdata/fixed (without ".c"): each reproducer is an
// unsafe program that vep.Verify once accepted and must now reject with
// the given diagnostic (its "line:col: error: " and a substring of the
// reason). Next to each, NAME.safe.c is a safe twin, a small change that
// makes the program safe, which must verify (so that the fix does not
// simply reject everything near the bug).
var fixedBugs = map[string]string{
	"inline-returns-own-stack":    "23:10: error: pointer to b, a local of leak, used after leak returned",
	"stack-pointer-of-dead-scope": "20:22: error: pointer to buf used after the end of its block",
	"ensure-contents-not-checked": "8:24: error: postcondition of clobber may not hold: array(c, u32, 4, l): cannot prove that the memory at c holds l",
	"strict-aliasing-type-pun":    "31:13: error: type-punned access: read of u32 at a variable offset of words, which holds u64",
}

// TestFixedSoundnessBugs verifies each reproducer of testdata/fixed and its
// safe twin.
func TestFixedSoundnessBugs(t *testing.T) {
	files, err := filepath.Glob("testdata/fixed/*.c")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		base := filepath.Base(f)
		name := strings.TrimSuffix(strings.TrimSuffix(base, ".c"), ".safe")
		safe := strings.HasSuffix(base, ".safe.c")
		t.Run(strings.TrimSuffix(base, ".c"), func(t *testing.T) {
			want, ok := fixedBugs[name]
			if !ok {
				t.Fatalf("%s is not listed in fixedBugs", f)
			}
			if !safe {
				seen[name] = true
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ok, rep, err := verify(base, string(src))
			switch {
			case err != nil:
				t.Fatalf("Verify: %v", err)
			case safe && !ok:
				t.Fatalf("safe twin rejected:\n%s", rep)
			case !safe && ok:
				t.Fatalf("SOUNDNESS BUG (regression): unsafe program accepted: %s\n%s", name, rep)
			case !safe && !strings.Contains(rep, base+":"+want):
				t.Fatalf("rejected, but not with %q:\n%s", base+":"+want, rep)
			}
			if safe && haveClang() {
				// The twin must also run without fault.
				if msg, err := fault(t.TempDir(), string(src)); err == nil && msg != "" {
					t.Errorf("safe twin verifies but faults: %s", msg)
				}
			}
		})
	}
	for name := range fixedBugs {
		if !seen[name] {
			t.Errorf("fixedBugs[%q] has no reproducer testdata/fixed/%s.c", name, name)
		}
		if _, err := os.Stat(filepath.Join("testdata/fixed", name+".safe.c")); err != nil {
			t.Errorf("fixedBugs[%q] has no safe twin: %v", name, err)
		}
	}
}
