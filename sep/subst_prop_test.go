package sep

import (
	"math/rand"
	"strings"
	"testing"
)

// pureGen generates evaluable pure formulas over a few names, with guarded
// quantifiers that reuse the same names so that shadowing and capture occur.
type pureGen struct{ r *rand.Rand }

var pureNames = []string{"x", "y", "k", "j"}

func (g *pureGen) term(d int) Term {
	if d <= 0 || g.r.Intn(3) == 0 {
		if g.r.Intn(2) == 0 {
			return NewInt(int64(g.r.Intn(7) - 3))
		}
		return NewVar(pureNames[g.r.Intn(len(pureNames))])
	}
	op := []BinaryOp{Add, Sub, Mul, BitAnd, BitXor}[g.r.Intn(5)]
	return &Binary{Op: op, X: g.term(d - 1), Y: g.term(d - 1)}
}

func (g *pureGen) formula(d int) Formula {
	if d <= 0 {
		return &Cmp{Op: CmpOp(g.r.Intn(6)), X: g.term(1), Y: g.term(1)}
	}
	switch g.r.Intn(6) {
	case 0:
		return &Not{X: g.formula(d - 1)}
	case 1:
		return &And{X: g.formula(d - 1), Y: g.formula(d - 1)}
	case 2:
		return &Or{X: g.formula(d - 1), Y: g.formula(d - 1)}
	case 3:
		return &Implies{X: g.formula(d - 1), Y: g.formula(d - 1)}
	}
	v := pureNames[g.r.Intn(len(pureNames))]
	bound := func() Term { // a bound that does not mention v
		for {
			b := g.term(0)
			if !isVar(b, v) {
				return b
			}
		}
	}
	guard := &And{
		X: &Cmp{Op: Le, X: bound(), Y: NewVar(v)},
		Y: &Cmp{Op: Lt, X: NewVar(v), Y: bound()},
	}
	if g.r.Intn(2) == 0 {
		return &Forall{Vars: []Ident{{Name: v}}, Body: &Implies{X: guard, Y: g.formula(d - 1)}}
	}
	return &Exists{Vars: []Ident{{Name: v}}, Body: &And{X: guard, Y: g.formula(d - 1)}}
}

// TestSubstSemanticsRandom checks the substitution lemma on random
// formulas: f[v := t] holds in env iff f holds in env[v := value of t].
// A substitution that captured a variable would break it.
func TestSubstSemanticsRandom(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	g := &pureGen{r: r}
	checked, renamed := 0, 0
	for i := 0; i < 3000; i++ {
		f := g.formula(1 + i%4)
		v := pureNames[r.Intn(len(pureNames))]
		rep := g.term(2)
		env := map[string]Value{}
		for _, n := range pureNames {
			env[n] = IntValue(int64(r.Intn(7) - 3))
		}
		got, err1 := EvalFormula(Subst(f, map[string]Term{v: rep}), &Env{Vars: env})
		rv, err := EvalTerm(rep, &Env{Vars: env})
		if err != nil {
			t.Fatal(err)
		}
		env2 := map[string]Value{}
		for n, x := range env {
			env2[n] = x
		}
		env2[v] = rv
		want, err2 := EvalFormula(f, &Env{Vars: env2})
		if (err1 == nil) != (err2 == nil) || got != want {
			t.Fatalf("%s\n[%s := %s] = %s\nin %v: got %v (%v), want %v (%v)", f, v, rep, Subst(f, map[string]Term{v: rep}), env, got, err1, want, err2)
		}
		if err1 == nil {
			checked++
		}
		if strings.Contains(Subst(f, map[string]Term{v: rep}).String(), "_1") {
			renamed++
		}
	}
	if checked < 2000 || renamed < 100 {
		t.Errorf("only %d of 3000 cases evaluated, %d renamed a binder", checked, renamed)
	}
	t.Logf("%d cases evaluated, %d renamed a binder", checked, renamed)
}

// TestNormalizeSemanticsRandom checks that Normalize preserves the meaning
// of pure formulas, including hoisted and renamed existentials.
func TestNormalizeSemanticsRandom(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	g := &pureGen{r: r}
	checked := 0
	for i := 0; i < 2000; i++ {
		var f Formula = g.formula(2)
		for n := r.Intn(4); n > 0; n-- {
			y := g.formula(2)
			if r.Intn(2) == 0 {
				f = &And{X: f, Y: y}
			} else {
				f = &Sep{X: y, Y: f}
			}
		}
		nf, err := Normalize(f)
		if err != nil {
			t.Fatalf("Normalize(%s): %v", f, err)
		}
		env := map[string]Value{}
		for _, n := range pureNames {
			env[n] = IntValue(int64(r.Intn(7) - 3))
		}
		want, err1 := EvalFormula(f, &Env{Vars: env})
		got, err2 := EvalFormula(nf.Formula(), &Env{Vars: env})
		if err1 != nil {
			continue
		}
		if err2 != nil || got != want {
			t.Fatalf("%s\nnormalizes to %s\nin %v: got %v (%v), want %v", f, nf, env, got, err2, want)
		}
		checked++
	}
	if checked < 1500 {
		t.Errorf("only %d cases evaluated", checked)
	}
}
