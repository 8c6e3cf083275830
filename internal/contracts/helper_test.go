package contracts

import (
	"slices"
	"strings"
	"testing"

	"vep/sep"
)

// TestHelperKinds spot-checks ids, argument kinds, return kinds and the
// packet-data flag against the kernel's bpf_func_proto definitions.
func TestHelperKinds(t *testing.T) {
	A, M, K, V, C := ArgAnything, ArgConstMapPtr, ArgPtrToMapKey, ArgPtrToMapValue, ArgPtrToCtx
	tests := []struct {
		name    string
		id      int32
		args    []ArgKind
		m       MapType
		ret     RetKind
		changes bool
	}{
		{"map_lookup_elem", 1, []ArgKind{M, K}, MapHash, RetMapValueOrNull, false},
		{"map_lookup_elem", 1, []ArgKind{M, K}, MapArrayOfMaps, RetInnerMapOrNull, false},
		{"map_update_elem", 2, []ArgKind{M, K, V, A}, MapArray, RetInteger, false},
		{"map_delete_elem", 3, []ArgKind{M, K}, MapLRUHash, RetInteger, false},
		{"ktime_get_ns", 5, nil, 0, RetInteger, false},
		{"trace_printk", 6, []ArgKind{ArgPtrToMem, ArgConstSize, ArgDontCare, ArgDontCare, ArgDontCare}, 0, RetInteger, false},
		{"get_prandom_u32", 7, nil, 0, RetInteger, false},
		{"get_smp_processor_id", 8, nil, 0, RetInteger, false},
		{"skb_store_bytes", 9, []ArgKind{C, A, ArgPtrToMem, ArgConstSize, A}, 0, RetInteger, true},
		{"tail_call", 12, []ArgKind{C, M, A}, MapProgArray, RetVoid, false},
		{"get_current_pid_tgid", 14, nil, 0, RetInteger, false},
		{"get_current_comm", 16, []ArgKind{ArgPtrToUninitMem, ArgConstSize}, 0, RetInteger, false},
		{"redirect", 23, []ArgKind{A, A}, 0, RetInteger, false},
		{"perf_event_output", 25, []ArgKind{C, M, A, ArgPtrToMem, ArgConstSizeOrZero}, MapPerfEventArray, RetInteger, false},
		{"skb_load_bytes", 26, []ArgKind{C, A, ArgPtrToUninitMem, ArgConstSize}, 0, RetInteger, false},
		{"get_stackid", 27, []ArgKind{C, M, A}, MapStackTrace, RetInteger, false},
		{"csum_diff", 28, []ArgKind{ArgPtrToMemOrNull, ArgConstSizeOrZero, ArgPtrToMemOrNull, ArgConstSizeOrZero, A}, 0, RetInteger, false},
		{"skb_change_head", 43, []ArgKind{C, A, A}, 0, RetInteger, true},
		{"xdp_adjust_head", 44, []ArgKind{C, A}, 0, RetInteger, true},
		{"setsockopt", 49, []ArgKind{C, A, A, ArgPtrToMem, ArgConstSize}, 0, RetInteger, false},
		{"sock_map_update", 53, []ArgKind{C, M, K, A}, MapSockmap, RetInteger, false},
		{"perf_prog_read_value", 56, []ArgKind{C, ArgPtrToUninitMem, ArgConstSize}, 0, RetInteger, false},
		{"getsockopt", 57, []ArgKind{C, A, A, ArgPtrToUninitMem, ArgConstSize}, 0, RetInteger, false},
		{"xdp_adjust_tail", 65, []ArgKind{C, A}, 0, RetInteger, true},
		{"probe_read_user", 112, []ArgKind{ArgPtrToUninitMem, ArgConstSizeOrZero, A}, 0, RetInteger, false},
		{"probe_read_kernel", 113, []ArgKind{ArgPtrToUninitMem, ArgConstSizeOrZero, A}, 0, RetInteger, false},
		{"probe_read_user_str", 114, []ArgKind{ArgPtrToUninitMem, ArgConstSizeOrZero, A}, 0, RetInteger, false},
		{"probe_read_kernel_str", 115, []ArgKind{ArgPtrToUninitMem, ArgConstSizeOrZero, A}, 0, RetInteger, false},
	}
	for _, tt := range tests {
		h, ok := HelperByName("bpf_" + tt.name)
		if !ok {
			t.Errorf("no helper %s", tt.name)
			continue
		}
		if byID, _ := Helper(tt.id); byID != h {
			t.Errorf("Helper(%d) is not bpf_%s", tt.id, tt.name)
		}
		var kinds []ArgKind
		for _, p := range h.Params {
			kinds = append(kinds, p.Kind)
		}
		if !slices.Equal(kinds, tt.args) {
			t.Errorf("bpf_%s: args %v, want %v", tt.name, kinds, tt.args)
		}
		v, err := h.Variant(tt.m)
		if err != nil {
			t.Errorf("bpf_%s: %v", tt.name, err)
			continue
		}
		if v.Ret != tt.ret {
			t.Errorf("bpf_%s: returns %v, want %v", tt.name, v.Ret, tt.ret)
		}
		if h.ChangesPacketData != tt.changes {
			t.Errorf("bpf_%s: ChangesPacketData = %v, want %v", tt.name, h.ChangesPacketData, tt.changes)
		}
	}
	if _, ok := Helper(9999); ok {
		t.Error("Helper(9999) found")
	}
	if _, ok := HelperByName("bpf_no_such_helper"); ok {
		t.Error("HelperByName(bpf_no_such_helper) found")
	}
}

// TestHelperTableWellFormed checks the invariants the consumers rely on.
func TestHelperTableWellFormed(t *testing.T) {
	seen := map[int32]bool{}
	for _, h := range Helpers() {
		if seen[h.ID] {
			t.Errorf("helper id %d twice", h.ID)
		}
		seen[h.ID] = true
		if len(h.Params) > 5 {
			t.Errorf("bpf_%s: %d parameters", h.Name, len(h.Params))
		}
		for i, p := range h.Params {
			if p.Kind.IsMem() && (i+1 >= len(h.Params) || !h.Params[i+1].Kind.IsSize()) {
				t.Errorf("bpf_%s: memory argument %s without a size after it", h.Name, p.Name)
			}
			if p.Kind.IsSize() && (i == 0 || !h.Params[i-1].Kind.IsMem()) {
				t.Errorf("bpf_%s: size argument %s without memory before it", h.Name, p.Name)
			}
			if (p.Kind == ArgPtrToMapKey || p.Kind == ArgPtrToMapValue) && h.MapParam() < 0 {
				t.Errorf("bpf_%s: %s without a map argument", h.Name, p.Kind)
			}
		}
		if h.MapParam() < 0 {
			if len(h.Variants) != 1 || len(h.Variants[0].Maps) != 0 {
				t.Errorf("bpf_%s: a helper without a map needs exactly one variant without maps", h.Name)
			}
		} else {
			all := h.AcceptedMaps()
			if len(all) == 0 || len(slices.Compact(slices.Clone(all))) != len(all) {
				t.Errorf("bpf_%s: accepted maps %v empty or repeated", h.Name, all)
			}
		}
		for _, v := range h.Variants {
			c, err := v.Contract()
			if err != nil {
				continue // reported by TestEveryContractParses
			}
			// Every contract says what __return is, unless R0 is void.
			mentions := slices.Contains(sep.FreeVars(c.Ensure), sep.ReturnName)
			if mentions == (v.Ret == RetVoid) {
				t.Errorf("bpf_%s: Ensure mentions __return: %v, return kind %v", h.Name, mentions, v.Ret)
			}
		}
	}
}

func TestVariantErrors(t *testing.T) {
	tests := []struct {
		helper string
		m      MapType
		ok     bool
	}{
		{"map_lookup_elem", MapHash, true},
		{"map_lookup_elem", MapPercpuArray, true},
		{"map_lookup_elem", MapHashOfMaps, true},
		{"map_lookup_elem", MapPerfEventArray, false},
		{"map_lookup_elem", MapProgArray, false},
		{"map_update_elem", MapArrayOfMaps, false},
		{"map_update_elem", MapLRUPercpuHash, true},
		{"perf_event_output", MapPerfEventArray, true},
		{"perf_event_output", MapArray, false},
		{"tail_call", MapProgArray, true},
		{"tail_call", MapHash, false},
		{"get_stackid", MapStackTrace, true},
		{"sock_map_update", MapSockmap, true},
		{"sock_map_update", MapHash, false},
		{"redirect_map", MapDevmap, true},
		{"redirect_map", MapXskmap, true},
		{"ktime_get_ns", MapHash, true}, // ignored: no map argument
	}
	for _, tt := range tests {
		h, _ := HelperByName(tt.helper)
		c, err := h.Contract(tt.m)
		if tt.ok != (err == nil) {
			t.Errorf("bpf_%s with %s: contract %v, err %v", tt.helper, tt.m, c != nil, err)
		}
		if err != nil && !strings.Contains(err.Error(), tt.m.String()) {
			t.Errorf("bpf_%s with %s: error %q does not name the map type", tt.helper, tt.m, err)
		}
	}
}

// TestContractMeaning evaluates the pure part of contracts on concrete
// values: what a call must satisfy and what it guarantees.
func TestContractMeaning(t *testing.T) {
	tests := []struct {
		helper string
		m      MapType
		ensure bool // evaluate Ensure instead of Require
		vals   map[string]int64
		want   bool
	}{
		// Array updates need the index in range and BPF_ANY or BPF_EXIST.
		{"map_update_elem", MapArray, false, map[string]int64{"i": 9, "flags": 0}, true},
		{"map_update_elem", MapArray, false, map[string]int64{"i": 10, "flags": 0}, false},
		{"map_update_elem", MapArray, false, map[string]int64{"i": 3, "flags": 2}, true},
		{"map_update_elem", MapArray, false, map[string]int64{"i": 3, "flags": 1}, true},
		{"map_update_elem", MapArray, false, map[string]int64{"i": 3, "flags": 3}, false},
		{"map_update_elem", MapArray, true, map[string]int64{"i": 3, "flags": 1, "__return": -17}, true},
		{"map_update_elem", MapArray, true, map[string]int64{"i": 3, "flags": 1, "__return": 0}, false},
		{"map_update_elem", MapArray, true, map[string]int64{"i": 3, "flags": 2, "__return": -17}, false},
		{"map_update_elem", MapArray, true, map[string]int64{"i": 3, "flags": 0, "__return": 0}, true},
		{"map_update_elem", MapArray, true, map[string]int64{"i": 3, "flags": 0, "__return": -7}, false},
		{"map_update_elem", MapHash, false, map[string]int64{"flags": 1}, true},
		{"map_update_elem", MapHash, false, map[string]int64{"flags": 4}, false},
		{"map_update_elem", MapHash, true, map[string]int64{"flags": 0, "__return": -17}, true},
		{"map_update_elem", MapHash, true, map[string]int64{"flags": 0, "__return": 1}, false},
		// An array lookup in range is never NULL.
		{"map_lookup_elem", MapArray, true, map[string]int64{"i": 9, "__return": 0}, false},
		{"map_lookup_elem", MapArray, true, map[string]int64{"i": 10, "__return": 0}, true},
		// Sizes: ARG_CONST_SIZE is > 0, ARG_CONST_SIZE_OR_ZERO >= 0.
		{"skb_load_bytes", 0, false, map[string]int64{"len": 0}, false},
		{"skb_load_bytes", 0, false, map[string]int64{"len": 14}, true},
		{"probe_read_kernel", 0, false, map[string]int64{"size": 0}, true},
		{"probe_read_kernel", 0, false, map[string]int64{"size": -1}, false},
		{"get_current_comm", 0, false, map[string]int64{"size_of_buf": 0}, false},
		{"perf_event_output", MapPerfEventArray, false, map[string]int64{"size": 0, "flags": 0xffffffff}, true},
		{"perf_event_output", MapPerfEventArray, false, map[string]int64{"size": 8, "flags": -1}, false},
		// Flags.
		{"skb_change_head", 0, false, map[string]int64{"flags": 0}, true},
		{"skb_change_head", 0, false, map[string]int64{"flags": 1}, false},
		{"get_stackid", MapStackTrace, false, map[string]int64{"flags": 1 << 8}, true},
		{"get_stackid", MapStackTrace, false, map[string]int64{"flags": 1 << 11}, false},
		// Results.
		{"get_prandom_u32", 0, true, map[string]int64{"__return": 0xffffffff}, true},
		{"get_prandom_u32", 0, true, map[string]int64{"__return": -1}, false},
		{"redirect", 0, true, map[string]int64{"flags": 0, "__return": 7}, true},
		{"redirect", 0, true, map[string]int64{"flags": 0, "__return": 8}, false},
		{"xdp_adjust_head", 0, true, map[string]int64{"__return": -22}, true},
		{"get_stack", 0, true, map[string]int64{"size": 64, "flags": 0, "__return": 64}, true},
		{"get_stack", 0, true, map[string]int64{"size": 64, "flags": 0, "__return": 65}, false},
	}
	for _, tt := range tests {
		h, _ := HelperByName(tt.helper)
		c, err := h.Contract(tt.m)
		if err != nil {
			t.Fatalf("bpf_%s: %v", tt.helper, err)
		}
		f := c.Require
		if tt.ensure {
			f = c.Ensure
		}
		n, err := sep.Normalize(f)
		if err != nil {
			t.Fatalf("bpf_%s: %v", tt.helper, err)
		}
		env := &sep.Env{Vars: map[string]sep.Value{}, Maps: map[string]sep.MapDef{
			"map": {KeySize: 4, ValueSize: 8, MaxEntries: 10},
		}}
		for k, v := range tt.vals {
			env.Vars[k] = sep.IntValue(v)
		}
		got := true
		for _, p := range n.Pure {
			if pureOnVals(p, env) {
				ok, err := sep.EvalFormula(p, env)
				if err != nil {
					t.Errorf("bpf_%s: evaluating %s: %v", tt.helper, p, err)
				}
				got = got && ok
			}
		}
		if got != tt.want {
			t.Errorf("bpf_%s %v (ensure %v): pure part %v, want %v", tt.helper, tt.vals, tt.ensure, got, tt.want)
		}
	}
}

// pureOnVals reports whether p is a fact over the given values only: no
// map_value or ctx predicate, no name without a value.
func pureOnVals(p sep.Formula, env *sep.Env) bool {
	ok := true
	sep.Walk(p, func(n sep.Node) bool {
		switch n := n.(type) {
		case *sep.Pred:
			ok = false
		case *sep.Var:
			if _, has := env.Vars[n.Name]; !has && env.Maps[n.Name] == (sep.MapDef{}) {
				ok = false
			}
		}
		return ok
	})
	return ok
}

func TestInstantiate(t *testing.T) {
	h, _ := HelperByName("skb_load_bytes")
	c, err := h.Contract(0)
	if err != nil {
		t.Fatal(err)
	}
	args := []sep.Term{&sep.Reg{N: 1}, &sep.Reg{N: 2}, &sep.Var{Name: "buf"}, &sep.Var{Name: "n"}}
	pre, post, err := c.Instantiate(h.ParamNames(), args, &sep.Reg{N: 0})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pre.String(), "ctx(R1) && 0 < n && undef_chars(buf, n)"; got != want {
		t.Errorf("pre = %s, want %s", got, want)
	}
	if got, want := post.String(), "(exists l, chars(buf, n, l)) && -4095 <= R0 && R0 <= 0"; got != want {
		t.Errorf("post = %s, want %s", got, want)
	}
	if _, _, err := c.Instantiate(h.ParamNames(), args[:2], nil); err == nil {
		t.Error("Instantiate with too few arguments: no error")
	}
}

func TestParseContractErrors(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Require x > ", "Require clause: 1:"},
		{"Ensure true Require true", "out of order"},
		{"Require true Require true", "out of order"},
		{"x > 0", "must start with"},
		{"With 1a Require true", "With expects names"},
		{"With Require true", "With without names"},
		{"Require true\nEnsure __return >", "Ensure clause: 2:"},
	}
	for _, tt := range tests {
		_, err := ParseContract(tt.text)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseContract(%q) = %v, want error containing %q", tt.text, err, tt.want)
		}
	}
	c, err := ParseContract("With a b\nRequire a < b\nEnsure __return == a")
	if err != nil || !slices.Equal(c.With, []string{"a", "b"}) || c.Require.String() != "a < b" {
		t.Errorf("ParseContract: %v, %v", c, err)
	}
}

// TestWritten checks which argument regions each helper writes.
func TestWritten(t *testing.T) {
	tests := []struct {
		helper string
		m      MapType
		want   string // the written chunks, joined by " * "
	}{
		{"map_lookup_elem", MapHash, ""},
		{"map_update_elem", MapArray, ""},
		{"skb_store_bytes", 0, ""},
		{"csum_diff", 0, ""},
		{"trace_printk", 0, ""},
		{"skb_load_bytes", 0, "undef_chars(to, len)"},
		{"probe_read_kernel", 0, "undef_chars(dst, size)"},
		{"probe_read_user_str", 0, "undef_chars(dst, size)"},
		{"get_current_comm", 0, "undef_chars(buf, size_of_buf)"},
		{"getsockopt", 0, "undef_chars(optval, optlen)"},
		{"ktime_get_ns", 0, ""},
	}
	for _, tt := range tests {
		h, _ := HelperByName(tt.helper)
		c, err := h.Contract(tt.m)
		if err != nil {
			t.Fatal(err)
		}
		w, err := c.Written()
		if err != nil {
			t.Errorf("bpf_%s: %v", tt.helper, err)
			continue
		}
		var s []string
		for _, p := range w {
			s = append(s, p.String())
		}
		if got := strings.Join(s, " * "); got != tt.want {
			t.Errorf("bpf_%s writes %q, want %q", tt.helper, got, tt.want)
		}
	}
	// Every region a helper takes as uninitialised memory is written;
	// every region it takes as readable memory is not.
	for _, h := range Helpers() {
		for _, v := range h.Variants {
			c, err := v.Contract()
			if err != nil {
				continue
			}
			w, _ := c.Written()
			written := map[string]bool{}
			for _, p := range w {
				if len(p.Args) > 0 {
					written[p.Args[0].String()] = true
				}
			}
			for _, p := range h.Params {
				switch p.Kind {
				case ArgPtrToUninitMem:
					if !written[p.Name] {
						t.Errorf("bpf_%s: uninitialised-memory argument %s is not written", h.Name, p.Name)
					}
				case ArgPtrToMem, ArgPtrToMemOrNull, ArgPtrToMapKey, ArgPtrToMapValue:
					if written[p.Name] {
						t.Errorf("bpf_%s: read-only argument %s is written", h.Name, p.Name)
					}
				}
			}
		}
	}
}
