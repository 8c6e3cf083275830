package elfwrite

import (
	"debug/elf"
	"encoding/binary"
)

// This file lays out an ELF64 little-endian relocatable file from a list of
// sections and symbols.

const (
	ehdrSize = 64 // sizeof(Elf64_Ehdr)
	shdrSize = 64 // sizeof(Elf64_Shdr)
	symSize  = 24 // sizeof(Elf64_Sym)
	relSize  = 16 // sizeof(Elf64_Rel)
)

// section is one section to write. Index 0 of the list is the null section.
type section struct {
	name    string
	typ     elf.SectionType
	flags   elf.SectionFlag
	data    []byte
	link    uint32
	info    uint32
	align   uint64
	entsize uint64
}

// symbol is one symbol table entry.
type symbol struct {
	name  string
	typ   elf.SymType
	bind  elf.SymBind
	shndx uint32
	value uint64
	size  uint64
}

// strtab builds a string table with deduplicated entries.
type strtab struct {
	data []byte
	off  map[string]uint32
}

func newStrtab() *strtab { return &strtab{data: []byte{0}, off: map[string]uint32{"": 0}} }

// add returns the offset of s, adding it if needed.
func (t *strtab) add(s string) uint32 {
	if o, ok := t.off[s]; ok {
		return o
	}
	o := uint32(len(t.data))
	t.data = append(append(t.data, s...), 0)
	t.off[s] = o
	return o
}

// encodeSymbols returns the contents of .symtab.
func encodeSymbols(syms []symbol, strs *strtab) []byte {
	le := binary.LittleEndian
	out := make([]byte, 0, symSize*len(syms))
	for _, s := range syms {
		var e [symSize]byte
		le.PutUint32(e[0:], strs.add(s.name))
		e[4] = elf.ST_INFO(s.bind, s.typ)
		le.PutUint16(e[6:], uint16(s.shndx))
		le.PutUint64(e[8:], s.value)
		le.PutUint64(e[16:], s.size)
		out = append(out, e[:]...)
	}
	return out
}

// layout encodes the file: header, section contents in order, then the
// section header table. shstrndx is the index of the section-name table,
// whose data is taken from names after every name has been added.
func layout(secs []section, names *strtab, shstrndx int) []byte {
	le := binary.LittleEndian
	nameOffs := make([]uint32, len(secs))
	for i, s := range secs {
		nameOffs[i] = names.add(s.name)
	}
	secs[shstrndx].data = names.data

	out := make([]byte, ehdrSize)
	offs := make([]uint64, len(secs))
	for i, s := range secs {
		if i == 0 {
			continue
		}
		if a := s.align; a > 1 {
			for uint64(len(out))%a != 0 {
				out = append(out, 0)
			}
		}
		offs[i] = uint64(len(out))
		out = append(out, s.data...)
	}
	for len(out)%8 != 0 {
		out = append(out, 0)
	}
	shoff := uint64(len(out))
	for i, s := range secs {
		var h [shdrSize]byte
		if i > 0 {
			le.PutUint32(h[0:], nameOffs[i])
			le.PutUint32(h[4:], uint32(s.typ))
			le.PutUint64(h[8:], uint64(s.flags))
			le.PutUint64(h[24:], offs[i])
			le.PutUint64(h[32:], uint64(len(s.data)))
			le.PutUint32(h[40:], s.link)
			le.PutUint32(h[44:], s.info)
			le.PutUint64(h[48:], s.align)
			le.PutUint64(h[56:], s.entsize)
		}
		out = append(out, h[:]...)
	}

	h := out[:ehdrSize]
	copy(h, []byte{0x7f, 'E', 'L', 'F', byte(elf.ELFCLASS64), byte(elf.ELFDATA2LSB), byte(elf.EV_CURRENT)})
	le.PutUint16(h[16:], uint16(elf.ET_REL))
	le.PutUint16(h[18:], uint16(elf.EM_BPF))
	le.PutUint32(h[20:], uint32(elf.EV_CURRENT))
	le.PutUint64(h[40:], shoff)
	le.PutUint16(h[52:], ehdrSize)
	le.PutUint16(h[58:], shdrSize)
	le.PutUint16(h[60:], uint16(len(secs)))
	le.PutUint16(h[62:], uint16(shstrndx))
	return out
}
