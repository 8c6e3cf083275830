// expect: unsafe: helper argument buffer too small
/* badhelpercall asks bpf_get_current_comm to write 20 bytes into a 1-byte
 * stack buffer. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tracepoint/syscalls/sys_enter_execve")
int badhelpercall(void *ctx)
{
	char comm[1];

	bpf_get_current_comm(comm, 20); /* ERROR "buffer too small" */
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
