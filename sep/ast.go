package sep

import "math/big"

// Node is a term or a formula. The set of node types is closed: every Node is
// one of the pointer types declared in this file.
type Node interface {
	// Pos returns the position of the node's first token or, for an
	// infix or postfix operator (a + b, a == b, a[i], s.f, p->f), of
	// the operator.
	Pos() Pos
	// String prints the node in the syntax the parser accepts, with as few
	// parentheses as the precedence rules allow.
	String() string
	node()
}

// Term is an integer, pointer or list valued expression.
type Term interface {
	Node
	term()
}

// Formula is an assertion: a pure fact or a spatial one.
type Formula interface {
	Node
	formula()
}

// ReturnName is the reserved name of the returned value in an Ensure clause.
const ReturnName = "__return"

// Terms.
type (
	// Int is an integer literal. Val is never nil; a negative literal is
	// written -5.
	Int struct {
		At  Pos
		Val *big.Int
	}

	// Var is a name: a C variable, a logical constant, a bound variable, a
	// map, or ReturnName. Pre marks x@pre, the value at function entry.
	Var struct {
		At   Pos
		Name string
		Pre  bool
	}

	// Reg is a register R0 … R10; it only occurs in bytecode annotations.
	// Pre marks R1@pre, the register's value at subprogram entry.
	Reg struct {
		At  Pos
		N   int
		Pre bool
	}

	// Unary is -X or ~X.
	Unary struct {
		At Pos
		Op UnaryOp
		X  Term
	}

	// Binary is X Op Y for an arithmetic or bitwise operator.
	Binary struct {
		At   Pos
		Op   BinaryOp
		X, Y Term
	}

	// Call is one of the map attributes value_size(m), key_size(m),
	// max_entries(m) and inner(m). Args has exactly one element.
	Call struct {
		At   Pos
		Fun  string
		Args []Term
	}

	// Cast is (Type) X.
	Cast struct {
		At   Pos
		Type Type
		X    Term
	}

	// Field is X.Name, or X->Name if Arrow.
	Field struct {
		At    Pos
		X     Term
		Name  string
		Arrow bool
	}

	// Index is X[I]: an element of a list, or of memory at a pointer.
	Index struct {
		At   Pos
		X, I Term
	}

	// Slice is X[Lo:Hi], the elements Lo … Hi-1 of a list.
	Slice struct {
		At     Pos
		X      Term
		Lo, Hi Term
	}

	// Update is X[I := V], the list X with element I replaced by V.
	Update struct {
		At      Pos
		X, I, V Term
	}

	// Concat is X ++ Y, list concatenation.
	Concat struct {
		At   Pos
		X, Y Term
	}

	// Len is len(X), the length of a list.
	Len struct {
		At Pos
		X  Term
	}

	// Repeat is repeat(V, N), the list of N copies of V.
	Repeat struct {
		At   Pos
		V, N Term
	}

	// ListLit is a list literal [a, b, …].
	ListLit struct {
		At    Pos
		Elems []Term
	}

	// Deref is *X, the contents at pointer X. A typed load *(u32 *)(p) is a
	// Deref of a Cast.
	Deref struct {
		At Pos
		X  Term
	}

	// AddrOf is &X, for X a name or a field selection.
	AddrOf struct {
		At Pos
		X  Term
	}

	// Sizeof is sizeof(Type).
	Sizeof struct {
		At   Pos
		Type Type
	}

	// Offsetof is offsetof(Type, Field).
	Offsetof struct {
		At    Pos
		Type  Type
		Field string
	}
)

// UnaryOp is the operator of a Unary term.
type UnaryOp int

// Unary operators.
const (
	Neg    UnaryOp = iota // -
	BitNot                // ~
)

// BinaryOp is the operator of a Binary term.
type BinaryOp int

// Binary operators, in C's meaning on mathematical integers: / and %
// truncate toward zero, >> is an arithmetic shift, the bitwise operators
// act on the infinite two's complement representation.
const (
	Add    BinaryOp = iota // +
	Sub                    // -
	Mul                    // *
	Div                    // /
	Rem                    // %
	BitAnd                 // &
	BitOr                  // |
	BitXor                 // ^
	Shl                    // <<
	Shr                    // >>
)

// Formulas.
type (
	// Bool is true or false.
	Bool struct {
		At  Pos
		Val bool
	}

	// Emp is emp, the empty heap.
	Emp struct {
		At Pos
	}

	// Cmp is X Op Y. Eq and Ne also compare lists.
	Cmp struct {
		At   Pos
		Op   CmpOp
		X, Y Term
	}

	// Pred is a predicate application. Type is the type argument of array,
	// undef_array and data_at (written second) and nil for the others;
	// Args are the term arguments in order.
	Pred struct {
		At   Pos
		Name string
		Type Type
		Args []Term
	}

	// Not is !X.
	Not struct {
		At Pos
		X  Formula
	}

	// And is X && Y.
	And struct {
		At   Pos
		X, Y Formula
	}

	// Or is X || Y.
	Or struct {
		At   Pos
		X, Y Formula
	}

	// Implies is X => Y.
	Implies struct {
		At   Pos
		X, Y Formula
	}

	// Sep is the separating conjunction X * Y (also written X ** Y).
	Sep struct {
		At   Pos
		X, Y Formula
	}

	// Exists is exists Vars, Body.
	Exists struct {
		At   Pos
		Vars []Ident
		Body Formula
	}

	// Forall is forall Vars, Body.
	Forall struct {
		At   Pos
		Vars []Ident
		Body Formula
	}
)

// Ident is a bound variable with its position.
type Ident struct {
	At   Pos
	Name string
}

// CmpOp is the operator of a comparison.
type CmpOp int

// Comparison operators.
const (
	Eq CmpOp = iota // ==
	Ne              // !=
	Lt              // <
	Le              // <=
	Gt              // >
	Ge              // >=
)

// Pos returns the position of the Int.
func (x *Int) Pos() Pos { return x.At }

// Pos returns the position of the Var.
func (x *Var) Pos() Pos { return x.At }

// Pos returns the position of the Reg.
func (x *Reg) Pos() Pos { return x.At }

// Pos returns the position of the Unary.
func (x *Unary) Pos() Pos { return x.At }

// Pos returns the position of the Binary.
func (x *Binary) Pos() Pos { return x.At }

// Pos returns the position of the Call.
func (x *Call) Pos() Pos { return x.At }

// Pos returns the position of the Cast.
func (x *Cast) Pos() Pos { return x.At }

// Pos returns the position of the Field.
func (x *Field) Pos() Pos { return x.At }

// Pos returns the position of the Index.
func (x *Index) Pos() Pos { return x.At }

// Pos returns the position of the Slice.
func (x *Slice) Pos() Pos { return x.At }

// Pos returns the position of the Update.
func (x *Update) Pos() Pos { return x.At }

// Pos returns the position of the Concat.
func (x *Concat) Pos() Pos { return x.At }

// Pos returns the position of the Len.
func (x *Len) Pos() Pos { return x.At }

// Pos returns the position of the Repeat.
func (x *Repeat) Pos() Pos { return x.At }

// Pos returns the position of the ListLit.
func (x *ListLit) Pos() Pos { return x.At }

// Pos returns the position of the Deref.
func (x *Deref) Pos() Pos { return x.At }

// Pos returns the position of the AddrOf.
func (x *AddrOf) Pos() Pos { return x.At }

// Pos returns the position of the Sizeof.
func (x *Sizeof) Pos() Pos { return x.At }

// Pos returns the position of the Offsetof.
func (x *Offsetof) Pos() Pos { return x.At }

// Pos returns the position of the Bool.
func (x *Bool) Pos() Pos { return x.At }

// Pos returns the position of the Emp.
func (x *Emp) Pos() Pos { return x.At }

// Pos returns the position of the Cmp.
func (x *Cmp) Pos() Pos { return x.At }

// Pos returns the position of the Pred.
func (x *Pred) Pos() Pos { return x.At }

// Pos returns the position of the Not.
func (x *Not) Pos() Pos { return x.At }

// Pos returns the position of the And.
func (x *And) Pos() Pos { return x.At }

// Pos returns the position of the Or.
func (x *Or) Pos() Pos { return x.At }

// Pos returns the position of the Implies.
func (x *Implies) Pos() Pos { return x.At }

// Pos returns the position of the Sep.
func (x *Sep) Pos() Pos { return x.At }

// Pos returns the position of the Exists.
func (x *Exists) Pos() Pos { return x.At }

// Pos returns the position of the Forall.
func (x *Forall) Pos() Pos { return x.At }

func (*Int) node()      {}
func (*Var) node()      {}
func (*Reg) node()      {}
func (*Unary) node()    {}
func (*Binary) node()   {}
func (*Call) node()     {}
func (*Cast) node()     {}
func (*Field) node()    {}
func (*Index) node()    {}
func (*Slice) node()    {}
func (*Update) node()   {}
func (*Concat) node()   {}
func (*Len) node()      {}
func (*Repeat) node()   {}
func (*ListLit) node()  {}
func (*Deref) node()    {}
func (*AddrOf) node()   {}
func (*Sizeof) node()   {}
func (*Offsetof) node() {}
func (*Bool) node()     {}
func (*Emp) node()      {}
func (*Cmp) node()      {}
func (*Pred) node()     {}
func (*Not) node()      {}
func (*And) node()      {}
func (*Or) node()       {}
func (*Implies) node()  {}
func (*Sep) node()      {}
func (*Exists) node()   {}
func (*Forall) node()   {}

func (*Int) term()      {}
func (*Var) term()      {}
func (*Reg) term()      {}
func (*Unary) term()    {}
func (*Binary) term()   {}
func (*Call) term()     {}
func (*Cast) term()     {}
func (*Field) term()    {}
func (*Index) term()    {}
func (*Slice) term()    {}
func (*Update) term()   {}
func (*Concat) term()   {}
func (*Len) term()      {}
func (*Repeat) term()   {}
func (*ListLit) term()  {}
func (*Deref) term()    {}
func (*AddrOf) term()   {}
func (*Sizeof) term()   {}
func (*Offsetof) term() {}

func (*Bool) formula()    {}
func (*Emp) formula()     {}
func (*Cmp) formula()     {}
func (*Pred) formula()    {}
func (*Not) formula()     {}
func (*And) formula()     {}
func (*Or) formula()      {}
func (*Implies) formula() {}
func (*Sep) formula()     {}
func (*Exists) formula()  {}
func (*Forall) formula()  {}

// NewInt returns the literal n without a position.
func NewInt(n int64) *Int { return &Int{Val: big.NewInt(n)} }

// NewVar returns the variable name without a position.
func NewVar(name string) *Var { return &Var{Name: name} }

// Int64 returns the literal's value if it fits in an int64.
func (x *Int) Int64() (int64, bool) {
	if x.Val == nil || !x.Val.IsInt64() {
		return 0, false
	}
	return x.Val.Int64(), true
}
