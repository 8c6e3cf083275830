// expect: safe
/* syscall_tp counts the calls of openat(2) at the entry and at the exit
 * tracepoint of the system call, each in the single slot of its own array
 * map: it increments the slot when the lookup finds it and inserts 1
 * otherwise. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* Records of the tracepoints syscalls/sys_enter_openat and
 * syscalls/sys_exit_openat (see their format files in tracefs). */
struct sys_enter_openat_args {
	__u64 common;		/* common_type, common_flags, common_preempt_count, common_pid */
	__s64 syscall_nr;
	__u64 dfd;
	__u64 filename;
	__u64 flags;
	__u64 mode;
};

struct sys_exit_openat_args {
	__u64 common;
	__s64 syscall_nr;
	__s64 ret;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} enter_count SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} exit_count SEC(".maps");

static __always_inline void count(void *map)
{
	__u32 key = 0;
	__u32 one = 1;
	__u32 *value;

	value = bpf_map_lookup_elem(map, &key);
	if (value)
		*value += 1;
	else
		bpf_map_update_elem(map, &key, &one, BPF_NOEXIST);
}

SEC("tracepoint/syscalls/sys_enter_openat")
int enter_openat(struct sys_enter_openat_args *ctx)
{
	count(&enter_count);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_openat")
int exit_openat(struct sys_exit_openat_args *ctx)
{
	count(&exit_count);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
