package proofs

import (
	"fmt"
	"math/big"
	"testing"

	"vep/sep"
)

// smallLists are all lists of length 0 to 3 over {0, 1, 2}.
func smallLists() []sep.Value {
	out := []sep.Value{sep.ListValue()}
	prev := [][]int64{{}}
	for n := 1; n <= 3; n++ {
		var next [][]int64
		for _, p := range prev {
			for e := int64(0); e <= 2; e++ {
				l := append(append([]int64(nil), p...), e)
				next = append(next, l)
				out = append(out, sep.ListValue(l...))
			}
		}
		prev = next
	}
	return out
}

// validOver checks that every formula holds under every assignment of its
// free names: list names (sort list) range over smallLists, the others over
// ints. With skipUndefined, assignments where evaluation fails are skipped
// (for lemmas whose validity rests on unspecified values being a function
// of the operands); otherwise an evaluation error is a failure.
func validOver(t *testing.T, name string, fs []sep.Formula, lists map[string]bool, ints []int64, skipUndefined bool) {
	t.Helper()
	ls := smallLists()
	for _, f := range fs {
		free := sep.FreeVars(f)
		env := &sep.Env{Vars: map[string]sep.Value{}}
		var rec func(int) bool
		rec = func(i int) bool {
			if i == len(free) {
				ok, err := sep.EvalFormula(f, env)
				if err != nil {
					if skipUndefined {
						return true
					}
					t.Errorf("%s: %v: undefined at %v: %v", name, f, env.Vars, err)
					return false
				}
				if !ok {
					t.Errorf("%s: %v is false at %v", name, f, env.Vars)
					return false
				}
				return true
			}
			if lists[free[i]] {
				for _, l := range ls {
					env.Vars[free[i]] = l
					if !rec(i + 1) {
						return false
					}
				}
				return true
			}
			for _, v := range ints {
				env.Vars[free[i]] = sep.IntValue(v)
				if !rec(i + 1) {
					return false
				}
			}
			return true
		}
		rec(0)
	}
}

func mustTerm(t *testing.T, src string) sep.Term {
	t.Helper()
	x, err := sep.ParseTerm(src, nil)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return x
}

func testLinearizer(lists ...string) *linearizer {
	s := &sorts{m: map[string]sort{}}
	for _, l := range lists {
		s.m[l] = sortList
	}
	return &linearizer{atoms: NewAtomTable(), env: sep.Builtin, sorts: s}
}

// TestLemmaValidity checks every schema by brute force over small domains.
func TestLemmaValidity(t *testing.T) {
	lists := map[string]bool{"a": true, "b": true}
	small := []int64{-1, 0, 1, 2, 3, 4}
	var wide []int64
	for x := int64(-70); x <= 70; x++ {
		wide = append(wide, x)
	}
	tests := []struct {
		schema LemmaSchema
		args   []string
		ints   []int64
		skip   bool
	}{
		{LemmaLen, []string{"a"}, small, false},
		{LemmaLen, []string{"a[i:j]"}, small, false},
		{LemmaLen, []string{"a ++ b"}, small, false},
		{LemmaLen, []string{"a[i := v]"}, small, false},
		{LemmaLen, []string{"repeat(v, n)"}, small, false},
		{LemmaLen, []string{"[v, i, 3]"}, small, false},
		{LemmaElem, []string{"a[i:j]", "k"}, small, false},
		{LemmaElem, []string{"a ++ b", "k"}, small, false},
		{LemmaElem, []string{"a[i := v]", "k"}, small, false},
		{LemmaElem, []string{"repeat(v, n)", "k"}, small, false},
		{LemmaElem, []string{"[v, i, 3]", "k"}, small, false},
		{LemmaCong, []string{"a[i]", "a[j]"}, small, true},
		{LemmaCong, []string{"x & y", "v & w"}, small, true},
		{LemmaCong, []string{"x / y", "v / w"}, small, true},
		{LemmaCong, []string{"(u8) x", "(u8) y"}, wide, true},
		{LemmaAndBounds, []string{"x & 5"}, wide, false},
		{LemmaAndBounds, []string{"255 & x"}, wide, false},
		{LemmaAndBounds, []string{"x & 0"}, wide, false},
		{LemmaShrBounds, []string{"x >> 0"}, wide, false},
		{LemmaShrBounds, []string{"x >> 3"}, wide, false},
		{LemmaShrBounds, []string{"x >> 8"}, wide, false},
		{LemmaRemBounds, []string{"x % 1"}, wide, false},
		{LemmaRemBounds, []string{"x % 7"}, wide, false},
		{LemmaDivBounds, []string{"x / 1"}, wide, false},
		{LemmaDivBounds, []string{"x / 6"}, wide, false},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%v%v", tt.schema, tt.args)
		lz := testLinearizer("a", "b")
		l := Lemma{Schema: tt.schema}
		for _, a := range tt.args {
			l.Args = append(l.Args, mustTerm(t, a))
		}
		fs, err := lemmaFacts(l, lz)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		validOver(t, name, fs, lists, tt.ints, tt.skip)
	}
}

// TestCastLemmas checks the cast lemmas at the boundaries of every type.
func TestCastLemmas(t *testing.T) {
	var xs []*big.Int
	for _, b := range []uint{0, 7, 8, 15, 16, 31, 32, 63, 64, 65} {
		p := new(big.Int).Lsh(big.NewInt(1), b)
		for _, d := range []int64{-1, 0, 1} {
			xs = append(xs, new(big.Int).Add(p, big.NewInt(d)), new(big.Int).Neg(new(big.Int).Add(p, big.NewInt(d))))
		}
	}
	for _, ty := range []string{"u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "bool"} {
		for _, schema := range []LemmaSchema{LemmaCastRange, LemmaCastID} {
			lz := testLinearizer()
			fs, err := lemmaFacts(Lemma{Schema: schema, Args: []sep.Term{mustTerm(t, "("+ty+") x")}}, lz)
			if ty == "bool" && schema == LemmaCastID {
				if err == nil {
					t.Errorf("cast_id applies to a bool cast")
				}
				continue
			}
			if err != nil {
				t.Fatalf("%v (%s): %v", schema, ty, err)
			}
			for _, f := range fs {
				for _, x := range xs {
					env := &sep.Env{Vars: map[string]sep.Value{"x": sep.BigValue(x)}}
					ok, err := sep.EvalFormula(f, env)
					if err != nil || !ok {
						t.Errorf("%v (%s): %v fails at x = %v: %v", schema, ty, f, x, err)
					}
				}
			}
		}
	}
}

// TestLemmaMisuse checks that schemas refuse the terms they do not speak
// about.
func TestLemmaMisuse(t *testing.T) {
	bad := []struct {
		schema LemmaSchema
		args   []string
	}{
		{LemmaLen, []string{"x"}},
		{LemmaElem, []string{"a", "k"}},
		{LemmaElem, []string{"a[i:j]"}},
		{LemmaCong, []string{"a[i]", "b[i]"}},
		{LemmaCong, []string{"x & y", "x | y"}},
		{LemmaCong, []string{"(u8) x", "(u16) x"}},
		{LemmaCastRange, []string{"x"}},
		{LemmaCastID, []string{"(u8 *) x"}},
		{LemmaAndBounds, []string{"x & y"}},
		{LemmaAndBounds, []string{"x & -1"}},
		{LemmaAndBounds, []string{"x | 5"}},
		{LemmaShrBounds, []string{"x >> y"}},
		{LemmaShrBounds, []string{"x >> 5000"}},
		{LemmaRemBounds, []string{"x % 0"}},
		{LemmaRemBounds, []string{"x % -3"}},
		{LemmaRemBounds, []string{"x / 3"}},
		{LemmaDivBounds, []string{"x % 3"}},
		{LemmaDivBounds, []string{"x / y"}},
		{0, []string{"x"}},
		{numLemmas, []string{"x"}},
	}
	for _, tt := range bad {
		lz := testLinearizer("a", "b")
		l := Lemma{Schema: tt.schema}
		for _, a := range tt.args {
			l.Args = append(l.Args, mustTerm(t, a))
		}
		if fs, err := lemmaFacts(l, lz); err == nil {
			t.Errorf("%v%v: accepted, gives %v", tt.schema, tt.args, fs)
		}
	}
}
