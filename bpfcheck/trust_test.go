package bpfcheck

import (
	"os/exec"
	"strings"
	"testing"
)

// TestTrustBoundary enforces that the checker depends only on the standard
// library and the trusted packages.
func TestTrustBoundary(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "vep/bpfcheck").Output()
	if err != nil {
		t.Fatalf("go list -deps vep/bpfcheck: %v", err)
	}
	allowed := map[string]bool{
		"vep/bpfcheck": true, "vep/sep": true, "vep/proofs": true, "vep/internal/isa": true,
		"vep/internal/elfobj": true, "vep/internal/spec": true, "vep/internal/contracts": true,
	}
	n := 0
	for _, pkg := range strings.Fields(string(out)) {
		n++
		if allowed[pkg] {
			continue
		}
		if strings.HasPrefix(pkg, "vep/") || strings.Contains(strings.Split(pkg, "/")[0], ".") {
			t.Errorf("trusted package vep/bpfcheck depends on %s", pkg)
		}
	}
	if n == 0 {
		t.Fatal("go list printed nothing")
	}
}
