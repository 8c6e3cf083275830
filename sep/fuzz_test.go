package sep

import (
	"strings"
	"testing"
)

var fuzzSeeds = []string{
	"0 < cap && chars(s, cap, l)",
	"0 <= __return && __return < cap && chars(s, cap, l)",
	"n > 0 && chars(p, n, l) * chars(q, n, m)",
	"forall k, 0 <= k && k < i => -1 <= l[k] && l[k] < k",
	"exists l, chars(p, n, l) && x@pre == -5",
	"x == y * chars(p, n, l) ** a * b < c",
	"*(u32 *)(p + 4) == (unsigned char) x && store_iphdr(h)",
	"data_at(R10 - 8, u64, v) * undef_array(R1, s32, 4)",
	"sizeof(struct iphdr) == 20 && offsetof(struct ethhdr, h_proto) == 12",
	"l[i := 3] == l[0:i] ++ [3] ++ l[i+1:len(l)] && repeat(0, 4) == [0, 0, 0, 0]",
	"value_size(inner(m)) == 8 => map_value(m, p) || !ctx(c)",
	"&s.f == p->g && ~x & 0xff == 'a' && -(5) == -5",
	"((x == 1)) || (a + b) * c == d",
	"emp * true && false => !emp",
}

// FuzzParse checks that the parser never panics and that whatever parses
// prints to text that parses to the same AST, and that the rest of the
// package copes with it.
func FuzzParse(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, i%2 == 0)
	}
	env := KernelStructs()
	f.Fuzz(func(t *testing.T, src string, bytecode bool) {
		cfg := &Config{Types: env}
		if bytecode {
			cfg.Mode = ModeBytecode
		}
		x, err := ParseFormula(src, cfg)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		out := x.String()
		y, err := ParseFormula(out, cfg)
		if err != nil {
			t.Fatalf("ParseFormula(%q) = %q, which does not parse: %v", src, out, err)
		}
		if !Equal(x, y) {
			t.Fatalf("ParseFormula(%q) = %q, which parses as %s", src, out, paren(y))
		}
		if y.String() != out {
			t.Fatalf("printing is not stable: %q then %q", out, y.String())
		}
		// The other operations must not panic.
		fv := FreeVars(x)
		_ = Check(x, func(string) bool { return true })
		if n, err := Normalize(x); err == nil {
			if _, err := Normalize(n.Formula()); err != nil {
				t.Fatalf("Normalize(%q) = %s, which does not normalize: %v", src, n, err)
			}
		}
		s := map[string]Term{}
		for _, k := range fv {
			s[k] = NewVar("v_" + strings.ReplaceAll(k, "@", "_"))
		}
		z := Subst(x, s)
		if _, err := ParseFormula(z.String(), cfg); err != nil {
			t.Fatalf("Subst result %q does not parse: %v", z, err)
		}
		vars := map[string]Value{}
		for _, k := range fv {
			vars[k] = IntValue(3)
		}
		_, _ = EvalFormula(x, &Env{Vars: vars, Types: env})
	})
}

// FuzzParseAnnotation checks that annotation parsing never panics and that
// the clauses of whatever parses print and parse back unchanged.
func FuzzParseAnnotation(f *testing.F) {
	f.Add("With l\n Require 0 < cap && chars(s, cap, l)\n Ensure 0 <= __return && __return < cap")
	f.Add("Inv: 0 <= i && i < cap && chars(s, cap, l) Variant cap - i")
	f.Add("Assert exists v, data_at(p, u32, v)")
	f.Add("Require x > 0 Require y > 0")
	f.Fuzz(func(t *testing.T, src string) {
		a, err := ParseAnnotation(src, nil)
		if err != nil {
			return
		}
		for _, part := range []Node{a.Require, a.Ensure, a.Inv, a.Assert} {
			f, ok := part.(Formula)
			if !ok || f == nil {
				continue
			}
			g, err := ParseFormula(f.String(), nil)
			if err != nil || !Equal(f, g) {
				t.Fatalf("clause %q of %q does not round-trip: %v", f, src, err)
			}
		}
		if a.Variant != nil {
			v, err := ParseTerm(a.Variant.String(), nil)
			if err != nil || !Equal(a.Variant, v) {
				t.Fatalf("variant %q of %q does not round-trip: %v", a.Variant, src, err)
			}
		}
	})
}
