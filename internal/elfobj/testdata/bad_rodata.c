#include "bpf.h"
static volatile const int limit = 3;
SEC("xdp") int xdp_ro(struct xdp_md *ctx) { return limit; }
