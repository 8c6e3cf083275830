package cverify

import (
	"fmt"
	"strings"
	"testing"
)

// acceptance is the table of the "Done when" list: one small
// annotated program per kind of safe code that must verify and per kind of
// defect that must be rejected, the defect at an exact position with an
// actionable reason. Most unsafe programs have a safe twin next to them
// that differs by the fix. The programs are appended to prelude (verify_test.go);
// positions count lines from the program's own first line.
//
// The last group covers the soundness fixes of variable lifetimes (block
// scopes, inlined calls), of postcondition contents and of strict aliasing.
var acceptance = []struct {
	name string
	src  string
	// want is "" for a safe program; otherwise "line:col: error: " and a
	// substring of the reason.
	want string
}{
	// Byte loops over a stack buffer.
	{"memset-loop", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 buf[64];
	__u32 n = (bpf_get_prandom_u32() & 31) + 1;
	__u32 i = 0;

	/*@ Inv exists l, i <= n && n <= 32 && chars(buf, i, l) Variant n - i */
	while (i < n) {
		buf[i] = 0;
		i++;
	}
	return buf[n - 1];
}`, ""},
	{"memset-loop-reads-past-written", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 buf[64];
	__u32 n = (bpf_get_prandom_u32() & 31) + 1;
	__u32 i = 0;

	/*@ Inv exists l, i <= n && n <= 32 && chars(buf, i, l) Variant n - i */
	while (i < n) {
		buf[i] = 0;
		i++;
	}
	return buf[n];
}`, "12:12: error: may read uninitialised stack memory"},
	{"memset-builtin", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 buf[32];

	__builtin_memset(buf, 0, sizeof(buf));
	return buf[bpf_get_prandom_u32() & 31];
}`, ""},
	{"memset-builtin-too-short", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 buf[32];

	__builtin_memset(buf, 0, 16);
	return buf[bpf_get_prandom_u32() & 31];
}`, "6:12: error: may read uninitialised stack memory: bytes 16 to 31 of buf"},
	{"strlen", `static __noinline __u32 str_len(char *s, __u32 cap)
/*@ With l
    Require 0 < cap && chars(s, cap, l)
    Ensure  0 <= __return && __return < cap && chars(s, cap, l) */
{
	__u32 i = 0;

	/*@ Inv 0 <= i && i < cap && chars(s, cap, l) Variant cap - i */
	while (i + 1 < cap && s[i] != 0)
		i++;
	return i;
}

SEC("xdp") int f(struct xdp_md *ctx)
{
	char name[16] = "eth0";
	__u32 n = str_len(name, sizeof(name));

	return name[n] == 0 ? XDP_PASS : XDP_DROP;
}`, ""},
	{"strlen-result-plus-one", `static __noinline __u32 str_len(char *s, __u32 cap)
/*@ With l
    Require 0 < cap && chars(s, cap, l)
    Ensure  0 <= __return && __return < cap && chars(s, cap, l) */
{
	__u32 i = 0;

	/*@ Inv 0 <= i && i < cap && chars(s, cap, l) Variant cap - i */
	while (i + 1 < cap && s[i] != 0)
		i++;
	return i;
}

SEC("xdp") int f(struct xdp_md *ctx)
{
	char name[16] = "eth0";
	__u32 n = str_len(name, sizeof(name));

	return name[n + 1] == 0 ? XDP_PASS : XDP_DROP;
}`, "19:13: error: stack access out of bounds: read of 1 bytes at offset n + 1 of name, which has 16 bytes"},

	// An XDP Ethernet/IPv4 parser.
	{"xdp-parser", `SEC("xdp") int f(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (ip->ihl < 5)
		return XDP_DROP;
	return ip->protocol == 17 ? XDP_DROP : XDP_PASS;
}`, ""},
	{"xdp-parser-ip-unchecked", `SEC("xdp") int f(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if (ip->ihl < 5)
		return XDP_DROP;
	return ip->protocol == 17 ? XDP_DROP : XDP_PASS;
}`, "13:10: error: packet access out of bounds"},

	// Map lookups.
	{"lookup-null-check", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 key = 1;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	if (v)
		*v += 1;
	return XDP_PASS;
}`, ""},
	{"lookup-no-null-check", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 key = 1;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	*v += 1;
	return XDP_PASS;
}`, "6:5: error: map value may be null: check the result of bpf_map_lookup_elem"},
	{"map-pointer-arithmetic", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 key = 1;
	__u64 *v = bpf_map_lookup_elem((char *)&counts + 8, &key);

	return v ? XDP_DROP : XDP_PASS;
}`, "4:49: error: pointer arithmetic on a map pointer"},

	// Helper buffers.
	{"helper-buffer", `SEC("tracepoint/syscalls/sys_enter_execve") int f(void *ctx)
{
	char comm[16];

	bpf_get_current_comm(comm, sizeof(comm));
	return comm[0];
}`, ""},
	{"helper-buffer-too-small", `SEC("tracepoint/syscalls/sys_enter_execve") int f(void *ctx)
{
	char comm[8];

	bpf_get_current_comm(comm, 16);
	return comm[0];
}`, "5:2: error: bpf_get_current_comm: buffer too small"},

	// Context accesses.
	{"ctx-read", `SEC("xdp") int f(struct xdp_md *ctx)
{
	return ctx->ingress_ifindex == 1 ? XDP_DROP : XDP_PASS;
}`, ""},
	{"ctx-read-bad-offset", `struct wide_md { __u32 fields[6]; __u32 beyond; };

SEC("xdp") int f(struct xdp_md *ctx)
{
	return ((struct wide_md *)ctx)->beyond == 1 ? XDP_DROP : XDP_PASS;
}`, "5:34: error: invalid context access: 4-byte read at offset 24 is outside struct xdp_md"},

	// Packet pointers after bpf_xdp_adjust_head.
	{"adjust-head-reload", `SEC("xdp") int f(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + 1 > data_end)
		return XDP_PASS;
	if (bpf_xdp_adjust_head(ctx, 0))
		return XDP_PASS;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + 1 > data_end)
		return XDP_PASS;
	return *(__u8 *)data ? XDP_DROP : XDP_PASS;
}`, ""},
	{"adjust-head-stale-pointer", `SEC("xdp") int f(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + 1 > data_end)
		return XDP_PASS;
	if (bpf_xdp_adjust_head(ctx, 0))
		return XDP_PASS;
	return *(__u8 *)data ? XDP_DROP : XDP_PASS;
}`, "10:9: error: packet pointer used after bpf_xdp_adjust_head invalidated it"},

	// Loops and termination.
	{"loop-with-inv", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 n = bpf_get_prandom_u32();
	__u32 sum = 0;

	/*@ Inv i <= n Variant n - i */
	for (__u32 i = 0; i < n; i++)
		sum += i;
	return sum & 1;
}`, ""},
	{"loop-without-termination-proof", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 n = bpf_get_prandom_u32();
	__u32 sum = 0;

	for (__u32 i = 0; i < n; i++)
		sum += i;
	return sum & 1;
}`, "6:2: error: loop without invariant: cannot bound its trip count by a constant of at most 64; add /*@ Inv … Variant … */"},

	// Uninitialised stack.
	{"init-byte", `SEC("xdp") int f(struct xdp_md *ctx)
{
	char buf[4];

	buf[1] = 1;
	return buf[1] == 1 ? XDP_PASS : XDP_DROP;
}`, ""},
	{"uninit-byte", `SEC("xdp") int f(struct xdp_md *ctx)
{
	char buf[4];

	buf[1] = 1;
	return buf[0] == 1 ? XDP_PASS : XDP_DROP;
}`, "6:12: error: read of uninitialised stack memory: byte 0 of buf"},

	// Signed indices.
	{"signed-index-checked", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 buf[8] = {};
	int i = (int)bpf_get_prandom_u32();

	if (i >= 0 && i < 8)
		return buf[i];
	return XDP_PASS;
}`, ""},
	{"signed-index-negative", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 buf[8] = {};
	int i = (int)bpf_get_prandom_u32();

	if (i < 8)
		return buf[i];
	return XDP_PASS;
}`, "7:13: error: stack access out of bounds: read of 1 bytes at offset i of buf"},

	// Lifetimes of locals.
	{"pointer-into-live-block", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 buf[8] = {};
	__u8 *p;
	{
		__u8 i = bpf_get_prandom_u32() & 7;
		p = &buf[i];
	}
	return *p;
}`, ""},
	{"pointer-into-dead-block", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 *p;
	{
		__u8 buf[8] = {};
		p = &buf[bpf_get_prandom_u32() & 7];
	}
	return *p;
}`, "8:9: error: pointer to buf used after the end of its block (line 15)"},
	{"block-reentered-in-loop", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 sum = 0;

	for (int k = 0; k < 4; k++) {
		__u8 tmp[4];
		tmp[k] = k;
		sum += tmp[k];
	}
	return sum & 1;
}`, ""},
	{"block-reentered-stale-pointer", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 *prev = 0;
	__u32 sum = 0;

	for (int k = 0; k < 4; k++) {
		__u8 tmp[4] = {1, 2, 3, 4};
		if (prev)
			sum += prev[k];
		prev = tmp;
	}
	return sum & 1;
}`, "9:15: error: pointer to tmp used after the end of its block (line 17)"},
	{"block-in-loop-with-inv", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 n = bpf_get_prandom_u32() & 255;
	__u32 sum = 0;

	/*@ Inv i <= n Variant n - i */
	for (__u32 i = 0; i < n; i++) {
		__u8 tmp[4] = {};
		tmp[i & 3] = 1;
		sum += tmp[(i + 1) & 3];
	}
	return sum & 1;
}`, ""},
	{"break-leaves-block", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 *p = 0;

	for (int k = 0; k < 4; k++) {
		__u8 tmp[4] = {};
		p = tmp;
		break;
	}
	return p ? p[0] : 0;
}`, "10:14: error: pointer to tmp used after the end of its block (line 16)"},
	{"for-init-lives-through-loop", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 sum = 0;

	for (__u32 i = 0, *q = &i; i < 4; i++)
		sum += *q;
	return sum & 1;
}`, ""},
	{"inline-returns-value", `static __always_inline __u8 pick(__u32 x)
{
	__u8 b[4] = {1, 2, 3, 4};
	return b[x & 3];
}

SEC("xdp") int f(struct xdp_md *ctx)
{
	return pick(bpf_get_prandom_u32());
}`, ""},
	{"inline-returns-own-stack", `static __always_inline __u8 *leak(__u32 x)
{
	__u8 b[4] = {1, 2, 3, 4};
	return &b[x & 3];
}

SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 *p = leak(bpf_get_prandom_u32());
	return *p;
}`, "10:9: error: pointer to b, a local of leak, used after leak returned"},
	{"inline-returns-param-pointer", `static __always_inline __u8 *at(__u8 *b, __u32 x)
{
	return &b[x & 3];
}

SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 buf[4] = {1, 2, 3, 4};
	__u8 *p = at(buf, bpf_get_prandom_u32());
	return *p;
}`, ""},

	// Contents in postconditions.
	{"ensure-restates-unwritten-contents", `static __noinline __u32 peek(__u32 *c)
/*@ With l Require array(c, u32, 4, l) Ensure array(c, u32, 4, l) */
{
	return c[1];
}

SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 idx[4] = {0, 1, 2, 3};
	__u8 buf[4] = {1, 2, 3, 4};

	peek(idx);
	return buf[idx[0]];
}`, ""},
	{"ensure-restates-written-contents", `static __noinline void clobber(__u32 *c)
/*@ With l Require array(c, u32, 4, l) Ensure array(c, u32, 4, l) */
{
	c[0] = 100000;
}

SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 idx[4] = {0, 1, 2, 3};
	__u8 buf[4] = {1, 2, 3, 4};

	clobber(idx);
	return buf[idx[0]];
}`, "1:24: error: postcondition of clobber may not hold: array(c, u32, 4, l): cannot prove that the memory at c holds l"},
	{"ensure-states-new-contents", `static __noinline void clobber(__u32 *c)
/*@ With l Require array(c, u32, 4, l) Ensure exists m, array(c, u32, 4, m) */
{
	c[0] = 100000;
}

SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 idx[4] = {0, 1, 2, 3};
	__u8 buf[4] = {1, 2, 3, 4};

	clobber(idx);
	return buf[idx[0] & 3];
}`, ""},
	{"inv-restates-contents-loop-writes-other", `static __noinline __u32 copy(__u8 *dst, __u8 *src)
/*@ With d l
    Require chars(dst, 8, d) * chars(src, 8, l)
    Ensure  exists m, chars(dst, 8, m) * chars(src, 8, l) */
{
	__u32 i = 0;

	/*@ Inv exists m, i <= 8 && chars(dst, 8, m) * chars(src, 8, l) Variant 8 - i */
	while (i < 8) {
		dst[i] = src[i];
		i++;
	}
	return i;
}

SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 a[8] = {}, b[8] = {};

	return copy(a, b) & 1;
}`, ""},
	{"inv-restates-contents-loop-calls-helper", `static __noinline __u32 count(__u8 *s)
/*@ With l
    Require chars(s, 8, l)
    Ensure  chars(s, 8, l) */
{
	__u32 i = 0, n = 0;

	/*@ Inv i <= 8 && chars(s, 8, l) Variant 8 - i */
	while (i < 8) {
		n += s[i] & bpf_get_prandom_u32();
		i++;
	}
	return n;
}

SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 b[8] = {};

	return count(b) & 1;
}`, ""},
	{"inv-restates-contents-loop-writes-them", `static __noinline __u32 fill(__u8 *src)
/*@ With l
    Require chars(src, 8, l)
    Ensure  chars(src, 8, l) */
{
	__u32 i = 0;

	/*@ Inv i <= 8 && chars(src, 8, l) Variant 8 - i */
	while (i < 8) {
		src[i] = 1;
		i++;
	}
	return i;
}

SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 b[8] = {};

	return fill(b) & 1;
}`, "8:20: error: loop invariant may not be preserved by an iteration: chars(src, 8, l): cannot prove that the memory at src holds l"},

	// Strict aliasing.
	{"read-with-declared-type", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u64 w[2] = {1, 2};
	__u64 *p = &w[bpf_get_prandom_u32() & 1];

	return *p & 1;
}`, ""},
	{"type-pun-u64-as-u32", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u64 w[2] = {1, 2};
	__u32 *p = (__u32 *)&w[bpf_get_prandom_u32() & 1];

	return *p & 1;
}`, "6:9: error: type-punned access: read of u32 at a variable offset of w, which holds u64"},
	{"type-pun-store", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u64 w = 0;

	*(__u32 *)&w = 1;
	return w & 1;
}`, "5:15: error: type-punned access: write of u32 at offset 0 of w, whose declared type there is u64"},
	{"char-reads-anything", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u64 w = 0x0102;
	__u8 *b = (__u8 *)&w;
	char *c = (char *)&w;

	return b[1] + c[bpf_get_prandom_u32() & 7];
}`, ""},
	{"signedness-does-not-matter", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 w[2] = {1, 2};
	int *p = (int *)w;

	return p[1] & 1;
}`, ""},
	{"memcpy-between-types", `SEC("xdp") int f(struct xdp_md *ctx)
{
	__u64 w = 5;
	__u32 lo;

	__builtin_memcpy(&lo, &w, sizeof(lo));
	return lo & 1;
}`, ""},
	{"struct-member-through-pointer", `struct pair { __u32 a; __u16 b; __u16 c; };

SEC("xdp") int f(struct xdp_md *ctx)
{
	struct pair s = {1, 2, 3};
	__u16 *q = &s.b;

	return q[1] & 1;
}`, ""},
	{"struct-member-type-pun", `struct pair { __u32 a; __u16 b; __u16 c; };

SEC("xdp") int f(struct xdp_md *ctx)
{
	struct pair s = {1, 2, 3};
	__u32 *q = (__u32 *)&s.b;

	return *q & 1;
}`, "8:9: error: type-punned access: read of u32 at offset 4 of s, whose declared type there is u16"},
	{"struct-array-element-member", `struct pair { __u32 a; __u16 b; __u16 c; };

SEC("xdp") int f(struct xdp_md *ctx)
{
	struct pair s[4] = {};
	struct pair *q = &s[bpf_get_prandom_u32() & 3];

	return (q->a + q->c) & 1;
}`, ""},
	{"struct-array-element-pun", `struct pair { __u32 a; __u16 b; __u16 c; };

SEC("xdp") int f(struct xdp_md *ctx)
{
	struct pair s[4] = {};
	__u32 *q = (__u32 *)&s[bpf_get_prandom_u32() & 3].b;

	return *q & 1;
}`, "8:9: error: type-punned access: read of u32 at a variable offset of s, which holds u16"},
}

func TestAcceptance(t *testing.T) {
	base := strings.Count(prelude, "\n")
	for _, c := range acceptance {
		t.Run(c.name, func(t *testing.T) {
			diags, err := run(c.name, c.src)
			if err != nil {
				t.Fatalf("invalid program: %v", err)
			}
			if c.want == "" {
				if len(diags) > 0 {
					t.Fatalf("safe program rejected:\n%s", diags[0].Error())
				}
				return
			}
			if len(diags) == 0 {
				t.Fatalf("unsafe program verified; want %s", c.want)
			}
			d := diags[0]
			got := fmt.Sprintf("%d:%d: error: %s", d.Pos.Line-base, d.Pos.Col, d.Msg)
			if !strings.HasPrefix(got, c.want) {
				t.Fatalf("rejected with\n\t%s\nwant\n\t%s", got, c.want)
			}
			if !strings.HasPrefix(d.Error(), c.name+".c:") || !strings.Contains(d.Error(), ": error: ") {
				t.Errorf("diagnostic not in the form file:line:col: error: reason: %s", d.Error())
			}
		})
	}
}
