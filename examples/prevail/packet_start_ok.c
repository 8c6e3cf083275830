// expect: safe
/* packet_start_ok increments the first 32-bit word of the packet after
 * checking that the packet holds at least 4 bytes. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int packet_start_ok(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 *word = data;

	if ((void *)(word + 1) > data_end)
		return XDP_DROP;
	*word = *word + 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
