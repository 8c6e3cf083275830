// An always_inline function returns the address of its own local array;
// the array's lifetime ends with the call (C: undefined behaviour), yet
// vep.Verify accepts the read through the returned pointer. clang -O2
// does not even materialise the pointer: the bytecode does invalid
// arithmetic on the stack pointer and reads garbage.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __always_inline __u8 *leak(__u32 x)
{
	__u8 b[4] = {1, 2, 3, 4};
	b[x & 3] = 0;
	return b;
}

SEC("xdp")
int f(struct xdp_md *ctx)
{
	__u32 x = bpf_get_prandom_u32();
	__u8 *p = leak(x);
	__u8 other[4] = {};
	other[x & 3] = 7;
	return p[(x + 1) & 3] + other[0];
}

char LICENSE[] SEC("license") = "GPL";
