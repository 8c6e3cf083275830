// expect: unsafe: packet pointer invalidated by a helper call
/* packet_reallocate writes through a packet pointer after
 * bpf_skb_change_head, which may move the packet data and so invalidates
 * every packet pointer taken before it. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int packet_reallocate(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	__u8 *first = data;

	if ((void *)(first + 1) > data_end)
		return TC_ACT_OK;
	if (bpf_skb_change_head(skb, 14, 0))
		return TC_ACT_SHOT;
	*first = 0; /* ERROR "invalidated" */
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
