// Parses Ethernet and IPv4, counts packets per IP protocol, swaps the MAC
// addresses and sums the first bytes of the packet in a subprogram.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} proto_count SEC(".maps");

static __noinline __u32 sum(const __u8 *p, const __u8 *end)
{
	__u32 s = 0;
	for (int i = 0; i < 64; i++) {
		if (p + i + 1 > end)
			break;
		s = s * 31 + p[i];
	}
	return s;
}

SEC("xdp")
int parse(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > end)
		return XDP_ABORTED;
	__u32 key = 0;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);
		if ((void *)(ip + 1) > end)
			return XDP_DROP;
		key = ip->protocol;
	}
	__u64 *c = bpf_map_lookup_elem(&proto_count, &key);
	if (c)
		__sync_fetch_and_add(c, 1);
	__u8 tmp[ETH_ALEN];
	__builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
	__u32 s = sum(data, end);
	return (s & 1) ? XDP_PASS : XDP_TX;
}

char _license[] SEC("license") = "GPL";
