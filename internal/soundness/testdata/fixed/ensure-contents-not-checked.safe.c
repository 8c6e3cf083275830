// Safe twin of ensure-contents-not-checked.c: peek only reads the array,
// so its Ensure may restate the contents l of its Require, and the caller
// keeps knowing idx[0] == 0 across the call.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __noinline __u32 peek(__u32 *c)
/*@ With l Require array(c, u32, 4, l) Ensure array(c, u32, 4, l) */
{
	return c[1];
}

SEC("xdp")
int f(struct xdp_md *ctx)
{
	__u32 idx[4] = {0, 1, 2, 3};
	__u8 buf[4] = {1, 2, 3, 4};

	if (bpf_get_prandom_u32() & 1)
		buf[2] = 0;
	peek(idx);
	return buf[idx[0]];
}

char LICENSE[] SEC("license") = "GPL";
