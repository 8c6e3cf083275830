#include "bpf.h"
static __attribute__((noinline)) int add3(int a) { return a + 3; }
__attribute__((noinline)) int twice(int a) { return a * 2 + add3(a); }

SEC("xdp") int xdp_calls(struct xdp_md *ctx)
{
	return (twice(ctx->ingress_ifindex) + add3(ctx->rx_queue_index)) & 3;
}

SEC("xdp") int xdp_other(struct xdp_md *ctx)
{
	return add3(ctx->ingress_ifindex) & 3;
}
