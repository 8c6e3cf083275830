package codegen

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cilium/ebpf"

	"vep/cparse"
	"vep/internal/elfwrite"
	"vep/internal/interp"
)

// The differential test compiles pure C functions twice, with codegen
// (run in vep's interpreter) and with the host's gcc, and compares their
// results on the same random inputs. Each function takes four arguments
// that the entry point reads from a tracepoint record of u64s; its result
// is returned as a u64 so that every bit is compared.

// cTypes are the integer types of the generator, with C's rank order.
var cTypes = []ctype{
	{"__u8", 1, false}, {"__s8", 1, true}, {"__u16", 2, false}, {"__s16", 2, true},
	{"__u32", 4, false}, {"__s32", 4, true}, {"__u64", 8, false}, {"__s64", 8, true},
}

type ctype struct {
	name   string
	size   int
	signed bool
}

func promote(t ctype) ctype {
	if t.size < 4 {
		return cTypes[5]
	}
	return t
}

// arith returns the usual arithmetic conversion of a and b.
func arith(a, b ctype) ctype {
	a, b = promote(a), promote(b)
	if a == b {
		return a
	}
	if a.signed == b.signed {
		if a.size > b.size {
			return a
		}
		return b
	}
	u, s := a, b
	if a.signed {
		u, s = b, a
	}
	if u.size >= s.size {
		return u
	}
	return s
}

// exprGen generates random, well-defined C expressions (with -fwrapv).
type exprGen struct {
	r      *rand.Rand
	params []ctype
}

func (g *exprGen) literal() (string, ctype) {
	vals := []string{"0", "1", "2", "3", "7", "100", "255", "-1", "-128", "0x7fffffff", "0xffffffffu", "0x80000000u", "-5", "1000000007", "0x123456789abcdefLL", "(-9223372036854775807LL - 1)"}
	s := vals[g.r.IntN(len(vals))]
	t := cTypes[5]
	switch {
	case strings.HasSuffix(s, "LL") || strings.HasSuffix(s, "LL - 1)"):
		t = cTypes[7]
	case strings.HasSuffix(s, "u"):
		t = cTypes[4]
	}
	return s, t
}

func (g *exprGen) gen(depth int) (string, ctype) {
	if depth == 0 || g.r.IntN(5) == 0 {
		if g.r.IntN(3) == 0 {
			return g.literal()
		}
		i := g.r.IntN(len(g.params))
		return string(rune('a' + i)), g.params[i]
	}
	switch k := g.r.IntN(20); {
	case k < 9:
		x, tx := g.gen(depth - 1)
		y, ty := g.gen(depth - 1)
		ops := []string{"+", "-", "*", "&", "|", "^"}
		return fmt.Sprintf("(%s %s %s)", x, ops[g.r.IntN(len(ops))], y), arith(tx, ty)
	case k < 11:
		x, tx := g.gen(depth - 1)
		y, _ := g.gen(depth - 1)
		pt := promote(tx)
		op := "<<"
		if g.r.IntN(2) == 0 {
			op = ">>"
		}
		return fmt.Sprintf("(%s %s ((%s) & %d))", x, op, y, pt.size*8-1), pt
	case k < 13:
		x, tx := g.gen(depth - 1)
		y, ty := g.gen(depth - 1)
		t := arith(tx, ty)
		op := "/"
		if g.r.IntN(2) == 0 {
			op = "%"
		}
		neg := ""
		if t.signed && g.r.IntN(2) == 0 {
			neg = "-"
		}
		return fmt.Sprintf("((%s)(%s) %s (%s)(%s(((%s) & 0x7f) + 2)))", t.name, x, op, t.name, neg, y), t
	case k < 15:
		x, tx := g.gen(depth - 1)
		y, ty := g.gen(depth - 1)
		ops := []string{"<", "<=", ">", ">=", "==", "!="}
		_ = arith(tx, ty)
		return fmt.Sprintf("(%s %s %s)", x, ops[g.r.IntN(len(ops))], y), cTypes[5]
	case k < 16:
		x, tx := g.gen(depth - 1)
		ops := []string{"-", "~", "!"}
		op := ops[g.r.IntN(len(ops))]
		if op == "!" {
			return fmt.Sprintf("(!%s)", x), cTypes[5]
		}
		return fmt.Sprintf("(%s%s)", op, x), promote(tx)
	case k < 18:
		x, _ := g.gen(depth - 1)
		t := cTypes[g.r.IntN(len(cTypes))]
		return fmt.Sprintf("((%s)%s)", t.name, x), t
	case k < 19:
		c, _ := g.gen(depth - 1)
		x, tx := g.gen(depth - 1)
		y, ty := g.gen(depth - 1)
		return fmt.Sprintf("(%s ? %s : %s)", c, x, y), arith(tx, ty)
	default:
		x, _ := g.gen(depth - 1)
		y, _ := g.gen(depth - 1)
		op := "&&"
		if g.r.IntN(2) == 0 {
			op = "||"
		}
		return fmt.Sprintf("(%s %s %s)", x, op, y), cTypes[5]
	}
}

// handFuncs exercise statements: loops (unrolled and not), arrays and
// structs on the stack, switch, bit-fields, builtins, compound assignment.
var handFuncs = []string{
	`static __u64 f_array(__u32 a, __u32 b, __u64 c, __s64 d) {
	__u32 arr[8];
	__u64 s = 0;
	for (int i = 0; i < 8; i++)
		arr[i] = a * i + b;
	for (int i = 0; i < 8; i++)
		s += arr[i] ^ (c >> i);
	s += arr[b & 7];
	return s;
}`,
	`struct mix { __u8 x; __s16 y; __u32 z; __s64 w; __s8 v[3]; };
static __u64 f_struct(__u64 a, __s64 b, __u32 c, __s8 d) {
	struct mix m = { .x = a, .y = b };
	m.z = c + m.x;
	m.w = b * d;
	m.v[0] = d; m.v[1] = d * 3; m.v[2] = m.v[1] - m.y;
	m.y += m.v[2];
	return m.x + m.y + m.z + m.w + m.v[0] + m.v[1] * 1000 + m.v[2];
}`,
	`static __u64 f_sort(__s32 a, __s32 b, __s32 c, __s32 d) {
	__s32 v[6] = { a, b, c, d, a ^ b, c - d };
	for (int i = 0; i < 6; i++)
		for (int j = 0; j + 1 < 6 - i; j++)
			if (v[j] > v[j + 1]) {
				__s32 t = v[j];
				v[j] = v[j + 1];
				v[j + 1] = t;
			}
	__u64 h = 0;
	for (int i = 0; i < 6; i++)
		h = h * 31 + (__u32)v[i];
	return h;
}`,
	`static __u64 f_while(__u64 a, __u32 b, __u16 c, __u8 d) {
	__u64 x = (a & 0xffff) + 1;
	__u32 n = 0;
	while (x > 1 && n < 40) {
		x = (x >> 1) ^ ((x & 3) << 5);
		n++;
	}
	do {
		b = b * 7 + c;
		d--;
	} while (d > 250);
	return x + (n << 8) + ((__u64)b << 32) + d;
}`,
	`static __u64 f_switch(__u32 a, __s32 b, __u64 c, __s8 d) {
	__s64 r = 0;
	switch (a & 7) {
	case 0:
		r = b;
		break;
	case 1:
	case 2:
		r = b * 2;
	case 3:
		r += d;
		break;
	case 5:
		r = -c;
		break;
	default:
		r = a + b + c + d;
	}
	return r;
}`,
	`struct bits { __u32 lo : 5, mid : 11, hi : 16; __s32 s : 7, t : 25; };
static __u64 f_bits(__u32 a, __u32 b, __s32 c, __u64 d) {
	struct bits x = {};
	x.lo = a;
	x.mid = b;
	x.hi = a ^ b;
	x.s = c;
	x.t = c * 3;
	x.mid += x.lo;
	return ((__u64)x.lo << 48) ^ ((__u64)x.mid << 32) ^ x.hi ^ ((__s64)x.s << 20) ^ x.t;
}`,
	`static __u64 f_chars(__u64 a, __s8 b, __u8 c, __s16 d) {
	__s8 buf[16] = "vep-codegen\x80\xff";
	__u64 h = 0;
	__s8 *e1 = &buf[c & 15], *e2 = &buf[(c >> 4) & 15];
	__s32 *w1 = (__s32 *)&buf[0], *w2 = (__s32 *)&buf[(a & 3) * 4];
	h = (e1 - e2) * 1000 + (w2 - w1);
	buf[a & 15] = b;
	buf[(a >> 4) & 15] ^= c;
	for (int i = 0; i < 16; i++) {
		if (buf[i] < 0)
			h = h * 3 + 1;
		else
			h = h * 5 + buf[i];
		if (buf[i] == d)
			break;
	}
	return h + buf[c & 15];
}`,
	`struct pair { __u64 k; __u32 v; __u16 w; };
static __u64 f_builtins(__u64 a, __u64 b, __u32 c, __u32 d) {
	struct pair p, q;
	__builtin_memset(&p, c & 0xff, sizeof(p));
	p.v = d;
	__builtin_memcpy(&q, &p, sizeof(q));
	q.k += a;
	__u64 r = __builtin_bswap64(q.k) ^ __builtin_bswap32(q.v) ^ __builtin_bswap16(q.w);
	__u64 cnt = b;
	__sync_fetch_and_add(&cnt, a);
	r ^= __sync_fetch_and_add(&cnt, 5) + cnt;
	return r;
}`,
	`static __u64 f_assign(__s32 a, __s32 b, __u32 c, __s64 d) {
	__s32 x = a, arr[4] = { 1, 2, 3, 4 };
	__u32 i = c & 3, j = 0;
	x += b;
	x -= 3;
	x *= 7;
	x ^= a;
	x >>= 2;
	x <<= 1;
	arr[i++] += x;
	arr[i & 3] = arr[j++] - d;
	x = (a > 5 && (j += 2)) ? x : -x;
	__s64 y = (d < 0) ? d / 3 : d % 7;
	return x + i * 100 + j * 10000 + arr[0] + arr[1] + arr[2] + arr[3] + y;
}`,
	`static __u64 f_div(__s64 a, __s64 b, __s32 c, __s32 d) {
	__s64 q = 0, r = 0;
	if (b != 0 && !(a == (-9223372036854775807LL - 1) && b == -1)) {
		q = a / b;
		r = a % b;
	}
	__s32 q2 = 0, r2 = 0;
	if (d != 0 && !(c == (-2147483647 - 1) && d == -1)) {
		q2 = c / d;
		r2 = c % d;
	}
	return q ^ (r << 1) ^ ((__u64)(__u32)q2 << 32) ^ (__u32)r2 ^ ((__u64)a / (b | 1)) ^ ((__u32)c % ((__u32)d | 1));
}`,
	`static __u64 f_cmp(__s8 a, __u8 b, __s16 c, __u16 d) {
	__u64 r = 0;
	if (a < b) r |= 1;
	if (c < d) r |= 2;
	if ((__u32)a > d) r |= 4;
	if (a == -1) r |= 8;
	if (b == 255) r |= 16;
	if (c >= -300 && c <= 300) r |= 32;
	if (!(a & 1) || (b > 100 && d < 1000)) r |= 64;
	r |= (__u64)(a * b) << 8;
	r |= (__u64)(__u16)(c * d) << 40;
	return r;
}`,
	`static __u64 f_pressure(__u64 a, __u64 b, __u32 c, __s32 d) {
	__u64 x0 = a + 1, x1 = b * 3, x2 = a ^ b, x3 = c + d, x4 = a - c, x5 = b >> 3;
	__u64 x6 = a * b, x7 = d * 5, x8 = a | c, x9 = b & d, x10 = a + b + c, x11 = d - b;
	for (int i = 0; i < 3; i++) {
		x0 += x11; x1 ^= x0; x2 += x1; x3 *= x2 | 1; x4 -= x3; x5 ^= x4;
		x6 += x5; x7 ^= x6; x8 += x7; x9 ^= x8; x10 += x9; x11 ^= x10;
	}
	return x0 ^ x1 ^ x2 ^ x3 ^ x4 ^ x5 ^ x6 ^ x7 ^ x8 ^ x9 ^ x10 ^ x11 ^ (x0 * x11) ^ (x1 * x10);
}`,
	`struct pt { __s32 x, y; __u8 tag; };
static int find(const __u8 *p, int n, __u8 c) {
	for (int i = 0; i < 12; i++) {
		if (i >= n)
			return -1;
		if (p[i] == c)
			return i;
	}
	return -2;
}
static void swap(struct pt *a, struct pt *b) {
	struct pt t = *a;
	*a = *b;
	*b = t;
}
static __u64 f_inline(__u64 a, __s32 b, __u8 c, __u32 d) {
	__u8 s[12];
	struct pt p = { .x = b, .y = -b, .tag = c }, q = { 1, 2, 3 };
	for (int i = 0; i < 12; i++)
		s[i] = (a >> (i * 5)) & 15;
	int k = find(s, d & 15, c & 15);
	if (k > 3)
		swap(&p, &q);
	q.x += k;
	__u32 w = 0;
	for (int i = 0; i < 12; i++) {
		if (s[i] == 7)
			continue;
		w = w * 3 + s[i];
	}
	return ((__u64)(__u32)p.x << 32) + (__u32)q.x + p.tag * 7 + q.tag + (__u64)k * 1000 + w;
}`,
	`static __noinline __s64 mix(__s64 a, __u32 b, __s8 c, __u16 d, __u64 e)
/*@ Require true Ensure true */
{
	__s64 r = a * 3 - b;
	if (c < 0)
		r ^= d;
	else
		r += (__s64)e >> (c & 31);
	return r;
}
static __u64 f_call(__s64 a, __u32 b, __s8 c, __u16 d) {
	__u64 s = mix(a, b, c, d, a ^ b);
	s += mix(s, c, d, b, a) * 5;
	return s ^ mix(-a, d, (__s8)(b >> 3), c, s);
}`,
	`struct cell { __u16 k; __s32 v; };
union word { __u32 w; __u8 b[4]; __s16 h[2]; };
static __u64 f_aggr(__u32 a, __s16 b, __u64 c, __s8 d) {
	__u8 grid[3][5] = {};
	struct cell cells[4] = { { 1, -1 }, { 2, b } };
	union word u;
	u.w = a;
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 5; j++)
			grid[i][j] = (__u8)(i * 5 + j + u.b[(i + j) & 3]);
	cells[c & 3].v += d;
	cells[(c >> 2) & 3] = cells[a & 1];
	struct cell *q = cells;
	__u64 r = 0;
	for (int i = 3; i > 0; i--) {
		struct cell *p = &cells[i];
		r = r * 17 + p->k + (__u32)p->v + (p - q);
	}
	__u8 *g = &grid[0][0];
	for (int i = 0; i < 15; i += 2)
		r ^= (__u64)g[i] << (i * 4);
	return r + u.h[1] + grid[(a & 1) + 1][b & 3] + a % 3;
}`,
	`static __u64 f_nested(__u32 a, __u32 b, __u32 c, __u32 d) {
	__u64 s = 0;
	for (__u32 i = 0; i < 5; i++) {
		if (i == (a & 7))
			continue;
		for (__u32 j = i; j < 4; j++) {
			if (j * b == c)
				break;
			s = s * 13 + i * j + d;
		}
	}
	__u32 k;
	for (k = 0; k < 10; k++)
		if (((a >> k) & 3) == 3)
			break;
	__u32 m;
	for (m = 0; m < (b & 31) && m < 20; m++)
		s += m ^ c;
	__u32 w = 3;
	while (w < 30 && w != (d & 31)) {
		s ^= s >> w;
		w += 4;
	}
	s += w;
	return s + k + m * 100000;
}`,
}

// kernelVerify loads every program of out into the kernel one by one,
// logs how many the verifier accepts and returns them by name.
func kernelVerify(t *testing.T, out *Output) map[string]*ebpf.Program {
	b, err := elfwrite.Write(out.Object)
	if err != nil {
		t.Fatalf("elfwrite: %v", err)
	}
	spec, err := ebpf.LoadCollectionSpecFromReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("cilium/ebpf: %v", err)
	}
	ok, n := 0, 0
	progs := map[string]*ebpf.Program{}
	for name, ps := range spec.Programs {
		n++
		p, err := ebpf.NewProgram(ps)
		if err != nil {
			msg := err.Error()
			if len(msg) > 200 {
				msg = msg[len(msg)-200:]
			}
			t.Logf("kernel rejects %s: %s", name, msg)
			continue
		}
		progs[name] = p
		ok++
	}
	t.Logf("kernel verifier accepts %d of %d differential programs", ok, n)
	return progs
}

// splitmix is the input generator, identical in Go and in the C harness.
const splitmixC = `static __u64 sm_state;
static __u64 sm_next(void) {
	__u64 z = (sm_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
static const __u64 specials[] = {0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffffULL, 0x8000000000000000ULL, 0xffffffffffffffffULL, 0xfffffffffffffffeULL};
static __u64 input(void) {
	__u64 r = sm_next();
	if ((r & 3) == 0)
		return specials[(r >> 8) % 16];
	switch ((r >> 4) & 3) {
	case 0: return (__u64)(__s64)(__s8)(r >> 16);
	case 1: return (__u64)(__s64)(__s32)(r >> 16);
	default: return r;
	}
}
`

var specials = []uint64{0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0xfffffffffffffffe}

type splitmix struct{ s uint64 }

func (g *splitmix) next() uint64 {
	g.s += 0x9e3779b97f4a7c15
	z := g.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (g *splitmix) input() uint64 {
	r := g.next()
	if r&3 == 0 {
		return specials[(r>>8)%16]
	}
	switch (r >> 4) & 3 {
	case 0:
		return uint64(int64(int8(r >> 16)))
	case 1:
		return uint64(int64(int32(r >> 16)))
	}
	return r
}

func TestDifferential(t *testing.T) {
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("gcc not found: the differential test needs it as the oracle")
	}
	const nRandom = 150
	const nInputs = 400
	rng := rand.New(rand.NewPCG(1, 2))
	var funcs []string // definitions
	var names []string
	var sigs [][]ctype
	for i, src := range handFuncs {
		funcs = append(funcs, src)
		j := strings.Index(src, "static __u64 ")
		k := strings.Index(src[j:], "(")
		name := src[j+len("static __u64 ") : j+k]
		names = append(names, name)
		var ps []ctype
		for _, p := range strings.Split(src[j+k+1:j+strings.Index(src[j:], ")")], ",") {
			tn := strings.Fields(strings.TrimSpace(p))[0]
			for _, ct := range cTypes {
				if ct.name == tn {
					ps = append(ps, ct)
				}
			}
		}
		if len(ps) != 4 {
			t.Fatalf("hand function %d: cannot read its parameters", i)
		}
		sigs = append(sigs, ps)
	}
	for i := range nRandom {
		g := &exprGen{r: rng}
		for range 4 {
			g.params = append(g.params, cTypes[rng.IntN(len(cTypes))])
		}
		e, _ := g.gen(4)
		name := fmt.Sprintf("f_rand%d", i)
		var ps []string
		for k, p := range g.params {
			ps = append(ps, fmt.Sprintf("%s %c", p.name, 'a'+k))
		}
		funcs = append(funcs, fmt.Sprintf("static __u64 %s(%s) {\n\treturn (__u64)(%s);\n}", name, strings.Join(ps, ", "), e))
		names = append(names, name)
		sigs = append(sigs, g.params)
	}

	// The eBPF program: one tracepoint entry point per function.
	var bpf strings.Builder
	bpf.WriteString("#include <linux/types.h>\n#include <bpf/bpf_helpers.h>\n\nstruct args { __u64 a, b, c, d; };\n\n")
	for i, f := range funcs {
		bpf.WriteString(f + "\n\n")
		fmt.Fprintf(&bpf, "SEC(\"raw_tracepoint/vep_e%d\")\n__u64 e%d(struct args *ctx)\n{\n\treturn %s(ctx->a, ctx->b, ctx->c, ctx->d);\n}\n\n", i, i, names[i])
	}
	bpf.WriteString("char LICENSE[] SEC(\"license\") = \"GPL\";\n")
	prog, err := cparse.Parse("diff.c", []byte(bpf.String()))
	if err != nil {
		os.WriteFile(filepath.Join(t.TempDir(), "diff.c"), []byte(bpf.String()), 0o644)
		t.Fatalf("cparse: %v", err)
	}
	var machines []*interp.Machine
	var kprogs map[string]*ebpf.Program
	defer func() {
		for _, p := range kprogs {
			p.Close()
		}
	}()
	for _, opts := range []Options{{}, {V4: true}} {
		out, err := Generate(prog, opts)
		if err != nil {
			t.Fatalf("Generate %+v: %v", opts, err)
		}
		if !opts.V4 && os.Geteuid() == 0 {
			kprogs = kernelVerify(t, out)
		}
		m, err := interp.New(out.Object, interp.Options{})
		if err != nil {
			t.Fatalf("interp.New: %v", err)
		}
		machines = append(machines, m)
	}

	// The native harness.
	var c strings.Builder
	c.WriteString("#include <stdio.h>\ntypedef unsigned char __u8; typedef signed char __s8; typedef unsigned short __u16; typedef short __s16;\ntypedef unsigned int __u32; typedef int __s32; typedef unsigned long long __u64; typedef long long __s64;\n#define __noinline __attribute__((noinline))\n")
	c.WriteString(splitmixC)
	for _, f := range funcs {
		c.WriteString(f + "\n")
	}
	fmt.Fprintf(&c, "int main(void) {\n\t__u64 a, b, cc, d;\n")
	for i, name := range names {
		fmt.Fprintf(&c, "\tsm_state = %d;\n\tfor (int i = 0; i < %d; i++) {\n\t\ta = input(); b = input(); cc = input(); d = input();\n\t\tprintf(\"%%llu\\n\", (unsigned long long)%s(a, b, cc, d));\n\t}\n", i+1, nInputs, name)
	}
	c.WriteString("\treturn 0;\n}\n")
	dir := t.TempDir()
	csrc := filepath.Join(dir, "native.c")
	if err := os.WriteFile(csrc, []byte(c.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "native")
	if msg, err := exec.Command(gcc, "-O1", "-fwrapv", "-w", "-o", exe, csrc).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, msg)
	}
	nat, err := exec.Command(exe).Output()
	if err != nil {
		t.Fatalf("running the native harness: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(nat))
	failures := 0
	runs, kruns := 0, 0
	const nKernel = 50
	for i, name := range names {
		g := &splitmix{s: uint64(i + 1)}
		sec := fmt.Sprintf("raw_tracepoint/vep_e%d", i)
		for k := range nInputs {
			var ctx [32]byte
			args := [4]uint64{g.input(), g.input(), g.input(), g.input()}
			for j, a := range args {
				binary.LittleEndian.PutUint64(ctx[8*j:], a)
			}
			if !sc.Scan() {
				t.Fatalf("native output ends early")
			}
			want, err := strconv.ParseUint(sc.Text(), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			if p := kprogs[fmt.Sprintf("e%d", i)]; p != nil && k < nKernel {
				ret, err := p.Run(&ebpf.RunOptions{Context: ctx[:]})
				if err != nil {
					t.Logf("BPF_PROG_TEST_RUN of %s: %v", name, err)
					delete(kprogs, fmt.Sprintf("e%d", i))
				} else {
					kruns++
					if ret != uint32(want) {
						failures++
						if failures <= 10 {
							t.Errorf("%s in the kernel (%#x, %#x, %#x, %#x): got %#x, gcc %#x", name, args[0], args[1], args[2], args[3], ret, uint32(want))
						}
					}
				}
			}
			for v, m := range machines {
				res, err := m.Run(sec, interp.Input{Context: ctx[:]})
				runs++
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if res.Fault != nil || res.R0 != want {
					failures++
					if failures <= 10 {
						t.Errorf("%s (v4=%v) (%#x, %#x, %#x, %#x) input %d: got %#x (fault %v), gcc %#x\n%s", name, v == 1, args[0], args[1], args[2], args[3], k, res.R0, res.Fault, want, funcs[i])
					}
				}
			}
		}
	}
	t.Logf("differential: %d functions (%d hand-written, %d random), %d inputs each, %d interpreter runs (v3 and v4 code), %d kernel BPF_PROG_TEST_RUNs (low 32 bits), %d disagreements", len(names), len(handFuncs), nRandom, nInputs, runs, kruns, failures)
}
