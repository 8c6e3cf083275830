package contracts

// The contexts of the program types, with the accesses the kernel's
// *_is_valid_access functions allow. Offsets are those of the UAPI structs
// (include/uapi/linux/bpf.h, bpf_perf_event.h; x86-64 struct pt_regs).

// skbMember is one member of struct __sk_buff.
type skbMember struct {
	name         string
	off, size    int64
	read, wrt    Widths
	kind         FieldKind
	neverVisible bool
}

// skbMembers applies bpf_skb_is_valid_access (net/core/filter.c): cb[]
// takes any aligned width; the IPv4/IPv6 addresses and the packet pointers
// only 4-byte accesses; tstamp 8 bytes; hwtstamp an 8-byte read; flow_keys,
// tstamp_type and the padding nothing; every other u32 narrow reads and
// 4-byte writes. sk (a PTR_TO_SOCK_COMMON_OR_NULL for the kernel) is left
// out: vep has no model of sockets.
var skbMembers = []skbMember{
	{name: "len", off: 0, size: 4},
	{name: "pkt_type", off: 4, size: 4},
	{name: "mark", off: 8, size: 4},
	{name: "queue_mapping", off: 12, size: 4},
	{name: "protocol", off: 16, size: 4},
	{name: "vlan_present", off: 20, size: 4},
	{name: "vlan_tci", off: 24, size: 4},
	{name: "vlan_proto", off: 28, size: 4},
	{name: "priority", off: 32, size: 4},
	{name: "ingress_ifindex", off: 36, size: 4},
	{name: "ifindex", off: 40, size: 4},
	{name: "tc_index", off: 44, size: 4},
	{name: "cb", off: 48, size: 20, read: AnyWidth, wrt: AnyWidth},
	{name: "hash", off: 68, size: 4},
	{name: "tc_classid", off: 72, size: 4},
	{name: "data", off: 76, size: 4, read: W4, wrt: W4, kind: PacketData},
	{name: "data_end", off: 80, size: 4, read: W4, wrt: W4, kind: PacketEnd},
	{name: "napi_id", off: 84, size: 4},
	{name: "family", off: 88, size: 4},
	{name: "remote_ip4", off: 92, size: 4, read: W4, wrt: W4},
	{name: "local_ip4", off: 96, size: 4, read: W4, wrt: W4},
	{name: "remote_ip6", off: 100, size: 16, read: W4, wrt: W4},
	{name: "local_ip6", off: 116, size: 16, read: W4, wrt: W4},
	{name: "remote_port", off: 132, size: 4},
	{name: "local_port", off: 136, size: 4},
	{name: "data_meta", off: 140, size: 4, read: W4, wrt: W4, kind: PacketMeta},
	{name: "flow_keys", off: 144, size: 8, neverVisible: true},
	{name: "tstamp", off: 152, size: 8, read: W8, wrt: W8},
	{name: "wire_len", off: 160, size: 4},
	{name: "gso_segs", off: 164, size: 4},
	{name: "sk", off: 168, size: 8, neverVisible: true},
	{name: "gso_size", off: 176, size: 4},
	{name: "tstamp_type", off: 180, size: 1, neverVisible: true},
	{name: "hwtstamp", off: 184, size: 8, read: W8},
}

// skbContext builds the __sk_buff context of a program type: hidden are
// the members its *_is_valid_access rejects outright, writable the ones it
// lets the program store to; extra adds type-specific fields.
func skbContext(hidden, writable []string, extra ...Field) *Context {
	in := func(l []string, s string) bool {
		for _, x := range l {
			if x == s {
				return true
			}
		}
		return false
	}
	c := &Context{Struct: "__sk_buff", Size: 192}
	for _, m := range skbMembers {
		if m.neverVisible || in(hidden, m.name) {
			continue
		}
		f := Field{Name: m.name, Offset: m.off, Size: m.size, Read: m.read, Kind: m.kind}
		if f.Read == 0 {
			f.Read = Narrow
		}
		if in(writable, m.name) {
			f.Write = m.wrt
			if f.Write == 0 {
				f.Write = W4
			}
		}
		c.Fields = append(c.Fields, f)
	}
	c.Fields = append(c.Fields, extra...)
	sortFields(c.Fields)
	return c
}

func sortFields(fs []Field) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].Offset < fs[j-1].Offset; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

var familyToLocalPort = []string{"family", "remote_ip4", "local_ip4", "remote_ip6", "local_ip6", "remote_port", "local_port"}

// socketContext follows sk_filter_is_valid_access: no tc_classid, no
// packet pointers (socket filters read the packet with skb_load_bytes), no
// socket addresses, tstamp, wire_len or hwtstamp; only cb[] is writable.
var socketContext = skbContext(
	append([]string{"tc_classid", "data", "data_meta", "data_end", "tstamp", "wire_len", "hwtstamp"}, familyToLocalPort...),
	[]string{"cb"})

// tcContext follows tc_cls_act_is_valid_access: packet pointers data,
// data_meta and data_end; no socket addresses; writable mark, tc_index,
// priority, tc_classid, cb[], tstamp and queue_mapping; tstamp_type is a
// 1-byte read.
var tcContext = skbContext(
	familyToLocalPort,
	[]string{"mark", "tc_index", "priority", "tc_classid", "cb", "tstamp", "queue_mapping"},
	Field{Name: "tstamp_type", Offset: 180, Size: 1, Read: W1})

// xdpContext follows xdp_is_valid_access and __is_valid_xdp_access: 4-byte
// reads only, no writes (the rx_queue_index write is for device-bound
// offload only); egress_ifindex only for BPF_XDP_DEVMAP programs.
func xdpContext(devmap bool) *Context {
	c := &Context{Struct: "xdp_md", Size: 24, Fields: []Field{
		{Name: "data", Offset: 0, Size: 4, Read: W4, Kind: PacketData},
		{Name: "data_end", Offset: 4, Size: 4, Read: W4, Kind: PacketEnd},
		{Name: "data_meta", Offset: 8, Size: 4, Read: W4, Kind: PacketMeta},
		{Name: "ingress_ifindex", Offset: 12, Size: 4, Read: W4},
		{Name: "rx_queue_index", Offset: 16, Size: 4, Read: W4},
	}}
	if devmap {
		c.Fields = append(c.Fields, Field{Name: "egress_ifindex", Offset: 20, Size: 4, Read: W4})
	}
	return c
}

// sockOpsContext follows sock_ops_is_valid_access: 4-byte reads of the u32
// members (narrow reads only of skb_tcp_flags), 8-byte reads of
// bytes_received, bytes_acked and the packet pointers skb_data and
// skb_data_end; 4-byte writes of reply (args[0], replylong[0]) and
// sk_txhash only. sk (PTR_TO_SOCKET_OR_NULL) is left out.
var sockOpsContext = func() *Context {
	c := &Context{Struct: "bpf_sock_ops", Size: 216}
	add := func(name string, off, size int64, r, w Widths, k FieldKind) {
		c.Fields = append(c.Fields, Field{Name: name, Offset: off, Size: size, Read: r, Write: w, Kind: k})
	}
	add("op", 0, 4, W4, 0, Scalar)
	add("reply", 4, 4, W4, W4, Scalar)
	add("args[1..3]", 8, 12, W4, 0, Scalar)
	add("family", 20, 4, W4, 0, Scalar)
	add("remote_ip4", 24, 4, W4, 0, Scalar)
	add("local_ip4", 28, 4, W4, 0, Scalar)
	add("remote_ip6", 32, 16, W4, 0, Scalar)
	add("local_ip6", 48, 16, W4, 0, Scalar)
	off := int64(64)
	for _, n := range []string{"remote_port", "local_port", "is_fullsock", "snd_cwnd", "srtt_us",
		"bpf_sock_ops_cb_flags", "state", "rtt_min", "snd_ssthresh", "rcv_nxt", "snd_nxt",
		"snd_una", "mss_cache", "ecn_flags", "rate_delivered", "rate_interval_us",
		"packets_out", "retrans_out", "total_retrans", "segs_in", "data_segs_in",
		"segs_out", "data_segs_out", "lost_out", "sacked_out"} {
		add(n, off, 4, W4, 0, Scalar)
		off += 4
	}
	add("sk_txhash", 164, 4, W4, W4, Scalar)
	add("bytes_received", 168, 8, W8, 0, Scalar)
	add("bytes_acked", 176, 8, W8, 0, Scalar)
	add("skb_data", 192, 8, W8, 0, PacketData)
	add("skb_data_end", 200, 8, W8, 0, PacketEnd)
	add("skb_len", 208, 4, W4, 0, Scalar)
	add("skb_tcp_flags", 212, 4, Narrow, 0, Scalar)
	return c
}()

// ptRegsSize is sizeof(struct pt_regs) on x86-64: 21 unsigned longs.
const ptRegsSize = 21 * 8

// kprobeContext follows kprobe_prog_is_valid_access (bpf_trace.c): aligned
// reads of any width inside struct pt_regs, no writes.
var kprobeContext = &Context{Struct: "pt_regs", Size: ptRegsSize, Fields: []Field{
	{Name: "regs", Offset: 0, Size: ptRegsSize, Read: AnyWidth},
}}

// perfMaxTraceSize is PERF_MAX_TRACE_SIZE (include/linux/trace_events.h):
// 2048 in most kernels, 8192 in recent ones; vep takes the smaller.
const perfMaxTraceSize = 2048

// tracepointContext follows tp_prog_is_valid_access: aligned reads from
// offset 8 (the first 8 bytes, the common fields, are off limits) up to
// PERF_MAX_TRACE_SIZE, no writes. The record's own layout comes from the
// tracepoint's format, which the program declares.
var tracepointContext = &Context{Size: perfMaxTraceSize, Fields: []Field{
	{Name: "record", Offset: 8, Size: perfMaxTraceSize - 8, Read: AnyWidth},
}}

// maxBPFFuncArgs is MAX_BPF_FUNC_ARGS (include/linux/bpf.h).
const maxBPFFuncArgs = 12

// rawTracepointContext follows raw_tp_prog_is_valid_access
// (bpf_tracing_ctx_access): aligned reads of the u64 argument array.
var rawTracepointContext = &Context{Struct: "bpf_raw_tracepoint_args", Size: 8 * maxBPFFuncArgs, Fields: []Field{
	{Name: "args", Offset: 0, Size: 8 * maxBPFFuncArgs, Read: AnyWidth},
}}

// perfEventContext follows pe_prog_is_valid_access: regs only as whole
// unsigned longs, sample_period and addr with narrow reads, no writes.
var perfEventContext = &Context{Struct: "bpf_perf_event_data", Size: ptRegsSize + 16, Fields: []Field{
	{Name: "regs", Offset: 0, Size: ptRegsSize, Read: W8},
	{Name: "sample_period", Offset: ptRegsSize, Size: 8, Read: AnyWidth},
	{Name: "addr", Offset: ptRegsSize + 8, Size: 8, Read: AnyWidth},
}}
