package bpfcheck

import (
	"testing"

	"vep/proofs"
	"vep/sep"
	"vep/solver"
)

func TestScratchSolver(t *testing.T) {
	cases := [][2]string{
		{"chars(fp - 16, 8, a) * chars(fp - 8, 8, b)", "exists l, chars(fp - 16, 16, l)"},
		{"chars(fp + -16, 16, a)", "exists l, chars(fp - 16, 8, l)"},
		{"chars(fp + -16, 16, a)", "exists l, chars(fp - 8, 8, l)"},
		{"chars(fp + -16, 8, [0,0,0,0,0,0,0,0] ++ [1,1,1,1,1,1,1,1])", "exists l, chars(fp - 16, 16, l)"},
		{"chars(fp + -16, 16, [0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1]) && 0 <= i && i < 16", "exists l, chars(fp - 16, 16, l) && 0 <= i && i + 1 <= 16"},
		{"chars(fp + -16, 16, l) && 0 <= i && i < 16", "exists m, chars(fp - 16, 16, m)"},
		{"chars(fp + -16, 16, l[2 := 5])", "exists m, chars(fp - 16, 16, m)"},
	}
	for _, c := range cases {
		h, err := sep.ParseFormula(c[0], nil)
		if err != nil {
			t.Fatal(err)
		}
		g, err := sep.ParseFormula(c[1], nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := solver.Prove(proofs.VC{Hyp: h, Goal: g}, nil, solver.Options{})
		if err != nil {
			t.Errorf("%s |- %s: %v", c[0], c[1], err)
			continue
		}
		t.Logf("%v: %s |- %s: %s", res.Valid, c[0], c[1], res.Reason)
	}
}
