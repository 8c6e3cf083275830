package interp

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"vep/internal/elfobj"
	"vep/internal/isa"
)

var (
	progArr  = &elfobj.Map{Name: "progs", Type: elfobj.MapProgArray, KeySize: 4, ValueSize: 4, MaxEntries: 4}
	stackMap = &elfobj.Map{Name: "stacks", Type: elfobj.MapStackTrace, KeySize: 4, ValueSize: 8 * 127, MaxEntries: 16}
	oneStack = &elfobj.Map{Name: "onestack", Type: elfobj.MapStackTrace, KeySize: 4, ValueSize: 8 * 127, MaxEntries: 1}
	sockMap  = &elfobj.Map{Name: "socks", Type: elfobj.MapSockMap, KeySize: 4, ValueSize: 4, MaxEntries: 4}
	newMaps  = []*elfobj.Map{arrMap, progArr, stackMap, oneStack, sockMap}
)

// storeBytes calls bpf_skb_store_bytes(ctx, off, fp-8, n, flags) with
// 0xaabbccdd11223344 at fp-8, keeping ctx in r6 and the data pointer in
// r7.
func storeBytes(off, n, flags int32) []any {
	return []any{movr(r6, r1), ldx(w, r7, r1, 76), lddw(r2, 0xaabbccdd11223344), stx(dw, r10, -8, r2),
		mov(r2, off), movr(r3, r10), add(r3, -8), mov(r4, n), mov(r5, flags), call(helperSkbStoreBytes)}
}

// wantPacket checks the output packet.
func wantPacket(want []byte) func(*testing.T, *Machine, *Result) {
	return func(t *testing.T, _ *Machine, res *Result) {
		if !bytes.Equal(res.Packet, want) {
			t.Errorf("packet % x, want % x", res.Packet, want)
		}
	}
}

func TestPacketWriteHelpers(t *testing.T) {
	stored := packet(14)
	copy(stored[3:], []byte{0x44, 0x33, 0x22, 0x11})
	grown := append(make([]byte, 4), packet(14)...)
	big := append(make([]byte, 1000), packet(14)...)
	ret := []any{exit()}
	runCases(t, []tcase{
		{name: "store_bytes", sec: "tc", prog: cat(storeBytes(3, 4, 0), ret), want: "r0=0x0", check: wantPacket(stored)},
		{name: "store_bytes flags", sec: "tc", prog: cat(storeBytes(3, 4, flagRecomputeCsum|flagInvalidateHash), ret), want: "r0=0x0", check: wantPacket(stored)},
		{name: "store_bytes to the end", sec: "tc", prog: cat(storeBytes(6, 8, 0), ret), want: "r0=0x0"},
		{name: "store_bytes past the end", sec: "tc", prog: cat(storeBytes(7, 8, 0), ret), want: errnoWant(errEFAULT), check: wantPacket(packet(14))},
		{name: "store_bytes offset above INT_MAX", sec: "tc", prog: cat(storeBytes(-1, 1, 0), ret), want: errnoWant(errEFAULT)},
		{name: "store_bytes bad flags", sec: "tc", prog: cat(storeBytes(0, 4, 4), ret), want: errnoWant(errEINVAL), check: wantPacket(packet(14))},
		{name: "store_bytes invalidates packet pointers", sec: "tc", prog: cat(storeBytes(0, 4, 0), []any{ldx(b, r0, r7, 0), exit()}), want: "fault: invalidated by bpf_skb_store_bytes"},
		{name: "store_bytes invalidates on error too", sec: "tc", prog: cat(storeBytes(0, 4, 4), []any{ldx(b, r0, r7, 0), exit()}), want: "fault: invalidated by bpf_skb_store_bytes"},
		{name: "store_bytes reload", sec: "tc", prog: cat(storeBytes(0, 4, 0), []any{ldx(w, r2, r6, 76), ldx(w, r3, r6, 80), movr(r4, r2), add(r4, 1), jmpX(isa.JumpJGT, r4, r3, "x"), ldx(b, r0, r2, 0), "x:", exit()}), want: "r0=0x44"},
		{name: "store_bytes from the packet", sec: "tc", prog: []any{ldx(w, r2, r1, 76), ldx(w, r3, r1, 80), movr(r4, r2), add(r4, 4), jmpX(isa.JumpJGT, r4, r3, "x"),
			movr(r3, r2), mov(r2, 10), mov(r4, 4), mov(r5, 0), call(helperSkbStoreBytes), "x:", exit()}, want: "r0=0x0",
			check: wantPacket([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3})},
		{name: "store_bytes uninitialised source", sec: "tc", prog: []any{mov(r2, 0), movr(r3, r10), add(r3, -8), mov(r4, 4), mov(r5, 0), call(helperSkbStoreBytes), exit()}, want: "fault: source (r3): read of uninitialised stack byte fp-8"},
		{name: "store_bytes zero length", sec: "tc", prog: cat(storeBytes(0, 0, 0), ret), want: "fault: size argument r4 is zero"},
		{name: "store_bytes source past the stack", sec: "tc", prog: cat(storeBytes(0, 9, 0), ret), want: "fault: source (r3)"},
		{name: "store_bytes needs ctx", sec: "tc", prog: []any{st(dw, r10, -8, 1), movr(r1, r10), mov(r2, 0), movr(r3, r10), add(r3, -8), mov(r4, 4), mov(r5, 0), call(helperSkbStoreBytes), exit()}, want: "fault: argument r1 must be the context pointer"},
		{name: "store_bytes not in socket filters", prog: []any{st(dw, r10, -8, 1), mov(r2, 0), movr(r3, r10), add(r3, -8), mov(r4, 4), mov(r5, 0), call(helperSkbStoreBytes), exit()}, want: "fault: not allowed in socket filter programs"},
		{name: "store_bytes not in xdp", sec: "xdp", prog: []any{mov(r2, 0), call(helperSkbStoreBytes), exit()}, want: "fault: not allowed in xdp programs"},

		{name: "change_head", sec: "tc", prog: []any{movr(r6, r1), mov(r2, 4), mov(r3, 0), call(helperSkbChangeHead), ldx(w, r1, r6, 0), aluK(a64, isa.ALULsh, r1, 8), addr(r0, r1), exit()}, want: "r0=0x1200", check: wantPacket(grown)},
		{name: "change_head past the headroom", sec: "tc", prog: []any{mov(r2, 1000), mov(r3, 0), call(helperSkbChangeHead), exit()}, want: "r0=0x0", check: wantPacket(big)},
		{name: "change_head zero", sec: "tc", prog: []any{mov(r2, 0), mov(r3, 0), call(helperSkbChangeHead), exit()}, want: "r0=0x0", check: wantPacket(packet(14))},
		{name: "change_head to the maximum", sec: "tc", prog: []any{mov(r2, skbMaxLen-14), mov(r3, 0), call(helperSkbChangeHead), exit()}, want: "r0=0x0"},
		{name: "change_head too long", sec: "tc", prog: []any{mov(r2, skbMaxLen-13), mov(r3, 0), call(helperSkbChangeHead), exit()}, want: errnoWant(errEINVAL), check: wantPacket(packet(14))},
		{name: "change_head wraps", sec: "tc", prog: []any{mov(r2, -1), mov(r3, 0), call(helperSkbChangeHead), exit()}, want: errnoWant(errEINVAL)},
		{name: "change_head flags", sec: "tc", prog: []any{mov(r2, 4), mov(r3, 1), call(helperSkbChangeHead), exit()}, want: errnoWant(errEINVAL)},
		{name: "change_head invalidates packet pointers", sec: "tc", prog: []any{ldx(w, r7, r1, 76), mov(r2, 4), mov(r3, 0), call(helperSkbChangeHead), ldx(b, r0, r7, 0), exit()}, want: "fault: invalidated by bpf_skb_change_head"},
		{name: "change_head stale spill", sec: "tc", prog: []any{ldx(w, r7, r1, 76), stx(dw, r10, -8, r7), mov(r2, 4), mov(r3, 1), call(helperSkbChangeHead), ldx(dw, r2, r10, -8), ldx(b, r0, r2, 0), exit()}, want: "fault: invalidated by bpf_skb_change_head"},
		{name: "change_head new bytes", sec: "tc", prog: []any{movr(r6, r1), mov(r2, 2), mov(r3, 0), call(helperSkbChangeHead), ldx(w, r2, r6, 76), ldx(w, r3, r6, 80), movr(r4, r2), add(r4, 3), jmpX(isa.JumpJGT, r4, r3, "x"), ldx(b, r0, r2, 2), add(r0, 0x10), "x:", exit()}, want: "r0=0x10"},
		{name: "change_head uninitialised length", sec: "tc", prog: []any{mov(r3, 0), call(helperSkbChangeHead), exit()}, want: "fault: read of uninitialised register r2"},
		{name: "change_head not in xdp", sec: "xdp", prog: []any{mov(r2, 0), mov(r3, 0), call(helperSkbChangeHead), exit()}, want: "fault: not allowed in xdp programs"},
	})
}

// csum calls bpf_csum_diff(from, fs, to, ts, seed) with from at fp-8 and
// to at fp-16 (set by the caller).
func csum(fs, ts, seed int32) []any {
	return []any{movr(r1, r10), add(r1, -8), mov(r2, fs), movr(r3, r10), add(r3, -16), mov(r4, ts), mov(r5, seed), call(helperCsumDiff), exit()}
}

func TestCsumDiffAndRedirect(t *testing.T) {
	both := []any{st(dw, r10, -8, 0x12345678), st(dw, r10, -16, 0x12345678)}
	runCases(t, []tcase{
		{name: "csum_diff push", sec: "tc", prog: cat(both, csum(0, 4, 0)), want: "r0=0x68ac"},
		{name: "csum_diff push seeded", sec: "xdp", prog: cat(both, csum(0, 4, 0x10000)), want: "r0=0x68ad"},
		{name: "csum_diff equal", sec: "tc", prog: cat(both, csum(4, 4, 0)), want: "r0=0xffff"},
		{name: "csum_diff pull", sec: "tc", prog: cat(both, csum(4, 0, 0)), want: "r0=0x9753"},
		{name: "csum_diff odd size", sec: "tc", prog: cat(both, csum(0, 3, 0)), want: "r0=0x56ac"},
		{name: "csum_diff nothing", sec: "tc", prog: []any{mov(r1, 0), mov(r2, 0), mov(r3, 0), mov(r4, 0), mov(r5, 7), call(helperCsumDiff), exit()}, want: "r0=0x7"},
		{name: "csum_diff null with a size", sec: "tc", prog: []any{mov(r1, 0), mov(r2, 4), mov(r3, 0), mov(r4, 0), mov(r5, 0), call(helperCsumDiff), exit()}, want: "fault: from (r1): null pointer dereference"},
		{name: "csum_diff scalar with size zero", sec: "tc", prog: []any{mov(r1, 8), mov(r2, 0), mov(r3, 0), mov(r4, 0), mov(r5, 0), call(helperCsumDiff), exit()}, want: "fault: from (r1): dereference of scalar"},
		{name: "csum_diff uninitialised", sec: "tc", prog: cat(both[:1], csum(0, 4, 0)), want: "fault: to (r3): read of uninitialised stack byte fp-16"},
		{name: "csum_diff past the stack", sec: "tc", prog: cat(both, csum(12, 0, 0)), want: "fault: from (r1)"},
		{name: "csum_diff not in socket filters", prog: cat(both, csum(0, 4, 0)), want: "fault: not allowed in socket filter programs"},
		{name: "redirect tc", sec: "tc", prog: []any{mov(r1, 1), mov(r2, 0), call(helperRedirect), exit()}, want: "r0=0x7"},
		{name: "redirect tc ingress", sec: "tc", prog: []any{mov(r1, 1), mov(r2, 1), call(helperRedirect), exit()}, want: "r0=0x7"},
		{name: "redirect tc bad flags", sec: "tc", prog: []any{mov(r1, 1), mov(r2, 2), call(helperRedirect), exit()}, want: "r0=0x2"},
		{name: "redirect xdp", sec: "xdp", prog: []any{mov(r1, 1), mov(r2, 0), call(helperRedirect), exit()}, want: "r0=0x4"},
		{name: "redirect xdp flags", sec: "xdp", prog: []any{mov(r1, 1), mov(r2, 1), call(helperRedirect), exit()}, want: "r0=0x0"},
		{name: "redirect uninitialised flags", sec: "xdp", prog: []any{mov(r1, 1), call(helperRedirect), exit()}, want: "fault: read of uninitialised register r2"},
		{name: "redirect not in socket filters", prog: []any{mov(r1, 1), mov(r2, 0), call(helperRedirect), exit()}, want: "fault: not allowed in socket filter programs"},
	})
}

// sockIn is a sock_ops context with op, family and is_fullsock.
func sockIn(op, family uint32, full bool) *Input {
	ctx := make([]byte, 216)
	binary.LittleEndian.PutUint32(ctx[0:], op)
	binary.LittleEndian.PutUint32(ctx[20:], family)
	if full {
		ctx[72] = 1
	}
	return &Input{Context: ctx}
}

// setOpt calls bpf_setsockopt(ctx, level, name, fp-8, n) with the u64 v at
// fp-8, keeping ctx in r6.
func setOpt(level, name, v, n int32) []any {
	return []any{movr(r6, r1), st(dw, r10, -8, v), mov(r2, level), mov(r3, name), movr(r4, r10), add(r4, -8), mov(r5, n), call(helperSetsockopt)}
}

// getOpt calls bpf_getsockopt(ctx in r6, level, name, fp-16, n) and
// returns r0 + (the u32 or, if n >= 8, u64 at fp-16 << 8).
func getOpt(level, name, n int32) []any {
	sz := w
	if n >= 8 {
		sz = dw
	}
	return []any{movr(r7, r0), movr(r1, r6), mov(r2, level), mov(r3, name), movr(r4, r10), add(r4, -16), mov(r5, n), call(helperGetsockopt),
		ldx(sz, r1, r10, -16), aluK(a64, isa.ALULsh, r1, 8), addr(r0, r1), exit()}
}

func TestSockopsHelpers(t *testing.T) {
	v4 := sockIn(4, afInet, true)
	v6 := sockIn(4, afInet6, true)
	ret := []any{exit()}
	str := func(s string) int32 { b := make([]byte, 4); copy(b, s); return int32(binary.LittleEndian.Uint32(b)) }
	runCases(t, []tcase{
		{name: "setsockopt", sec: "sockops", in: v4, prog: cat(setOpt(solSocket, 7, 1500, 4), ret), want: "r0=0x0"},
		{name: "setsockopt then getsockopt", sec: "sockops", in: v4, prog: cat(setOpt(solSocket, 7, 1500, 4), getOpt(solSocket, 7, 4)), want: "r0=0x5dc00"},
		{name: "getsockopt unset", sec: "sockops", in: v4, prog: cat(setOpt(solTCP, 1, 1, 4), getOpt(solTCP, 2, 4)), want: "r0=0x0"},
		{name: "setsockopt optlen", sec: "sockops", in: v4, prog: cat(setOpt(solSocket, 7, 1500, 8), ret), want: errnoWant(errEINVAL)},
		{name: "setsockopt unknown level", sec: "sockops", in: v4, prog: cat(setOpt(99, 7, 1500, 4), ret), want: errnoWant(errEINVAL)},
		{name: "setsockopt unknown option", sec: "sockops", in: v4, prog: cat(setOpt(solSocket, 99, 1, 4), ret), want: errnoWant(errEINVAL)},
		{name: "setsockopt request socket", sec: "sockops", in: sockIn(2, afInet, false), prog: cat(setOpt(solSocket, 7, 1500, 4), ret), want: errnoWant(errEINVAL)},
		{name: "setsockopt unlocked callback", sec: "sockops", in: sockIn(16, afInet, true), prog: cat(setOpt(solSocket, 7, 1500, 4), ret), want: errnoWant(errEOPNOTSUPP)},
		{name: "setsockopt SOL_IP on IPv6", sec: "sockops", in: v6, prog: cat(setOpt(solIP, 1, 4, 4), ret), want: errnoWant(errEINVAL)},
		{name: "setsockopt SOL_IPV6 on IPv6", sec: "sockops", in: v6, prog: cat(setOpt(solIPv6, 67, 4, 4), ret), want: "r0=0x0"},
		{name: "setsockopt TCP_BPF_IW", sec: "sockops", in: v4, prog: cat(setOpt(solTCP, tcpBPFIW, 10, 4), ret), want: "r0=0x0"},
		{name: "setsockopt TCP_BPF_IW zero", sec: "sockops", in: v4, prog: cat(setOpt(solTCP, tcpBPFIW, 0, 4), ret), want: errnoWant(errEINVAL)},
		{name: "setsockopt congestion", sec: "sockops", in: v4, prog: cat(setOpt(solTCP, tcpCongestion, str("reno"), 8), getOpt(solTCP, tcpCongestion, 8)), want: "r0=0x6f6e657200"},
		{name: "getsockopt congestion default", sec: "sockops", in: v4, prog: cat([]any{movr(r6, r1), mov(r0, 0)}, getOpt(solTCP, tcpCongestion, 4)), want: "r0=0x62756300"},
		{name: "setsockopt unknown congestion", sec: "sockops", in: v4, prog: cat(setOpt(solTCP, tcpCongestion, str("xyz"), 8), ret), want: errnoWant(errENOENT)},
		{name: "setsockopt device", sec: "sockops", in: v4, prog: cat(setOpt(solSocket, soBindToDevice, str("eth9"), 8), ret), want: errnoWant(errENODEV)},
		{name: "setsockopt saved syn", sec: "sockops", in: v4, prog: cat(setOpt(solTCP, tcpSavedSyn, 0, 4), ret), want: errnoWant(errENOPROTOOPT)},
		{name: "getsockopt error zeroes", sec: "sockops", in: v4, prog: cat([]any{movr(r6, r1), mov(r0, 0), st(dw, r10, -16, -1)}, getOpt(solSocket, 99, 8)), want: "r0=" + strings.TrimPrefix(errnoWant(errEINVAL), "r0=")},
		{name: "getsockopt fills uninitialised memory", sec: "sockops", in: v4, prog: cat([]any{movr(r6, r1), mov(r0, 0)}, getOpt(solSocket, 99, 8)), want: errnoWant(errEINVAL)},
		{name: "getsockopt unlocked callback", sec: "sockops", in: sockIn(16, afInet, true), prog: cat([]any{movr(r6, r1), mov(r0, 0), st(w, r10, -16, 0x55)}, getOpt(solSocket, 7, 4)), want: "r0=0x54a1"}, // -95 + 0x55<<8
		{name: "getsockopt TCP_BPF_SYN", sec: "sockops", in: v4, prog: cat([]any{movr(r6, r1), mov(r0, 0)}, getOpt(solTCP, tcpBPFSyn, 8)), want: errnoWant(errENOENT)},
		{name: "getsockopt TCP_BPF_IW", sec: "sockops", in: v4, prog: cat([]any{movr(r6, r1), mov(r0, 0)}, getOpt(solTCP, tcpBPFIW, 4)), want: errnoWant(errEINVAL)},
		{name: "getsockopt device", sec: "sockops", in: v4, prog: cat([]any{movr(r6, r1), mov(r0, 0)}, getOpt(solSocket, soBindToDevice, 8)), want: errnoWant(errEINVAL)},
		{name: "setsockopt uninitialised optval", sec: "sockops", in: v4, prog: []any{mov(r2, solSocket), mov(r3, 7), movr(r4, r10), add(r4, -8), mov(r5, 4), call(helperSetsockopt), exit()}, want: "fault: optval (r4): read of uninitialised stack byte fp-8"},
		{name: "setsockopt optval past the stack", sec: "sockops", in: v4, prog: cat(setOpt(solSocket, 7, 1, 9), ret), want: "fault: optval (r4)"},
		{name: "setsockopt zero optlen", sec: "sockops", in: v4, prog: cat(setOpt(solSocket, 7, 1, 0), ret), want: "fault: size argument r5 is zero"},
		{name: "getsockopt optval past the stack", sec: "sockops", in: v4, prog: []any{mov(r2, solSocket), mov(r3, 7), movr(r4, r10), add(r4, -4), mov(r5, 8), call(helperGetsockopt), exit()}, want: "fault: optval (r4)"},
		{name: "getsockopt optval in a read-only map", sec: "sockops", in: v4, maps: allMaps, prog: cat([]any{movr(r6, r1)}, lookup("ro", 0), []any{jmpK(isa.JumpJEQ, r0, 0, "x"), movr(r4, r0), movr(r1, r6), mov(r2, solSocket), mov(r3, 7), mov(r5, 4), call(helperGetsockopt), "x:", exit()}), want: "fault: optval (r4): write to read-only"},
		{name: "setsockopt not in tc", sec: "tc", prog: cat(setOpt(solSocket, 7, 1, 4), ret), want: "fault: not allowed in tc programs"},
		{name: "getsockopt needs ctx", sec: "sockops", in: v4, prog: []any{movr(r1, r10), mov(r2, solSocket), mov(r3, 7), movr(r4, r10), add(r4, -8), mov(r5, 4), call(helperGetsockopt), exit()}, want: "fault: argument r1 must be the context pointer"},
	})
}

// sockUpdate calls bpf_sock_map_update(ctx, map, &k, flags), keeping ctx
// in r6.
func sockUpdate(name string, k, flags int32) []any {
	return []any{movr(r6, r1), ldMap(r2, name), st(w, r10, -4, k), movr(r3, r10), add(r3, -4), mov(r4, flags), call(helperSockMapUpdate)}
}

func TestSockMapUpdate(t *testing.T) {
	est := sockIn(4, afInet, true)
	ret := []any{exit()}
	again := func(k, flags int32) []any {
		return []any{movr(r1, r6), ldMap(r2, "socks"), st(w, r10, -4, k), movr(r3, r10), add(r3, -4), mov(r4, flags), call(helperSockMapUpdate), exit()}
	}
	cases := []tcase{
		{name: "add", sec: "sockops", in: est, prog: cat(sockUpdate("socks", 1, flagAny), ret), want: "r0=0x0"},
		{name: "add twice", sec: "sockops", in: est, prog: cat(sockUpdate("socks", 1, flagNoExist), again(1, flagAny)), want: "r0=0x0"},
		{name: "noexist on occupied", sec: "sockops", in: est, prog: cat(sockUpdate("socks", 1, flagAny), again(1, flagNoExist)), want: errnoWant(errEEXIST)},
		{name: "exist on empty", sec: "sockops", in: est, prog: cat(sockUpdate("socks", 1, flagExist), ret), want: errnoWant(errENOENT)},
		{name: "listen", sec: "sockops", in: sockIn(11, afInet, true), prog: cat(sockUpdate("socks", 0, flagAny), ret), want: "r0=0x0"},
		{name: "other callback", sec: "sockops", in: sockIn(1, afInet, true), prog: cat(sockUpdate("socks", 0, flagAny), ret), want: errnoWant(errEOPNOTSUPP)},
		{name: "bad flags", sec: "sockops", in: est, prog: cat(sockUpdate("socks", 0, 3), ret), want: errnoWant(errEINVAL)},
		{name: "index out of range", sec: "sockops", in: est, prog: cat(sockUpdate("socks", 4, flagAny), ret), want: errnoWant(errE2BIG)},
		{name: "not a sockmap", sec: "sockops", in: est, prog: cat(sockUpdate("arr", 0, flagAny), ret), want: "fault: map arr is not a sockmap"},
		{name: "uninitialised key", sec: "sockops", in: est, prog: []any{ldMap(r2, "socks"), movr(r3, r10), add(r3, -8), mov(r4, 0), call(helperSockMapUpdate), exit()}, want: "fault: key (r3): read of uninitialised stack byte fp-8"},
		{name: "not in tc", sec: "tc", prog: cat(sockUpdate("socks", 0, flagAny), ret), want: "fault: not allowed in tc programs"},
	}
	for i := range cases {
		cases[i].maps = newMaps
	}
	runCases(t, cases)
}

// stackid calls bpf_get_stackid(ctx, name, flags); ctx must be in r6.
func stackid(name string, flags int32) []any {
	return []any{movr(r1, r6), ldMap(r2, name), mov(r3, flags), call(helperGetStackid)}
}

func TestTraceHelpers(t *testing.T) {
	ret := []any{exit()}
	k := "kprobe/f"
	keep := []any{movr(r6, r1)}
	user := []KernelSegment{{Addr: 0x7000, Data: []byte("user\x00data")}}
	cases := []tcase{
		{name: "get_current_task", prog: []any{call(helperGetCurrentTask), exit()}, want: "r0=0xffff888000c0ffee"},
		{name: "get_stackid", sec: k, prog: cat(keep, stackid("stacks", 0), []any{movr(r7, r0), aluK(a64, isa.ALURsh, r0, 4)}, ret), want: "r0=0x0"},
		{name: "get_stackid is stable", sec: k, prog: cat(keep, stackid("stacks", 0), []any{movr(r7, r0)}, stackid("stacks", 0), []any{aluX(a64, isa.ALUSub, r0, r7)}, ret), want: "r0=0x0"},
		{name: "get_stackid fast compare", sec: k, prog: cat(keep, stackid("stacks", 0), []any{movr(r7, r0)}, stackid("stacks", stackFastCmp), []any{aluX(a64, isa.ALUSub, r0, r7)}, ret), want: "r0=0x0"},
		{name: "get_stackid records the chain", sec: k, opts: Options{KernelStack: []uint64{7, 8, 9}}, prog: cat(keep, stackid("stacks", 1), []any{mov(r0, 0), exit()}), want: "r0=0x0",
			check: func(t *testing.T, m *Machine, res *Result) {
				ms, _ := m.Map("stacks")
				keys := ms.Keys()
				if len(keys) != 1 {
					t.Fatalf("keys %v", keys)
				}
				v, ok := ms.Lookup(keys[0])
				if !ok || binary.LittleEndian.Uint64(v) != 8 || binary.LittleEndian.Uint64(v[8:]) != 9 || binary.LittleEndian.Uint64(v[16:]) != 0 {
					t.Errorf("stack %v %v", v[:24], ok)
				}
			}},
		{name: "get_stackid skip", sec: k, prog: cat(keep, stackid("stacks", 3), []any{aluK(a64, isa.ALURsh, r0, 4)}, ret), want: "r0=0x0"},
		{name: "get_stackid skips everything", sec: k, prog: cat(keep, stackid("stacks", 4), ret), want: errnoWant(errEFAULT)},
		{name: "get_stackid empty user stack", sec: k, opts: Options{UserStack: []uint64{}}, prog: cat(keep, stackid("stacks", stackUser), ret), want: errnoWant(errEFAULT)},
		{name: "get_stackid bad flags", sec: k, prog: cat(keep, stackid("stacks", 1<<11), ret), want: errnoWant(errEINVAL)},
		{name: "get_stackid collision", sec: k, prog: cat(keep, stackid("onestack", 0), stackid("onestack", stackUser), ret), want: errnoWant(errEEXIST)},
		{name: "get_stackid reuse", sec: k, prog: cat(keep, stackid("onestack", 0), stackid("onestack", stackUser|stackReuseID), ret), want: "r0=0x0"},
		{name: "get_stackid wrong map", sec: k, prog: cat(keep, stackid("arr", 0), ret), want: "fault: map arr is not a stack trace map"},
		{name: "get_stackid needs ctx", sec: k, prog: cat([]any{movr(r6, r10)}, stackid("stacks", 0), ret), want: "fault: argument r1 must be the context pointer"},
		{name: "get_stackid not in socket filters", prog: cat(keep, stackid("stacks", 0), ret), want: "fault: not allowed in socket filter programs"},
		{name: "lookup in a stack map", sec: k, prog: cat(lookup("stacks", 0), ret), want: "fault: does not support lookups"},

		{name: "perf_prog_read_value", sec: "perf_event", prog: []any{movr(r2, r10), add(r2, -24), mov(r3, 24), call(helperPerfProgReadValue),
			ldx(dw, r1, r10, -24), ldx(dw, r2, r10, -16), ldx(dw, r3, r10, -8), aluX(a64, isa.ALUSub, r2, r3), aluK(a64, isa.ALULsh, r1, 8), addr(r0, r1), addr(r0, r2), exit()}, want: "r0=0x100"},
		{name: "perf_prog_read_value size", sec: "perf_event", prog: []any{st(dw, r10, -16, -1), movr(r2, r10), add(r2, -16), mov(r3, 16), call(helperPerfProgReadValue), ldx(dw, r1, r10, -16), addr(r0, r1), exit()}, want: errnoWant(errEINVAL)},
		{name: "perf_prog_read_value zeroes uninitialised memory", sec: "perf_event", prog: []any{movr(r2, r10), add(r2, -32), mov(r3, 32), call(helperPerfProgReadValue), ldx(dw, r1, r10, -8), addr(r0, r1), exit()}, want: errnoWant(errEINVAL)},
		{name: "perf_prog_read_value past the stack", sec: "perf_event", prog: []any{movr(r2, r10), add(r2, -16), mov(r3, 24), call(helperPerfProgReadValue), exit()}, want: "fault: buffer (r2)"},
		{name: "perf_prog_read_value zero size", sec: "perf_event", prog: []any{movr(r2, r10), add(r2, -16), mov(r3, 0), call(helperPerfProgReadValue), exit()}, want: "fault: size argument r3 is zero"},
		{name: "perf_prog_read_value not in kprobes", sec: k, prog: []any{movr(r2, r10), add(r2, -24), mov(r3, 24), call(helperPerfProgReadValue), exit()}, want: "fault: not allowed in kprobe programs"},

		{name: "probe_read_user", sec: k, opts: Options{UserMemory: user}, prog: []any{movr(r1, r10), add(r1, -8), mov(r2, 4), mov(r3, 0x7000), call(helperProbeReadUser), ldx(w, r1, r10, -8), aluK(a64, isa.ALULsh, r1, 8), addr(r0, r1), exit()}, want: "r0=0x7265737500"},
		{name: "probe_read_user of BPF memory", sec: k, opts: Options{UserMemory: user}, prog: []any{st(dw, r10, -16, 1), movr(r1, r10), add(r1, -8), mov(r2, 8), movr(r3, r10), add(r3, -16), call(helperProbeReadUser), ldx(dw, r1, r10, -8), addr(r0, r1), exit()}, want: errnoWant(errEFAULT)},
		{name: "probe_read_user zero size", sec: k, prog: []any{mov(r1, 0), mov(r2, 0), mov(r3, 0), call(helperProbeReadUser), exit()}, want: "r0=0x0"},
		{name: "probe_read_user past the stack", sec: k, prog: []any{movr(r1, r10), add(r1, -4), mov(r2, 8), mov(r3, 0), call(helperProbeReadUser), exit()}, want: "fault: destination (r1)"},
		{name: "probe_read_user in socket filters", opts: Options{UserMemory: user}, prog: []any{movr(r1, r10), add(r1, -8), mov(r2, 1), mov(r3, 0x7000), call(helperProbeReadUser), ldx(b, r0, r10, -8), exit()}, want: "r0=0x75"},
		{name: "probe_read_user_str", sec: k, opts: Options{UserMemory: user}, prog: []any{movr(r1, r10), add(r1, -8), mov(r2, 8), mov(r3, 0x7000), call(helperProbeReadUserStr), ldx(b, r1, r10, -8), aluK(a64, isa.ALULsh, r1, 8), addr(r0, r1), exit()}, want: "r0=0x7505"},
		{name: "probe_read_user_str leaves the rest", sec: k, opts: Options{UserMemory: user}, prog: []any{movr(r1, r10), add(r1, -8), mov(r2, 8), mov(r3, 0x7000), call(helperProbeReadUserStr), ldx(b, r0, r10, -3), exit()}, want: "fault: uninitialised stack byte fp-3"},
		{name: "probe_read_user_str fault", sec: k, prog: []any{movr(r1, r10), add(r1, -8), mov(r2, 8), mov(r3, 0x7000), call(helperProbeReadUserStr), ldx(dw, r1, r10, -8), addr(r0, r1), exit()}, want: errnoWant(errEFAULT)},
		{name: "probe_read_user_str past the stack", sec: k, prog: []any{movr(r1, r10), add(r1, -4), mov(r2, 8), mov(r3, 0x7000), call(helperProbeReadUserStr), exit()}, want: "fault: destination (r1)"},
	}
	for i := range cases {
		cases[i].maps = newMaps
	}
	runCases(t, cases)
}

// tailObject builds an object with a program per section.
func tailObject(t *testing.T, maps []*elfobj.Map, secs ...any) *elfobj.Object {
	obj := &elfobj.Object{License: "GPL", Maps: maps}
	for i := 0; i < len(secs); i += 2 {
		insns, funcs, relocs := assemble(t, secs[i+1].([]any))
		obj.Code = append(obj.Code, &elfobj.CodeSection{Name: secs[i].(string), Insns: insns, Funcs: funcs, Relocs: relocs})
	}
	return obj
}

// tail calls bpf_tail_call(ctx in r1, progs, idx).
func tail(idx int32) []any {
	return []any{ldMap(r2, "progs"), mov(r3, idx), call(helperTailCall)}
}

func TestTailCall(t *testing.T) {
	target := []any{ldx(w, r0, r1, 0), add(r0, 100), exit()} // skb->len + 100
	count := cat([]any{movr(r6, r1)}, lookup("arr", 0), []any{jmpK(isa.JumpJEQ, r0, 0, "out"), ldx(dw, r1, r0, 0), add(r1, 1), stx(dw, r0, 0, r1),
		movr(r1, r6)}, tail(1), []any{"out:", mov(r0, 0)}, lookup("arr", 0), []any{jmpK(isa.JumpJEQ, r0, 0, "null"), ldx(dw, r0, r0, 0), "null:", exit()})
	cases := []struct {
		name  string
		obj   []any
		setup map[uint32]string
		want  string
	}{
		{"empty slot", []any{"socket", cat(tail(0), []any{mov(r0, 1), exit()})}, nil, "r0=0x1"},
		{"r0 undefined after a failed tail call", []any{"socket", cat(tail(0), []any{exit()})}, nil, "fault: read of uninitialised register r0"},
		{"jump", []any{"socket", cat(tail(2), []any{mov(r0, 1), exit()}), "socket/target", target}, map[uint32]string{2: "socket/target"}, "r0=0x72"},
		{"index out of range", []any{"socket", cat(tail(4), []any{mov(r0, 1), exit()}), "socket/target", target}, map[uint32]string{2: "socket/target"}, "r0=0x1"},
		{"index is 32 bits", []any{"socket", cat([]any{ldMap(r2, "progs"), lddw(r3, 1<<32|2), call(helperTailCall)}, []any{mov(r0, 1), exit()}), "socket/target", target}, map[uint32]string{2: "socket/target"}, "r0=0x72"},
		{"registers after the jump", []any{"socket", cat([]any{mov(r6, 1)}, tail(2), []any{mov(r0, 1), exit()}), "socket/target", []any{movr(r0, r6), exit()}}, map[uint32]string{2: "socket/target"}, "fault: read of uninitialised register r6"},
		{"stack after the jump", []any{"socket", cat([]any{st(dw, r10, -8, 1)}, tail(2), []any{mov(r0, 1), exit()}), "socket/target", []any{ldx(dw, r0, r10, -8), exit()}}, map[uint32]string{2: "socket/target"}, "fault: read of uninitialised stack byte fp-8"},
		{"from a subprogram", []any{"socket", []any{movr(r6, r1), callLocal("fn_sub"), add(r0, 1), exit(), "fn_sub:", mov(r0, 0)}, "socket/target", target}, nil, ""},
		{"limit", []any{"socket", count, "socket/self", count}, map[uint32]string{1: "socket/self"}, "r0=0x22"},
		{"not a program array", []any{"socket", cat([]any{ldMap(r2, "arr"), mov(r3, 0), call(helperTailCall)}, []any{mov(r0, 1), exit()})}, nil, "fault: map arr is not a program array"},
		{"needs ctx", []any{"socket", cat([]any{movr(r1, r10)}, tail(0), []any{mov(r0, 1), exit()})}, nil, "fault: argument r1 must be the context pointer"},
		{"other program type", []any{"xdp", cat(tail(0), []any{mov(r0, 1), exit()}), "socket/target", target}, map[uint32]string{0: "socket/target"}, "fault: map progs holds socket filter programs, not xdp"},
	}
	// from a subprogram: fn_sub tail-calls; the target's exit returns to
	// the caller of fn_sub.
	cases[7].obj[1] = []any{movr(r6, r1), callLocal("fn_sub"), add(r0, 1), exit(), "fn_sub:", ldMap(r2, "progs"), mov(r3, 2), call(helperTailCall), mov(r0, 50), exit()}
	cases[7].setup = map[uint32]string{2: "socket/target"}
	cases[7].want = "r0=0x73"
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			obj := tailObject(t, newMaps, tc.obj...)
			m, err := New(obj, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range tc.setup {
				if err := m.SetProgArray("progs", i, p); err != nil {
					t.Fatal(err)
				}
			}
			res, err := m.Run(obj.Code[0].Name, Input{Packet: packet(14)})
			if err != nil {
				t.Fatal(err)
			}
			got := outcome(res)
			if want, ok := strings.CutPrefix(tc.want, "fault: "); ok {
				if res.Fault == nil || !strings.Contains(res.Fault.Msg, want) {
					t.Fatalf("got %s, want a fault containing %q", got, want)
				}
			} else if got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
	obj := tailObject(t, newMaps, "socket", []any{mov(r0, 0), exit()}, "xdp", []any{mov(r0, 0), exit()}, ".text", []any{mov(r0, 0), exit()})
	m, err := New(obj, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.SetProgArray("progs", 0, "socket"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct {
		m    string
		i    uint32
		prog string
	}{{"arr", 0, "socket"}, {"progs", 4, "socket"}, {"progs", 1, "missing"}, {"progs", 1, ".text"}, {"progs", 1, "xdp"}, {"nomap", 0, "socket"}} {
		if err := m.SetProgArray(bad.m, bad.i, bad.prog); err == nil {
			t.Errorf("SetProgArray(%s, %d, %s) succeeded", bad.m, bad.i, bad.prog)
		}
	}
	ms, _ := m.Map("progs")
	if got := ms.ProgArray(); len(got) != 1 || got[0] != "socket" {
		t.Errorf("ProgArray() = %v", got)
	}
}

var (
	devMap = &elfobj.Map{Name: "devs", Type: mapDevmap, KeySize: 4, ValueSize: 4, MaxEntries: 4}
	cpuMap = &elfobj.Map{Name: "cpus", Type: mapCpumap, KeySize: 4, ValueSize: 4, MaxEntries: 4}
)

// csumRepl calls helper(ctx, off, from, to, flags) on a 14-byte packet
// whose bytes 2-3 hold a checksum, keeping ctx in r6 and data in r7.
func csumRepl(helper, off int32, from, to uint64, flags int32) []any {
	return []any{movr(r6, r1), ldx(w, r7, r1, 76), mov(r2, off), lddw(r3, from), lddw(r4, to), mov(r5, flags), call(helper)}
}

func TestMoreNetHelpers(t *testing.T) {
	ret := []any{exit()}
	pkt := packet(14)
	pkt[2], pkt[3] = 0x34, 0x12 // checksum 0x1234 at offset 2
	withSum := &Input{Packet: pkt}
	sumIs := func(c uint16) func(*testing.T, *Machine, *Result) {
		return func(t *testing.T, _ *Machine, res *Result) {
			if got := binary.LittleEndian.Uint16(res.Packet[2:]); got != c {
				t.Errorf("checksum %#x, want %#x", got, c)
			}
		}
	}
	zero := packet(14)
	zero[2], zero[3] = 0, 0
	cases := []tcase{
		{name: "l3 replace4", sec: "tc", in: withSum, prog: cat(csumRepl(helperL3CsumReplace, 2, 0x01020304, 0x01020305, 4), ret), want: "r0=0x0", check: sumIs(csumReplace4(0x1234, 0x01020304, 0x01020305))},
		{name: "l3 replace2", sec: "tc", in: withSum, prog: cat(csumRepl(helperL3CsumReplace, 2, 1, 3, 2), ret), want: "r0=0x0", check: sumIs(0x1232)},
		{name: "l3 by diff", sec: "tc", in: withSum, prog: cat(csumRepl(helperL3CsumReplace, 2, 0, 2, 0), ret), want: "r0=0x0", check: sumIs(0x1232)},
		{name: "l3 by diff with from", sec: "tc", in: withSum, prog: cat(csumRepl(helperL3CsumReplace, 2, 1, 2, 0), ret), want: errnoWant(errEINVAL)},
		{name: "l3 bad size", sec: "tc", in: withSum, prog: cat(csumRepl(helperL3CsumReplace, 2, 1, 2, 3), ret), want: errnoWant(errEINVAL)},
		{name: "l3 l4 flags", sec: "tc", in: withSum, prog: cat(csumRepl(helperL3CsumReplace, 2, 1, 2, csumPseudoHdr|2), ret), want: errnoWant(errEINVAL)},
		{name: "l3 odd offset", sec: "tc", in: withSum, prog: cat(csumRepl(helperL3CsumReplace, 3, 1, 2, 2), ret), want: errnoWant(errEFAULT)},
		{name: "l3 past the end", sec: "tc", in: withSum, prog: cat(csumRepl(helperL3CsumReplace, 14, 1, 2, 2), ret), want: errnoWant(errEFAULT)},
		{name: "l3 last field", sec: "tc", in: withSum, prog: cat(csumRepl(helperL3CsumReplace, 12, 1, 2, 2), ret), want: "r0=0x0"},
		{name: "l3 invalidates", sec: "tc", in: withSum, prog: cat(csumRepl(helperL3CsumReplace, 2, 1, 2, 2), []any{ldx(b, r0, r7, 0), exit()}), want: "fault: invalidated by bpf_l3_csum_replace"},
		{name: "l3 not in xdp", sec: "xdp", prog: []any{mov(r2, 0), mov(r3, 0), mov(r4, 0), mov(r5, 0), call(helperL3CsumReplace), exit()}, want: "fault: not allowed in xdp programs"},
		{name: "l3 uninitialised flags", sec: "tc", prog: []any{mov(r2, 0), mov(r3, 0), mov(r4, 0), call(helperL3CsumReplace), exit()}, want: "fault: read of uninitialised register r5"},
		{name: "l4 replace4 pseudo", sec: "tc", in: withSum, prog: cat(csumRepl(helperL4CsumReplace, 2, 0x01020304, 0x01020305, csumPseudoHdr|4), ret), want: "r0=0x0", check: sumIs(csumReplace4(0x1234, 0x01020304, 0x01020305))},
		{name: "l4 replace2", sec: "tc", in: withSum, prog: cat(csumRepl(helperL4CsumReplace, 2, 1, 3, 2), ret), want: "r0=0x0", check: sumIs(0x1232)},
		{name: "l4 ipv6 flag", sec: "tc", in: withSum, prog: cat(csumRepl(helperL4CsumReplace, 2, 0, 2, csumIPv6), ret), want: "r0=0x0", check: sumIs(0x1232)},
		{name: "l4 mangled zero kept", sec: "tc", in: &Input{Packet: zero}, prog: cat(csumRepl(helperL4CsumReplace, 2, 1, 3, csumMarkMangled0|2), ret), want: "r0=0x0", check: sumIs(0)},
		{name: "l4 mangled zero enforced", sec: "tc", in: &Input{Packet: zero}, prog: cat(csumRepl(helperL4CsumReplace, 2, 0, 0xffff, csumMarkMangled0|csumMarkEnforce), ret), want: "r0=0x0", check: sumIs(0xffff)},
		{name: "l4 bad flags", sec: "tc", in: withSum, prog: cat(csumRepl(helperL4CsumReplace, 2, 1, 2, 0x100|2), ret), want: errnoWant(errEINVAL)},
		{name: "l4 invalidates", sec: "tc", in: withSum, prog: cat(csumRepl(helperL4CsumReplace, 2, 1, 2, 9), []any{ldx(b, r0, r7, 0), exit()}), want: "fault: invalidated by bpf_l4_csum_replace"},

		{name: "clone_redirect", sec: "tc", prog: []any{mov(r2, loopbackIfindex), mov(r3, 1), call(helperCloneRedirect), exit()}, want: "r0=0x0"},
		{name: "clone_redirect unknown interface", sec: "tc", prog: []any{mov(r2, 7), mov(r3, 0), call(helperCloneRedirect), exit()}, want: errnoWant(errEINVAL)},
		{name: "clone_redirect flags", sec: "tc", prog: []any{mov(r2, loopbackIfindex), mov(r3, 2), call(helperCloneRedirect), exit()}, want: errnoWant(errEINVAL)},
		{name: "clone_redirect invalidates", sec: "tc", prog: []any{ldx(w, r7, r1, 76), mov(r2, loopbackIfindex), mov(r3, 0), call(helperCloneRedirect), ldx(b, r0, r7, 0), exit()}, want: "fault: invalidated by bpf_clone_redirect"},
		{name: "clone_redirect needs ctx", sec: "tc", prog: []any{movr(r1, r10), mov(r2, 1), mov(r3, 0), call(helperCloneRedirect), exit()}, want: "fault: argument r1 must be the context pointer"},
		{name: "clone_redirect not in xdp", sec: "xdp", prog: []any{mov(r2, 1), mov(r3, 0), call(helperCloneRedirect), exit()}, want: "fault: not allowed in xdp programs"},

		{name: "redirect_map miss", sec: "xdp", prog: []any{ldMap(r1, "devs"), mov(r2, 0), mov(r3, 2), call(helperRedirectMap), exit()}, want: "r0=0x2"},
		{name: "redirect_map broadcast", sec: "xdp", prog: []any{ldMap(r1, "devs"), mov(r2, 0), mov(r3, redirectBroadcast|redirectExclude), call(helperRedirectMap), exit()}, want: "r0=0x4"},
		{name: "redirect_map cpumap broadcast", sec: "xdp", prog: []any{ldMap(r1, "cpus"), mov(r2, 0), mov(r3, redirectBroadcast), call(helperRedirectMap), exit()}, want: "r0=0x0"},
		{name: "redirect_map cpumap miss", sec: "xdp", prog: []any{ldMap(r1, "cpus"), mov(r2, 0), mov(r3, 3), call(helperRedirectMap), exit()}, want: "r0=0x3"},
		{name: "redirect_map bad flags", sec: "xdp", prog: []any{ldMap(r1, "devs"), mov(r2, 0), mov(r3, 32), call(helperRedirectMap), exit()}, want: "r0=0x0"},
		{name: "redirect_map wrong map", sec: "xdp", prog: []any{ldMap(r1, "arr"), mov(r2, 0), mov(r3, 0), call(helperRedirectMap), exit()}, want: "fault: cannot be used with bpf_redirect_map"},
		{name: "redirect_map not in tc", sec: "tc", prog: []any{ldMap(r1, "devs"), mov(r2, 0), mov(r3, 0), call(helperRedirectMap), exit()}, want: "fault: not allowed in tc programs"},
	}
	for i := range cases {
		cases[i].maps = []*elfobj.Map{arrMap, devMap, cpuMap}
	}
	runCases(t, cases)
}

func TestMoreSockAndTraceHelpers(t *testing.T) {
	k := "kprobe/f"
	cbFlags := func(v int32) []any {
		return []any{movr(r6, r1), mov(r2, v), call(helperSockOpsCBFlagsSet), ldx(w, r1, r6, 84), aluK(a64, isa.ALULsh, r1, 32), addr(r0, r1), exit()}
	}
	// getStack calls bpf_get_stack(ctx, fp-32, n, flags) and returns r0 +
	// (the u64 at fp-32+at << 8).
	getStack := func(n, flags int32, at int16) []any {
		return []any{movr(r2, r10), add(r2, -32), mov(r3, n), mov(r4, flags), call(helperGetStack),
			ldx(dw, r1, r10, -32+at), aluK(a64, isa.ALULsh, r1, 8), addr(r0, r1), exit()}
	}
	chain := Options{KernelStack: []uint64{0x11, 0x22, 0x33}, UserStack: []uint64{0x44}}
	runCases(t, []tcase{
		{name: "cb_flags_set", sec: "sockops", in: sockIn(4, afInet, true), prog: cbFlags(0x85), want: "r0=0x500000080"},
		{name: "cb_flags_set negative", sec: "sockops", in: sockIn(4, afInet, true), prog: cbFlags(-1), want: "r0=0x7effffff80"}, // (-1 &^ 0x7f) + 0x7f<<32,
		{name: "cb_flags_set request socket", sec: "sockops", in: sockIn(2, afInet, false), prog: cbFlags(1), want: errnoWant(errEINVAL)},
		{name: "cb_flags_set unlocked", sec: "sockops", in: sockIn(16, afInet, true), prog: cbFlags(1), want: errnoWant(errEOPNOTSUPP)},
		{name: "cb_flags_set not in tc", sec: "tc", prog: []any{mov(r2, 1), call(helperSockOpsCBFlagsSet), exit()}, want: "fault: not allowed in tc programs"},

		{name: "get_stack", sec: k, opts: chain, prog: getStack(32, 0, 8), want: "r0=0x2218"},
		{name: "get_stack zeroes the rest", sec: k, opts: chain, prog: getStack(32, 0, 24), want: "r0=0x18"},
		{name: "get_stack truncates", sec: k, opts: chain, prog: getStack(16, 0, 8), want: "r0=0x2210"},
		{name: "get_stack skip", sec: k, opts: chain, prog: getStack(32, 1, 0), want: "r0=0x2210"},
		{name: "get_stack skip all", sec: k, opts: chain, prog: getStack(32, 3, 0), want: "r0=0x0"},
		{name: "get_stack skip too many", sec: k, opts: chain, prog: cat([]any{st(dw, r10, -32, 5)}, getStack(32, 4, 0)), want: errnoWant(errEFAULT)},
		{name: "get_stack user", sec: k, opts: chain, prog: getStack(32, stackUser, 0), want: "r0=0x4408"},
		{name: "get_stack user build id", sec: k, opts: chain, prog: getStack(32, stackUser|stackUserBuildID, 24), want: "r0=0x4420"},
		{name: "get_stack kernel build id", sec: k, opts: chain, prog: getStack(32, stackUserBuildID, 0), want: errnoWant(errEINVAL)},
		{name: "get_stack size", sec: k, opts: chain, prog: getStack(12, 0, 0), want: errnoWant(errEINVAL)},
		{name: "get_stack bad flags", sec: k, opts: chain, prog: getStack(32, 1<<12, 0), want: errnoWant(errEINVAL)},
		{name: "get_stack size zero", sec: k, opts: chain, prog: []any{movr(r2, r10), add(r2, -32), mov(r3, 0), mov(r4, 0), call(helperGetStack), exit()}, want: "r0=0x0"},
		{name: "get_stack past the stack", sec: k, prog: []any{movr(r2, r10), add(r2, -8), mov(r3, 16), mov(r4, 0), call(helperGetStack), exit()}, want: "fault: buffer (r2)"},
		{name: "get_stack needs ctx", sec: k, prog: []any{movr(r1, r10), movr(r2, r10), add(r2, -8), mov(r3, 8), mov(r4, 0), call(helperGetStack), exit()}, want: "fault: argument r1 must be the context pointer"},
		{name: "get_stack not in socket filters", prog: []any{movr(r2, r10), add(r2, -8), mov(r3, 8), mov(r4, 0), call(helperGetStack), exit()}, want: "fault: not allowed in socket filter programs"},
	})
}
