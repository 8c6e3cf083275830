// expect: safe
/* strncat: a bounded strncat as a subprogram with a contract, appending part
 * of a map value and an unterminated stack array to a stack buffer. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define CAP 32

/* strs holds one string buffer of CAP bytes. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[CAP]);
} strs SEC(".maps");

/* VALUE(s, n) says that s points to a value of strs, at least n bytes long,
 * whose contents other CPUs may change at any time. */
#define VALUE(s, n) (map_value(strs, s) && (n) <= value_size(strs))

/* STRBUF(s, n, l) says that s points to n readable bytes: stack bytes holding
 * l, or a value of strs (l then says nothing). */
#define STRBUF(s, n, l) (chars(s, n, l) || VALUE(s, n))

/* str_ncat appends at most n bytes of the string at src (which need not be
 * terminated within them) to the string at dst, a buffer of cap bytes, cuts
 * the result to cap - 1 bytes, terminates it and returns its length. */
static __noinline __u32 str_ncat(char *dst, const char *src, __u32 n, __u32 cap)
/*@ With d l
    Require 0 < cap && chars(dst, cap, d) * STRBUF(src, n, l)
    Ensure  exists m, __return < cap && chars(dst, cap, m) * STRBUF(src, n, l) */
{
	__u32 i = 0, j = 0;

	/*@ Inv i < cap Variant cap - i */
	while (i + 1 < cap && dst[i] != 0)
		i++;
	/*@ Inv exists m, j <= n && i < cap && chars(dst, cap, m) Variant n - j */
	while (j < n && i + 1 < cap && src[j] != 0)
		dst[i++] = src[j++];
	dst[i] = 0;
	return i;
}

SEC("xdp")
int xdp_strncat(struct xdp_md *ctx)
{
	char line[CAP] = "user ";
	char ext[3] = {'.', 'r', 'c'};
	__u32 key = 0;
	char *name = bpf_map_lookup_elem(&strs, &key);
	__u32 len = 0;

	if (name)
		len = str_ncat(line, name, 8, CAP);
	len = str_ncat(line, ext, sizeof(ext), CAP);
	return line[len] == 0 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
