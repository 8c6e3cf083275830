// expect: safe
/* dependent_read records in a flag whether the packet holds 8 bytes and,
 * further down, reads the packet only when the flag is set. The read is safe
 * because the two branches are correlated: a verifier that joins the paths
 * after the first branch forgets why the flag was set. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int dependent_read(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	int long_enough = 0;
	__u32 action = XDP_PASS;

	if (data + 8 <= data_end)
		long_enough = 1;
	if (bpf_get_prandom_u32() & 1)
		action = XDP_DROP;
	if (long_enough && *(__u32 *)(data + 4) == 0)
		action = XDP_TX;
	return action;
}

char LICENSE[] SEC("license") = "GPL";
