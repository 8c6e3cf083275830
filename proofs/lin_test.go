package proofs

import (
	"math/big"
	"testing"
)

func term(a Atom, c int64) Term { return Term{a, big.NewInt(c)} }

func TestLin(t *testing.T) {
	x, y, z := Var(1), Var(2), Var(3)
	tests := []struct {
		name string
		got  Lin
		want string
	}{
		{"zero", Lin{}, "0"},
		{"const", Const(-4), "-4"},
		{"var", x, "x1"},
		{"merge and drop zero", NewLin(big.NewInt(3), term(2, 2), term(1, -1), term(2, -2), term(3, 0)), "-x1 + 3"},
		{"sorted", NewLin(nil, term(9, 1), term(0, 5)), "5*x0 + x9"},
		{"add", x.Add(y).Add(z), "x1 + x2 + x3"},
		{"sub cancels", x.Add(y).Sub(x), "x2"},
		{"scale", x.Sub(y).AddConst(1).Scale(big.NewInt(-3)), "-3*x1 + 3*x2 - 3"},
		{"scale by zero", x.Scale(new(big.Int)), "0"},
		{"big", x.Scale(new(big.Int).Lsh(big.NewInt(1), 100)), "1267650600228229401496703205376*x1"},
	}
	for _, tt := range tests {
		if s := tt.got.String(); s != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, s, tt.want)
		}
	}
}

func TestLinImmutable(t *testing.T) {
	c := big.NewInt(5)
	k := big.NewInt(2)
	l := NewLin(c, Term{1, k})
	c.SetInt64(99)
	k.SetInt64(99)
	l.Term(0).Coef.SetInt64(7)
	l.Constant().SetInt64(7)
	l.Coef(1).SetInt64(7)
	if s := l.String(); s != "2*x1 + 5" {
		t.Fatalf("Lin changed through an alias: %s", s)
	}
	if !l.Equal(NewLin(big.NewInt(5), term(1, 2))) || l.Equal(NewLin(big.NewInt(5), term(1, 3))) {
		t.Fatal("Equal")
	}
	env := func(a Atom) *big.Int { return big.NewInt(int64(a) * 10) }
	if v := l.Eval(env); v.Int64() != 25 {
		t.Fatalf("Eval = %v", v)
	}
}

func TestConstraintHelpers(t *testing.T) {
	x, y := Var(1), Var(2)
	tests := []struct {
		got  Hyp
		want string
	}{
		{Fact(Geq(x, y)), "x1 - x2 >= 0"},
		{Fact(Leq(x, y)), "-x1 + x2 >= 0"},
		{Fact(Less(x, y)), "-x1 + x2 - 1 >= 0"},
		{Fact(Greater(x, y)), "x1 - x2 - 1 >= 0"},
		{Fact(Equal(x, Const(3))), "x1 - 3 == 0"},
		{NotEqual(x, y), "-x1 + x2 - 1 >= 0 | x1 - x2 - 1 >= 0"},
		{Geq(x, y).Negate(), "-x1 + x2 - 1 >= 0"},
		{Equal(x, y).Negate(), "-x1 + x2 - 1 >= 0 | x1 - x2 - 1 >= 0"},
		{Disj(), "false"},
	}
	for _, tt := range tests {
		if s := tt.got.String(); s != tt.want {
			t.Errorf("got %q, want %q", s, tt.want)
		}
	}
	// Holds agrees with the meaning of each helper on a grid.
	for a := int64(-2); a <= 2; a++ {
		for b := int64(-2); b <= 2; b++ {
			env := func(at Atom) *big.Int {
				if at == 1 {
					return big.NewInt(a)
				}
				return big.NewInt(b)
			}
			checks := []struct {
				h    Hyp
				want bool
			}{
				{Fact(Geq(x, y)), a >= b}, {Fact(Leq(x, y)), a <= b}, {Fact(Less(x, y)), a < b},
				{Fact(Greater(x, y)), a > b}, {Fact(Equal(x, y)), a == b}, {NotEqual(x, y), a != b},
				{Geq(x, y).Negate(), a < b}, {Equal(x, y).Negate(), a != b},
			}
			for i, c := range checks {
				if c.h.Holds(env) != c.want {
					t.Errorf("check %d at (%d,%d): %v", i, a, b, c.h)
				}
			}
		}
	}
}
