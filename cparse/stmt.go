package cparse

import "vep/sep"

// A Stmt is a statement of a function body.
type Stmt interface {
	Pos() Pos
	String() string
	stmt()
}

// Block is a compound statement.
type Block struct {
	At    Pos
	Stmts []Stmt
}

// Decl declares a local variable, with its initialiser (nil if none).
type Decl struct {
	At   Pos
	Var  *Var
	Init *Init
}

// Init is an initialiser: a scalar initialiser is Expr; an aggregate one
// (Expr nil) zeroes the whole object and then stores Items.
type Init struct {
	Expr  Expr
	Items []InitItem
}

// InitItem stores Value at byte Offset of the initialised object, or, when
// Bytes is set, the bytes of a string literal.
type InitItem struct {
	Offset int64
	Value  Expr
	Bytes  []byte
	// Field is set for a bit-field member: the value goes into its bits.
	Field *Field
}

// Assign stores RHS into the place LHS. For a compound assignment or an
// increment Op is the operator (as in "+=": OpAdd) and RHS already computes
// the new value from OldValue, the value of LHS before the assignment,
// which must be read once from the place LHS evaluates to; Op is OpNone for
// a plain assignment. RHS has LHS's type.
type Assign struct {
	At  Pos
	LHS Expr
	Op  BinOp
	RHS Expr
}

// ExprStmt evaluates X for its side effects and discards its value.
type ExprStmt struct {
	At Pos
	X  Expr
}

// If is an if statement; Else is nil without an else branch. Cond is a
// scalar compared against zero.
type If struct {
	At   Pos
	Cond Expr
	Then Stmt
	Else Stmt
}

// While is a while loop with its optional invariant.
type While struct {
	At   Pos
	Inv  *Invariant
	Cond Expr
	Body Stmt
}

// DoWhile is a do … while loop.
type DoWhile struct {
	At   Pos
	Inv  *Invariant
	Body Stmt
	Cond Expr
}

// For is a for loop. Init and Post are nil when absent (Init is a Decl or
// Block of Decls for a declaration), Cond is nil for "always".
type For struct {
	At   Pos
	Inv  *Invariant
	Init Stmt
	Cond Expr
	Post Stmt
	Body Stmt
}

// Switch is a switch statement. Control enters the first Case whose Values
// hold Tag's value, else the Default case, else leaves; it falls through
// from one Case's Body into the next unless it breaks.
type Switch struct {
	At    Pos
	Tag   Expr
	Cases []*Case
}

// Case is one group of labels of a switch and the statements after them.
type Case struct {
	At      Pos
	Values  []int64 // converted to the type of the switch's Tag
	Default bool
	Body    []Stmt
}

// Break is a break statement.
type Break struct{ At Pos }

// Continue is a continue statement.
type Continue struct{ At Pos }

// Return returns X (nil for void), converted to the function's result type.
type Return struct {
	At Pos
	X  Expr
}

// Assert is an annotation /*@ P */ standing as a statement.
type Assert struct {
	At      Pos
	Annot   *Annotation
	Formula sep.Formula
}

// Pos returns the node's position in the source.
func (s *Block) Pos() Pos { return s.At }

// Pos returns the node's position in the source.
func (s *Decl) Pos() Pos { return s.At }

// Pos returns the node's position in the source.
func (s *Assign) Pos() Pos { return s.At }

// Pos returns the node's position in the source.
func (s *ExprStmt) Pos() Pos { return s.At }

// Pos returns the node's position in the source.
func (s *If) Pos() Pos { return s.At }

// Pos returns the node's position in the source.
func (s *While) Pos() Pos { return s.At }

// Pos returns the node's position in the source.
func (s *DoWhile) Pos() Pos { return s.At }

// Pos returns the node's position in the source.
func (s *For) Pos() Pos { return s.At }

// Pos returns the node's position in the source.
func (s *Switch) Pos() Pos { return s.At }

// Pos returns the node's position in the source.
func (s *Break) Pos() Pos { return s.At }

// Pos returns the node's position in the source.
func (s *Continue) Pos() Pos { return s.At }

// Pos returns the node's position in the source.
func (s *Return) Pos() Pos { return s.At }

// Pos returns the node's position in the source.
func (s *Assert) Pos() Pos { return s.At }

func (*Block) stmt()    {}
func (*Decl) stmt()     {}
func (*Assign) stmt()   {}
func (*ExprStmt) stmt() {}
func (*If) stmt()       {}
func (*While) stmt()    {}
func (*DoWhile) stmt()  {}
func (*For) stmt()      {}
func (*Switch) stmt()   {}
func (*Break) stmt()    {}
func (*Continue) stmt() {}
func (*Return) stmt()   {}
func (*Assert) stmt()   {}
