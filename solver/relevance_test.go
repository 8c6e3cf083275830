package solver

import (
	"fmt"
	"strings"
	"testing"

	"vep/proofs"
	"vep/sep"
)

// largeVC returns a stack frame of 20 u64 slots and 30 bounded unknowns,
// with extra facts and the goal given.
func largeVC(t *testing.T, extra, goal string) proofs.VC {
	var parts []string
	for i := 1; i <= 30; i++ {
		parts = append(parts, fmt.Sprintf("0 <= x%d && x%d < 100", i, i))
	}
	if extra != "" {
		parts = append(parts, extra)
	}
	var slots []string
	for i := 1; i <= 20; i++ {
		slots = append(slots, fmt.Sprintf("data_at(R10 - %d, u64, v%d)", 8*i, i))
	}
	cfg := &sep.Config{Mode: sep.ModeBytecode}
	h, err := sep.ParseFormula(strings.Join(parts, " && ")+" && "+strings.Join(slots, " * "), cfg)
	if err != nil {
		t.Fatal(err)
	}
	g, err := sep.ParseFormula(goal, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return proofs.VC{Hyp: h, Goal: g}
}

// TestLargeVC exercises the relevance filter: proofs found on the
// connected hypotheses are remapped to all of them (Prove checks them),
// and facts that contradict each other away from the goal still prove it.
func TestLargeVC(t *testing.T) {
	tests := []struct {
		extra, goal string
		valid       bool
	}{
		{"", "data_at(R10 - 80, u64, v10) * (exists l, chars(R10 - 160, 8, l)) && x3 + x4 < 200", true},
		{"", "x3 + x4 < 198", false},
		{"x7 + x8 == 250", "y == 5", true},
		{"x7 != x7", "data_at(R10 - 8, u64, v2)", true},
		{"", "data_at(R10 - 8, u64, v2)", false},
	}
	for _, tt := range tests {
		vc := largeVC(t, tt.extra, tt.goal)
		res, err := Prove(vc, nil, Options{})
		if err != nil {
			t.Fatalf("%s: %v", tt.goal, err)
		}
		if res.Valid != tt.valid {
			t.Errorf("%s with %q: valid = %v, want %v (%s)", tt.goal, tt.extra, res.Valid, tt.valid, res.Reason)
		}
	}
}

// TestRemap checks the index translation of a filtered refutation.
func TestRemap(t *testing.T) {
	p := &proofs.CaseOr{Hyp: 1, Cases: []proofs.ArithProof{
		&proofs.Farkas{Comb: []proofs.Coef{{Hyp: 0}, {Hyp: 2}}},
		&proofs.Cut{Comb: []proofs.Coef{{Hyp: 3}}, Then: &proofs.Farkas{Comb: []proofs.Coef{{Hyp: 4}}}},
	}}
	got := remap(p, []int{2, 5, 7}, 10).String()
	want := (&proofs.CaseOr{Hyp: 5, Cases: []proofs.ArithProof{
		&proofs.Farkas{Comb: []proofs.Coef{{Hyp: 2}, {Hyp: 7}}},
		&proofs.Cut{Comb: []proofs.Coef{{Hyp: 10}}, Then: &proofs.Farkas{Comb: []proofs.Coef{{Hyp: 11}}}},
	}}).String()
	if got != want {
		t.Errorf("remap:\n%s\nwant\n%s", got, want)
	}
}
