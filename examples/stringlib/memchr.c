// expect: safe
/* memchr: memchr as a subprogram with a contract that returns a pointer into
 * its argument, called on a stack buffer and on a map value. */
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

/* mem_chr returns a pointer to the first of the n bytes at s that equals c,
 * converted to unsigned char, or NULL if none does. */
static __noinline void *mem_chr(const void *s, int c, __u32 n)
/*@ With l
    Require STRBUF(s, n, l)
    Ensure  (__return == 0 || s <= __return && __return < s + n) && STRBUF(s, n, l) */
{
	const unsigned char *p = s;

	/*@ Inv i <= n Variant n - i */
	for (__u32 i = 0; i < n; i++)
		if (p[i] == (unsigned char)c)
			return (void *)(p + i);
	return NULL;
}

SEC("xdp")
int xdp_memchr(struct xdp_md *ctx)
{
	char pair[CAP] = "key=value";
	__u32 key = 0;
	char *value = bpf_map_lookup_elem(&strs, &key);
	char *eq = mem_chr(pair, '=', sizeof(pair));

	if (eq)
		*eq = ':';
	if (value) {
		char *end = mem_chr(value, 0, CAP);

		if (!end)
			return XDP_DROP;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
