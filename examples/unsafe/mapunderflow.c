// expect: unsafe: map key out of range
/* mapunderflow updates an array map at key -1, which is not in
 * [0, max_entries). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
int mapunderflow(struct xdp_md *ctx)
{
	int key = -1;
	__u64 one = 1;

	bpf_map_update_elem(&counts, &key, &one, BPF_ANY); /* ERROR "key out of range" */
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
