#define SEC(n) __attribute__((section(n), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
struct inner { __uint(type, 1); __uint(max_entries, 16); __type(key, int); __type(value, long); };
struct {
	__uint(type, 12);
	__uint(max_entries, 4);
	__type(key, int);
	__array(values, struct inner);
} outer SEC(".maps");
static long (*bpf_loop)(unsigned int nr, void *fn, void *ctx, unsigned long long flags) = (void *)181;
static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;
static int cb(unsigned int i, void *ctx) { *(long *)ctx += i; return 0; }
SEC("socket") int sock(void *skb)
{
	long acc = 0;
	int k = 0;
	bpf_loop(10, cb, &acc, 0);
	void *in = bpf_map_lookup_elem(&outer, &k);
	if (in) {
		long *v = bpf_map_lookup_elem(in, &k);
		if (v)
			acc += *v;
	}
	return acc & 0xff;
}
char _license[] SEC("license") = "Dual MIT/GPL";
