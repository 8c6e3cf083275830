// expect: safe
/* twotypes reads through a pointer that points either into a stack buffer or
 * to a map value. Where the two paths meet, the pointer has one of two
 * region kinds; the read is safe on both. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} values SEC(".maps");

SEC("xdp")
int twotypes(struct xdp_md *ctx)
{
	__u64 buf[4] = {1, 2, 3, 4};
	__u32 key = 0;
	__u64 *p = &buf[2];
	__u64 *value = bpf_map_lookup_elem(&values, &key);

	if (value && (bpf_get_prandom_u32() & 1))
		p = value;
	return *p == 3 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
