// expect: unsafe: pointer arithmetic on a map pointer
/* badmapptr passes the address of a map plus one to bpf_map_lookup_elem. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
int badmapptr(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *count = bpf_map_lookup_elem((char *)&counts + 1, &key); /* ERROR "arithmetic on a map pointer" */

	if (count)
		*count += 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
