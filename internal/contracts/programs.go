package contracts

import "slices"

// Helper sets, from the *_func_proto functions. vep assumes a loader with
// CAP_BPF and CAP_PERFMON, as tracing programs need anyway.
var (
	// bpf_base_func_proto (kernel/bpf/helpers.c), reached by every type
	// below through bpf_sk_base_func_proto or bpf_tracing_func_proto:
	// map_lookup/update/delete_elem, ktime_get_ns, get_prandom_u32,
	// get_smp_processor_id, tail_call, get_current_pid_tgid,
	// ktime_get_boot_ns; behind CAP_PERFMON trace_printk,
	// get_current_task and the probe_read_{user,kernel}{,_str} helpers.
	baseHelpers = []int32{1, 2, 3, 5, 7, 8, 12, 14, 125, 6, 35, 112, 113, 114, 115}

	// sk_filter_func_proto: skb_load_bytes, perf_event_output.
	socketHelpers = []int32{25, 26}

	// tc_cls_act_func_proto: skb_store_bytes, l3/l4_csum_replace,
	// clone_redirect, redirect, perf_event_output, skb_load_bytes,
	// csum_diff, skb_change_head.
	tcHelpers = []int32{9, 10, 11, 13, 23, 25, 26, 28, 43}

	// xdp_func_proto: redirect, perf_event_output, csum_diff,
	// xdp_adjust_head, redirect_map, xdp_adjust_meta, xdp_adjust_tail.
	xdpHelpers = []int32{23, 25, 28, 44, 51, 54, 65}

	// sock_ops_func_proto: perf_event_output, setsockopt,
	// sock_map_update, getsockopt, sock_ops_cb_flags_set.
	sockOpsHelpers = []int32{25, 49, 53, 57, 59}

	// bpf_tracing_func_proto (kernel/trace/bpf_trace.c): probe_read,
	// get_current_uid_gid, get_current_comm; kprobe_prog_func_proto,
	// tp_prog_func_proto, raw_tp_prog_func_proto and pe_prog_func_proto
	// add perf_event_output, get_stackid and get_stack.
	tracingHelpers = []int32{4, 15, 16, 25, 27, 67}

	// pe_prog_func_proto alone: perf_prog_read_value.
	perfEventHelpers = []int32{56}
)

func helperSet(lists ...[]int32) []int32 {
	var out []int32
	for _, l := range lists {
		out = append(out, l...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Return rules, from check_return_code (kernel/bpf/verifier.c): it starts
// from the range [0, 1] and keeps it for BPF_PROG_TYPE_SOCK_OPS (and the
// cgroup types); for socket filters, tc, XDP, tracepoints, perf events,
// raw tracepoints without BTF and kprobes that are not sessions it returns
// before checking (default: return 0), so any scalar may be returned.
var (
	unchecked      = ReturnRule{}
	checkedZeroOne = ReturnRule{Checked: true, Range: Range{0, 1}}
)

func newType(name string, kind ProgKind, ctx *Context, ret ReturnRule, helpers ...[]int32) *ProgramType {
	return &ProgramType{Name: name, Kind: kind, Context: ctx, Return: ret, helpers: helperSet(helpers...)}
}

// Program types.
var (
	// The bytes kept of the packet, truncated to a u32.
	socketType = newType("socket", ProgSocketFilter, socketContext,
		ReturnRule{Meaningful: &Range{0, 0xffffffff}}, baseHelpers, socketHelpers)
	// TC_ACT_UNSPEC (-1) … TC_ACT_TRAP (8).
	tcType = newType("tc", ProgSchedCls, tcContext,
		ReturnRule{Meaningful: &Range{-1, 8}}, baseHelpers, tcHelpers)
	actionType = newType("action", ProgSchedAct, tcContext,
		ReturnRule{Meaningful: &Range{-1, 8}}, baseHelpers, tcHelpers)
	// XDP_ABORTED (0) … XDP_REDIRECT (4): bpf_warn_invalid_xdp_action
	// calls anything above XDP_REDIRECT illegal (the packet is dropped).
	xdpType = newType("xdp", ProgXDP, xdpContext(false),
		ReturnRule{Meaningful: &Range{0, 4}}, baseHelpers, xdpHelpers)
	xdpDevmapType = newType("xdp/devmap", ProgXDP, xdpContext(true),
		ReturnRule{Meaningful: &Range{0, 4}}, baseHelpers, xdpHelpers)
	sockOpsType = newType("sockops", ProgSockOps, sockOpsContext,
		checkedZeroOne, baseHelpers, sockOpsHelpers)
	kprobeType = newType("kprobe", ProgKprobe, kprobeContext,
		unchecked, baseHelpers, tracingHelpers)
	kretprobeType = newType("kretprobe", ProgKprobe, kprobeContext,
		unchecked, baseHelpers, tracingHelpers)
	tracepointType = newType("tracepoint", ProgTracepoint, tracepointContext,
		unchecked, baseHelpers, tracingHelpers)
	rawTracepointType = newType("raw_tracepoint", ProgRawTracepoint, rawTracepointContext,
		unchecked, baseHelpers, tracingHelpers)
	perfEventType = newType("perf_event", ProgPerfEvent, perfEventContext,
		unchecked, baseHelpers, tracingHelpers, perfEventHelpers)
)

// ProgramTypes returns every program type in the table.
func ProgramTypes() []*ProgramType {
	return []*ProgramType{socketType, tcType, actionType, xdpType, xdpDevmapType, sockOpsType,
		kprobeType, kretprobeType, tracepointType, rawTracepointType, perfEventType}
}
