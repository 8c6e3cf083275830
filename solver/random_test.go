package solver

import (
	"fmt"
	"math/big"
	"math/rand"
	"testing"

	"vep/proofs"
	"vep/sep"
)

var randVars = []string{"x", "y", "z"}

// randTerm returns a random term over x, y, z; with nonlinear set it may
// use the operators the solver treats as opaque.
func randTerm(r *rand.Rand, depth int, nonlinear bool) string {
	if depth == 0 || r.Intn(3) == 0 {
		if r.Intn(3) == 0 {
			return fmt.Sprint(r.Intn(7) - 3)
		}
		return randVars[r.Intn(len(randVars))]
	}
	a, b := randTerm(r, depth-1, nonlinear), randTerm(r, depth-1, nonlinear)
	ops := []string{"+", "-"}
	switch k := r.Intn(6); {
	case k == 0:
		return fmt.Sprintf("%d * (%s)", r.Intn(5)-2, a)
	case k == 1 && nonlinear:
		ops = []string{"&", "%", ">>", "/"}
		return fmt.Sprintf("(%s) %s %d", a, ops[r.Intn(len(ops))], r.Intn(4)+1)
	case k == 2 && nonlinear:
		return fmt.Sprintf("(u8) (%s)", a)
	}
	return fmt.Sprintf("(%s) %s (%s)", a, ops[r.Intn(len(ops))], b)
}

func randFormula(r *rand.Rand, depth int, nonlinear bool) string {
	if depth == 0 || r.Intn(3) == 0 {
		ops := []string{"==", "!=", "<", "<=", ">", ">="}
		return fmt.Sprintf("%s %s %s", randTerm(r, 2, nonlinear), ops[r.Intn(len(ops))], randTerm(r, 2, nonlinear))
	}
	a, b := randFormula(r, depth-1, nonlinear), randFormula(r, depth-1, nonlinear)
	switch r.Intn(4) {
	case 0:
		return fmt.Sprintf("(%s) && (%s)", a, b)
	case 1:
		return fmt.Sprintf("(%s) || (%s)", a, b)
	case 2:
		return fmt.Sprintf("!(%s)", a)
	}
	return fmt.Sprintf("(%s) => (%s)", a, b)
}

// bruteForce returns an assignment of x, y, z in [-3, 3] that satisfies
// hyp and falsifies goal, or nil.
func bruteForce(t *testing.T, hyp, goal sep.Formula) map[string]int64 {
	env := &sep.Env{Vars: map[string]sep.Value{}}
	for x := int64(-3); x <= 3; x++ {
		for y := int64(-3); y <= 3; y++ {
			for z := int64(-3); z <= 3; z++ {
				env.Vars["x"], env.Vars["y"], env.Vars["z"] = sep.IntValue(x), sep.IntValue(y), sep.IntValue(z)
				h, err1 := sep.EvalFormula(hyp, env)
				g, err2 := sep.EvalFormula(goal, env)
				if err1 != nil || err2 != nil {
					t.Fatalf("eval: %v %v", err1, err2)
				}
				if h && !g {
					return map[string]int64{"x": x, "y": y, "z": z}
				}
			}
		}
	}
	return nil
}

const bounds = "-3 <= x && x <= 3 && -3 <= y && y <= 3 && -3 <= z && z <= 3"

// TestRandomAgreement compares the solver with brute force on random
// linear entailments over a bounded domain: the verdicts agree and every
// countermodel falsifies the VC. On random nonlinear ones (masks,
// remainders, shifts, divisions, casts) it checks soundness only.
func TestRandomAgreement(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	valid, invalid := 0, 0
	for i := 0; i < 600; i++ {
		nonlinear := i%3 == 2
		hs := bounds + " && (" + randFormula(r, 2, nonlinear) + ")"
		gs := randFormula(r, 2, nonlinear)
		hyp, err := sep.ParseFormula(hs, nil)
		if err != nil {
			t.Fatalf("%s: %v", hs, err)
		}
		goal, err := sep.ParseFormula(gs, nil)
		if err != nil {
			t.Fatalf("%s: %v", gs, err)
		}
		if nonlinear && hasDivByZero(t, hyp, goal) {
			continue
		}
		cex := bruteForce(t, hyp, goal)
		res, err := Prove(proofs.VC{Hyp: hyp, Goal: goal}, nil, Options{})
		if err != nil {
			t.Fatalf("%s |- %s: %v", hs, gs, err)
		}
		if res.Valid && cex != nil {
			t.Fatalf("UNSOUND: %s |- %s proved valid, counterexample %v", hs, gs, cex)
		}
		if nonlinear {
			continue
		}
		if !res.Valid && cex == nil {
			t.Errorf("%s |- %s: valid by brute force, solver says %s", hs, gs, res.Reason)
		}
		if res.Valid {
			valid++
			continue
		}
		invalid++
		if res.Countermodel == nil {
			t.Errorf("%s |- %s: no countermodel (%s)", hs, gs, res.Reason)
			continue
		}
		env := &sep.Env{Vars: map[string]sep.Value{}}
		for _, v := range randVars {
			val := big.NewInt(0)
			if m, ok := res.Countermodel[v]; ok {
				val = m
			}
			env.Vars[v] = sep.BigValue(val)
		}
		h, _ := sep.EvalFormula(hyp, env)
		g, _ := sep.EvalFormula(goal, env)
		if !h || g {
			t.Errorf("%s |- %s: countermodel %v does not falsify", hs, gs, res.Countermodel)
		}
	}
	t.Logf("linear: %d valid, %d invalid", valid, invalid)
}

// hasDivByZero reports whether evaluation fails somewhere in the domain.
func hasDivByZero(t *testing.T, fs ...sep.Formula) bool {
	env := &sep.Env{Vars: map[string]sep.Value{}}
	for x := int64(-3); x <= 3; x++ {
		for y := int64(-3); y <= 3; y++ {
			for z := int64(-3); z <= 3; z++ {
				env.Vars["x"], env.Vars["y"], env.Vars["z"] = sep.IntValue(x), sep.IntValue(y), sep.IntValue(z)
				for _, f := range fs {
					if _, err := sep.EvalFormula(f, env); err != nil {
						return true
					}
				}
			}
		}
	}
	return false
}
