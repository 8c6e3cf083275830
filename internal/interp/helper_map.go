package interp

import "vep/internal/isa"

// mapLookupElem: r1 map, r2 key. Returns a pointer to the value (an inner
// map handle for map-in-map) or 0.
func (r *run) mapLookupElem() (value, *faultMsg) {
	m, key, f := r.mapAndKey()
	if f != nil {
		return value{}, f
	}
	switch {
	case m.isArray() || m.isHash():
		if v := m.lookup(key); v != nil {
			return pointer(v, 0), nil
		}
		return scalar(0), nil
	case m.isOuter():
		if in, ok := m.inner[string(key)]; ok {
			return mapHandle(in), nil
		}
		return scalar(0), nil
	}
	return value{}, faultf("map %s of type %d does not support lookups from programs", m.def.Name, m.def.Type)
}

// mapUpdateElem: r1 map, r2 key, r3 value, r4 flags.
func (r *run) mapUpdateElem() (value, *faultMsg) {
	m, key, f := r.mapAndKey()
	if f != nil {
		return value{}, f
	}
	if !m.isArray() && !m.isHash() {
		return value{}, faultf("map %s of type %d cannot be updated from programs", m.def.Name, m.def.Type)
	}
	vp, f := r.argPtr(isa.R3)
	if f != nil {
		return value{}, f
	}
	val, f := r.readMem(vp, int(m.def.ValueSize), "value (r3)")
	if f != nil {
		return value{}, f
	}
	flags, f := r.argScalar(isa.R4)
	if f != nil {
		return value{}, f
	}
	if e := m.update(key, val, flags); e != 0 {
		return errno(e), nil
	}
	return scalar(0), nil
}

// mapDeleteElem: r1 map, r2 key.
func (r *run) mapDeleteElem() (value, *faultMsg) {
	m, key, f := r.mapAndKey()
	if f != nil {
		return value{}, f
	}
	if !m.isArray() && !m.isHash() && !m.isOuter() {
		return value{}, faultf("map %s of type %d does not support deletes from programs", m.def.Name, m.def.Type)
	}
	if e := m.delete(key); e != 0 {
		return errno(e), nil
	}
	return scalar(0), nil
}

// mapAndKey reads the map in r1 and key_size initialised bytes through r2.
func (r *run) mapAndKey() (*MapState, []byte, *faultMsg) {
	m, f := r.argMap(isa.R1)
	if f != nil {
		return nil, nil, f
	}
	kp, f := r.argPtr(isa.R2)
	if f != nil {
		return nil, nil, f
	}
	if m.def.KeySize == 0 {
		return nil, nil, faultf("map %s has no keys", m.def.Name)
	}
	key, f := r.readMem(kp, int(m.def.KeySize), "key (r2)")
	return m, key, f
}
