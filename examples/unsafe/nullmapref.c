// expect: unsafe: map value may be null
/* nullmapref increments a map value without checking that the lookup found
 * one. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
int nullmapref(struct xdp_md *ctx)
{
	__u32 key = ctx->ingress_ifindex;
	__u64 *count = bpf_map_lookup_elem(&counts, &key);

	*count += 1; /* ERROR "may be null" */
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
