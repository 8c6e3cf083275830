/* linux/types.h - vep hermetic header: the kernel's fixed-width types
 * (UAPI <linux/types.h> and <asm-generic/int-ll64.h>) for the eBPF target. */
#ifndef _VEP_LINUX_TYPES_H
#define _VEP_LINUX_TYPES_H

typedef signed char __s8;
typedef unsigned char __u8;
typedef short __s16;
typedef unsigned short __u16;
typedef int __s32;
typedef unsigned int __u32;
typedef long long __s64;
typedef unsigned long long __u64;

/* Byte-order annotated types: plain integers to the compiler. */
#define __bitwise
typedef __u16 __le16;
typedef __u16 __be16;
typedef __u32 __le32;
typedef __u32 __be32;
typedef __u64 __le64;
typedef __u64 __be64;

typedef __u16 __sum16;
typedef __u32 __wsum;

#define __aligned_u64 __u64 __attribute__((aligned(8)))
#define __aligned_be64 __be64 __attribute__((aligned(8)))
#define __aligned_le64 __le64 __attribute__((aligned(8)))

typedef unsigned int __poll_t;

#endif /* _VEP_LINUX_TYPES_H */
