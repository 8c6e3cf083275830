// expect: safe
/* strchr: a bounded strchr as a subprogram with a contract that returns a
 * pointer into its argument, called on part of a stack buffer and on a map
 * value; the callers write and read through the returned pointer. */
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
#include <stddef.h>

/* str_chr returns a pointer to the first occurrence of c, converted to char,
 * in the string at s, a buffer of cap bytes, or NULL if the string (cut at
 * cap - 1 bytes) does not contain it. As in C, the terminator is part of the
 * string. */
static __noinline char *str_chr(const char *s, int c, __u32 cap)
/*@ With l
    Require 0 < cap && STRBUF(s, cap, l)
    Ensure  (__return == 0 || s <= __return && __return < s + cap) && STRBUF(s, cap, l) */
{
	__u32 i = 0;

	/*@ Inv i < cap Variant cap - i */
	while (i + 1 < cap && s[i] != (char)c && s[i] != 0)
		i++;
	return s[i] == (char)c ? (char *)s + i : NULL;
}

SEC("xdp")
int xdp_strchr(struct xdp_md *ctx)
{
	char path[CAP] = "/usr/bin/env";
	__u32 key = 0;
	char *value = bpf_map_lookup_elem(&strs, &key);
	char *slash = str_chr(path + 1, '/', CAP - 1);

	if (slash)
		*slash = 0;
	if (value) {
		char *at = str_chr(value, '@', CAP);

		if (at && *at != '@')
			return XDP_DROP;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
