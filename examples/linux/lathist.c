// expect: safe
/* lathist builds, per CPU, a log2 histogram of the time during which
 * preemption stays disabled. The off program (kprobe on trace_preempt_off)
 * stores a timestamp in the CPU's slot; the on program (kprobe on
 * trace_preempt_on) computes log2 of the elapsed time with shifts and
 * increments hist[cpu * BUCKETS + log2], the last bucket collecting every
 * larger value. */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>

#define MAX_CPU	64
#define BUCKETS	20

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, MAX_CPU);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, MAX_CPU * BUCKETS);
} hist SEC(".maps");

SEC("kprobe/trace_preempt_off")
int off(struct pt_regs *ctx)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u64 *ts = bpf_map_lookup_elem(&start, &cpu);

	if (ts)
		*ts = bpf_ktime_get_ns();
	return 0;
}

/* log2_32 returns the index of the highest bit set in v (0 for 0 and 1). */
static __always_inline __u32 log2_32(__u32 v)
{
	__u32 r, shift;

	r = (v > 0xFFFF) << 4;
	v >>= r;
	shift = (v > 0xFF) << 3;
	v >>= shift;
	r |= shift;
	shift = (v > 0xF) << 2;
	v >>= shift;
	r |= shift;
	shift = (v > 0x3) << 1;
	v >>= shift;
	r |= shift;
	r |= v >> 1;
	return r;
}

/* log2_64 returns the index of the highest bit set in v (0 for 0 and 1). */
static __always_inline __u32 log2_64(__u64 v)
{
	__u32 hi = v >> 32;

	if (hi)
		return log2_32(hi) + 32;
	return log2_32(v);
}

SEC("kprobe/trace_preempt_on")
int on(struct pt_regs *ctx)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u64 *ts, *count;
	__u32 slot, key;

	ts = bpf_map_lookup_elem(&start, &cpu);
	if (!ts)
		return 0;
	slot = log2_64(bpf_ktime_get_ns() - *ts);
	if (slot > BUCKETS - 1)
		slot = BUCKETS - 1;
	key = cpu * BUCKETS + slot;
	count = bpf_map_lookup_elem(&hist, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
