// expect: unsafe: pointer arithmetic on the context
/* ctxoffset moves the context pointer by 8 bytes and passes the result to
 * bpf_skb_load_bytes, which needs the context itself. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int ctxoffset(struct __sk_buff *skb)
{
	__u32 word = 0;

	bpf_skb_load_bytes((char *)skb + 8, 0, &word, sizeof(word)); /* ERROR "arithmetic on the context" */
	return word == 0 ? 0 : skb->len;
}

char LICENSE[] SEC("license") = "GPL";
