package cverify

import (
	"math/big"

	"vep/cparse"
	"vep/sep"
)

// kind is what a symbolic value is known to be.
type kind int

const (
	kScalar kind = iota // an integer (also a null or forged pointer)
	kStack              // a pointer into a stack region: region, byte offset t
	kPacket             // a packet pointer: address t in generation gen
	kPktEnd             // the packet end of generation gen (address t)
	kMapVal             // a pointer into a value of map m, byte offset t
	kMap                // the map m itself (a map pointer)
	kCtx                // the context pointer, byte offset t
)

var kindNames = [...]string{
	kScalar: "scalar", kStack: "stack pointer", kPacket: "packet pointer",
	kPktEnd: "packet end pointer", kMapVal: "map value pointer", kMap: "map pointer",
	kCtx: "context pointer",
}

func (k kind) String() string { return kindNames[k] }

// value is a symbolic value. For kScalar t is the integer; for pointers t is
// the byte offset (stack, map value, context) or the address (packet).
type value struct {
	k      kind
	t      sep.Term
	typ    cparse.Type // the C type the value was produced at (may be nil)
	region int         // kStack: index into state.regions
	m      *cparse.Map // kMapVal, kMap
	gen    int         // kPacket, kPktEnd
	nullID int         // > 0: may be null until a check on this id
	obj    int         // kMapVal: which value slot (pointers with the same obj point into the same value)
}

func scalar(t sep.Term, typ cparse.Type) value { return value{k: kScalar, t: t, typ: typ} }

func isPtr(v value) bool { return v.k != kScalar }

// intRange returns the range of integer type t.
func intRange(t cparse.Type) (lo, hi *big.Int) {
	it, ok := t.(*cparse.IntType)
	if !ok {
		// pointers: unsigned 64-bit
		return big.NewInt(0), new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 64), big.NewInt(1))
	}
	if it.Bool {
		return big.NewInt(0), big.NewInt(1)
	}
	bits := uint(it.Bytes * 8)
	if it.Signed {
		hi = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), bits-1), big.NewInt(1))
		lo = new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), bits-1))
		return lo, hi
	}
	return big.NewInt(0), new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), bits), big.NewInt(1))
}

// wrapConst converts the integer n to type t as C does (modulo 2^bits).
func wrapConst(n *big.Int, t cparse.Type) *big.Int {
	it, ok := t.(*cparse.IntType)
	if ok && it.Bool {
		if n.Sign() != 0 {
			return big.NewInt(1)
		}
		return big.NewInt(0)
	}
	bits := uint(64)
	signed := false
	if ok {
		bits = uint(it.Bytes * 8)
		signed = it.Signed
	}
	mod := new(big.Int).Lsh(big.NewInt(1), bits)
	r := new(big.Int).Mod(n, mod)
	if signed && r.Cmp(new(big.Int).Rsh(mod, 1)) >= 0 {
		r.Sub(r, mod)
	}
	return r
}

func isSigned(t cparse.Type) bool {
	it, ok := t.(*cparse.IntType)
	return ok && it.Signed
}

// elemSize is the size pointer arithmetic on a pointer of type t scales by.
func elemSize(t cparse.Type) int64 {
	if p, ok := t.(*cparse.PointerType); ok {
		if s := p.Elem.Size(); s > 0 {
			return s
		}
	}
	return 1
}
