package contracts

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The hermetic headers another engineer wrote from the kernel's UAPI; the
// table must agree with them.
const (
	helperDefsPath = "../../cparse/include/bpf/bpf_helper_defs.h"
	linuxBPFPath   = "../../cparse/include/linux/bpf.h"
	perfEventPath  = "../../cparse/include/linux/bpf_perf_event.h"
	ptracePath     = "../../cparse/include/asm/ptrace.h"
)

func readHeader(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("header not available: %v", err)
	}
	return regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(b), " ")
}

// member is a struct member's place in a computed layout.
type member struct{ off, size int64 }

// layoutOf computes the layout of struct name in a header, for the member
// forms the UAPI context structs use: __u8/__u16/__u32/__u64 scalars and
// arrays, __bpf_md_ptr(type, name), anonymous unions of those, and the
// types in extra (name → size, alignment 8).
func layoutOf(t *testing.T, src, name string, extra map[string]int64) (map[string]member, int64) {
	t.Helper()
	start := strings.Index(src, "struct "+name+" {")
	if start < 0 {
		t.Fatalf("struct %s not found", name)
	}
	body := src[start+len("struct "+name+" {"):]
	scalar := regexp.MustCompile(`^(__u8|__u16|__u32|__u64|[A-Za-z_][A-Za-z_0-9]*)\s+([A-Za-z_][A-Za-z_0-9]*)(?:\[(\d+)\])?$`)
	mdPtr := regexp.MustCompile(`^__bpf_md_ptr\([^,]+,\s*([A-Za-z_][A-Za-z_0-9]*)\)$`)
	out := map[string]member{}
	var off, maxAlign int64 = 0, 1
	var inUnion bool
	var unionStart, unionSize, unionAlign int64
	align := func(a int64) {
		if off%a != 0 {
			off += a - off%a
		}
		if a > maxAlign {
			maxAlign = a
		}
	}
	for _, stmt := range strings.Split(body, ";") {
		stmt = strings.TrimSpace(stmt)
		if strings.HasPrefix(stmt, "union {") {
			inUnion, unionSize, unionAlign = true, 0, 1
			stmt = strings.TrimSpace(strings.TrimPrefix(stmt, "union {"))
		}
		if stmt == "}" && inUnion {
			inUnion = false
			align(unionAlign)
			unionStart = off
			for k, m := range out {
				if m.off == -1 {
					out[k] = member{unionStart, m.size}
				}
			}
			off += unionSize
			continue
		}
		if stmt == "}" || strings.HasPrefix(stmt, "}") {
			break
		}
		var mname string
		var size, a int64
		if m := mdPtr.FindStringSubmatch(stmt); m != nil {
			mname, size, a = m[1], 8, 8
		} else if m := scalar.FindStringSubmatch(stmt); m != nil {
			switch m[1] {
			case "__u8":
				a = 1
			case "__u16":
				a = 2
			case "__u32":
				a = 4
			case "__u64":
				a = 8
			default:
				sz, ok := extra[m[1]]
				if !ok {
					t.Fatalf("struct %s: unknown member type in %q", name, stmt)
				}
				a, size = 8, sz
			}
			if size == 0 {
				size = a
			}
			if m[3] != "" {
				n, _ := strconv.ParseInt(m[3], 10, 64)
				size *= n
			}
			mname = m[2]
		} else {
			t.Fatalf("struct %s: cannot lay out %q", name, stmt)
		}
		if inUnion {
			out[mname] = member{-1, size}
			unionSize = max(unionSize, size)
			unionAlign = max(unionAlign, a)
			continue
		}
		align(a)
		out[mname] = member{off, size}
		off += size
	}
	align(maxAlign)
	return out, off
}

// TestContextLayouts checks every context field's offset and size, and each
// context's size, against the structs of the hermetic UAPI headers.
func TestContextLayouts(t *testing.T) {
	bpfH := readHeader(t, linuxBPFPath)
	pe := readHeader(t, perfEventPath)
	regs := readHeader(t, ptracePath)
	if n := int64(strings.Count(regs, "unsigned long")) * 8; n != ptRegsSize {
		t.Errorf("struct pt_regs is %d bytes in %s, table says %d", n, ptracePath, ptRegsSize)
	}
	extra := map[string]int64{"bpf_user_pt_regs_t": ptRegsSize}
	skipped := map[string]bool{"args[1..3]": true}
	for _, pt := range ProgramTypes() {
		c := pt.Context
		var src string
		switch c.Struct {
		case "__sk_buff", "xdp_md", "bpf_sock_ops":
			src = bpfH
		case "bpf_perf_event_data":
			src = pe
		default:
			continue
		}
		layout, size := layoutOf(t, src, c.Struct, extra)
		if size != c.Size {
			t.Errorf("%s: struct %s is %d bytes, table says %d", pt.Name, c.Struct, size, c.Size)
		}
		for _, f := range c.Fields {
			if skipped[f.Name] {
				continue
			}
			m, ok := layout[f.Name]
			if !ok {
				t.Errorf("%s: struct %s has no member %s", pt.Name, c.Struct, f.Name)
				continue
			}
			if m.off != f.Offset || m.size != f.Size {
				t.Errorf("%s: %s.%s is at %d (%d bytes) in the header, table says %d (%d bytes)",
					pt.Name, c.Struct, f.Name, m.off, m.size, f.Offset, f.Size)
			}
		}
	}
	// The sock_ops words after reply that the table groups as args[1..3].
	layout, _ := layoutOf(t, bpfH, "bpf_sock_ops", nil)
	if a := layout["args"]; a.off != 4 || a.size != 16 {
		t.Errorf("bpf_sock_ops.args at %d (%d bytes), want 4 (16)", a.off, a.size)
	}
	if f, _ := sockOpsContext.Field("args[1..3]"); f == nil || f.Offset != 8 || f.Size != 12 {
		t.Errorf("args[1..3] field is %+v, want offset 8 size 12", f)
	}
}

// TestHelperIDsMatchHeader checks each helper's id and parameter count
// against bpf_helper_defs.h, which lists the kernel's ___BPF_FUNC_MAPPER ids.
func TestHelperIDsMatchHeader(t *testing.T) {
	src := readHeader(t, helperDefsPath)
	re := regexp.MustCompile(`\(\*const bpf_([a-z0-9_]+)\)\(([^)]*)\)\s*=\s*\(void \*\)(\d+);`)
	type decl struct {
		id     int32
		params int
		varg   bool
	}
	header := map[string]decl{}
	for _, m := range re.FindAllStringSubmatch(src, -1) {
		id, _ := strconv.ParseInt(m[3], 10, 32)
		ps := strings.Split(m[2], ",")
		d := decl{id: int32(id), params: len(ps)}
		if strings.TrimSpace(m[2]) == "void" {
			d.params = 0
		}
		if strings.TrimSpace(ps[len(ps)-1]) == "..." {
			d.varg = true
			d.params--
		}
		header[m[1]] = d
	}
	if len(header) < 30 {
		t.Fatalf("found only %d helpers in %s", len(header), helperDefsPath)
	}
	for _, h := range Helpers() {
		d, ok := header[h.Name]
		if !ok {
			t.Errorf("bpf_%s (id %d) is not declared in %s", h.Name, h.ID, helperDefsPath)
			continue
		}
		if d.id != h.ID {
			t.Errorf("bpf_%s: header id %d, table id %d", h.Name, d.id, h.ID)
		}
		n := len(h.Params)
		if d.varg {
			n = 0
			for _, p := range h.Params {
				if p.Kind != ArgDontCare {
					n++
				}
			}
		}
		if n != d.params {
			t.Errorf("bpf_%s: header has %d parameters, table %d", h.Name, d.params, n)
		}
	}
}
