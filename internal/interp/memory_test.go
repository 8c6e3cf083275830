package interp

import (
	"encoding/binary"
	"testing"

	"vep/internal/elfobj"
	"vep/internal/isa"
)

const (
	b  = isa.SizeB
	h  = isa.SizeH
	w  = isa.SizeW
	dw = isa.SizeDW
)

func TestStack(t *testing.T) {
	runCases(t, []tcase{
		{name: "write then read", prog: []any{st(dw, r10, -8, 42), ldx(dw, r0, r10, -8), exit()}, want: "r0=0x2a"},
		{name: "read uninitialised", prog: []any{ldx(dw, r0, r10, -8), exit()}, want: "fault: uninitialised stack byte fp-8"},
		{name: "read partly initialised", prog: []any{st(w, r10, -8, 1), ldx(dw, r0, r10, -8), exit()}, want: "fault: uninitialised stack byte fp-4"},
		{name: "lowest slot", prog: []any{st(dw, r10, -512, 1), ldx(dw, r0, r10, -512), exit()}, want: "r0=0x1"},
		{name: "below the stack", prog: []any{st(dw, r10, -520, 1), mov(r0, 0), exit()}, want: "fault: outside the 512-byte stack"},
		{name: "above the frame", prog: []any{st(b, r10, 0, 1), mov(r0, 0), exit()}, want: "fault: outside the 512-byte stack"},
		{name: "aligned halfword", prog: []any{st(h, r10, -6, 7), ldx(h, r0, r10, -6), exit()}, want: "r0=0x7"},
		{name: "misaligned word", prog: []any{st(w, r10, -6, 7), mov(r0, 0), exit()}, want: "fault: misaligned 4-byte stack access"},
		{name: "through derived pointer", prog: []any{movr(r1, r10), add(r1, -16), st(dw, r1, 8, 5), ldx(dw, r0, r10, -8), exit()}, want: "r0=0x5"},
		{name: "zero-extending load", prog: []any{st(b, r10, -1, -128), ldx(b, r0, r10, -1), exit()}, want: "r0=0x80"},
		{name: "sign-extending load b", prog: []any{st(b, r10, -1, -128), ldxsx(b, r0, r10, -1), exit()}, want: "r0=0xffffffffffffff80"},
		{name: "sign-extending load h", prog: []any{st(h, r10, -2, -2), ldxsx(h, r0, r10, -2), exit()}, want: "r0=0xfffffffffffffffe"},
		{name: "sign-extending load w", prog: []any{st(w, r10, -4, -3), ldxsx(w, r0, r10, -4), exit()}, want: "r0=0xfffffffffffffffd"},
		{name: "st dw imm sign-extends", prog: []any{st(dw, r10, -8, -1), ldx(dw, r0, r10, -8), exit()}, want: "r0=0xffffffffffffffff"},
		{name: "little-endian layout", prog: []any{lddw(r1, 0x1122334455667788), stx(dw, r10, -8, r1), ldx(h, r0, r10, -6), exit()}, want: "r0=0x5566"},
		{name: "spill and fill pointer", prog: []any{stx(dw, r10, -8, r1), ldx(dw, r2, r10, -8), ldx(w, r0, r2, 0), exit()}, want: "r0=0xe"},
		{name: "scalar read of spilled pointer", prog: []any{stx(dw, r10, -8, r1), ldx(w, r0, r10, -8), exit()}, want: "fault: read of a pointer spilled at fp-8"},
		{name: "narrow spill", prog: []any{stx(w, r10, -8, r1), mov(r0, 0), exit()}, want: "fault: pointers may only be spilled to the stack as 8 bytes"},
		{name: "overwritten spill half", prog: []any{stx(dw, r10, -8, r1), st(w, r10, -8, 0), ldx(w, r0, r10, -4), exit()}, want: "fault: uninitialised stack byte fp-4"},
		{name: "overwritten spill", prog: []any{stx(dw, r10, -8, r1), st(dw, r10, -8, 3), ldx(dw, r0, r10, -8), exit()}, want: "r0=0x3"},
		{name: "pointer difference", prog: []any{movr(r0, r10), movr(r1, r10), add(r1, -24), aluX(a64, isa.ALUSub, r0, r1), exit()}, want: "r0=0x18"},
		{name: "frame pointer spill", prog: []any{stx(dw, r10, -8, r10), ldx(dw, r1, r10, -8), st(dw, r1, -16, 1), ldx(dw, r0, r10, -16), exit()}, want: "r0=0x1"},
	})
}

func TestFaults(t *testing.T) {
	runCases(t, []tcase{
		{name: "null dereference", prog: []any{mov(r1, 0), ldx(b, r0, r1, 0), exit()}, want: "fault: null pointer dereference"},
		{name: "scalar dereference", prog: []any{mov(r1, 4096), ldx(b, r0, r1, 0), exit()}, want: "fault: dereference of scalar 0x1000"},
		{name: "store through scalar", prog: []any{mov(r1, 8), st(b, r1, 0, 0), mov(r0, 0), exit()}, want: "fault: dereference of scalar"},
		{name: "uninitialised register", prog: []any{movr(r0, r3), exit()}, want: "fault: read of uninitialised register r3"},
		{name: "uninitialised r0 at exit", prog: []any{exit()}, want: "fault: read of uninitialised register r0"},
		{name: "returns a pointer", prog: []any{movr(r0, r10), exit()}, want: "fault: program returns a pointer"},
		{name: "32-bit move of pointer", prog: []any{aluX(a32, isa.ALUMov, r0, r10), exit()}, want: "fault: partial or sign-extending copy"},
		{name: "32-bit add to pointer", prog: []any{movr(r2, r10), aluK(a32, isa.ALUAdd, r2, -8), mov(r0, 0), exit()}, want: "fault: 32-bit arithmetic"},
		{name: "multiply pointer", prog: []any{movr(r2, r10), aluK(a64, isa.ALUMul, r2, 2), mov(r0, 0), exit()}, want: "fault: invalid arithmetic"},
		{name: "pointer plus pointer", prog: []any{movr(r2, r10), addr(r2, r10), mov(r0, 0), exit()}, want: "fault: invalid arithmetic"},
		{name: "context arithmetic", prog: []any{add(r1, 4), mov(r0, 0), exit()}, want: "fault: arithmetic on the context pointer"},
		{name: "pointer vs nonzero scalar", prog: []any{mov(r0, 0), jmpK(isa.JumpJGT, r10, 5, "out"), "out:", exit()}, want: "fault: comparison of a pointer to stack with a scalar"},
		{name: "pointer vs zero", prog: []any{mov(r0, 1), jmpK(isa.JumpJNE, r10, 0, "out"), mov(r0, 2), "out:", exit()}, want: "r0=0x1"},
		{name: "pointers into different regions", prog: []any{mov(r0, 0), jmpX(isa.JumpJGT, r10, r1, "out"), "out:", exit()}, want: "fault: comparison of a pointer to stack with a pointer to context"},
		{name: "pointers into one region", prog: []any{mov(r0, 0), movr(r2, r10), add(r2, -8), jmpX(isa.JumpJGT, r10, r2, "out"), mov(r0, 1), "out:", exit()}, want: "r0=0x0"},
		{name: "signed compare of pointers", prog: []any{mov(r0, 0), movr(r2, r10), add(r2, -8), jmpX(isa.JumpJSLT, r2, r10, "out"), mov(r0, 1), "out:", exit()}, want: "r0=0x0"},
		{name: "32-bit pointer compare", prog: []any{mov(r0, 0), toLabel{isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP32, isa.JumpJEQ, isa.SourceK), Dst: r10}, "out"}, "out:", exit()}, want: "fault: 32-bit comparison"},
		{name: "infinite loop", opts: Options{StepLimit: 100}, prog: []any{mov(r0, 0), "l:", ja("l"), exit()}, want: "fault: step limit of 100 instructions exceeded",
			check: func(t *testing.T, _ *Machine, res *Result) {
				if res.Steps != 100 || res.Fault.PC != 1 {
					t.Errorf("steps %d at pc %d, want 100 at 1", res.Steps, res.Fault.PC)
				}
			}},
		{name: "bounded loop", prog: []any{mov(r0, 0), "l:", add(r0, 1), jmpK(isa.JumpJLT, r0, 10, "l"), exit()}, want: "r0=0xa"},
		{name: "kfunc", prog: []any{isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, isa.JumpCall, isa.SourceK), Src: isa.CallKfunc, Constant: 5}, exit()}, want: "fault: kfunc"},
	})
}

func TestContext(t *testing.T) {
	regs := make([]byte, 168)
	binary.LittleEndian.PutUint64(regs[8:], 0xdeadbeef)
	tp := make([]byte, 16)
	binary.LittleEndian.PutUint64(tp[8:], 77)
	runCases(t, []tcase{
		{name: "socket len", prog: []any{ldx(w, r0, r1, 0), exit()}, want: "r0=0xe"},
		{name: "socket protocol", prog: []any{ldx(w, r0, r1, 16), exit()}, want: "r0=0xd0c"},
		{name: "socket narrow read", prog: []any{ldx(b, r0, r1, 0), exit()}, want: "r0=0xe"},
		{name: "socket data is hidden", prog: []any{ldx(w, r0, r1, 76), exit()}, want: "fault: context offset 76 is not accessible"},
		{name: "socket cb write", prog: []any{st(w, r10, -4, 9), ldx(w, r2, r10, -4), stx(w, r1, 48, r2), ldx(w, r0, r1, 48), exit()}, want: "r0=0x9"},
		{name: "socket len write", prog: []any{mov(r2, 1), stx(w, r1, 0, r2), mov(r0, 0), exit()}, want: "fault: read-only"},
		{name: "context store immediate", prog: []any{st(w, r1, 48, 7), ldx(w, r0, r1, 48), exit()}, want: "r0=0x7"},
		{name: "context store immediate read-only", prog: []any{st(w, r1, 0, 1), mov(r0, 0), exit()}, want: "fault: read-only"},
		{name: "context past the end", prog: []any{ldx(w, r0, r1, 192), exit()}, want: "fault: outside the 192-byte context"},
		{name: "context misaligned", prog: []any{ldx(w, r0, r1, 2), exit()}, want: "fault: misaligned context access"},
		{name: "pointer into context", prog: []any{stx(dw, r1, 48, r10), mov(r0, 0), exit()}, want: "fault: pointers may only be spilled"},
		{name: "tc data", sec: "tc", prog: []any{ldx(w, r2, r1, 76), ldx(w, r3, r1, 80), movr(r0, r3), aluX(a64, isa.ALUSub, r0, r2), exit()}, want: "r0=0xe"},
		{name: "tc mark write", sec: "tc", prog: []any{mov(r2, 5), stx(w, r1, 8, r2), ldx(w, r0, r1, 8), exit()}, want: "r0=0x5"},
		{name: "tc narrow data", sec: "tc", prog: []any{ldx(h, r0, r1, 76), exit()}, want: "fault: must be accessed with size 4"},
		{name: "xdp narrow", sec: "xdp", prog: []any{ldx(h, r0, r1, 12), exit()}, want: "fault: must be accessed with size 4"},
		{name: "xdp ifindex", sec: "xdp", in: &Input{Packet: packet(14), Context: []byte{12: 3}}, prog: []any{ldx(w, r0, r1, 12), exit()}, want: "r0=0x3"},
		{name: "xdp write", sec: "xdp", prog: []any{mov(r2, 1), stx(w, r1, 12, r2), mov(r0, 0), exit()}, want: "fault: read-only"},
		{name: "xdp sign-extended data", sec: "xdp", prog: []any{ldxsx(w, r0, r1, 0), mov(r0, 0), exit()}, want: "fault: sign-extending load of packet pointer"},
		{name: "kprobe regs", sec: "kprobe/f", in: &Input{Context: regs}, prog: []any{ldx(dw, r0, r1, 8), exit()}, want: "r0=0xdeadbeef"},
		{name: "kprobe end", sec: "kprobe/f", in: &Input{Context: regs}, prog: []any{ldx(dw, r0, r1, 168), exit()}, want: "fault: outside the 168-byte context"},
		{name: "kprobe write", sec: "kprobe/f", prog: []any{mov(r2, 0), stx(dw, r1, 0, r2), mov(r0, 0), exit()}, want: "fault: read-only context"},
		{name: "kprobe misaligned", sec: "kprobe/f", prog: []any{ldx(dw, r0, r1, 4), exit()}, want: "fault: misaligned context"},
		{name: "sockops op", sec: "sockops", in: &Input{Context: []byte{0: 4}}, prog: []any{ldx(w, r0, r1, 0), exit()}, want: "r0=0x4"},
		{name: "sockops reply", sec: "sockops", prog: []any{mov(r2, 9), stx(w, r1, 4, r2), ldx(w, r0, r1, 4), exit()}, want: "r0=0x9"},
		{name: "sockops op is read-only", sec: "sockops", prog: []any{mov(r2, 9), stx(w, r1, 0, r2), mov(r0, 0), exit()}, want: "fault: read-only"},
		{name: "sockops narrow read", sec: "sockops", prog: []any{ldx(b, r0, r1, 0), exit()}, want: "fault: must be accessed with size 4"},
		{name: "sockops sk", sec: "sockops", prog: []any{ldx(dw, r0, r1, 184), exit()}, want: "fault: context offset 184 is not accessible"},
		{name: "tracepoint field", sec: "tracepoint/a/b", in: &Input{Context: tp}, prog: []any{ldx(dw, r0, r1, 8), exit()}, want: "r0=0x4d"},
		{name: "tracepoint common fields", sec: "tracepoint/a/b", in: &Input{Context: tp}, prog: []any{ldx(dw, r0, r1, 0), exit()}, want: "fault: not readable"},
		{name: "tracepoint past record", sec: "tracepoint/a/b", in: &Input{Context: tp}, prog: []any{ldx(dw, r0, r1, 16), exit()}, want: "fault: outside the 16-byte context"},
	})
}

// xdpBounds loads data into r2 and data_end into r3 and exits with 0
// unless n bytes are available.
func xdpBounds(n int32) []any {
	return []any{
		ldx(w, r2, r1, 0), ldx(w, r3, r1, 4),
		movr(r4, r2), add(r4, n),
		jmpX(isa.JumpJGT, r4, r3, "short"),
	}
}

var xdpShort = []any{"short:", mov(r0, 0), exit()}

func cat(parts ...[]any) []any {
	var out []any
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestPacket(t *testing.T) {
	runCases(t, []tcase{
		{name: "checked read", sec: "xdp", prog: cat(xdpBounds(14), []any{ldx(b, r0, r2, 13), exit()}, xdpShort), want: "r0=0xd"},
		{name: "short packet takes the check", sec: "xdp", in: &Input{Packet: packet(10)}, prog: cat(xdpBounds(14), []any{ldx(b, r0, r2, 13), exit()}, xdpShort), want: "r0=0x0"},
		{name: "read past data_end", sec: "xdp", prog: cat(xdpBounds(14), []any{ldx(b, r0, r2, 14), exit()}, xdpShort), want: "fault: packet access at offset 14 from data"},
		{name: "read before data", sec: "xdp", prog: cat(xdpBounds(14), []any{ldx(b, r0, r2, -1), exit()}, xdpShort), want: "fault: packet access at offset -1"},
		{name: "wide read at the end", sec: "xdp", prog: cat(xdpBounds(14), []any{ldx(w, r0, r2, 11), exit()}, xdpShort), want: "fault: 4-byte packet access at offset 11"},
		{name: "misaligned packet read is allowed", sec: "xdp", prog: cat(xdpBounds(14), []any{ldx(w, r0, r2, 9), exit()}, xdpShort), want: "r0=0xc0b0a09"},
		{name: "write", sec: "xdp", prog: cat(xdpBounds(14), []any{st(b, r2, 0, 0xaa), mov(r0, 2), exit()}, xdpShort), want: "r0=0x2",
			check: func(t *testing.T, _ *Machine, res *Result) {
				if res.Packet[0] != 0xaa || len(res.Packet) != 14 {
					t.Errorf("packet % x", res.Packet)
				}
			}},
		{name: "data_end is not readable", sec: "xdp", prog: []any{ldx(w, r3, r1, 4), ldx(b, r0, r3, -1), exit()}, want: "fault: access through a pointer derived from data_end"},
		{name: "data_end minus length", sec: "xdp", prog: []any{ldx(w, r2, r1, 0), ldx(w, r3, r1, 4), movr(r4, r3), aluX(a64, isa.ALUSub, r4, r2), movr(r5, r2), addr(r5, r4), add(r5, -1), ldx(b, r0, r5, 0), exit()}, want: "r0=0xd"},
		{name: "data_end arithmetic", sec: "xdp", prog: []any{ldx(w, r3, r1, 4), add(r3, -1), mov(r0, 0), exit()}, want: "fault: arithmetic on the data_end pointer"},
		{name: "empty metadata", sec: "xdp", prog: []any{ldx(w, r2, r1, 8), ldx(b, r0, r2, 0), exit()}, want: "fault: 1-byte metadata access at offset 0 from data, outside [0, 0)"},
	})
}

func TestAtomics(t *testing.T) {
	arr := &elfobj.Map{Name: "arr", Type: elfobj.MapArray, KeySize: 4, ValueSize: 16, MaxEntries: 1}
	value := []any{ldMap(r1, "arr"), st(w, r10, -4, 0), movr(r2, r10), add(r2, -4), call(1), jmpK(isa.JumpJNE, r0, 0, "ok"), exit(), "ok:"}
	fetch := func(op int64) int64 { return op | isa.AtomicFetch }
	runCases(t, []tcase{
		{name: "add", prog: []any{st(dw, r10, -8, 40), mov(r1, 2), atomic(dw, r10, -8, r1, isa.AtomicAdd), ldx(dw, r0, r10, -8), exit()}, want: "r0=0x2a"},
		{name: "fetch add", prog: []any{st(dw, r10, -8, 40), mov(r1, 2), atomic(dw, r10, -8, r1, fetch(isa.AtomicAdd)), movr(r0, r1), exit()}, want: "r0=0x28"},
		{name: "or", prog: []any{st(dw, r10, -8, 1), mov(r1, 6), atomic(dw, r10, -8, r1, isa.AtomicOr), ldx(dw, r0, r10, -8), exit()}, want: "r0=0x7"},
		{name: "fetch and", prog: []any{st(dw, r10, -8, 3), mov(r1, 6), atomic(dw, r10, -8, r1, fetch(isa.AtomicAnd)), ldx(dw, r0, r10, -8), addr(r0, r1), exit()}, want: "r0=0x5"},
		{name: "fetch xor", prog: []any{st(dw, r10, -8, 3), mov(r1, 6), atomic(dw, r10, -8, r1, fetch(isa.AtomicXor)), ldx(dw, r0, r10, -8), aluK(a64, isa.ALULsh, r0, 8), addr(r0, r1), exit()}, want: "r0=0x503"},
		{name: "xchg", prog: []any{st(dw, r10, -8, 3), mov(r1, 9), atomic(dw, r10, -8, r1, isa.AtomicXchg), ldx(dw, r0, r10, -8), aluK(a64, isa.ALULsh, r0, 8), addr(r0, r1), exit()}, want: "r0=0x903"},
		{name: "cmpxchg hit", prog: []any{st(dw, r10, -8, 3), mov(r0, 3), mov(r1, 9), atomic(dw, r10, -8, r1, isa.AtomicCmpXchg), ldx(dw, r1, r10, -8), aluK(a64, isa.ALULsh, r1, 8), addr(r0, r1), exit()}, want: "r0=0x903"},
		{name: "cmpxchg miss", prog: []any{st(dw, r10, -8, 3), mov(r0, 4), mov(r1, 9), atomic(dw, r10, -8, r1, isa.AtomicCmpXchg), ldx(dw, r1, r10, -8), aluK(a64, isa.ALULsh, r1, 8), addr(r0, r1), exit()}, want: "r0=0x303"},
		{name: "32-bit fetch add wraps and zero-extends", prog: []any{st(w, r10, -4, -1), mov(r1, 2), atomic(w, r10, -4, r1, fetch(isa.AtomicAdd)), ldx(w, r0, r10, -4), aluK(a64, isa.ALULsh, r0, 32), addr(r0, r1), exit()}, want: "r0=0x1ffffffff"},
		{name: "32-bit cmpxchg compares low half", prog: []any{st(w, r10, -4, 5), lddw(r0, 0x100000005), mov(r1, 9), atomic(w, r10, -4, r1, isa.AtomicCmpXchg), ldx(w, r0, r10, -4), exit()}, want: "r0=0x9"},
		{name: "uninitialised stack", prog: []any{mov(r1, 2), atomic(dw, r10, -8, r1, isa.AtomicAdd), mov(r0, 0), exit()}, want: "fault: uninitialised stack"},
		{name: "map value", maps: []*elfobj.Map{arr}, prog: cat(value, []any{mov(r1, 5), atomic(dw, r0, 8, r1, isa.AtomicAdd), atomic(dw, r0, 8, r1, fetch(isa.AtomicAdd)), movr(r0, r1), exit()}), want: "r0=0x5"},
		{name: "misaligned map value", maps: []*elfobj.Map{arr}, prog: cat(value, []any{mov(r1, 5), atomic(dw, r0, 4, r1, isa.AtomicAdd), exit()}), want: "fault: misaligned 8-byte atomic"},
		{name: "map value bounds", maps: []*elfobj.Map{arr}, prog: cat(value, []any{mov(r1, 5), atomic(dw, r0, 16, r1, isa.AtomicAdd), exit()}), want: "fault: 8-byte access at offset 16 of map arr value"},
		{name: "context", prog: []any{mov(r2, 1), atomic(w, r1, 48, r2, isa.AtomicAdd), mov(r0, 0), exit()}, want: "fault: atomic operation on context"},
		{name: "packet", sec: "xdp", prog: cat(xdpBounds(14), []any{mov(r5, 1), atomic(w, r2, 0, r5, isa.AtomicAdd), mov(r0, 0), exit()}, xdpShort), want: "fault: atomic operation on packet"},
		{name: "pointer operand", prog: []any{st(dw, r10, -8, 0), atomic(dw, r10, -8, r1, isa.AtomicAdd), mov(r0, 0), exit()}, want: "fault: atomic operation with a pointer"},
	})
}
