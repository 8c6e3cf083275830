// expect: safe
/* strncpy: C's strncpy (copy at most n bytes, pad with NUL bytes up to n) as
 * a subprogram with a contract, called on stack buffers and a map value. */
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

/* str_ncpy copies at most n bytes of the string at src into the n bytes at
 * dst and, if the string is shorter than n, fills the rest of dst with NUL
 * bytes. Like strncpy, it does not terminate a string of n bytes or more. */
static __noinline void str_ncpy(char *dst, const char *src, __u32 n)
/*@ With l
    Require undef_chars(dst, n) * STRBUF(src, n, l)
    Ensure  (exists m, chars(dst, n, m)) * STRBUF(src, n, l) */
{
	char c = 1;

	/* One loop: c is the byte just copied, and once it is NUL, only NULs
	 * follow and src is not read any more. (Two loops, copy then pad, read
	 * better, but clang turns the padding loop into a memset call, which
	 * eBPF does not have.) */
	/*@ Inv i <= n && PREFIX(dst, i, n) Variant n - i */
	for (__u32 i = 0; i < n; i++) {
		if (c != 0)
			c = src[i];
		dst[i] = c;
	}
}

SEC("xdp")
int xdp_strncpy(struct xdp_md *ctx)
{
	char greeting[CAP] = "hello, world";
	char word[8];
	char name[CAP];
	__u32 key = 0;
	char *value = bpf_map_lookup_elem(&strs, &key);

	str_ncpy(word, greeting, sizeof(word));
	if (value) {
		str_ncpy(name, value, CAP);
		if (name[CAP - 1] != 0)
			return XDP_DROP;
	}
	return word[sizeof(word) - 1] == 'w' ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
