// expect: unsafe: call to undefined function
/* badrelo calls a function that is declared but neither defined in the
 * program nor a helper; the object file keeps an unresolved relocation. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <stddef.h>

extern int ext_lookup(void *key, void *value);

SEC("xdp")
int badrelo(struct xdp_md *ctx)
{
	return ext_lookup(NULL, NULL) ? XDP_DROP : XDP_PASS; /* ERROR "undefined function" */
}

char LICENSE[] SEC("license") = "GPL";
