package elfobj

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"sort"
)

// symbol is one entry of the ELF symbol table.
type symbol struct {
	name  string
	typ   uint8 // STT_*
	bind  uint8 // STB_*
	shndx uint16
	value uint64
	size  uint64
}

// Symbol types and bindings used here.
const (
	stNoType  = uint8(elf.STT_NOTYPE)
	stObject  = uint8(elf.STT_OBJECT)
	stFunc    = uint8(elf.STT_FUNC)
	stSection = uint8(elf.STT_SECTION)
	sbLocal   = uint8(elf.STB_LOCAL)
	sbGlobal  = uint8(elf.STB_GLOBAL)
	sbWeak    = uint8(elf.STB_WEAK)
)

const symSize = 24 // sizeof(Elf64_Sym)

// readSymbols decodes the symbol table; index 0 is the null symbol.
func (r *reader) readSymbols() error {
	idx := -1
	for i, s := range r.f.Sections {
		if s.Type == elf.SHT_SYMTAB {
			if idx >= 0 {
				return fmt.Errorf("more than one symbol table")
			}
			idx = i
		}
	}
	if idx < 0 {
		return nil
	}
	sec := r.f.Sections[idx]
	raw, err := r.data(idx)
	if err != nil {
		return err
	}
	if len(raw)%symSize != 0 {
		return fmt.Errorf("section %s: size %d is not a multiple of %d", sec.Name, len(raw), symSize)
	}
	if sec.Link == 0 || int(sec.Link) >= len(r.f.Sections) || r.f.Sections[sec.Link].Type != elf.SHT_STRTAB {
		return fmt.Errorf("section %s: link %d is not a string table", sec.Name, sec.Link)
	}
	strs, err := r.data(int(sec.Link))
	if err != nil {
		return err
	}
	le := binary.LittleEndian
	r.syms = make([]symbol, len(raw)/symSize)
	r.bySection = make(map[uint16][]*symbol)
	for i := range r.syms {
		e := raw[i*symSize:]
		nameOff := le.Uint32(e)
		if uint64(nameOff) >= uint64(len(strs)) && nameOff != 0 {
			return fmt.Errorf("section %s: symbol %d: name offset out of bounds", sec.Name, i)
		}
		var name string
		if uint64(nameOff) < uint64(len(strs)) {
			n := bytes.IndexByte(strs[nameOff:], 0)
			if n < 0 {
				return fmt.Errorf("section %s: symbol %d: name not terminated", sec.Name, i)
			}
			name = string(strs[nameOff : int(nameOff)+n])
		}
		r.syms[i] = symbol{
			name:  name,
			typ:   e[4] & 0xf,
			bind:  e[4] >> 4,
			shndx: le.Uint16(e[6:]),
			value: le.Uint64(e[8:]),
			size:  le.Uint64(e[16:]),
		}
		if i > 0 {
			r.bySection[r.syms[i].shndx] = append(r.bySection[r.syms[i].shndx], &r.syms[i])
		}
	}
	return nil
}

// sortSymbols sorts symbols by value, then name, for a deterministic order.
func sortSymbols(syms []*symbol) {
	sort.SliceStable(syms, func(i, j int) bool {
		if syms[i].value != syms[j].value {
			return syms[i].value < syms[j].value
		}
		return syms[i].name < syms[j].name
	})
}
