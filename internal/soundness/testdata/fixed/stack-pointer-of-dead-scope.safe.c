// Safe twin of stack-pointer-of-dead-scope.c: buf is declared in the
// enclosing block, so it is still alive where p is read; a block-scoped
// array re-entered in a loop is fresh (and initialised) on each entry.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
SEC("xdp")
int f(struct xdp_md *ctx)
{
	__u8 *p;
	__u32 i = bpf_get_prandom_u32() & 31;
	__u8 buf[32] = {};
	__u32 sum = 0;
	{
		buf[i] = 1;
		p = buf;
	}
	for (int k = 0; k < 4; k++) {
		__u8 tmp[4] = {};
		tmp[k] = 2;
		sum += tmp[k];
	}
	{
		__u8 other[32];
		other[i] = 2;
		return other[i] + p[(i + 1) & 31] + sum;
	}
}
char LICENSE[] SEC("license") = "GPL";
