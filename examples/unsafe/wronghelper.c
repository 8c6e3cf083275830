// expect: unsafe: helper not allowed for the program type
/* wronghelper calls bpf_sock_map_update, a helper for sock_ops programs, from
 * an XDP program. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} socks SEC(".maps");

SEC("xdp")
int wronghelper(struct xdp_md *ctx)
{
	__u32 key = 0;

	bpf_sock_map_update((void *)ctx, &socks, &key, BPF_ANY); /* ERROR "not allowed" */
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
