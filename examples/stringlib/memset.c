// expect: safe
/* memset: memset as a subprogram with a contract, clearing an uninitialised
 * stack buffer and a map value. */
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

/* PREFIX(p, i, n) says that of the n bytes at p, the first i are initialised
 * and the rest are not. */
#define PREFIX(p, i, n) (exists m, chars(p, i, m) * undef_chars((p) + (i), (n) - (i)))

/* mem_set sets each of the n bytes at s to c, converted to unsigned char. */
static __noinline void mem_set(void *s, int c, __u32 n)
/*@ Require undef_chars(s, n) || VALUE(s, n)
    Ensure  (exists m, chars(s, n, m)) || VALUE(s, n) */
{
	unsigned char *p = s;

	/*@ Inv i <= n && (PREFIX(s, i, n) || VALUE(s, n)) Variant n - i */
	for (__u32 i = 0; i < n; i++)
		p[i] = c;
}

SEC("xdp")
int xdp_memset(struct xdp_md *ctx)
{
	char buf[CAP];
	__u32 key = 0;
	char *value = bpf_map_lookup_elem(&strs, &key);

	mem_set(buf, 'x', sizeof(buf));
	if (value)
		mem_set(value, 0, CAP);
	return buf[CAP - 1] == 'x' ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
