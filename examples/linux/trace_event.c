// expect: safe
/* trace_event is a perf_event program, run on every sample of a perf
 * event, that counts samples per (command, kernel stack, user stack): the
 * key is built from bpf_get_current_comm and two bpf_get_stackid results,
 * and the counts live in a hash map. It also reads the event's counter
 * with bpf_perf_prog_read_value into a stack struct and adds it to
 * running totals. */
#include <linux/bpf.h>
#include <linux/bpf_perf_event.h>
#include <bpf/bpf_helpers.h>

#define TASK_COMM_LEN		16
#define PERF_MAX_STACK_DEPTH	127
#define KERN_STACKID_FLAGS	(0 | BPF_F_FAST_STACK_CMP)
#define USER_STACKID_FLAGS	(0 | BPF_F_FAST_STACK_CMP | BPF_F_USER_STACK)

struct key_t {
	char comm[TASK_COMM_LEN];
	__u32 kernstack;
	__u32 userstack;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct key_t);
	__type(value, __u64);
	__uint(max_entries, 10000);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, PERF_MAX_STACK_DEPTH * sizeof(__u64));
	__uint(max_entries, 10000);
} stackmap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct bpf_perf_event_value);
	__uint(max_entries, 1);
} totals SEC(".maps");

SEC("perf_event")
int trace_event(struct bpf_perf_event_data *ctx)
{
	struct bpf_perf_event_value value;
	struct bpf_perf_event_value *total;
	struct key_t key;
	__u64 one = 1, *count;
	__u32 zero = 0;

	if (ctx->sample_period < 10000)
		return 0;
	bpf_get_current_comm(key.comm, sizeof(key.comm));
	key.kernstack = bpf_get_stackid(ctx, &stackmap, KERN_STACKID_FLAGS);
	key.userstack = bpf_get_stackid(ctx, &stackmap, USER_STACKID_FLAGS);
	if ((int)key.kernstack < 0 && (int)key.userstack < 0)
		return 0;

	if (bpf_perf_prog_read_value(ctx, &value, sizeof(value)) == 0) {
		total = bpf_map_lookup_elem(&totals, &zero);
		if (total) {
			__sync_fetch_and_add(&total->counter, value.counter);
			__sync_fetch_and_add(&total->enabled, value.enabled);
			__sync_fetch_and_add(&total->running, value.running);
		}
	}

	count = bpf_map_lookup_elem(&counts, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&counts, &key, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
