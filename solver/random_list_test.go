package solver

import (
	"fmt"
	"math/rand"
	"testing"

	"vep/proofs"
	"vep/sep"
)

func randListTerm(r *rand.Rand, depth int) string {
	if depth == 0 || r.Intn(3) == 0 {
		return []string{"l", "m", "[j]", "[1, i]"}[r.Intn(4)]
	}
	a := randListTerm(r, depth-1)
	switch r.Intn(4) {
	case 0:
		return fmt.Sprintf("(%s) ++ (%s)", a, randListTerm(r, depth-1))
	case 1:
		return fmt.Sprintf("(%s)[%s:%s]", a, randIntTerm(r, 0), randIntTerm(r, 0))
	case 2:
		return fmt.Sprintf("(%s)[%s := %s]", a, randIntTerm(r, 0), randIntTerm(r, 0))
	}
	return fmt.Sprintf("repeat(%s, %s)", randIntTerm(r, 0), randIntTerm(r, 0))
}

func randIntTerm(r *rand.Rand, depth int) string {
	if depth == 0 || r.Intn(2) == 0 {
		return []string{"i", "j", "0", "1", "2"}[r.Intn(5)]
	}
	if r.Intn(2) == 0 {
		return fmt.Sprintf("len(%s)", randListTerm(r, depth-1))
	}
	return fmt.Sprintf("(%s)[%s]", randListTerm(r, depth-1), randIntTerm(r, 0))
}

func randListAtom(r *rand.Rand) string {
	switch r.Intn(3) {
	case 0:
		return fmt.Sprintf("%s == %s", randListTerm(r, 2), randListTerm(r, 2))
	case 1:
		return fmt.Sprintf("%s == %s", randIntTerm(r, 2), randIntTerm(r, 2))
	}
	return fmt.Sprintf("%s < %s", randIntTerm(r, 2), randIntTerm(r, 2))
}

// TestRandomListSoundness proves random entailments over lists and checks
// every Valid verdict by brute force over lists of length at most 3 with
// elements in [0, 2] and integers in [-1, 2], at every assignment where
// both sides are defined (out-of-range reads are unspecified values, so a
// valid VC holds there in particular).
func TestRandomListSoundness(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	lists := []sep.Value{sep.ListValue()}
	for _, a := range []int64{0, 1, 2} {
		lists = append(lists, sep.ListValue(a))
		for _, b := range []int64{0, 1, 2} {
			lists = append(lists, sep.ListValue(a, b))
			for _, c := range []int64{0, 2} {
				lists = append(lists, sep.ListValue(a, b, c))
			}
		}
	}
	valid := 0
	for n := 0; n < 120; n++ {
		hs := fmt.Sprintf("%s && %s", randListAtom(r), randListAtom(r))
		gs := randListAtom(r)
		hyp, err := sep.ParseFormula(hs, nil)
		if err != nil {
			t.Fatalf("%s: %v", hs, err)
		}
		goal, err := sep.ParseFormula(gs, nil)
		if err != nil {
			t.Fatalf("%s: %v", gs, err)
		}
		res, err := Prove(proofs.VC{Hyp: hyp, Goal: goal}, nil, Options{})
		if err != nil || !res.Valid {
			continue
		}
		valid++
		env := &sep.Env{Vars: map[string]sep.Value{}}
		for _, l := range lists {
			for _, m := range lists {
				for i := int64(-1); i <= 2; i++ {
					for j := int64(-1); j <= 2; j++ {
						env.Vars["l"], env.Vars["m"] = l, m
						env.Vars["i"], env.Vars["j"] = sep.IntValue(i), sep.IntValue(j)
						h, err1 := sep.EvalFormula(hyp, env)
						g, err2 := sep.EvalFormula(goal, env)
						if err1 == nil && err2 == nil && h && !g {
							t.Fatalf("UNSOUND: %s |- %s proved, false at l=%v m=%v i=%d j=%d\n%v", hs, gs, l, m, i, j, res.Proof)
						}
					}
				}
			}
		}
	}
	t.Logf("%d of 120 proved valid, all confirmed", valid)
}
