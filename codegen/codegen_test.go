package codegen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vep/cparse"
	"vep/internal/elfobj"
	"vep/internal/interp"
	"vep/internal/isa"
)

const header = "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n"

func compile(t *testing.T, src string, opts Options) (*Output, error) {
	t.Helper()
	prog, err := cparse.Parse("t.c", []byte(header+src))
	if err != nil {
		t.Fatalf("cparse: %v", err)
	}
	return Generate(prog, opts)
}

func mustCompile(t *testing.T, src string) *Output {
	t.Helper()
	out, err := compile(t, src, Options{})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return out
}

// TestErrors checks that what cannot be compiled is reported at its C
// position.
func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"frame", `SEC("xdp") int f(struct xdp_md *ctx) {
	char a[300], b[300];
	a[ctx->ingress_ifindex & 255] = 1;
	b[ctx->rx_queue_index & 255] = 2;
	return a[7] + b[9];
}`, "t.c:4:15: the stack frame of f needs 608 bytes, more than the 512 bytes eBPF allows"},
		{"atomic width", `SEC("xdp") int f(struct xdp_md *ctx) {
	__u16 x = 0;
	__sync_fetch_and_add(&x, 1);
	return x;
}`, "t.c:5:2: __sync_fetch_and_add on a 2-byte integer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := compile(t, tc.src, Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestShapes checks structural properties of the generated code.
func TestShapes(t *testing.T) {
	const src = `
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static __noinline __u32 count(__u8 *p, __u32 n)
/*@ With l
    Require 0 < n && chars(p, n, l)
    Ensure chars(p, n, l) */
{
	__u32 i = 0, c = 0;
	/*@ Inv i <= n Variant n - i */
	while (i < n) {
		c += p[i] != 0;
		i++;
	}
	/*@ c <= n */
	return c;
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u8 buf[8] = {1, 0, 2, 0, 3};
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);
	__u32 s = 0;
	for (int i = 0; i < 8; i++)
		s += buf[i] * i;
	if (v)
		__sync_fetch_and_add(v, s + count(buf, 8));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`
	out := mustCompile(t, src)
	obj := out.Object
	if obj.License != "GPL" || len(obj.Maps) != 1 || obj.Maps[0].Name != "counts" {
		t.Errorf("license %q, maps %v", obj.License, obj.Maps)
	}
	var xdp, text *elfobj.CodeSection
	var xdpInfo, textInfo *SectionInfo
	for i, cs := range obj.Code {
		switch cs.Name {
		case "xdp":
			xdp, xdpInfo = cs, out.Sections[i]
		case ".text":
			text, textInfo = cs, out.Sections[i]
		}
	}
	if xdp == nil || text == nil {
		t.Fatalf("sections %v", obj.Code)
	}
	if len(text.Funcs) != 1 || text.Funcs[0].Name != "count" || text.Funcs[0].Global {
		t.Errorf(".text functions %+v, want static count", text.Funcs)
	}
	var kinds []string
	for _, r := range xdp.Relocs {
		kinds = append(kinds, map[elfobj.RelocKind]string{elfobj.RelocMap: "map", elfobj.RelocCall: "call"}[r.Kind]+" "+r.Symbol)
	}
	if strings.Join(kinds, ",") != "map counts,call count" {
		t.Errorf("xdp relocations %v", kinds)
	}
	// The unrolled loop has no backward jump; the invariant loop has one,
	// to its head.
	if backJumps(xdp) != nil {
		t.Errorf("xdp has a backward jump: the constant loop was not unrolled")
	}
	heads := backJumps(text)
	if len(heads) != 1 {
		t.Fatalf(".text backward jumps to %v, want one loop", heads)
	}
	var entry, loop, assert *Point
	for _, p := range textInfo.Points {
		switch p.Kind {
		case PointEntry:
			entry = p
		case PointLoop:
			loop = p
		case PointAssert:
			assert = p
		}
	}
	if entry == nil || loop == nil || assert == nil {
		t.Fatalf("points %+v", textInfo.Points)
	}
	if entry.Index != 0 || len(entry.Vars) != 2 || entry.Vars[0].Reg != isa.R1 || entry.Vars[1].Reg != isa.R2 {
		t.Errorf("entry point %+v", entry)
	}
	if loop.Index != heads[0] || loop.Inv == nil {
		t.Errorf("loop point at %d with %v, want the head %d", loop.Index, loop.Inv, heads[0])
	}
	if assert.Index <= loop.Index || assert.Assert == nil {
		t.Errorf("assert point at %d", assert.Index)
	}
	found := map[string]VarLoc{}
	for _, v := range loop.Vars {
		found[v.Var.Name] = v
	}
	for _, name := range []string{"i", "n", "p"} {
		if found[name].Where != InReg {
			t.Errorf("at the loop head %s is %+v, want a register", name, found[name])
		}
	}
	if len(xdpInfo.Frames) != 1 || xdpInfo.Frames[0] != 16 {
		t.Errorf("xdp frames %v, want [16]", xdpInfo.Frames)
	}
	if len(xdpInfo.Pos) != len(xdp.Insns) || !xdpInfo.Pos[0].IsValid() {
		t.Errorf("positions %v", xdpInfo.Pos)
	}
	m, err := interp.New(obj, interp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.Run("xdp", interp.Input{Packet: make([]byte, 64)})
	if err != nil || res.Fault != nil || res.R0 != 2 {
		t.Fatalf("run: %v %+v", err, res)
	}
	ms, _ := m.Map("counts")
	_ = ms
}

// backJumps returns the targets of backward jumps.
func backJumps(cs *elfobj.CodeSection) []int {
	slots := isa.SlotIndex(cs.Insns)
	var out []int
	for i, ins := range cs.Insns {
		if ins.OpCode.Class().IsJump() && ins.OpCode.JumpOp() != isa.JumpCall && ins.OpCode.JumpOp() != isa.JumpExit {
			if tgt, ok := isa.JumpTarget(cs.Insns, slots, i); ok && tgt <= i {
				out = append(out, tgt)
			}
		}
	}
	return out
}

// TestV3Only checks that without Options.V4 no version 4 instruction is
// emitted, and that with it signed division uses sdiv.
func TestV3Only(t *testing.T) {
	const src = `SEC("tracepoint/x/y") long f(__u64 *ctx) {
	__s8 a = ctx[1];
	__s16 b = ctx[2];
	__s32 c = ctx[3];
	__s64 d = ctx[4];
	return (d / c) + (c % b) + (__s64)a;
}`
	for _, v4 := range []bool{false, true} {
		out, err := compile(t, src, Options{V4: v4})
		if err != nil {
			t.Fatal(err)
		}
		sdiv := false
		for _, ins := range out.Object.Code[0].Insns {
			op := ins.OpCode
			isV4 := op.Class().IsLoadStore() && op.Mode() == isa.ModeMEMSX ||
				op.Class().IsALU() && (op.ALUOp() == isa.ALUMov && ins.Offset != 0 || (op.ALUOp() == isa.ALUDiv || op.ALUOp() == isa.ALUMod) && ins.Offset == 1)
			if isV4 && !v4 {
				t.Errorf("v3 code contains %s", ins)
			}
			if op.Class().IsALU() && op.ALUOp() == isa.ALUDiv && ins.Offset == 1 {
				sdiv = true
			}
		}
		if v4 && !sdiv {
			t.Errorf("v4 code does not use sdiv")
		}
	}
}

// TestFolding checks the constant arithmetic in register representation.
func TestFolding(t *testing.T) {
	for _, tc := range []struct {
		op   cparse.BinOp
		t    cparse.Type
		a, b int64
		want int64
	}{
		{cparse.OpAdd, cparse.S32, 0x7fffffff, 1, 0x80000000},
		{cparse.OpDiv, cparse.S32, int64(uint32(0xfffffff9)), 2, int64(uint32(0xfffffffd))},
		{cparse.OpMod, cparse.S32, int64(uint32(0xfffffff9)), 2, int64(uint32(0xffffffff))},
		{cparse.OpShr, cparse.S32, 0x80000000, 4, 0xf8000000},
		{cparse.OpShr, cparse.U32, 0x80000000, 4, 0x08000000},
		{cparse.OpShr, cparse.S64, -16, 2, -4},
		{cparse.OpMul, cparse.U64, -1, -1, 1},
		{cparse.OpSub, cparse.U32, 0, 1, 0xffffffff},
	} {
		got, ok := foldBinary(tc.op, tc.t, tc.a, tc.b)
		if !ok || got != tc.want {
			t.Errorf("%v %v %#x, %#x = %#x, want %#x", tc.t, tc.op, tc.a, tc.b, got, tc.want)
		}
	}
	for _, tc := range []struct {
		from, to cparse.Type
		c, want  int64
	}{
		{cparse.S32, cparse.S8, 0x180, 0xffffff80},
		{cparse.S8, cparse.S64, 0xffffff80, -128},
		{cparse.S8, cparse.U64, 0xffffff80, -128},
		{cparse.U8, cparse.S64, 0x80, 0x80},
		{cparse.S64, cparse.U16, -1, 0xffff},
		{cparse.S32, cparse.Bool, 0x100, 1},
	} {
		if got := castConst(tc.from, tc.to, tc.c); got != tc.want {
			t.Errorf("(%v) %v %#x = %#x, want %#x", tc.to, tc.from, tc.c, got, tc.want)
		}
	}
	if _, ok := foldBinary(cparse.OpDiv, cparse.S32, 1, 0); ok {
		t.Errorf("division by zero folded")
	}
}

// TestUnroll checks which loops are unrolled: those without an invariant
// whose counter reaches a value where the condition is known to fail
// within MaxUnroll steps.
func TestUnroll(t *testing.T) {
	for _, tc := range []struct {
		name, loop string
		unrolled   bool
	}{
		{"constant", "for (int i = 0; i < 10; i++) s += i * x;", true},
		{"down", "for (int i = 20; i > 0; i -= 3) s ^= i + x;", true},
		{"limit 64", "for (__u32 i = 0; i < 64; i++) s += x;", true},
		{"limit 65", "for (__u32 i = 0; i < 65; i++) s += x;", false},
		{"break", "for (int i = 0; i < 8; i++) { if (s > x) break; s += i; }", true},
		{"bounded", "for (__u32 i = 0; i < x && i < 16; i++) s += i;", true},
		{"unbounded", "for (__u32 i = 0; i < x; i++) s += i;", false},
		{"counter written", "for (__u32 i = 0; i < 8; i++) { s += i; i += s & 1; }", false},
		{"invariant", "/*@ Inv i <= 8 Variant 8 - i */ for (__u32 i = 0; i < 8; i++) s += i;", false},
		{"while", "__u32 i = 0; while (i < 12) { s += i ^ x; i++; }", true},
		{"while continue", "__u32 i = 0; while (i < 12) { if (x) continue; s += i; i++; }", false},
		{"while no init", "__u32 i = x; while (i < 12) { s += i; i++; }", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "SEC(\"tracepoint/a/b\") int f(__u64 *ctx) {\n\t__u32 x = ctx[1], s = 0;\n\t" + tc.loop + "\n\treturn s;\n}\n"
			out := mustCompile(t, src)
			if got := backJumps(out.Object.Code[0]) == nil; got != tc.unrolled {
				t.Errorf("unrolled = %v, want %v", got, tc.unrolled)
			}
		})
	}
}

// BenchmarkGenerate compiles the example corpus.
func BenchmarkGenerate(b *testing.B) {
	files, _ := filepath.Glob("../examples/*/*.c")
	var progs []*cparse.Program
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if p, err := cparse.Parse(f, src); err == nil {
			progs = append(progs, p)
		}
	}
	b.ResetTimer()
	for range b.N {
		for _, p := range progs {
			if _, err := Generate(p, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
