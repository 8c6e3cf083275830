package sep

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		src, want string
		exists    int
		pure      int
		chunks    int
	}{
		{"n > 0 && chars(p, n, l) * chars(q, n, m)", "n > 0 && chars(p, n, l) * chars(q, n, m)", 0, 1, 2},
		{"exists l, chars(p, n, l) && n > 0", "exists l, n > 0 && chars(p, n, l)", 1, 1, 1},
		// Existentials are hoisted and renamed apart from free variables.
		{"l == [1] && exists l, chars(p, 1, l)", "exists l_1, l == [1] && chars(p, 1, l_1)", 1, 1, 1},
		{"(exists v, data_at(p, u32, v)) * (exists v, data_at(q, u32, v))",
			"exists v v_1, data_at(p, u32, v) * data_at(q, u32, v_1)", 2, 0, 2},
		// Pure facts joined with '*' are pure; emp and true vanish.
		{"x == 1 * emp * true * store_chars(a, b)", "x == 1 && store_chars(a, b)", 0, 1, 1},
		{"emp", "emp", 0, 0, 0},
		{"false", "false", 0, 1, 0},
		// Duplicable facts are pure.
		{"map_value(m, p) && ctx(c) * undef_chars(p, 8)", "map_value(m, p) && ctx(c) && undef_chars(p, 8)", 0, 2, 1},
		// Pure disjunctions, quantifiers and negations stay whole.
		{"(x == 1 || x == 2) && !(y == 0) && (forall k, 0 <= k && k < n => l[k] == 0) * chars(p, n, l)",
			"(x == 1 || x == 2) && !y == 0 && (forall k, 0 <= k && k < n => l[k] == 0) && chars(p, n, l)", 0, 3, 1},
		{"(exists k, k < n) || x == 0", "(exists k, k < n) || x == 0", 0, 1, 0},
		{"store_iphdr(h) * array(p, u16, n, l) * data_at(R, s32, v)", "store_iphdr(h) * array(p, u16, n, l) * data_at(R, s32, v)", 0, 0, 3},
	}
	for _, tt := range tests {
		n, err := Normalize(mustFormula(t, tt.src))
		if err != nil {
			t.Errorf("Normalize(%q): %v", tt.src, err)
			continue
		}
		if got := n.String(); got != tt.want {
			t.Errorf("Normalize(%q)\n got  %s\n want %s", tt.src, got, tt.want)
		}
		if len(n.Exists) != tt.exists || len(n.Pure) != tt.pure || len(n.Chunks) != tt.chunks {
			t.Errorf("Normalize(%q): %d exists, %d pure, %d chunks; want %d, %d, %d",
				tt.src, len(n.Exists), len(n.Pure), len(n.Chunks), tt.exists, tt.pure, tt.chunks)
		}
		// The normal form is a fixed point.
		n2, err := Normalize(n.Formula())
		if err != nil || n2.String() != n.String() {
			t.Errorf("Normalize not idempotent on %q: %v, %v", n, n2, err)
		}
	}
}

func TestNormalizeRejects(t *testing.T) {
	tests := []struct{ src, want string }{
		{"x == 1 || chars(p, n, l)", "1:11: spatial assertion chars(p, n, l) under '||' at 1:8"},
		{"!emp", "1:2: spatial assertion emp under '!' at 1:1"},
		{"x > 0 => data_at(p, u8, 1)", "1:10: spatial assertion data_at(p, u8, 1) under '=>'"},
		{"forall k, 0 <= k => chars(p + k, 1, [0])", "1:21: spatial assertion chars(p + k, 1, [0]) under forall"},
		{"chars(p, n, l) && chars(p, n, m)", "1:16: '&&' between two spatial assertions (chars(p, n, l) and chars(p, n, m)): join disjoint regions with '*'"},
		{"x == 0 && (emp && undef_chars(p, 1))", "1:16: '&&' between two spatial assertions"},
	}
	for _, tt := range tests {
		_, err := Normalize(mustFormula(t, tt.src))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Normalize(%q) = %v, want %s", tt.src, err, tt.want)
		}
	}
}

func TestIsSpatial(t *testing.T) {
	for src, want := range map[string]bool{
		"x == 1":                    false,
		"map_value(m, p) && ctx(c)": false,
		"x == 1 || emp":             true,
		"exists l, chars(p, n, l)":  true,
	} {
		if got := IsSpatial(mustFormula(t, src)); got != want {
			t.Errorf("IsSpatial(%q) = %v", src, got)
		}
	}
}

func TestConjStar(t *testing.T) {
	a, b, c := mustFormula(t, "x == 1"), mustFormula(t, "chars(p, n, l)"), mustFormula(t, "y == 2")
	for _, tt := range []struct {
		f    Formula
		want string
	}{
		{Conj(), "true"}, {Conj(a), "x == 1"}, {Conj(a, c, a), "x == 1 && y == 2 && x == 1"},
		{Star(), "emp"}, {Star(b, b), "chars(p, n, l) * chars(p, n, l)"}, {Star(b, a), "chars(p, n, l) ** x == 1"},
	} {
		if got := tt.f.String(); got != tt.want {
			t.Errorf("got %s, want %s", got, tt.want)
		}
	}
}
