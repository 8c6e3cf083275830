package cverify

import (
	"strings"
	"testing"

	"vep/cparse"
)

const prelude = `#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");
`

// A case is a small program. Safe ones must verify, and must be rejected
// after each mutation (replace Old by New); unsafe ones must be rejected at
// the line marked /* ERROR "text" */ with a message containing text.
type mutation struct{ old, new, want string }

var cases = []struct {
	name    string
	src     string
	mutants []mutation
}{
	{"memset-unrolled", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	char buf[16];
	for (int i = 0; i < 16; i++)
		buf[i] = 0;
	return buf[15] == 0 ? XDP_PASS : XDP_DROP;
}`, []mutation{
		{"i < 16", "i < 17", "out of bounds"},
		{"i < 16", "i < 15", "uninitialised"},
	}},
	{"memset-inv", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 buf[32];
	__u32 n = bpf_get_prandom_u32() & 31;
	__u32 i = 0;

	/*@ Inv i <= n && n < 32 Variant n - i */
	while (i < n) {
		buf[i] = 1;
		i++;
	}
	return XDP_PASS;
}`, []mutation{
		{"Variant n - i", "Variant i", "variant may not decrease"},
		{"while (i < n)", "while (i <= n)", "invariant may not be preserved"},
		{"& 31", "& 63", "invariant may not hold on entry"},
		{"buf[i] = 1", "buf[i + 2] = 1", "out of bounds"},
	}},
	{"strlen-inv", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	char s[16] = "hello";
	__u32 i = 0;

	/*@ Inv i < 16 Variant 16 - i */
	while (i + 1 < 16 && s[i] != 0)
		i++;
	return i < 16 ? XDP_PASS : XDP_DROP;
}`, []mutation{
		{"i + 1 < 16", "i < 16", "invariant may not be preserved"},
		{"Variant 16 - i", "Variant 14 - i", "variant may be negative"},
	}},
	{"xdp-eth-ipv4", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);

	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	return ip->protocol == 17 ? XDP_DROP : XDP_PASS;
}`, []mutation{
		{"(ip + 1)", "(ip)", "packet access out of bounds"},
		{"ip->protocol", "ip[1].protocol", "packet access out of bounds"},
	}},
	{"lookup-null-checked", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 key = 1;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	if (v)
		*v += 1;
	return XDP_PASS;
}`, []mutation{
		{"if (v)", "if (ctx)", "may be null"},
		{"&counts, &key", "&counts + 1, &key", "arithmetic on a map pointer"},
		{"__u32 key = 1;", "__u32 key;", "uninitialised"},
	}},
	{"lookup-unchecked", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 key = 1;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	*v += 1; /* ERROR "may be null" */
	return XDP_PASS;
}`, nil},
	{"helper-buffer", `
SEC("tracepoint/syscalls/sys_enter_execve") int f(void *ctx)
{
	char comm[16];

	bpf_get_current_comm(comm, 16);
	return comm[15];
}`, []mutation{
		{"comm, 16", "comm, 17", "buffer too small"},
		{"comm, 16", "comm + 1, 16", "buffer too small"},
	}},
	{"ctx-read", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 x = *(__u32 *)&ctx->ingress_ifindex;

	return x == 1 ? XDP_DROP : XDP_PASS;
}`, []mutation{
		{"*(__u32 *)", "*(__u64 *)", "invalid context access"},
		{"&ctx->ingress_ifindex", "((char *)ctx + 12)", "arithmetic on the context"},
	}},
	{"ctx-bad-offset", `
SEC("socket") int f(struct __sk_buff *skb)
{
	skb->len = 0; /* ERROR "invalid context access" */
	return 0;
}`, nil},
	{"adjust-head", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	void *old = data;

	if (data + 1 > data_end)
		return XDP_PASS;
	if (bpf_xdp_adjust_head(ctx, 0))
		return XDP_PASS;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + 1 > data_end)
		return XDP_PASS;
	return *(__u8 *)data ? XDP_DROP : XDP_PASS;
}`, []mutation{
		{"*(__u8 *)data", "*(__u8 *)old", "invalidated"},
	}},
	{"loop-bounded", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 n = bpf_get_prandom_u32() & 7;
	__u32 sum = 0;

	for (__u32 i = 0; i < n; i++)
		sum += i;
	return sum & 1;
}`, []mutation{
		{"& 7", "& 255", "add /*@ Inv"},
		{"i++", "i += 0", "add /*@ Inv"},
	}},
	{"loop-unbounded", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 n = bpf_get_prandom_u32();
	__u32 sum = 0;

	for (__u32 i = 0; i < n; i++) /* ERROR "add /*@ Inv" */
		sum += i;
	return sum & 1;
}`, nil},
	{"uninit-byte", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	char buf[4];

	buf[0] = 1;
	return buf[0] == 1 ? XDP_PASS : XDP_DROP;
}`, []mutation{
		{"return buf[0]", "return buf[1]", "uninitialised"},
	}},
	{"signed-index", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	char buf[8] = {};
	int i = (int)bpf_get_prandom_u32();

	if (i >= 0 && i < 8)
		return buf[i] == 0 ? XDP_PASS : XDP_DROP;
	return XDP_PASS;
}`, []mutation{
		{"i >= 0", "i >= -1", "out of bounds"},
		{"i >= 0 && ", "", "out of bounds"},
	}},
	{"unsigned-wrap", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	char buf[8] = {};
	__u32 i = bpf_get_prandom_u32() & 7;
	__u8 j = 255;

	j = j + 1;
	i = i - 8;
	i = i + 8;
	return buf[i] + buf[j] == 0 ? XDP_PASS : XDP_DROP;
}`, []mutation{
		{"__u8 j", "__u16 j", "out of bounds"},
		{"i = i + 8", "i = i + 9", "out of bounds"},
	}},
	{"return-range", `
SEC("socket") int f(struct __sk_buff *skb)
{
	return skb->len;
}`, nil},
	{"subprogram-contract", `
static __noinline void fill(__u8 *dst)
/*@ Require undef_chars(dst, 8)
    Ensure  exists l, chars(dst, 8, l) */
{
	for (int i = 0; i < 8; i++)
		dst[i] = i;
}

SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 buf[8];

	fill(buf);
	return buf[7] == 7 ? XDP_PASS : XDP_DROP;
}`, []mutation{
		{"i < 8", "i < 7", "postcondition of fill may not hold"},
		{"i < 8", "i < 9", "out of bounds"},
		{"__u8 buf[8]", "__u8 buf[7]", "buffer too small"},
	}},
	{"switch", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	char buf[4] = {};
	__u32 i = bpf_get_prandom_u32();

	switch (i) {
	case 0:
	case 1:
		return buf[i] ? XDP_DROP : XDP_PASS;
	case 3:
		i = 2;
		/* fall through */
	default:
		return XDP_PASS;
	}
}`, []mutation{
		{"case 1:", "case 4:", "out of bounds"},
	}},
	{"do-while", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	char buf[8];
	int i = 0;

	do {
		buf[i] = 1;
		i++;
	} while (i < 8);
	return buf[7] ? XDP_DROP : XDP_PASS;
}`, []mutation{
		{"i < 8", "i < 9", "out of bounds"},
	}},
	{"assert-cut", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	char buf[8] = {};
	__u32 i = bpf_get_prandom_u32() & 7;

	/*@ exists l, i < 8 && chars(buf, 8, l) */
	return buf[i] ? XDP_DROP : XDP_PASS;
}`, nil},
	{"assert-cut-forgets", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	char buf[8] = {};
	__u32 i = bpf_get_prandom_u32() & 7;

	/*@ i < 8 */
	return buf[i] ? XDP_DROP : XDP_PASS; /* ERROR "uninitialised" */
}`, nil},
	{"pointer-truncation", `
SEC("xdp") int f(struct xdp_md *ctx)
{
	char buf[8] = {};
	char *p = (char *)(long)(int)(long)buf;

	return *p ? XDP_DROP : XDP_PASS; /* ERROR "not a valid pointer" */
}`, nil},
	{"contract-call-havocs", `
static __noinline void touch(__u8 *p)
/*@ With l0
    Require chars(p, 8, l0) || undef_chars(p, 8)
    Ensure  exists l, chars(p, 8, l) */
{
	for (int i = 0; i < 8; i++)
		p[i] = 200;
}

SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 idx[8] = {};
	char buf[8] = {};

	touch(idx);
	return buf[idx[0]] ? XDP_DROP : XDP_PASS; /* ERROR "out of bounds" */
}`, nil},
	{"struct-copy", `
struct pair { __u32 a; __u32 b; };

SEC("xdp") int f(struct xdp_md *ctx)
{
	char buf[4] = {};
	struct pair x = {1, 2}, y;

	y = x;
	return buf[y.b] ? XDP_DROP : XDP_PASS;
}`, []mutation{
		{"struct pair x = {1, 2}, y;", "struct pair x, y;", "uninitialised"},
		{"{1, 2}", "{1, 4}", "out of bounds"},
	}},
	{"stack-too-big", `
SEC("xdp") int f(struct xdp_md *ctx) /* ERROR "512 bytes" */
{
	char a[300] = {}, b[300] = {};

	return a[1] + b[1] ? XDP_DROP : XDP_PASS;
}`, nil},
	{"noinline-without-contract", `
static __noinline int two(void) /* ERROR "no contract" */
{
	return 2;
}

SEC("xdp") int f(struct xdp_md *ctx)
{
	return two();
}`, nil},
}

func TestCases(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			check(t, c.name, c.src)
			for _, m := range c.mutants {
				if !strings.Contains(c.src, m.old) {
					t.Fatalf("mutation %q not found", m.old)
				}
				src := strings.Replace(c.src, m.old, m.new, 1)
				diags, err := run(c.name, src)
				if err != nil {
					t.Errorf("mutant %q -> %q: %v", m.old, m.new, err)
					continue
				}
				if len(diags) == 0 {
					t.Errorf("mutant %q -> %q verifies; it must be rejected", m.old, m.new)
					continue
				}
				if !strings.Contains(diags[0].Error(), m.want) {
					t.Errorf("mutant %q -> %q rejected with %q; want %q", m.old, m.new, diags[0].Error(), m.want)
				}
			}
		})
	}
}

func run(name, src string) ([]*Diagnostic, error) {
	return verifyFile(name+".c", []byte(prelude+src))
}

// check verifies src and compares with its ERROR marker.
func check(t *testing.T, name, src string) {
	t.Helper()
	diags, err := run(name, src)
	if err != nil {
		t.Fatalf("invalid program: %v", err)
	}
	wantLine, want := 0, ""
	for i, line := range strings.Split(prelude+src, "\n") {
		if m := errorMarker.FindStringSubmatch(line); m != nil {
			wantLine, want = i+1, m[1]
		}
	}
	if wantLine == 0 {
		if len(diags) > 0 {
			t.Fatalf("safe program rejected:\n%s", diags[0].Error())
		}
		return
	}
	if len(diags) == 0 {
		t.Fatalf("unsafe program verified")
	}
	d := diags[0]
	if d.Pos.Line != wantLine || !strings.Contains(d.Error(), want) {
		t.Fatalf("rejected at line %d with %q; want line %d with %q", d.Pos.Line, d.Error(), wantLine, want)
	}
}

var _ = cparse.Parse
