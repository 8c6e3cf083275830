package elfobj

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// This file decodes the small subset of BTF that BTF-defined maps need:
// integers, pointers, arrays, structs and unions, the type modifiers,
// variables and data sections. Other kinds are skipped by their size and
// cannot be used where a map definition needs a type.

// BTF kinds (the kernel's BTF_KIND_*).
const (
	btfInt      = 1
	btfPtr      = 2
	btfArray    = 3
	btfStruct   = 4
	btfUnion    = 5
	btfEnum     = 6
	btfFwd      = 7
	btfTypedef  = 8
	btfVolatile = 9
	btfConst    = 10
	btfRestrict = 11
	btfFunc     = 12
	btfFuncProt = 13
	btfVar      = 14
	btfDatasec  = 15
	btfFloat    = 16
	btfDeclTag  = 17
	btfTypeTag  = 18
	btfEnum64   = 19
)

const (
	btfMagic     = 0xeb9f
	btfHeaderLen = 24
	// btfMaxDepth bounds chains of modifiers and nested arrays.
	btfMaxDepth = 32
)

// btfType is one decoded BTF type. Fields not meaningful for a kind are zero.
type btfType struct {
	name string
	kind uint8
	vlen uint16
	// size is the byte size of ints, structs, unions, enums, floats and
	// data sections.
	size uint32
	// ref is the referenced type of pointers, modifiers, typedefs, vars and
	// the element type of arrays.
	ref    uint32
	nelems uint32 // arrays
	// members of structs and unions, variables of data sections.
	members  []btfMember
	secinfos []btfSecinfo
}

type btfMember struct {
	name string
	typ  uint32
}

type btfSecinfo struct {
	typ, offset, size uint32
}

// btfSpec is a decoded .BTF section. types[0] is void.
type btfSpec struct {
	types []btfType
}

// parseBTF decodes a .BTF section.
func parseBTF(b []byte) (*btfSpec, error) {
	le := binary.LittleEndian
	if len(b) < btfHeaderLen {
		return nil, errors.New("truncated header")
	}
	if m := le.Uint16(b); m != btfMagic {
		return nil, fmt.Errorf("bad magic %#x (only little-endian BTF is supported)", m)
	}
	if v := b[2]; v != 1 {
		return nil, fmt.Errorf("unsupported version %d", v)
	}
	hdrLen := uint64(le.Uint32(b[4:]))
	typeOff, typeLen := uint64(le.Uint32(b[8:])), uint64(le.Uint32(b[12:]))
	strOff, strLen := uint64(le.Uint32(b[16:])), uint64(le.Uint32(b[20:]))
	if hdrLen < btfHeaderLen || hdrLen > uint64(len(b)) {
		return nil, fmt.Errorf("bad header length %d", hdrLen)
	}
	body := b[hdrLen:]
	if typeOff+typeLen > uint64(len(body)) || strOff+strLen > uint64(len(body)) {
		return nil, errors.New("type or string section out of bounds")
	}
	strs := body[strOff : strOff+strLen]
	str := func(off uint32) (string, error) {
		if uint64(off) >= uint64(len(strs)) {
			if off == 0 {
				return "", nil
			}
			return "", fmt.Errorf("string offset %d out of bounds", off)
		}
		s := strs[off:]
		n := bytes.IndexByte(s, 0)
		if n < 0 {
			return "", fmt.Errorf("string at offset %d not terminated", off)
		}
		return string(s[:n]), nil
	}

	raw := body[typeOff : typeOff+typeLen]
	spec := &btfSpec{types: []btfType{{}}}
	for off := 0; off < len(raw); {
		id := len(spec.types)
		if len(raw)-off < 12 {
			return nil, fmt.Errorf("type %d: truncated", id)
		}
		nameOff, info, sizeType := le.Uint32(raw[off:]), le.Uint32(raw[off+4:]), le.Uint32(raw[off+8:])
		off += 12
		t := btfType{
			kind: uint8(info>>24) & 0x1f,
			vlen: uint16(info),
		}
		var err error
		if t.name, err = str(nameOff); err != nil {
			return nil, fmt.Errorf("type %d: %w", id, err)
		}
		var extra int
		switch t.kind {
		case btfInt:
			t.size, extra = sizeType, 4
		case btfPtr, btfTypedef, btfVolatile, btfConst, btfRestrict, btfTypeTag, btfFunc:
			t.ref = sizeType
		case btfArray:
			extra = 12
		case btfStruct, btfUnion:
			t.size, extra = sizeType, 12*int(t.vlen)
		case btfEnum:
			t.size, extra = sizeType, 8*int(t.vlen)
		case btfEnum64:
			t.size, extra = sizeType, 12*int(t.vlen)
		case btfFwd:
		case btfFuncProt:
			extra = 8 * int(t.vlen)
		case btfVar:
			t.ref, extra = sizeType, 4
		case btfDatasec:
			t.size, extra = sizeType, 12*int(t.vlen)
		case btfFloat:
			t.size = sizeType
		case btfDeclTag:
			t.ref, extra = sizeType, 4
		default:
			return nil, fmt.Errorf("type %d: unknown kind %d", id, t.kind)
		}
		if len(raw)-off < extra {
			return nil, fmt.Errorf("type %d: truncated", id)
		}
		ex := raw[off : off+extra]
		off += extra
		switch t.kind {
		case btfArray:
			t.ref, t.nelems = le.Uint32(ex), le.Uint32(ex[8:])
		case btfStruct, btfUnion:
			t.members = make([]btfMember, t.vlen)
			for i := range t.members {
				m := ex[12*i:]
				name, err := str(le.Uint32(m))
				if err != nil {
					return nil, fmt.Errorf("type %d member %d: %w", id, i, err)
				}
				t.members[i] = btfMember{name: name, typ: le.Uint32(m[4:])}
			}
		case btfDatasec:
			t.secinfos = make([]btfSecinfo, t.vlen)
			for i := range t.secinfos {
				v := ex[12*i:]
				t.secinfos[i] = btfSecinfo{typ: le.Uint32(v), offset: le.Uint32(v[4:]), size: le.Uint32(v[8:])}
			}
		}
		spec.types = append(spec.types, t)
	}
	return spec, nil
}

// typ returns the type with the given id.
func (s *btfSpec) typ(id uint32) (*btfType, error) {
	if uint64(id) >= uint64(len(s.types)) {
		return nil, fmt.Errorf("type id %d out of range", id)
	}
	return &s.types[id], nil
}

// skipMods follows typedefs and type modifiers and returns the id and type
// they lead to.
func (s *btfSpec) skipMods(id uint32) (uint32, *btfType, error) {
	for range btfMaxDepth {
		t, err := s.typ(id)
		if err != nil {
			return 0, nil, err
		}
		switch t.kind {
		case btfTypedef, btfVolatile, btfConst, btfRestrict, btfTypeTag:
			id = t.ref
		default:
			return id, t, nil
		}
	}
	return 0, nil, fmt.Errorf("type %d: modifier chain too long", id)
}

// sizeof returns the byte size of a type, at most 2^32-1.
func (s *btfSpec) sizeof(id uint32) (uint64, error) {
	mult := uint64(1)
	for range btfMaxDepth {
		id2, t, err := s.skipMods(id)
		if err != nil {
			return 0, err
		}
		var n uint64
		switch t.kind {
		case btfInt, btfStruct, btfUnion, btfEnum, btfEnum64, btfFloat, btfDatasec:
			n = uint64(t.size)
		case btfPtr:
			n = 8
		case btfArray:
			mult *= uint64(t.nelems)
			if mult > 1<<32 {
				return 0, fmt.Errorf("type %d: array too large", id2)
			}
			if mult == 0 {
				return 0, nil
			}
			id = t.ref
			continue
		default:
			return 0, fmt.Errorf("type %d has no size (kind %d)", id2, t.kind)
		}
		n *= mult
		if n >= 1<<32 {
			return 0, fmt.Errorf("type %d: size too large", id2)
		}
		return n, nil
	}
	return 0, fmt.Errorf("type %d: nesting too deep", id)
}

// datasec returns the data section type with the given name, or nil.
func (s *btfSpec) datasec(name string) *btfType {
	for i := range s.types {
		if t := &s.types[i]; t.kind == btfDatasec && t.name == name {
			return t
		}
	}
	return nil
}
