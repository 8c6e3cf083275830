// expect: safe
/* xdp_adjust_tail answers IPv4 ICMP packets longer than MAX_PCKT_SIZE with
 * an ICMP "fragmentation needed" message, as a router with a small MTU
 * would. It shrinks the packet with bpf_xdp_adjust_tail to the size of the
 * reply, re-reads data and data_end (the helper invalidates every packet
 * pointer), copies the original IPv4 header and the first 8 bytes of its
 * payload behind the new headers, builds the ICMP and IPv4 headers with
 * the addresses swapped, computes both checksums in loops over 16-bit words
 * and sends the packet back with XDP_TX. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/icmp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MAX_PCKT_SIZE	600
#define DEFAULT_TTL	64

/* The reply: Ethernet, IPv4 and ICMP headers, then the quoted original
 * IPv4 header (without options) and 8 bytes of its payload. */
#define IP_OFF		ETH_HLEN
#define ICMP_OFF	(IP_OFF + sizeof(struct iphdr))
#define QUOTE_OFF	(ICMP_OFF + sizeof(struct icmphdr))
#define QUOTE_LEN	(sizeof(struct iphdr) + 8)
#define REPLY_LEN	(QUOTE_OFF + QUOTE_LEN)

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} icmp_sent SEC(".maps");

/* csum returns the Internet checksum of the len bytes (len even) at start. */
static __always_inline __u16 csum(const void *start, int len)
{
	const __u16 *word = start;
	__u32 sum = 0;
	int i;

	for (i = 0; i < len / 2; i++)
		sum += word[i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

SEC("xdp")
int xdp_icmp_too_big(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + IP_OFF;
	struct iphdr *quoted;
	struct icmphdr *icmp;
	__u8 *from, *to, mac;
	__u32 key = 0;
	__u64 *sent;
	unsigned int i;
	int len;

	if (data + REPLY_LEN > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5 || ip->protocol != IPPROTO_ICMP)
		return XDP_PASS;
	len = data_end - data;
	if (len <= MAX_PCKT_SIZE)
		return XDP_PASS;

	if (bpf_xdp_adjust_tail(ctx, (int)REPLY_LEN - len))
		return XDP_PASS;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + REPLY_LEN > data_end)
		return XDP_DROP;
	eth = data;
	ip = data + IP_OFF;
	icmp = data + ICMP_OFF;
	quoted = data + QUOTE_OFF;

	/* Quote the original header and 8 bytes of payload. */
	from = data + IP_OFF;
	to = data + QUOTE_OFF;
	for (i = 0; i < QUOTE_LEN; i++)
		to[i] = from[i];

	for (i = 0; i < ETH_ALEN; i++) {
		mac = eth->h_dest[i];
		eth->h_dest[i] = eth->h_source[i];
		eth->h_source[i] = mac;
	}

	icmp->type = ICMP_DEST_UNREACH;
	icmp->code = ICMP_FRAG_NEEDED;
	icmp->checksum = 0;
	icmp->un.frag.__unused = 0;
	icmp->un.frag.mtu = bpf_htons(MAX_PCKT_SIZE - ETH_HLEN);
	icmp->checksum = csum(icmp, sizeof(struct icmphdr) + QUOTE_LEN);

	ip->version = 4;
	ip->ihl = 5;
	ip->tos = 0;
	ip->tot_len = bpf_htons(REPLY_LEN - ETH_HLEN);
	ip->id = 0;
	ip->frag_off = 0;
	ip->ttl = DEFAULT_TTL;
	ip->protocol = IPPROTO_ICMP;
	ip->saddr = quoted->daddr;
	ip->daddr = quoted->saddr;
	ip->check = 0;
	ip->check = csum(ip, sizeof(struct iphdr));

	sent = bpf_map_lookup_elem(&icmp_sent, &key);
	if (sent)
		__sync_fetch_and_add(sent, 1);
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
