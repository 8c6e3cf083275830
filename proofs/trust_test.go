package proofs

import (
	"os/exec"
	"strings"
	"testing"
)

// TestTrustBoundary enforces that the kernel depends only on the standard
// library and vep/sep.
func TestTrustBoundary(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "vep/proofs").Output()
	if err != nil {
		t.Fatalf("go list -deps vep/proofs: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		switch {
		case pkg == "vep/proofs", pkg == "vep/sep":
		case strings.HasPrefix(pkg, "vep/"), strings.Contains(strings.Split(pkg, "/")[0], "."):
			t.Errorf("trusted package vep/proofs depends on %s", pkg)
		}
	}
}
