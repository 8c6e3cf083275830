// expect: safe
/* bpf2bpf calls two subprograms that are kept out of line (__noinline) and
 * therefore carry contracts. Each works in a stack array of its own frame and
 * writes the result into the caller's stack array through a pointer: fill
 * initialises it, reverse permutes it. The caller then reads every byte, which
 * is safe because fill's contract says all N bytes are initialised and
 * reverse's says they stay so. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define N 16

/* fill writes N random bytes to dst, generating them in a local array. */
static __noinline void fill(__u8 *dst)
/*@ Require undef_chars(dst, N)
    Ensure  exists l, chars(dst, N, l) */
{
	__u8 tmp[N];

	for (int i = 0; i < N; i++)
		tmp[i] = bpf_get_prandom_u32();
	for (int i = 0; i < N; i++)
		dst[i] = tmp[i];
}

/* reverse reverses the N bytes at buf, going through a local copy. */
static __noinline void reverse(__u8 *buf)
/*@ With l
    Require chars(buf, N, l)
    Ensure  exists m, chars(buf, N, m) */
{
	__u8 tmp[N];

	for (int i = 0; i < N; i++)
		tmp[i] = buf[i];
	for (int i = 0; i < N; i++)
		buf[i] = tmp[N - 1 - i];
}

SEC("xdp")
int bpf2bpf(struct xdp_md *ctx)
{
	__u8 buf[N];
	__u32 sum = 0;

	fill(buf);
	reverse(buf);
	for (int i = 0; i < N; i++)
		sum += buf[i];
	return sum & 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
