package proofs

import (
	"math/big"
	"testing"

	"vep/sep"
)

// TestLinearize checks that terms with the same value get the same linear
// form and that different opaque terms get different atoms.
func TestLinearize(t *testing.T) {
	same := [][2]string{
		{"l[i + 1]", "l[1 + i]"},
		{"3 * x + x", "4 * x"},
		{"x << 3", "8 * x"},
		{"~x", "-x - 1"},
		{"sizeof(u32) * 2", "8"},
		{"(u8) (x + 2 * y)", "(u8) (y + x + y)"},
		{"len(l[0:i + 1])", "len(l[0:1 + i])"},
		{"7 / 2", "3"},
		{"-7 / 2", "-3"},
		{"-7 % 2", "-1"},
		{"12 & 10", "8"},
		{"-1 >> 5", "-1"},
		{"value_size(inner(m))", "value_size(inner(m))"},
		{"(x * y) + 0", "x * y"},
	}
	differ := [][2]string{
		{"x & 255", "x & 254"},
		{"(u8) x", "(u16) x"},
		{"(u8) x", "(s8) x"},
		{"l[i]", "l[j]"},
		{"l[i]", "m[i]"},
		{"len(l ++ m)", "len(m ++ l)"},
		{"x / y", "y / x"},
		{"x >> 1", "x << 1"},
		{"x * y", "x * z"},
		{"value_size(m)", "key_size(m)"},
		{"*(x + 1)", "*(x + 2)"},
		{"p->a", "p->b"},
		{"x / 0", "y / 0"},
		{"[1, 2][i]", "[12][i]"},
	}
	for _, set := range []struct {
		pairs [][2]string
		want  bool
	}{{same, true}, {differ, false}} {
		for _, p := range set.pairs {
			lz := testLinearizer("l", "m")
			a, err := lz.lin(mustTerm(t, p[0]))
			if err != nil {
				t.Fatalf("%s: %v", p[0], err)
			}
			b, err := lz.lin(mustTerm(t, p[1]))
			if err != nil {
				t.Fatalf("%s: %v", p[1], err)
			}
			if a.Equal(b) != set.want {
				t.Errorf("%s ~ %s: equal = %v, want %v (%v vs %v)", p[0], p[1], a.Equal(b), set.want, a, b)
			}
		}
	}
}

// TestSorts checks that ill-sorted VCs are rejected.
func TestSorts(t *testing.T) {
	bad := []string{
		"l[0] == 1 && l == 3 |- true",
		"len(x) == 1 && x < 2 |- true",
		"chars(p, n, l) && l < 3 |- true",
		"l ++ m < k |- true",
		"true |- x == [1] && x + 1 == 2",
		"map_value(m, p) && m == 3 |- true",
		"value_size(3) == 1 |- true",
	}
	for _, src := range bad {
		vc := parseVC(t, src)
		if _, err := NewSession(vc, nil); err == nil {
			t.Errorf("%s: accepted", src)
		}
	}
}

func parseVC(t *testing.T, src string) VC {
	t.Helper()
	var h, g string
	for i := 0; i+2 < len(src); i++ {
		if src[i:i+2] == "|-" {
			h, g = src[:i], src[i+2:]
		}
	}
	hf, err := sep.ParseFormula(h, &sep.Config{Types: sep.KernelStructs()})
	if err != nil {
		t.Fatalf("%s: %v", h, err)
	}
	gf, err := sep.ParseFormula(g, &sep.Config{Types: sep.KernelStructs()})
	if err != nil {
		t.Fatalf("%s: %v", g, err)
	}
	return VC{Hyp: hf, Goal: gf}
}

// TestSessionRejects checks that malformed steps are rejected by the
// kernel before any arithmetic.
func TestSessionRejects(t *testing.T) {
	tests := []struct {
		vc    string
		ws    []string
		steps []Step
	}{
		{"chars(p, 4, l) |- chars(p, 4, l)", nil, []Step{&MatchChunk{1, 0}}},
		{"chars(p, 4, l) |- chars(p, 4, l)", nil, []Step{&MatchChunk{0, 1}}},
		{"chars(p, 4, l) |- chars(p, 4, l) * chars(p, 4, l)", nil, []Step{&MatchChunk{0, 0}, &MatchChunk{0, 1}}},
		{"chars(p, 4, l) * chars(q, 4, l) |- chars(p, 4, l)", nil, []Step{&MatchChunk{0, 0}, &MatchChunk{1, 0}}},
		{"chars(p, 4, l) |- undef_chars(p, 4)", nil, []Step{&MatchChunk{0, 0}}},
		{"array(p, u32, 4, l) |- array(p, u16, 4, l)", nil, []Step{&MatchChunk{0, 0}}},
		{"chars(p, 4, l) |- chars(p, 4, l)", nil, []Step{&JoinChunks{0, 0}}},
		{"chars(p, 4, l) * undef_chars(p + 4, 4) |- chars(p, 8, l)", nil, []Step{&JoinChunks{0, 1}}},
		{"data_at(p, u32, v) |- chars(p, 4, l)", nil, []Step{&SplitChunk{0, sep.NewInt(1)}}},
		{"store_chars(p, q) |- true", nil, []Step{&UnfoldChunk{0}}},
		{"store_chars(p, q) |- true", nil, []Step{&ForgetChunk{0}}},
		{"data_at(p, u32 *, v) |- true", nil, []Step{&UnfoldChunk{0}}},
		{"chars(p, 4, l) |- exists m, chars(p, 4, m)", nil, []Step{&MatchChunk{0, 0}}},
		{"chars(p, 4, l) |- exists m, chars(p, 4, m)", []string{"3"}, []Step{&MatchChunk{0, 0}}},
		{"chars(p, 4, l) |- exists m, chars(p, 4, m)", []string{"l", "l"}, nil},
		{"map_value(m, p) |- map_value(n, p)", nil, []Step{&UseFact{0, 0}}},
		{"map_value(m, p) |- ctx(p)", nil, []Step{&UseFact{0, 0}}},
		{"x == 1 |- map_value(m, p)", nil, []Step{&UseFact{0, 0}}},
		{"chars(p, 4, l) |- chars(p, 4, l)", nil, []Step{nil}},
		{"chars(p, 4, l) |- chars(p, 4, l)", nil, []Step{(*MatchChunk)(nil)}},
		{"chars(p, 4, l) |- chars(p, 4, l)", nil, []Step{&SplitChunk{0, nil}}},
		{"chars(p, 4, l) |- chars(p, 4, l)", nil, []Step{&SplitChunk{0, mustTerm(t, "l")}}},
		{"chars(p, 4, l) |- chars(p, 4, l)", nil, nil},
		{"map_value(m, p) |- map_value(m, p)", nil, nil},
		{"data_at(p, u32, v) |- true", nil, []Step{&FoldChunk{0, sep.U32}}},
		{"chars(p, 4, l) |- true", nil, []Step{&FoldChunk{0, &sep.PointerType{Elem: sep.U8}}}},
		{"chars(p, 4, l) |- true", nil, []Step{&FoldChunk{0, nil}}},
		{"chars(p, 4, l) |- true", nil, []Step{(*FoldChunk)(nil)}},
	}
	for _, tt := range tests {
		vc := parseVC(t, tt.vc)
		s, err := NewSession(vc, sep.KernelStructs())
		if err != nil {
			t.Fatalf("%s: %v", tt.vc, err)
		}
		var ws []sep.Term
		for _, w := range tt.ws {
			ws = append(ws, mustTerm(t, w))
		}
		err = s.SetWitnesses(ws)
		for _, st := range tt.steps {
			if err != nil {
				break
			}
			err = s.Apply(st)
		}
		if err == nil {
			err = s.Finish()
		}
		if err == nil {
			t.Errorf("%s with %v: accepted", tt.vc, tt.steps)
		}
	}
}

// TestObligations checks the side obligations of the spatial steps.
func TestObligations(t *testing.T) {
	tests := []struct {
		vc    string
		steps []Step
		want  []string
	}{
		{"chars(p, n, l) |- true", []Step{&SplitChunk{0, mustTerm(t, "i")}}, []string{"0 <= i", "i <= n"}},
		{"store_chars(p, q) |- true", []Step{&SplitChunk{0, mustTerm(t, "14")}}, []string{"14 <= q - p"}},
		{"chars(p, n, l) * chars(q, m, k) |- true", []Step{&JoinChunks{0, 1}}, []string{"q == p + n"}},
		{"array(p, u32, n, l) * array(q, u32, m, k) |- true", []Step{&JoinChunks{0, 1}}, []string{"q == p + n * 4"}},
		{"store_chars(p, q) * store_chars(r, s) |- true", []Step{&JoinChunks{0, 1}}, []string{"r == q"}},
		{"chars(p, n, l) |- chars(q, n, l ++ [])", []Step{&MatchChunk{0, 0}},
			[]string{"p == q", "len(l) == len(l ++ [])", "0 <= k_2 && k_2 < len(l) => l[k_2] == (l ++ [])[k_2]"}},
		{"true |- forall k, k < 3 => k < 4", nil, []string{"k_1 < 3 => k_1 < 4"}},
		{"chars(p, n, l) |- true", []Step{&FoldChunk{0, sep.U32}}, []string{"n == 4"}},
		{"true |- x > 0 => (x > 1 || y == 2) && forall k, k < x => k < y", nil,
			[]string{"x > 0 => x > 1 || y == 2", "x > 0 => k_1 < x => k_1 < y"}},
		{"true |- k > 0 => forall k, k < 3", nil, []string{"k > 0 => k_1 < 3"}},
	}
	for _, tt := range tests {
		s, err := NewSession(parseVC(t, tt.vc), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetWitnesses(nil); err != nil {
			t.Fatal(err)
		}
		for _, st := range tt.steps {
			if err := s.Apply(st); err != nil {
				t.Fatalf("%s: %v", tt.vc, err)
			}
		}
		for _, c := range s.Chunks() {
			if c != nil {
				continue
			}
		}
		s.matched = make([]bool, len(s.matched))
		for i := range s.matched {
			s.matched[i] = true
		}
		if err := s.Finish(); err != nil {
			t.Fatalf("%s: %v", tt.vc, err)
		}
		var got []string
		for _, ob := range s.Obligations() {
			got = append(got, ob.Formula.String())
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s: obligations %q, want %q", tt.vc, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: obligation %d is %q, want %q", tt.vc, i, got[i], tt.want[i])
			}
		}
	}
}

// TestConstHolds checks the constant comparisons the kernel decides
// without arithmetic proof.
func TestConstHolds(t *testing.T) {
	ops := map[sep.CmpOp]func(int) bool{
		sep.Eq: func(s int) bool { return s == 0 }, sep.Ne: func(s int) bool { return s != 0 },
		sep.Lt: func(s int) bool { return s < 0 }, sep.Le: func(s int) bool { return s <= 0 },
		sep.Gt: func(s int) bool { return s > 0 }, sep.Ge: func(s int) bool { return s >= 0 },
	}
	for op, want := range ops {
		for _, sign := range []int{-1, 0, 1} {
			if constHolds(op, sign) != want(sign) {
				t.Errorf("constHolds(%v, %d) = %v", op, sign, !want(sign))
			}
		}
	}
	if constHolds(sep.CmpOp(99), 0) {
		t.Errorf("unknown operator holds")
	}
}

// TestLinMerge compares the linearizer's merge arithmetic with Lin's own.
func TestLinMerge(t *testing.T) {
	forms := []Lin{
		{}, Const(3), Var(1), Var(2).Scale(big.NewInt(-2)).AddConst(5),
		Var(1).Add(Var(3)).Sub(Var(2)), Var(1).Scale(big.NewInt(-1)), Var(3).Scale(big.NewInt(7)).AddConst(-4),
	}
	for _, x := range forms {
		for _, y := range forms {
			if got, want := linMerge(x, y, false), x.Add(y); !got.Equal(want) || !canonical(got) {
				t.Errorf("%v + %v = %v, want %v", x, y, got, want)
			}
			if got, want := linMerge(x, y, true), x.Sub(y); !got.Equal(want) || !canonical(got) {
				t.Errorf("%v - %v = %v, want %v", x, y, got, want)
			}
		}
		for _, k := range []int64{-3, -1, 0, 1, 2} {
			if got, want := linScale(x, big.NewInt(k)), x.Scale(big.NewInt(k)); !got.Equal(want) || !canonical(got) {
				t.Errorf("%d * %v = %v, want %v", k, x, got, want)
			}
		}
		if got, want := linAddConst(x, -2), x.AddConst(-2); !got.Equal(want) {
			t.Errorf("%v - 2 = %v, want %v", x, got, want)
		}
	}
}

func canonical(l Lin) bool {
	for i, t := range l.terms {
		if t.Coef.Sign() == 0 || (i > 0 && l.terms[i-1].Atom >= t.Atom) {
			return false
		}
	}
	return true
}

// TestSkolemFresh checks that the constant for a goal's forall avoids the
// names of the witnesses, so a witness cannot capture it.
func TestSkolemFresh(t *testing.T) {
	s, err := NewSession(parseVC(t, "true |- exists w, forall k, k == w"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetWitnesses([]sep.Term{sep.NewVar("k_1")}); err != nil {
		t.Fatal(err)
	}
	if err := s.Finish(); err != nil {
		t.Fatal(err)
	}
	obs := s.Obligations()
	if len(obs) != 1 || obs[0].Formula.String() != "k_2 == k_1" {
		t.Fatalf("obligations %v, want k_2 == k_1", obs)
	}
	// The same holds for a Hyp existential that clashes with a goal name.
	s, err = NewSession(parseVC(t, "exists x, x == 1 |- x == 1"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Facts()[0].String(); got != "x_1 == 1" {
		t.Errorf("hypothesis fact %s, want x_1 == 1", got)
	}
}
