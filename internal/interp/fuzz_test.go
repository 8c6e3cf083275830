package interp

import (
	"encoding/binary"
	"reflect"
	"testing"

	"vep/internal/elfobj"
	"vep/internal/isa"
)

// decodeLoose turns bytes into instructions without validation (New does
// that): 8 bytes per slot, two for opcode 0x18.
func decodeLoose(b []byte) []isa.Instruction {
	var out []isa.Instruction
	for len(b) >= 8 {
		ins := isa.Instruction{
			OpCode:   isa.OpCode(b[0]),
			Dst:      isa.Register(b[1] & 0xf),
			Src:      isa.Register(b[1] >> 4),
			Offset:   int16(binary.LittleEndian.Uint16(b[2:])),
			Constant: int64(int32(binary.LittleEndian.Uint32(b[4:]))),
		}
		b = b[8:]
		if ins.IsLoadImm64() {
			if len(b) < 8 {
				break
			}
			ins.Constant = int64(uint64(uint32(ins.Constant)) | uint64(binary.LittleEndian.Uint32(b[4:]))<<32)
			b = b[8:]
		}
		out = append(out, ins)
	}
	return out
}

var fuzzSections = []string{"socket", "xdp", "tc", "kprobe/f", "tracepoint/a/b"}

// FuzzRun executes arbitrary bytecode: New and Run must never panic, and
// two runs of a fresh machine must agree.
func FuzzRun(f *testing.F) {
	seeds := [][]any{
		{mov(r0, 1), exit()},
		cat(xdpBounds(14), []any{ldx(b, r0, r2, 13), exit()}, xdpShort),
		cat(lookup("arr", 1), deref),
		cat(update("hash", 9, 3, flagNoExist), lookup("hash", 9), deref),
		cat(xdpAdjust(helperXdpAdjustHead, -4), []any{ldx(b, r0, r7, 0), exit()}),
		{st(dw, r10, -8, 42), mov(r1, 2), atomic(dw, r10, -8, r1, isa.AtomicAdd|isa.AtomicFetch), ldx(dw, r0, r10, -8), exit()},
		{mov(r1, 3), callLocal("fn_f"), exit(), "fn_f:", movr(r0, r1), exit()},
		cat(str("%d %s"), []any{mov(r2, 6), mov(r3, 1), movr(r4, r1), call(helperTracePrintk), exit()}),
	}
	for i, s := range seeds {
		insns, _, _ := assemble(f, s)
		f.Add(uint8(i), encode(insns), []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
	}
	f.Fuzz(func(t *testing.T, sel uint8, code, pkt []byte) {
		insns := decodeLoose(code)
		if len(insns) == 0 {
			return
		}
		sec := fuzzSections[int(sel)%len(fuzzSections)]
		obj := &elfobj.Object{
			Code: []*elfobj.CodeSection{{Name: sec, Insns: insns, Funcs: []elfobj.Func{{Name: "f", Len: len(insns), Global: true}}}},
			Maps: allMaps,
		}
		for _, r := range relocsFor(insns) {
			obj.Code[0].Relocs = append(obj.Code[0].Relocs, r)
		}
		run := func() *Result {
			m, err := New(obj, Options{StepLimit: 5000})
			if err != nil {
				return nil
			}
			in := Input{Packet: pkt, Context: pkt}
			if len(in.Context) > 24 {
				in.Context = in.Context[:24]
			}
			res, err := m.Run(sec, in)
			if err != nil {
				t.Fatalf("Run of a valid object failed: %v", err)
			}
			return res
		}
		a, b := run(), run()
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("nondeterministic: %+v vs %+v", a, b)
		}
		if a != nil && a.Steps > 5000 {
			t.Fatalf("%d steps over the limit", a.Steps)
		}
	})
}

// relocsFor gives every map-loading lddw a relocation to one of allMaps,
// chosen by its immediate.
func relocsFor(insns []isa.Instruction) []elfobj.Reloc {
	var rs []elfobj.Reloc
	for i, ins := range insns {
		if ins.IsLoadImm64() && (ins.Src == isa.PseudoMapFD || ins.Src == isa.PseudoMapValue) {
			m := allMaps[uint32(ins.Constant)%uint32(len(allMaps))]
			rs = append(rs, elfobj.Reloc{Index: i, Kind: elfobj.RelocMap, Symbol: m.Name})
		}
	}
	return rs
}
