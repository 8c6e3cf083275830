// Pushes a 4-byte tag in front of the packet and grows its tail.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int push(struct xdp_md *ctx)
{
	if (bpf_xdp_adjust_head(ctx, -4))
		return XDP_ABORTED;
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	if (data + 4 + 14 > end)
		return XDP_DROP;
	*(__u32 *)data = 0xdeadbeef;
	if (bpf_xdp_adjust_tail(ctx, 6))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + 24 > end)
		return XDP_ABORTED;
	return ((__u8 *)data)[23] == 0 ? XDP_PASS : XDP_DROP;
}

char _license[] SEC("license") = "GPL";
