#include "bpf.h"
extern int bpf_kfunc_example(int) __attribute__((section(".ksyms")));
SEC("xdp") int xdp_ext(struct xdp_md *ctx) { return bpf_kfunc_example(1); }
