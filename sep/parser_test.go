package sep

import (
	"strings"
	"testing"
)

// paren prints n with every compound node parenthesised, to show the parse.
func paren(n Node) string {
	switch n := n.(type) {
	case *Binary:
		return "(" + paren(n.X) + " " + n.Op.String() + " " + paren(n.Y) + ")"
	case *Concat:
		return "(" + paren(n.X) + " ++ " + paren(n.Y) + ")"
	case *Unary:
		return "(" + n.Op.String() + paren(n.X) + ")"
	case *Deref:
		return "(*" + paren(n.X) + ")"
	case *AddrOf:
		return "(&" + paren(n.X) + ")"
	case *Cast:
		return "((" + n.Type.String() + ") " + paren(n.X) + ")"
	case *Field:
		op := "."
		if n.Arrow {
			op = "->"
		}
		return "(" + paren(n.X) + op + n.Name + ")"
	case *Index:
		return "(" + paren(n.X) + "[" + paren(n.I) + "])"
	case *Slice:
		return "(" + paren(n.X) + "[" + paren(n.Lo) + ":" + paren(n.Hi) + "])"
	case *Update:
		return "(" + paren(n.X) + "[" + paren(n.I) + " := " + paren(n.V) + "])"
	case *Cmp:
		return "(" + paren(n.X) + " " + n.Op.String() + " " + paren(n.Y) + ")"
	case *Not:
		return "(!" + paren(n.X) + ")"
	case *And:
		return "(" + paren(n.X) + " && " + paren(n.Y) + ")"
	case *Or:
		return "(" + paren(n.X) + " || " + paren(n.Y) + ")"
	case *Implies:
		return "(" + paren(n.X) + " => " + paren(n.Y) + ")"
	case *Sep:
		return "(" + paren(n.X) + " * " + paren(n.Y) + ")"
	case *Exists:
		return "(exists" + idents(n.Vars) + ", " + paren(n.Body) + ")"
	case *Forall:
		return "(forall" + idents(n.Vars) + ", " + paren(n.Body) + ")"
	case *Pred:
		args := make([]string, 0, len(n.Args)+1)
		for i, a := range n.Args {
			args = append(args, paren(a))
			if i == 0 && n.Type != nil {
				args = append(args, n.Type.String())
			}
		}
		return n.Name + "(" + strings.Join(args, ", ") + ")"
	}
	return n.String()
}

func idents(vs []Ident) string {
	s := ""
	for _, v := range vs {
		s += " " + v.Name
	}
	return s
}

func TestPrecedence(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		// Quantifiers extend as far right as possible.
		{"forall k, 0 <= k && k < i => -1 <= l[k] && l[k] < k",
			"(forall k, (((0 <= k) && (k < i)) => ((-1 <= (l[k])) && ((l[k]) < k))))"},
		{"exists x y, P == 1 || Q == 2", "(exists x y, ((P == 1) || (Q == 2)))"},
		{"a == 1 && exists x, x == a || x == 2", "((a == 1) && (exists x, ((x == a) || (x == 2))))"},
		{"(exists x, x == 1) && b == 2", "((exists x, (x == 1)) && (b == 2))"},
		// => is right-associative and loosest after quantifiers.
		{"a == 1 => b == 2 => c == 3", "((a == 1) => ((b == 2) => (c == 3)))"},
		{"a == 1 || b == 2 => c == 3 && d == 4", "(((a == 1) || (b == 2)) => ((c == 3) && (d == 4)))"},
		// || looser than &&, && looser than *, * looser than !.
		{"a == 1 || b == 2 && c == 3", "((a == 1) || ((b == 2) && (c == 3)))"},
		{"n > 0 && chars(p, n, l) * chars(q, n, m)", "((n > 0) && (chars(p, n, l) * chars(q, n, m)))"},
		{"!a == 1 * emp", "((!(a == 1)) * emp)"},
		{"!a == 1 && b == 2", "((!(a == 1)) && (b == 2))"},
		{"a == 1 && b == 2 && c == 3", "(((a == 1) && (b == 2)) && (c == 3))"},
		// '*' inside a term is multiplication, between formulas separation.
		{"a * b < c", "((a * b) < c)"},
		{"x == y * chars(p, n, l)", "((x == y) * chars(p, n, l))"},
		{"x == y * z + 1", "(x == ((y * z) + 1))"},
		{"x == y ** z == w", "((x == y) * (z == w))"},
		{"x == y * (a == b && c == d)", "((x == y) * ((a == b) && (c == d)))"},
		{"x == y * (z + 1)", "(x == (y * (z + 1)))"},
		{"x == y * !z == w", "((x == y) * (!(z == w)))"},
		{"x == y * *p", "(x == (y * (*p)))"},
		{"chars(p, n, l) * x == 1", "(chars(p, n, l) * (x == 1))"},
		{"emp * true * false", "((emp * true) * false)"},
		// Terms follow C.
		{"a + b * c == a | b ^ c & d << e", "((a + (b * c)) == (a | (b ^ (c & (d << e)))))"},
		{"a - b - c == a / b % c", "(((a - b) - c) == ((a / b) % c))"},
		{"-a[1] == *p->f", "((-(a[1])) == (*(p->f)))"},
		{"-5 == -(5)", "(-5 == (-5))"},
		{"&s.f == &a[i]", "((&(s.f)) == (&(a[i])))"},
		{"*(u32 *)(p + 4) == (u8) x + 1", "((*((u32 *) (p + 4))) == (((u8) x) + 1))"},
		{"(unsigned long) x == (struct iphdr *) p", "(((u64) x) == ((struct iphdr *) p))"},
		{"(a + b) * c == d", "(((a + b) * c) == d)"},
		{"l1 ++ l2 ++ [1, x] == l[0:i] ++ l[i := 3]", "(((l1 ++ l2) ++ [1, x]) == ((l[0:i]) ++ (l[i := 3])))"},
		{"len(l) + 1 == repeat(0, n)[2]", "((len(l) + 1) == (repeat(0, n)[2]))"},
		{"x@pre + 1 == __return", "((x@pre + 1) == __return)"},
		{"value_size(inner(m)) <= key_size(m) + max_entries(m)", "(value_size(inner(m)) <= (key_size(m) + max_entries(m)))"},
		{"sizeof(struct iphdr) == offsetof(struct iphdr, daddr) + 4", "(sizeof(struct iphdr) == (offsetof(struct iphdr, daddr) + 4))"},
		{"~x & 0xff == 'a'", "(((~x) & 255) == 97)"},
		{"a & b == c", "((a & b) == c)"},
	}
	cfg := &Config{Types: KernelStructs()}
	for _, tt := range tests {
		f, err := ParseFormula(tt.src, cfg)
		if err != nil {
			t.Errorf("ParseFormula(%q): %v", tt.src, err)
			continue
		}
		if got := paren(f); got != tt.want {
			t.Errorf("ParseFormula(%q)\n got  %s\n want %s", tt.src, got, tt.want)
		}
	}
}

func TestParseTypes(t *testing.T) {
	tests := []struct{ src, want string }{
		{"__u32", "u32"},
		{"unsigned char", "u8"},
		{"char", "s8"},
		{"signed char", "s8"},
		{"short", "s16"},
		{"unsigned short int", "u16"},
		{"int", "s32"},
		{"unsigned", "u32"},
		{"long", "s64"},
		{"unsigned long long", "u64"},
		{"long long int", "s64"},
		{"__s64", "s64"},
		{"_Bool", "bool"},
		{"bool", "bool"},
		{"void *", "void *"},
		{"const char *", "s8 *"},
		{"struct iphdr *", "struct iphdr *"},
		{"u8 **", "u8 **"},
		{"u8 [6]", "u8 [6]"},
		{"__be16", "u16"},
	}
	for _, tt := range tests {
		ty, err := ParseType(tt.src, nil)
		if err != nil {
			t.Errorf("ParseType(%q): %v", tt.src, err)
			continue
		}
		if ty.String() != tt.want {
			t.Errorf("ParseType(%q) = %s, want %s", tt.src, ty, tt.want)
		}
	}
	for _, bad := range []string{"long char", "unsigned signed", "short long", "int int", "struct", "char int", "void int", "u32 int"} {
		if ty, err := ParseType(bad, nil); err == nil {
			t.Errorf("ParseType(%q) = %s, want error", bad, ty)
		}
	}
}

func TestRegisters(t *testing.T) {
	f, err := ParseFormula("data_at(R10 - 8, u64, v) && R1@pre == R2", &Config{Mode: ModeBytecode})
	if err != nil {
		t.Fatal(err)
	}
	var regs []int
	Walk(f, func(n Node) bool {
		if r, ok := n.(*Reg); ok {
			regs = append(regs, r.N)
		}
		return true
	})
	if len(regs) != 3 || regs[0] != 10 || regs[1] != 1 || regs[2] != 2 {
		t.Errorf("registers = %v, want [10 1 2]", regs)
	}
	// At C level R1 is an ordinary name; R11 is never a register.
	for _, c := range []struct {
		src  string
		mode Mode
	}{{"R1 == 0", ModeC}, {"R11 == 0", ModeBytecode}, {"R01 == 0", ModeBytecode}} {
		f, err := ParseFormula(c.src, &Config{Mode: c.mode})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := f.(*Cmp).X.(*Var); !ok {
			t.Errorf("%q in mode %d: %T, want *Var", c.src, c.mode, f.(*Cmp).X)
		}
	}
}

func TestStartPos(t *testing.T) {
	_, err := ParseFormula("x == 1 &&\n  chars(p, n l)", &Config{Start: Pos{10, 7}})
	if err == nil || err.Error() != "11:14: expected ',' after argument 2 of chars, found 'l'" {
		t.Errorf("err = %v", err)
	}
	f, err := ParseFormula("a == b", &Config{Start: Pos{3, 5}})
	if err != nil || f.Pos() != (Pos{3, 7}) || f.(*Cmp).Y.Pos() != (Pos{3, 10}) {
		t.Errorf("positions: %v %v", f, err)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"chars(p, n, l", "1:14: expected ')' after arguments of chars, found end of annotation"},
		{"0 < n && chars(p, n, l, m)", "1:23: chars takes 3 arguments (p, n, l), found more"},
		{"chars(p, n)", "1:11: chars takes 3 arguments (p, n, l), found 2"},
		{"array(p, 4, n, l)", "1:10: expected a type as argument 2 of array, found integer 4"},
		{"data_at(p, void, v)", "1:12: void is not a type as argument 2 of data_at"},
		{"0 < a < b", "1:7: comparisons do not chain: write a < b && b < c"},
		{"x", "1:2: expected a comparison (==, !=, <, <=, >, >=) after the term x, found end of annotation"},
		{"x + == 1", "1:5: expected a term, found '=='"},
		{"x == 1 &&", "1:10: expected a term, found end of annotation"},
		{"(x == 1", "1:8: expected ')' to close '(' at 1:1, found end of annotation"},
		{"x == (1 + 2", "1:12: expected ')' to close '(' at 1:6, found end of annotation"},
		{"foo(x) == 1", "1:1: unknown function foo"},
		{"x == chars(p, n, l)", "1:6: predicate chars used as a term"},
		{"store_foo(p)", "1:1: unknown predicate store_foo: struct foo is not defined"},
		{"exists , x == 1", "1:8: expected a variable after exists, found ','"},
		{"exists x x == 1", "1:12: expected ',' after the variables of exists, found '=='"},
		{"forall int, x == 1", "1:8: keyword int cannot be a bound variable"},
		{"forall u32, x == 1", "1:8: type name u32 cannot be a bound variable"},
		{"x@post == 1", "1:3: expected 'pre' after '@', found 'post'"},
		{"__return@pre == 1", "1:1: __return has no value at entry"},
		{"&x@pre == p", "1:2: cannot take the address of x@pre"},
		{"&(a + b) == p", "1:5: cannot take the address of a + b"},
		{"sizeof(struct foo) == 1", "1:8: sizeof(struct foo): struct foo is not defined"},
		{"offsetof(struct iphdr, nope) == 1", "1:24: offsetof(struct iphdr, nope): struct iphdr has no field nope"},
		{"offsetof(struct iphdr, ihl) == 0", "1:24: offsetof(struct iphdr, ihl): field ihl of struct iphdr is a bit-field"},
		{"l[1 2] == x", "1:5: expected ']', ':' or ':=' after index, found integer 2"},
		{"x == 0x", "1:6: invalid integer literal 0x"},
		{"x == 12ab", "1:6: invalid integer literal 12ab"},
		{"x == 1 $", "1:8: unexpected character '$'"},
		{"x == 1 )", "1:8: unexpected ')' after assertion"},
		{"p->1 == x", "1:4: expected a field name after '->', found integer 1"},
		{"true == 1", "1:6: unexpected '==' after assertion"},
		{"x == true", "1:6: expected a term, found keyword true"},
		{"a ** b < c", "1:3: expected a comparison (==, !=, <, <=, >, >=) after the term a, found '**'"},
		{"(u32) == 1", "1:7: expected a term, found '=='"},
		{"x == 'ab'", "1:6: invalid character literal"},
		{"len(l, 2) == 1", "1:6: len takes 1 argument(s), found more"},
		{"repeat(0) == l", "1:9: repeat takes 2 arguments, found 1"},
		{"(u8 [x]) p == 1", "1:6: expected an array length after '[', found 'x'"},
		{"&R1 == x", "1:2: cannot take the address of register R1"},
		{strings.Repeat("(", 1000) + "x == 1" + strings.Repeat(")", 1000), "annotation nested too deeply"},
	}
	cfg := &Config{Types: KernelStructs()}
	for _, tt := range tests {
		c := cfg
		if strings.Contains(tt.src, "R1") {
			c = &Config{Mode: ModeBytecode}
		}
		f, err := ParseFormula(tt.src, c)
		if err == nil {
			t.Errorf("ParseFormula(%q) = %s, want error %q", tt.src, f, tt.want)
			continue
		}
		if !strings.HasSuffix(err.Error(), tt.want) {
			t.Errorf("ParseFormula(%q)\n got  %v\n want %s", tt.src, err, tt.want)
		}
		if _, ok := err.(*Error); !ok {
			t.Errorf("ParseFormula(%q): error type %T, want *Error", tt.src, err)
		}
	}
}

func TestParseTerm(t *testing.T) {
	x, err := ParseTerm("0xffffffffffffffffffffffff + 0755 + 0b101 + 10ULL + '\\n'", nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := EvalTerm(x, nil)
	if err != nil || v.String() != "79228162514264337593543950853" {
		t.Errorf("value = %v, %v", v, err)
	}
	if _, err := ParseTerm("a == b", nil); err == nil || err.Error() != "1:3: unexpected '==' after term" {
		t.Errorf("ParseTerm(a == b): %v", err)
	}
}
