package sep

import (
	"strings"
	"testing"
)

func testEnv() *Env {
	return &Env{
		Vars: map[string]Value{
			"x": IntValue(5), "x@pre": IntValue(3), "n": IntValue(4), "neg": IntValue(-7),
			"l": ListValue(1, 2, 3, 4), "e": ListValue(), "__return": IntValue(0),
		},
		Maps: map[string]MapDef{
			"outer": {KeySize: 4, ValueSize: 4, MaxEntries: 8, Inner: "tmpl"},
			"tmpl":  {KeySize: 4, ValueSize: 64, MaxEntries: 256},
		},
		Types: KernelStructs(),
	}
}

func TestEvalTerm(t *testing.T) {
	tests := []struct{ src, want string }{
		{"x + x@pre * 2", "11"},
		{"neg / 2", "-3"},  // truncates toward zero, as C
		{"neg % 2", "-1"},  // sign of the dividend, as C
		{"neg >> 1", "-4"}, // arithmetic shift
		{"neg & 0xff", "249"},
		{"~x", "-6"},
		{"1 << 64", "18446744073709551616"}, // mathematical integers
		{"(u8) 300", "44"},
		{"(s8) 200", "-56"},
		{"(unsigned int) -1", "4294967295"},
		{"(int) 4294967295", "-1"},
		{"(bool) neg", "1"},
		{"(u8 *) -1", "18446744073709551615"},
		{"l[2]", "3"},
		{"l[1:3]", "[2, 3]"},
		{"l[0 := 9]", "[9, 2, 3, 4]"},
		{"l ++ [x, -1] ++ e", "[1, 2, 3, 4, 5, -1]"},
		{"len(l[1:n])", "3"},
		{"repeat(0, 3)", "[0, 0, 0]"},
		{"[]", "[]"},
		{"value_size(inner(outer)) + max_entries(outer)", "72"},
		{"key_size(tmpl)", "4"},
		{"sizeof(struct iphdr) + sizeof(u16 [3]) + sizeof(void *)", "34"},
		{"offsetof(struct iphdr, daddr)", "16"},
		{"__return", "0"},
	}
	env := testEnv()
	for _, tt := range tests {
		x, err := ParseTerm(tt.src, &Config{Types: env.Types})
		if err != nil {
			t.Fatalf("ParseTerm(%q): %v", tt.src, err)
		}
		v, err := EvalTerm(x, env)
		if err != nil {
			t.Errorf("EvalTerm(%q): %v", tt.src, err)
			continue
		}
		if v.String() != tt.want {
			t.Errorf("EvalTerm(%q) = %s, want %s", tt.src, v, tt.want)
		}
	}
}

func TestEvalFormula(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"x > 0 && x@pre < x", true},
		{"l == [1, 2, 3, 4] && l != l[0:3]", true},
		{"l[0:2] ++ l[2:4] == l", true},
		{"forall k, 0 <= k && k < len(l) => l[k] == k + 1", true},
		{"forall k, 0 <= k && k < len(l) => l[k] < 4", false},
		{"exists k, 0 <= k && k < n && l[k] == 3", true},
		{"exists k, 0 <= k && k < n && l[k] == 7", false},
		{"forall i j, 0 <= i && i < j && j < n => l[i] < l[j]", true},
		{"forall i, i == 2 => l[i] == 3", true},
		{"x == 0 => 10 / x > 1", true}, // short circuit
		{"x != 0 && 10 / x == 2", true},
		{"x == 5 || 1 / 0 == 0", true},
		{"x == 5 ** l[0] == 1", true}, // P ** Q of pure formulas is P && Q
		{"!(x == 5)", false},
		{"forall k, 0 <= k && k < 0 => false", true},
		{"(forall x, 0 <= x && x < 3 => x < 3) && x == 5", true}, // bound x shadows, then is restored
	}
	env := testEnv()
	for _, tt := range tests {
		b, err := EvalFormula(mustFormula(t, tt.src), env)
		if err != nil {
			t.Errorf("EvalFormula(%q): %v", tt.src, err)
			continue
		}
		if b != tt.want {
			t.Errorf("EvalFormula(%q) = %v, want %v", tt.src, b, tt.want)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"y == 1", "1:1: y has no value"},
		{"x / (n - 4) == 1", "1:3: division by zero in x / (n - 4)"},
		{"l[4] == 1", "1:3: index 4 = 4 out of range [0, 4)"},
		{"l[3:2] == e", "1:2: slice l[3:2] has lower bound 3 above upper bound 2"},
		{"l == 1", "1:3: l == 1 compares a list with an integer"},
		{"l < l", "1:3: lists are only compared with == and !="},
		{"x + l == 1", "1:5: l is a list, not an integer"},
		{"len(x) == 1", "1:5: x is an integer, not a list"},
		{"chars(p, n, l)", "1:1: chars(p, n, l) is a fact about memory"},
		{"emp", "1:1: emp is a fact about memory"},
		{"p->f == 1", "1:2: cannot evaluate the memory access p->f"},
		{"*p == 1", "1:1: cannot evaluate the memory access *p"},
		{"forall k, k >= 0 => l[k] == 1", "1:8: cannot evaluate forall k: its guard gives no lower and upper bound"},
		{"exists k, k == k + 1", "1:8: cannot evaluate exists k"},
		{"forall k, 0 <= k && k < 1 << 20 => k >= 0", "1:8: cannot evaluate quantified k: range [0, 1048575] has more than 65536 values"},
		{"1 << 100000 == 0", "1:3: value of 1 << 100000 exceeds 65536 bits"},
		{"x << -1 == 0", "1:3: negative shift count"},
		{"repeat(0, -1) == e", "1:11: repeat count -1 is not in"},
		{"inner(outer) == 1", "1:1: inner(outer) is a map, not a value"},
		{"value_size(inner(tmpl)) == 1", "1:12: tmpl is not a map of maps"},
		{"value_size(nomap) == 1", "1:12: map nomap is not defined"},
		{"value_size(x + 1) == 1", "1:14: x + 1 is not a map"},
		{"(struct iphdr) x == 1", "1:1: cannot evaluate a cast to struct iphdr"},
	}
	env := testEnv()
	for _, tt := range tests {
		_, err := EvalFormula(mustFormula(t, tt.src), env)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("EvalFormula(%q) = %v, want %s", tt.src, err, tt.want)
		}
	}
}

func TestIntTypeRange(t *testing.T) {
	for _, tt := range []struct {
		ty     *IntType
		lo, hi string
	}{
		{U8, "0", "255"}, {S8, "-128", "127"}, {U32, "0", "4294967295"},
		{S64, "-9223372036854775808", "9223372036854775807"}, {U64, "0", "18446744073709551615"},
	} {
		lo, hi := tt.ty.Range()
		if lo.String() != tt.lo || hi.String() != tt.hi {
			t.Errorf("%s.Range() = [%s, %s]", tt.ty, lo, hi)
		}
	}
}
