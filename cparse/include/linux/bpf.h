/* linux/bpf.h - vep hermetic header: the parts of the kernel's UAPI
 * <linux/bpf.h> that eBPF programs use: map and program types, update and
 * helper flags, the program contexts (struct __sk_buff, struct xdp_md,
 * struct bpf_sock_ops, struct bpf_perf_event_data) and sock_ops constants.
 * Layouts and values follow the kernel exactly. */
#ifndef _VEP_LINUX_BPF_H
#define _VEP_LINUX_BPF_H

#include <linux/types.h>
#include <linux/bpf_perf_event.h>

enum bpf_map_type {
	BPF_MAP_TYPE_UNSPEC,
	BPF_MAP_TYPE_HASH,
	BPF_MAP_TYPE_ARRAY,
	BPF_MAP_TYPE_PROG_ARRAY,
	BPF_MAP_TYPE_PERF_EVENT_ARRAY,
	BPF_MAP_TYPE_PERCPU_HASH,
	BPF_MAP_TYPE_PERCPU_ARRAY,
	BPF_MAP_TYPE_STACK_TRACE,
	BPF_MAP_TYPE_CGROUP_ARRAY,
	BPF_MAP_TYPE_LRU_HASH,
	BPF_MAP_TYPE_LRU_PERCPU_HASH,
	BPF_MAP_TYPE_LPM_TRIE,
	BPF_MAP_TYPE_ARRAY_OF_MAPS,
	BPF_MAP_TYPE_HASH_OF_MAPS,
	BPF_MAP_TYPE_DEVMAP,
	BPF_MAP_TYPE_SOCKMAP,
	BPF_MAP_TYPE_CPUMAP,
	BPF_MAP_TYPE_XSKMAP,
	BPF_MAP_TYPE_SOCKHASH,
	BPF_MAP_TYPE_CGROUP_STORAGE,
	BPF_MAP_TYPE_REUSEPORT_SOCKARRAY,
	BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE,
	BPF_MAP_TYPE_QUEUE,
	BPF_MAP_TYPE_STACK,
	BPF_MAP_TYPE_SK_STORAGE,
	BPF_MAP_TYPE_DEVMAP_HASH,
	BPF_MAP_TYPE_STRUCT_OPS,
	BPF_MAP_TYPE_RINGBUF,
	BPF_MAP_TYPE_INODE_STORAGE,
	BPF_MAP_TYPE_TASK_STORAGE,
	BPF_MAP_TYPE_BLOOM_FILTER,
	BPF_MAP_TYPE_USER_RINGBUF,
};

enum bpf_prog_type {
	BPF_PROG_TYPE_UNSPEC,
	BPF_PROG_TYPE_SOCKET_FILTER,
	BPF_PROG_TYPE_KPROBE,
	BPF_PROG_TYPE_SCHED_CLS,
	BPF_PROG_TYPE_SCHED_ACT,
	BPF_PROG_TYPE_TRACEPOINT,
	BPF_PROG_TYPE_XDP,
	BPF_PROG_TYPE_PERF_EVENT,
	BPF_PROG_TYPE_CGROUP_SKB,
	BPF_PROG_TYPE_CGROUP_SOCK,
	BPF_PROG_TYPE_LWT_IN,
	BPF_PROG_TYPE_LWT_OUT,
	BPF_PROG_TYPE_LWT_XMIT,
	BPF_PROG_TYPE_SOCK_OPS,
	BPF_PROG_TYPE_SK_SKB,
	BPF_PROG_TYPE_CGROUP_DEVICE,
	BPF_PROG_TYPE_SK_MSG,
	BPF_PROG_TYPE_RAW_TRACEPOINT,
	BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
	BPF_PROG_TYPE_LWT_SEG6LOCAL,
	BPF_PROG_TYPE_LIRC_MODE2,
	BPF_PROG_TYPE_SK_REUSEPORT,
	BPF_PROG_TYPE_FLOW_DISSECTOR,
	BPF_PROG_TYPE_CGROUP_SYSCTL,
	BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE,
	BPF_PROG_TYPE_CGROUP_SOCKOPT,
	BPF_PROG_TYPE_TRACING,
	BPF_PROG_TYPE_STRUCT_OPS,
	BPF_PROG_TYPE_EXT,
	BPF_PROG_TYPE_LSM,
	BPF_PROG_TYPE_SK_LOOKUP,
	BPF_PROG_TYPE_SYSCALL,
};

/* Flags of bpf_map_update_elem. */
enum {
	BPF_ANY		= 0,	/* create a new element or update an existing one */
	BPF_NOEXIST	= 1,	/* create a new element only if absent */
	BPF_EXIST	= 2,	/* update an existing element only */
	BPF_F_LOCK	= 4,	/* spin-locked lookup or update */
};

/* Map creation flags (map_flags of a map definition). */
enum {
	BPF_F_NO_PREALLOC	= (1U << 0),
	BPF_F_NO_COMMON_LRU	= (1U << 1),
	BPF_F_NUMA_NODE		= (1U << 2),
	BPF_F_RDONLY		= (1U << 3),
	BPF_F_WRONLY		= (1U << 4),
	BPF_F_STACK_BUILD_ID	= (1U << 5),
	BPF_F_ZERO_SEED		= (1U << 6),
	BPF_F_RDONLY_PROG	= (1U << 7),
	BPF_F_WRONLY_PROG	= (1U << 8),
	BPF_F_CLONE		= (1U << 9),
	BPF_F_MMAPABLE		= (1U << 10),
	BPF_F_PRESERVE_ELEMS	= (1U << 11),
	BPF_F_INNER_MAP		= (1U << 12),
};

/* Flags of bpf_skb_store_bytes. */
enum {
	BPF_F_RECOMPUTE_CSUM	= (1ULL << 0),
	BPF_F_INVALIDATE_HASH	= (1ULL << 1),
};

/* Flags of bpf_l3_csum_replace and bpf_l4_csum_replace. */
enum {
	BPF_F_HDR_FIELD_MASK	= 0xfULL,
};

/* Flags of bpf_l4_csum_replace. */
enum {
	BPF_F_PSEUDO_HDR	= (1ULL << 4),
	BPF_F_MARK_MANGLED_0	= (1ULL << 5),
	BPF_F_MARK_ENFORCE	= (1ULL << 6),
};

/* Flags of bpf_get_stackid and bpf_get_stack. */
enum {
	BPF_F_SKIP_FIELD_MASK	= 0xffULL,
	BPF_F_USER_STACK	= (1ULL << 8),
	BPF_F_FAST_STACK_CMP	= (1ULL << 9),
	BPF_F_REUSE_STACKID	= (1ULL << 10),
	BPF_F_USER_BUILD_ID	= (1ULL << 11),
};

/* Flags of bpf_perf_event_output, bpf_perf_event_read and
 * bpf_perf_event_read_value. */
enum {
	BPF_F_INDEX_MASK	= 0xffffffffULL,
	BPF_F_CURRENT_CPU	= BPF_F_INDEX_MASK,
	BPF_F_CTXLEN_MASK	= (0xfffffULL << 32),
};

/* Flags of bpf_ringbuf_output, bpf_ringbuf_submit and bpf_ringbuf_discard. */
enum {
	BPF_RB_NO_WAKEUP	= (1ULL << 0),
	BPF_RB_FORCE_WAKEUP	= (1ULL << 1),
};

/* Flags of bpf_redirect and bpf_redirect_map. */
enum {
	BPF_F_INGRESS		= (1ULL << 0),
	BPF_F_BROADCAST		= (1ULL << 3),
	BPF_F_EXCLUDE_INGRESS	= (1ULL << 4),
};

/* Modes of bpf_skb_adjust_room. */
enum bpf_adj_room_mode {
	BPF_ADJ_ROOM_NET,
	BPF_ADJ_ROOM_MAC,
};

/* A pointer member of a context, padded to 64 bits on every target. */
#define __bpf_md_ptr(type, name)	\
union {					\
	type name;			\
	__u64 :64;			\
} __attribute__((aligned(8)))

struct bpf_flow_keys;
struct bpf_sock;

/* The context of socket filter, tc and cgroup skb programs: a mirror of the
 * kernel's sk_buff whose fields the verifier rewrites into real accesses. */
struct __sk_buff {
	__u32 len;
	__u32 pkt_type;
	__u32 mark;
	__u32 queue_mapping;
	__u32 protocol;
	__u32 vlan_present;
	__u32 vlan_tci;
	__u32 vlan_proto;
	__u32 priority;
	__u32 ingress_ifindex;
	__u32 ifindex;
	__u32 tc_index;
	__u32 cb[5];
	__u32 hash;
	__u32 tc_classid;
	__u32 data;
	__u32 data_end;
	__u32 napi_id;
	__u32 family;
	__u32 remote_ip4;	/* network byte order */
	__u32 local_ip4;	/* network byte order */
	__u32 remote_ip6[4];	/* network byte order */
	__u32 local_ip6[4];	/* network byte order */
	__u32 remote_port;	/* network byte order */
	__u32 local_port;	/* host byte order */
	__u32 data_meta;
	__bpf_md_ptr(struct bpf_flow_keys *, flow_keys);
	__u64 tstamp;
	__u32 wire_len;
	__u32 gso_segs;
	__bpf_md_ptr(struct bpf_sock *, sk);
	__u32 gso_size;
	__u8 tstamp_type;
	/* 3 bytes of padding (the kernel writes them as __u32 :24) */
	__u64 hwtstamp;
};

/* Return codes of XDP programs. */
enum xdp_action {
	XDP_ABORTED = 0,
	XDP_DROP,
	XDP_PASS,
	XDP_TX,
	XDP_REDIRECT,
};

/* The context of XDP programs. */
struct xdp_md {
	__u32 data;
	__u32 data_end;
	__u32 data_meta;
	__u32 ingress_ifindex;
	__u32 rx_queue_index;
	__u32 egress_ifindex;
};

/* The context of BPF_PROG_TYPE_SOCK_OPS programs. */
struct bpf_sock_ops {
	__u32 op;
	union {
		__u32 args[4];		/* arguments passed to the program */
		__u32 reply;		/* returned by the program */
		__u32 replylong[4];	/* returned by the program */
	};
	__u32 family;
	__u32 remote_ip4;	/* network byte order */
	__u32 local_ip4;	/* network byte order */
	__u32 remote_ip6[4];	/* network byte order */
	__u32 local_ip6[4];	/* network byte order */
	__u32 remote_port;	/* network byte order */
	__u32 local_port;	/* host byte order */
	__u32 is_fullsock;
	__u32 snd_cwnd;
	__u32 srtt_us;
	__u32 bpf_sock_ops_cb_flags;
	__u32 state;
	__u32 rtt_min;
	__u32 snd_ssthresh;
	__u32 rcv_nxt;
	__u32 snd_nxt;
	__u32 snd_una;
	__u32 mss_cache;
	__u32 ecn_flags;
	__u32 rate_delivered;
	__u32 rate_interval_us;
	__u32 packets_out;
	__u32 retrans_out;
	__u32 total_retrans;
	__u32 segs_in;
	__u32 data_segs_in;
	__u32 segs_out;
	__u32 data_segs_out;
	__u32 lost_out;
	__u32 sacked_out;
	__u32 sk_txhash;
	__u64 bytes_received;
	__u64 bytes_acked;
	__bpf_md_ptr(struct bpf_sock *, sk);
	__bpf_md_ptr(void *, skb_data);
	__bpf_md_ptr(void *, skb_data_end);
	__u32 skb_len;
	__u32 skb_tcp_flags;
};

/* Bits of bpf_sock_ops_cb_flags. */
enum {
	BPF_SOCK_OPS_RTO_CB_FLAG			= (1 << 0),
	BPF_SOCK_OPS_RETRANS_CB_FLAG			= (1 << 1),
	BPF_SOCK_OPS_STATE_CB_FLAG			= (1 << 2),
	BPF_SOCK_OPS_RTT_CB_FLAG			= (1 << 3),
	BPF_SOCK_OPS_PARSE_ALL_HDR_OPT_CB_FLAG		= (1 << 4),
	BPF_SOCK_OPS_PARSE_UNKNOWN_HDR_OPT_CB_FLAG	= (1 << 5),
	BPF_SOCK_OPS_WRITE_HDR_OPT_CB_FLAG		= (1 << 6),
	BPF_SOCK_OPS_ALL_CB_FLAGS			= 0x7F,
};

/* Values of bpf_sock_ops.op: why the program runs. */
enum {
	BPF_SOCK_OPS_VOID,
	BPF_SOCK_OPS_TIMEOUT_INIT,		/* reply: SYN RTO, -1 for default */
	BPF_SOCK_OPS_RWND_INIT,			/* reply: initial advertised window in packets, -1 for default */
	BPF_SOCK_OPS_TCP_CONNECT_CB,		/* before an active connection is initialised */
	BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB,	/* active connection established */
	BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB,	/* passive connection established */
	BPF_SOCK_OPS_NEEDS_ECN,			/* reply: whether the connection needs ECN */
	BPF_SOCK_OPS_BASE_RTT,			/* reply: base RTT for congestion control */
	BPF_SOCK_OPS_RTO_CB,			/* an RTO fired */
	BPF_SOCK_OPS_RETRANS_CB,		/* a segment was retransmitted */
	BPF_SOCK_OPS_STATE_CB,			/* the TCP state changed */
	BPF_SOCK_OPS_TCP_LISTEN_CB,		/* listen(2) was called */
	BPF_SOCK_OPS_RTT_CB,			/* once per RTT */
	BPF_SOCK_OPS_PARSE_HDR_OPT_CB,		/* parse a received header option */
	BPF_SOCK_OPS_HDR_OPT_LEN_CB,		/* reserve space for header options */
	BPF_SOCK_OPS_WRITE_HDR_OPT_CB,		/* write header options */
};

/* TCP states as seen by sock_ops programs. */
enum {
	BPF_TCP_ESTABLISHED = 1,
	BPF_TCP_SYN_SENT,
	BPF_TCP_SYN_RECV,
	BPF_TCP_FIN_WAIT1,
	BPF_TCP_FIN_WAIT2,
	BPF_TCP_TIME_WAIT,
	BPF_TCP_CLOSE,
	BPF_TCP_CLOSE_WAIT,
	BPF_TCP_LAST_ACK,
	BPF_TCP_LISTEN,
	BPF_TCP_CLOSING,
	BPF_TCP_NEW_SYN_RECV,
	BPF_TCP_MAX_STATES,
};

/* SOL_TCP options of bpf_setsockopt and bpf_getsockopt that only eBPF
 * programs can use. */
enum {
	TCP_BPF_IW		= 1001,	/* initial congestion window */
	TCP_BPF_SNDCWND_CLAMP	= 1002,	/* sndcwnd_clamp */
	TCP_BPF_DELACK_MAX	= 1003,	/* maximum delayed-ACK time, us */
	TCP_BPF_RTO_MIN		= 1004,	/* minimum RTO, us */
	TCP_BPF_SYN		= 1005,	/* copy the TCP header of the SYN */
	TCP_BPF_SYN_IP		= 1006,	/* copy the IP and TCP headers of the SYN */
	TCP_BPF_SYN_MAC		= 1007,	/* copy the MAC, IP and TCP headers of the SYN */
};

/* Filled by bpf_perf_event_read_value and bpf_perf_prog_read_value. */
struct bpf_perf_event_value {
	__u64 counter;
	__u64 enabled;
	__u64 running;
};

#endif /* _VEP_LINUX_BPF_H */
