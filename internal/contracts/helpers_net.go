package contracts

// Networking helpers (net/core/filter.c protos). Those that may move packet
// data are the ones bpf_helper_changes_pkt_data lists.
var netHelpers = []*HelperContract{
	{
		// bpf_skb_store_bytes_proto: ctx, offset, ARG_PTR_TO_MEM |
		// MEM_RDONLY, ARG_CONST_SIZE, flags (BPF_F_RECOMPUTE_CSUM |
		// BPF_F_INVALIDATE_HASH).
		ID: 9, Name: "skb_store_bytes", ChangesPacketData: true,
		Params: []Param{{"skb", ArgPtrToCtx}, {"offset", ArgAnything}, {"from", ArgPtrToMem}, {"len", ArgConstSize}, {"flags", ArgAnything}},
		Variants: one(RetInteger, `
With l
Require ctx(skb) && 0 < len && chars(from, len, l) && 0 <= flags && flags <= 3
Ensure  chars(from, len, l) && -4095 <= __return && __return <= 0`),
	},
	{
		ID: 10, Name: "l3_csum_replace", ChangesPacketData: true,
		Params: []Param{{"skb", ArgPtrToCtx}, {"offset", ArgAnything}, {"from", ArgAnything}, {"to", ArgAnything}, {"size", ArgAnything}},
		Variants: one(RetInteger, `
Require ctx(skb)
Ensure  -4095 <= __return && __return <= 0`),
	},
	{
		ID: 11, Name: "l4_csum_replace", ChangesPacketData: true,
		Params: []Param{{"skb", ArgPtrToCtx}, {"offset", ArgAnything}, {"from", ArgAnything}, {"to", ArgAnything}, {"flags", ArgAnything}},
		Variants: one(RetInteger, `
Require ctx(skb)
Ensure  -4095 <= __return && __return <= 0`),
	},
	{
		ID: 13, Name: "clone_redirect", ChangesPacketData: true,
		Params: []Param{{"skb", ArgPtrToCtx}, {"ifindex", ArgAnything}, {"flags", ArgAnything}},
		Variants: one(RetInteger, `
Require ctx(skb)
Ensure  -4095 <= __return && __return <= 0`),
	},
	{
		// bpf_redirect_proto returns TC_ACT_REDIRECT (7) or TC_ACT_SHOT
		// (2); bpf_xdp_redirect_proto XDP_REDIRECT (4) or XDP_ABORTED
		// (0). Valid flags: BPF_F_INGRESS (tc), none (xdp).
		ID: 23, Name: "redirect",
		Params: []Param{{"ifindex", ArgAnything}, {"flags", ArgAnything}},
		Variants: one(RetInteger, `
Require 0 <= flags && flags <= 1
Ensure  0 <= __return && __return <= 7`),
	},
	{
		// bpf_skb_load_bytes_proto: ctx, offset, ARG_PTR_TO_UNINIT_MEM,
		// ARG_CONST_SIZE; to is filled, or zeroed on error.
		ID: 26, Name: "skb_load_bytes",
		Params: []Param{{"skb", ArgPtrToCtx}, {"offset", ArgAnything}, {"to", ArgPtrToUninitMem}, {"len", ArgConstSize}},
		Variants: one(RetInteger, `
Require ctx(skb) && 0 < len && undef_chars(to, len)
Ensure  (exists l, chars(to, len, l)) && -4095 <= __return && __return <= 0`),
	},
	{
		// bpf_csum_diff_proto: two ARG_PTR_TO_MEM | PTR_MAYBE_NULL |
		// MEM_RDONLY with ARG_CONST_SIZE_OR_ZERO, and a seed. Returns a
		// 32-bit checksum or -EINVAL.
		ID: 28, Name: "csum_diff",
		Params: []Param{{"from", ArgPtrToMemOrNull}, {"from_size", ArgConstSizeOrZero}, {"to", ArgPtrToMemOrNull}, {"to_size", ArgConstSizeOrZero}, {"seed", ArgAnything}},
		Variants: one(RetInteger, `
With a b
Require 0 <= from_size && 0 <= to_size && chars(from, from_size, a) * chars(to, to_size, b)
Ensure  chars(from, from_size, a) * chars(to, to_size, b)
        && -4095 <= __return && __return <= 0xffffffff`),
	},
	{
		// bpf_skb_change_head_proto: flags must be 0.
		ID: 43, Name: "skb_change_head", ChangesPacketData: true,
		Params: []Param{{"skb", ArgPtrToCtx}, {"len", ArgAnything}, {"flags", ArgAnything}},
		Variants: one(RetInteger, `
Require ctx(skb) && flags == 0
Ensure  -4095 <= __return && __return <= 0`),
	},
	xdpAdjust(44, "xdp_adjust_head"),
	xdpAdjust(54, "xdp_adjust_meta"),
	xdpAdjust(65, "xdp_adjust_tail"),
	{
		// bpf_sock_ops_setsockopt_proto: ctx, level, optname,
		// ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE.
		ID: 49, Name: "setsockopt",
		Params: []Param{{"bpf_socket", ArgPtrToCtx}, {"level", ArgAnything}, {"optname", ArgAnything}, {"optval", ArgPtrToMem}, {"optlen", ArgConstSize}},
		Variants: one(RetInteger, `
With l
Require ctx(bpf_socket) && 0 < optlen && chars(optval, optlen, l)
Ensure  chars(optval, optlen, l) && -4095 <= __return && __return <= 0`),
	},
	{
		// bpf_sock_ops_getsockopt_proto: ctx, level, optname,
		// ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE; optval is filled and
		// the rest zeroed, or all zeroed on error.
		ID: 57, Name: "getsockopt",
		Params: []Param{{"bpf_socket", ArgPtrToCtx}, {"level", ArgAnything}, {"optname", ArgAnything}, {"optval", ArgPtrToUninitMem}, {"optlen", ArgConstSize}},
		Variants: one(RetInteger, `
Require ctx(bpf_socket) && 0 < optlen && undef_chars(optval, optlen)
Ensure  (exists l, chars(optval, optlen, l)) && -4095 <= __return && __return <= 0`),
	},
	{
		// bpf_sock_ops_cb_flags_set_proto: returns 0, -EINVAL, or the
		// requested flags the kernel does not support.
		ID: 59, Name: "sock_ops_cb_flags_set",
		Params: []Param{{"bpf_sock", ArgPtrToCtx}, {"argval", ArgAnything}},
		Variants: one(RetInteger, `
Require ctx(bpf_sock)
Ensure  -0x80000000 <= __return && __return <= 0x7fffffff`),
	},
}

// xdpAdjust is bpf_xdp_adjust_{head,meta,tail}_proto: ctx, delta; they move
// data, data_meta or data_end.
func xdpAdjust(id int32, name string) *HelperContract {
	return &HelperContract{
		ID: id, Name: name, ChangesPacketData: true,
		Params: []Param{{"xdp", ArgPtrToCtx}, {"delta", ArgAnything}},
		Variants: one(RetInteger, `
Require ctx(xdp)
Ensure  -4095 <= __return && __return <= 0`),
	}
}

// helperTable is every helper vep has a contract for.
var helperTable = concat(mapHelpers, traceHelpers, netHelpers)

func concat(lists ...[]*HelperContract) []*HelperContract {
	var out []*HelperContract
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}
