package interp

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/cilium/ebpf"

	"vep/internal/isa"
)

// helperDiff is one program for TestKernelDifferentialHelpers.
type helperDiff struct {
	name  string
	items []any
	pkt   []byte
	xdp   bool // an XDP program rather than tc
}

// stackFill stores 64 random bytes at fp-64 … fp-1.
func stackFill(rng *rand.Rand) []any {
	var out []any
	for off := int16(-64); off < 0; off += 8 {
		out = append(out, lddw(r0, rng.Uint64()), stx(dw, r10, off, r0))
	}
	return out
}

// randPacket returns n random bytes.
func randPacket(rng *rand.Rand, n int) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = byte(rng.Uint32())
	}
	return p
}

// helperDiffs returns tc programs calling bpf_skb_store_bytes,
// bpf_skb_change_head, bpf_csum_diff and bpf_redirect with random
// arguments, among them every error case.
func helperDiffs(rng *rand.Rand) []helperDiff {
	var out []helperDiff
	// reload returns (r0 & 0xff) << 24 | skb->len, reading len after
	// the call.
	reload := []any{ldx(w, r1, r6, 0), aluK(a64, isa.ALUAnd, r0, 0xff), aluK(a64, isa.ALULsh, r0, 24), addr(r0, r1), exit()}
	for i := range 300 {
		pkt := randPacket(rng, 14+rng.IntN(100))
		off := int32(rng.IntN(len(pkt)+8)) - 4
		if i%10 == 0 {
			off = []int32{-1, 0x7fffffff, -0x80000000, 1 << 20}[rng.IntN(4)]
		}
		n := []int32{1, 2, 3, 4, 7, 8, 16, 33, 64}[rng.IntN(9)]
		flags := []int32{0, 0, 0, 1, 2, 3, 4, 8}[rng.IntN(8)]
		items := append([]any{movr(r6, r1)}, stackFill(rng)...)
		items = append(items, movr(r1, r6), mov(r2, off), movr(r3, r10), add(r3, -64), mov(r4, n), mov(r5, flags), call(helperSkbStoreBytes))
		out = append(out, helperDiff{fmt.Sprintf("store_bytes off=%d len=%d flags=%d", off, n, flags), append(items, reload...), pkt, false})
	}
	for i := range 60 {
		pkt := randPacket(rng, 14+rng.IntN(200))
		room := int32([]int{0, 1, 2, 14, 64, 100, 255, 256, 257, 1000, 4000}[rng.IntN(11)])
		switch i % 10 {
		case 7:
			room = int32(skbMaxLen - len(pkt))
		case 8:
			room = int32(skbMaxLen - len(pkt) + 1)
		case 9:
			room = []int32{-1, -14, 1 << 20}[rng.IntN(3)]
		}
		flags := int32(0)
		if i%6 == 5 {
			flags = 1
		}
		items := []any{movr(r6, r1), mov(r2, room), mov(r3, flags), call(helperSkbChangeHead)}
		out = append(out, helperDiff{fmt.Sprintf("change_head room=%d flags=%d", room, flags), append(items, reload...), pkt, false})
	}
	// change_head, then write the new head through reloaded pointers.
	out = append(out, helperDiff{"change_head then write", []any{
		movr(r6, r1), mov(r2, 4), mov(r3, 0), call(helperSkbChangeHead), movr(r7, r0),
		ldx(w, r2, r6, 76), ldx(w, r3, r6, 80), movr(r4, r2), add(r4, 4), jmpX(isa.JumpJGT, r4, r3, "out"),
		st(w, r2, 0, 0x11223344), "out:", movr(r0, r7), exit()}, randPacket(rng, 20), false})
	sizes := []int32{0, 0, 4, 8, 12, 16, 20, 32, 64, 2, 3, 5, 6}
	for i := range 300 {
		fs, ts := sizes[rng.IntN(len(sizes))], sizes[rng.IntN(len(sizes))]
		seed := randImm(rng)
		items := stackFill(rng)
		items = append(items, stackFill(rng)[:0]...)
		items = append(items, lddw(r0, rng.Uint64()), stx(dw, r10, -72, r0), lddw(r0, rng.Uint64()), stx(dw, r10, -80, r0))
		from, to := []any{movr(r1, r10), add(r1, -64)}, []any{movr(r3, r10), add(r3, -80)}
		if fs == 0 && rng.IntN(2) == 0 {
			from = []any{mov(r1, 0)}
		}
		if ts == 0 && rng.IntN(2) == 0 {
			to = []any{mov(r3, 0)}
		}
		if ts > 16 {
			to = []any{movr(r3, r10), add(r3, -64)}
		}
		items = append(items, from...)
		items = append(items, to...)
		items = append(items, mov(r2, fs), mov(r4, ts), mov(r5, seed), call(helperCsumDiff), exit())
		out = append(out, helperDiff{fmt.Sprintf("csum_diff %d %d seed=%#x", fs, ts, uint32(seed)), items, randPacket(rng, 14), i%3 == 2})
	}
	// csum_diff over the packet: sizes up to 512 + 8 bytes in total.
	for _, n := range []int32{4, 64, 500, 504, 508, 512} {
		for _, ts := range []int32{0, 4, 8} {
			out = append(out, helperDiff{fmt.Sprintf("csum_diff packet %d %d", n, ts), append(stackFill(rng),
				ldx(w, r1, r1, 76), movr(r2, r1), add(r2, n), ldx(w, r3, r6, 80), jmpX(isa.JumpJGT, r2, r3, "out"),
				mov(r2, n), movr(r3, r10), add(r3, -8), mov(r4, ts), mov(r5, 0), call(helperCsumDiff), exit(),
				"out:", mov(r0, 1), exit()), randPacket(rng, 520), false})
		}
	}
	for i := range 400 {
		l4 := i%2 == 1
		pkt := randPacket(rng, 14+rng.IntN(70))
		off := int32(2 * rng.IntN(len(pkt)/2+2))
		switch i % 23 {
		case 3:
			off++
		case 7:
			off = []int32{0x10000, -2, 0x7ffffffe}[rng.IntN(3)]
		}
		if off >= 0 && int(off)+2 <= len(pkt) && rng.IntN(4) == 0 {
			v := []byte{0, 0xff}[rng.IntN(2)]
			pkt[off], pkt[off+1] = v, v
		}
		flagSet := []int32{0, 0, 2, 2, 4, 4, 1, 3, 8, 0x10}
		if l4 {
			flagSet = []int32{0, 2, 4, 0x10, 0x12, 0x14, 0x22, 0x24, 0x20, 0x62, 0x64, 0x84, 0x80, 0x100, 1, 3}
		}
		flags := flagSet[rng.IntN(len(flagSet))]
		from, to := randValue(rng), randValue(rng)
		if flags&0xf == 0 && rng.IntN(4) > 0 {
			from = 0
		}
		id, name := int32(helperL3CsumReplace), "l3_csum_replace"
		if l4 {
			id, name = helperL4CsumReplace, "l4_csum_replace"
		}
		items := []any{movr(r6, r1), mov(r2, off), lddw(r3, from), lddw(r4, to), mov(r5, flags), call(id)}
		out = append(out, helperDiff{fmt.Sprintf("%s off=%d from=%#x to=%#x flags=%#x", name, off, from, to, flags), append(items, reload...), pkt, false})
	}
	// bpf_clone_redirect to interfaces that do not exist (sending to a
	// real one would inject packets).
	for _, ifindex := range []int32{0, 0x7fffffff, -1} {
		for _, fl := range []int32{0, 1, 2} {
			items := []any{movr(r6, r1), mov(r2, ifindex), mov(r3, fl), call(helperCloneRedirect)}
			out = append(out, helperDiff{fmt.Sprintf("clone_redirect ifindex=%d flags=%d", ifindex, fl), append(items, reload...), randPacket(rng, 14+rng.IntN(40)), false})
		}
	}
	for _, fl := range []int32{0, 1, 2, 3, -1} {
		for _, xdp := range []bool{false, true} {
			out = append(out, helperDiff{fmt.Sprintf("redirect flags=%d", fl), []any{mov(r1, 1), mov(r2, fl), call(helperRedirect), exit()}, randPacket(rng, 14), xdp})
		}
	}
	return out
}

// TestKernelDifferentialHelpers runs tc (and, for bpf_csum_diff and
// bpf_redirect, XDP) programs that call the packet helpers here and in
// the kernel (BPF_PROG_TEST_RUN) and compares the return value and the
// output packet.
func TestKernelDifferentialHelpers(t *testing.T) {
	if _, err := loadKernelType(ebpf.SchedCLS, []isa.Instruction{mov(r0, 0), exit()}); err != nil {
		if errors.Is(err, os.ErrPermission) {
			t.Skipf("bpf() not permitted: %v", err)
		}
		t.Skipf("cannot load a trivial tc program: %v", err)
	}
	rng := rand.New(rand.NewPCG(9, 2026))
	compared, rejected, failed := 0, 0, 0
	counts := map[string]int{}
	for _, hd := range helperDiffs(rng) {
		// Programs reading r6 need it set: csum_diff-on-packet ones.
		items := append([]any{movr(r6, r1)}, hd.items...)
		insns, _, _ := assemble(t, items)
		typ, sec := ebpf.SchedCLS, "tc"
		if hd.xdp {
			typ, sec = ebpf.XDP, "xdp"
		}
		prog, err := loadKernelType(typ, insns)
		if err != nil {
			var ve *ebpf.VerifierError
			if errors.As(err, &ve) {
				rejected++
				t.Errorf("%s: kernel rejects: %s", hd.name, lastLine(ve.Log))
				continue
			}
			t.Fatalf("%s: load: %v", hd.name, err)
		}
		opts := &ebpf.RunOptions{Data: hd.pkt, DataOut: make([]byte, skbMaxLen+64)}
		kret, err := prog.Run(opts)
		prog.Close()
		if err != nil {
			t.Fatalf("%s: test run: %v", hd.name, err)
		}
		res := runObj(t, object(t, sec, nil, items...), Input{Packet: hd.pkt})
		compared++
		class := "ok"
		switch {
		case strings.HasPrefix(hd.name, "csum") || strings.HasPrefix(hd.name, "redirect"):
			if int32(kret) < 0 {
				class = fmt.Sprintf("errno %d", -int32(kret))
			}
		case kret>>24 != 0:
			class = fmt.Sprintf("errno %d", 256-kret>>24)
		}
		counts[sec+" "+hd.name[:strings.IndexByte(hd.name, ' ')]+" "+class]++
		if res.Fault != nil || uint32(res.R0) != kret || !bytes.Equal(res.Packet, opts.DataOut) {
			failed++
			t.Errorf("%s: kernel returned %#x, interpreter %s\nkernel packet % x\nour packet    % x\n%s",
				hd.name, kret, outcome(res), trunc(opts.DataOut), trunc(res.Packet), listing(insns))
			if failed > 10 {
				t.FailNow()
			}
		}
	}
	t.Logf("%d programs compared (%v), %d rejected by the verifier", compared, counts, rejected)
}

func trunc(b []byte) []byte { return b[:min(len(b), 80)] }

// TestKernelInvalidation checks that the kernel's verifier rejects the
// programs that use a packet pointer after a helper that moves packet
// data, which the interpreter faults on, and accepts one that uses it
// after bpf_csum_diff, which the interpreter runs.
func TestKernelInvalidation(t *testing.T) {
	if _, err := loadKernelType(ebpf.SchedCLS, []isa.Instruction{mov(r0, 0), exit()}); err != nil {
		t.Skipf("cannot load a trivial tc program: %v", err)
	}
	// data in r7, checked to hold 8 bytes; then the call; then a load.
	use := func(call ...any) []any {
		items := []any{movr(r6, r1), ldx(w, r7, r1, 76), ldx(w, r3, r1, 80), movr(r4, r7), add(r4, 8), jmpX(isa.JumpJGT, r4, r3, "out"),
			st(dw, r10, -8, 0)}
		items = append(items, call...)
		return append(items, ldx(b, r0, r7, 0), exit(), "out:", mov(r0, 0), exit())
	}
	cases := []struct {
		name  string
		items []any
		fault string // "" if both run it
	}{
		{"store_bytes", use(movr(r1, r6), mov(r2, 0), movr(r3, r10), add(r3, -8), mov(r4, 4), mov(r5, 0), call(helperSkbStoreBytes)), "invalidated by bpf_skb_store_bytes"},
		{"store_bytes failing", use(movr(r1, r6), mov(r2, 0), movr(r3, r10), add(r3, -8), mov(r4, 4), mov(r5, 8), call(helperSkbStoreBytes)), "invalidated by bpf_skb_store_bytes"},
		{"change_head", use(movr(r1, r6), mov(r2, 0), mov(r3, 0), call(helperSkbChangeHead)), "invalidated by bpf_skb_change_head"},
		{"csum_diff", use(mov(r1, 0), mov(r2, 0), movr(r3, r10), add(r3, -8), mov(r4, 8), mov(r5, 0), call(helperCsumDiff)), ""},
	}
	for _, tc := range cases {
		insns, _, _ := assemble(t, tc.items)
		prog, err := loadKernelType(ebpf.SchedCLS, insns)
		if prog != nil {
			prog.Close()
		}
		res := runObj(t, object(t, "tc", nil, tc.items...), Input{Packet: packet(14)})
		switch {
		case tc.fault != "" && err == nil:
			t.Errorf("%s: the kernel accepts it", tc.name)
		case tc.fault == "" && err != nil:
			t.Errorf("%s: the kernel rejects it: %v", tc.name, err)
		case tc.fault != "" && (res.Fault == nil || !strings.Contains(res.Fault.Msg, tc.fault)):
			t.Errorf("%s: interpreter %s, want a fault containing %q", tc.name, outcome(res), tc.fault)
		case tc.fault == "" && res.Fault != nil:
			t.Errorf("%s: interpreter %s", tc.name, outcome(res))
		}
	}
}
