#include "bpf.h"
struct bpf_map_def { unsigned int type, key_size, value_size, max_entries, map_flags; };
struct bpf_map_def SEC("maps") counts = { .type = 2, .key_size = 4, .value_size = 8, .max_entries = 16 };
struct bpf_map_def SEC("maps") flows = { .type = 1, .key_size = 8, .value_size = 4, .max_entries = 1024, .map_flags = 1 };
char spec[] SEC(".vep.spec") = "vep";

SEC("socket") int sock(void *skb)
{
	__u32 k = 0;
	__u64 fk = 7;
	if (!bpf_map_lookup_elem(&flows, &fk))
		return 0;
	return bpf_map_lookup_elem(&counts, &k) ? 1 : 0;
}
