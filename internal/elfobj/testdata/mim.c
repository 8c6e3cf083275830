#include "bpf.h"
struct inner_def {
	__uint(type, 2);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
};
struct {
	__uint(type, 12); /* BPF_MAP_TYPE_ARRAY_OF_MAPS */
	__uint(max_entries, 8);
	__uint(key_size, 4);
	__array(values, struct inner_def);
} outer SEC(".maps");
struct val { __u32 a, b, c; };
struct {
	__uint(type, 1); /* BPF_MAP_TYPE_HASH */
	__uint(max_entries, 128);
	__uint(key_size, 6);
	__uint(value_size, 16);
	__uint(map_flags, 1); /* BPF_F_NO_PREALLOC */
} h SEC(".maps");
struct {
	__uint(type, 6); /* BPF_MAP_TYPE_PERCPU_ARRAY */
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct val);
} pc SEC(".maps");

SEC("xdp") int xdp_mim(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u8 hk[6] = {1, 2, 3, 4, 5, 6};
	void *in = bpf_map_lookup_elem(&outer, &k);
	if (!in)
		return 1;
	__u32 *v = bpf_map_lookup_elem(in, &k);
	if (!v)
		return 1;
	if (!bpf_map_lookup_elem(&h, hk))
		return 1;
	struct val *p = bpf_map_lookup_elem(&pc, &k);
	if (!p)
		return 1;
	return (*v + p->c) & 3;
}
