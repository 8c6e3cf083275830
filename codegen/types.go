package codegen

import "vep/cparse"

// isScalar reports whether t is an integer or pointer type.
func isScalar(t cparse.Type) bool {
	switch t.(type) {
	case *cparse.IntType, *cparse.PointerType:
		return true
	}
	return false
}

// isSigned reports whether t is a signed integer type.
func isSigned(t cparse.Type) bool {
	it, ok := t.(*cparse.IntType)
	return ok && it.Signed
}

// is32 reports whether values of t are computed with 32-bit instructions.
func is32(t cparse.Type) bool { return t.Size() <= 4 }

// norm returns the register representation of the value c of type t: the
// low 64 bits for 8-byte types; for smaller types the 32-bit value with
// the upper half zero, 8- and 16-bit signed values sign-extended to 32
// bits and unsigned ones zero-extended; 0 or 1 for bool.
func norm(t cparse.Type, c int64) int64 {
	it, ok := t.(*cparse.IntType)
	if !ok {
		if t.Size() == 4 {
			return int64(uint32(c))
		}
		return c
	}
	if it.Bool {
		if c != 0 {
			return 1
		}
		return 0
	}
	switch it.Bytes {
	case 1:
		if it.Signed {
			return int64(uint32(int32(int8(c))))
		}
		return int64(uint8(c))
	case 2:
		if it.Signed {
			return int64(uint32(int32(int16(c))))
		}
		return int64(uint16(c))
	case 4:
		return int64(uint32(c))
	}
	return c
}

// signedValue returns the C value of the representation c of type t as a
// signed number (for signed types) or as the unsigned bits.
func signedValue(t cparse.Type, c int64) int64 {
	if isSigned(t) && t.Size() <= 4 {
		return int64(int32(uint32(c)))
	}
	return c
}

// log2 returns k if n == 1<<k, else -1.
func log2(n int64) int {
	if n <= 0 || n&(n-1) != 0 {
		return -1
	}
	k := 0
	for n > 1 {
		n >>= 1
		k++
	}
	return k
}

// fitsImm reports whether c is a sign-extended 32-bit immediate.
func fitsImm(c int64) bool { return c == int64(int32(c)) }
