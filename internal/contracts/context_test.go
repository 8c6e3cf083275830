package contracts

import "testing"

// TestContextAccess checks accesses against the kernel's *_is_valid_access
// rules, one program type at a time.
func TestContextAccess(t *testing.T) {
	const R, W = false, true
	tests := []struct {
		typ   string
		off   int64
		size  int64
		write bool
		field string // "" means rejected
		kind  FieldKind
	}{
		// __sk_buff in socket filters (sk_filter_is_valid_access).
		{"socket", 0, 4, R, "len", Scalar},
		{"socket", 0, 2, R, "len", Scalar}, // narrow read
		{"socket", 2, 2, R, "len", Scalar}, // narrow read of the high half
		{"socket", 1, 2, R, "", 0},         // misaligned
		{"socket", 0, 8, R, "", 0},         // wider than the field
		{"socket", 0, 4, W, "", 0},         // len is read-only
		{"socket", 8, 4, W, "", 0},         // mark is read-only here
		{"socket", 48, 4, W, "cb", Scalar}, // cb[0]
		{"socket", 64, 4, W, "cb", Scalar}, // cb[4]
		{"socket", 48, 8, W, "cb", Scalar}, // cb[0..1] at once
		{"socket", 64, 8, R, "", 0},        // past cb[4]
		{"socket", 51, 1, W, "cb", Scalar}, // a byte of cb[0]
		{"socket", 76, 4, R, "", 0},        // no data
		{"socket", 80, 4, R, "", 0},        // no data_end
		{"socket", 140, 4, R, "", 0},       // no data_meta
		{"socket", 72, 4, R, "", 0},        // no tc_classid
		{"socket", 88, 4, R, "", 0},        // no family
		{"socket", 152, 8, R, "", 0},       // no tstamp
		{"socket", 160, 4, R, "", 0},       // no wire_len
		{"socket", 164, 4, R, "gso_segs", Scalar},
		{"socket", 168, 8, R, "", 0}, // sk: not modelled
		{"socket", 192, 4, R, "", 0}, // past the end
		{"socket", -4, 4, R, "", 0},

		// __sk_buff in tc (tc_cls_act_is_valid_access).
		{"tc", 76, 4, R, "data", PacketData},
		{"tc", 80, 4, R, "data_end", PacketEnd},
		{"tc", 140, 4, R, "data_meta", PacketMeta},
		{"tc", 76, 2, R, "", 0}, // packet pointers only as u32
		{"tc", 76, 4, W, "", 0},
		{"tc", 8, 4, W, "mark", Scalar},
		{"tc", 8, 2, W, "", 0}, // writes are 4 bytes
		{"tc", 44, 4, W, "tc_index", Scalar},
		{"tc", 32, 4, W, "priority", Scalar},
		{"tc", 72, 4, W, "tc_classid", Scalar},
		{"tc", 12, 4, W, "queue_mapping", Scalar},
		{"tc", 152, 8, W, "tstamp", Scalar},
		{"tc", 152, 4, R, "", 0}, // tstamp only as u64
		{"tc", 0, 4, W, "", 0},
		{"tc", 88, 4, R, "", 0}, // family..local_port rejected in tc
		{"tc", 100, 4, R, "", 0},
		{"tc", 160, 4, R, "wire_len", Scalar},
		{"tc", 180, 1, R, "tstamp_type", Scalar},
		{"tc", 180, 1, W, "", 0},
		{"tc", 181, 1, R, "", 0}, // padding
		{"tc", 184, 8, R, "hwtstamp", Scalar},
		{"tc", 184, 8, W, "", 0},
		{"tc", 144, 8, R, "", 0}, // flow_keys

		// xdp_md (xdp_is_valid_access).
		{"xdp", 0, 4, R, "data", PacketData},
		{"xdp", 4, 4, R, "data_end", PacketEnd},
		{"xdp", 8, 4, R, "data_meta", PacketMeta},
		{"xdp", 12, 4, R, "ingress_ifindex", Scalar},
		{"xdp", 16, 4, R, "rx_queue_index", Scalar},
		{"xdp", 20, 4, R, "", 0}, // egress_ifindex: devmap programs only
		{"xdp/devmap", 20, 4, R, "egress_ifindex", Scalar},
		{"xdp", 0, 8, R, "", 0},
		{"xdp", 12, 2, R, "", 0},
		{"xdp", 0, 4, W, "", 0},
		{"xdp", 24, 4, R, "", 0},

		// bpf_sock_ops (sock_ops_is_valid_access).
		{"sockops", 0, 4, R, "op", Scalar},
		{"sockops", 0, 2, R, "", 0},
		{"sockops", 4, 4, R, "reply", Scalar},
		{"sockops", 4, 4, W, "reply", Scalar},
		{"sockops", 8, 4, R, "args[1..3]", Scalar},
		{"sockops", 8, 4, W, "", 0},
		{"sockops", 164, 4, W, "sk_txhash", Scalar},
		{"sockops", 76, 4, W, "", 0},
		{"sockops", 76, 4, R, "snd_cwnd", Scalar},
		{"sockops", 160, 4, R, "sacked_out", Scalar},
		{"sockops", 168, 8, R, "bytes_received", Scalar},
		{"sockops", 168, 4, R, "", 0},
		{"sockops", 184, 8, R, "", 0}, // sk: not modelled
		{"sockops", 192, 8, R, "skb_data", PacketData},
		{"sockops", 200, 8, R, "skb_data_end", PacketEnd},
		{"sockops", 212, 1, R, "skb_tcp_flags", Scalar},
		{"sockops", 216, 4, R, "", 0},

		// struct pt_regs (kprobe_prog_is_valid_access).
		{"kprobe", 0, 8, R, "regs", Scalar},
		{"kprobe", 112, 8, R, "regs", Scalar}, // rdi
		{"kprobe", 112, 4, R, "regs", Scalar},
		{"kprobe", 113, 1, R, "regs", Scalar},
		{"kprobe", 114, 4, R, "", 0},
		{"kprobe", 160, 8, R, "regs", Scalar},
		{"kprobe", 168, 8, R, "", 0},
		{"kprobe", 0, 8, W, "", 0},
		{"kretprobe", 80, 8, R, "regs", Scalar}, // rax

		// Tracepoint records (tp_prog_is_valid_access).
		{"tracepoint", 0, 8, R, "", 0},
		{"tracepoint", 4, 4, R, "", 0},
		{"tracepoint", 8, 8, R, "record", Scalar},
		{"tracepoint", 16, 4, R, "record", Scalar},
		{"tracepoint", 17, 1, R, "record", Scalar},
		{"tracepoint", 18, 4, R, "", 0},
		{"tracepoint", 2040, 8, R, "record", Scalar},
		{"tracepoint", 2048, 8, R, "", 0},
		{"tracepoint", 8, 8, W, "", 0},

		// Raw tracepoint arguments.
		{"raw_tracepoint", 0, 8, R, "args", Scalar},
		{"raw_tracepoint", 88, 8, R, "args", Scalar},
		{"raw_tracepoint", 96, 8, R, "", 0},
		{"raw_tracepoint", 0, 8, W, "", 0},

		// bpf_perf_event_data (pe_prog_is_valid_access).
		{"perf_event", 0, 8, R, "regs", Scalar},
		{"perf_event", 0, 4, R, "", 0}, // regs only as unsigned long
		{"perf_event", 168, 8, R, "sample_period", Scalar},
		{"perf_event", 168, 4, R, "sample_period", Scalar},
		{"perf_event", 176, 8, R, "addr", Scalar},
		{"perf_event", 176, 8, W, "", 0},
		{"perf_event", 184, 8, R, "", 0},

		// Widths that do not exist.
		{"kprobe", 0, 3, R, "", 0},
		{"kprobe", 0, 16, R, "", 0},
		{"kprobe", 0, 0, R, "", 0},
	}
	for _, tt := range tests {
		pt, ok := ProgramTypeByName(tt.typ)
		if !ok {
			t.Fatalf("no program type %s", tt.typ)
		}
		f, err := pt.Context.Access(tt.off, tt.size, tt.write)
		what := "read"
		if tt.write {
			what = "write"
		}
		switch {
		case tt.field == "" && err == nil:
			t.Errorf("%s: %d-byte %s at %d allowed (field %s), want rejected", tt.typ, tt.size, what, tt.off, f.Name)
		case tt.field != "" && err != nil:
			t.Errorf("%s: %d-byte %s at %d: %v", tt.typ, tt.size, what, tt.off, err)
		case tt.field != "" && (f.Name != tt.field || f.Kind != tt.kind):
			t.Errorf("%s: %d-byte %s at %d hits %s (%s), want %s (%s)", tt.typ, tt.size, what, tt.off, f.Name, f.Kind, tt.field, tt.kind)
		}
	}
}

// TestContextsWellFormed checks that every context's fields are sorted,
// disjoint, inside the struct, and that packet pointers are read-only.
func TestContextsWellFormed(t *testing.T) {
	for _, pt := range ProgramTypes() {
		c := pt.Context
		end := int64(0)
		for _, f := range c.Fields {
			if f.Offset < end {
				t.Errorf("%s: field %s at %d overlaps the previous one (ends at %d)", pt.Name, f.Name, f.Offset, end)
			}
			end = f.Offset + f.Size
			if end > c.Size {
				t.Errorf("%s: field %s ends at %d, past the context (%d bytes)", pt.Name, f.Name, end, c.Size)
			}
			if f.Read == 0 {
				t.Errorf("%s: field %s is not readable", pt.Name, f.Name)
			}
			if f.Kind != Scalar && f.Write != 0 {
				t.Errorf("%s: packet pointer %s is writable", pt.Name, f.Name)
			}
		}
	}
}
