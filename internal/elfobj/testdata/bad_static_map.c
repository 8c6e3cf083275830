#include "bpf.h"
static struct {
	__uint(type, 2);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} sarr SEC(".maps");
SEC("xdp") int xdp_static(struct xdp_md *ctx)
{
	__u32 k = 0;
	return bpf_map_lookup_elem(&sarr, &k) ? 2 : 1;
}
