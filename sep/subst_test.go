package sep

import (
	"reflect"
	"strings"
	"testing"
)

func mustFormula(t *testing.T, src string) Formula {
	t.Helper()
	f, err := ParseFormula(src, &Config{Types: KernelStructs()})
	if err != nil {
		t.Fatalf("ParseFormula(%q): %v", src, err)
	}
	return f
}

func mustTerm(t *testing.T, src string) Term {
	t.Helper()
	x, err := ParseTerm(src, nil)
	if err != nil {
		t.Fatalf("ParseTerm(%q): %v", src, err)
	}
	return x
}

func TestFreeVars(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{"x == y + 1", []string{"x", "y"}},
		{"exists l, chars(p, n, l)", []string{"n", "p"}},
		{"forall k, 0 <= k && k < i => l[k] == k@pre", []string{"i", "k@pre", "l"}},
		{"(exists x, x == 1) && x == 2", []string{"x"}},
		{"__return == x@pre && x == 1", []string{"__return", "x", "x@pre"}},
		{"value_size(m) == sizeof(struct iphdr)", []string{"m"}},
		{"true", []string{}},
	}
	for _, tt := range tests {
		if got := FreeVars(mustFormula(t, tt.src)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("FreeVars(%q) = %v, want %v", tt.src, got, tt.want)
		}
	}
	f, _ := ParseFormula("R1 == R10@pre + x", &Config{Mode: ModeBytecode})
	if got := FreeVars(f); !reflect.DeepEqual(got, []string{"R1", "R10@pre", "x"}) {
		t.Errorf("FreeVars(registers) = %v", got)
	}
}

func TestSubst(t *testing.T) {
	tests := []struct {
		src  string
		sub  map[string]string
		want string
	}{
		{"x == y + 1", map[string]string{"x": "a * 2"}, "a * 2 == y + 1"},
		{"x * 3 == y", map[string]string{"x": "a + b"}, "(a + b) * 3 == y"},
		{"x@pre == x", map[string]string{"x": "z"}, "x@pre == z"},
		{"x@pre == x", map[string]string{"x@pre": "z"}, "z == x"},
		// Bound variables are not replaced.
		{"exists x, x == y", map[string]string{"x": "7"}, "exists x, x == y"},
		// Capture avoidance: the binder is renamed.
		{"exists k, l[k] == y", map[string]string{"y": "k + 1"}, "exists k_1, l[k_1] == k + 1"},
		{"forall k, 0 <= k && k < n => l[k] == v", map[string]string{"n": "k", "v": "k_1"},
			"forall k_2, 0 <= k_2 && k_2 < k => l[k_2] == k_1"},
		{"exists a b, a == x && b == y", map[string]string{"x": "b", "y": "a"},
			"exists a_1 b_1, a_1 == b && b_1 == a"},
		// Nested binders: the inner one is renamed too when needed.
		{"exists k, exists k_1, k + k_1 == y", map[string]string{"y": "k"},
			"exists k_2, exists k_1, k_2 + k_1 == k"},
		{"forall k, k == y => (exists j, j == k + y)", map[string]string{"y": "j"},
			"forall k, k == j => (exists j_1, j_1 == k + j)"},
		// A binder that does not capture is left alone.
		{"exists k, l[k] == y", map[string]string{"y": "j"}, "exists k, l[k] == j"},
		{"chars(p, n, l)", map[string]string{"l": "l1 ++ [0]", "p": "q + 4"}, "chars(q + 4, n, l1 ++ [0])"},
	}
	for _, tt := range tests {
		s := map[string]Term{}
		for k, v := range tt.sub {
			s[k] = mustTerm(t, v)
		}
		f := mustFormula(t, tt.src)
		got := Subst(f, s)
		if got.String() != tt.want {
			t.Errorf("Subst(%q, %v) = %s, want %s", tt.src, tt.sub, got, tt.want)
		}
		if f.String() != mustFormula(t, tt.src).String() {
			t.Errorf("Subst modified its input %q", tt.src)
		}
	}
	x := SubstTerm(mustTerm(t, "R1 + 4"), map[string]Term{"R1": NewVar("v")})
	if x.String() != "v + 4" { // R1 is a name at C level
		t.Errorf("C-level R1: %s", x)
	}
	f, _ := ParseFormula("data_at(R10 - 8, u64, R1)", &Config{Mode: ModeBytecode})
	if got := Subst(f, map[string]Term{"R1": mustTerm(t, "v + 1")}).String(); got != "data_at(R10 - 8, u64, v + 1)" {
		t.Errorf("register substitution: %s", got)
	}
}

// TestSubstSemantics checks on random formulas that substitution commutes
// with evaluation: [[f[x := t]]]env == [[f]]env[x := [[t]]env].
func TestSubstSemantics(t *testing.T) {
	srcs := []string{
		"forall k, 0 <= k && k < n => k * k < y",
		"exists k, 0 <= k && k < 5 && k + y == n",
		"exists a, a == y && (forall y, 0 <= y && y < a => y < n)",
	}
	repl := []string{"k", "k + 1", "y", "n - 1", "a"}
	for _, src := range srcs {
		f := mustFormula(t, src)
		for _, r := range repl {
			for _, key := range []string{"y", "n"} {
				rt := mustTerm(t, r)
				for y := int64(0); y < 4; y++ {
					env := &Env{Vars: map[string]Value{"y": IntValue(y), "n": IntValue(3), "k": IntValue(2), "a": IntValue(1)}}
					got, err1 := EvalFormula(Subst(f, map[string]Term{key: rt}), env)
					rv, _ := EvalTerm(rt, env)
					env2 := &Env{Vars: map[string]Value{"y": IntValue(y), "n": IntValue(3), "k": IntValue(2), "a": IntValue(1)}}
					env2.Vars[key] = rv
					want, err2 := EvalFormula(f, env2)
					if err1 != nil || err2 != nil || got != want {
						t.Errorf("%s [%s := %s] at y=%d: %v (%v), want %v (%v)", src, key, r, y, got, err1, want, err2)
					}
				}
			}
		}
	}
}

func TestCheck(t *testing.T) {
	scope := map[string]bool{"s": true, "cap": true, "l": true, "i": true, ReturnName: true}
	inScope := func(n string) bool { return scope[n] }
	tests := []struct {
		src  string
		want string // "" means no error
	}{
		{"0 <= __return && __return < cap && chars(s, cap, l)", ""},
		{"forall k, 0 <= k && k < i => l[k] < k", ""},
		{"exists m, chars(s, cap, m) && cap@pre == cap", ""},
		{"chars(s, n, m)", "1:10: unbound name n (there are no implicit existentials: bind it with With, exists or forall)\n" +
			"1:13: unbound name m (there are no implicit existentials: bind it with With, exists or forall)"},
		{"(exists k, k == 1) && k == 2", "1:23: unbound name k"},
		{"forall k, k@pre == 1", "1:11: k@pre: k is a quantified variable and has no value at entry"},
		{"exists k k, k == 1", "1:10: k is bound twice by the same quantifier"},
	}
	for _, tt := range tests {
		err := Check(mustFormula(t, tt.src), inScope)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("Check(%q) = %v, want nil", tt.src, err)
		case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
			t.Errorf("Check(%q) = %v, want %s", tt.src, err, tt.want)
		}
	}
	if err := Check(mustFormula(t, "__return == 0"), nil); err == nil || !strings.Contains(err.Error(), "only defined in an Ensure") {
		t.Errorf("Check(__return) = %v", err)
	}
	f, _ := ParseFormula("data_at(R10 - 8, u64, R1@pre)", &Config{Mode: ModeBytecode})
	if err := Check(f, nil); err != nil {
		t.Errorf("registers are bound: %v", err)
	}
}
