package elfwrite

import (
	"encoding/binary"
	"fmt"

	"github.com/cilium/ebpf/btf"

	"vep/internal/elfobj"
)

// mapTypesWithBTFKV are the map types whose key and value the writer
// describes with __type(key, T) and __type(value, T); the kernel accepts BTF
// key and value types for them. Other map types get __uint(key_size, n) and
// __uint(value_size, n).
var mapTypesWithBTFKV = map[uint32]bool{
	elfobj.MapHash:        true,
	elfobj.MapArray:       true,
	elfobj.MapPerCPUHash:  true,
	elfobj.MapPerCPUArray: true,
	elfobj.MapLRUHash:     true,
	10:                    true, // BPF_MAP_TYPE_LRU_PERCPU_HASH
}

// btfTypes holds the shared base types of the generated BTF.
type btfTypes struct {
	intT  *btf.Int // the element type of __uint arrays
	index *btf.Int // the index type of arrays, as clang's __ARRAY_SIZE_TYPE__
	ints  map[uint32]*btf.Int
	uchar *btf.Int
}

func newBTFTypes() *btfTypes {
	t := &btfTypes{
		intT:  &btf.Int{Name: "int", Size: 4, Encoding: btf.Signed},
		index: &btf.Int{Name: "__ARRAY_SIZE_TYPE__", Size: 4},
		ints: map[uint32]*btf.Int{
			2: {Name: "unsigned short", Size: 2},
			4: {Name: "unsigned int", Size: 4},
			8: {Name: "unsigned long long", Size: 8},
		},
		uchar: &btf.Int{Name: "unsigned char", Size: 1},
	}
	t.ints[1] = t.uchar
	return t
}

// uintMember returns the type of a __uint member with value v: int (*)[v].
func (t *btfTypes) uintMember(v uint32) btf.Type {
	return &btf.Pointer{Target: &btf.Array{Index: t.index, Type: t.intT, Nelems: v}}
}

// sized returns an integer of n bytes if there is one, else unsigned char[n].
func (t *btfTypes) sized(n uint32) btf.Type {
	if it, ok := t.ints[n]; ok {
		return it
	}
	return &btf.Array{Index: t.index, Type: t.uchar, Nelems: n}
}

// mapStruct returns the BTF map definition of m and its byte size.
func (t *btfTypes) mapStruct(m *elfobj.Map, inner bool) (*btf.Struct, error) {
	st := &btf.Struct{}
	if inner {
		st.Name = m.Name
	}
	add := func(name string, typ btf.Type) {
		st.Members = append(st.Members, btf.Member{Name: name, Type: typ, Offset: btf.Bits(64 * len(st.Members))})
	}
	add("type", t.uintMember(m.Type))
	add("max_entries", t.uintMember(m.MaxEntries))
	isMapInMap := m.Type == elfobj.MapArrayOfMaps || m.Type == elfobj.MapHashOfMaps
	switch {
	case mapTypesWithBTFKV[m.Type]:
		if m.KeySize > 0 {
			add("key", &btf.Pointer{Target: t.sized(m.KeySize)})
		}
		if m.ValueSize > 0 {
			add("value", &btf.Pointer{Target: t.sized(m.ValueSize)})
		}
	case isMapInMap:
		if m.KeySize > 0 {
			add("key_size", t.uintMember(m.KeySize))
		}
		if m.ValueSize != 4 {
			return nil, fmt.Errorf("map %q: a map-in-map has value size 4, not %d", m.Name, m.ValueSize)
		}
	default:
		if m.KeySize > 0 {
			add("key_size", t.uintMember(m.KeySize))
		}
		if m.ValueSize > 0 {
			add("value_size", t.uintMember(m.ValueSize))
		}
	}
	if m.Flags != 0 {
		add("map_flags", t.uintMember(m.Flags))
	}
	st.Size = uint32(8 * len(st.Members))
	switch {
	case m.Inner != nil && inner:
		return nil, fmt.Errorf("map %q: nested inner maps are not supported", m.Name)
	case m.Inner != nil && !isMapInMap:
		return nil, fmt.Errorf("map %q: only an array or hash of maps has an inner map", m.Name)
	case m.Inner == nil && isMapInMap:
		return nil, fmt.Errorf("map %q: a map-in-map needs an inner map", m.Name)
	case m.Inner != nil:
		in, err := t.mapStruct(m.Inner, true)
		if err != nil {
			return nil, err
		}
		// __array(values, struct inner): a flexible array member that adds
		// no bytes to the definition.
		st.Members = append(st.Members, btf.Member{
			Name:   "values",
			Type:   &btf.Array{Index: t.index, Type: &btf.Pointer{Target: in}, Nelems: 0},
			Offset: btf.Bits(8 * st.Size),
		})
	}
	return st, nil
}

// mapsBTF returns the .BTF section describing maps as libbpf-style BTF map
// definitions in a DATASEC ".maps", and the offset and size of each map in
// the ".maps" section.
func mapsBTF(maps []*elfobj.Map) (raw []byte, offs, sizes []uint32, err error) {
	t := newBTFTypes()
	ds := &btf.Datasec{Name: ".maps"}
	var off uint32
	for _, m := range maps {
		st, err := t.mapStruct(m, false)
		if err != nil {
			return nil, nil, nil, err
		}
		v := &btf.Var{Name: m.Name, Type: st, Linkage: btf.GlobalVar}
		ds.Vars = append(ds.Vars, btf.VarSecinfo{Type: v, Offset: off, Size: st.Size})
		offs = append(offs, off)
		sizes = append(sizes, st.Size)
		off += st.Size
	}
	ds.Size = off
	b, err := btf.NewBuilder(nil, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	if _, err := b.Add(ds); err != nil {
		return nil, nil, nil, fmt.Errorf("building BTF: %w", err)
	}
	raw, err = b.Marshal(nil, &btf.MarshalOptions{Order: binary.LittleEndian})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("encoding BTF: %w", err)
	}
	return raw, offs, sizes, nil
}
