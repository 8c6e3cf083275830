// expect: safe
/* strcat: a bounded strcat as a subprogram with a contract, appending a stack
 * string and a map value to a stack buffer. */
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

/* str_cat appends the string at src to the string at dst, both in buffers of
 * cap bytes, cuts the result to cap - 1 bytes, terminates it and returns its
 * length. */
static __noinline __u32 str_cat(char *dst, const char *src, __u32 cap)
/*@ With d l
    Require 0 < cap && chars(dst, cap, d) * STRBUF(src, cap, l)
    Ensure  exists m, __return < cap && chars(dst, cap, m) * STRBUF(src, cap, l) */
{
	__u32 i = 0, j = 0;

	/*@ Inv i < cap Variant cap - i */
	while (i + 1 < cap && dst[i] != 0)
		i++;
	/*@ Inv exists m, j <= i && i < cap && chars(dst, cap, m) Variant cap - i */
	while (i + 1 < cap && src[j] != 0)
		dst[i++] = src[j++];
	dst[i] = 0;
	return i;
}

SEC("xdp")
int xdp_strcat(struct xdp_md *ctx)
{
	char line[CAP] = "hello";
	char sep[CAP] = ", ";
	__u32 key = 0;
	char *name = bpf_map_lookup_elem(&strs, &key);
	__u32 len = str_cat(line, sep, CAP);

	if (name)
		len = str_cat(line, name, CAP);
	return line[len] == 0 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
