// clobber's contract promises that the array at c keeps its contents l,
// but the body overwrites c[0]; vep.Verify verifies clobber anyway. The
// caller then trusts idx[0] == 0 and indexes a 4-byte stack array with
// the 100000 that clobber stored: the read is far outside the stack.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __noinline void clobber(__u32 *c)
/*@ With l Require array(c, u32, 4, l) Ensure array(c, u32, 4, l) */
{
	c[0] = 100000;
}

SEC("xdp")
int f(struct xdp_md *ctx)
{
	__u32 idx[4] = {0, 1, 2, 3};
	__u8 buf[4] = {1, 2, 3, 4};

	buf[bpf_get_prandom_u32() & 3] = 0;
	clobber(idx);
	return buf[idx[0]];
}

char LICENSE[] SEC("license") = "GPL";
