package cparse

import (
	"strings"
	"testing"
)

// snippetHeader is prepended to every snippet; errors are reported with
// line numbers counted from its first line.
const snippetHeader = "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n"

// lowerSnippet parses a snippet and returns the text of its function
// named name.
func lowerSnippet(t *testing.T, src, name string) string {
	t.Helper()
	p, err := Parse("t.c", []byte(snippetHeader+src))
	if err != nil {
		t.Fatalf("Parse: %v\nsource:\n%s", err, src)
	}
	for _, f := range p.Funcs {
		if f.Name == name {
			return f.Body.String()
		}
	}
	t.Fatalf("no function %s", name)
	return ""
}

func TestLowerBodies(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"promotion", `int f(unsigned char a, unsigned char b) { return a + b; }`,
			`{return (+ s32 (cast s32 (load a)) (cast s32 (load b)))}`},
		{"unsigned compare", `int f(unsigned int a, int b) { return a < b; }`,
			`{return (< u32 (load a) (cast u32 (load b)))}`},
		{"signed division", `long f(long a, int b) { return a / b; }`,
			`{return (/ s64 (load a) (cast s64 (load b)))}`},
		{"u32 vs s64", `long f(unsigned int a, long b) { return a % b; }`,
			`{return (% s64 (cast s64 (load a)) (load b))}`},
		{"shift keeps left type", `unsigned long f(unsigned long a, int n) { return a >> n; }`,
			`{return (>> u64 (load a) (cast u64 (load n)))}`},
		{"shift promotes left", `int f(unsigned char a) { return a << 3; }`,
			`{return (<< s32 (cast s32 (load a)) 3:s32)}`},
		{"compound assign", `void f(unsigned char *p) { *p += 300; }`,
			`{(deref u8 (load p)) += (cast u8 (+ s32 (cast s32 old) 300:s32))}`},
		{"increments", `int f(int i) { int j = i++; ++i; i--; return j; }`,
			`{decl s32 j = (post+= i (+ s32 old 1:s32)); i += (+ s32 old 1:s32); i -= (- s32 old 1:s32); return (load j)}`},
		{"pointer arithmetic", `int f(int *p, long n) { return *(p + n) + p[2]; }`,
			`{return (+ s32 (load (deref s32 (ptr+ *4 (load p) (load n)))) (load (deref s32 (ptr+ *4 (load p) 2:s64))))}`},
		{"pointer difference", `long f(short *p, short *q) { return q - p; }`,
			`{return (ptrdiff *2 (load q) (load p))}`},
		{"void pointer arithmetic", `void *f(void *p, unsigned int n) { return p + n; }`,
			`{return (ptr+ *1 (load p) (cast u64 (load n)))}`},
		{"pointer increment", `void f(int *p) { p++; p -= 2; }`,
			`{p += (ptr+ *4 old 1:s64); p -= (ptr- *4 old 2:s64)}`},
		{"array index and address taken", `int f(int i) { int a[4] = {1, 2}; int x; int *q = &x; *q = a[i]; return x; }`,
			`{decl s32 [4] a = {0: 1:s32, 4: 2:s32}; decl &s32 x; decl s32 * q = (addr x); (deref s32 (load q)) = (load (index a (cast s64 (load i)) *4)); return (load x)}`},
		{"struct fields", `struct s { char c; int x; struct { short a, b; } in; };
int f(struct s *p) { struct s v; v.in.b = 1; return p->x + v.in.b; }`,
			`{decl struct s v; (field (field v .in@8) .b@2) = 1:s16; return (+ s32 (load (field (deref struct s (load p)) .x@4)) (cast s32 (load (field (field v .in@8) .b@2))))}`},
		{"bit-fields", `struct b { unsigned int lo:3, hi:5; unsigned char c; };
int f(struct b *p) { p->hi = 7; return p->lo; }`,
			`{(field (deref struct b (load p)) .hi@0:3:5) = 7:u32; return (cast s32 (load (field (deref struct b (load p)) .lo@0:0:3)))}`},
		{"logical and conditional", `int f(int a, int *p) { return a && p ? a : -a; }`,
			`{return (? (&& (load a) (load p)) (load a) (neg s32 (load a)))}`},
		{"not and complement", `unsigned int f(unsigned int a) { return !a + ~a; }`,
			`{return (+ u32 (cast u32 (not (load a))) (cpl u32 (load a)))}`},
		{"null comparison", `int f(int *p) { return p != 0; }`,
			`{return (!= s32 * (load p) (cast s32 * 0:s32))}`},
		{"comma and constant folding", `int f(int a) { a = 1, a = 2; return sizeof(struct xdp_md) * 2 + (a, 3); }`,
			`{{a = 1:s32; a = 2:s32}; return 51:s32}`},
		{"string and aggregate initialisers", `struct p { int x; char n[4]; };
void f(void) { char s[8] = "hi"; struct p v = { .n = "ab", .x = 3 }; }`,
			`{decl s8 [8] s = {0: "hi\x00"}; decl struct p v = {4: "ab\x00", 0: 3:s32}}`},
		{"loops", `int f(int n) { int s = 0; for (int i = 0; i < n; i++) { if (i == 3) continue; s += i; }
while (s > 10) { s -= 10; if (s == 5) break; } do s++; while (s < 3); for (;;) break; return s; }`,
			`{decl s32 s = 0:s32; for (decl s32 i = 0:s32; (< s32 (load i) (load n)); i += (+ s32 old 1:s32)) {if (== s32 (load i) 3:s32) continue; s += (+ s32 old (load i))}; while (> s32 (load s) 10:s32) {s -= (- s32 old 10:s32); if (== s32 (load s) 5:s32) break}; do s += (+ s32 old 1:s32) while (< s32 (load s) 3:s32); for (; ; ) break; return (load s)}`},
		{"switch", `int f(int x) { int r = 0; switch (x) { case 1: case 2: r = 1; break; default: r = 2; case 3: r++; } return r; }`,
			`{decl s32 r = 0:s32; switch (load x) {case 1: case 2: r = 1:s32; break; default: r = 2:s32; case 3: r += (+ s32 old 1:s32); }; return (load r)}`},
		{"helpers and maps", `struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u64); } m SEC(".maps");
SEC("xdp") int f(struct xdp_md *ctx) { __u32 k = 0; __u64 *v = bpf_map_lookup_elem(&m, &k); if (v) __sync_fetch_and_add(v, 1); return XDP_PASS; }`,
			`{decl &u32 k = 0:u32; decl u64 * v = (cast u64 * (helper 1 bpf_map_lookup_elem (cast void * (map m)) (cast void * (addr k)))); if (load v) (builtin __sync_fetch_and_add (load v) 1:u64); return 2:s32}`},
		{"builtins", `void f(char *d, char *s, unsigned int x) { __builtin_memcpy(d, s, 4); __builtin_memset(d, 0, 2); x = __builtin_bswap32(x); }`,
			`{(builtin __builtin_memcpy (cast void * (load d)) (cast void * (load s)) 4:u64); (builtin __builtin_memset (cast void * (load d)) 0:s32 2:u64); x = (builtin __builtin_bswap32 (load x))}`},
		{"subprogram call", `static __noinline int g(int x) { return x; } int f(void) { return g(2); }`,
			`{return (call g 2:s32)}`},
		{"struct copy", `struct s { int x; }; int f(struct s *p) { struct s v = *p; struct s w; w = v; return w.x; }`,
			`{decl struct s v = (load (deref struct s (load p))); decl struct s w; w = (load v); return (load (field w .x@0))}`},
		{"two-dimensional array", `int f(int a) { int x[2][3] = {{1, 2, 3}, {4, 5, 6}}; return x[1][a]; }`,
			`{decl s32 [2][3] x = {0: 1:s32, 4: 2:s32, 8: 3:s32, 12: 4:s32, 16: 5:s32, 20: 6:s32}; return (load (index (index x 1:s64 *12) (cast s64 (load a)) *4))}`},
		{"comma in for and bool", `int f(int a) { int i, j; _Bool b = a; for (i = 0, j = 1; i < a; i++, j *= 2) ; return j + b; }`,
			`{decl s32 i; decl s32 j; decl bool b = (cast bool (load a)); for ({i = 0:s32; j = 1:s32}; (< s32 (load i) (load a)); {i += (+ s32 old 1:s32); j *= (* s32 old 2:s32)}) {}; return (+ s32 (load j) (cast s32 (load b)))}`},
		{"shadowing", `int f(int a) { if (a) { int a = 2; return a; } return a; }`,
			`{if (load a) {decl s32 a = 2:s32; return (load a)}; return (load a)}`},
		{"casts", `long f(int *p, char c) { unsigned short u = c; return (long)p + (unsigned char)c + u; }`,
			`{decl u16 u = (cast u16 (load c)); return (+ s64 (+ s64 (cast s64 (load p)) (cast s64 (cast u8 (load c)))) (cast s64 (load u)))}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lowerSnippet(t, tt.src, "f"); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestLowerErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"goto", `int f(int a) {
	if (a) goto out;
	return 1;
out:
	return 0;
}`, "t.c:4:9: goto is not supported"},
		{"undeclared function", `int f(int a) {
	return undeclared_fn(a);
}`, "t.c:4:9: call to undeclared function undeclared_fn"},
		{"undefined function", `extern int ext(int);
int f(int a) { return ext(a); }`, "t.c:4:23: call to undefined function ext: it is neither defined in this program nor a BPF helper"},
		{"inline asm", `int f(int a) {
	asm volatile("r0 = 0");
	return a;
}`, "t.c:4:2: inline assembly is not supported"},
		{"variable-length array", `int f(int n) {
	char buf[n];
	return buf[0];
}`, "t.c:4:7: variable-length arrays are not supported"},
		{"float", `int f(int n) {
	float x = n;
	return x;
}`, "t.c:4:8: floating-point types are not supported (eBPF has no floating point)"},
		{"float constant", `int f(int n) { return n * 1.5; }`, "t.c:3:27: floating-point constants are not supported (eBPF has no floating point)"},
		{"string in code", `int f(char *p) { p = "x"; return 0; }`, "t.c:3:22: string literals are supported only as initialisers of char arrays"},
		{"function pointer", `int g(int x) { return x; }
int f(int x) { int (*p)(int) = g; return p(x); }`, "t.c:4:32: function g can only be called"},
		{"unknown section", `SEC("nosuch") int f(void *ctx) { return 0; }`, `t.c:3:19: unknown program type for section "nosuch" of function f`},
		{"cc error rewritten", `int f(void) { return y; }`, "t.c:3:22: undefined: y"},
		{"label", `int f(void) { l: return 0; }`, "t.c:3:15: labels and goto are not supported"},
		{"incomplete member", `struct a { int x; struct nosuch y; }; struct a v;`, "t.c:3:48: member y of struct a has incomplete type struct nosuch"},
		{"cc/v4 panic", `struct b; struct a { struct b x; }; struct b { struct a y; };`, "t.c:1:1: the C front end (modernc.org/cc/v4) failed on this program"},
		{"static local", `int f(void) { static int n; return n; }`, "t.c:3:26: static and extern local variables are not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("t.c", []byte(snippetHeader+tt.src))
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			first := strings.SplitN(err.Error(), "\n", 2)[0]
			if !strings.HasPrefix(first, tt.want) {
				t.Errorf("got  %q\nwant %q", first, tt.want)
			}
			if strings.Contains(err.Error(), ".go:") {
				t.Errorf("error carries a Go origin: %v", err)
			}
		})
	}
}
