package interp

import "fmt"

// kind says what a register (or spilled stack slot) holds.
type kind uint8

const (
	kindUninit kind = iota // never written, or clobbered by a call
	kindScalar             // a plain 64-bit number
	kindPtr                // a pointer: region plus signed byte offset
	kindMap                // a map handle: not dereferenceable, no arithmetic
)

// value is a tagged register value. For kindScalar, bits holds the number;
// for kindPtr, bits holds the offset into reg as a two's complement int64;
// for kindMap, m is the map.
type value struct {
	k      kind
	bits   uint64
	reg    *region
	m      *MapState
	origin ctxPtr // packet pointers: derived from data, data_meta or data_end
}

func scalar(v uint64) value { return value{k: kindScalar, bits: v} }

func pointer(r *region, off int64) value { return value{k: kindPtr, reg: r, bits: uint64(off)} }

func mapHandle(m *MapState) value { return value{k: kindMap, m: m} }

// withOff returns pointer v moved to offset off, keeping its region and
// origin.
func (v value) withOff(off int64) value {
	v.bits = uint64(off)
	return v
}

// off returns the offset of a pointer value.
func (v value) off() int64 { return int64(v.bits) }

// addr returns the fake address of a pointer, used for comparisons of two
// pointers into the same region.
func (v value) addr() uint64 { return v.reg.base + v.bits }

// String describes the value for fault messages.
func (v value) String() string {
	switch v.k {
	case kindUninit:
		return "uninitialised"
	case kindScalar:
		return fmt.Sprintf("scalar %#x", v.bits)
	case kindPtr:
		return fmt.Sprintf("pointer to %s%+d", v.reg.name, v.off())
	default:
		return fmt.Sprintf("map handle %s", v.m.def.Name)
	}
}
