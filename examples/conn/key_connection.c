// expect: safe
/* key_connection is an XDP program that counts packets and bytes per
 * connection. It parses the Ethernet header, the IPv4 header including its
 * options (the header is ihl * 4 bytes long, so the transport header lies
 * at a variable offset) and the TCP or UDP header, builds the 5-tuple key
 * (addresses, ports, protocol) and adds to the connection's entry of a hash
 * map, inserting the entry for the first packet. Every packet passes. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct conn_key {
	__be32 saddr;
	__be32 daddr;
	__be16 sport;
	__be16 dport;
	__u8 proto;
	__u8 pad[3];
};

struct conn_stats {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct conn_key);
	__type(value, struct conn_stats);
	__uint(max_entries, 65536);
} conns SEC(".maps");

SEC("xdp")
int key_connection(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct conn_key key = {};
	struct conn_stats *stats;
	struct iphdr *ip;
	__u32 hdr_len;
	__u64 bytes;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	hdr_len = ip->ihl * 4;
	if (hdr_len < sizeof(struct iphdr))
		return XDP_PASS;

	key.saddr = ip->saddr;
	key.daddr = ip->daddr;
	key.proto = ip->protocol;
	if (ip->protocol == IPPROTO_TCP) {
		struct tcphdr *tcp = (void *)ip + hdr_len;

		if ((void *)(tcp + 1) > data_end)
			return XDP_PASS;
		key.sport = tcp->source;
		key.dport = tcp->dest;
	} else if (ip->protocol == IPPROTO_UDP) {
		struct udphdr *udp = (void *)ip + hdr_len;

		if ((void *)(udp + 1) > data_end)
			return XDP_PASS;
		key.sport = udp->source;
		key.dport = udp->dest;
	} else {
		return XDP_PASS;
	}

	bytes = data_end - data;
	stats = bpf_map_lookup_elem(&conns, &key);
	if (stats) {
		__sync_fetch_and_add(&stats->packets, 1);
		__sync_fetch_and_add(&stats->bytes, bytes);
	} else {
		struct conn_stats first = { .packets = 1, .bytes = bytes };

		bpf_map_update_elem(&conns, &key, &first, BPF_NOEXIST);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
