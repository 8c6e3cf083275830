package elfobj

import (
	"bytes"
	"debug/elf"
	"fmt"
	"strings"

	"vep/internal/isa"
)

// MaxObjectSize is the largest object Read accepts, in bytes.
const MaxObjectSize = 64 << 20

// secOff names a byte offset inside a section.
type secOff struct {
	shndx int
	off   uint64
}

// reader holds the state of one Read.
type reader struct {
	b     []byte
	f     *elf.File
	obj   *Object
	syms  []symbol
	names map[string]bool // function and map names, which must be unique
	// mapAt maps the section and offset of a map definition to its name.
	mapAt map[secOff]string
	// code maps section indices of code sections to their state.
	code map[int]*codeState
	// codeOrder lists the code sections in file order, like Object.Code.
	codeOrder []*codeState
	// bySection lists the symbols of each section index, in table order.
	bySection map[uint16][]*symbol
}

// codeState is a code section being read.
type codeState struct {
	sec *CodeSection
	// elem[i] is the instruction index that starts at 8-byte slot i, or -1
	// for the second slot of a 64-bit immediate load; elem[nslots] is
	// len(Insns).
	elem []int
	// slot[i] is the slot at which instruction i starts.
	slot []int
	// funcAt maps the start index of each function to its name.
	funcAt map[int]string
}

// Read decodes an eBPF ELF relocatable object (ELF64, little-endian,
// EM_BPF) as clang -target bpf or vep's writer produce it.
//
// Relocated instructions are returned in a canonical form that does not
// depend on how the file spells the relocation: a map load has source
// isa.PseudoMapFD and Constant 0, a bpf-to-bpf call has Constant -1 and a
// function address load has source isa.PseudoFunc and Constant 0. Every
// bpf-to-bpf call has a RelocCall: a call that clang resolved inside its
// section, without a relocation, gets one naming the function at its target
// (which must be the start of a function).
//
// Read returns an error, naming the section and instruction index where
// there is one, for malformed input and for features vep does not model:
// global data sections (.data, .rodata, .bss) referenced by code, extern
// symbols, map definitions with initial values or unknown members, and
// relocations whose meaning differs between loaders.
func Read(b []byte) (*Object, error) {
	obj, err := read(b)
	if err != nil {
		return nil, fmt.Errorf("elfobj: %w", err)
	}
	return obj, nil
}

func read(b []byte) (*Object, error) {
	if len(b) > MaxObjectSize {
		return nil, fmt.Errorf("object of %d bytes exceeds the limit of %d", len(b), MaxObjectSize)
	}
	f, err := elf.NewFile(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	switch {
	case f.Class != elf.ELFCLASS64:
		return nil, fmt.Errorf("ELF class %v, want ELFCLASS64", f.Class)
	case f.Data != elf.ELFDATA2LSB:
		return nil, fmt.Errorf("ELF data encoding %v, want little-endian", f.Data)
	case f.Type != elf.ET_REL:
		return nil, fmt.Errorf("ELF type %v, want a relocatable object", f.Type)
	case f.Machine != elf.EM_BPF:
		return nil, fmt.Errorf("ELF machine %v, want EM_BPF", f.Machine)
	}
	r := &reader{
		b:     b,
		f:     f,
		obj:   &Object{},
		names: make(map[string]bool),
		mapAt: make(map[secOff]string),
		code:  make(map[int]*codeState),
	}
	if err := r.readSymbols(); err != nil {
		return nil, err
	}
	if err := r.readSections(); err != nil {
		return nil, err
	}
	if err := r.readRelocations(); err != nil {
		return nil, err
	}
	if err := r.checkUnrelocated(); err != nil {
		return nil, err
	}
	return r.obj, nil
}

// data returns the contents of section i, checked against the file.
func (r *reader) data(i int) ([]byte, error) {
	s := r.f.Sections[i]
	if s.Type == elf.SHT_NOBITS || s.Type == elf.SHT_NULL {
		return nil, nil
	}
	if s.Flags&elf.SHF_COMPRESSED != 0 {
		return nil, fmt.Errorf("section %s: compressed sections are not supported", s.Name)
	}
	if s.Offset > uint64(len(r.b)) || s.FileSize > uint64(len(r.b))-s.Offset {
		return nil, fmt.Errorf("section %s: contents lie outside the file", s.Name)
	}
	return r.b[s.Offset : s.Offset+s.FileSize], nil
}

// sectionIndex returns the index of the section with the given name, or -1.
func (r *reader) sectionIndex(name string) int {
	for i, s := range r.f.Sections {
		if s.Name == name && s.Type != elf.SHT_NULL {
			return i
		}
	}
	return -1
}

// isDataSection reports whether name is a global data section that loaders
// turn into an array map.
func isDataSection(name string) bool {
	for _, p := range []string{".data", ".rodata", ".bss"} {
		if name == p || strings.HasPrefix(name, p+".") {
			return true
		}
	}
	return false
}

// isStandardSection reports whether a section is ELF, BTF or debugging
// bookkeeping that the object model does not keep.
func isStandardSection(s *elf.Section) bool {
	switch s.Type {
	case elf.SHT_NULL, elf.SHT_SYMTAB, elf.SHT_STRTAB, elf.SHT_REL, elf.SHT_RELA,
		elf.SHT_NOBITS, elf.SHT_GROUP, shtLLVMAddrsig:
		return true
	}
	switch s.Name {
	case ".BTF", ".BTF.ext", ".comment", "version", ".llvm_addrsig", ".eh_frame":
		return true
	}
	return strings.HasPrefix(s.Name, ".debug") || strings.HasPrefix(s.Name, ".note")
}

// readSections reads code, maps, license and extra sections in file order.
func (r *reader) readSections() error {
	seen := make(map[string]bool)
	for i, s := range r.f.Sections {
		if s.Type == elf.SHT_NULL {
			continue
		}
		isCode := s.Type == elf.SHT_PROGBITS && s.Flags&elf.SHF_EXECINSTR != 0
		kept := isCode || s.Name == ".maps" || s.Name == "maps" || s.Name == "license"
		if kept && s.Size > 0 {
			if seen[s.Name] {
				return fmt.Errorf("section %s appears twice", s.Name)
			}
			seen[s.Name] = true
		}
		switch {
		case isCode:
			if s.Size == 0 {
				continue
			}
			if err := r.codeSection(i); err != nil {
				return err
			}
		case s.Name == ".maps":
			if err := r.btfMaps(i); err != nil {
				return err
			}
		case s.Name == "maps":
			if err := r.legacyMaps(i); err != nil {
				return err
			}
		case s.Name == "license":
			d, err := r.data(i)
			if err != nil {
				return err
			}
			if n := bytes.IndexByte(d, 0); n >= 0 {
				d = d[:n]
			}
			r.obj.License = string(d)
		case isDataSection(s.Name) || isStandardSection(s):
		default:
			d, err := r.data(i)
			if err != nil {
				return err
			}
			if len(d) == 0 {
				continue
			}
			if seen[s.Name] {
				return fmt.Errorf("section %s appears twice", s.Name)
			}
			seen[s.Name] = true
			r.obj.Extra = append(r.obj.Extra, &RawSection{Name: s.Name, Data: bytes.Clone(d)})
		}
	}
	return nil
}

// codeSection decodes the code section with index i and its functions.
func (r *reader) codeSection(i int) error {
	s := r.f.Sections[i]
	raw, err := r.data(i)
	if err != nil {
		return err
	}
	if len(raw)%8 != 0 {
		return fmt.Errorf("section %s: size %d is not a multiple of 8", s.Name, len(raw))
	}
	insns, err := isa.Decode(raw)
	if err != nil {
		return fmt.Errorf("section %s: %w", s.Name, err)
	}
	cs := &codeState{
		sec:    &CodeSection{Name: s.Name, Insns: insns},
		elem:   make([]int, len(raw)/8+1),
		slot:   make([]int, len(insns)+1),
		funcAt: make(map[int]string),
	}
	slot := 0
	for k, ins := range insns {
		cs.slot[k] = slot
		cs.elem[slot] = k
		if ins.Slots() == 2 {
			if slot+1 >= len(raw)/8 {
				return fmt.Errorf("section %s: instruction %d: truncated 64-bit immediate load", s.Name, k)
			}
			cs.elem[slot+1] = -1
		}
		slot += ins.Slots()
	}
	if slot != len(raw)/8 {
		return fmt.Errorf("section %s: decoded %d slots of %d", s.Name, slot, len(raw)/8)
	}
	cs.slot[len(insns)] = slot
	cs.elem[slot] = len(insns)

	var funcs []*symbol
	for _, sym := range r.bySection[uint16(i)] {
		if sym.typ == stFunc {
			funcs = append(funcs, sym)
		}
	}
	sortSymbols(funcs)
	next := 0 // next expected start index: functions must tile the section
	for _, fs := range funcs {
		if fs.name == "" {
			return fmt.Errorf("section %s: function symbol without a name", s.Name)
		}
		if fs.value%8 != 0 || fs.size%8 != 0 || fs.size == 0 ||
			fs.value > uint64(len(raw)) || fs.size > uint64(len(raw))-fs.value {
			return fmt.Errorf("section %s: function %s has a bad range (offset %d, size %d)", s.Name, fs.name, fs.value, fs.size)
		}
		start, end := cs.elem[fs.value/8], cs.elem[(fs.value+fs.size)/8]
		if start < 0 || end < 0 {
			return fmt.Errorf("section %s: function %s starts or ends inside a 64-bit immediate load", s.Name, fs.name)
		}
		if start != next {
			return fmt.Errorf("section %s: function %s starts at instruction %d, want %d (functions must cover the section without overlap)", s.Name, fs.name, start, next)
		}
		next = end
		if r.names[fs.name] {
			return fmt.Errorf("section %s: symbol %q defined twice", s.Name, fs.name)
		}
		r.names[fs.name] = true
		cs.sec.Funcs = append(cs.sec.Funcs, Func{
			Name:   fs.name,
			Start:  start,
			Len:    end - start,
			Global: fs.bind != sbLocal,
		})
		cs.funcAt[start] = fs.name
	}
	if next != len(insns) {
		return fmt.Errorf("section %s: instructions %d to %d belong to no function", s.Name, next, len(insns)-1)
	}
	r.code[i] = cs
	r.codeOrder = append(r.codeOrder, cs)
	r.obj.Code = append(r.obj.Code, cs.sec)
	return nil
}

// checkUnrelocated rejects map and function address loads that no
// relocation resolves: their immediate would be a meaningless file
// descriptor, index or offset.
func (r *reader) checkUnrelocated() error {
	for _, sec := range r.obj.Code {
		relocated := make(map[int]bool, len(sec.Relocs))
		for _, rel := range sec.Relocs {
			relocated[rel.Index] = true
		}
		for k, ins := range sec.Insns {
			if !ins.IsLoadImm64() || relocated[k] {
				continue
			}
			switch ins.Src {
			case isa.PseudoMapFD, isa.PseudoMapValue, isa.PseudoMapIdx, isa.PseudoMapIdxVal:
				return fmt.Errorf("section %s: instruction %d: map load without relocation", sec.Name, k)
			case isa.PseudoFunc:
				return fmt.Errorf("section %s: instruction %d: function address load without relocation", sec.Name, k)
			}
		}
	}
	return nil
}

// shtLLVMAddrsig is the type of LLVM's .llvm_addrsig section.
const shtLLVMAddrsig = elf.SectionType(0x6fff4c03)
