package cparse

import (
	"fmt"
	"strings"
)

// A Type is the C type of a variable, field or expression, with the exact
// layout of the little-endian LP64 eBPF target. Typedefs are resolved, enums
// are their underlying integer type and qualifiers are dropped.
type Type interface {
	// Size returns the size in bytes (0 for void and functions).
	Size() int64
	// Align returns the alignment in bytes.
	Align() int64
	// String returns the type in a short C-like spelling: u8 … u64,
	// s8 … s64, bool, void, T *, T [N], struct tag, union tag.
	String() string
}

// IntType is an integer type of 1, 2, 4 or 8 bytes, or _Bool.
type IntType struct {
	Bytes  int64
	Signed bool
	Bool   bool // _Bool: one byte holding 0 or 1
}

// VoidType is void.
type VoidType struct{}

// PointerType is a pointer to Elem.
type PointerType struct {
	Elem Type
}

// ArrayType is an array of Len elements of type Elem.
type ArrayType struct {
	Elem Type
	Len  int64
}

// StructType is a struct or union with its layout. Tag is empty for an
// anonymous one.
type StructType struct {
	Tag    string
	Union  bool
	Fields []*Field
	Bytes  int64
	Alignm int64

	incomplete bool // declared, never defined
}

// Field is a member of a struct or union. Offset is the byte offset of the
// member in its struct, or of the storage unit of UnitSize bytes that holds
// a bit-field; a bit-field occupies BitWidth bits starting BitOffset bits
// into that unit (little-endian bit numbering). BitWidth is zero for an
// ordinary member. Name is empty for an anonymous struct or union member,
// whose fields are found through it.
type Field struct {
	Name      string
	Type      Type
	Offset    int64
	BitOffset int
	BitWidth  int
	UnitSize  int64
}

// FuncType is a function type.
type FuncType struct {
	Result   Type
	Params   []Type
	Variadic bool
}

// The integer types.
var (
	U8   = &IntType{Bytes: 1}
	U16  = &IntType{Bytes: 2}
	U32  = &IntType{Bytes: 4}
	U64  = &IntType{Bytes: 8}
	S8   = &IntType{Bytes: 1, Signed: true}
	S16  = &IntType{Bytes: 2, Signed: true}
	S32  = &IntType{Bytes: 4, Signed: true}
	S64  = &IntType{Bytes: 8, Signed: true}
	Bool = &IntType{Bytes: 1, Bool: true}
	Void = &VoidType{}
)

// intType returns the canonical IntType of the size and signedness.
func intType(size int64, signed bool) *IntType {
	switch {
	case size == 1 && signed:
		return S8
	case size == 1:
		return U8
	case size == 2 && signed:
		return S16
	case size == 2:
		return U16
	case size == 4 && signed:
		return S32
	case size == 4:
		return U32
	case signed:
		return S64
	}
	return U64
}

// Size implements Type.
func (t *IntType) Size() int64 { return t.Bytes }

// Align implements Type.
func (t *IntType) Align() int64 { return t.Bytes }

// String returns the type in the short spelling of the IR text.
func (t *IntType) String() string {
	if t.Bool {
		return "bool"
	}
	if t.Signed {
		return fmt.Sprintf("s%d", t.Bytes*8)
	}
	return fmt.Sprintf("u%d", t.Bytes*8)
}

// Size implements Type.
func (*VoidType) Size() int64 { return 0 }

// Align implements Type.
func (*VoidType) Align() int64 { return 1 }

// String returns the type in the short spelling of the IR text.
func (*VoidType) String() string { return "void" }

// Size implements Type.
func (*PointerType) Size() int64 { return 8 }

// Align implements Type.
func (*PointerType) Align() int64 { return 8 }

// String returns the type in the short spelling of the IR text.
func (t *PointerType) String() string { return t.Elem.String() + " *" }

// Size implements Type.
func (t *ArrayType) Size() int64 { return t.Elem.Size() * t.Len }

// Align implements Type.
func (t *ArrayType) Align() int64 { return t.Elem.Align() }

// String returns the type in the short spelling of the IR text.
func (t *ArrayType) String() string {
	dims := fmt.Sprintf("[%d]", t.Len)
	e := t.Elem
	for {
		a, ok := e.(*ArrayType)
		if !ok {
			break
		}
		dims += fmt.Sprintf("[%d]", a.Len)
		e = a.Elem
	}
	return e.String() + " " + dims
}

// Size implements Type.
func (t *StructType) Size() int64 { return t.Bytes }

// Align implements Type.
func (t *StructType) Align() int64 { return t.Alignm }

// String returns the type in the short spelling of the IR text.
func (t *StructType) String() string {
	kw := "struct"
	if t.Union {
		kw = "union"
	}
	if t.Tag == "" {
		return kw + " <anon>"
	}
	return kw + " " + t.Tag
}

// Layout returns the struct's definition with every field's offset, for
// tests and debugging: "struct s {a s32 @0; b u8 [3] @4; f u8 @8:3:2}".
func (t *StructType) Layout() string {
	var b strings.Builder
	b.WriteString(t.String())
	fmt.Fprintf(&b, " size %d align %d {", t.Bytes, t.Alignm)
	for i, f := range t.Fields {
		if i > 0 {
			b.WriteString(";")
		}
		fmt.Fprintf(&b, " %s %s @%d", f.Name, f.Type, f.Offset)
		if f.BitWidth > 0 {
			fmt.Fprintf(&b, ":%d:%d", f.BitOffset, f.BitWidth)
		}
	}
	b.WriteString(" }")
	return b.String()
}

// Lookup finds the field name in t, also inside anonymous struct and union
// members. It returns the path of fields from t to it (the anonymous
// members first), or nil.
func (t *StructType) Lookup(name string) []*Field {
	for _, f := range t.Fields {
		if f.Name == name {
			return []*Field{f}
		}
		if f.Name == "" {
			if st, ok := f.Type.(*StructType); ok {
				if p := st.Lookup(name); p != nil {
					return append([]*Field{f}, p...)
				}
			}
		}
	}
	return nil
}

// isIncomplete reports whether t is, or is an array of, a struct or union
// that was declared but never defined.
func isIncomplete(t Type) bool {
	switch t := t.(type) {
	case *StructType:
		return t.incomplete
	case *ArrayType:
		return isIncomplete(t.Elem)
	}
	return false
}

// Size implements Type.
func (*FuncType) Size() int64 { return 0 }

// Align implements Type.
func (*FuncType) Align() int64 { return 1 }

// String returns the type in the short spelling of the IR text.
func (t *FuncType) String() string {
	var b strings.Builder
	b.WriteString(t.Result.String())
	b.WriteString(" (")
	for i, p := range t.Params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.String())
	}
	if t.Variadic {
		b.WriteString(", ...")
	}
	b.WriteString(")")
	return b.String()
}

// isInteger reports whether t is an integer type (bool included).
func isInteger(t Type) bool { _, ok := t.(*IntType); return ok }

// isPointer reports whether t is a pointer type.
func isPointer(t Type) bool { _, ok := t.(*PointerType); return ok }

// isScalar reports whether t is an integer or pointer type.
func isScalar(t Type) bool { return isInteger(t) || isPointer(t) }

// sameType reports whether a and b are the same type.
func sameType(a, b Type) bool {
	switch a := a.(type) {
	case *IntType:
		b, ok := b.(*IntType)
		return ok && *a == *b
	case *VoidType:
		_, ok := b.(*VoidType)
		return ok
	case *PointerType:
		b, ok := b.(*PointerType)
		return ok && sameType(a.Elem, b.Elem)
	case *ArrayType:
		b, ok := b.(*ArrayType)
		return ok && a.Len == b.Len && sameType(a.Elem, b.Elem)
	case *StructType:
		return a == b
	case *FuncType:
		return a == b
	}
	return false
}

// elemSize is the size by which pointer arithmetic on a T * moves: 1 for
// void (a GNU extension clang accepts).
func elemSize(elem Type) int64 {
	if _, ok := elem.(*VoidType); ok {
		return 1
	}
	if _, ok := elem.(*FuncType); ok {
		return 1
	}
	return elem.Size()
}
