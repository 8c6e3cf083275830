/* bpf/bpf_endian.h - vep hermetic header: byte-order conversions for the
 * little-endian eBPF target, written with shifts so that they fold in
 * constant expressions (case labels, initialisers). */
#ifndef _VEP_BPF_ENDIAN_H
#define _VEP_BPF_ENDIAN_H

#include <linux/types.h>

#define ___bpf_swab16(x) ((__u16)(			\
	(((__u16)(x) & (__u16)0x00ffU) << 8) |		\
	(((__u16)(x) & (__u16)0xff00U) >> 8)))

#define ___bpf_swab32(x) ((__u32)(			\
	(((__u32)(x) & (__u32)0x000000ffUL) << 24) |	\
	(((__u32)(x) & (__u32)0x0000ff00UL) << 8) |	\
	(((__u32)(x) & (__u32)0x00ff0000UL) >> 8) |	\
	(((__u32)(x) & (__u32)0xff000000UL) >> 24)))

#define ___bpf_swab64(x) ((__u64)(				\
	(((__u64)(x) & (__u64)0x00000000000000ffULL) << 56) |	\
	(((__u64)(x) & (__u64)0x000000000000ff00ULL) << 40) |	\
	(((__u64)(x) & (__u64)0x0000000000ff0000ULL) << 24) |	\
	(((__u64)(x) & (__u64)0x00000000ff000000ULL) << 8) |	\
	(((__u64)(x) & (__u64)0x000000ff00000000ULL) >> 8) |	\
	(((__u64)(x) & (__u64)0x0000ff0000000000ULL) >> 24) |	\
	(((__u64)(x) & (__u64)0x00ff000000000000ULL) >> 40) |	\
	(((__u64)(x) & (__u64)0xff00000000000000ULL) >> 56)))

#define bpf_htons(x) ___bpf_swab16(x)
#define bpf_ntohs(x) ___bpf_swab16(x)
#define bpf_htonl(x) ___bpf_swab32(x)
#define bpf_ntohl(x) ___bpf_swab32(x)
#define bpf_cpu_to_be64(x) ___bpf_swab64(x)
#define bpf_be64_to_cpu(x) ___bpf_swab64(x)

#endif /* _VEP_BPF_ENDIAN_H */
