// expect: safe
/* map_in_map looks up an inner map in an array of maps and then increments
 * the counter that the inner map holds. The second lookup's map argument is
 * the (null-checked) result of the first; its value size comes from the
 * outer map's inner-map template. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct counter_array {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct counter_array);
} tables SEC(".maps") = {
	.values = {[0] = &counters},
};

SEC("xdp")
int map_in_map(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u32 slot = 3;
	void *inner = bpf_map_lookup_elem(&tables, &key);
	__u64 *count;

	if (!inner)
		return XDP_PASS;
	count = bpf_map_lookup_elem(inner, &slot);
	if (!count)
		return XDP_PASS;
	*count += 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
