package cparse

import (
	"strings"
	"testing"

	"vep/sep"
)

func TestAnnotations(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"contract", `#define N 16
static __noinline int g(char *p, unsigned int n)
/*@ With l
    Require n <= N && chars(p, n, l)
    Ensure  __return < n + 1 && chars(p, n@pre, l) */
{ return 0; }`,
			"noinline s32 g(s8 * p, u32 n)\n/*@ With l Require n <= 16 && chars(p, n, l) Ensure __return < n + 1 && chars(p, n@pre, l) */\n{return 0:s32}"},
		{"invariant and variant", `static int g(unsigned int n)
{
	unsigned int i = 0;
	/*@ Inv i <= n Variant n - i */
	while (i < n)
		i++;
	return i;
}`,
			"s32 g(u32 n)\n{decl u32 i = 0:u32; /*@ Inv i <= n Variant n - i */ while (< u32 (load i) (load n)) i += (+ u32 old 1:u32); return (cast s32 (load i))}"},
		{"Inv: before for with its declaration in scope", `static int g(int n)
{
	int s = 0;
	/*@ Inv: 0 <= k && k <= n */
	for (int k = 0; k < n; k++)
		s++;
	return s;
}`,
			"s32 g(s32 n)\n{decl s32 s = 0:s32; /*@ Inv 0 <= k && k <= n */ for (decl s32 k = 0:s32; (< s32 (load k) (load n)); k += (+ s32 old 1:s32)) s += (+ s32 old 1:s32); return (load s)}"},
		{"do loop", `static int g(int n)
{
	/*@ Inv n >= 0 */
	do n--; while (n > 0);
	return n;
}`,
			"s32 g(s32 n)\n{/*@ Inv n >= 0 */ do n -= (- s32 old 1:s32) while (> s32 (load n) 0:s32); return (load n)}"},
		{"assertions and macros", `#define POS(x) (0 < (x))
#define TWICE(x) POS(x) && POS(x)
static int g(int a)
{
	/*@ TWICE(a) */
	a++;
	/*@ Assert a > XDP_PASS */
	if (a) {
		a--;
		/*@ a >= 0 */
	}
	return a;
}`,
			"s32 g(s32 a)\n{/*@ 0 < a && 0 < a */; a += (+ s32 old 1:s32); /*@ a > 2 */; if (load a) {a -= (- s32 old 1:s32); /*@ a >= 0 */}; return (load a)}"},
		{"program types", `#include <linux/ip.h>
typedef struct { int a; } pair_t;
static int g(struct bpf_sock_ops *skops)
{
	/*@ sizeof(struct iphdr) == 20 && offsetof(struct bpf_sock_ops, reply) == 4 && sizeof(pair_t *) == 8 && (__be16) skops->reply >= 0 */
	return 0;
}`,
			"s32 g(struct bpf_sock_ops * skops)\n{/*@ sizeof(struct iphdr) == 20 && offsetof(struct bpf_sock_ops, reply) == 4 && sizeof(struct pair_t *) == 8 && (u16) skops->reply >= 0 */; return 0:s32}"},
		{"maps are bound", `struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } m SEC(".maps");
static int g(void *v)
/*@ Require map_value(m, v) && 8 <= value_size(m) */
{ return 0; }`,
			"s32 g(void * v)\n/*@ Require map_value(m, v) && 8 <= value_size(m) */\n{return 0:s32}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("t.c", []byte(snippetHeader+tt.src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			var f *Function
			for _, fn := range p.Funcs {
				if fn.Name == "g" {
					f = fn
				}
			}
			if f == nil {
				t.Fatal("no function g")
			}
			if got := f.String(); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestAnnotationErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"syntax error", `int f(int a)
{
	/*@ a < && a > 0 */
	return a;
}`, "t.c:5:10: "},
		{"syntax error after macro", `#define POS(x) (0 < (x))
int f(int a)
{
	/*@ POS(a) && */
	return a;
}`, "t.c:6:"},
		{"unbound name", `int f(int a)
{
	/*@ a < b */
	return a;
}`, "t.c:5:10: unbound name b"},
		{"macro defined later", `int f(int a)
{
	/*@ a < LATER */
	return a;
}
#define LATER 3`, "t.c:5:10: unbound name LATER"},
		{"return outside Ensure", `int f(int a)
/*@ Require __return > 0 */
{
	return a;
}`, "t.c:4:13: __return is only defined in an Ensure clause"},
		{"misplaced in expression", `int f(int a)
{
	return a + /*@ a > 0 */ 1;
}`, "t.c:5:13: misplaced annotation"},
		{"misplaced after if", `int f(int a)
{
	if (a) /*@ a > 0 */ a++;
	return a;
}`, "t.c:5:9: misplaced annotation"},
		{"misplaced at file scope", `/*@ 1 > 0 */
int f(int a) { return a; }`, "t.c:3:1: misplaced annotation"},
		{"Inv not before a loop", `int f(int a)
{
	/*@ Inv a > 0 */
	a++;
	return a;
}`, "t.c:5:2: misplaced loop invariant"},
		{"contract clause order", `int f(int a)
/*@ Ensure __return > 0 Require a > 0 */
{
	return a;
}`, "t.c:4:25: contract clauses must come in the order With, Require, Ensure"},
		{"contract in body", `int f(int a)
{
	/*@ Require a > 0 */
	return a;
}`, "t.c:5:6: misplaced contract"},
		{"unterminated", `int f(int a)
{
	/*@ a > 0
	return a;
}`, "t.c:5:2: unterminated annotation"},
		{"in a directive", `#define P(x) /*@ x > 0 */ x
int f(int a) { return a; }`, "t.c:3:14: annotation inside a preprocessor directive"},
		{"variant names", `int f(int n)
{
	/*@ Inv n >= 0 Variant n + z */
	while (n > 0) n--;
	return n;
}`, "t.c:5:29: unbound name z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("t.c", []byte(snippetHeader+tt.src))
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			first := strings.SplitN(err.Error(), "\n", 2)[0]
			if !strings.HasPrefix(first, tt.want) {
				t.Errorf("got  %q\nwant %q…", first, tt.want)
			}
		})
	}
}

func TestAnnotationText(t *testing.T) {
	src := snippetHeader + `#define LIM(x) ((x) <= 8)
int f(int a)
{
	/*@ LIM(a)
	    && a >= 0 */
	return a;
}
`
	p, err := Parse("t.c", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	as, ok := p.Funcs[0].Body.Stmts[0].(*Assert)
	if !ok {
		t.Fatalf("first statement is %T, want *Assert", p.Funcs[0].Body.Stmts[0])
	}
	if as.Annot.Raw != " LIM(a)\n\t    && a >= 0 " {
		t.Errorf("Raw = %q", as.Annot.Raw)
	}
	if as.Annot.Expanded != " ((a) <= 8)\n\t    && a >= 0" {
		t.Errorf("Expanded = %q", as.Annot.Expanded)
	}
	if got := as.Annot.Pos.String(); got != "t.c:6:2" {
		t.Errorf("Pos = %s", got)
	}
	// "a" of "a >= 0" is on the second line of the annotation.
	if got := as.Annot.FilePos(sepPos(2, 9)).String(); got != "t.c:7:9" {
		t.Errorf("FilePos(2:9) = %s, want t.c:7:9", got)
	}
}

func sepPos(line, col int) sep.Pos { return sep.Pos{Line: line, Col: col} }
