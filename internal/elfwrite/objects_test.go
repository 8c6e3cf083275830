package elfwrite_test

import (
	"vep/internal/elfobj"
	"vep/internal/isa"
)

// Instruction constructors for the hand-built test objects.

func movImm(dst isa.Register, v int64) isa.Instruction {
	return isa.Instruction{OpCode: isa.ALUOpCode(isa.ClassALU64, isa.ALUMov, isa.SourceK), Dst: dst, Constant: v}
}

func movReg(dst, src isa.Register) isa.Instruction {
	return isa.Instruction{OpCode: isa.ALUOpCode(isa.ClassALU64, isa.ALUMov, isa.SourceX), Dst: dst, Src: src}
}

func addImm(dst isa.Register, v int64) isa.Instruction {
	return isa.Instruction{OpCode: isa.ALUOpCode(isa.ClassALU64, isa.ALUAdd, isa.SourceK), Dst: dst, Constant: v}
}

func addReg(dst, src isa.Register) isa.Instruction {
	return isa.Instruction{OpCode: isa.ALUOpCode(isa.ClassALU64, isa.ALUAdd, isa.SourceX), Dst: dst, Src: src}
}

func andImm(dst isa.Register, v int64) isa.Instruction {
	return isa.Instruction{OpCode: isa.ALUOpCode(isa.ClassALU64, isa.ALUAnd, isa.SourceK), Dst: dst, Constant: v}
}

func stW(dst isa.Register, off int16, v int64) isa.Instruction {
	return isa.Instruction{OpCode: isa.LoadStoreOp(isa.ClassST, isa.ModeMEM, isa.SizeW), Dst: dst, Offset: off, Constant: v}
}

func ldxW(dst, src isa.Register, off int16) isa.Instruction {
	return isa.Instruction{OpCode: isa.LoadStoreOp(isa.ClassLDX, isa.ModeMEM, isa.SizeW), Dst: dst, Src: src, Offset: off}
}

// ldMap is the canonical form of a relocated map load.
func ldMap(dst isa.Register) isa.Instruction {
	return isa.Instruction{OpCode: isa.OpCodeLoadImm64, Dst: dst, Src: isa.PseudoMapFD}
}

// ldFunc is the canonical form of a relocated function address load.
func ldFunc(dst isa.Register) isa.Instruction {
	return isa.Instruction{OpCode: isa.OpCodeLoadImm64, Dst: dst, Src: isa.PseudoFunc}
}

func ldImm64(dst isa.Register, v int64) isa.Instruction {
	return isa.Instruction{OpCode: isa.OpCodeLoadImm64, Dst: dst, Constant: v}
}

func callHelper(id int64) isa.Instruction {
	return isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, isa.JumpCall, isa.SourceK), Constant: id}
}

// callLocal is the canonical form of a relocated bpf-to-bpf call.
func callLocal() isa.Instruction {
	return isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, isa.JumpCall, isa.SourceK), Src: isa.CallLocal, Constant: -1}
}

func jneImm(dst isa.Register, v int64, off int16) isa.Instruction {
	return isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, isa.JumpJNE, isa.SourceK), Dst: dst, Constant: v, Offset: off}
}

func exit() isa.Instruction {
	return isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, isa.JumpExit, isa.SourceK)}
}

const helperMapLookupElem = 1

// lookupReturn looks up key 0 in the map loaded at instruction 3 (a
// relocation the caller adds) and returns the first u32 of the value
// masked to 0..3, or 1 (XDP_DROP) if the lookup fails.
func lookupReturn() []isa.Instruction {
	return []isa.Instruction{
		stW(isa.R10, -4, 0),             // 0: *(u32 *)(r10 - 4) = 0
		movReg(isa.R2, isa.R10),         // 1: r2 = r10
		addImm(isa.R2, -4),              // 2: r2 += -4
		ldMap(isa.R1),                   // 3: r1 = map ll
		callHelper(helperMapLookupElem), // 4: call bpf_map_lookup_elem
		jneImm(isa.R0, 0, 2),            // 5: if r0 != 0 goto +2
		movImm(isa.R0, 1),               // 6: r0 = 1
		exit(),                          // 7: exit
		ldxW(isa.R0, isa.R0, 0),         // 8: r0 = *(u32 *)(r0 + 0)
		andImm(isa.R0, 3),               // 9: r0 &= 3
		exit(),                          // 10: exit
	}
}

// xdpMapObject is an XDP program that returns arr[0] & 3.
func xdpMapObject() *elfobj.Object {
	insns := lookupReturn()
	return &elfobj.Object{
		License: "GPL",
		Code: []*elfobj.CodeSection{{
			Name:   "xdp",
			Insns:  insns,
			Funcs:  []elfobj.Func{{Name: "xdp_map", Start: 0, Len: len(insns), Global: true}},
			Relocs: []elfobj.Reloc{{Index: 3, Kind: elfobj.RelocMap, Symbol: "arr"}},
		}},
		Maps: []*elfobj.Map{{Name: "arr", Type: elfobj.MapArray, KeySize: 4, ValueSize: 8, MaxEntries: 4}},
	}
}

// socketObject is a socket filter that accepts nothing, with a few maps of
// other shapes and flags that it does not use.
func socketObject() *elfobj.Object {
	return &elfobj.Object{
		License: "Dual BSD/GPL",
		Code: []*elfobj.CodeSection{{
			Name:  "socket",
			Insns: []isa.Instruction{ldImm64(isa.R0, 1<<40), movImm(isa.R0, 0), exit()},
			Funcs: []elfobj.Func{{Name: "sock_drop", Start: 0, Len: 3, Global: true}},
		}},
		Maps: []*elfobj.Map{
			{Name: "hash6", Type: elfobj.MapHash, KeySize: 6, ValueSize: 12, MaxEntries: 64, Flags: 1},
			{Name: "events", Type: elfobj.MapPerfEventArray, KeySize: 4, ValueSize: 4},
			{Name: "lru", Type: elfobj.MapLRUHash, KeySize: 8, ValueSize: 2, MaxEntries: 16},
		},
	}
}

// callsObject is an XDP program that calls a static and a global function
// in .text, the global one calling a static one in its own section, and
// returns ((5 + 3) * 2) - 14 = 2 (XDP_PASS).
func callsObject() *elfobj.Object {
	return &elfobj.Object{
		License: "GPL",
		Code: []*elfobj.CodeSection{
			{
				Name: "xdp",
				Insns: []isa.Instruction{
					movImm(isa.R1, 5),      // 0: r1 = 5
					callLocal(),            // 1: call add3
					movReg(isa.R1, isa.R0), // 2: r1 = r0
					callLocal(),            // 3: call twice
					addImm(isa.R0, -14),    // 4: r0 += -14
					exit(),                 // 5: exit
				},
				Funcs: []elfobj.Func{{Name: "xdp_calls", Start: 0, Len: 6, Global: true}},
				Relocs: []elfobj.Reloc{
					{Index: 1, Kind: elfobj.RelocCall, Symbol: "add3"},
					{Index: 3, Kind: elfobj.RelocCall, Symbol: "twice"},
				},
			},
			{
				Name: ".text",
				Insns: []isa.Instruction{
					ldImm64(isa.R2, 0),     // 0: r2 = 0 ll (twice; two slots)
					addReg(isa.R1, isa.R1), // 1: r1 += r1
					callLocal(),            // 2: call ident
					exit(),                 // 3: exit
					movReg(isa.R0, isa.R1), // 4: r0 = r1 (add3)
					addImm(isa.R0, 3),      // 5: r0 += 3
					exit(),                 // 6: exit
					movReg(isa.R0, isa.R1), // 7: r0 = r1 (ident)
					exit(),                 // 8: exit
				},
				Funcs: []elfobj.Func{
					{Name: "twice", Start: 0, Len: 4, Global: true},
					{Name: "add3", Start: 4, Len: 3},
					{Name: "ident", Start: 7, Len: 2},
				},
				Relocs: []elfobj.Reloc{{Index: 2, Kind: elfobj.RelocCall, Symbol: "ident"}},
			},
		},
	}
}

// mapInMapObject is an XDP program that returns inner[0] & 3 for the inner
// map stored at outer[0].
func mapInMapObject() *elfobj.Object {
	first := lookupReturn()
	// Replace the final load with a second lookup in the inner map.
	insns := append(first[:8:8],
		movReg(isa.R1, isa.R0),          // 8: r1 = inner map
		movReg(isa.R2, isa.R10),         // 9: r2 = r10
		addImm(isa.R2, -4),              // 10: r2 += -4
		callHelper(helperMapLookupElem), // 11: call bpf_map_lookup_elem
		jneImm(isa.R0, 0, 2),            // 12: if r0 != 0 goto +2
		movImm(isa.R0, 1),               // 13: r0 = 1
		exit(),                          // 14: exit
		ldxW(isa.R0, isa.R0, 0),         // 15: r0 = *(u32 *)(r0 + 0)
		andImm(isa.R0, 3),               // 16: r0 &= 3
		exit(),                          // 17: exit
	)
	return &elfobj.Object{
		License: "GPL",
		Code: []*elfobj.CodeSection{{
			Name:   "xdp",
			Insns:  insns,
			Funcs:  []elfobj.Func{{Name: "xdp_mim", Start: 0, Len: len(insns), Global: true}},
			Relocs: []elfobj.Reloc{{Index: 3, Kind: elfobj.RelocMap, Symbol: "outer"}},
		}},
		Maps: []*elfobj.Map{{
			Name: "outer", Type: elfobj.MapArrayOfMaps, KeySize: 4, ValueSize: 4, MaxEntries: 1,
			Inner: &elfobj.Map{Name: "inner_def", Type: elfobj.MapArray, KeySize: 4, ValueSize: 4, MaxEntries: 1},
		}},
	}
}

// callbackObject is a tracepoint program that passes a static callback's
// address to bpf_loop.
func callbackObject() *elfobj.Object {
	return &elfobj.Object{
		License: "GPL",
		Code: []*elfobj.CodeSection{
			{
				Name: "tracepoint/syscalls/sys_enter_getpid",
				Insns: []isa.Instruction{
					movImm(isa.R1, 4), // 0: r1 = 4
					ldFunc(isa.R2),    // 1: r2 = cb ll
					movImm(isa.R3, 0), // 2: r3 = 0
					movImm(isa.R4, 0), // 3: r4 = 0
					callHelper(181),   // 4: call bpf_loop
					movImm(isa.R0, 0), // 5: r0 = 0
					exit(),            // 6: exit
				},
				Funcs:  []elfobj.Func{{Name: "tp_loop", Start: 0, Len: 7, Global: true}},
				Relocs: []elfobj.Reloc{{Index: 1, Kind: elfobj.RelocFunc, Symbol: "cb"}},
			},
			{
				Name:  ".text",
				Insns: []isa.Instruction{movImm(isa.R0, 0), exit(), movImm(isa.R0, 1), exit()},
				Funcs: []elfobj.Func{{Name: "unused", Start: 0, Len: 2}, {Name: "cb", Start: 2, Len: 2}},
			},
		},
	}
}

// extraObject carries vep's own sections next to a trivial XDP program.
func extraObject() *elfobj.Object {
	return &elfobj.Object{
		License: "GPL",
		Code: []*elfobj.CodeSection{{
			Name:  "xdp",
			Insns: []isa.Instruction{movImm(isa.R0, 2), exit()},
			Funcs: []elfobj.Func{{Name: "xdp_pass", Start: 0, Len: 2, Global: true}},
		}},
		Extra: []*elfobj.RawSection{
			{Name: ".vep.spec", Data: []byte("/*@ Require ctx(R1) */\n")},
			{Name: ".vep.proof", Data: []byte{0x76, 0x65, 0x70, 1, 0, 0xff}},
		},
	}
}

// testObjects lists the hand-built objects by name.
func testObjects() []struct {
	name string
	obj  *elfobj.Object
} {
	return []struct {
		name string
		obj  *elfobj.Object
	}{
		{"xdp-map", xdpMapObject()},
		{"socket", socketObject()},
		{"calls", callsObject()},
		{"map-in-map", mapInMapObject()},
		{"callback", callbackObject()},
		{"extra", extraObject()},
	}
}
