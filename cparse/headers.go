// Package cparse is vep's C front end: it preprocesses annotated eBPF C
// programs with a hermetic header set, type-checks them, lowers them to a
// small typed IR and attaches their /*@ ... */ annotations to functions,
// loops and statements; this file embeds the hermetic header set.
package cparse

import "embed"

// Headers is the hermetic header set that programs are preprocessed with,
// rooted at "include" (for example include/linux/bpf.h and
// include/bpf/bpf_helpers.h). It holds the subset of the kernel's UAPI
// headers, libbpf's program-side headers and the freestanding C headers
// (stddef.h, stdbool.h, stdint.h) that eBPF programs use, with the kernel's
// exact layouts and constants for the little-endian eBPF target and x86-64
// tracing contexts. Every header includes only headers of this set.
//
//go:embed include
var Headers embed.FS
