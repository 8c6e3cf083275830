// expect: safe
/* twomaps picks one of two array maps whose values have the same size, at
 * random, and reads the value it finds there. Both paths reach the same
 * lookup with a different map, so the map argument of the call is known only
 * as "one of the two"; the read is safe because both value sizes are 8. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} left SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} right SEC(".maps");

SEC("xdp")
int twomaps(struct xdp_md *ctx)
{
	__u32 key = 0;
	void *map = &left;
	__u64 *value;

	if (bpf_get_prandom_u32() & 1)
		map = &right;
	value = bpf_map_lookup_elem(map, &key);
	if (!value)
		return XDP_PASS;
	return *value & 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
