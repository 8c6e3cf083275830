// expect: safe
/* strncmp: C's strncmp as a subprogram with a contract, comparing two stack
 * strings and a stack string with a map value. */
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

/* str_ncmp compares at most n bytes of the strings at a and b, as unsigned
 * chars, and returns -1, 0 or 1 as a sorts before, equal to or after b. */
static __noinline int str_ncmp(const char *a, const char *b, __u32 n)
/*@ With la lb
    Require STRBUF(a, n, la) * STRBUF(b, n, lb)
    Ensure  STRBUF(a, n, la) * STRBUF(b, n, lb) */
{
	/*@ Inv i <= n Variant n - i */
	for (__u32 i = 0; i < n; i++) {
		unsigned char ca = a[i], cb = b[i];

		if (ca != cb)
			return ca < cb ? -1 : 1;
		if (ca == 0)
			break;
	}
	return 0;
}

SEC("xdp")
int xdp_strncmp(struct xdp_md *ctx)
{
	char cmd[CAP] = "GET /index.html";
	char get[4] = "GET ";
	__u32 key = 0;
	char *allowed = bpf_map_lookup_elem(&strs, &key);

	if (str_ncmp(cmd, get, sizeof(get)) != 0)
		return XDP_DROP;
	if (allowed && str_ncmp(cmd, allowed, CAP) != 0)
		return XDP_DROP;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
