// expect: safe
/* loop copies packet bytes into a 40-byte stack array until the packet ends
 * (or the array is full) and then adds up the whole array. Both loops run at
 * most 40 times, so they are unrolled and need no invariant; the array is
 * zeroed first so that the bytes the packet did not reach are initialised. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define LEN 40

SEC("xdp")
int loop(struct xdp_md *ctx)
{
	__u8 *data = (__u8 *)(long)ctx->data;
	__u8 *data_end = (__u8 *)(long)ctx->data_end;
	__u8 buf[LEN] = {};
	__u32 sum = 0;

	for (int i = 0; i < LEN; i++) {
		if (data + i + 1 > data_end)
			break;
		buf[i] = data[i];
	}
	for (int i = 0; i < LEN; i++)
		sum += buf[i];
	return sum & 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
