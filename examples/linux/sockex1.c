// expect: safe
/* sockex1 is a socket filter that counts, per IP protocol, the bytes of the
 * outgoing packets it sees. It reads the protocol byte of the IPv4 header
 * with bpf_skb_load_bytes and adds skb->len atomically to the slot of an
 * array map indexed by that byte. */
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 256);
} proto_bytes SEC(".maps");

SEC("socket")
int sockex1(struct __sk_buff *skb)
{
	__u8 proto;
	__u32 index;
	__u64 *bytes;

	if (bpf_skb_load_bytes(skb, ETH_HLEN + offsetof(struct iphdr, protocol), &proto, 1) < 0)
		return 0;
	if (skb->pkt_type != PACKET_OUTGOING)
		return 0;

	index = proto;
	bytes = bpf_map_lookup_elem(&proto_bytes, &index);
	if (bytes)
		__sync_fetch_and_add(bytes, skb->len);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
