package interp

import (
	"slices"

	"vep/internal/isa"
)

// Helper function ids (enum bpf_func_id in include/uapi/linux/bpf.h).
const (
	helperMapLookupElem     = 1
	helperMapUpdateElem     = 2
	helperMapDeleteElem     = 3
	helperProbeRead         = 4
	helperKtimeGetNs        = 5
	helperTracePrintk       = 6
	helperGetPrandomU32     = 7
	helperGetSmpProcessorID = 8
	helperSkbStoreBytes     = 9
	helperL3CsumReplace     = 10
	helperL4CsumReplace     = 11
	helperTailCall          = 12
	helperCloneRedirect     = 13
	helperGetCurrentPidTgid = 14
	helperGetCurrentUIDGID  = 15
	helperGetCurrentComm    = 16
	helperRedirect          = 23
	helperPerfEventOutput   = 25
	helperSkbLoadBytes      = 26
	helperGetStackid        = 27
	helperCsumDiff          = 28
	helperGetCurrentTask    = 35
	helperSkbChangeHead     = 43
	helperXdpAdjustHead     = 44
	helperProbeReadStr      = 45
	helperSetsockopt        = 49
	helperRedirectMap       = 51
	helperSockMapUpdate     = 53
	helperXdpAdjustMeta     = 54
	helperPerfProgReadValue = 56
	helperGetsockopt        = 57
	helperSockOpsCBFlagsSet = 59
	helperGetStack          = 67
	helperXdpAdjustTail     = 65
	helperProbeReadUser     = 112
	helperProbeReadKernel   = 113
	helperProbeReadUserStr  = 114
	helperProbeReadKernStr  = 115
	helperKtimeGetBootNs    = 125
	helperRingbufOutput     = 130
)

// helper is one implemented helper function.
type helper struct {
	name  string
	types []progType // program types that may call it; nil: all
	fn    func(r *run) (value, *faultMsg)
}

var (
	tracing  = []progType{progKprobe, progTracepoint, progRawTracepoint, progPerfEvent}
	skbs     = []progType{progSocketFilter, progSchedCls}
	xdpOnly  = []progType{progXDP}
	tcOnly   = []progType{progSchedCls}
	tcXDP    = []progType{progSchedCls, progXDP}
	sockOps  = []progType{progSockOps}
	perfOnly = []progType{progPerfEvent}
)

var helpers map[int32]helper

func init() {
	helpers = map[int32]helper{
		helperMapLookupElem:     {"bpf_map_lookup_elem", nil, (*run).mapLookupElem},
		helperMapUpdateElem:     {"bpf_map_update_elem", nil, (*run).mapUpdateElem},
		helperMapDeleteElem:     {"bpf_map_delete_elem", nil, (*run).mapDeleteElem},
		helperKtimeGetNs:        {"bpf_ktime_get_ns", nil, (*run).ktimeGetNs},
		helperTracePrintk:       {"bpf_trace_printk", nil, (*run).tracePrintk},
		helperGetPrandomU32:     {"bpf_get_prandom_u32", nil, (*run).getPrandomU32},
		helperGetSmpProcessorID: {"bpf_get_smp_processor_id", nil, (*run).getSmpProcessorID},
		helperGetCurrentPidTgid: {"bpf_get_current_pid_tgid", nil, (*run).getCurrentPidTgid}, // every type since Linux 6.10
		helperGetCurrentComm:    {"bpf_get_current_comm", tracing, (*run).getCurrentComm},
		helperPerfEventOutput:   {"bpf_perf_event_output", nil, (*run).perfEventOutput},
		helperSkbLoadBytes:      {"bpf_skb_load_bytes", skbs, (*run).skbLoadBytes},
		helperXdpAdjustHead:     {"bpf_xdp_adjust_head", xdpOnly, (*run).xdpAdjustHead},
		helperXdpAdjustMeta:     {"bpf_xdp_adjust_meta", xdpOnly, (*run).xdpAdjustMeta},
		helperXdpAdjustTail:     {"bpf_xdp_adjust_tail", xdpOnly, (*run).xdpAdjustTail},
		helperProbeReadKernel:   {"bpf_probe_read_kernel", nil, (*run).probeReadKernel},
		helperProbeRead:         {"bpf_probe_read", tracing, (*run).probeReadKernel},
		helperProbeReadKernStr:  {"bpf_probe_read_kernel_str", nil, (*run).probeReadKernelStr},
		helperProbeReadStr:      {"bpf_probe_read_str", tracing, (*run).probeReadKernelStr},
		helperGetCurrentUIDGID:  {"bpf_get_current_uid_gid", tracing, (*run).getCurrentUIDGID},
		helperKtimeGetBootNs:    {"bpf_ktime_get_boot_ns", nil, (*run).ktimeGetNs},
		helperRingbufOutput:     {"bpf_ringbuf_output", nil, (*run).ringbufOutput},
		helperSkbStoreBytes:     {"bpf_skb_store_bytes", tcOnly, (*run).skbStoreBytes},
		helperSkbChangeHead:     {"bpf_skb_change_head", tcOnly, (*run).skbChangeHead},
		helperCsumDiff:          {"bpf_csum_diff", tcXDP, (*run).csumDiff},
		helperL3CsumReplace:     {"bpf_l3_csum_replace", tcOnly, (*run).l3CsumReplace},
		helperL4CsumReplace:     {"bpf_l4_csum_replace", tcOnly, (*run).l4CsumReplace},
		helperCloneRedirect:     {"bpf_clone_redirect", tcOnly, (*run).cloneRedirect},
		helperRedirectMap:       {"bpf_redirect_map", xdpOnly, (*run).redirectMap},
		helperSockOpsCBFlagsSet: {"bpf_sock_ops_cb_flags_set", sockOps, (*run).sockOpsCBFlagsSet},
		helperGetStack:          {"bpf_get_stack", tracing, (*run).getStack},
		helperRedirect:          {"bpf_redirect", tcXDP, (*run).redirect},
		helperTailCall:          {"bpf_tail_call", nil, (*run).tailCall},
		helperGetCurrentTask:    {"bpf_get_current_task", nil, (*run).getCurrentTask},
		helperGetStackid:        {"bpf_get_stackid", tracing, (*run).getStackid},
		helperPerfProgReadValue: {"bpf_perf_prog_read_value", perfOnly, (*run).perfProgReadValue},
		helperSetsockopt:        {"bpf_setsockopt", sockOps, (*run).setsockopt},
		helperGetsockopt:        {"bpf_getsockopt", sockOps, (*run).getsockopt},
		helperSockMapUpdate:     {"bpf_sock_map_update", sockOps, (*run).sockMapUpdate},
		helperProbeReadUser:     {"bpf_probe_read_user", nil, (*run).probeReadUser},
		helperProbeReadUserStr:  {"bpf_probe_read_user_str", nil, (*run).probeReadUserStr},
	}
}

// callHelper runs helper id. Afterwards R0 holds the result and R1-R5 are
// uninitialised.
func (r *run) callHelper(id int32) *faultMsg {
	h, ok := helpers[id]
	if !ok {
		return faultf("unknown or unsupported helper %d", id)
	}
	if h.types != nil && !slices.Contains(h.types, r.typ) {
		return faultf("%s is not allowed in %s programs", h.name, r.typ)
	}
	res, f := h.fn(r)
	if f != nil {
		return faultf("%s: %s", h.name, f.msg)
	}
	r.regs[isa.R0] = res
	for reg := isa.R1; reg <= isa.R5; reg++ {
		r.regs[reg] = value{}
	}
	return nil
}

// errno returns the helper result -e.
func errno(e int) value { return scalar(uint64(-int64(e))) }

// argScalar returns argument register reg, which must hold a scalar.
func (r *run) argScalar(reg isa.Register) (uint64, *faultMsg) {
	v, f := r.read(reg)
	if f != nil {
		return 0, f
	}
	if v.k != kindScalar {
		return 0, faultf("argument r%d must be a scalar, not a %s", reg, kindName(v))
	}
	return v.bits, nil
}

// argPtr returns argument register reg, which may hold anything but an
// uninitialised or stale value; memory checks come later.
func (r *run) argPtr(reg isa.Register) (value, *faultMsg) {
	return r.read(reg)
}

// argMap returns the map handle in argument register reg.
func (r *run) argMap(reg isa.Register) (*MapState, *faultMsg) {
	v, f := r.read(reg)
	if f != nil {
		return nil, f
	}
	if v.k != kindMap {
		return nil, faultf("argument r%d must be a map handle, not a %s", reg, kindName(v))
	}
	return v.m, nil
}

// argCtx checks that argument register reg holds the unmodified context.
func (r *run) argCtx(reg isa.Register) *faultMsg {
	v, f := r.read(reg)
	if f != nil {
		return f
	}
	if v.k != kindPtr || v.reg != r.ctx || v.off() != 0 {
		return faultf("argument r%d must be the context pointer, not a %s", reg, kindName(v))
	}
	return nil
}

// argSize returns a size argument; zero is allowed only if orZero.
func (r *run) argSize(reg isa.Register, orZero bool) (int, *faultMsg) {
	n, f := r.argScalar(reg)
	if f != nil {
		return 0, f
	}
	if n == 0 && !orZero {
		return 0, faultf("size argument r%d is zero", reg)
	}
	if n > 1<<29 {
		return 0, faultf("size argument r%d is %d", reg, int64(n))
	}
	return int(n), nil
}
