// expect: safe
/* strlen: a bounded strlen as a subprogram with a contract, called on a stack
 * buffer and on a map value. */
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

/* str_len returns the length of the string at s, a buffer of cap bytes: the
 * index of its first NUL byte, or cap - 1 if the first cap - 1 bytes hold
 * none. */
static __noinline __u32 str_len(const char *s, __u32 cap)
/*@ With l
    Require 0 < cap && STRBUF(s, cap, l)
    Ensure  __return < cap && STRBUF(s, cap, l) */
{
	__u32 i = 0;

	/*@ Inv i < cap Variant cap - i */
	while (i + 1 < cap && s[i] != 0)
		i++;
	return i;
}

SEC("xdp")
int xdp_strlen(struct xdp_md *ctx)
{
	char greeting[CAP] = "hello, world";
	__u32 key = 0;
	char *name = bpf_map_lookup_elem(&strs, &key);
	__u32 len = str_len(greeting, CAP);

	if (name)
		len += str_len(name, CAP);
	return len < CAP ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
