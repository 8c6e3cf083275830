package elfobj

import (
	"debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"

	"vep/internal/isa"
)

// BPF relocation types (the ELF psABI of the BPF target).
const (
	// relBPF64_64 patches the 64-bit immediate of an lddw.
	relBPF64_64 = 1
	// relBPF64_32 patches the immediate of a bpf-to-bpf call.
	relBPF64_32 = 10
)

const relEntSize = 16 // sizeof(Elf64_Rel)

// opCall is the opcode of call instructions.
var opCall = isa.JumpOpCode(isa.ClassJMP, isa.JumpCall, isa.SourceK)

// readRelocations reads the relocation sections of code sections.
// Relocation sections for BTF and debugging information are ignored;
// relocations in map sections (initial values of map-in-map or program
// arrays) are not supported.
func (r *reader) readRelocations() error {
	for i, s := range r.f.Sections {
		if s.Type != elf.SHT_REL && s.Type != elf.SHT_RELA {
			continue
		}
		if s.Info == 0 || uint64(s.Info) >= uint64(len(r.f.Sections)) {
			return fmt.Errorf("section %s: relocation target section %d does not exist", s.Name, s.Info)
		}
		target := r.f.Sections[s.Info]
		raw, err := r.data(i)
		if err != nil {
			return err
		}
		cs, isCode := r.code[int(s.Info)]
		switch {
		case isCode:
			if s.Type == elf.SHT_RELA {
				return fmt.Errorf("section %s: RELA relocations are not used by the BPF target", s.Name)
			}
			if err := r.codeRelocs(s.Name, raw, cs); err != nil {
				return err
			}
		case len(raw) == 0:
		case target.Flags&elf.SHF_EXECINSTR != 0:
			return fmt.Errorf("section %s: relocations against empty code section %s", s.Name, target.Name)
		case target.Name == ".maps" || target.Name == "maps":
			return fmt.Errorf("section %s: map initial values (relocations in %s) are not supported", s.Name, target.Name)
		}
	}
	for _, cs := range r.codeOrder {
		if err := r.localCalls(cs); err != nil {
			return err
		}
		sec := cs.sec
		sort.Slice(sec.Relocs, func(i, j int) bool { return sec.Relocs[i].Index < sec.Relocs[j].Index })
	}
	return nil
}

// localCalls gives every bpf-to-bpf call without a relocation (clang
// resolves calls inside one section itself) a RelocCall to the function that
// starts at its target, so that every local call of the object is named by a
// relocation.
func (r *reader) localCalls(cs *codeState) error {
	relocated := make(map[int]bool, len(cs.sec.Relocs))
	for _, rel := range cs.sec.Relocs {
		relocated[rel.Index] = true
	}
	for k := range cs.sec.Insns {
		ins := &cs.sec.Insns[k]
		if relocated[k] || ins.OpCode != opCall || ins.Src != isa.CallLocal {
			continue
		}
		target := int64(cs.slot[k]) + 1 + ins.Constant
		if target < 0 || target >= int64(len(cs.elem)) {
			return fmt.Errorf("section %s: instruction %d: call target outside the section", cs.sec.Name, k)
		}
		name, err := funcAtSlot(cs, uint64(target), true)
		if err != nil {
			return fmt.Errorf("section %s: instruction %d: call: %w", cs.sec.Name, k, err)
		}
		ins.Constant = -1
		cs.sec.Relocs = append(cs.sec.Relocs, Reloc{Index: k, Kind: RelocCall, Symbol: name})
	}
	return nil
}

// codeRelocs decodes the relocation entries raw of section relName, which
// apply to the code section cs.
func (r *reader) codeRelocs(relName string, raw []byte, cs *codeState) error {
	if len(raw)%relEntSize != 0 {
		return fmt.Errorf("section %s: size %d is not a multiple of %d", relName, len(raw), relEntSize)
	}
	le := binary.LittleEndian
	done := make(map[int]bool)
	nslots := uint64(len(cs.elem) - 1)
	for e := 0; e < len(raw); e += relEntSize {
		off, info := le.Uint64(raw[e:]), le.Uint64(raw[e+8:])
		if off%8 != 0 || off/8 >= nslots {
			return fmt.Errorf("section %s: relocation %d: offset %d is misaligned or outside section %s", relName, e/relEntSize, off, cs.sec.Name)
		}
		k := cs.elem[off/8]
		if k < 0 {
			return fmt.Errorf("section %s: relocation %d: offset %d is inside a 64-bit immediate load", relName, e/relEntSize, off)
		}
		if done[k] {
			return fmt.Errorf("section %s: instruction %d: more than one relocation", cs.sec.Name, k)
		}
		done[k] = true
		symIdx, typ := info>>32, uint32(info)
		if symIdx == 0 || symIdx >= uint64(len(r.syms)) {
			return fmt.Errorf("section %s: instruction %d: relocation symbol %d out of range", cs.sec.Name, k, symIdx)
		}
		rel, err := r.resolve(&cs.sec.Insns[k], &r.syms[symIdx], typ)
		if err != nil {
			return fmt.Errorf("section %s: instruction %d: %w", cs.sec.Name, k, err)
		}
		rel.Index = k
		cs.sec.Relocs = append(cs.sec.Relocs, rel)
	}
	return nil
}

// resolve interprets one relocation of type typ against sym on ins and
// rewrites ins to the canonical form documented on Read.
func (r *reader) resolve(ins *isa.Instruction, sym *symbol, typ uint32) (Reloc, error) {
	if sym.shndx == uint16(elf.SHN_UNDEF) {
		return Reloc{}, fmt.Errorf("reference to extern symbol %q is not supported", sym.name)
	}
	if uint64(sym.shndx) >= uint64(len(r.f.Sections)) {
		return Reloc{}, fmt.Errorf("symbol %q has special section index %#x", sym.name, sym.shndx)
	}
	tname := r.f.Sections[sym.shndx].Name
	tcs, toCode := r.code[int(sym.shndx)]
	switch typ {
	case relBPF64_64:
		if !ins.IsLoadImm64() {
			return Reloc{}, errors.New("R_BPF_64_64 relocation on an instruction that is not a 64-bit immediate load")
		}
		switch {
		case tname == ".maps" || tname == "maps":
			return r.resolveMap(ins, sym)
		case toCode:
			return r.resolveFuncAddr(ins, sym, tcs)
		case isDataSection(tname):
			return Reloc{}, fmt.Errorf("reference to global data section %s is not supported", tname)
		default:
			return Reloc{}, fmt.Errorf("R_BPF_64_64 relocation against %s, want a map or a function", r.symName(sym))
		}
	case relBPF64_32:
		if ins.OpCode != opCall || ins.Src != isa.CallLocal {
			return Reloc{}, errors.New("R_BPF_64_32 relocation on an instruction that is not a bpf-to-bpf call")
		}
		if !toCode {
			return Reloc{}, fmt.Errorf("call through %s, which holds no code", r.symName(sym))
		}
		return r.resolveCall(ins, sym, tcs)
	default:
		return Reloc{}, fmt.Errorf("unsupported relocation type %d", typ)
	}
}

// resolveMap handles a map load. Like cilium/ebpf, it requires a global
// symbol for the map; loaders rewrite the source to isa.PseudoMapFD.
func (r *reader) resolveMap(ins *isa.Instruction, sym *symbol) (Reloc, error) {
	if sym.bind != sbGlobal || (sym.typ != stObject && sym.typ != stNoType) {
		return Reloc{}, fmt.Errorf("map reference through %s, want a global object symbol (static maps are not supported)", r.symName(sym))
	}
	name, ok := r.mapAt[secOff{int(sym.shndx), sym.value}]
	if !ok || name != sym.name {
		return Reloc{}, fmt.Errorf("%s is not a map definition", r.symName(sym))
	}
	if ins.Src != isa.PseudoNone && ins.Src != isa.PseudoMapFD {
		return Reloc{}, fmt.Errorf("load of map %q with source %d, want 0 or %d", sym.name, ins.Src, isa.PseudoMapFD)
	}
	if ins.Constant != 0 {
		return Reloc{}, fmt.Errorf("load of map %q with non-zero immediate %#x", sym.name, ins.Constant)
	}
	ins.Src = isa.PseudoMapFD
	return Reloc{Kind: RelocMap, Symbol: name}, nil
}

// resolveFuncAddr handles the load of a function address (a callback), which
// clang spells as the section symbol plus the byte offset in the immediate.
func (r *reader) resolveFuncAddr(ins *isa.Instruction, sym *symbol, tcs *codeState) (Reloc, error) {
	if sym.typ != stSection || sym.bind != sbLocal || sym.value != 0 {
		// Loaders disagree on the meaning of a section symbol's value,
		// so only 0 is accepted.
		return Reloc{}, fmt.Errorf("function address load through %s, want a section symbol with value 0", r.symName(sym))
	}
	if ins.Src != isa.PseudoNone && ins.Src != isa.PseudoFunc {
		return Reloc{}, fmt.Errorf("function address load with source %d, want 0 or %d", ins.Src, isa.PseudoFunc)
	}
	if ins.Constant < 0 || ins.Constant >= 1<<32 {
		return Reloc{}, fmt.Errorf("function address load with bad offset %#x", ins.Constant)
	}
	off := uint64(ins.Constant)
	name, err := funcAtSlot(tcs, off/8, off%8 == 0)
	if err != nil {
		return Reloc{}, err
	}
	ins.Src, ins.Constant = isa.PseudoFunc, 0
	return Reloc{Kind: RelocFunc, Symbol: name}, nil
}

// resolveCall handles a bpf-to-bpf call, through the global function symbol
// (immediate -1) or through the section symbol with the target's slot minus
// one in the immediate, as clang emits for static functions.
func (r *reader) resolveCall(ins *isa.Instruction, sym *symbol, tcs *codeState) (Reloc, error) {
	var slot int64
	switch {
	case sym.typ == stFunc && (sym.bind == sbGlobal || sym.bind == sbWeak):
		if ins.Constant != -1 {
			return Reloc{}, fmt.Errorf("call through function symbol %q with immediate %d, want -1", sym.name, ins.Constant)
		}
		if sym.value%8 != 0 || sym.value/8 >= uint64(len(tcs.elem)) {
			return Reloc{}, fmt.Errorf("function symbol %q has a bad offset", sym.name)
		}
		slot = int64(sym.value / 8)
	case sym.typ == stSection && sym.bind == sbLocal:
		if sym.value != 0 {
			// Loaders disagree on the meaning of a section symbol's
			// value, so only 0 is accepted.
			return Reloc{}, fmt.Errorf("call through %s with value %d, want 0", r.symName(sym), sym.value)
		}
		slot = ins.Constant + 1
	default:
		return Reloc{}, fmt.Errorf("call through %s, want a global function or a section symbol", r.symName(sym))
	}
	if slot < 0 || slot >= int64(len(tcs.elem)) {
		return Reloc{}, fmt.Errorf("call target outside section %s", tcs.sec.Name)
	}
	name, err := funcAtSlot(tcs, uint64(slot), true)
	if err != nil {
		return Reloc{}, err
	}
	if sym.typ == stFunc && name != sym.name {
		return Reloc{}, fmt.Errorf("function symbol %q does not start a function", sym.name)
	}
	ins.Constant = -1
	return Reloc{Kind: RelocCall, Symbol: name}, nil
}

// funcAtSlot returns the name of the function of tcs that starts at slot.
func funcAtSlot(tcs *codeState, slot uint64, aligned bool) (string, error) {
	if aligned && slot < uint64(len(tcs.elem)) {
		if k := tcs.elem[slot]; k >= 0 {
			if name, ok := tcs.funcAt[k]; ok {
				return name, nil
			}
		}
	}
	return "", fmt.Errorf("no function starts at byte offset %d of section %s", slot*8, tcs.sec.Name)
}

// symName describes a symbol for error messages.
func (r *reader) symName(sym *symbol) string {
	bind := map[uint8]string{sbLocal: "local", sbGlobal: "global", sbWeak: "weak"}[sym.bind]
	if bind == "" {
		bind = fmt.Sprintf("binding-%d", sym.bind)
	}
	kind := map[uint8]string{stNoType: "untyped", stObject: "object", stFunc: "function", stSection: "section"}[sym.typ]
	if kind == "" {
		kind = fmt.Sprintf("type-%d", sym.typ)
	}
	where := ""
	if uint64(sym.shndx) < uint64(len(r.f.Sections)) && sym.shndx != 0 {
		where = " in section " + r.f.Sections[sym.shndx].Name
	}
	if sym.typ == stSection {
		return fmt.Sprintf("the %s section symbol%s", bind, where)
	}
	return fmt.Sprintf("%s %s symbol %q%s", bind, kind, sym.name, where)
}
