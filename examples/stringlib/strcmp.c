// expect: safe
/* strcmp: a bounded strcmp as a subprogram with a contract, comparing a stack
 * string with another and with a map value. */
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

/* str_cmp compares the strings at a and b, both in buffers of cap bytes, as
 * unsigned chars; it returns the difference of the first bytes that differ,
 * or of the last bytes compared if the first cap - 1 bytes are equal. */
static __noinline int str_cmp(const char *a, const char *b, __u32 cap)
/*@ With la lb
    Require 0 < cap && STRBUF(a, cap, la) * STRBUF(b, cap, lb)
    Ensure  STRBUF(a, cap, la) * STRBUF(b, cap, lb) */
{
	__u32 i = 0;

	/*@ Inv i < cap Variant cap - i */
	while (i + 1 < cap && a[i] != 0 && a[i] == b[i])
		i++;
	return (unsigned char)a[i] - (unsigned char)b[i];
}

SEC("xdp")
int xdp_strcmp(struct xdp_md *ctx)
{
	char user[CAP] = "root";
	char admin[CAP] = "admin";
	__u32 key = 0;
	char *name = bpf_map_lookup_elem(&strs, &key);

	if (str_cmp(user, admin, CAP) == 0)
		return XDP_DROP;
	if (name && str_cmp(name, user, CAP) == 0)
		return XDP_DROP;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
