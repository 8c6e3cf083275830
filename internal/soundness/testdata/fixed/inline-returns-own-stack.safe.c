// Safe twin of inline-returns-own-stack.c: the inlined function reads its
// own array and returns the byte, not the array's address.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __always_inline __u8 pick(__u32 x)
{
	__u8 b[4] = {1, 2, 3, 4};
	if (x & 1)
		b[0] = 0;
	return x & 2 ? b[1] : b[0];
}

SEC("xdp")
int f(struct xdp_md *ctx)
{
	__u32 x = bpf_get_prandom_u32();
	__u8 v = pick(x);
	__u8 other[4] = {};
	if (x & 4)
		other[1] = 7;
	return v + other[0];
}

char LICENSE[] SEC("license") = "GPL";
