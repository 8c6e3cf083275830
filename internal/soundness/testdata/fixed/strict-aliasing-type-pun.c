// The mutant prevail/twostackvars.c:type:0 of the corpus (words made __u64).
// The array is written as __u64 and read through a __u32 pointer. Under
// vep's byte-level semantics every byte read is initialised, but clang -O2
// assumes strict aliasing (a __u32 load cannot read a __u64 object), drops
// the stores as dead, and the bytecode reads uninitialised stack.
// vep.Verify accepts it; with -fno-strict-aliasing clang keeps the stores.
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
	__u64 words[2 * HALF];
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
