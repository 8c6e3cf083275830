package contracts

// one is the single variant of a helper without a map argument.
func one(ret RetKind, text string) []*Variant {
	return []*Variant{{Ret: ret, Text: text}}
}

// Helpers without a map argument that read no packet: clocks, identifiers,
// printing and the probe reads (kernel/bpf/helpers.c and
// kernel/trace/bpf_trace.c protos).
var traceHelpers = []*HelperContract{
	{ID: 5, Name: "ktime_get_ns", Variants: one(RetInteger, `
Ensure 0 <= __return && __return <= 0xffffffffffffffff`)},
	{ID: 125, Name: "ktime_get_boot_ns", Variants: one(RetInteger, `
Ensure 0 <= __return && __return <= 0xffffffffffffffff`)},
	{ID: 7, Name: "get_prandom_u32", Variants: one(RetInteger, `
Ensure 0 <= __return && __return <= 0xffffffff`)},
	{ID: 8, Name: "get_smp_processor_id", Variants: one(RetInteger, `
Ensure 0 <= __return && __return <= 0xffffffff`)},
	// tgid << 32 | pid, or -EINVAL (as a u64) without a current task.
	{ID: 14, Name: "get_current_pid_tgid", Variants: one(RetInteger, `
Ensure 0 <= __return && __return <= 0xffffffffffffffff`)},
	{ID: 15, Name: "get_current_uid_gid", Variants: one(RetInteger, `
Ensure 0 <= __return && __return <= 0xffffffffffffffff`)},
	// A kernel address as an integer; vep never lets it be dereferenced.
	{ID: 35, Name: "get_current_task", Variants: one(RetInteger, `
Ensure 0 <= __return && __return <= 0xffffffffffffffff`)},
	{
		// bpf_trace_printk_proto: ARG_PTR_TO_MEM | MEM_RDONLY,
		// ARG_CONST_SIZE; R3 … R5 are the format's arguments, which the
		// kernel does not check (they are not declared).
		ID: 6, Name: "trace_printk",
		Params: []Param{{"fmt", ArgPtrToMem}, {"fmt_size", ArgConstSize},
			{"arg3", ArgDontCare}, {"arg4", ArgDontCare}, {"arg5", ArgDontCare}},
		Variants: one(RetInteger, `
With l
Require 0 < fmt_size && chars(fmt, fmt_size, l)
Ensure  chars(fmt, fmt_size, l) && -4095 <= __return && __return <= 0x7fffffff`),
	},
	{
		// bpf_get_current_comm_proto: ARG_PTR_TO_UNINIT_MEM,
		// ARG_CONST_SIZE. The whole buffer is written: the name padded
		// with zeros, or zeros on error.
		ID: 16, Name: "get_current_comm",
		Params: []Param{{"buf", ArgPtrToUninitMem}, {"size_of_buf", ArgConstSize}},
		Variants: one(RetInteger, `
Require 0 < size_of_buf && undef_chars(buf, size_of_buf)
Ensure  (exists l, chars(buf, size_of_buf, l)) && (__return == 0 || __return == -22)`),
	},
	{
		// bpf_perf_prog_read_value_proto (perf_event programs only):
		// fills buf, or zeroes it on error.
		ID: 56, Name: "perf_prog_read_value",
		Params: []Param{{"ctx", ArgPtrToCtx}, {"buf", ArgPtrToUninitMem}, {"buf_size", ArgConstSize}},
		Variants: one(RetInteger, `
Require ctx(ctx) && 0 < buf_size && undef_chars(buf, buf_size)
Ensure  (exists l, chars(buf, buf_size, l)) && -4095 <= __return && __return <= 0`),
	},
	{
		// bpf_get_stack_proto: copies the trace and zeroes the rest of
		// buf (all of it on error); returns the bytes copied. Valid
		// flags: BPF_F_SKIP_FIELD_MASK | USER_STACK | USER_BUILD_ID.
		ID: 67, Name: "get_stack",
		Params: []Param{{"ctx", ArgPtrToCtx}, {"buf", ArgPtrToUninitMem}, {"size", ArgConstSizeOrZero}, {"flags", ArgAnything}},
		Variants: one(RetInteger, `
Require ctx(ctx) && 0 <= size && undef_chars(buf, size) && 0 <= flags && flags < 4096
Ensure  (exists l, chars(buf, size, l)) && -4095 <= __return && __return <= size`),
	},
	probeRead(4, "probe_read"),
	probeRead(112, "probe_read_user"),
	probeRead(113, "probe_read_kernel"),
	probeReadStr(114, "probe_read_user_str"),
	probeReadStr(115, "probe_read_kernel_str"),
}

// probeRead is bpf_probe_read_{user,kernel}_proto (and the compat
// bpf_probe_read): ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO,
// ARG_ANYTHING. dst is filled, or zeroed on error.
func probeRead(id int32, name string) *HelperContract {
	return &HelperContract{
		ID: id, Name: name,
		Params: []Param{{"dst", ArgPtrToUninitMem}, {"size", ArgConstSizeOrZero}, {"unsafe_ptr", ArgAnything}},
		Variants: one(RetInteger, `
Require 0 <= size && undef_chars(dst, size)
Ensure  (exists l, chars(dst, size, l)) && -4095 <= __return && __return <= 0`),
	}
}

// probeReadStr is bpf_probe_read_{user,kernel}_str_proto: on success the
// first __return bytes hold the string with its NUL (truncated to size) and
// the rest of dst is untouched; on error all of dst is zeroed.
func probeReadStr(id int32, name string) *HelperContract {
	return &HelperContract{
		ID: id, Name: name,
		Params: []Param{{"dst", ArgPtrToUninitMem}, {"size", ArgConstSizeOrZero}, {"unsafe_ptr", ArgAnything}},
		Variants: one(RetInteger, `
Require 0 <= size && undef_chars(dst, size)
Ensure  exists n l, chars(dst, n, l) * undef_chars((u8 *)dst + n, size - n)
        && 0 <= n && n <= size && len(l) == n && (0 < n => l[n - 1] == 0)
        && (-4095 <= __return && __return < 0 && n == size && l == repeat(0, size)
            || 0 <= __return && n == __return)`),
	}
}
