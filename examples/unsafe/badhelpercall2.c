// expect: unsafe: helper argument buffer too small
/* badhelpercall2 is badhelpercall with the buffer pointer computed and a
 * second buffer right above the first in the stack frame (clang 19 puts comm
 * at r10 - 25 and saved at r10 - 24): the 20 bytes the helper writes are all
 * inside the frame, so a check on raw stack bytes lets the call through, but
 * 19 of them belong to saved. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tracepoint/syscalls/sys_enter_execve")
int badhelpercall2(void *ctx)
{
	char saved[24];
	char comm[1];
	char *p = comm + sizeof(comm) - 1;

	bpf_get_current_comm(saved, sizeof(saved));
	bpf_get_current_comm(p, 20); /* ERROR "buffer too small" */
	return saved[0] == comm[0];
}

char LICENSE[] SEC("license") = "GPL";
