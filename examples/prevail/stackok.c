// expect: safe
/* stackok reads one byte of a zeroed 256-byte stack array at a random index
 * masked to 0..255: a read at a variable stack offset, in bounds and
 * initialised whatever the index. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int stackok(struct xdp_md *ctx)
{
	__u8 table[256] = {};
	__u32 i = bpf_get_prandom_u32() & 255;

	return table[i] == 0 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
