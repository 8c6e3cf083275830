/* bpf/bpf_helper_defs.h - vep hermetic header: prototypes of the kernel's
 * eBPF helper functions in libbpf's style. Each helper is a constant
 * pointer whose value is the helper's id in the kernel's
 * ___BPF_FUNC_MAPPER list; clang turns a call through it into "call id". */
#ifndef _VEP_BPF_HELPER_DEFS_H
#define _VEP_BPF_HELPER_DEFS_H

#include <linux/types.h>

struct __sk_buff;
struct xdp_md;
struct bpf_sock_ops;
struct bpf_perf_event_data;
struct bpf_perf_event_value;

/* Returns a pointer to the value stored under key in map, or NULL. */
static void *(*const bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;
/* Stores value under key in map; flags is BPF_ANY, BPF_NOEXIST or BPF_EXIST. Returns 0 or a negative error. */
static long (*const bpf_map_update_elem)(void *map, const void *key, const void *value, __u64 flags) = (void *)2;
/* Deletes the element under key from map. Returns 0 or a negative error. */
static long (*const bpf_map_delete_elem)(void *map, const void *key) = (void *)3;
/* Copies size bytes from the unsafe address unsafe_ptr to dst. */
static long (*const bpf_probe_read)(void *dst, __u32 size, const void *unsafe_ptr) = (void *)4;
/* Returns the time since boot in nanoseconds, not counting suspend. */
static __u64 (*const bpf_ktime_get_ns)(void) = (void *)5;
/* Prints fmt (fmt_size bytes, NUL included) with up to three arguments to the trace pipe. */
static long (*const bpf_trace_printk)(const char *fmt, __u32 fmt_size, ...) = (void *)6;
/* Returns a pseudo-random number. */
static __u32 (*const bpf_get_prandom_u32)(void) = (void *)7;
/* Returns the id of the current CPU. */
static __u32 (*const bpf_get_smp_processor_id)(void) = (void *)8;
/* Stores len bytes from from at offset of the packet of skb. */
static long (*const bpf_skb_store_bytes)(struct __sk_buff *skb, __u32 offset, const void *from, __u32 len, __u64 flags) = (void *)9;
/* Updates the L3 checksum at offset after a change of size bytes from from to to. */
static long (*const bpf_l3_csum_replace)(struct __sk_buff *skb, __u32 offset, __u64 from, __u64 to, __u64 size) = (void *)10;
/* Updates the L4 checksum at offset after a change from from to to. */
static long (*const bpf_l4_csum_replace)(struct __sk_buff *skb, __u32 offset, __u64 from, __u64 to, __u64 flags) = (void *)11;
/* Jumps to program index of prog_array_map; returns only if the jump fails. */
static long (*const bpf_tail_call)(void *ctx, void *prog_array_map, __u32 index) = (void *)12;
/* Clones skb and redirects the clone to ifindex. */
static long (*const bpf_clone_redirect)(struct __sk_buff *skb, __u32 ifindex, __u64 flags) = (void *)13;
/* Returns tgid << 32 | pid of the current task. */
static __u64 (*const bpf_get_current_pid_tgid)(void) = (void *)14;
/* Returns gid << 32 | uid of the current task. */
static __u64 (*const bpf_get_current_uid_gid)(void) = (void *)15;
/* Copies the current task's comm, NUL-terminated, into buf of size_of_buf bytes. */
static long (*const bpf_get_current_comm)(void *buf, __u32 size_of_buf) = (void *)16;
/* Reads the value of a perf event counter from map at flags' index. */
static __u64 (*const bpf_perf_event_read)(void *map, __u64 flags) = (void *)22;
/* Redirects the packet to ifindex; returns the program's verdict. */
static long (*const bpf_redirect)(__u32 ifindex, __u64 flags) = (void *)23;
/* Writes size bytes of data to the perf event array map. */
static long (*const bpf_perf_event_output)(void *ctx, void *map, __u64 flags, void *data, __u64 size) = (void *)25;
/* Copies len bytes at offset of the packet of skb to to. */
static long (*const bpf_skb_load_bytes)(const void *skb, __u32 offset, void *to, __u32 len) = (void *)26;
/* Records the current stack in the stack trace map and returns its id, or a negative error. */
static long (*const bpf_get_stackid)(void *ctx, void *map, __u64 flags) = (void *)27;
/* Returns the checksum difference between from and to, added to seed. */
static __s64 (*const bpf_csum_diff)(__be32 *from, __u32 from_size, __be32 *to, __u32 to_size, __wsum seed) = (void *)28;
/* Returns the current task_struct pointer. */
static __u64 (*const bpf_get_current_task)(void) = (void *)35;
/* Grows the packet headroom of skb by len bytes. */
static long (*const bpf_skb_change_head)(struct __sk_buff *skb, __u32 len, __u64 flags) = (void *)43;
/* Moves xdp_md->data by delta bytes. */
static long (*const bpf_xdp_adjust_head)(struct xdp_md *xdp_md, int delta) = (void *)44;
/* Sets a socket option of the socket of a sock_ops (or similar) context. */
static long (*const bpf_setsockopt)(void *bpf_socket, int level, int optname, void *optval, int optlen) = (void *)49;
/* Redirects the packet to the device, CPU or socket at key of map. */
static long (*const bpf_redirect_map)(void *map, __u64 key, __u64 flags) = (void *)51;
/* Adds the socket of skops to the sockmap map under key. */
static long (*const bpf_sock_map_update)(struct bpf_sock_ops *skops, void *map, void *key, __u64 flags) = (void *)53;
/* Moves xdp_md->data_meta by delta bytes. */
static long (*const bpf_xdp_adjust_meta)(struct xdp_md *xdp_md, int delta) = (void *)54;
/* Reads the counter of the perf event that triggered the program into buf. */
static long (*const bpf_perf_prog_read_value)(struct bpf_perf_event_data *ctx, struct bpf_perf_event_value *buf, __u32 buf_size) = (void *)56;
/* Reads a socket option of the socket of a sock_ops (or similar) context. */
static long (*const bpf_getsockopt)(void *bpf_socket, int level, int optname, void *optval, int optlen) = (void *)57;
/* Sets bpf_sock_ops_cb_flags of the socket of bpf_sock. */
static long (*const bpf_sock_ops_cb_flags_set)(struct bpf_sock_ops *bpf_sock, int argval) = (void *)59;
/* Moves xdp_md->data_end by delta bytes. */
static long (*const bpf_xdp_adjust_tail)(struct xdp_md *xdp_md, int delta) = (void *)65;
/* Copies the current stack (kernel or user) into buf of size bytes. */
static long (*const bpf_get_stack)(void *ctx, void *buf, __u32 size, __u64 flags) = (void *)67;
/* Copies size bytes from the user address unsafe_ptr to dst. */
static long (*const bpf_probe_read_user)(void *dst, __u32 size, const void *unsafe_ptr) = (void *)112;
/* Copies size bytes from the kernel address unsafe_ptr to dst. */
static long (*const bpf_probe_read_kernel)(void *dst, __u32 size, const void *unsafe_ptr) = (void *)113;
/* Copies a NUL-terminated string of at most size bytes from user memory to dst. */
static long (*const bpf_probe_read_user_str)(void *dst, __u32 size, const void *unsafe_ptr) = (void *)114;
/* Copies a NUL-terminated string of at most size bytes from kernel memory to dst. */
static long (*const bpf_probe_read_kernel_str)(void *dst, __u32 size, const void *unsafe_ptr) = (void *)115;
/* Returns the time since boot in nanoseconds, suspend included. */
static __u64 (*const bpf_ktime_get_boot_ns)(void) = (void *)125;
/* Copies size bytes of data into the ring buffer ringbuf. */
static long (*const bpf_ringbuf_output)(void *ringbuf, void *data, __u64 size, __u64 flags) = (void *)130;
/* Reserves size bytes in the ring buffer ringbuf; returns NULL on failure. */
static void *(*const bpf_ringbuf_reserve)(void *ringbuf, __u64 size, __u64 flags) = (void *)131;
/* Submits a reserved ring buffer record. */
static void (*const bpf_ringbuf_submit)(void *data, __u64 flags) = (void *)132;
/* Discards a reserved ring buffer record. */
static void (*const bpf_ringbuf_discard)(void *data, __u64 flags) = (void *)133;

#endif /* _VEP_BPF_HELPER_DEFS_H */
