// Package elfwrite writes vep's object model (vep/internal/elfobj) as an
// eBPF ELF relocatable object in the form clang -target bpf produces, so
// that standard loaders such as libbpf and cilium/ebpf load it unchanged.
//
// The object has one section per code section with its function symbols,
// a .rel<section> relocation section per code section with relocations, a
// "license" section with its _license symbol, a ".maps" section whose maps
// are described by BTF map definitions in .BTF (libbpf's __uint, __type and
// __array style), the extra sections verbatim, and .symtab/.strtab.
//
// This package is not part of vep's trusted base: elfobj.Read re-reads and
// checks whatever it writes.
package elfwrite

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"strings"

	"vep/internal/elfobj"
	"vep/internal/isa"
)

// BPF relocation types.
const (
	relBPF64_64 = 1  // R_BPF_64_64: the immediate of a 64-bit immediate load
	relBPF64_32 = 10 // R_BPF_64_32: the immediate of a call
)

// maxSections keeps section indices below SHN_LORESERVE.
const maxSections = 0xff00

// opCall is the opcode of call instructions.
var opCall = isa.JumpOpCode(isa.ClassJMP, isa.JumpCall, isa.SourceK)

// reservedNames are section names the writer generates or that readers
// interpret; code and extra sections may not use them.
var reservedNames = map[string]bool{
	".maps": true, "maps": true, "license": true, ".BTF": true, ".BTF.ext": true,
	".symtab": true, ".strtab": true, ".shstrtab": true, ".comment": true,
	"version": true, ".llvm_addrsig": true, ".eh_frame": true,
}

// funcRef locates a function.
type funcRef struct {
	code   int // index into obj.Code
	start  int // instruction index
	slot   int // slot index of start
	global bool
}

// Write encodes obj as an ELF64 little-endian relocatable object for EM_BPF.
//
// The fields of relocated instructions are written as clang writes them,
// whatever obj holds there: a map load gets source 0 and immediate 0 (the
// loader sets isa.PseudoMapFD); a call into the same section gets its
// relative offset and no relocation; a call into .text from another section
// gets immediate -1 and a relocation against the function symbol if the
// target is global, or the target's slot minus one and a relocation against
// the section symbol if it is static; a function address load gets source 0
// and the target's byte offset with a relocation against the section symbol.
// Calls and function addresses into program sections other than the caller's
// are rejected, because libbpf resolves them only into .text. elfobj.Read returns these instructions in its
// canonical form.
//
// Write returns an error if obj is inconsistent: duplicate or reserved
// names, functions that do not cover their section, relocations on the
// wrong instruction or naming an unknown symbol, invalid instructions, or
// maps that cannot be described (see mapsBTF). RelocMapValue is not
// supported: loaders resolve value loads only against global data sections,
// which the object model does not have.
func Write(obj *elfobj.Object) ([]byte, error) {
	b, err := write(obj)
	if err != nil {
		return nil, fmt.Errorf("elfwrite: %w", err)
	}
	return b, nil
}

func write(obj *elfobj.Object) ([]byte, error) {
	if obj == nil {
		return nil, fmt.Errorf("nil object")
	}
	funcs, err := checkNames(obj)
	if err != nil {
		return nil, err
	}
	if strings.IndexByte(obj.License, 0) >= 0 {
		return nil, fmt.Errorf("license contains a NUL byte")
	}
	if 1+2*len(obj.Code)+len(obj.Extra)+5 > maxSections {
		return nil, fmt.Errorf("too many sections")
	}

	// Section indices: null, code sections, relocation sections, license,
	// .maps, extra sections, .BTF, .symtab, .strtab.
	secs := []section{{}}
	codeIdx := make([]int, len(obj.Code))
	for i, cs := range obj.Code {
		codeIdx[i] = len(secs)
		secs = append(secs, section{name: cs.Name, typ: elf.SHT_PROGBITS, flags: elf.SHF_ALLOC | elf.SHF_EXECINSTR, align: 8})
	}
	relIdx := make([]int, len(obj.Code))
	for i, cs := range obj.Code {
		if needsRelSection(cs, i, funcs) {
			relIdx[i] = len(secs)
			secs = append(secs, section{name: ".rel" + cs.Name, typ: elf.SHT_REL, flags: elf.SHF_INFO_LINK, info: uint32(codeIdx[i]), align: 8, entsize: relSize})
		}
	}
	licenseIdx := -1
	if obj.License != "" {
		licenseIdx = len(secs)
		secs = append(secs, section{name: "license", typ: elf.SHT_PROGBITS, flags: elf.SHF_ALLOC | elf.SHF_WRITE, align: 1, data: append([]byte(obj.License), 0)})
	}
	mapsIdx := -1
	var mapOffs, mapSizes []uint32
	var btfRaw []byte
	if len(obj.Maps) > 0 {
		if btfRaw, mapOffs, mapSizes, err = mapsBTF(obj.Maps); err != nil {
			return nil, err
		}
		total := 0
		for _, s := range mapSizes {
			total += int(s)
		}
		mapsIdx = len(secs)
		secs = append(secs, section{name: ".maps", typ: elf.SHT_PROGBITS, flags: elf.SHF_ALLOC | elf.SHF_WRITE, align: 8, data: make([]byte, total)})
	}
	for _, x := range obj.Extra {
		secs = append(secs, section{name: x.Name, typ: elf.SHT_PROGBITS, align: 1, data: bytes.Clone(x.Data)})
	}
	if btfRaw != nil {
		secs = append(secs, section{name: ".BTF", typ: elf.SHT_PROGBITS, align: 4, data: btfRaw})
	}
	symtabIdx := len(secs)
	secs = append(secs, section{name: ".symtab", typ: elf.SHT_SYMTAB, align: 8, entsize: symSize})
	strtabIdx := len(secs)
	secs = append(secs, section{name: ".strtab", typ: elf.SHT_STRTAB, align: 1})

	// Symbols: locals (section symbols of code sections, static
	// functions) first, then globals.
	syms := []symbol{{}}
	secSym := make([]int, len(obj.Code))
	for i := range obj.Code {
		secSym[i] = len(syms)
		syms = append(syms, symbol{name: obj.Code[i].Name, typ: elf.STT_SECTION, bind: elf.STB_LOCAL, shndx: uint32(codeIdx[i])})
	}
	funcSym := make(map[string]int)
	slots := make([][]int, len(obj.Code))
	for i, cs := range obj.Code {
		slots[i] = slotIndices(cs.Insns)
	}
	addFuncs := func(global bool) {
		for i, cs := range obj.Code {
			for _, f := range cs.Funcs {
				if f.Global != global {
					continue
				}
				bind := elf.STB_LOCAL
				if global {
					bind = elf.STB_GLOBAL
				}
				funcSym[f.Name] = len(syms)
				s0, s1 := slots[i][f.Start], slots[i][f.Start+f.Len]
				syms = append(syms, symbol{name: f.Name, typ: elf.STT_FUNC, bind: bind, shndx: uint32(codeIdx[i]), value: 8 * uint64(s0), size: 8 * uint64(s1-s0)})
			}
		}
	}
	addFuncs(false)
	firstGlobal := len(syms)
	addFuncs(true)
	mapSym := make(map[string]int)
	for i, m := range obj.Maps {
		mapSym[m.Name] = len(syms)
		syms = append(syms, symbol{name: m.Name, typ: elf.STT_OBJECT, bind: elf.STB_GLOBAL, shndx: uint32(mapsIdx), value: uint64(mapOffs[i]), size: uint64(mapSizes[i])})
	}
	if licenseIdx >= 0 {
		syms = append(syms, symbol{name: "_license", typ: elf.STT_OBJECT, bind: elf.STB_GLOBAL, shndx: uint32(licenseIdx), size: uint64(len(obj.License) + 1)})
	}

	// Code and relocations.
	le := binary.LittleEndian
	for i, cs := range obj.Code {
		insns := append([]isa.Instruction(nil), cs.Insns...)
		var rels []byte
		done := make(map[int]bool)
		for _, rel := range cs.Relocs {
			at := fmt.Sprintf("section %s: instruction %d", cs.Name, rel.Index)
			if rel.Index < 0 || rel.Index >= len(insns) {
				return nil, fmt.Errorf("%s: relocation outside the section", at)
			}
			if done[rel.Index] {
				return nil, fmt.Errorf("%s: more than one relocation", at)
			}
			done[rel.Index] = true
			ins := &insns[rel.Index]
			var symIdx, typ int
			switch rel.Kind {
			case elfobj.RelocMap:
				if !ins.IsLoadImm64() {
					return nil, fmt.Errorf("%s: map relocation on an instruction that is not a 64-bit immediate load", at)
				}
				s, ok := mapSym[rel.Symbol]
				if !ok {
					return nil, fmt.Errorf("%s: relocation against unknown map %q", at, rel.Symbol)
				}
				ins.Src, ins.Constant = isa.PseudoNone, 0
				symIdx, typ = s, relBPF64_64
			case elfobj.RelocCall:
				if ins.OpCode != opCall || ins.Src != isa.CallLocal {
					return nil, fmt.Errorf("%s: call relocation on an instruction that is not a bpf-to-bpf call", at)
				}
				f, ok := funcs[rel.Symbol]
				if !ok {
					return nil, fmt.Errorf("%s: call to unknown function %q", at, rel.Symbol)
				}
				switch {
				case f.code == i:
					// A call inside one section needs no relocation;
					// clang resolves it too.
					ins.Constant = int64(f.slot - (slots[i][rel.Index] + 1))
					continue
				case obj.Code[f.code].Name != ".text":
					return nil, fmt.Errorf("%s: call to %s in section %s; loaders accept calls into other sections only if the target is in .text", at, rel.Symbol, obj.Code[f.code].Name)
				case f.global:
					symIdx, ins.Constant = funcSym[rel.Symbol], -1
				default:
					symIdx, ins.Constant = secSym[f.code], int64(f.slot-1)
				}
				typ = relBPF64_32
			case elfobj.RelocFunc:
				if !ins.IsLoadImm64() {
					return nil, fmt.Errorf("%s: function address relocation on an instruction that is not a 64-bit immediate load", at)
				}
				f, ok := funcs[rel.Symbol]
				if !ok {
					return nil, fmt.Errorf("%s: address of unknown function %q", at, rel.Symbol)
				}
				if obj.Code[f.code].Name != ".text" {
					return nil, fmt.Errorf("%s: address of %s in section %s; loaders accept function addresses only in .text", at, rel.Symbol, obj.Code[f.code].Name)
				}
				ins.Src, ins.Constant = isa.PseudoNone, int64(8*f.slot)
				symIdx, typ = secSym[f.code], relBPF64_64
			case elfobj.RelocMapValue:
				return nil, fmt.Errorf("%s: map value relocations are not supported", at)
			default:
				return nil, fmt.Errorf("%s: unknown relocation kind %d", at, rel.Kind)
			}
			var e [relSize]byte
			le.PutUint64(e[0:], 8*uint64(slots[i][rel.Index]))
			le.PutUint64(e[8:], uint64(symIdx)<<32|uint64(typ))
			rels = append(rels, e[:]...)
		}
		code, err := isa.Encode(insns)
		if err != nil {
			return nil, fmt.Errorf("section %s: %w", cs.Name, err)
		}
		secs[codeIdx[i]].data = code
		if relIdx[i] > 0 {
			secs[relIdx[i]].data = rels
			secs[relIdx[i]].link = uint32(symtabIdx)
		}
	}

	strs := newStrtab()
	secs[symtabIdx].data = encodeSymbols(syms, strs)
	secs[symtabIdx].link = uint32(strtabIdx)
	secs[symtabIdx].info = uint32(firstGlobal)
	return layout(secs, strs, strtabIdx), nil
}

// needsRelSection reports whether code section i has a relocation that
// is written to the file: every one but calls inside the section.
func needsRelSection(cs *elfobj.CodeSection, i int, funcs map[string]funcRef) bool {
	for _, rel := range cs.Relocs {
		if f, ok := funcs[rel.Symbol]; !ok || rel.Kind != elfobj.RelocCall || f.code != i {
			return true
		}
	}
	return false
}

// slotIndices returns the slot at which each instruction starts, and the
// total number of slots as the last element.
func slotIndices(insns []isa.Instruction) []int {
	s := make([]int, len(insns)+1)
	for i, ins := range insns {
		s[i+1] = s[i] + ins.Slots()
	}
	return s
}

// checkNames checks section, function and map names and function ranges,
// and returns where each function is.
func checkNames(obj *elfobj.Object) (map[string]funcRef, error) {
	secNames := make(map[string]bool)
	symNames := make(map[string]bool)
	funcs := make(map[string]funcRef)
	for i, cs := range obj.Code {
		switch {
		case cs == nil:
			return nil, fmt.Errorf("code section %d is nil", i)
		case cs.Name == "" || strings.IndexByte(cs.Name, 0) >= 0:
			return nil, fmt.Errorf("code section %d has a bad name %q", i, cs.Name)
		case reservedNames[cs.Name] || strings.HasPrefix(cs.Name, ".rel") || isDataSection(cs.Name):
			return nil, fmt.Errorf("code section %d has a reserved name %q", i, cs.Name)
		case secNames[cs.Name]:
			return nil, fmt.Errorf("section %s appears twice", cs.Name)
		case len(cs.Insns) == 0:
			return nil, fmt.Errorf("section %s has no instructions", cs.Name)
		}
		secNames[cs.Name] = true
		slots := slotIndices(cs.Insns)
		next := 0
		for _, f := range cs.Funcs {
			if f.Name == "" || strings.IndexByte(f.Name, 0) >= 0 || symNames[f.Name] || f.Name == "_license" {
				return nil, fmt.Errorf("section %s: bad or duplicate function name %q", cs.Name, f.Name)
			}
			symNames[f.Name] = true
			if f.Start != next || f.Len <= 0 || f.Len > len(cs.Insns)-f.Start {
				return nil, fmt.Errorf("section %s: function %s covers instructions %d to %d, want it to start at %d and end inside the section", cs.Name, f.Name, f.Start, f.Start+f.Len-1, next)
			}
			next = f.Start + f.Len
			funcs[f.Name] = funcRef{code: i, start: f.Start, slot: slots[f.Start], global: f.Global}
		}
		if next != len(cs.Insns) {
			return nil, fmt.Errorf("section %s: instructions %d to %d belong to no function", cs.Name, next, len(cs.Insns)-1)
		}
	}
	for i, m := range obj.Maps {
		if m == nil {
			return nil, fmt.Errorf("map %d is nil", i)
		}
		if m.Name == "" || strings.IndexByte(m.Name, 0) >= 0 || symNames[m.Name] || m.Name == "_license" {
			return nil, fmt.Errorf("bad or duplicate map name %q", m.Name)
		}
		symNames[m.Name] = true
		if m.Inner != nil && strings.IndexByte(m.Inner.Name, 0) >= 0 {
			return nil, fmt.Errorf("map %q: bad inner map name %q", m.Name, m.Inner.Name)
		}
	}
	for i, x := range obj.Extra {
		switch {
		case x == nil:
			return nil, fmt.Errorf("extra section %d is nil", i)
		case x.Name == "" || strings.IndexByte(x.Name, 0) >= 0:
			return nil, fmt.Errorf("extra section has a bad name %q", x.Name)
		case reservedNames[x.Name] || strings.HasPrefix(x.Name, ".rel") || strings.HasPrefix(x.Name, ".debug") ||
			strings.HasPrefix(x.Name, ".note") || isDataSection(x.Name):
			return nil, fmt.Errorf("extra section has a reserved name %q", x.Name)
		case secNames[x.Name]:
			return nil, fmt.Errorf("section %s appears twice", x.Name)
		case len(x.Data) == 0:
			return nil, fmt.Errorf("extra section %s is empty", x.Name)
		}
		secNames[x.Name] = true
	}
	return funcs, nil
}

// isDataSection reports whether name is a global data section, which
// loaders turn into an array map.
func isDataSection(name string) bool {
	for _, p := range []string{".data", ".rodata", ".bss"} {
		if name == p || strings.HasPrefix(name, p+".") {
			return true
		}
	}
	return false
}
