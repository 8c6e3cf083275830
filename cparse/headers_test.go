package cparse

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"modernc.org/cc/v4"
)

// clang is the compiler used as an oracle; tests that need it skip when it
// is missing.
const clang = "/usr/lib/llvm-19/bin/clang"

// needClang skips t unless clang-19 is installed.
func needClang(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(clang); err != nil {
		t.Skipf("clang-19 not installed at %s: %v", clang, err)
	}
}

// extractHeaders copies Headers into a fresh directory and returns the
// directory to pass to -isystem.
func extractHeaders(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(Headers, "include", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(path))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := Headers.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatalf("extracting headers: %v", err)
	}
	return filepath.Join(dir, "include")
}

// headerNames returns the include names of every embedded header, such as
// "linux/bpf.h".
func headerNames(t *testing.T) []string {
	t.Helper()
	var names []string
	err := fs.WalkDir(Headers, "include", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".h") {
			names = append(names, strings.TrimPrefix(path, "include/"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// compile compiles src with clang -O2 -target bpf and the extra flags, and
// returns the object file's path.
func compile(t *testing.T, name, src string, flags ...string) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, name+".c")
	out := filepath.Join(dir, name+".o")
	if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	args := append([]string{"-O2", "-target", "bpf", "-Wall", "-Werror", "-c", in, "-o", out}, flags...)
	cmd := exec.Command(clang, args...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("clang %s: %v\n%s\nsource:\n%s", strings.Join(args, " "), err, msg, src)
	}
	return out
}

func TestHeadersCompileAlone(t *testing.T) {
	needClang(t)
	inc := extractHeaders(t)
	for _, name := range headerNames(t) {
		t.Run(name, func(t *testing.T) {
			src := fmt.Sprintf("#include <%s>\n#include <%s>\nint vep_probe;\n", name, name)
			compile(t, "alone", src, "-Wextra", "-nostdinc", "-isystem", inc)
		})
	}
}

// probeIncludes are included, in this order, on both sides of the layout
// comparison.
var probeIncludes = []string{
	"stddef.h", "stdbool.h", "stdint.h",
	"linux/types.h", "linux/bpf.h", "linux/bpf_perf_event.h", "linux/ptrace.h",
	"linux/if_ether.h", "linux/in.h", "linux/in6.h", "linux/ip.h", "linux/ipv6.h",
	"linux/tcp.h", "linux/udp.h", "linux/icmp.h", "linux/if_packet.h",
	"linux/pkt_cls.h", "linux/socket.h",
	"bpf/bpf_helpers.h", "bpf/bpf_endian.h", "bpf/bpf_tracing.h",
}

// systemPrelude is added after probeIncludes on the system side only: it
// brings the definitions that the system keeps outside the UAPI and libbpf
// headers (the socket constants of glibc and <asm/socket.h>) and the legacy
// struct bpf_map_def that libbpf 1.0 dropped (its libbpf 0.x layout). The
// kernel's include/linux/socket.h defines SOL_IP, SOL_TCP and SOL_IPV6 as
// the protocol numbers, which the UAPI headers do have.
const systemPrelude = `#include <sys/socket.h>
#include <asm/socket.h>
#define SOL_IP IPPROTO_IP
#define SOL_TCP IPPROTO_TCP
#define SOL_IPV6 IPPROTO_IPV6
#ifndef __VEP_MAP_DEF
struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};
#endif
`

// structFields lists, per struct, the members whose offsets are compared
// (bitfields are in bitfieldProbes).
var structFields = []struct {
	typ    string
	fields []string
}{
	{"struct __sk_buff", []string{"len", "pkt_type", "mark", "queue_mapping", "protocol",
		"vlan_present", "vlan_tci", "vlan_proto", "priority", "ingress_ifindex", "ifindex",
		"tc_index", "cb", "cb[4]", "hash", "tc_classid", "data", "data_end", "napi_id",
		"family", "remote_ip4", "local_ip4", "remote_ip6", "local_ip6", "remote_port",
		"local_port", "data_meta", "flow_keys", "tstamp", "wire_len", "gso_segs", "sk",
		"gso_size", "tstamp_type", "hwtstamp"}},
	{"struct xdp_md", []string{"data", "data_end", "data_meta", "ingress_ifindex",
		"rx_queue_index", "egress_ifindex"}},
	{"struct bpf_sock_ops", []string{"op", "args", "args[3]", "reply", "replylong",
		"family", "remote_ip4", "local_ip4", "remote_ip6", "local_ip6", "remote_port",
		"local_port", "is_fullsock", "snd_cwnd", "srtt_us", "bpf_sock_ops_cb_flags", "state",
		"rtt_min", "snd_ssthresh", "rcv_nxt", "snd_nxt", "snd_una", "mss_cache", "ecn_flags",
		"rate_delivered", "rate_interval_us", "packets_out", "retrans_out", "total_retrans",
		"segs_in", "data_segs_in", "segs_out", "data_segs_out", "lost_out", "sacked_out",
		"sk_txhash", "bytes_received", "bytes_acked", "sk", "skb_data", "skb_data_end",
		"skb_len", "skb_tcp_flags"}},
	{"struct bpf_perf_event_value", []string{"counter", "enabled", "running"}},
	{"struct bpf_perf_event_data", []string{"regs", "sample_period", "addr"}},
	{"bpf_user_pt_regs_t", []string{"rdi"}},
	{"struct pt_regs", []string{"r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10",
		"r9", "r8", "rax", "rcx", "rdx", "rsi", "rdi", "orig_rax", "rip", "cs", "eflags",
		"rsp", "ss"}},
	{"struct bpf_map_def", []string{"type", "key_size", "value_size", "max_entries", "map_flags"}},
	{"struct ethhdr", []string{"h_dest", "h_source", "h_proto"}},
	{"struct in_addr", []string{"s_addr"}},
	{"struct in6_addr", []string{"in6_u", "in6_u.u6_addr8[15]", "in6_u.u6_addr16[7]",
		"in6_u.u6_addr32[3]", "s6_addr[15]", "s6_addr16[7]", "s6_addr32[3]"}},
	{"struct iphdr", []string{"tos", "tot_len", "id", "frag_off", "ttl", "protocol",
		"check", "saddr", "daddr"}},
	{"struct ipv6hdr", []string{"flow_lbl", "payload_len", "nexthdr", "hop_limit",
		"saddr", "daddr"}},
	{"struct tcphdr", []string{"source", "dest", "seq", "ack_seq", "window", "check", "urg_ptr"}},
	{"struct udphdr", []string{"source", "dest", "len", "check"}},
	{"struct icmphdr", []string{"type", "code", "checksum", "un", "un.echo.id",
		"un.echo.sequence", "un.gateway", "un.frag.__unused", "un.frag.mtu", "un.reserved[3]"}},
}

// scalarTypes are compared by size and signedness.
var scalarTypes = []string{
	"__u8", "__s8", "__u16", "__s16", "__u32", "__s32", "__u64", "__s64",
	"__be16", "__be32", "__be64", "__le16", "__le32", "__le64", "__sum16", "__wsum",
	"int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t",
	"intptr_t", "uintptr_t", "size_t", "ptrdiff_t", "bool",
}

// constants are C expressions compared by value.
var constants = []string{
	// enum bpf_map_type
	"BPF_MAP_TYPE_UNSPEC", "BPF_MAP_TYPE_HASH", "BPF_MAP_TYPE_ARRAY", "BPF_MAP_TYPE_PROG_ARRAY",
	"BPF_MAP_TYPE_PERF_EVENT_ARRAY", "BPF_MAP_TYPE_PERCPU_HASH", "BPF_MAP_TYPE_PERCPU_ARRAY",
	"BPF_MAP_TYPE_STACK_TRACE", "BPF_MAP_TYPE_CGROUP_ARRAY", "BPF_MAP_TYPE_LRU_HASH",
	"BPF_MAP_TYPE_LRU_PERCPU_HASH", "BPF_MAP_TYPE_LPM_TRIE", "BPF_MAP_TYPE_ARRAY_OF_MAPS",
	"BPF_MAP_TYPE_HASH_OF_MAPS", "BPF_MAP_TYPE_DEVMAP", "BPF_MAP_TYPE_SOCKMAP",
	"BPF_MAP_TYPE_CPUMAP", "BPF_MAP_TYPE_XSKMAP", "BPF_MAP_TYPE_SOCKHASH",
	"BPF_MAP_TYPE_CGROUP_STORAGE", "BPF_MAP_TYPE_REUSEPORT_SOCKARRAY",
	"BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE", "BPF_MAP_TYPE_QUEUE", "BPF_MAP_TYPE_STACK",
	"BPF_MAP_TYPE_SK_STORAGE", "BPF_MAP_TYPE_DEVMAP_HASH", "BPF_MAP_TYPE_STRUCT_OPS",
	"BPF_MAP_TYPE_RINGBUF", "BPF_MAP_TYPE_INODE_STORAGE", "BPF_MAP_TYPE_TASK_STORAGE",
	"BPF_MAP_TYPE_BLOOM_FILTER", "BPF_MAP_TYPE_USER_RINGBUF",
	// enum bpf_prog_type
	"BPF_PROG_TYPE_UNSPEC", "BPF_PROG_TYPE_SOCKET_FILTER", "BPF_PROG_TYPE_KPROBE",
	"BPF_PROG_TYPE_SCHED_CLS", "BPF_PROG_TYPE_SCHED_ACT", "BPF_PROG_TYPE_TRACEPOINT",
	"BPF_PROG_TYPE_XDP", "BPF_PROG_TYPE_PERF_EVENT", "BPF_PROG_TYPE_CGROUP_SKB",
	"BPF_PROG_TYPE_CGROUP_SOCK", "BPF_PROG_TYPE_LWT_IN", "BPF_PROG_TYPE_LWT_OUT",
	"BPF_PROG_TYPE_LWT_XMIT", "BPF_PROG_TYPE_SOCK_OPS", "BPF_PROG_TYPE_SK_SKB",
	"BPF_PROG_TYPE_CGROUP_DEVICE", "BPF_PROG_TYPE_SK_MSG", "BPF_PROG_TYPE_RAW_TRACEPOINT",
	"BPF_PROG_TYPE_CGROUP_SOCK_ADDR", "BPF_PROG_TYPE_LWT_SEG6LOCAL", "BPF_PROG_TYPE_LIRC_MODE2",
	"BPF_PROG_TYPE_SK_REUSEPORT", "BPF_PROG_TYPE_FLOW_DISSECTOR", "BPF_PROG_TYPE_CGROUP_SYSCTL",
	"BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE", "BPF_PROG_TYPE_CGROUP_SOCKOPT",
	"BPF_PROG_TYPE_TRACING", "BPF_PROG_TYPE_STRUCT_OPS", "BPF_PROG_TYPE_EXT",
	"BPF_PROG_TYPE_LSM", "BPF_PROG_TYPE_SK_LOOKUP", "BPF_PROG_TYPE_SYSCALL",
	// flags
	"BPF_ANY", "BPF_NOEXIST", "BPF_EXIST", "BPF_F_LOCK",
	"BPF_F_NO_PREALLOC", "BPF_F_NO_COMMON_LRU", "BPF_F_NUMA_NODE", "BPF_F_RDONLY",
	"BPF_F_WRONLY", "BPF_F_STACK_BUILD_ID", "BPF_F_ZERO_SEED", "BPF_F_RDONLY_PROG",
	"BPF_F_WRONLY_PROG", "BPF_F_CLONE", "BPF_F_MMAPABLE", "BPF_F_PRESERVE_ELEMS",
	"BPF_F_INNER_MAP",
	"BPF_F_RECOMPUTE_CSUM", "BPF_F_INVALIDATE_HASH", "BPF_F_HDR_FIELD_MASK",
	"BPF_F_PSEUDO_HDR", "BPF_F_MARK_MANGLED_0", "BPF_F_MARK_ENFORCE",
	"BPF_F_SKIP_FIELD_MASK", "BPF_F_USER_STACK", "BPF_F_FAST_STACK_CMP",
	"BPF_F_REUSE_STACKID", "BPF_F_USER_BUILD_ID",
	"BPF_F_INDEX_MASK", "BPF_F_CURRENT_CPU", "BPF_F_CTXLEN_MASK",
	"BPF_RB_NO_WAKEUP", "BPF_RB_FORCE_WAKEUP",
	"BPF_F_INGRESS", "BPF_F_BROADCAST", "BPF_F_EXCLUDE_INGRESS",
	"BPF_ADJ_ROOM_NET", "BPF_ADJ_ROOM_MAC",
	"XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT",
	// sock_ops
	"BPF_SOCK_OPS_RTO_CB_FLAG", "BPF_SOCK_OPS_RETRANS_CB_FLAG", "BPF_SOCK_OPS_STATE_CB_FLAG",
	"BPF_SOCK_OPS_RTT_CB_FLAG", "BPF_SOCK_OPS_PARSE_ALL_HDR_OPT_CB_FLAG",
	"BPF_SOCK_OPS_PARSE_UNKNOWN_HDR_OPT_CB_FLAG", "BPF_SOCK_OPS_WRITE_HDR_OPT_CB_FLAG",
	"BPF_SOCK_OPS_ALL_CB_FLAGS",
	"BPF_SOCK_OPS_VOID", "BPF_SOCK_OPS_TIMEOUT_INIT", "BPF_SOCK_OPS_RWND_INIT",
	"BPF_SOCK_OPS_TCP_CONNECT_CB", "BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB",
	"BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB", "BPF_SOCK_OPS_NEEDS_ECN", "BPF_SOCK_OPS_BASE_RTT",
	"BPF_SOCK_OPS_RTO_CB", "BPF_SOCK_OPS_RETRANS_CB", "BPF_SOCK_OPS_STATE_CB",
	"BPF_SOCK_OPS_TCP_LISTEN_CB", "BPF_SOCK_OPS_RTT_CB", "BPF_SOCK_OPS_PARSE_HDR_OPT_CB",
	"BPF_SOCK_OPS_HDR_OPT_LEN_CB", "BPF_SOCK_OPS_WRITE_HDR_OPT_CB",
	"BPF_TCP_ESTABLISHED", "BPF_TCP_SYN_SENT", "BPF_TCP_SYN_RECV", "BPF_TCP_FIN_WAIT1",
	"BPF_TCP_FIN_WAIT2", "BPF_TCP_TIME_WAIT", "BPF_TCP_CLOSE", "BPF_TCP_CLOSE_WAIT",
	"BPF_TCP_LAST_ACK", "BPF_TCP_LISTEN", "BPF_TCP_CLOSING", "BPF_TCP_NEW_SYN_RECV",
	"BPF_TCP_MAX_STATES",
	"TCP_BPF_IW", "TCP_BPF_SNDCWND_CLAMP", "TCP_BPF_DELACK_MAX", "TCP_BPF_RTO_MIN",
	"TCP_BPF_SYN", "TCP_BPF_SYN_IP", "TCP_BPF_SYN_MAC",
	// net
	"ETH_ALEN", "ETH_TLEN", "ETH_HLEN", "ETH_ZLEN", "ETH_DATA_LEN", "ETH_FRAME_LEN",
	"ETH_FCS_LEN", "ETH_P_LOOP", "ETH_P_IP", "ETH_P_ARP", "ETH_P_8021Q", "ETH_P_IPV6",
	"ETH_P_MPLS_UC", "ETH_P_8021AD", "ETH_P_ALL",
	"IPPROTO_IP", "IPPROTO_ICMP", "IPPROTO_IGMP", "IPPROTO_IPIP", "IPPROTO_TCP", "IPPROTO_EGP",
	"IPPROTO_PUP", "IPPROTO_UDP", "IPPROTO_IDP", "IPPROTO_TP", "IPPROTO_DCCP", "IPPROTO_IPV6",
	"IPPROTO_RSVP", "IPPROTO_GRE", "IPPROTO_ESP", "IPPROTO_AH", "IPPROTO_MTP",
	"IPPROTO_BEETPH", "IPPROTO_ENCAP", "IPPROTO_PIM", "IPPROTO_COMP", "IPPROTO_L2TP",
	"IPPROTO_SCTP", "IPPROTO_UDPLITE", "IPPROTO_MPLS", "IPPROTO_ETHERNET", "IPPROTO_RAW",
	"IPPROTO_MPTCP",
	"IPTOS_TOS_MASK", "IPVERSION", "MAXTTL", "IPDEFTTL",
	"TCP_NODELAY", "TCP_MAXSEG", "TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT",
	"TCP_SYNCNT", "TCP_WINDOW_CLAMP", "TCP_CONGESTION", "TCP_USER_TIMEOUT",
	"TCP_NOTSENT_LOWAT", "TCP_SAVE_SYN", "TCP_SAVED_SYN",
	"ICMP_ECHOREPLY", "ICMP_DEST_UNREACH", "ICMP_SOURCE_QUENCH", "ICMP_REDIRECT",
	"ICMP_ECHO", "ICMP_TIME_EXCEEDED", "ICMP_PARAMETERPROB", "ICMP_TIMESTAMP",
	"ICMP_TIMESTAMPREPLY", "ICMP_INFO_REQUEST", "ICMP_INFO_REPLY", "ICMP_ADDRESS",
	"ICMP_ADDRESSREPLY", "ICMP_NET_UNREACH", "ICMP_HOST_UNREACH", "ICMP_PROT_UNREACH",
	"ICMP_PORT_UNREACH", "ICMP_FRAG_NEEDED", "ICMP_SR_FAILED", "ICMP_NET_UNKNOWN",
	"ICMP_HOST_UNKNOWN", "ICMP_HOST_ISOLATED", "ICMP_NET_ANO", "ICMP_HOST_ANO",
	"ICMP_NET_UNR_TOS", "ICMP_HOST_UNR_TOS", "ICMP_PKT_FILTERED", "ICMP_PREC_VIOLATION",
	"ICMP_PREC_CUTOFF", "ICMP_REDIR_NET", "ICMP_REDIR_HOST", "ICMP_REDIR_NETTOS",
	"ICMP_REDIR_HOSTTOS", "ICMP_EXC_TTL", "ICMP_EXC_FRAGTIME",
	"PACKET_HOST", "PACKET_BROADCAST", "PACKET_MULTICAST", "PACKET_OTHERHOST",
	"PACKET_OUTGOING", "PACKET_LOOPBACK", "PACKET_USER", "PACKET_KERNEL",
	"TC_ACT_UNSPEC", "TC_ACT_OK", "TC_ACT_RECLASSIFY", "TC_ACT_SHOT", "TC_ACT_PIPE",
	"TC_ACT_STOLEN", "TC_ACT_QUEUED", "TC_ACT_REPEAT", "TC_ACT_REDIRECT", "TC_ACT_TRAP",
	"TC_ACT_VALUE_MAX",
	// sockets: glibc and <asm/socket.h> on the system side
	"AF_UNSPEC", "AF_INET", "AF_INET6", "SOL_SOCKET", "SOL_IP", "SOL_TCP", "SOL_IPV6",
	"SO_REUSEADDR", "SO_KEEPALIVE", "SO_SNDBUF", "SO_RCVBUF", "SO_PRIORITY", "SO_RCVLOWAT",
	"SO_BINDTODEVICE", "SO_MARK", "SO_MAX_PACING_RATE",
	// macros
	"bpf_htons(0x1234)", "bpf_ntohs(0x1234)", "bpf_htonl(0x12345678)",
	"bpf_ntohl(0x12345678)", "bpf_cpu_to_be64(0x0102030405060708ULL)",
	"bpf_be64_to_cpu(0x0102030405060708ULL)", "bpf_htons(ETH_P_IP)",
	"(unsigned long)&PT_REGS_PARM1((struct pt_regs *)0)",
	"(unsigned long)&PT_REGS_PARM2((struct pt_regs *)0)",
	"(unsigned long)&PT_REGS_PARM3((struct pt_regs *)0)",
	"(unsigned long)&PT_REGS_PARM4((struct pt_regs *)0)",
	"(unsigned long)&PT_REGS_PARM5((struct pt_regs *)0)",
	"(unsigned long)&PT_REGS_RET((struct pt_regs *)0)",
	"(unsigned long)&PT_REGS_FP((struct pt_regs *)0)",
	"(unsigned long)&PT_REGS_RC((struct pt_regs *)0)",
	"(unsigned long)&PT_REGS_SP((struct pt_regs *)0)",
	"(unsigned long)&PT_REGS_IP((struct pt_regs *)0)",
	"KERNEL_VERSION(5, 10, 300)", "offsetof(struct iphdr, daddr)",
	"sizeof(NULL)", "true", "false",
	"INT8_MIN", "INT16_MIN", "INT32_MIN", "INT64_MIN", "INT8_MAX", "INT16_MAX", "INT32_MAX",
	"INT64_MAX", "UINT8_MAX", "UINT16_MAX", "UINT32_MAX", "UINT64_MAX", "INTPTR_MIN",
	"INTPTR_MAX", "UINTPTR_MAX", "SIZE_MAX", "UINT64_C(1)", "INT64_C(-1)",
}

// bitfieldProbes name a struct and an initializer of one bitfield at its
// largest value; the object's bytes show the field's position and width.
var bitfieldProbes = []struct {
	typ, init string
}{
	{"struct iphdr", ".ihl = 0xf"},
	{"struct iphdr", ".version = 0xf"},
	{"struct ipv6hdr", ".priority = 0xf"},
	{"struct ipv6hdr", ".version = 0xf"},
	{"struct tcphdr", ".res1 = 0xf"},
	{"struct tcphdr", ".doff = 0xf"},
	{"struct tcphdr", ".fin = 1"},
	{"struct tcphdr", ".syn = 1"},
	{"struct tcphdr", ".rst = 1"},
	{"struct tcphdr", ".psh = 1"},
	{"struct tcphdr", ".ack = 1"},
	{"struct tcphdr", ".urg = 1"},
	{"struct tcphdr", ".ece = 1"},
	{"struct tcphdr", ".cwr = 1"},
}

// helpers are the helper prototypes whose ids are compared; the probe calls
// each one once, in order, and the call instructions' immediates are read.
var helpers = []string{
	"map_lookup_elem", "map_update_elem", "map_delete_elem", "probe_read", "ktime_get_ns",
	"trace_printk", "get_prandom_u32", "get_smp_processor_id", "skb_store_bytes",
	"l3_csum_replace", "l4_csum_replace", "tail_call", "clone_redirect",
	"get_current_pid_tgid", "get_current_uid_gid", "get_current_comm", "perf_event_read",
	"redirect", "perf_event_output", "skb_load_bytes", "get_stackid", "csum_diff",
	"get_current_task", "skb_change_head", "xdp_adjust_head", "setsockopt", "redirect_map",
	"sock_map_update", "xdp_adjust_meta", "perf_prog_read_value", "getsockopt",
	"sock_ops_cb_flags_set", "xdp_adjust_tail", "get_stack", "probe_read_user",
	"probe_read_kernel", "probe_read_user_str", "probe_read_kernel_str", "ktime_get_boot_ns",
	"ringbuf_output", "ringbuf_reserve", "ringbuf_submit", "ringbuf_discard",
}

// layoutProbe returns the probe's C source for one side and the name of
// each element of its layout array.
func layoutProbe(prelude string) (string, []string) {
	var names []string
	for _, s := range structFields {
		names = append(names, "sizeof("+s.typ+")")
		for _, f := range s.fields {
			names = append(names, "offsetof("+s.typ+", "+f+")")
		}
	}
	for _, typ := range scalarTypes {
		names = append(names, "sizeof("+typ+")", "(unsigned long long)("+typ+")-1")
	}
	names = append(names, constants...)

	var b strings.Builder
	for _, h := range probeIncludes {
		fmt.Fprintf(&b, "#include <%s>\n", h)
	}
	b.WriteString(prelude)
	b.WriteString("\nconst unsigned long long layout[] = {\n")
	for _, n := range names {
		fmt.Fprintf(&b, "\t(unsigned long long)(%s),\n", n)
	}
	b.WriteString("};\n\n")
	for i, p := range bitfieldProbes {
		fmt.Fprintf(&b, "const %s bitfield%d = { %s };\n", p.typ, i, p.init)
	}
	b.WriteString("\n__attribute__((section(\"probe\"))) void calls(void)\n{\n")
	for _, h := range helpers {
		fmt.Fprintf(&b, "\t((void (*)(void))bpf_%s)();\n", h)
	}
	b.WriteString("}\n")
	return b.String(), names
}

// probeResult is what an object of the probe holds.
type probeResult struct {
	layout    []uint64
	bitfields [][]byte
	calls     []int32
}

// readProbe reads the layout array, the bitfield objects and the helper
// ids called in section "probe" from the object at path.
func readProbe(t *testing.T, path string) probeResult {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	symbol := func(name string) []byte {
		for _, s := range syms {
			if s.Name != name || int(s.Section) >= len(f.Sections) {
				continue
			}
			data, err := f.Sections[s.Section].Data()
			if err != nil {
				t.Fatal(err)
			}
			return data[s.Value : s.Value+s.Size]
		}
		t.Fatalf("%s: no symbol %s", path, name)
		return nil
	}
	var r probeResult
	raw := symbol("layout")
	for i := 0; i+8 <= len(raw); i += 8 {
		r.layout = append(r.layout, binary.LittleEndian.Uint64(raw[i:]))
	}
	for i := range bitfieldProbes {
		r.bitfields = append(r.bitfields, symbol(fmt.Sprintf("bitfield%d", i)))
	}
	sec := f.Section("probe")
	if sec == nil {
		t.Fatalf("%s: no section probe", path)
	}
	code, err := sec.Data()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+8 <= len(code); i += 8 {
		// BPF_JMP|BPF_CALL with src_reg 0 is a helper call.
		if code[i] == 0x85 && code[i+1]>>4 == 0 {
			r.calls = append(r.calls, int32(binary.LittleEndian.Uint32(code[i+4:])))
		}
	}
	return r
}

func TestLayoutsMatchKernel(t *testing.T) {
	needClang(t)
	for _, h := range []string{"/usr/include/linux/bpf.h", "/usr/include/bpf/bpf_helpers.h",
		"/usr/include/x86_64-linux-gnu/asm/ptrace.h", "/usr/include/x86_64-linux-gnu/sys/socket.h"} {
		if _, err := os.Stat(h); err != nil {
			t.Skipf("system headers missing (install linux-libc-dev, libbpf-dev and libc6-dev): %v", err)
		}
	}
	inc := extractHeaders(t)
	oursSrc, names := layoutProbe("")
	sysSrc, _ := layoutProbe(systemPrelude)
	ours := readProbe(t, compile(t, "ours", oursSrc, "-nostdinc", "-isystem", inc, "-D__VEP_MAP_DEF"))
	// The system side needs the host's asm/ directory, libbpf's x86 target
	// and glibc's x86-64 socket definitions.
	sys := readProbe(t, compile(t, "system", sysSrc,
		"-I/usr/include/x86_64-linux-gnu", "-D__x86_64__", "-D__TARGET_ARCH_x86"))

	if len(ours.layout) != len(names) || len(sys.layout) != len(names) {
		t.Fatalf("layout has %d (ours) and %d (system) elements, want %d",
			len(ours.layout), len(sys.layout), len(names))
	}
	for i, n := range names {
		if ours.layout[i] != sys.layout[i] {
			t.Errorf("%s = %#x in our headers, %#x in the system's", n, ours.layout[i], sys.layout[i])
		}
	}
	for i, p := range bitfieldProbes {
		if !bytes.Equal(ours.bitfields[i], sys.bitfields[i]) {
			t.Errorf("%s { %s } is % x in our headers, % x in the system's",
				p.typ, p.init, ours.bitfields[i], sys.bitfields[i])
		}
	}
	if len(ours.calls) != len(helpers) || len(sys.calls) != len(helpers) {
		t.Fatalf("probe calls %d (ours) and %d (system) helpers, want %d",
			len(ours.calls), len(sys.calls), len(helpers))
	}
	for i, h := range helpers {
		if ours.calls[i] != sys.calls[i] {
			t.Errorf("bpf_%s has id %d in our headers, %d in the system's", h, ours.calls[i], sys.calls[i])
		}
	}
}

// ccPredefined are the macros clang -target bpf predefines that the headers
// and the probe rely on, for modernc.org/cc/v4, which predefines nothing.
const ccPredefined = `
#define __STDC__ 1
#define __STDC_VERSION__ 201112L
#define __STDC_HOSTED__ 0
#define __GNUC__ 4
#define __bpf__ 1
#define __BPF__ 1
#define __LP64__ 1
#define __CHAR_BIT__ 8
#define __SIZE_TYPE__ long unsigned int
#define __PTRDIFF_TYPE__ long int
#define __WCHAR_TYPE__ int
#define __UINT16_TYPE__ unsigned short
#define __UINT32_TYPE__ unsigned int
#define __UINT64_TYPE__ long unsigned int
#define __ORDER_LITTLE_ENDIAN__ 1234
#define __ORDER_BIG_ENDIAN__ 4321
#define __BYTE_ORDER__ __ORDER_LITTLE_ENDIAN__
#define __LITTLE_ENDIAN__ 1
`

// ccTranslate preprocesses, parses and type-checks src with
// modernc.org/cc/v4 against Headers, as the front end does.
func ccTranslate(name, src string) error {
	abi, err := cc.NewABI("linux", "amd64")
	if err != nil {
		return err
	}
	cfg := &cc.Config{ABI: abi, FS: Headers, SysIncludePaths: []string{"include"}, FSOnly: true}
	_, err = cc.Translate(cfg, []cc.Source{
		{Name: "<predefined>", Value: ccPredefined},
		{Name: "<builtin>", Value: cc.Builtin},
		{Name: name, Value: src},
	})
	return err
}

func TestHeadersTranslateWithCC(t *testing.T) {
	for _, name := range headerNames(t) {
		t.Run(name, func(t *testing.T) {
			src := fmt.Sprintf("#include <%s>\n#include <%s>\nint vep_probe;\n", name, name)
			if err := ccTranslate("alone.c", src); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestLayoutsMatchCC checks that modernc.org/cc/v4 lays out the headers'
// structs and evaluates their constants as clang does: every element of the
// layout probe, with the value clang computed, becomes a _Static_assert.
// cc/v4 cannot evaluate offsetof with an array element designator
// (offsetof(struct __sk_buff, cb[4])); those elements are left to clang.
func TestLayoutsMatchCC(t *testing.T) {
	needClang(t)
	inc := extractHeaders(t)
	src, names := layoutProbe("")
	ours := readProbe(t, compile(t, "ours", src, "-nostdinc", "-isystem", inc, "-D__VEP_MAP_DEF"))
	var b strings.Builder
	for _, h := range probeIncludes {
		fmt.Fprintf(&b, "#include <%s>\n", h)
	}
	for i, n := range names {
		if strings.HasPrefix(n, "offsetof(") && strings.Contains(n, "[") {
			continue
		}
		fmt.Fprintf(&b, "_Static_assert((unsigned long long)(%s) == %#xULL, %q);\n", n, ours.layout[i], n)
	}
	if err := ccTranslate("layout.c", b.String()); err != nil {
		t.Error(err)
	}
}
