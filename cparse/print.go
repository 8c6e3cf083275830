package cparse

import (
	"fmt"
	"strconv"
	"strings"
)

// The compact text form of the IR: expressions are S-expressions with their
// types where a reader needs them, statements are C-like and fit on one
// line. It is meant for tests and debugging, not to be parsed back.

var binOpNames = [...]string{
	OpNone: "=", OpAdd: "+", OpSub: "-", OpMul: "*", OpDiv: "/", OpMod: "%",
	OpShl: "<<", OpShr: ">>", OpAnd: "&", OpOr: "|", OpXor: "^",
	OpEq: "==", OpNe: "!=", OpLt: "<", OpLe: "<=", OpGt: ">", OpGe: ">=",
}

// String returns the operator's C spelling.
func (op BinOp) String() string {
	if int(op) < len(binOpNames) {
		return binOpNames[op]
	}
	return "BinOp(" + strconv.Itoa(int(op)) + ")"
}

// String returns the operator's name: neg, cpl or not.
func (op UnOp) String() string {
	switch op {
	case OpNeg:
		return "neg"
	case OpCpl:
		return "cpl"
	case OpNot:
		return "not"
	}
	return "UnOp(" + strconv.Itoa(int(op)) + ")"
}

// String returns the node in the compact text form of the IR.
func (x *IntLit) String() string {
	if it, ok := x.T.(*IntType); ok && !it.Signed && x.Val < 0 {
		return fmt.Sprintf("%d:%s", uint64(x.Val), x.T)
	}
	return fmt.Sprintf("%d:%s", x.Val, x.T)
}

// String returns the node in the compact text form of the IR.
func (x *VarRef) String() string { return x.Var.Name }

// String returns the node in the compact text form of the IR.
func (x *Deref) String() string { return fmt.Sprintf("(deref %s %s)", x.T, x.Ptr) }

// String returns the node in the compact text form of the IR.
func (x *FieldRef) String() string { return fmt.Sprintf("(field %s %s)", x.X, fieldString(x.F)) }

func fieldString(f *Field) string {
	name := f.Name
	if name == "" {
		name = "<anon>"
	}
	if f.BitWidth > 0 {
		return fmt.Sprintf(".%s@%d:%d:%d", name, f.Offset, f.BitOffset, f.BitWidth)
	}
	return fmt.Sprintf(".%s@%d", name, f.Offset)
}

// String returns the node in the compact text form of the IR.
func (x *Index) String() string { return fmt.Sprintf("(index %s %s *%d)", x.X, x.Idx, x.ElemSize) }

// String returns the node in the compact text form of the IR.
func (x *Load) String() string { return fmt.Sprintf("(load %s)", x.X) }

// String returns the node in the compact text form of the IR.
func (x *AddrOf) String() string { return fmt.Sprintf("(addr %s)", x.X) }

// String returns the node in the compact text form of the IR.
func (x *MapRef) String() string { return fmt.Sprintf("(map %s)", x.Map.Name) }

// String returns the node in the compact text form of the IR.
func (x *Cast) String() string { return fmt.Sprintf("(cast %s %s)", x.T, x.X) }

// String returns the node in the compact text form of the IR.
func (x *Unary) String() string {
	if x.Op == OpNot {
		return fmt.Sprintf("(not %s)", x.X)
	}
	return fmt.Sprintf("(%s %s %s)", x.Op, x.T, x.X)
}

// String returns the node in the compact text form of the IR.
func (x *Binary) String() string {
	return fmt.Sprintf("(%s %s %s %s)", x.Op, x.Operand, x.X, x.Y)
}

// String returns the node in the compact text form of the IR.
func (x *PtrArith) String() string {
	op := "ptr+"
	if x.Sub {
		op = "ptr-"
	}
	return fmt.Sprintf("(%s *%d %s %s)", op, x.ElemSize, x.Ptr, x.Idx)
}

// String returns the node in the compact text form of the IR.
func (x *PtrDiff) String() string {
	return fmt.Sprintf("(ptrdiff *%d %s %s)", x.ElemSize, x.X, x.Y)
}

// String returns the node in the compact text form of the IR.
func (x *Logical) String() string {
	op := "||"
	if x.And {
		op = "&&"
	}
	return fmt.Sprintf("(%s %s %s)", op, x.X, x.Y)
}

// String returns the node in the compact text form of the IR.
func (x *CondExpr) String() string { return fmt.Sprintf("(? %s %s %s)", x.C, x.X, x.Y) }

// String returns the node in the compact text form of the IR.
func (x *Comma) String() string { return fmt.Sprintf("(, %s %s)", x.X, x.Y) }

func assignOp(op BinOp) string {
	if op == OpNone {
		return "="
	}
	return op.String() + "="
}

// String returns the node in the compact text form of the IR.
func (x *AssignExpr) String() string {
	post := ""
	if x.Post {
		post = "post"
	}
	return fmt.Sprintf("(%s%s %s %s)", post, assignOp(x.Op), x.LHS, x.RHS)
}

// String returns the node in the compact text form of the IR.
func (x *OldValue) String() string { return "old" }

// String returns the node in the compact text form of the IR.
func (x *Call) String() string {
	var b strings.Builder
	switch x.Kind {
	case CallHelper:
		fmt.Fprintf(&b, "(helper %d %s", x.Helper, x.Name)
	case CallBuiltin:
		fmt.Fprintf(&b, "(builtin %s", x.Builtin)
	default:
		fmt.Fprintf(&b, "(call %s", x.Name)
	}
	for _, a := range x.Args {
		b.WriteString(" ")
		b.WriteString(a.String())
	}
	b.WriteString(")")
	return b.String()
}

// String returns the node in the compact text form of the IR.
func (s *Block) String() string {
	parts := make([]string, len(s.Stmts))
	for i, st := range s.Stmts {
		parts[i] = st.String()
	}
	return "{" + strings.Join(parts, "; ") + "}"
}

// String returns the node in the compact text form of the IR.
func (s *Decl) String() string {
	addr := ""
	if s.Var.AddrTaken {
		addr = "&"
	}
	str := fmt.Sprintf("decl %s%s %s", addr, s.Var.Type, s.Var.Name)
	if s.Init != nil {
		str += " = " + s.Init.String()
	}
	return str
}

// String returns the scalar initialiser, or the items of an aggregate one:
// {off: value, ...}.
func (in *Init) String() string {
	if in.Expr != nil {
		return in.Expr.String()
	}
	parts := make([]string, len(in.Items))
	for i, it := range in.Items {
		switch {
		case it.Bytes != nil:
			parts[i] = fmt.Sprintf("%d: %q", it.Offset, it.Bytes)
		case it.Field != nil:
			parts[i] = fmt.Sprintf("%d%s: %s", it.Offset, fieldString(it.Field), it.Value)
		default:
			parts[i] = fmt.Sprintf("%d: %s", it.Offset, it.Value)
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// String returns the node in the compact text form of the IR.
func (s *Assign) String() string { return fmt.Sprintf("%s %s %s", s.LHS, assignOp(s.Op), s.RHS) }

// String returns the node in the compact text form of the IR.
func (s *ExprStmt) String() string { return s.X.String() }

// String returns the node in the compact text form of the IR.
func (s *If) String() string {
	str := fmt.Sprintf("if %s %s", s.Cond, s.Then)
	if s.Else != nil {
		str += " else " + s.Else.String()
	}
	return str
}

// String returns the node in the compact text form of the IR.
func (inv *Invariant) String() string {
	if inv == nil {
		return ""
	}
	s := "/*@ Inv " + inv.Inv.String()
	if inv.Variant != nil {
		s += " Variant " + inv.Variant.String()
	}
	return s + " */ "
}

// String returns the node in the compact text form of the IR.
func (s *While) String() string { return fmt.Sprintf("%swhile %s %s", s.Inv, s.Cond, s.Body) }

// String returns the node in the compact text form of the IR.
func (s *DoWhile) String() string { return fmt.Sprintf("%sdo %s while %s", s.Inv, s.Body, s.Cond) }

// String returns the node in the compact text form of the IR.
func (s *For) String() string {
	var init, cond, post string
	if s.Init != nil {
		init = s.Init.String()
	}
	if s.Cond != nil {
		cond = s.Cond.String()
	}
	if s.Post != nil {
		post = s.Post.String()
	}
	return fmt.Sprintf("%sfor (%s; %s; %s) %s", s.Inv, init, cond, post, s.Body)
}

// String returns the node in the compact text form of the IR.
func (s *Switch) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "switch %s {", s.Tag)
	for _, c := range s.Cases {
		for _, v := range c.Values {
			fmt.Fprintf(&b, "case %d: ", v)
		}
		if c.Default {
			b.WriteString("default: ")
		}
		parts := make([]string, len(c.Body))
		for i, st := range c.Body {
			parts[i] = st.String()
		}
		b.WriteString(strings.Join(parts, "; "))
		b.WriteString("; ")
	}
	b.WriteString("}")
	return b.String()
}

// String returns the node in the compact text form of the IR.
func (s *Break) String() string { return "break" }

// String returns the node in the compact text form of the IR.
func (s *Continue) String() string { return "continue" }

// String returns the node in the compact text form of the IR.
func (s *Return) String() string {
	if s.X == nil {
		return "return"
	}
	return "return " + s.X.String()
}

// String returns the node in the compact text form of the IR.
func (s *Assert) String() string { return "/*@ " + s.Formula.String() + " */" }

// String returns the function's signature, contract and body on one line
// each.
func (f *Function) String() string {
	var b strings.Builder
	if f.Section != "" {
		fmt.Fprintf(&b, "SEC(%q) ", f.Section)
	}
	switch f.Inline {
	case InlineAlways:
		b.WriteString("always_inline ")
	case InlineNever:
		b.WriteString("noinline ")
	}
	fmt.Fprintf(&b, "%s %s(", f.Result, f.Name)
	for i, p := range f.Params {
		if i > 0 {
			b.WriteString(", ")
		}
		addr := ""
		if p.AddrTaken {
			addr = "&"
		}
		fmt.Fprintf(&b, "%s%s %s", addr, p.Type, p.Name)
	}
	b.WriteString(")\n")
	if c := f.Contract; c != nil {
		b.WriteString("/*@")
		if len(c.With) > 0 {
			b.WriteString(" With " + strings.Join(c.With, " "))
		}
		if c.Require != nil {
			b.WriteString(" Require " + c.Require.String())
		}
		if c.Ensure != nil {
			b.WriteString(" Ensure " + c.Ensure.String())
		}
		b.WriteString(" */\n")
	}
	b.WriteString(f.Body.String())
	return b.String()
}

// String describes the map: "counts: type 1 key 4 value 8 max 64 flags 0".
func (m *Map) String() string {
	s := fmt.Sprintf("%s: type %d key %d value %d max %d flags %d", m.Name, m.Type, m.KeySize, m.ValueSize, m.MaxEntries, m.Flags)
	if m.Inner != nil {
		s += " inner (" + m.Inner.String() + ")"
	}
	return s
}
