// expect: safe
/* strcpy: a bounded strcpy as a subprogram with a contract, copying from a
 * stack buffer and from a map value into uninitialised stack buffers. */
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

/* PREFIX(p, i, n) says that of the n bytes at p, the first i are initialised
 * and the rest are not. */
#define PREFIX(p, i, n) (exists m, chars(p, i, m) * undef_chars((p) + (i), (n) - (i)))

/* str_cpy copies the string at src, cut to cap - 1 bytes, and its NUL
 * terminator into dst, and returns the string's length. Both buffers hold cap
 * bytes; those of dst past the terminator are left alone. */
static __noinline __u32 str_cpy(char *dst, const char *src, __u32 cap)
/*@ With l
    Require 0 < cap && undef_chars(dst, cap) * STRBUF(src, cap, l)
    Ensure  __return < cap && PREFIX(dst, __return + 1, cap) * STRBUF(src, cap, l) */
{
	__u32 i = 0;

	/*@ Inv i < cap && PREFIX(dst, i, cap) Variant cap - i */
	while (i + 1 < cap && src[i] != 0) {
		dst[i] = src[i];
		i++;
	}
	dst[i] = 0;
	return i;
}

SEC("xdp")
int xdp_strcpy(struct xdp_md *ctx)
{
	char greeting[CAP] = "hello, world";
	char copy[CAP];
	char name[CAP];
	__u32 key = 0;
	char *value = bpf_map_lookup_elem(&strs, &key);
	__u32 len = str_cpy(copy, greeting, CAP);

	if (value) {
		__u32 name_len = str_cpy(name, value, CAP);

		if (name[name_len] != 0)
			return XDP_DROP;
	}
	return copy[len] == 0 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
