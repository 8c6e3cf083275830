package sep

import (
	"fmt"
	"math/big"
	"strconv"
)

// A Type is a C type as written in an annotation: an integer, _Bool, void,
// a pointer, a struct (by name) or an array. Typedef names are resolved by the
// parser's TypeEnv, so a Type is always in canonical form: __u32, unsigned int
// and u32 are the same *IntType.
type Type interface {
	// String returns the type in the short spelling the parser accepts
	// (u32, s8, bool, void, struct iphdr, u8 *, u8 [6]).
	String() string
	typ()
}

// IntType is a machine integer of Size bytes (1, 2, 4 or 8).
type IntType struct {
	Size   int
	Signed bool
}

// BoolType is C's _Bool: one byte holding 0 or 1.
type BoolType struct{}

// VoidType is void; it only occurs under a pointer or in a cast.
type VoidType struct{}

// PointerType is Elem *. Pointers are 8 bytes wide.
type PointerType struct {
	Elem Type
}

// StructType is struct Name; its layout comes from a TypeEnv.
type StructType struct {
	Name string
}

// ArrayType is Elem [Len].
type ArrayType struct {
	Elem Type
	Len  int64
}

func (*IntType) typ()     {}
func (*BoolType) typ()    {}
func (*VoidType) typ()    {}
func (*PointerType) typ() {}
func (*StructType) typ()  {}
func (*ArrayType) typ()   {}

// The fixed-width integer types.
var (
	U8  = &IntType{Size: 1}
	U16 = &IntType{Size: 2}
	U32 = &IntType{Size: 4}
	U64 = &IntType{Size: 8}
	S8  = &IntType{Size: 1, Signed: true}
	S16 = &IntType{Size: 2, Signed: true}
	S32 = &IntType{Size: 4, Signed: true}
	S64 = &IntType{Size: 8, Signed: true}
)

// String returns u8 … u64 or s8 … s64.
func (t *IntType) String() string {
	if t.Signed {
		return "s" + strconv.Itoa(8*t.Size)
	}
	return "u" + strconv.Itoa(8*t.Size)
}

// String returns "bool".
func (*BoolType) String() string { return "bool" }

// String returns "void".
func (*VoidType) String() string { return "void" }

// String returns the element type followed by *.
func (t *PointerType) String() string {
	s := typeString(t.Elem)
	if s[len(s)-1] == '*' {
		return s + "*"
	}
	return s + " *"
}

// String returns "struct " and the name.
func (t *StructType) String() string { return "struct " + t.Name }

// String returns the element type followed by [Len].
func (t *ArrayType) String() string {
	return typeString(t.Elem) + " [" + strconv.FormatInt(t.Len, 10) + "]"
}

func typeString(t Type) string {
	if t == nil {
		return "<nil type>"
	}
	return t.String()
}

// Range returns the smallest and largest value of t.
func (t *IntType) Range() (lo, hi *big.Int) {
	bits := uint(8 * t.Size)
	if t.Signed {
		hi = new(big.Int).Lsh(big.NewInt(1), bits-1)
		lo = new(big.Int).Neg(hi)
		hi.Sub(hi, big.NewInt(1))
		return lo, hi
	}
	hi = new(big.Int).Lsh(big.NewInt(1), bits)
	return big.NewInt(0), hi.Sub(hi, big.NewInt(1))
}

// Wrap returns x reduced into the range of t, as a conversion to t does on a
// two's complement machine.
func (t *IntType) Wrap(x *big.Int) *big.Int {
	bits := uint(8 * t.Size)
	mod := new(big.Int).Lsh(big.NewInt(1), bits)
	r := new(big.Int).Mod(x, mod) // Euclidean: 0 <= r < mod
	if t.Signed && r.Bit(int(bits)-1) == 1 {
		r.Sub(r, mod)
	}
	return r
}

// TypeEqual reports whether a and b are the same type.
func TypeEqual(a, b Type) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case *IntType:
		b, ok := b.(*IntType)
		return ok && *a == *b
	case *BoolType:
		_, ok := b.(*BoolType)
		return ok
	case *VoidType:
		_, ok := b.(*VoidType)
		return ok
	case *PointerType:
		b, ok := b.(*PointerType)
		return ok && TypeEqual(a.Elem, b.Elem)
	case *StructType:
		b, ok := b.(*StructType)
		return ok && a.Name == b.Name
	case *ArrayType:
		b, ok := b.(*ArrayType)
		return ok && a.Len == b.Len && TypeEqual(a.Elem, b.Elem)
	}
	return false
}

// SizeOf returns the size in bytes of t, looking structs up in env.
// It returns an error for void and for structs env does not know.
func SizeOf(env TypeEnv, t Type) (int64, error) {
	switch t := t.(type) {
	case *IntType:
		return int64(t.Size), nil
	case *BoolType:
		return 1, nil
	case *PointerType:
		return 8, nil
	case *StructType:
		if env != nil {
			if l, ok := env.Struct(t.Name); ok {
				return l.Size, nil
			}
		}
		return 0, fmt.Errorf("struct %s is not defined", t.Name)
	case *ArrayType:
		n, err := SizeOf(env, t.Elem)
		if err != nil {
			return 0, err
		}
		if t.Len < 0 || (n > 0 && t.Len > (1<<62)/n) {
			return 0, fmt.Errorf("array type %s is too large", t)
		}
		return n * t.Len, nil
	}
	return 0, fmt.Errorf("type %s has no size", typeString(t))
}

// OffsetOf returns the byte offset and type of field in struct type t.
func OffsetOf(env TypeEnv, t Type, field string) (int64, Type, error) {
	st, ok := t.(*StructType)
	if !ok {
		return 0, nil, fmt.Errorf("offsetof needs a struct type, not %s", typeString(t))
	}
	var l *StructLayout
	if env != nil {
		l, ok = env.Struct(st.Name)
	}
	if l == nil || !ok {
		return 0, nil, fmt.Errorf("struct %s is not defined", st.Name)
	}
	for _, f := range l.Fields {
		if f.Name == field {
			if f.BitSize != 0 {
				return 0, nil, fmt.Errorf("field %s of struct %s is a bit-field", field, st.Name)
			}
			return f.Offset, f.Type, nil
		}
	}
	return 0, nil, fmt.Errorf("struct %s has no field %s", st.Name, field)
}
