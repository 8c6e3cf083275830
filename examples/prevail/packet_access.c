// expect: safe
/* packet_access reads a 32-bit word at a random 4-aligned offset below 256,
 * after checking that the packet extends 4 bytes past that offset. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int packet_access(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 off = bpf_get_prandom_u32() & 0xfc;

	if (data + off + 4 > data_end)
		return XDP_PASS;
	return *(__u32 *)(data + off) == 0 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
