/* asm/ptrace.h - vep hermetic header: x86-64 user-visible struct pt_regs
 * (UAPI <asm/ptrace.h>), the register file seen by kprobe and perf_event
 * programs. */
#ifndef _VEP_ASM_PTRACE_H
#define _VEP_ASM_PTRACE_H

struct pt_regs {
	unsigned long r15;
	unsigned long r14;
	unsigned long r13;
	unsigned long r12;
	unsigned long rbp;
	unsigned long rbx;
	unsigned long r11;
	unsigned long r10;
	unsigned long r9;
	unsigned long r8;
	unsigned long rax;
	unsigned long rcx;
	unsigned long rdx;
	unsigned long rsi;
	unsigned long rdi;
	unsigned long orig_rax;
	unsigned long rip;
	unsigned long cs;
	unsigned long eflags;
	unsigned long rsp;
	unsigned long ss;
};

#endif /* _VEP_ASM_PTRACE_H */
