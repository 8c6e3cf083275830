package cparse

import (
	"debug/elf"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
)

// layoutStructs are the structs whose layout the IR must reproduce.
var layoutStructs = []string{
	"__sk_buff", "xdp_md", "bpf_sock_ops", "bpf_perf_event_value", "bpf_perf_event_data",
	"pt_regs", "ethhdr", "iphdr", "ipv6hdr", "tcphdr", "udphdr", "icmphdr", "in6_addr",
	"bpf_map_def", "layout_probe",
}

// layoutProbeSrc declares a struct with padding, a union, bit-fields and
// an anonymous member, next to the headers' structs.
const layoutProbeSrc = `
struct layout_probe {
	char c;
	long l;
	union { short s; int i; };
	unsigned int a:3, b:7;
	unsigned char tail[3];
	struct ethhdr eth;
	__u16 last;
};
`

// layoutSource returns a program whose global array "layout" holds the
// sizeof and offsetof values of every struct in layoutStructs, in the
// order of names, and the IR's values for them.
func layoutSource(t *testing.T) (string, []string, []int64) {
	t.Helper()
	var b strings.Builder
	for _, h := range probeIncludes {
		fmt.Fprintf(&b, "#include <%s>\n", h)
	}
	b.WriteString(layoutProbeSrc)
	for _, s := range layoutStructs {
		fmt.Fprintf(&b, "struct %s vep_%s;\n", s, s)
	}
	p, err := Parse("layout.c", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var ours []int64
	for _, g := range p.Globals {
		st, ok := g.Type.(*StructType)
		if !ok {
			t.Fatalf("%s has type %s", g.Name, g.Type)
		}
		c := "struct " + st.Tag
		names = append(names, "sizeof("+c+")", "_Alignof("+c+")")
		ours = append(ours, st.Size(), st.Align())
		var walk func(st *StructType, base int64)
		walk = func(st *StructType, base int64) {
			for _, f := range st.Fields {
				switch {
				case f.Name == "":
					walk(f.Type.(*StructType), base+f.Offset)
				case f.BitWidth == 0:
					names = append(names, "offsetof("+c+", "+f.Name+")", "sizeof((("+c+" *)0)->"+f.Name+")")
					ours = append(ours, base+f.Offset, f.Type.Size())
				}
			}
		}
		walk(st, 0)
	}
	b.WriteString("const unsigned long long layout[] = {\n")
	for _, n := range names {
		fmt.Fprintf(&b, "\t%s,\n", n)
	}
	b.WriteString("};\n")
	return b.String(), names, ours
}

// TestLayoutMatchesCC checks sizes, alignments and offsets of the IR types
// against the values cc/v4 computes for sizeof, _Alignof and offsetof.
func TestLayoutMatchesCC(t *testing.T) {
	src, names, ours := layoutSource(t)
	p, err := Parse("layout.c", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var data []byte
	for _, g := range p.Globals {
		if g.Name == "layout" {
			data = g.Data
		}
	}
	if len(data) != 8*len(names) {
		t.Fatalf("layout has %d bytes, want %d", len(data), 8*len(names))
	}
	for i, n := range names {
		if cc := int64(binary.LittleEndian.Uint64(data[8*i:])); cc != ours[i] {
			t.Errorf("%s = %d in the IR, %d in cc/v4", n, ours[i], cc)
		}
	}
}

// TestLayoutMatchesClang checks the same values against clang -target bpf.
func TestLayoutMatchesClang(t *testing.T) {
	needClang(t)
	src, names, ours := layoutSource(t)
	obj := compile(t, "layout", src, "-nostdinc", "-isystem", extractHeaders(t), "-D__VEP_MAP_DEF")
	f, err := elf.Open(obj)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	var data []byte
	for _, s := range syms {
		if s.Name == "layout" && int(s.Section) < len(f.Sections) {
			sec, err := f.Sections[s.Section].Data()
			if err != nil {
				t.Fatal(err)
			}
			data = sec[s.Value : s.Value+s.Size]
		}
	}
	if len(data) != 8*len(names) {
		t.Fatalf("layout has %d bytes, want %d", len(data), 8*len(names))
	}
	for i, n := range names {
		if v := int64(binary.LittleEndian.Uint64(data[8*i:])); v != ours[i] {
			t.Errorf("%s = %d in the IR, %d in clang", n, ours[i], v)
		}
	}
}

// TestBitfieldLayout checks the bit-fields of the headers' structs.
func TestBitfieldLayout(t *testing.T) {
	src := "#include <linux/if_ether.h>\n#include <linux/ip.h>\n#include <linux/tcp.h>\n#include <linux/ipv6.h>\n" + layoutProbeSrc +
		"struct iphdr a; struct tcphdr b; struct ipv6hdr c; struct layout_probe d;\n"
	p, err := Parse("bits.c", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range p.Globals {
		for _, f := range g.Type.(*StructType).Fields {
			if f.BitWidth > 0 {
				got = append(got, fmt.Sprintf("%s.%s@%d+%d:%d/%d", g.Name, f.Name, f.Offset, f.BitOffset, f.BitWidth, f.UnitSize))
			}
		}
	}
	want := "a.ihl@0+0:4/1 a.version@0+4:4/1 " +
		"b.res1@12+0:4/1 b.doff@12+4:4/1 b.fin@13+0:1/1 b.syn@13+1:1/1 b.rst@13+2:1/1 b.psh@13+3:1/1 " +
		"b.ack@13+4:1/1 b.urg@13+5:1/1 b.ece@13+6:1/1 b.cwr@13+7:1/1 " +
		"c.priority@0+0:4/1 c.version@0+4:4/1 " +
		"d.a@20+0:3/1 d.b@20+3:7/2"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("bit-fields:\n%s\nwant\n%s", g, want)
	}
}
