// Safe twin of strict-aliasing-type-pun.c: the array has the type it is read
// through (the corpus program prevail/twostackvars.c).
/* twostackvars fills one half of a stack array, chosen on a random bit, and
 * reads back through a pointer to that half at a random masked index. Only
 * the chosen half is initialised, so the read is safe only because the
 * pointer and the filled half are chosen together. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define HALF 8

SEC("xdp")
int twostackvars(struct xdp_md *ctx)
{
	__u32 words[2 * HALF];
	__u32 *half;

	if (bpf_get_prandom_u32() & 1) {
		for (int i = 0; i < HALF; i++)
			words[i] = i;
		half = &words[0];
	} else {
		for (int i = HALF; i < 2 * HALF; i++)
			words[i] = bpf_get_prandom_u32();
		half = &words[HALF];
	}
	return half[bpf_get_prandom_u32() & (HALF - 1)] & 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
