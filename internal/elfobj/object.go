// Package elfobj is vep's model of an eBPF ELF relocatable object, as clang
// -target bpf and vep compile produce it, and its reader.
//
// An Object holds code sections (one per program, named by the libbpf
// convention such as "xdp" or "kprobe/sys_open", plus ".text" for
// subprograms), the functions defined in them, their relocations to maps and
// to other functions, the map definitions, the license and any extra sections
// (vep stores ".vep.spec" and ".vep.proof" that way).
//
// Reading is part of vep's trusted base: this package imports only the
// standard library and vep/internal/isa. Writing lives in
// vep/internal/elfwrite, which may use cilium/ebpf to build BTF.
package elfobj

import "vep/internal/isa"

// Object is an eBPF relocatable object.
type Object struct {
	// License is the contents of the "license" section without the
	// trailing NUL, for example "GPL".
	License string
	// Code lists the executable sections in file order.
	Code []*CodeSection
	// Maps lists the map definitions in file order (from ".maps" with BTF
	// or from the legacy "maps" section).
	Maps []*Map
	// Extra lists other sections that the object carries unchanged, such as
	// ".vep.spec" and ".vep.proof".
	Extra []*RawSection
}

// CodeSection is one executable section.
type CodeSection struct {
	// Name is the section name: "xdp", "socket", "tracepoint/syscalls/sys_enter_openat",
	// ".text", ... For a program section it determines the program type.
	Name string
	// Insns are the decoded instructions. A 64-bit immediate load is one
	// element; instruction indices below count elements, not 8-byte slots.
	Insns []isa.Instruction
	// Funcs are the function symbols defined in the section, sorted by
	// start index. A program section has exactly one; ".text" has one per
	// subprogram.
	Funcs []Func
	// Relocs are the relocations against instructions of this section,
	// sorted by instruction index.
	Relocs []Reloc
}

// Func is a function symbol inside a code section.
type Func struct {
	Name  string
	Start int // index of the first instruction
	Len   int // number of instructions (elements of Insns)
	// Global reports whether the symbol has global binding (program entry
	// points do; static subprograms do not).
	Global bool
}

// RelocKind says what a relocation patches.
type RelocKind uint8

// Relocation kinds.
const (
	// RelocMap: a 64-bit immediate load of a map (pseudo source
	// isa.PseudoMapFD); Symbol names the map.
	RelocMap RelocKind = iota + 1
	// RelocMapValue: a 64-bit immediate load of the address of a map value
	// (isa.PseudoMapValue); Symbol names the map, the immediate's high half
	// carries the offset. Loaders produce it only for global data sections
	// (.data, .rodata, .bss), which vep does not model yet: Read never
	// returns it and elfwrite.Write rejects it.
	RelocMapValue
	// RelocCall: a bpf-to-bpf call (call with isa.CallLocal) to Symbol,
	// a function of this or another code section.
	RelocCall
	// RelocFunc: a 64-bit immediate load of a function address
	// (isa.PseudoFunc) for callbacks.
	RelocFunc
)

// Reloc is one relocation.
type Reloc struct {
	Index  int // instruction index in the section's Insns
	Kind   RelocKind
	Symbol string
}

// Map is a map definition.
type Map struct {
	Name       string
	Type       uint32 // BPF_MAP_TYPE_* from the kernel UAPI
	KeySize    uint32
	ValueSize  uint32
	MaxEntries uint32
	Flags      uint32
	// Inner is the inner-map template of an array- or hash-of-maps, nil
	// otherwise. For a BTF-defined map its Name is the name of the inner
	// definition's struct type, which may be empty.
	Inner *Map
}

// RawSection is a section kept verbatim.
type RawSection struct {
	Name string
	Data []byte
}

// Map types used by vep (values of the kernel's enum bpf_map_type).
const (
	MapHash           uint32 = 1
	MapArray          uint32 = 2
	MapProgArray      uint32 = 3
	MapPerfEventArray uint32 = 4
	MapPerCPUHash     uint32 = 5
	MapPerCPUArray    uint32 = 6
	MapStackTrace     uint32 = 7
	MapLRUHash        uint32 = 9
	MapArrayOfMaps    uint32 = 12
	MapHashOfMaps     uint32 = 13
	MapSockMap        uint32 = 15
	MapRingBuf        uint32 = 27
)
