/* linux/bpf_perf_event.h - vep hermetic header: the context of
 * BPF_PROG_TYPE_PERF_EVENT programs on x86-64. */
#ifndef _VEP_LINUX_BPF_PERF_EVENT_H
#define _VEP_LINUX_BPF_PERF_EVENT_H

#include <linux/types.h>
#include <asm/ptrace.h>

typedef struct pt_regs bpf_user_pt_regs_t;

struct bpf_perf_event_data {
	bpf_user_pt_regs_t regs;
	__u64 sample_period;
	__u64 addr;
};

#endif /* _VEP_LINUX_BPF_PERF_EVENT_H */
