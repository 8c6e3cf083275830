package cparse

// An Expr is a typed expression. Every implicit conversion of C is an
// explicit Cast node, so an operator's operands have the operator's type.
//
// Places (lvalues) are VarRef, Deref, FieldRef and Index; they denote
// storage, not a value. A place is read by Load, written by Assign or
// AssignExpr, and its address is taken by AddrOf (also for the decay of an
// array to a pointer to its first element).
type Expr interface {
	Type() Type
	Pos() Pos
	String() string
	expr()
}

// IntLit is an integer constant of type T (an integer or, for a null
// pointer constant after its Cast, a pointer). Val holds the value's
// two's-complement bits, so a u64 above 2^63 is negative.
type IntLit struct {
	At  Pos
	T   Type
	Val int64
}

// VarRef is the place of a variable.
type VarRef struct {
	At  Pos
	Var *Var
}

// Deref is the place *Ptr of T's Size() bytes.
type Deref struct {
	At  Pos
	T   Type
	Ptr Expr
}

// FieldRef is the place of field F of the struct or union place X, at
// F.Offset bytes into it. Storing into a bit-field replaces its bits in
// its storage unit and keeps the others.
type FieldRef struct {
	At Pos
	X  Expr
	F  *Field
}

// Index is the place X[Idx] of the array place X, ElemSize bytes per
// element. Idx is an s64 or u64.
type Index struct {
	At       Pos
	X        Expr
	Idx      Expr
	ElemSize int64
}

// Load reads the place X: a scalar of X.Type().Size() bytes, the bits of a
// bit-field for a FieldRef of one (the unit of F.UnitSize bytes at
// F.Offset, shifted right by F.BitOffset and cut to F.BitWidth bits, sign
// extended for a signed type), or, for a struct, a copy of all its bytes
// (struct assignment and initialisation).
type Load struct {
	At Pos
	X  Expr
}

// AddrOf is the address of the place X, of pointer type T. For the decay
// of an array, T points to the array's element type.
type AddrOf struct {
	At Pos
	X  Expr
	T  *PointerType
}

// MapRef is the address of a map definition (&counts), of type T.
type MapRef struct {
	At  Pos
	Map *Map
	T   Type
}

// Cast converts X to T (integer to integer, pointer to and from integer,
// pointer to pointer, scalar to bool: != 0, anything to void).
type Cast struct {
	At Pos
	X  Expr
	T  Type
}

// UnOp is a unary operator.
type UnOp int

// The unary operators.
const (
	OpNeg UnOp = iota // -x
	OpCpl             // ~x
	OpNot             // !x: 1 if x == 0, else 0 (int)
)

// Unary applies Op to X. For OpNeg and OpCpl the type is X's (promoted)
// type; OpNot yields s32 and accepts any scalar.
type Unary struct {
	At Pos
	Op UnOp
	X  Expr
	T  Type
}

// BinOp is a binary operator.
type BinOp int

// The binary operators. OpNone marks a plain assignment.
const (
	OpNone BinOp = iota
	OpAdd
	OpSub
	OpMul
	OpDiv
	OpMod
	OpShl
	OpShr
	OpAnd
	OpOr
	OpXor
	OpEq
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
)

// IsCompare reports whether op is a comparison.
func (op BinOp) IsCompare() bool { return op >= OpEq }

// Binary applies Op to X and Y, which both have type Operand (after the
// usual arithmetic conversions; for a shift, the promoted left operand's
// type). Signedness of Operand decides signed or unsigned division,
// remainder, right shift and comparison. A comparison yields s32 (T),
// otherwise T equals Operand. Pointer comparisons have a pointer Operand.
type Binary struct {
	At      Pos
	Op      BinOp
	X, Y    Expr
	Operand Type
	T       Type
}

// PtrArith is Ptr + Idx or Ptr - Idx (Sub) scaled by ElemSize; Idx is s64
// or u64 and T is Ptr's type.
type PtrArith struct {
	At       Pos
	Sub      bool
	Ptr      Expr
	Idx      Expr
	ElemSize int64
}

// PtrDiff is (X - Y) / ElemSize of two pointers, an s64.
type PtrDiff struct {
	At       Pos
	X, Y     Expr
	ElemSize int64
}

// Logical is X && Y (And) or X || Y with short-circuit evaluation; X and Y
// are scalars compared against zero; the result is s32 0 or 1.
type Logical struct {
	At  Pos
	And bool
	X   Expr
	Y   Expr
}

// CondExpr is C ? X : Y; X and Y have type T.
type CondExpr struct {
	At   Pos
	C    Expr
	X, Y Expr
	T    Type
}

// Comma evaluates X, then Y, and yields Y.
type Comma struct {
	At   Pos
	X, Y Expr
}

// AssignExpr is an assignment used as a value, as Assign (see there) with
// the value it yields: the new value, or for a post-increment or
// post-decrement (Post) the old one.
type AssignExpr struct {
	At   Pos
	LHS  Expr
	Op   BinOp
	RHS  Expr
	Post bool
}

// OldValue is, inside the RHS of a compound Assign or AssignExpr, the value
// the LHS held before the assignment.
type OldValue struct {
	At Pos
	T  Type
}

// CallKind says what a Call calls.
type CallKind int

// The kinds of call.
const (
	CallFunc    CallKind = iota // a function of the program (Func)
	CallHelper                  // a BPF helper (Helper is its id)
	CallBuiltin                 // a compiler builtin (Builtin is its name)
)

// Call is a call; Args are converted to the parameter types. Builtins:
// __sync_fetch_and_add/or/and/xor and __sync_add_and_fetch (pointer, value
// of the pointee type), __builtin_memcpy (dst, src, constant size),
// __builtin_memset (dst, byte as s32, constant size) and
// __builtin_bswap16/32/64.
type Call struct {
	At      Pos
	Kind    CallKind
	Name    string // the C name called
	Func    *Function
	Helper  int64
	Builtin string
	Args    []Expr
	T       Type
}

// Type returns the integer type of the literal.
func (x *IntLit) Type() Type { return x.T }

// Type returns the variable's type.
func (x *VarRef) Type() Type { return x.Var.Type }

// Type returns the pointee type.
func (x *Deref) Type() Type { return x.T }

// Type returns the field's type.
func (x *FieldRef) Type() Type { return x.F.Type }

// Type returns the element type.
func (x *Index) Type() Type { return x.X.Type().(*ArrayType).Elem }

// Type returns the type of the place read.
func (x *Load) Type() Type { return x.X.Type() }

// Type returns the pointer type.
func (x *AddrOf) Type() Type { return x.T }

// Type returns the pointer type of the map reference.
func (x *MapRef) Type() Type { return x.T }

// Type returns the target type.
func (x *Cast) Type() Type { return x.T }

// Type returns the result type.
func (x *Unary) Type() Type { return x.T }

// Type returns the result type.
func (x *Binary) Type() Type { return x.T }

// Type returns the pointer's type.
func (x *PtrArith) Type() Type { return x.Ptr.Type() }

// Type returns s64.
func (x *PtrDiff) Type() Type { return S64 }

// Type returns s32.
func (x *Logical) Type() Type { return S32 }

// Type returns the type of both branches.
func (x *CondExpr) Type() Type { return x.T }

// Type returns Y's type.
func (x *Comma) Type() Type { return x.Y.Type() }

// Type returns the LHS's type.
func (x *AssignExpr) Type() Type { return x.LHS.Type() }

// Type returns the LHS's type.
func (x *OldValue) Type() Type { return x.T }

// Type returns the result type.
func (x *Call) Type() Type { return x.T }

// Pos returns the node's position in the source.
func (x *IntLit) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *VarRef) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *Deref) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *FieldRef) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *Index) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *Load) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *AddrOf) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *MapRef) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *Cast) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *Unary) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *Binary) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *PtrArith) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *PtrDiff) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *Logical) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *CondExpr) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *Comma) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *AssignExpr) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *OldValue) Pos() Pos { return x.At }

// Pos returns the node's position in the source.
func (x *Call) Pos() Pos { return x.At }

func (*IntLit) expr()     {}
func (*VarRef) expr()     {}
func (*Deref) expr()      {}
func (*FieldRef) expr()   {}
func (*Index) expr()      {}
func (*Load) expr()       {}
func (*AddrOf) expr()     {}
func (*MapRef) expr()     {}
func (*Cast) expr()       {}
func (*Unary) expr()      {}
func (*Binary) expr()     {}
func (*PtrArith) expr()   {}
func (*PtrDiff) expr()    {}
func (*Logical) expr()    {}
func (*CondExpr) expr()   {}
func (*Comma) expr()      {}
func (*AssignExpr) expr() {}
func (*OldValue) expr()   {}
func (*Call) expr()       {}
