/* bpf/bpf_helpers.h - vep hermetic header: libbpf's program-side macros
 * (SEC, BTF-defined map fields, inlining attributes, bpf_printk), the
 * legacy map definition and, through <bpf/bpf_helper_defs.h>, the helper
 * prototypes. */
#ifndef _VEP_BPF_HELPERS_H
#define _VEP_BPF_HELPERS_H

#include <linux/types.h>
#include <bpf/bpf_helper_defs.h>

/* Fields of a BTF-defined map: struct { __uint(type, BPF_MAP_TYPE_HASH);
 * __type(key, __u32); __type(value, __u64); __uint(max_entries, 64); }. */
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]

/* SEC places a program, map or the license in the named ELF section. */
#define SEC(name) __attribute__((section(name), used))

#undef __always_inline
#define __always_inline inline __attribute__((always_inline))
#ifndef __noinline
#define __noinline __attribute__((noinline))
#endif
#ifndef __weak
#define __weak __attribute__((weak))
#endif
#define __hidden __attribute__((visibility("hidden")))

#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

#ifndef KERNEL_VERSION
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#endif

/* Legacy map definition, placed in section "maps". */
struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

/* bpf_printk prints to the trace pipe with at most three arguments; the
 * format string is built on the stack. */
#define bpf_printk(fmt, ...)						\
({									\
	char ____fmt[] = fmt;						\
	bpf_trace_printk(____fmt, sizeof(____fmt), ##__VA_ARGS__);	\
})

#endif /* _VEP_BPF_HELPERS_H */
