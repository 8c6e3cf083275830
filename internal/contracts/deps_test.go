package contracts

import (
	"os/exec"
	"strings"
	"testing"
)

// TestTrustBoundary enforces that the trusted table imports only the
// standard library and vep/sep.
func TestTrustBoundary(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "vep/internal/contracts").Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Skipf("go list not available: %v", err)
	}
	allowed := map[string]bool{"vep/sep": true, "vep/internal/contracts": true}
	for _, p := range strings.Fields(string(out)) {
		if !allowed[p] {
			t.Errorf("vep/internal/contracts depends on %s; the trusted table may import only the standard library and vep/sep", p)
		}
	}
}
