package interp

import (
	"bytes"
	"encoding/binary"
	"testing"

	"vep/internal/elfobj"
	"vep/internal/isa"
)

var (
	arrMap  = &elfobj.Map{Name: "arr", Type: elfobj.MapArray, KeySize: 4, ValueSize: 8, MaxEntries: 4}
	hashMap = &elfobj.Map{Name: "hash", Type: elfobj.MapHash, KeySize: 4, ValueSize: 8, MaxEntries: 2}
	lruMap  = &elfobj.Map{Name: "lru", Type: elfobj.MapLRUHash, KeySize: 4, ValueSize: 8, MaxEntries: 2}
	roMap   = &elfobj.Map{Name: "ro", Type: elfobj.MapArray, KeySize: 4, ValueSize: 8, MaxEntries: 1, Flags: mapFlagRdonlyProg}
	perfMap = &elfobj.Map{Name: "events", Type: elfobj.MapPerfEventArray, KeySize: 4, ValueSize: 4, MaxEntries: 4}
	ringbuf = &elfobj.Map{Name: "rb", Type: elfobj.MapRingBuf, MaxEntries: 16}
	outer   = &elfobj.Map{Name: "outer", Type: elfobj.MapArrayOfMaps, KeySize: 4, ValueSize: 4, MaxEntries: 2,
		Inner: &elfobj.Map{Type: elfobj.MapHash, KeySize: 4, ValueSize: 8, MaxEntries: 4}}
	allMaps = []*elfobj.Map{arrMap, hashMap, lruMap, roMap, perfMap, ringbuf, outer}
)

func key(k uint32) []byte { return binary.LittleEndian.AppendUint32(nil, k) }
func val(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }

// lookup calls bpf_map_lookup_elem(name, &k) with the key at fp-4.
func lookup(name string, k int32) []any {
	return []any{ldMap(r1, name), st(w, r10, -4, k), movr(r2, r10), add(r2, -4), call(helperMapLookupElem)}
}

// update calls bpf_map_update_elem(name, &k, &v, flags).
func update(name string, k, v, flags int32) []any {
	return []any{ldMap(r1, name), st(w, r10, -4, k), movr(r2, r10), add(r2, -4),
		st(dw, r10, -16, v), movr(r3, r10), add(r3, -16), mov(r4, flags), call(helperMapUpdateElem)}
}

func del(name string, k int32) []any {
	return []any{ldMap(r1, name), st(w, r10, -4, k), movr(r2, r10), add(r2, -4), call(helperMapDeleteElem)}
}

// deref loads the u64 r0 points to, returning 0 if r0 is null.
var deref = []any{jmpK(isa.JumpJEQ, r0, 0, "null"), ldx(dw, r0, r0, 0), "null:", exit()}

func errnoWant(e int) string { return outcome(&Result{R0: uint64(-int64(e))}) }

func preload(name string, kv ...uint64) func(*testing.T, *Machine) {
	return func(t *testing.T, m *Machine) {
		ms, _ := m.Map(name)
		for i := 0; i < len(kv); i += 2 {
			if err := ms.Update(key(uint32(kv[i])), val(kv[i+1])); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestMapHelpers(t *testing.T) {
	cases := []tcase{
		{name: "array update then lookup", prog: cat(update("arr", 1, 77, flagAny), lookup("arr", 1), deref), want: "r0=0x4d",
			check: func(t *testing.T, m *Machine, _ *Result) {
				ms, _ := m.Map("arr")
				if v, ok := ms.Lookup(key(1)); !ok || !bytes.Equal(v, val(77)) {
					t.Errorf("arr[1] = %v %v", v, ok)
				}
			}},
		{name: "array preloaded", setup: preload("arr", 3, 5), prog: cat(lookup("arr", 3), deref), want: "r0=0x5"},
		{name: "array lookup out of range", prog: cat(lookup("arr", 4), []any{exit()}), want: "r0=0x0"},
		{name: "array update out of range", prog: cat(update("arr", 4, 1, flagAny), []any{exit()}), want: errnoWant(errE2BIG)},
		{name: "array update noexist", prog: cat(update("arr", 0, 1, flagNoExist), []any{exit()}), want: errnoWant(errEEXIST)},
		{name: "array update exist", prog: cat(update("arr", 0, 1, flagExist), []any{exit()}), want: "r0=0x0"},
		{name: "bad flags", prog: cat(update("arr", 0, 1, 3), []any{exit()}), want: errnoWant(errEINVAL)},
		{name: "array delete", prog: cat(del("arr", 0), []any{exit()}), want: errnoWant(errEINVAL)},
		{name: "hash insert and lookup", prog: cat(update("hash", 9, 3, flagNoExist), lookup("hash", 9), deref), want: "r0=0x3"},
		{name: "hash missing key", prog: cat(lookup("hash", 9), deref), want: "r0=0x0"},
		{name: "hash missing key not checked", prog: cat(lookup("hash", 9), []any{ldx(dw, r0, r0, 0), exit()}), want: "fault: null pointer dereference"},
		{name: "hash full", setup: preload("hash", 1, 1, 2, 2), prog: cat(update("hash", 3, 3, flagAny), []any{exit()}), want: errnoWant(errE2BIG)},
		{name: "hash full replace", setup: preload("hash", 1, 1, 2, 2), prog: cat(update("hash", 2, 3, flagAny), lookup("hash", 2), deref), want: "r0=0x3"},
		{name: "hash noexist on existing", setup: preload("hash", 1, 1), prog: cat(update("hash", 1, 3, flagNoExist), []any{exit()}), want: errnoWant(errEEXIST)},
		{name: "hash exist on missing", prog: cat(update("hash", 1, 3, flagExist), []any{exit()}), want: errnoWant(errENOENT)},
		{name: "hash delete", setup: preload("hash", 1, 1), prog: cat(del("hash", 1), []any{exit()}), want: "r0=0x0",
			check: func(t *testing.T, m *Machine, _ *Result) {
				if ms, _ := m.Map("hash"); len(ms.Keys()) != 0 {
					t.Error("key survived delete")
				}
			}},
		{name: "hash delete missing", prog: cat(del("hash", 1), []any{exit()}), want: errnoWant(errENOENT)},
		{name: "lru evicts least recently used", setup: preload("lru", 1, 1, 2, 2),
			prog: cat(lookup("lru", 1), update("lru", 3, 3, flagAny), []any{exit()}), want: "r0=0x0",
			check: func(t *testing.T, m *Machine, _ *Result) {
				ms, _ := m.Map("lru")
				if _, ok := ms.Lookup(key(2)); ok {
					t.Error("key 2 was not evicted")
				}
				if _, ok := ms.Lookup(key(1)); !ok {
					t.Error("key 1 was evicted")
				}
			}},
		{name: "value bounds", prog: cat(lookup("arr", 0), []any{jmpK(isa.JumpJEQ, r0, 0, "null"), ldx(b, r0, r0, 8), "null:", exit()}), want: "fault: 1-byte access at offset 8 of map arr value"},
		{name: "value pointer arithmetic", setup: preload("arr", 0, 0x1122), prog: cat(lookup("arr", 0), []any{jmpK(isa.JumpJEQ, r0, 0, "null"), add(r0, 1), ldx(b, r0, r0, 0), "null:", exit()}), want: "r0=0x11"},
		{name: "uninitialised key", prog: []any{ldMap(r1, "arr"), movr(r2, r10), add(r2, -8), call(1), mov(r0, 0), exit()}, want: "fault: key (r2): read of uninitialised stack byte fp-8"},
		{name: "key past the stack top", prog: []any{ldMap(r1, "arr"), st(h, r10, -2, 0), movr(r2, r10), add(r2, -2), call(1), mov(r0, 0), exit()}, want: "fault: outside the 512-byte stack"},
		{name: "key in context", prog: []any{movr(r2, r1), ldMap(r1, "arr"), call(1), mov(r0, 0), exit()}, want: "fault: the context cannot be passed as memory"},
		{name: "not a map", prog: []any{movr(r1, r10), st(w, r10, -4, 0), movr(r2, r10), add(r2, -4), call(1), mov(r0, 0), exit()}, want: "fault: must be a map handle"},
		{name: "map handle dereference", prog: []any{ldMap(r1, "arr"), ldx(b, r0, r1, 0), exit()}, want: "fault: dereference of map handle arr"},
		{name: "map handle arithmetic", prog: []any{ldMap(r1, "arr"), add(r1, 8), mov(r0, 0), exit()}, want: "fault: arithmetic on a map handle"},
		{name: "read-only map read", prog: cat(lookup("ro", 0), deref), want: "r0=0x0"},
		{name: "read-only map write", prog: cat(lookup("ro", 0), []any{jmpK(isa.JumpJEQ, r0, 0, "null"), st(b, r0, 0, 1), "null:", mov(r0, 0), exit()}), want: "fault: write to read-only map ro value"},
		{name: "pointer into map value", prog: cat(lookup("arr", 0), []any{jmpK(isa.JumpJEQ, r0, 0, "null"), stx(dw, r0, 0, r10), "null:", mov(r0, 0), exit()}), want: "fault: pointers may only be spilled"},
		{name: "direct value address", setup: preload("arr", 0, 0xab), prog: []any{mapLoad{dst: r1, name: "arr", value: true, off: 0}, ldx(dw, r0, r1, 0), exit()}, want: "r0=0xab"},
		{name: "direct value address bounds", prog: []any{mapLoad{dst: r1, name: "arr", value: true, off: 4}, ldx(dw, r0, r1, 0), exit()}, want: "fault: 8-byte access at offset 4 of map arr value"},
		{name: "map in map", setup: func(t *testing.T, m *Machine) {
			o, _ := m.Map("outer")
			in, err := o.CreateInner(key(0))
			if err != nil {
				t.Fatal(err)
			}
			if err := in.Update(key(5), val(99)); err != nil {
				t.Fatal(err)
			}
		}, prog: cat(lookup("outer", 0), []any{jmpK(isa.JumpJEQ, r0, 0, "null"), movr(r1, r0), st(w, r10, -4, 5), movr(r2, r10), add(r2, -4), call(1)}, deref), want: "r0=0x63"},
		{name: "map in map unchecked", prog: cat(lookup("outer", 1), []any{movr(r1, r0), st(w, r10, -4, 5), movr(r2, r10), add(r2, -4), call(1), exit()}), want: "fault: argument r1 must be a map handle, not a scalar"},
		{name: "inner handle dereference", setup: func(t *testing.T, m *Machine) {
			o, _ := m.Map("outer")
			o.CreateInner(key(0))
		}, prog: cat(lookup("outer", 0), []any{jmpK(isa.JumpJEQ, r0, 0, "null"), ldx(b, r0, r0, 0), "null:", exit()}), want: "fault: dereference of map handle"},
		{name: "update outer map", prog: cat(update("outer", 0, 0, flagAny), []any{exit()}), want: "fault: cannot be updated from programs"},
		{name: "lookup in perf map", prog: cat(lookup("events", 0), []any{exit()}), want: "fault: does not support lookups"},
	}
	for i := range cases {
		cases[i].maps = allMaps
	}
	runCases(t, cases)
}

// str stores s, NUL-padded to a multiple of 8, at fp-len and points r1 at it.
func str(s string) []any {
	buf := []byte(s)
	for len(buf)%8 != 0 || len(buf) == len(s) {
		buf = append(buf, 0)
	}
	var out []any
	base := -int16(len(buf))
	for i := 0; i < len(buf); i += 8 {
		out = append(out, lddw(r1, binary.LittleEndian.Uint64(buf[i:])), stx(dw, r10, base+int16(i), r1))
	}
	return append(out, movr(r1, r10), add(r1, int32(base)))
}

func TestOtherHelpers(t *testing.T) {
	kmem := []KernelSegment{{Addr: 0xffff0000, Data: []byte{1, 2, 3, 4, 5, 6, 7, 8}}}
	runCases(t, []tcase{
		{name: "ktime is monotonic", prog: []any{call(helperKtimeGetNs), movr(r6, r0), call(helperKtimeGetNs), aluX(a64, isa.ALUSub, r0, r6), exit()}, want: "r0=0x3e8"},
		{name: "cpu id", opts: Options{CPU: 3}, prog: []any{call(helperGetSmpProcessorID), exit()}, want: "r0=0x3"},
		{name: "pid tgid", sec: "kprobe/f", opts: Options{PIDTGID: 42<<32 | 43}, prog: []any{call(helperGetCurrentPidTgid), exit()}, want: "r0=0x2a0000002b"},
		{name: "comm not in socket filters", prog: []any{mov(r1, 0), mov(r2, 0), call(helperGetCurrentComm), exit()}, want: "fault: not allowed in socket filter programs"},
		{name: "comm", sec: "kprobe/f", prog: []any{movr(r1, r10), add(r1, -16), mov(r2, 16), call(helperGetCurrentComm), ldx(dw, r0, r10, -16), ldx(dw, r1, r10, -8), addr(r0, r1), exit()}, want: "r0=0x706576"},
		{name: "comm size zero", sec: "kprobe/f", prog: []any{movr(r1, r10), add(r1, -16), mov(r2, 0), call(helperGetCurrentComm), exit()}, want: "fault: size argument r2 is zero"},
		{name: "comm past stack", sec: "kprobe/f", prog: []any{movr(r1, r10), add(r1, -8), mov(r2, 16), call(helperGetCurrentComm), exit()}, want: "fault: buffer (r1)"},
		{name: "trace_printk", prog: cat(str("v=%d %x %s|\n"), []any{mov(r2, 16), mov(r3, -5), mov(r4, 255), movr(r5, r1), add(r5, 10), call(helperTracePrintk), exit()}), want: "r0=0xc",
			check: func(t *testing.T, _ *Machine, res *Result) {
				if len(res.Trace) != 1 || res.Trace[0] != "v=-5 ff |\n|\n" {
					t.Errorf("trace %q", res.Trace)
				}
			}},
		{name: "trace_printk long", prog: cat(str("%lld %lu"), []any{mov(r2, 9), mov(r3, -5), mov(r4, -1), call(helperTracePrintk), exit()}), want: "r0=0x17",
			check: func(t *testing.T, _ *Machine, res *Result) {
				if res.Trace[0] != "-5 18446744073709551615" {
					t.Errorf("trace %q", res.Trace)
				}
			}},
		{name: "trace_printk without NUL", prog: cat(str("abcdefg"), []any{mov(r2, 7), call(helperTracePrintk), exit()}), want: errnoWant(errEINVAL)},
		{name: "trace_printk bad conversion", prog: cat(str("%q"), []any{mov(r2, 3), mov(r3, 0), call(helperTracePrintk), exit()}), want: errnoWant(errEINVAL)},
		{name: "trace_printk format past init", prog: cat(str("abcdefg"), []any{mov(r2, 9), call(helperTracePrintk), exit()}), want: "fault: format (r1)"},
		{name: "trace_printk uninitialised argument", prog: cat(str("%d"), []any{mov(r2, 3), call(helperTracePrintk), exit()}), want: "fault: read of uninitialised register r3"},
		{name: "skb_load_bytes", prog: []any{mov(r2, 10), movr(r3, r10), add(r3, -8), mov(r4, 4), call(helperSkbLoadBytes), ldx(w, r0, r10, -8), exit()}, want: "r0=0xd0c0b0a"},
		{name: "skb_load_bytes past the end", prog: []any{st(w, r10, -8, -1), mov(r2, 12), movr(r3, r10), add(r3, -8), mov(r4, 4), call(helperSkbLoadBytes), movr(r6, r0), ldx(w, r0, r10, -8), addr(r0, r6), exit()}, want: errnoWant(errEFAULT)},
		{name: "skb_load_bytes zero length", prog: []any{mov(r2, 0), movr(r3, r10), add(r3, -8), mov(r4, 0), call(helperSkbLoadBytes), exit()}, want: "fault: size argument r4 is zero"},
		{name: "skb_load_bytes needs ctx", prog: []any{movr(r1, r10), mov(r2, 0), movr(r3, r10), add(r3, -8), mov(r4, 4), call(helperSkbLoadBytes), exit()}, want: "fault: argument r1 must be the context pointer"},
		{name: "skb_load_bytes not in xdp", sec: "xdp", prog: []any{mov(r2, 0), movr(r3, r10), add(r3, -8), mov(r4, 4), call(helperSkbLoadBytes), exit()}, want: "fault: not allowed in xdp programs"},
		{name: "probe_read_kernel", sec: "kprobe/f", opts: Options{KernelMemory: kmem}, prog: []any{movr(r1, r10), add(r1, -8), mov(r2, 8), lddw(r3, 0xffff0000), call(helperProbeReadKernel), ldx(dw, r0, r10, -8), exit()}, want: "r0=0x807060504030201"},
		{name: "probe_read_kernel partly outside", sec: "kprobe/f", opts: Options{KernelMemory: kmem}, prog: []any{movr(r1, r10), add(r1, -8), mov(r2, 8), lddw(r3, 0xffff0001), call(helperProbeReadKernel), movr(r6, r0), ldx(dw, r0, r10, -8), addr(r0, r6), exit()}, want: errnoWant(errEFAULT)},
		{name: "probe_read_kernel into map handle", sec: "kprobe/f", maps: allMaps, prog: []any{ldMap(r1, "arr"), mov(r2, 8), mov(r3, 0), call(helperProbeReadKernel), exit()}, want: "fault: destination (r1): dereference of map handle"},
		{name: "perf_event_output", maps: allMaps, prog: []any{st(dw, r10, -8, 0x55), ldMap(r2, "events"), lddw(r3, 0xffffffff), movr(r4, r10), add(r4, -8), mov(r5, 8), call(helperPerfEventOutput), exit()}, want: "r0=0x0",
			check: func(t *testing.T, _ *Machine, res *Result) {
				if len(res.Events) != 1 || !bytes.Equal(res.Events[0], val(0x55)) {
					t.Errorf("events %v", res.Events)
				}
			}},
		{name: "perf_event_output with packet", maps: allMaps, prog: []any{st(dw, r10, -8, 0x55), ldMap(r2, "events"), lddw(r3, 2<<32|0xffffffff), movr(r4, r10), add(r4, -8), mov(r5, 1), call(helperPerfEventOutput), exit()}, want: "r0=0x0",
			check: func(t *testing.T, _ *Machine, res *Result) {
				if len(res.Events) != 1 || !bytes.Equal(res.Events[0], []byte{0x55, 0, 1}) {
					t.Errorf("events %v", res.Events)
				}
			}},
		{name: "perf_event_output index", maps: allMaps, prog: []any{st(dw, r10, -8, 0x55), ldMap(r2, "events"), mov(r3, 4), movr(r4, r10), add(r4, -8), mov(r5, 8), call(helperPerfEventOutput), exit()}, want: errnoWant(errE2BIG)},
		{name: "perf_event_output wrong map", maps: allMaps, prog: []any{st(dw, r10, -8, 0x55), ldMap(r2, "arr"), mov(r3, 0), movr(r4, r10), add(r4, -8), mov(r5, 8), call(helperPerfEventOutput), exit()}, want: "fault: not a perf event array"},
		{name: "perf_event_output uninitialised data", maps: allMaps, prog: []any{ldMap(r2, "events"), mov(r3, 0), movr(r4, r10), add(r4, -8), mov(r5, 8), call(helperPerfEventOutput), exit()}, want: "fault: data (r4): read of uninitialised stack"},
		{name: "probe_read_kernel_str", sec: "kprobe/f", opts: Options{KernelMemory: []KernelSegment{{Addr: 0x1000, Data: []byte("hi\x00xyz")}}}, prog: []any{st(dw, r10, -8, 0), movr(r1, r10), add(r1, -8), mov(r2, 8), mov(r3, 0x1000), call(helperProbeReadKernStr), movr(r6, r0), ldx(dw, r0, r10, -8), aluK(a64, isa.ALULsh, r0, 8), addr(r0, r6), exit()}, want: "r0=0x696803"},
		{name: "probe_read_kernel_str truncates", sec: "kprobe/f", opts: Options{KernelMemory: []KernelSegment{{Addr: 0x1000, Data: []byte("hello")}}}, prog: []any{movr(r1, r10), add(r1, -8), mov(r2, 3), mov(r3, 0x1000), call(helperProbeReadKernStr), movr(r6, r0), ldx(h, r0, r10, -8), ldx(b, r1, r10, -6), aluK(a64, isa.ALULsh, r1, 16), addr(r0, r1), aluK(a64, isa.ALULsh, r0, 8), addr(r0, r6), exit()}, want: "r0=0x656803"},
		{name: "probe_read_kernel_str leaves the rest", sec: "kprobe/f", opts: Options{KernelMemory: []KernelSegment{{Addr: 0x1000, Data: []byte("a\x00")}}}, prog: []any{movr(r1, r10), add(r1, -8), mov(r2, 8), mov(r3, 0x1000), call(helperProbeReadKernStr), ldx(b, r0, r10, -6), exit()}, want: "fault: uninitialised stack byte fp-6"},
		{name: "probe_read_kernel_str fault", sec: "kprobe/f", prog: []any{movr(r1, r10), add(r1, -8), mov(r2, 8), mov(r3, 0x1000), call(helperProbeReadKernStr), movr(r6, r0), ldx(dw, r0, r10, -8), addr(r0, r6), exit()}, want: errnoWant(errEFAULT)},
		{name: "uid gid", sec: "tracepoint/a/b", opts: Options{UIDGID: 5<<32 | 6}, prog: []any{call(helperGetCurrentUIDGID), exit()}, want: "r0=0x500000006"},
		{name: "ringbuf_output", maps: allMaps, prog: []any{st(dw, r10, -8, 0x66), ldMap(r1, "rb"), movr(r2, r10), add(r2, -8), mov(r3, 8), mov(r4, 0), call(helperRingbufOutput), exit()}, want: "r0=0x0",
			check: func(t *testing.T, _ *Machine, res *Result) {
				if len(res.Ringbuf) != 1 || !bytes.Equal(res.Ringbuf[0], val(0x66)) {
					t.Errorf("ringbuf %v", res.Ringbuf)
				}
			}},
		{name: "ringbuf_output flags", maps: allMaps, prog: []any{st(dw, r10, -8, 0x66), ldMap(r1, "rb"), movr(r2, r10), add(r2, -8), mov(r3, 8), mov(r4, 4), call(helperRingbufOutput), exit()}, want: errnoWant(errEINVAL)},
		{name: "ringbuf_output too big", maps: allMaps, prog: []any{st(dw, r10, -8, 0x66), st(dw, r10, -16, 0x66), ldMap(r1, "rb"), movr(r2, r10), add(r2, -16), mov(r3, 16), mov(r4, 0), call(helperRingbufOutput), exit()}, want: errnoWant(11)},
		{name: "ringbuf_output wrong map", maps: allMaps, prog: []any{st(dw, r10, -8, 0x66), ldMap(r1, "arr"), movr(r2, r10), add(r2, -8), mov(r3, 8), mov(r4, 0), call(helperRingbufOutput), exit()}, want: "fault: not a ring buffer"},
		{name: "helper clobbers r1-r5", prog: []any{mov(r5, 1), call(helperGetSmpProcessorID), movr(r0, r5), exit()}, want: "fault: read of uninitialised register r5"},
		{name: "unknown helper", prog: []any{call(9999), exit()}, want: "fault: unknown or unsupported helper 9999"},
	})
}

// xdpAdjust calls helper(ctx, delta) keeping ctx in r6 and the old data
// pointer in r7 (and spilled at fp-8).
func xdpAdjust(helper int32, delta int32) []any {
	return []any{movr(r6, r1), ldx(w, r7, r1, 0), stx(dw, r10, -8, r7), mov(r2, delta), call(helper), movr(r1, r6)}
}

func TestXDPAdjust(t *testing.T) {
	reload := []any{movr(r8, r0), ldx(w, r2, r6, 0), ldx(w, r3, r6, 4), movr(r4, r2), add(r4, 1), jmpX(isa.JumpJGT, r4, r3, "short"), ldx(b, r0, r2, 0), addr(r0, r8), exit(), "short:", movr(r0, r8), exit()}
	runCases(t, []tcase{
		{name: "stale register", sec: "xdp", prog: cat(xdpAdjust(helperXdpAdjustHead, 0), []any{ldx(b, r0, r7, 0), exit()}), want: "fault: invalidated by bpf_xdp_adjust_head"},
		{name: "stale spill", sec: "xdp", prog: cat(xdpAdjust(helperXdpAdjustTail, 0), []any{ldx(dw, r2, r10, -8), ldx(b, r0, r2, 0), exit()}), want: "fault: invalidated by bpf_xdp_adjust_tail"},
		{name: "stale comparison", sec: "xdp", prog: cat(xdpAdjust(helperXdpAdjustHead, 0), []any{ldx(w, r3, r6, 4), jmpX(isa.JumpJGT, r7, r3, "x"), "x:", mov(r0, 0), exit()}), want: "fault: invalidated"},
		{name: "reload after adjust", sec: "xdp", in: &Input{Packet: packet(20)}, prog: cat(xdpAdjust(helperXdpAdjustHead, 1), reload), want: "r0=0x1"},
		{name: "grow head", sec: "xdp", prog: cat(xdpAdjust(helperXdpAdjustHead, -4), reload), want: "r0=0x0",
			check: func(t *testing.T, _ *Machine, res *Result) {
				if len(res.Packet) != 18 || !bytes.Equal(res.Packet[4:], packet(14)) {
					t.Errorf("packet % x", res.Packet)
				}
			}},
		{name: "head into the frame", sec: "xdp", prog: cat(xdpAdjust(helperXdpAdjustHead, -(PacketHeadroom-xdpFrameSize+1)), []any{exit()}), want: errnoWant(errEINVAL)},
		{name: "head to the frame", sec: "xdp", prog: cat(xdpAdjust(helperXdpAdjustHead, -(PacketHeadroom-xdpFrameSize)), []any{exit()}), want: "r0=0x0"},
		{name: "head below ETH_HLEN", sec: "xdp", prog: cat(xdpAdjust(helperXdpAdjustHead, 1), []any{exit()}), in: &Input{Packet: packet(14)}, want: errnoWant(errEINVAL)},
		{name: "grow tail", sec: "xdp", prog: cat(xdpAdjust(helperXdpAdjustTail, 10), []any{exit()}), want: "r0=0x0",
			check: func(t *testing.T, _ *Machine, res *Result) {
				if len(res.Packet) != 24 || !bytes.Equal(res.Packet[14:], make([]byte, 10)) {
					t.Errorf("packet % x", res.Packet)
				}
			}},
		{name: "shrink tail below ETH_HLEN", sec: "xdp", prog: cat(xdpAdjust(helperXdpAdjustTail, -1), []any{exit()}), want: errnoWant(errEINVAL)},
		{name: "grow tail past the frame", sec: "xdp", prog: cat(xdpAdjust(helperXdpAdjustTail, PacketFrameEnd-PacketHeadroom-14+1), []any{exit()}), want: errnoWant(errEINVAL)},
		{name: "metadata", sec: "xdp", prog: cat(xdpAdjust(helperXdpAdjustMeta, -8), []any{ldx(w, r2, r6, 8), ldx(w, r3, r6, 0), movr(r4, r2), add(r4, 8), jmpX(isa.JumpJGT, r4, r3, "short"), st(dw, r2, 0, 7), ldx(dw, r0, r2, 0), exit(), "short:", mov(r0, 0), exit()}), want: "r0=0x7"},
		{name: "metadata overrun into data", sec: "xdp", prog: cat(xdpAdjust(helperXdpAdjustMeta, -8), []any{ldx(w, r2, r6, 8), ldx(dw, r0, r2, 4), exit()}), want: "fault: 8-byte metadata access at offset -4 from data, outside [-8, 0)"},
		{name: "metadata misaligned size", sec: "xdp", prog: cat(xdpAdjust(helperXdpAdjustMeta, -6), []any{exit()}), want: errnoWant(errEINVAL)},
		{name: "adjust needs ctx", sec: "xdp", prog: []any{movr(r1, r10), mov(r2, 0), call(helperXdpAdjustHead), exit()}, want: "fault: argument r1 must be the context pointer"},
		{name: "adjust not in tc", sec: "tc", prog: []any{mov(r2, 0), call(helperXdpAdjustHead), exit()}, want: "fault: not allowed in tc programs"},
	})
}

func TestPrandomIsSeeded(t *testing.T) {
	obj := object(t, "socket", nil, call(helperGetPrandomU32), movr(r6, r0), call(helperGetPrandomU32), aluK(a64, isa.ALULsh, r0, 32), addr(r0, r6), exit())
	run := func(seed int64) uint64 {
		m, err := New(obj, Options{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		res, err := m.Run("socket", Input{Packet: packet(14)})
		if err != nil || res.Fault != nil {
			t.Fatal(err, res.Fault)
		}
		return res.R0
	}
	if run(1) != run(1) {
		t.Error("same seed, different numbers")
	}
	if run(1) == run(2) {
		t.Error("different seeds, same numbers")
	}
}
