// p points into buf after buf's block has ended: buf's lifetime is over,
// so its storage is no longer owned (C: undefined behaviour). clang -O2
// drops the stores to buf as dead and the read through p sees
// uninitialised stack. vep.Verify accepts it.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
SEC("xdp")
int f(struct xdp_md *ctx)
{
	__u8 *p;
	__u32 i = bpf_get_prandom_u32() & 31;
	{
		__u8 buf[32] = {};
		buf[i] = 1;
		p = buf;
	}
	{
		__u8 other[32];
		other[i] = 2;
		return other[i] + p[(i + 1) & 31];
	}
}
char LICENSE[] SEC("license") = "GPL";
