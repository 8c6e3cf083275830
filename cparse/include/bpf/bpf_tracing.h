/* bpf/bpf_tracing.h - vep hermetic header: libbpf's accessors of the
 * x86-64 struct pt_regs seen by kprobe and perf_event programs (the only
 * architecture vep targets; no __TARGET_ARCH_ needed). */
#ifndef _VEP_BPF_TRACING_H
#define _VEP_BPF_TRACING_H

#include <asm/ptrace.h>

#define PT_REGS_PARM1(x) (((const struct pt_regs *)(x))->rdi)
#define PT_REGS_PARM2(x) (((const struct pt_regs *)(x))->rsi)
#define PT_REGS_PARM3(x) (((const struct pt_regs *)(x))->rdx)
#define PT_REGS_PARM4(x) (((const struct pt_regs *)(x))->rcx)
#define PT_REGS_PARM5(x) (((const struct pt_regs *)(x))->r8)
#define PT_REGS_RET(x) (((const struct pt_regs *)(x))->rsp)
#define PT_REGS_FP(x) (((const struct pt_regs *)(x))->rbp)
#define PT_REGS_RC(x) (((const struct pt_regs *)(x))->rax)
#define PT_REGS_SP(x) (((const struct pt_regs *)(x))->rsp)
#define PT_REGS_IP(x) (((const struct pt_regs *)(x))->rip)

#endif /* _VEP_BPF_TRACING_H */
