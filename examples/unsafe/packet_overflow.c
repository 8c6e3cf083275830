// expect: unsafe: packet access out of bounds
/* packet_overflow checks only that the packet does not end before it starts
 * (data > data_end) and then reads and writes its first 4 bytes, which an
 * empty packet does not have. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int packet_overflow(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 *word = data;

	if (data > data_end)
		return XDP_DROP;
	*word += 1; /* ERROR "out of bounds" */
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
