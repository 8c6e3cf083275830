package soundness

import (
	"strings"
	"testing"
)

// header is prepended to every hand-written program.
const header = `#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} vals SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} hvals SEC(".maps");

`

// A tricky is a hand-written program that a naive verifier gets wrong.
type tricky struct {
	name string
	src  string // appended to header
	// safe is the verdict the program deserves; for an unsafe program,
	// want is a substring of the report that names the defect ("" when
	// any rejection will do).
	safe bool
	want string
}

// trickies are the hand-written cases. Every unsafe one is unsafe on some
// input; the safe ones document behaviour that eBPF defines.
var trickies = []tricky{
	{name: "packet-off-by-one", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	if (data + 13 > data_end) return XDP_PASS;
	return ((struct ethhdr *)data)->h_proto == 8 ? XDP_DROP : XDP_PASS;
}`, want: "out of bounds"},
	{name: "packet-check-ge-wrong-way", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	if (data + 4 < data_end) return XDP_PASS;
	return *(__u32 *)data ? XDP_DROP : XDP_PASS;
}`, want: "out of bounds"},
	{name: "offset-checked-against-other-bound", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	__u32 off = bpf_get_prandom_u32() & 0xff;
	if (data + 64 > data_end) return XDP_PASS;
	if (off > 64) return XDP_PASS;
	return *(__u8 *)(data + off);
}`, want: "out of bounds"},
	{name: "signed-index-negative", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 buf[16] = {};
	int i = bpf_get_prandom_u32();
	if (i < 16) return buf[i];
	return XDP_PASS;
}`, want: ""},
	{name: "u32-wraparound-len-plus-14", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	__u32 len = bpf_get_prandom_u32();
	__u32 end = len + 14;
	if (data + end > data_end) return XDP_PASS;
	return *(__u8 *)(data + len);
}`, want: ""},
	{name: "uninit-after-partial-memset", src: `
struct pair { __u64 a; __u64 b; };
SEC("xdp") int f(struct xdp_md *ctx) {
	struct pair p;
	__builtin_memset(&p, 0, sizeof(p.a));
	return p.b == 0 ? XDP_PASS : XDP_DROP;
}`, want: "uninitialised"},
	{name: "uninit-struct-field", src: `
struct pair { __u32 a; __u32 b; };
SEC("xdp") int f(struct xdp_md *ctx) {
	struct pair p;
	p.a = 1;
	return p.b;
}`, want: "uninitialised"},
	{name: "map-value-after-delete", safe: true, src: `
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} h SEC(".maps");
SEC("xdp") int f(struct xdp_md *ctx) {
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&h, &k);
	if (!v) return XDP_PASS;
	bpf_map_delete_elem(&h, &k);
	return *v & 1; /* RCU keeps the element alive: the kernel allows this */
}`},
	{name: "loop-continue-skips-increment", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u32 i = 0, n = bpf_get_prandom_u32() & 0xffff, s = 0;
	/*@ Inv i <= n Variant n - i */
	while (i < n) {
		if (bpf_get_prandom_u32() & 1)
			continue;
		s += i;
		i++;
	}
	return s & 1;
}`, want: ""},
	{name: "inv-false-on-entry", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 buf[8] = {};
	__u32 i = 0, s = 0;
	/*@ Inv 1 <= i && i <= 8 Variant 8 - i */
	while (i < 8) {
		s += buf[i - 1];
		i++;
	}
	return s;
}`, want: ""},
	{name: "inv-not-preserved", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 buf[8] = {};
	__u32 i = 0, n = bpf_get_prandom_u32(), s = 0;
	/*@ Inv i < 8 Variant n - i */
	while (i < n) {
		s += buf[i];
		i++;
	}
	return s;
}`, want: ""},
	{name: "ensure-not-established", src: `
static __noinline __u32 pick(__u32 x)
/*@ Ensure __return < 8 */
{
	return x;
}
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 buf[8] = {};
	return buf[pick(bpf_get_prandom_u32())];
}`, want: ""},
	{name: "require-not-established", src: `
static __noinline __u8 get(__u8 *b, __u32 i)
/*@ With l Require i < 8 && chars(b, 8, l) Ensure chars(b, 8, l) */
{
	return b[i];
}
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 buf[8] = {};
	return get(buf, 8);
}`, want: ""},
	{name: "packet-pointer-copy-after-adjust-head", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	__u8 *p = data, *q;
	if (data + 4 > data_end) return XDP_PASS;
	q = p;
	bpf_xdp_adjust_head(ctx, 2);
	return q[0];
}`, want: "invalidated"},
	{name: "packet-pointer-on-stack-after-adjust-head", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	__u8 *ptrs[2];
	if (data + 4 > data_end) return XDP_PASS;
	ptrs[bpf_get_prandom_u32() & 1] = data;
	ptrs[0] = data;
	ptrs[1] = data;
	bpf_xdp_adjust_head(ctx, 2);
	return *ptrs[bpf_get_prandom_u32() & 1];
}`, want: ""},
	{name: "packet-pointer-in-struct-after-adjust-tail", src: `
struct cur { __u8 *p; };
SEC("xdp") int f(struct xdp_md *ctx) {
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	struct cur c;
	if (data + 4 > data_end) return XDP_PASS;
	c.p = data;
	bpf_xdp_adjust_tail(ctx, -2);
	return c.p[0];
}`, want: "invalidated"},
	{name: "helper-size-zero", src: `
SEC("kprobe/f") int f(struct pt_regs *ctx) {
	char buf[16];
	bpf_probe_read_kernel(buf, 0, (void *)(long)bpf_get_prandom_u32());
	return buf[0];
}`, want: ""},
	{name: "helper-const-size-zero", src: `
SEC("kprobe/f") int f(struct pt_regs *ctx) {
	char buf[16] = {};
	bpf_get_current_comm(buf, 0);
	return buf[0];
}`, want: ""},
	{name: "probe-read-into-small-suffix", src: `
SEC("kprobe/f") int f(struct pt_regs *ctx) {
	char buf[16] = {};
	char *p = buf + 10;
	bpf_probe_read_kernel(p, 8, (void *)(long)bpf_get_prandom_u32());
	return buf[0];
}`, want: "too small"},
	{name: "get-comm-size-exceeds", src: `
SEC("kprobe/f") int f(struct pt_regs *ctx) {
	char buf[16];
	bpf_get_current_comm(buf, sizeof(buf) + 1);
	return buf[0];
}`, want: "too small"},
	{name: "map-null-check-wrong-pointer", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u32 k = 0, k2 = 1;
	__u64 *a = bpf_map_lookup_elem(&hvals, &k);
	__u64 *b = bpf_map_lookup_elem(&hvals, &k2);
	if (!a) return XDP_PASS;
	return *b & 1;
}`, want: "null"},
	{name: "map-value-past-end", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u32 k = 0;
	__u32 *v = bpf_map_lookup_elem(&vals, &k);
	if (!v) return XDP_PASS;
	return v[2];
}`, want: ""},
	{name: "map-value-variable-index", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u32 k = 0, i = bpf_get_prandom_u32() & 7;
	__u8 *v = bpf_map_lookup_elem(&vals, &k);
	if (!v) return XDP_PASS;
	return v[i + 1];
}`, want: ""},
	{name: "stack-negative-index", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 buf[8] = {};
	__u8 *p = buf;
	return p[-1];
}`, want: ""},
	{name: "stack-pointer-of-dead-scope", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 *p;
	{
		__u8 buf[8] = {};
		p = buf;
	}
	{
		__u8 other[8];
		other[0] = 1;
		return other[0] + p[1];
	}
}`, want: ""},
	{name: "ctx-write-read-only-field", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	ctx->data = 0;
	return XDP_PASS;
}`, want: ""},
	{name: "ctx-read-past-end", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	return ((__u32 *)ctx)[64];
}`, want: ""},
	{name: "return-out-of-range-sockops", src: `
SEC("sockops") int f(struct bpf_sock_ops *ctx) {
	return bpf_get_prandom_u32();
}`, want: ""},
	{name: "loop-unbounded-no-inv", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u32 i = 0, s = 0, n = bpf_get_prandom_u32();
	for (i = 0; i < n; i++)
		s += i;
	return s & 1;
}`, want: ""},
	{name: "unrolled-loop-overflows-buffer", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 buf[8] = {};
	__u32 s = 0;
	for (int i = 0; i <= 8; i++)
		s += buf[i];
	return s & 1;
}`, want: ""},
	{name: "ipv4-ihl-not-checked", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	struct iphdr *ip = data + 14;
	if ((void *)(ip + 1) > data_end) return XDP_PASS;
	__u8 *l4 = (void *)ip + ip->ihl * 4;
	return l4[0];
}`, want: "out of bounds"},
	{name: "pointer-compare-then-wider-read", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	if (data + 2 > data_end) return XDP_PASS;
	return *(__u32 *)data;
}`, want: "out of bounds"},
	{name: "map-value-reread-as-index", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 buf[4] = {};
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&vals, &k);
	if (!v) return XDP_PASS;
	*v = 2;
	return buf[*v]; /* another CPU may have changed *v */
}`, want: ""},
	{name: "u32-mul-wrap-check", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 buf[16] = {};
	__u32 x = bpf_get_prandom_u32();
	if (x * 4 < 16) return buf[x];
	return XDP_PASS;
}`, want: ""},
	{name: "signed-char-index", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 buf[16] = {};
	signed char c = bpf_get_prandom_u32();
	if (c < 16) return buf[c];
	return XDP_PASS;
}`, want: ""},
	{name: "signed-modulo-index", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 buf[16] = {};
	int x = bpf_get_prandom_u32();
	return buf[x % 16];
}`, want: ""},
	{name: "modulo-one-too-many", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 buf[16] = {};
	__u32 x = bpf_get_prandom_u32();
	return buf[x % 17];
}`, want: ""},
	{name: "shift-index", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 buf[8] = {};
	__u32 x = bpf_get_prandom_u32() & 3;
	return buf[1 << x];
}`, want: ""},
	{name: "ternary-pointer-small-buffer", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 small[8] = {}, big[16] = {};
	__u8 *p = bpf_get_prandom_u32() & 1 ? small : big;
	return p[10];
}`, want: ""},
	{name: "sizeof-bytes-as-count", src: `
struct s { __u32 a, b; };
SEC("xdp") int f(struct xdp_md *ctx) {
	struct s arr[4] = {};
	__u32 i = bpf_get_prandom_u32();
	if (i < sizeof(arr)) return arr[i].a;
	return XDP_PASS;
}`, want: ""},
	{name: "str-helper-result-as-index", src: `
SEC("kprobe/f") int f(struct pt_regs *ctx) {
	char buf[16] = {};
	long n = bpf_probe_read_kernel_str(buf, sizeof(buf), (void *)(long)bpf_get_prandom_u32());
	if (n < 0) return 0;
	return buf[n];
}`, want: ""},
	{name: "loop-step-skips-bound", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u32 s = 0;
	for (__u32 i = 0; i != 9; i += 2)
		s += i;
	return s & 1;
}`, want: ""},
	{name: "loop-body-undoes-step", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u32 i = 0, s = 0;
	while (i < 10) {
		if (bpf_get_prandom_u32() & 1)
			i--;
		i++;
		s++;
	}
	return s & 1;
}`, want: ""},
	{name: "pointer-diff-length-truncated", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	__u8 len = data_end - data;
	if (len < 20) return XDP_PASS;
	return data[len - 1] + data[300];
}`, want: "out of bounds"},
	{name: "loop-writes-through-alias", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 idx[4] = {0, 1, 2, 3};
	__u8 buf[4] = {};
	__u8 *p = idx;
	__u32 n = bpf_get_prandom_u32() & 3, i = 0;
	/*@ Inv i <= n && n <= 3 Variant n - i */
	while (i < n) {
		p[i] = 200;
		i++;
	}
	return buf[idx[0]];
}`, want: ""},
	{name: "contract-writes-unowned", src: `
static __noinline void clobber(__u8 *c)
/*@ Require true Ensure true */
{
	c[0] = 200;
}
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 idx[4] = {0, 1, 2, 3};
	__u8 buf[4] = {};
	clobber(idx);
	return buf[idx[0]];
}`, want: ""},
	{name: "ensure-contents-not-checked", src: `
static __noinline void clobber(__u32 *c)
/*@ With l Require array(c, u32, 4, l) Ensure array(c, u32, 4, l) */
{
	c[0] = 100000;
}
SEC("xdp") int f(struct xdp_md *ctx) {
	__u32 idx[4] = {0, 1, 2, 3};
	__u8 buf[4];
	buf[bpf_get_prandom_u32() & 3] = 1;
	buf[0] = buf[1] = buf[2] = buf[3] = bpf_get_prandom_u32();
	clobber(idx);
	return buf[idx[0]];
}`, want: ""},
	{name: "subprogram-returns-own-stack", src: `
static __noinline __u8 *leak(__u32 x)
/*@ Ensure true */
{
	__u8 b[4] = {1, 2, 3, 4};
	return b;
}
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 *p = leak(1);
	return p[0];
}`, want: ""},
	{name: "inline-returns-own-stack", src: `
static __always_inline __u8 *leak(__u32 x)
{
	__u8 b[4] = {1, 2, 3, 4};
	b[x & 3] = 0;
	return b;
}
SEC("xdp") int f(struct xdp_md *ctx) {
	__u32 x = bpf_get_prandom_u32();
	__u8 *p = leak(x);
	__u8 other[4] = {};
	other[x & 3] = 7;
	return p[(x + 1) & 3] + other[0];
}`, want: ""},
	{name: "stack-pointer-from-previous-iteration", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u8 *prev = 0;
	__u32 sum = 0;
	for (int k = 0; k < 4; k++) {
		__u8 tmp[4] = {1, 2, 3, 4};
		if (prev) sum += prev[k];
		prev = tmp;
	}
	return sum & 1;
}`, want: "used after the end of its block"},
	{name: "block-array-fresh-each-iteration", safe: true, src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u32 sum = 0;
	for (int k = 0; k < 4; k++) {
		__u8 tmp[4];
		tmp[k] = k;
		sum += tmp[k];
	}
	return sum & 1;
}`},
	{name: "ensure-contents-restated-unwritten", safe: true, src: `
static __noinline __u32 peek(__u32 *c)
/*@ With l Require array(c, u32, 4, l) Ensure array(c, u32, 4, l) */
{
	return c[1];
}
SEC("xdp") int f(struct xdp_md *ctx) {
	__u32 idx[4] = {0, 1, 2, 3};
	__u8 buf[4] = {};
	peek(idx);
	return buf[idx[0]];
}`},
	{name: "strict-aliasing-store-pun", src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u64 w = 0;
	*(__u32 *)&w = 1;
	return w & 1;
}`, want: "type-punned access"},
	{name: "char-reads-any-object", safe: true, src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u64 w = bpf_get_prandom_u32();
	__u8 *b = (__u8 *)&w;
	return b[bpf_get_prandom_u32() & 7] & 1;
}`},
	{name: "division-by-zero-defined", safe: true, src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u32 d = bpf_get_prandom_u32() & 1;
	return (100 / d) & 1 ? XDP_DROP : XDP_PASS; /* eBPF defines x/0 == 0 */
}`},
	{name: "shift-by-64-defined", safe: true, src: `
SEC("xdp") int f(struct xdp_md *ctx) {
	__u64 s = bpf_get_prandom_u32() & 127;
	return (1ULL << s) & 1 ? XDP_DROP : XDP_PASS; /* eBPF masks the shift count */
}`},
}

// TestTricky checks the verdict on every hand-written program.
func TestTricky(t *testing.T) {
	for _, tc := range trickies {
		t.Run(tc.name, func(t *testing.T) {
			if bug, ok := knownBugs[tc.name]; ok {
				t.Skipf("known soundness bug (see TestKnownSoundnessBugs): %s", bug)
			}
			ok, rep, err := verify(tc.name+".c", header+tc.src)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			switch {
			case tc.safe && !ok:
				t.Errorf("safe program rejected:\n%s", rep)
			case !tc.safe && ok:
				t.Errorf("SOUNDNESS BUG: unsafe program accepted:\n%s", rep)
			case !tc.safe && !strings.Contains(rep, tc.want):
				t.Errorf("rejected, but the report lacks %q:\n%s", tc.want, rep)
			}
		})
	}
}
