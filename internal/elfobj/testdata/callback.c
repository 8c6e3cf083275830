#include "bpf.h"
static int cb(__u32 i, void *ctx) { return i > 2; }

SEC("tracepoint/syscalls/sys_enter_getpid") int tp(void *ctx)
{
	bpf_loop(4, cb, 0, 0);
	return 0;
}
