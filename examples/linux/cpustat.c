// expect: safe
/* cpustat accounts, per CPU, the time spent in each idle state (c-state)
 * and at each operating frequency (p-state). The idle program runs on
 * power/cpu_idle: when a CPU leaves an idle state it adds the time since it
 * entered it to cstate_time[cpu * NR_CSTATES + state]. The frequency program
 * runs on power/cpu_frequency: it looks up the previous frequency in a table
 * of known operating points and adds the time spent at it to
 * pstate_time[cpu * NR_PSTATES + index]. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_CPU		64
#define NR_CSTATES	8
#define NR_PSTATES	5

/* The state of power/cpu_idle when a CPU leaves its idle state. */
#define PWR_EVENT_EXIT	((__u32)-1)

/* Records of the tracepoints power/cpu_idle and power/cpu_frequency (see
 * their format files in tracefs): both carry a state (the idle state, or
 * the new frequency in kHz) and the CPU it applies to. */
struct cpu_args {
	__u64 common;		/* common_type, common_flags, common_preempt_count, common_pid */
	__u32 state;
	__u32 cpu_id;
};

/* What each CPU is doing now, and since when (0: not known yet). */
struct cpu_now {
	__u64 cstate;
	__u64 cstate_since;
	__u64 freq;
	__u64 freq_since;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct cpu_now);
	__uint(max_entries, MAX_CPU);
} cpu_now SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, MAX_CPU * NR_CSTATES);
} cstate_time SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, MAX_CPU * NR_PSTATES);
} pstate_time SEC(".maps");

/* add adds delta to the slot key of the array map. */
static __always_inline void add(void *map, __u32 key, __u64 delta)
{
	__u64 *total = bpf_map_lookup_elem(map, &key);

	if (total)
		__sync_fetch_and_add(total, delta);
}

/* pstate_index returns the index of freq (kHz) among the known operating
 * points, or NR_PSTATES when it is not one of them. */
static __always_inline __u32 pstate_index(__u64 freq)
{
	const __u32 opps[NR_PSTATES] = { 208000, 432000, 729000, 960000, 1200000 };
	__u32 i;

	for (i = 0; i < NR_PSTATES; i++) {
		if (freq == opps[i])
			return i;
	}
	return NR_PSTATES;
}

SEC("tracepoint/power/cpu_idle")
int idle(struct cpu_args *ctx)
{
	__u32 cpu = ctx->cpu_id;
	__u32 state = ctx->state;
	struct cpu_now *now;
	__u64 ts;

	now = bpf_map_lookup_elem(&cpu_now, &cpu);
	if (!now)
		return 0;
	ts = bpf_ktime_get_ns();
	if (state == PWR_EVENT_EXIT) {
		if (now->cstate_since)
			add(&cstate_time, cpu * NR_CSTATES + now->cstate, ts - now->cstate_since);
		now->cstate_since = 0;
	} else {
		now->cstate = state;
		now->cstate_since = ts;
	}
	return 0;
}

SEC("tracepoint/power/cpu_frequency")
int frequency(struct cpu_args *ctx)
{
	__u32 cpu = ctx->cpu_id;
	struct cpu_now *now;
	__u32 index;
	__u64 ts;

	now = bpf_map_lookup_elem(&cpu_now, &cpu);
	if (!now)
		return 0;
	ts = bpf_ktime_get_ns();
	if (now->freq_since) {
		index = pstate_index(now->freq);
		if (index < NR_PSTATES)
			add(&pstate_time, cpu * NR_PSTATES + index, ts - now->freq_since);
	}
	now->freq = ctx->state;
	now->freq_since = ts;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
