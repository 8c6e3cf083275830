/* linux/ptrace.h - vep hermetic header: struct pt_regs of x86-64. */
#ifndef _VEP_LINUX_PTRACE_H
#define _VEP_LINUX_PTRACE_H

#include <asm/ptrace.h>

#endif /* _VEP_LINUX_PTRACE_H */
