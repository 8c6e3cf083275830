package interp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"

	"vep/internal/elfobj"
)

// Errno values returned (negated) by helpers, as in the kernel.
const (
	errENOENT = 2
	errE2BIG  = 7
	errEFAULT = 14
	errEEXIST = 17
	errEINVAL = 22
)

// Update flags of bpf_map_update_elem.
const (
	flagAny     = 0 // BPF_ANY
	flagNoExist = 1 // BPF_NOEXIST
	flagExist   = 2 // BPF_EXIST
)

// mapFlagRdonlyProg is BPF_F_RDONLY_PROG: the program may not write values.
const mapFlagRdonlyProg = 0x80

// MapState is the contents of one map instance. Array and per-CPU array
// maps (one CPU), hash, per-CPU hash and LRU hash maps hold values;
// array-of-maps and hash-of-maps hold inner map instances; a perf event
// array holds nothing (its output goes to Result.Events); a stack trace
// map holds the call chains bpf_get_stackid recorded, a sockmap which
// indexes hold the socket, a program array the programs stored with
// Machine.SetProgArray.
type MapState struct {
	def   elfobj.Map
	bases *baseAlloc

	array []*region            // array kinds: one region per index
	hash  map[string]*hashElem // hash kinds
	inner map[string]*MapState // map-in-map kinds, keyed by key bytes
	clock uint64               // LRU use counter

	stacks map[uint32]*stackBucket // stack trace maps: bucket id -> stack
	socks  map[uint32]bool         // sockmaps: occupied indexes
	progs  map[uint32]tailTarget   // program arrays: index -> program
}

type hashElem struct {
	val  *region
	used uint64
}

// baseAlloc hands out distinct fake addresses for regions.
type baseAlloc struct{ next uint64 }

func (b *baseAlloc) alloc() uint64 {
	b.next += 1 << 32
	return b.next
}

func newMapState(def *elfobj.Map, bases *baseAlloc) (*MapState, error) {
	m := &MapState{def: *def, bases: bases}
	switch def.Type {
	case elfobj.MapArray, elfobj.MapPerCPUArray, elfobj.MapHash, elfobj.MapPerCPUHash,
		elfobj.MapLRUHash, elfobj.MapArrayOfMaps, elfobj.MapHashOfMaps:
		if def.MaxEntries == 0 {
			return nil, fmt.Errorf("map %s: max_entries is 0", def.Name)
		}
	}
	switch def.Type {
	case elfobj.MapArray, elfobj.MapPerCPUArray:
		if def.KeySize != 4 {
			return nil, fmt.Errorf("map %s: array key size is %d, must be 4", def.Name, def.KeySize)
		}
		if def.ValueSize == 0 {
			return nil, fmt.Errorf("map %s: value size is 0", def.Name)
		}
		if def.MaxEntries > 1<<20 {
			return nil, fmt.Errorf("map %s: %d entries is too many for the interpreter", def.Name, def.MaxEntries)
		}
		m.array = make([]*region, def.MaxEntries)
		for i := range m.array {
			m.array[i] = m.newValue(uint32(i))
		}
	case elfobj.MapHash, elfobj.MapPerCPUHash, elfobj.MapLRUHash:
		if def.KeySize == 0 || def.ValueSize == 0 {
			return nil, fmt.Errorf("map %s: key and value sizes must be positive", def.Name)
		}
		m.hash = map[string]*hashElem{}
	case elfobj.MapArrayOfMaps, elfobj.MapHashOfMaps:
		if def.Inner == nil {
			return nil, fmt.Errorf("map %s: map-in-map without an inner map template", def.Name)
		}
		if def.Type == elfobj.MapArrayOfMaps && def.KeySize != 4 {
			return nil, fmt.Errorf("map %s: array key size is %d, must be 4", def.Name, def.KeySize)
		}
		m.inner = map[string]*MapState{}
	}
	return m, nil
}

func (m *MapState) newValue(index uint32) *region {
	return &region{
		kind:     regionMapValue,
		name:     fmt.Sprintf("map %s value", m.def.Name),
		data:     make([]byte, m.def.ValueSize),
		writable: m.def.Flags&mapFlagRdonlyProg == 0,
		base:     m.bases.alloc(),
	}
}

// Name returns the map's name.
func (m *MapState) Name() string { return m.def.Name }

// Def returns a copy of the map's definition.
func (m *MapState) Def() elfobj.Map { return m.def }

func (m *MapState) isArray() bool { return m.array != nil }
func (m *MapState) isHash() bool  { return m.hash != nil }
func (m *MapState) isOuter() bool { return m.inner != nil }

// Lookup returns a copy of the value stored under key, and whether there is
// one. Map-in-map and perf event array maps have no byte values; a stack
// trace map's value is the recorded call chain, zero-padded.
func (m *MapState) Lookup(key []byte) ([]byte, bool) {
	if len(key) != int(m.def.KeySize) {
		return nil, false
	}
	if m.stacks != nil && len(key) == 4 {
		b := m.stacks[binary.LittleEndian.Uint32(key)]
		if b == nil {
			return nil, false
		}
		out := make([]byte, m.def.ValueSize)
		for i, ip := range b.ips {
			if 8*i+8 <= len(out) {
				binary.LittleEndian.PutUint64(out[8*i:], ip)
			}
		}
		return out, true
	}
	r := m.lookup(key)
	if r == nil {
		return nil, false
	}
	return bytes.Clone(r.data), true
}

// Update stores value under key like bpf_map_update_elem with BPF_ANY.
// Returns an error if the sizes are wrong, an array index is out of range,
// a hash map is full, or the map does not hold byte values.
func (m *MapState) Update(key, value []byte) error {
	if len(key) != int(m.def.KeySize) || len(value) != int(m.def.ValueSize) {
		return fmt.Errorf("map %s: key/value of %d/%d bytes, want %d/%d",
			m.def.Name, len(key), len(value), m.def.KeySize, m.def.ValueSize)
	}
	if !m.isArray() && !m.isHash() {
		return fmt.Errorf("map %s: type %d holds no byte values", m.def.Name, m.def.Type)
	}
	if e := m.update(key, value, flagAny); e != 0 {
		return fmt.Errorf("map %s: update failed with errno %d", m.def.Name, e)
	}
	return nil
}

// Delete removes the entry under key. Returns an error for array maps and
// for missing keys, as the kernel does.
func (m *MapState) Delete(key []byte) error {
	if len(key) != int(m.def.KeySize) {
		return fmt.Errorf("map %s: key of %d bytes, want %d", m.def.Name, len(key), m.def.KeySize)
	}
	if e := m.delete(key); e != 0 {
		return fmt.Errorf("map %s: delete failed with errno %d", m.def.Name, e)
	}
	return nil
}

// Keys returns the keys present, in increasing byte order.
func (m *MapState) Keys() [][]byte {
	var keys [][]byte
	switch {
	case m.isArray():
		for i := range m.array {
			keys = append(keys, binary.LittleEndian.AppendUint32(nil, uint32(i)))
		}
		return keys
	case m.isHash():
		for k := range m.hash {
			keys = append(keys, []byte(k))
		}
	case m.isOuter():
		for k := range m.inner {
			keys = append(keys, []byte(k))
		}
	case m.stacks != nil:
		for id := range m.stacks {
			keys = append(keys, binary.LittleEndian.AppendUint32(nil, id))
		}
	}
	sort.Slice(keys, func(i, j int) bool { return bytes.Compare(keys[i], keys[j]) < 0 })
	return keys
}

// Inner returns the inner map stored under key of a map-in-map.
func (m *MapState) Inner(key []byte) (*MapState, bool) {
	in, ok := m.inner[string(key)]
	return in, ok
}

// CreateInner creates an empty instance of the inner map template of a
// map-in-map, stores it under key and returns it. Returns an error if m is
// not a map-in-map, the key has the wrong size, or an array index is out
// of range.
func (m *MapState) CreateInner(key []byte) (*MapState, error) {
	if !m.isOuter() {
		return nil, fmt.Errorf("map %s: not a map-in-map", m.def.Name)
	}
	if len(key) != int(m.def.KeySize) {
		return nil, fmt.Errorf("map %s: key of %d bytes, want %d", m.def.Name, len(key), m.def.KeySize)
	}
	if m.def.Type == elfobj.MapArrayOfMaps && binary.LittleEndian.Uint32(key) >= m.def.MaxEntries {
		return nil, fmt.Errorf("map %s: index %d out of range", m.def.Name, binary.LittleEndian.Uint32(key))
	}
	if _, ok := m.inner[string(key)]; !ok && m.def.Type == elfobj.MapHashOfMaps && len(m.inner) >= int(m.def.MaxEntries) {
		return nil, errors.New("map " + m.def.Name + ": full")
	}
	tmpl := *m.def.Inner
	if tmpl.Name == "" {
		tmpl.Name = m.def.Name + ".inner"
	}
	in, err := newMapState(&tmpl, m.bases)
	if err != nil {
		return nil, err
	}
	m.inner[string(key)] = in
	return in, nil
}

// lookup returns the value region under key, or nil.
func (m *MapState) lookup(key []byte) *region {
	switch {
	case m.isArray():
		i := binary.LittleEndian.Uint32(key)
		if i >= uint32(len(m.array)) {
			return nil
		}
		return m.array[i]
	case m.isHash():
		e := m.hash[string(key)]
		if e == nil {
			return nil
		}
		m.clock++
		e.used = m.clock
		return e.val
	}
	return nil
}

// update implements bpf_map_update_elem and returns 0 or a positive errno.
func (m *MapState) update(key, value []byte, flags uint64) int {
	if flags > flagExist {
		return errEINVAL
	}
	switch {
	case m.isArray():
		i := binary.LittleEndian.Uint32(key)
		if i >= uint32(len(m.array)) {
			return errE2BIG
		}
		if flags == flagNoExist {
			return errEEXIST
		}
		copy(m.array[i].data, value)
		return 0
	case m.isHash():
		e := m.hash[string(key)]
		if e != nil && flags == flagNoExist {
			return errEEXIST
		}
		if e == nil && flags == flagExist {
			return errENOENT
		}
		m.clock++
		if e != nil {
			copy(e.val.data, value)
			e.used = m.clock
			return 0
		}
		if len(m.hash) >= int(m.def.MaxEntries) {
			if m.def.Type != elfobj.MapLRUHash || len(m.hash) == 0 {
				return errE2BIG
			}
			m.evictLRU()
		}
		r := m.newValue(0)
		copy(r.data, value)
		m.hash[string(key)] = &hashElem{val: r, used: m.clock}
		return 0
	}
	return errEINVAL
}

func (m *MapState) evictLRU() {
	var oldest string
	var min uint64 = ^uint64(0)
	for k, e := range m.hash {
		if e.used < min || (e.used == min && k < oldest) {
			oldest, min = k, e.used
		}
	}
	delete(m.hash, oldest)
}

// delete implements bpf_map_delete_elem and returns 0 or a positive errno.
func (m *MapState) delete(key []byte) int {
	switch {
	case m.isHash():
		if _, ok := m.hash[string(key)]; !ok {
			return errENOENT
		}
		delete(m.hash, string(key))
		return 0
	case m.isOuter():
		if _, ok := m.inner[string(key)]; !ok {
			return errENOENT
		}
		delete(m.inner, string(key))
		return 0
	}
	return errEINVAL
}
