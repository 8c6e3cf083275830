package contracts

import (
	"strings"
	"testing"

	"vep/sep"
)

func TestProgramTypeOf(t *testing.T) {
	tests := []struct {
		section string
		want    string // ProgramType.Name; "" means an error
		kind    ProgKind
	}{
		{"socket", "socket", ProgSocketFilter},
		{"xdp", "xdp", ProgXDP},
		{"xdp.frags", "xdp", ProgXDP},
		{"xdp/cpumap", "xdp", ProgXDP},
		{"xdp/devmap", "xdp/devmap", ProgXDP},
		{"xdp.frags/devmap", "xdp/devmap", ProgXDP},
		{"tc", "tc", ProgSchedCls},
		{"classifier", "tc", ProgSchedCls},
		{"tc/ingress", "tc", ProgSchedCls},
		{"tc/egress", "tc", ProgSchedCls},
		{"tcx/ingress", "tc", ProgSchedCls},
		{"tcx/egress", "tc", ProgSchedCls},
		{"action", "action", ProgSchedAct},
		{"kprobe/do_sys_open", "kprobe", ProgKprobe},
		{"kprobe", "kprobe", ProgKprobe},
		{"uprobe/bin:func", "kprobe", ProgKprobe},
		{"ksyscall/openat", "kprobe", ProgKprobe},
		{"kretprobe/do_sys_open", "kretprobe", ProgKprobe},
		{"uretprobe/bin:func", "kretprobe", ProgKprobe},
		{"kretsyscall/openat", "kretprobe", ProgKprobe},
		{"tracepoint/syscalls/sys_enter_openat", "tracepoint", ProgTracepoint},
		{"tp/sched/sched_switch", "tracepoint", ProgTracepoint},
		{"raw_tracepoint/sched_switch", "raw_tracepoint", ProgRawTracepoint},
		{"raw_tp/sys_enter", "raw_tracepoint", ProgRawTracepoint},
		{"perf_event", "perf_event", ProgPerfEvent},
		{"sockops", "sockops", ProgSockOps},

		// Not libbpf section names, or types vep does not support.
		{"", "", 0},
		{"xdp_prog", "", 0},
		{"xdpfoo", "", 0},
		{"socket1", "", 0},
		{"kprobefoo", "", 0},
		{"kprobe_x/y", "", 0},
		{"tc/other", "", 0},
		{"tcx", "", 0},
		{"tracepoints/a/b", "", 0},
		{"perf_event/x", "", 0},
		{"sockops/x", "", 0},
		{"cgroup_skb/ingress", "", 0},
		{"lsm/file_open", "", 0},
		{"fentry/do_unlinkat", "", 0},
		{".text", "", 0},
		{"license", "", 0},
	}
	for _, tt := range tests {
		got, err := ProgramTypeOf(tt.section)
		if tt.want == "" {
			if err == nil {
				t.Errorf("ProgramTypeOf(%q) = %s, want an error", tt.section, got.Name)
			} else if !strings.Contains(err.Error(), tt.section) {
				t.Errorf("ProgramTypeOf(%q): error %q does not name the section", tt.section, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ProgramTypeOf(%q): %v", tt.section, err)
			continue
		}
		if got.Name != tt.want || got.Kind != tt.kind {
			t.Errorf("ProgramTypeOf(%q) = %s (kind %d), want %s (kind %d)", tt.section, got.Name, got.Kind, tt.want, tt.kind)
		}
	}
}

// TestReturnRules checks the exit rules against check_return_code: only
// sock_ops is restricted (to [0, 1]).
func TestReturnRules(t *testing.T) {
	tests := []struct {
		name    string
		checked bool
		exitC   string
		exitBC  string
	}{
		{"socket", false, "true", "true"},
		{"tc", false, "true", "true"},
		{"xdp", false, "true", "true"},
		{"kprobe", false, "true", "true"},
		{"tracepoint", false, "true", "true"},
		{"perf_event", false, "true", "true"},
		{"raw_tracepoint", false, "true", "true"},
		{"sockops", true, "0 <= __return && __return <= 1", "0 <= R0 && R0 <= 1"},
	}
	for _, tt := range tests {
		pt, ok := ProgramTypeByName(tt.name)
		if !ok {
			t.Fatalf("no program type %s", tt.name)
		}
		if pt.Return.Checked != tt.checked {
			t.Errorf("%s: Checked = %v, want %v", tt.name, pt.Return.Checked, tt.checked)
		}
		for _, c := range []struct {
			mode sep.Mode
			want string
		}{{sep.ModeC, tt.exitC}, {sep.ModeBytecode, tt.exitBC}} {
			f, err := pt.Exit(c.mode)
			if err != nil {
				t.Errorf("%s: Exit: %v", tt.name, err)
				continue
			}
			if f.String() != c.want {
				t.Errorf("%s: Exit(%d) = %s, want %s", tt.name, c.mode, f, c.want)
			}
		}
	}
	if r := xdpType.Return.Meaningful; r == nil || *r != (Range{0, 4}) {
		t.Errorf("xdp meaningful returns = %v, want [0, 4]", r)
	}
}

func TestEntryAndPacketFact(t *testing.T) {
	for _, pt := range ProgramTypes() {
		f, err := pt.Entry(sep.ModeBytecode, "")
		if err != nil || f.String() != "ctx(R1)" {
			t.Errorf("%s: bytecode entry = %v, %v; want ctx(R1)", pt.Name, f, err)
		}
		f, err = pt.Entry(sep.ModeC, "ctx")
		if err != nil || f.String() != "ctx(ctx)" {
			t.Errorf("%s: C entry = %v, %v; want ctx(ctx)", pt.Name, f, err)
		}
		if _, err := pt.Entry(sep.ModeC, "1x"); err == nil {
			t.Errorf("%s: entry with a bad parameter name: no error", pt.Name)
		}
	}
	r := func(n int) sep.Term { return &sep.Reg{N: n} }
	tests := []struct {
		typ       string
		data, end sep.Term
		meta      sep.Term
		want      string // "" means an error
	}{
		{"xdp", r(2), r(3), nil, "R2 <= R3 && store_chars(R2, R3)"},
		{"xdp", r(2), r(3), r(4), "R4 <= R2 && R2 <= R3 && store_chars(R4, R2) * store_chars(R2, R3)"},
		{"tc", &sep.Var{Name: "data"}, &sep.Var{Name: "end"}, nil, "data <= end && store_chars(data, end)"},
		{"sockops", r(2), r(3), nil, "R2 <= R3 && store_chars(R2, R3)"},
		{"sockops", r(2), r(3), r(4), ""},
		{"socket", r(2), r(3), nil, ""},
		{"kprobe", r(2), r(3), nil, ""},
	}
	for _, tt := range tests {
		pt, _ := ProgramTypeByName(tt.typ)
		f, err := pt.PacketFact(tt.data, tt.end, tt.meta)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("%s: PacketFact = %s, want an error", tt.typ, f)
		case tt.want != "" && err != nil:
			t.Errorf("%s: PacketFact: %v", tt.typ, err)
		case tt.want != "" && f.String() != tt.want:
			t.Errorf("%s: PacketFact = %s, want %s", tt.typ, f, tt.want)
		}
		if err == nil {
			if _, err := sep.Normalize(f); err != nil {
				t.Errorf("%s: PacketFact does not normalize: %v", tt.typ, err)
			}
		}
	}
}

// TestAllowedHelpers spot-checks the helper sets against the kernel's
// *_func_proto functions.
func TestAllowedHelpers(t *testing.T) {
	tests := []struct {
		typ     string
		helper  string
		allowed bool
	}{
		{"xdp", "xdp_adjust_head", true},
		{"xdp", "xdp_adjust_tail", true},
		{"xdp", "redirect_map", true},
		{"xdp", "map_lookup_elem", true},
		{"xdp", "skb_load_bytes", false},
		{"xdp", "skb_store_bytes", false},
		{"xdp", "sock_map_update", false},
		{"xdp", "get_current_comm", false},
		{"xdp", "get_stackid", false},
		{"socket", "skb_load_bytes", true},
		{"socket", "skb_store_bytes", false},
		{"socket", "redirect", false},
		{"socket", "csum_diff", false},
		{"socket", "perf_event_output", true},
		{"tc", "skb_store_bytes", true},
		{"tc", "skb_change_head", true},
		{"tc", "redirect", true},
		{"tc", "csum_diff", true},
		{"tc", "xdp_adjust_head", false},
		{"tc", "get_stackid", false},
		{"kprobe", "probe_read_kernel", true},
		{"kprobe", "probe_read_user_str", true},
		{"kprobe", "get_current_pid_tgid", true},
		{"kprobe", "get_current_comm", true},
		{"kprobe", "get_stackid", true},
		{"kprobe", "perf_event_output", true},
		{"kprobe", "perf_prog_read_value", false},
		{"kprobe", "skb_load_bytes", false},
		{"kretprobe", "get_stack", true},
		{"tracepoint", "get_stackid", true},
		{"tracepoint", "xdp_adjust_head", false},
		{"raw_tracepoint", "perf_event_output", true},
		{"perf_event", "perf_prog_read_value", true},
		{"perf_event", "get_stackid", true},
		{"sockops", "setsockopt", true},
		{"sockops", "getsockopt", true},
		{"sockops", "sock_map_update", true},
		{"sockops", "skb_load_bytes", false},
		{"sockops", "get_stackid", false},
	}
	for _, tt := range tests {
		pt, _ := ProgramTypeByName(tt.typ)
		h, ok := HelperByName(tt.helper)
		if !ok {
			t.Fatalf("no helper %s", tt.helper)
		}
		if got := pt.Allows(h.ID); got != tt.allowed {
			t.Errorf("%s may call bpf_%s: %v, want %v", tt.typ, tt.helper, got, tt.allowed)
		}
	}
	// Every type may call the base helpers; every allowed helper has a
	// contract.
	for _, pt := range ProgramTypes() {
		for _, id := range baseHelpers {
			if !pt.Allows(id) {
				t.Errorf("%s may not call base helper %d", pt.Name, id)
			}
		}
		for _, id := range pt.AllowedHelpers() {
			if _, ok := Helper(id); !ok {
				t.Errorf("%s allows helper %d, which has no contract", pt.Name, id)
			}
		}
	}
}

func TestEntryContract(t *testing.T) {
	c, err := sockOpsType.Contract(sep.ModeC, "skops")
	if err != nil {
		t.Fatal(err)
	}
	if c.Require.String() != "ctx(skops)" || c.Ensure.String() != "0 <= __return && __return <= 1" {
		t.Errorf("sockops contract = %s / %s", c.Require, c.Ensure)
	}
	c, err = xdpType.Contract(sep.ModeBytecode, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Require.String() != "ctx(R1)" || c.Ensure.String() != "true" {
		t.Errorf("xdp contract = %s / %s", c.Require, c.Ensure)
	}
	if got := ProgXDP.String(); got != "BPF_PROG_TYPE_XDP" {
		t.Errorf("ProgXDP.String() = %s", got)
	}
	if got := ProgKind(99).String(); got != "ProgKind(99)" {
		t.Errorf("ProgKind(99).String() = %s", got)
	}
}
