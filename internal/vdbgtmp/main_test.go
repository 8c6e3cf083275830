package vdbg

import (
	"os"
	"strings"
	"testing"

	"vep/bpfcheck"
	"vep/internal/asm"
	"vep/solver"
)

func TestDump(t *testing.T) {
	src, _ := os.ReadFile(os.Getenv("SFILE"))
	u, err := asm.Assemble("x.s", src)
	if err != nil {
		t.Fatal(err)
	}
	obs, err := bpfcheck.GenerateVCs(u.Object, u.Annotations)
	if err != nil {
		t.Fatal(err)
	}
	want := os.Getenv("WANT")
	for _, ob := range obs {
		res, err := solver.Prove(ob.VC, nil, solver.Options{})
		if err == nil && res.Valid {
			continue
		}
		s := ob.String()
		if want == "" || strings.Contains(s, want) {
			r := ""
			if res != nil {
				r = res.Reason
			}
			t.Logf("%s\n  => %v %s", s, err, r)
		}
	}
}
