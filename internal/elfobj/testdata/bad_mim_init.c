#include "bpf.h"
struct inner_def {
	__uint(type, 2);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} in0 SEC(".maps");
struct {
	__uint(type, 12);
	__uint(max_entries, 2);
	__uint(key_size, 4);
	__array(values, struct inner_def);
} outer SEC(".maps") = { .values = { &in0 } };
SEC("xdp") int xdp_init(struct xdp_md *ctx) { return 2; }
