#define SEC(n) __attribute__((section(n), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
struct {
	__uint(type, 2);
	__uint(max_entries, 256);
	__type(key, unsigned int);
	__type(value, unsigned long long);
} counts SEC(".maps");
static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;
struct xdp_md { unsigned int data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex; };

static __attribute__((noinline)) int sum(unsigned char *p, unsigned char *end, int n)
{
	int s = 0;
	for (int i = 0; i < n && i < 64; i++) {
		if (p + i + 1 > end)
			break;
		s += p[i] ^ (s >> 3);
	}
	return s;
}

__attribute__((noinline)) int global_helper(int x) { return x * 3 + 1; }

SEC("xdp") int prog(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;
	unsigned int key = 0;
	if (data + 16 > end)
		return 1;
	key = data[0];
	unsigned long long *v = bpf_map_lookup_elem(&counts, &key);
	if (!v)
		return 2;
	*v += sum(data, end, data[1]) + global_helper(data[2]);
	return 2;
}
char _license[] SEC("license") = "GPL";
