package contracts

// Map helpers (kernel/bpf/helpers.c: bpf_map_lookup_elem_proto,
// bpf_map_update_elem_proto, bpf_map_delete_elem_proto; the map types each
// accepts follow kernel/bpf/verifier.c check_map_func_compatibility, narrowed
// to the maps vep models).

var (
	hashMaps  = []MapType{MapHash, MapPercpuHash, MapLRUHash, MapLRUPercpuHash}
	arrayMaps = []MapType{MapArray, MapPercpuArray}
	mapOfMaps = []MapType{MapArrayOfMaps, MapHashOfMaps}
)

var mapHelpers = []*HelperContract{
	{
		ID: 1, Name: "map_lookup_elem",
		Params: []Param{{"map", ArgConstMapPtr}, {"key", ArgPtrToMapKey}},
		Variants: []*Variant{
			{Maps: hashMaps, Ret: RetMapValueOrNull, Text: `
With k
Require chars(key, key_size(map), k)
Ensure  chars(key, key_size(map), k) && (__return == 0 || map_value(map, __return))`},
			// array_map_lookup_elem returns NULL exactly when the index
			// is out of range; in range it never fails.
			{Maps: arrayMaps, Ret: RetMapValueOrNull, Text: `
With i
Require data_at(key, u32, i)
Ensure  data_at(key, u32, i) && (__return == 0 || map_value(map, __return))
        && (i < max_entries(map) => __return != 0)`},
			// The kernel's bpf_map_meta_equal makes every inner map
			// agree with the template on key and value size; max_entries
			// may differ (BPF_F_INNER_MAP), so nothing is said about it.
			{Maps: mapOfMaps, Ret: RetInnerMapOrNull, Text: `
With k
Require chars(key, key_size(map), k)
Ensure  chars(key, key_size(map), k)
        && (__return == 0 || key_size(__return) == key_size(inner(map))
                             && value_size(__return) == value_size(inner(map)))`},
		},
	},
	{
		ID: 2, Name: "map_update_elem",
		Params: []Param{{"map", ArgConstMapPtr}, {"key", ArgPtrToMapKey}, {"value", ArgPtrToMapValue}, {"flags", ArgAnything}},
		Variants: []*Variant{
			// flags: BPF_ANY 0, BPF_NOEXIST 1, BPF_EXIST 2; BPF_F_LOCK
			// needs a spin lock in the value, which vep does not model.
			{Maps: hashMaps, Ret: RetInteger, Text: `
With k v
Require chars(key, key_size(map), k) * chars(value, value_size(map), v)
        && 0 <= flags && flags <= 2
Ensure  chars(key, key_size(map), k) * chars(value, value_size(map), v)
        && -4095 <= __return && __return <= 0`},
			// array_map_update_elem fails with -E2BIG outside
			// [0, max_entries): such an update always fails, so vep
			// treats it as a bug. BPF_NOEXIST is allowed: code shared
			// between hash and array maps inserts "when absent", and an
			// array element always exists, so the call returns -EEXIST
			// (-17). Otherwise it returns 0.
			{Maps: arrayMaps, Ret: RetInteger, Text: `
With i v
Require data_at(key, u32, i) * chars(value, value_size(map), v)
        && 0 <= i && i < max_entries(map) && 0 <= flags && flags <= 2
Ensure  data_at(key, u32, i) * chars(value, value_size(map), v)
        && (flags == 1 && __return == -17 || flags != 1 && __return == 0)`},
		},
	},
	{
		ID: 3, Name: "map_delete_elem",
		Params: []Param{{"map", ArgConstMapPtr}, {"key", ArgPtrToMapKey}},
		Variants: []*Variant{
			{Maps: hashMaps, Ret: RetInteger, Text: `
With k
Require chars(key, key_size(map), k)
Ensure  chars(key, key_size(map), k) && -4095 <= __return && __return <= 0`},
			// array_map_delete_elem always returns -EINVAL.
			{Maps: arrayMaps, Ret: RetInteger, Text: `
With i
Require data_at(key, u32, i)
Ensure  data_at(key, u32, i) && __return == -22`},
		},
	},
	{
		// bpf_tail_call_proto: RET_VOID; on success the call does not
		// return, on failure execution continues with R0 undefined.
		ID: 12, Name: "tail_call",
		Params: []Param{{"ctx", ArgPtrToCtx}, {"prog_array_map", ArgConstMapPtr}, {"index", ArgAnything}},
		Variants: []*Variant{
			{Maps: []MapType{MapProgArray}, Ret: RetVoid, Text: `
Require ctx(ctx)
Ensure  true`},
		},
	},
	{
		// bpf_perf_event_output_proto (and the _tp, skb, xdp and
		// sock_ops variants): ctx, map, flags, data, size. flags holds
		// the CPU index (BPF_F_INDEX_MASK) and, for skb and xdp, a
		// context length (BPF_F_CTXLEN_MASK): bits 0 … 51.
		ID: 25, Name: "perf_event_output",
		Params: []Param{{"ctx", ArgPtrToCtx}, {"map", ArgConstMapPtr}, {"flags", ArgAnything}, {"data", ArgPtrToMem}, {"size", ArgConstSizeOrZero}},
		Variants: []*Variant{
			{Maps: []MapType{MapPerfEventArray}, Ret: RetInteger, Text: `
With l
Require ctx(ctx) && 0 <= flags && flags < 0x10000000000000
        && 0 <= size && chars(data, size, l)
Ensure  chars(data, size, l) && -4095 <= __return && __return <= 0`},
		},
	},
	{
		// bpf_get_stackid_proto: the id is a bucket index (hash masked
		// to a power of two), or a negative error. Valid flags:
		// BPF_F_SKIP_FIELD_MASK | USER_STACK | FAST_STACK_CMP |
		// REUSE_STACKID, bits 0 … 10.
		ID: 27, Name: "get_stackid",
		Params: []Param{{"ctx", ArgPtrToCtx}, {"map", ArgConstMapPtr}, {"flags", ArgAnything}},
		Variants: []*Variant{
			{Maps: []MapType{MapStackTrace}, Ret: RetInteger, Text: `
Require ctx(ctx) && 0 <= flags && flags < 2048
Ensure  -4095 <= __return && __return <= 4294967295`},
		},
	},
	{
		// bpf_xdp_redirect_map_proto: returns XDP_REDIRECT or, when the
		// key is absent, the action in the low bits of flags (at most
		// XDP_TX). Valid flags: the action bits, BPF_F_BROADCAST and
		// BPF_F_EXCLUDE_INGRESS (bits 0 … 4).
		ID: 51, Name: "redirect_map",
		Params: []Param{{"map", ArgConstMapPtr}, {"key", ArgAnything}, {"flags", ArgAnything}},
		Variants: []*Variant{
			{Maps: []MapType{MapDevmap, MapDevmapHash, MapCpumap, MapXskmap}, Ret: RetInteger, Text: `
Require 0 <= flags && flags <= 31
Ensure  0 <= __return && __return <= 4`},
		},
	},
	{
		// bpf_sock_map_update_proto (net/core/sock_map.c): sock_ops
		// context, a sockmap, a key, flags as map_update_elem.
		ID: 53, Name: "sock_map_update",
		Params: []Param{{"skops", ArgPtrToCtx}, {"map", ArgConstMapPtr}, {"key", ArgPtrToMapKey}, {"flags", ArgAnything}},
		Variants: []*Variant{
			{Maps: []MapType{MapSockmap}, Ret: RetInteger, Text: `
With k
Require ctx(skops) && chars(key, key_size(map), k) && 0 <= flags && flags <= 2
Ensure  chars(key, key_size(map), k) && -4095 <= __return && __return <= 0`},
		},
	},
}
