package sep

import (
	"math/big"
	"math/rand"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// astOpts compares ASTs with go-cmp, ignoring positions.
var astOpts = cmp.Options{
	cmpopts.IgnoreTypes(Pos{}),
	cmpopts.EquateEmpty(),
	cmp.Comparer(func(a, b *big.Int) bool { return a.Cmp(b) == 0 }),
}

// TestRoundTrip checks parse(print(x)) == x for random ASTs.
func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	env := KernelStructs()
	for i := 0; i < 5000; i++ {
		g := &gen{r: r, mode: Mode(i % 2)}
		cfg := &Config{Mode: g.mode, Types: env}
		f := g.formula(1 + i%5)
		src := f.String()
		got, err := ParseFormula(src, cfg)
		if err != nil {
			t.Fatalf("ParseFormula(%q): %v", src, err)
		}
		if !Equal(f, got) {
			t.Fatalf("ParseFormula(%q) differs:\n%s\nparsed back as %s", src, cmp.Diff(f, got, astOpts), paren(got))
		}
		// Cross-check Equal against go-cmp on a sample (go-cmp is slow).
		if i%10 == 0 {
			if d := cmp.Diff(f, got, astOpts); d != "" {
				t.Fatalf("ParseFormula(%q) differs (-printed +parsed):\n%s", src, d)
			}
		}
		x := g.term(1 + i%4)
		got2, err := ParseTerm(x.String(), cfg)
		if err != nil {
			t.Fatalf("ParseTerm(%q): %v", x, err)
		}
		if !Equal(x, got2) {
			t.Fatalf("ParseTerm(%q) differs:\n%s", x, cmp.Diff(x, got2, astOpts))
		}
	}
}

func TestEqualIgnoresPositions(t *testing.T) {
	a, _ := ParseFormula("exists v, x == 1 && chars(p, n, l)", nil)
	b, _ := ParseFormula("exists v,\n   x==1&&chars( p,n,l )", nil)
	c, _ := ParseFormula("exists w, x == 1 && chars(p, n, l)", nil)
	if !Equal(a, b) {
		t.Error("Equal ignores layout: got false")
	}
	if Equal(a, c) {
		t.Error("Equal distinguishes bound names: got true")
	}
	if Equal(NewInt(1), NewVar("x")) || !Equal(NewInt(-3), &Int{Val: big.NewInt(-3)}) {
		t.Error("Equal on leaves")
	}
}
