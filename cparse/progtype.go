package cparse

import "strings"

// secProgTypes maps a SEC name, or its prefix up to "/", to a program type,
// as libbpf does.
var secProgTypes = []struct {
	sec      string
	prefix   bool // sec matches "sec/…" as well as "sec"
	progType string
}{
	{"socket", true, "BPF_PROG_TYPE_SOCKET_FILTER"},
	{"kprobe", true, "BPF_PROG_TYPE_KPROBE"},
	{"kretprobe", true, "BPF_PROG_TYPE_KPROBE"},
	{"uprobe", true, "BPF_PROG_TYPE_KPROBE"},
	{"uretprobe", true, "BPF_PROG_TYPE_KPROBE"},
	{"tc", true, "BPF_PROG_TYPE_SCHED_CLS"},
	{"classifier", true, "BPF_PROG_TYPE_SCHED_CLS"},
	{"action", true, "BPF_PROG_TYPE_SCHED_ACT"},
	{"tracepoint", true, "BPF_PROG_TYPE_TRACEPOINT"},
	{"tp", true, "BPF_PROG_TYPE_TRACEPOINT"},
	{"raw_tracepoint", true, "BPF_PROG_TYPE_RAW_TRACEPOINT"},
	{"raw_tp", true, "BPF_PROG_TYPE_RAW_TRACEPOINT"},
	{"xdp", true, "BPF_PROG_TYPE_XDP"},
	{"xdp.frags", true, "BPF_PROG_TYPE_XDP"},
	{"perf_event", false, "BPF_PROG_TYPE_PERF_EVENT"},
	{"cgroup_skb", true, "BPF_PROG_TYPE_CGROUP_SKB"},
	{"cgroup/skb", false, "BPF_PROG_TYPE_CGROUP_SKB"},
	{"cgroup/sock", false, "BPF_PROG_TYPE_CGROUP_SOCK"},
	{"cgroup/dev", false, "BPF_PROG_TYPE_CGROUP_DEVICE"},
	{"lwt_in", false, "BPF_PROG_TYPE_LWT_IN"},
	{"lwt_out", false, "BPF_PROG_TYPE_LWT_OUT"},
	{"lwt_xmit", false, "BPF_PROG_TYPE_LWT_XMIT"},
	{"sockops", false, "BPF_PROG_TYPE_SOCK_OPS"},
	{"sk_skb", true, "BPF_PROG_TYPE_SK_SKB"},
	{"sk_msg", false, "BPF_PROG_TYPE_SK_MSG"},
	{"flow_dissector", false, "BPF_PROG_TYPE_FLOW_DISSECTOR"},
	{"sk_lookup", false, "BPF_PROG_TYPE_SK_LOOKUP"},
}

// progType returns the program type of a function in section sec.
func progType(sec string) (string, bool) {
	for _, e := range secProgTypes {
		if sec == e.sec || (e.prefix && strings.HasPrefix(sec, e.sec+"/")) {
			return e.progType, true
		}
	}
	return "", false
}
