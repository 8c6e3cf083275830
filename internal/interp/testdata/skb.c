// Reads bytes with bpf_skb_load_bytes and counts packets by length in a
// hash map.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} by_len SEC(".maps");

SEC("tc")
int skb(struct __sk_buff *skb)
{
	__u8 buf[4] = {};
	if (bpf_skb_load_bytes(skb, 12, buf, 2) < 0)
		return 0;
	__u32 k = skb->len;
	__u64 one = 1, *v = bpf_map_lookup_elem(&by_len, &k);
	if (v)
		*v += buf[0];
	else
		bpf_map_update_elem(&by_len, &k, &one, BPF_NOEXIST);
	if (bpf_skb_load_bytes(skb, 1000, buf, 4) == 0)
		return 1;
	return skb->len + buf[1] + skb->protocol;
}

char _license[] SEC("license") = "GPL";
