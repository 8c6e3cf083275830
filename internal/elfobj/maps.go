package elfobj

import (
	"encoding/binary"
	"fmt"
	"sort"
)

// legacyMapDefSize is the size of the legacy struct bpf_map_def with its five
// 4-byte fields: type, key_size, value_size, max_entries, map_flags.
const legacyMapDefSize = 20

// maxLegacyMapDefSize bounds the symbol size of a legacy map definition;
// bytes after the five known fields must be zero.
const maxLegacyMapDefSize = 256

// btfMapDef decodes the BTF map definition struct with the given type id,
// in the style of libbpf's __uint, __type and __array macros. inner reports
// whether it is the inner-map template of a map-in-map.
func (s *btfSpec) btfMapDef(name string, structID uint32, inner bool) (*Map, error) {
	_, st, err := s.skipMods(structID)
	if err != nil {
		return nil, err
	}
	if st.kind != btfStruct {
		return nil, fmt.Errorf("definition is not a struct (BTF kind %d)", st.kind)
	}
	m := &Map{Name: name}
	seen := make(map[string]bool)
	hasValues := false
	for i, mem := range st.members {
		if seen[mem.name] {
			return nil, fmt.Errorf("member %q given twice", mem.name)
		}
		seen[mem.name] = true
		switch mem.name {
		case "type", "max_entries", "map_flags", "key_size", "value_size":
			v, err := s.uintMember(mem.typ)
			if err != nil {
				return nil, fmt.Errorf("member %q: %w", mem.name, err)
			}
			switch mem.name {
			case "type":
				m.Type = v
			case "max_entries":
				m.MaxEntries = v
			case "map_flags":
				m.Flags = v
			case "key_size":
				m.KeySize = v
			case "value_size":
				m.ValueSize = v
			}
		case "key", "value":
			v, err := s.typeMember(mem.typ)
			if err != nil {
				return nil, fmt.Errorf("member %q: %w", mem.name, err)
			}
			if mem.name == "key" {
				m.KeySize = v
			} else {
				m.ValueSize = v
			}
		case "values":
			if i != len(st.members)-1 {
				return nil, fmt.Errorf("member \"values\" must be the last member")
			}
			if inner {
				return nil, fmt.Errorf("nested inner maps are not supported")
			}
			if m.Type != MapArrayOfMaps && m.Type != MapHashOfMaps {
				return nil, fmt.Errorf("member \"values\" on map type %d, want an array or hash of maps", m.Type)
			}
			innerID, innerName, err := s.valuesMember(mem.typ)
			if err != nil {
				return nil, fmt.Errorf("member \"values\": %w", err)
			}
			if m.Inner, err = s.btfMapDef(innerName, innerID, true); err != nil {
				return nil, fmt.Errorf("inner map: %w", err)
			}
			hasValues = true
		default:
			return nil, fmt.Errorf("unsupported member %q", mem.name)
		}
	}
	if seen["key"] && seen["key_size"] || seen["value"] && seen["value_size"] {
		return nil, fmt.Errorf("both a type and a size given for key or value")
	}
	if hasValues {
		if m.ValueSize != 0 && m.ValueSize != 4 {
			return nil, fmt.Errorf("map-in-map value size %d, want 4", m.ValueSize)
		}
		m.ValueSize = 4
	}
	return m, nil
}

// uintMember decodes a member declared with __uint(name, v): a pointer to an
// array of v elements.
func (s *btfSpec) uintMember(id uint32) (uint32, error) {
	_, p, err := s.skipMods(id)
	if err != nil {
		return 0, err
	}
	if p.kind != btfPtr {
		return 0, fmt.Errorf("not a pointer to an array (BTF kind %d)", p.kind)
	}
	_, a, err := s.skipMods(p.ref)
	if err != nil {
		return 0, err
	}
	if a.kind != btfArray {
		return 0, fmt.Errorf("not a pointer to an array (points to BTF kind %d)", a.kind)
	}
	return a.nelems, nil
}

// typeMember decodes a member declared with __type(name, T): a pointer to
// T. It returns the size of T.
func (s *btfSpec) typeMember(id uint32) (uint32, error) {
	_, p, err := s.skipMods(id)
	if err != nil {
		return 0, err
	}
	if p.kind != btfPtr {
		return 0, fmt.Errorf("not a pointer (BTF kind %d)", p.kind)
	}
	n, err := s.sizeof(p.ref)
	if err != nil {
		return 0, err
	}
	return uint32(n), nil
}

// valuesMember decodes a member declared with __array(values, struct S): an
// array of pointers to the inner map definition S. It returns the id and name
// of S.
func (s *btfSpec) valuesMember(id uint32) (uint32, string, error) {
	_, a, err := s.skipMods(id)
	if err != nil {
		return 0, "", err
	}
	if a.kind != btfArray {
		return 0, "", fmt.Errorf("not an array (BTF kind %d)", a.kind)
	}
	_, p, err := s.skipMods(a.ref)
	if err != nil {
		return 0, "", err
	}
	if p.kind != btfPtr {
		return 0, "", fmt.Errorf("not an array of pointers (element BTF kind %d)", p.kind)
	}
	sid, st, err := s.skipMods(p.ref)
	if err != nil {
		return 0, "", err
	}
	if st.kind != btfStruct {
		return 0, "", fmt.Errorf("elements do not point to a map definition struct (BTF kind %d)", st.kind)
	}
	return sid, st.name, nil
}

// btfMaps reads the maps of the ".maps" section with index shndx. It returns
// them in offset order and registers each under its offset.
func (r *reader) btfMaps(shndx int) error {
	sec := r.f.Sections[shndx]
	btfIdx := r.sectionIndex(".BTF")
	if btfIdx < 0 {
		return fmt.Errorf("section .maps: no .BTF section describes the maps")
	}
	raw, err := r.data(btfIdx)
	if err != nil {
		return err
	}
	spec, err := parseBTF(raw)
	if err != nil {
		return fmt.Errorf("section .BTF: %w", err)
	}
	ds := spec.datasec(".maps")
	if ds == nil {
		return fmt.Errorf("section .BTF: no DATASEC \".maps\"")
	}
	// clang leaves DATASEC offsets to the loader, which takes them from
	// the symbol table; so does this reader.
	type entry struct {
		m        *Map
		off, end uint64
	}
	// Map symbols by name; a name given twice cannot name a map.
	symByName := make(map[string]*symbol)
	for _, s := range r.bySection[uint16(shndx)] {
		if s.typ != stObject {
			continue
		}
		if _, dup := symByName[s.name]; dup {
			symByName[s.name] = nil
			continue
		}
		symByName[s.name] = s
	}
	var entries []entry
	for i, vi := range ds.secinfos {
		v, err := spec.typ(vi.typ)
		if err != nil {
			return fmt.Errorf("section .BTF: DATASEC .maps entry %d: %w", i, err)
		}
		if v.kind != btfVar {
			return fmt.Errorf("section .BTF: DATASEC .maps entry %d is not a variable", i)
		}
		m, err := spec.btfMapDef(v.name, v.ref, false)
		if err != nil {
			return fmt.Errorf("section .BTF: map %q: %w", v.name, err)
		}
		sz, err := spec.sizeof(v.ref)
		if err != nil {
			return fmt.Errorf("section .BTF: map %q: %w", v.name, err)
		}
		sym, found := symByName[v.name]
		switch {
		case found && sym == nil:
			return fmt.Errorf("section .maps: map %q has two symbols", v.name)
		case sym == nil:
			return fmt.Errorf("section .maps: map %q has no symbol", v.name)
		case sym.size > sz && m.Inner != nil:
			return fmt.Errorf("section .maps: map %q: initial values of member \"values\" are not supported", v.name)
		case sym.size != sz:
			return fmt.Errorf("section .maps: map %q: symbol size %d does not match its BTF definition (%d bytes)", v.name, sym.size, sz)
		case vi.offset != 0 && uint64(vi.offset) != sym.value:
			return fmt.Errorf("section .maps: map %q: DATASEC offset %d does not match its symbol (%d)", v.name, vi.offset, sym.value)
		case sym.value > sec.Size || sz > sec.Size-sym.value:
			return fmt.Errorf("section .maps: map %q lies outside the section", v.name)
		}
		entries = append(entries, entry{m, sym.value, sym.value + sz})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].off < entries[j].off })
	for i, e := range entries {
		if i > 0 && e.off < entries[i-1].end || i > 0 && e.off == entries[i-1].off {
			return fmt.Errorf("section .maps: maps %q and %q overlap", entries[i-1].m.Name, e.m.Name)
		}
		if err := r.addMap(e.m, shndx, e.off); err != nil {
			return err
		}
	}
	return nil
}

// legacyMaps reads struct bpf_map_def entries of the "maps" section with
// index shndx, one per object symbol, in offset order.
func (r *reader) legacyMaps(shndx int) error {
	raw, err := r.data(shndx)
	if err != nil {
		return err
	}
	var syms []*symbol
	for _, s := range r.bySection[uint16(shndx)] {
		if (s.typ == stObject || s.typ == stNoType) && s.name != "" {
			syms = append(syms, s)
		}
	}
	sortSymbols(syms)
	var prevEnd uint64
	for _, s := range syms {
		if s.size < legacyMapDefSize || s.size > maxLegacyMapDefSize {
			return fmt.Errorf("section maps: map %q has size %d, want %d to %d", s.name, s.size, legacyMapDefSize, maxLegacyMapDefSize)
		}
		if s.value < prevEnd || s.value > uint64(len(raw)) || uint64(len(raw))-s.value < s.size {
			return fmt.Errorf("section maps: map %q overlaps another map or lies outside the section", s.name)
		}
		prevEnd = s.value + s.size
		d := raw[s.value : s.value+s.size]
		for _, c := range d[legacyMapDefSize:] {
			if c != 0 {
				return fmt.Errorf("section maps: map %q has unsupported non-zero fields after map_flags", s.name)
			}
		}
		le := binary.LittleEndian
		m := &Map{
			Name:       s.name,
			Type:       le.Uint32(d),
			KeySize:    le.Uint32(d[4:]),
			ValueSize:  le.Uint32(d[8:]),
			MaxEntries: le.Uint32(d[12:]),
			Flags:      le.Uint32(d[16:]),
		}
		if err := r.addMap(m, shndx, s.value); err != nil {
			return err
		}
	}
	return nil
}

// addMap appends a map to the object and registers it under its section and
// offset for relocations.
func (r *reader) addMap(m *Map, shndx int, off uint64) error {
	if m.Name == "" {
		return fmt.Errorf("section %s: map at offset %d has no name", r.f.Sections[shndx].Name, off)
	}
	if r.names[m.Name] {
		return fmt.Errorf("section %s: symbol %q defined twice", r.f.Sections[shndx].Name, m.Name)
	}
	r.names[m.Name] = true
	r.obj.Maps = append(r.obj.Maps, m)
	r.mapAt[secOff{shndx, off}] = m.Name
	return nil
}
