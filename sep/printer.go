package sep

import (
	"strconv"
	"strings"
)

// Precedence of terms, loosest first. Binary levels follow binLevels.
const (
	precBitOr = iota + 1
	precBitXor
	precBitAnd
	precShift
	precAdd
	precMul
	precUnary
	precPostfix
	precPrimary
)

// Precedence of formulas, loosest first.
const (
	fprecQuant = iota
	fprecImplies
	fprecOr
	fprecAnd
	fprecSep
	fprecNot
	fprecAtom
)

var binOpText = [...]string{Add: "+", Sub: "-", Mul: "*", Div: "/", Rem: "%",
	BitAnd: "&", BitOr: "|", BitXor: "^", Shl: "<<", Shr: ">>"}

var binOpPrec = [...]int{Add: precAdd, Sub: precAdd, Mul: precMul, Div: precMul, Rem: precMul,
	BitAnd: precBitAnd, BitOr: precBitOr, BitXor: precBitXor, Shl: precShift, Shr: precShift}

var cmpOpText = [...]string{Eq: "==", Ne: "!=", Lt: "<", Le: "<=", Gt: ">", Ge: ">="}

// String returns the operator's spelling.
func (op BinaryOp) String() string {
	if op < 0 || int(op) >= len(binOpText) {
		return "?"
	}
	return binOpText[op]
}

// String returns the operator's spelling.
func (op CmpOp) String() string {
	if op < 0 || int(op) >= len(cmpOpText) {
		return "?"
	}
	return cmpOpText[op]
}

// String returns the operator's spelling.
func (op UnaryOp) String() string {
	if op == BitNot {
		return "~"
	}
	return "-"
}

// termPrec returns the precedence at which t prints without parentheses.
func termPrec(t Term) int {
	switch t := t.(type) {
	case *Binary:
		if t.Op < 0 || int(t.Op) >= len(binOpPrec) {
			return precPrimary
		}
		return binOpPrec[t.Op]
	case *Concat:
		return precAdd
	case *Unary, *Deref, *AddrOf, *Cast:
		return precUnary
	case *Int:
		if t.Val != nil && t.Val.Sign() < 0 {
			return precUnary
		}
		return precPrimary
	case *Field, *Index, *Slice, *Update:
		return precPostfix
	}
	return precPrimary
}

// writeTerm prints t, parenthesised if its precedence is below prec.
func writeTerm(b *strings.Builder, t Term, prec int) {
	if t == nil {
		b.WriteString("<nil>")
		return
	}
	if termPrec(t) < prec {
		b.WriteByte('(')
		writeTerm(b, t, 0)
		b.WriteByte(')')
		return
	}
	switch t := t.(type) {
	case *Int:
		if t.Val == nil {
			b.WriteString("<nil>")
		} else if t.Val.IsInt64() {
			var buf [24]byte
			b.Write(strconv.AppendInt(buf[:0], t.Val.Int64(), 10))
		} else {
			b.WriteString(t.Val.String())
		}
	case *Var:
		b.WriteString(t.Name)
		if t.Pre {
			b.WriteString("@pre")
		}
	case *Reg:
		b.WriteString("R")
		b.WriteString(strconv.Itoa(t.N))
		if t.Pre {
			b.WriteString("@pre")
		}
	case *Unary:
		b.WriteString(t.Op.String())
		writeOperand(b, t.X)
	case *Deref:
		b.WriteString("*")
		writeOperand(b, t.X)
	case *AddrOf:
		b.WriteString("&")
		writeOperand(b, t.X)
	case *Cast:
		b.WriteString("(")
		b.WriteString(typeString(t.Type))
		b.WriteString(") ")
		writeTerm(b, t.X, precUnary)
	case *Binary:
		p := termPrec(t)
		writeTerm(b, t.X, p)
		b.WriteString(" " + t.Op.String() + " ")
		writeTerm(b, t.Y, p+1)
	case *Concat:
		writeTerm(b, t.X, precAdd)
		b.WriteString(" ++ ")
		writeTerm(b, t.Y, precAdd+1)
	case *Call:
		b.WriteString(t.Fun)
		writeArgs(b, t.Args...)
	case *Len:
		b.WriteString("len")
		writeArgs(b, t.X)
	case *Repeat:
		b.WriteString("repeat")
		writeArgs(b, t.V, t.N)
	case *Field:
		writeTerm(b, t.X, precPostfix)
		if t.Arrow {
			b.WriteString("->")
		} else {
			b.WriteString(".")
		}
		b.WriteString(t.Name)
	case *Index:
		writeTerm(b, t.X, precPostfix)
		b.WriteString("[")
		writeTerm(b, t.I, 0)
		b.WriteString("]")
	case *Slice:
		writeTerm(b, t.X, precPostfix)
		b.WriteString("[")
		writeTerm(b, t.Lo, 0)
		b.WriteString(":")
		writeTerm(b, t.Hi, 0)
		b.WriteString("]")
	case *Update:
		writeTerm(b, t.X, precPostfix)
		b.WriteString("[")
		writeTerm(b, t.I, 0)
		b.WriteString(" := ")
		writeTerm(b, t.V, 0)
		b.WriteString("]")
	case *ListLit:
		b.WriteString("[")
		for i, e := range t.Elems {
			if i > 0 {
				b.WriteString(", ")
			}
			writeTerm(b, e, 0)
		}
		b.WriteString("]")
	case *Sizeof:
		b.WriteString("sizeof(" + typeString(t.Type) + ")")
	case *Offsetof:
		b.WriteString("offsetof(" + typeString(t.Type) + ", " + t.Field + ")")
	}
}

// writeOperand prints the operand of a prefix operator. An operand that
// would start with an operator character (or is a literal that the parser
// would fold into a negative literal) is parenthesised, so that "- -x",
// "&&x" and "-5" never arise by accident.
func writeOperand(b *strings.Builder, x Term) {
	var s strings.Builder
	writeTerm(&s, x, precUnary)
	str := s.String()
	_, isInt := x.(*Int)
	if isInt || str != "" && strings.ContainsRune("-~*&!+", rune(str[0])) {
		b.WriteString("(" + str + ")")
		return
	}
	b.WriteString(str)
}

func writeArgs(b *strings.Builder, args ...Term) {
	b.WriteString("(")
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		writeTerm(b, a, 0)
	}
	b.WriteString(")")
}

func formulaPrec(f Formula) int {
	switch f.(type) {
	case *Exists, *Forall:
		return fprecQuant
	case *Implies:
		return fprecImplies
	case *Or:
		return fprecOr
	case *And:
		return fprecAnd
	case *Sep:
		return fprecSep
	case *Not:
		return fprecNot
	}
	return fprecAtom
}

// writeFormula prints f, parenthesised if its precedence is below prec. A
// quantifier that is an operand is always parenthesised, since its body
// would otherwise extend to the right.
func writeFormula(b *strings.Builder, f Formula, prec int) {
	if f == nil {
		b.WriteString("<nil>")
		return
	}
	if formulaPrec(f) < prec {
		b.WriteByte('(')
		writeFormula(b, f, 0)
		b.WriteByte(')')
		return
	}
	switch f := f.(type) {
	case *Bool:
		if f.Val {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case *Emp:
		b.WriteString("emp")
	case *Cmp:
		writeTerm(b, f.X, 0)
		b.WriteString(" " + f.Op.String() + " ")
		writeTerm(b, f.Y, 0)
	case *Pred:
		b.WriteString(f.Name + "(")
		for i, a := range f.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeTerm(b, a, 0)
			if i == 0 && f.Type != nil {
				b.WriteString(", " + f.Type.String())
			}
		}
		b.WriteString(")")
	case *Not:
		b.WriteString("!")
		writeFormula(b, f.X, fprecNot)
	case *And:
		writeFormula(b, f.X, fprecAnd)
		b.WriteString(" && ")
		writeFormula(b, f.Y, fprecAnd+1)
	case *Or:
		writeFormula(b, f.X, fprecOr)
		b.WriteString(" || ")
		writeFormula(b, f.Y, fprecOr+1)
	case *Implies:
		writeFormula(b, f.X, fprecImplies+1)
		b.WriteString(" => ")
		writeFormula(b, f.Y, fprecImplies)
	case *Sep:
		writeFormula(b, f.X, fprecSep)
		// '*' followed by a comparison would be read as multiplication.
		if _, isCmp := f.Y.(*Cmp); isCmp {
			b.WriteString(" ** ")
		} else {
			b.WriteString(" * ")
		}
		writeFormula(b, f.Y, fprecSep+1)
	case *Exists:
		writeQuant(b, "exists", f.Vars, f.Body)
	case *Forall:
		writeQuant(b, "forall", f.Vars, f.Body)
	}
}

func writeQuant(b *strings.Builder, q string, vars []Ident, body Formula) {
	b.WriteString(q)
	for _, v := range vars {
		b.WriteString(" " + v.Name)
	}
	b.WriteString(", ")
	writeFormula(b, body, 0)
}

// String prints the Int in parseable syntax.
func (x *Int) String() string { return termString(x) }

// String prints the Var in parseable syntax.
func (x *Var) String() string { return termString(x) }

// String prints the Reg in parseable syntax.
func (x *Reg) String() string { return termString(x) }

// String prints the Unary in parseable syntax.
func (x *Unary) String() string { return termString(x) }

// String prints the Binary in parseable syntax.
func (x *Binary) String() string { return termString(x) }

// String prints the Call in parseable syntax.
func (x *Call) String() string { return termString(x) }

// String prints the Cast in parseable syntax.
func (x *Cast) String() string { return termString(x) }

// String prints the Field in parseable syntax.
func (x *Field) String() string { return termString(x) }

// String prints the Index in parseable syntax.
func (x *Index) String() string { return termString(x) }

// String prints the Slice in parseable syntax.
func (x *Slice) String() string { return termString(x) }

// String prints the Update in parseable syntax.
func (x *Update) String() string { return termString(x) }

// String prints the Concat in parseable syntax.
func (x *Concat) String() string { return termString(x) }

// String prints the Len in parseable syntax.
func (x *Len) String() string { return termString(x) }

// String prints the Repeat in parseable syntax.
func (x *Repeat) String() string { return termString(x) }

// String prints the ListLit in parseable syntax.
func (x *ListLit) String() string { return termString(x) }

// String prints the Deref in parseable syntax.
func (x *Deref) String() string { return termString(x) }

// String prints the AddrOf in parseable syntax.
func (x *AddrOf) String() string { return termString(x) }

// String prints the Sizeof in parseable syntax.
func (x *Sizeof) String() string { return termString(x) }

// String prints the Offsetof in parseable syntax.
func (x *Offsetof) String() string { return termString(x) }

// String prints the Bool in parseable syntax.
func (x *Bool) String() string { return formulaString(x) }

// String prints the Emp in parseable syntax.
func (x *Emp) String() string { return formulaString(x) }

// String prints the Cmp in parseable syntax.
func (x *Cmp) String() string { return formulaString(x) }

// String prints the Pred in parseable syntax.
func (x *Pred) String() string { return formulaString(x) }

// String prints the Not in parseable syntax.
func (x *Not) String() string { return formulaString(x) }

// String prints the And in parseable syntax.
func (x *And) String() string { return formulaString(x) }

// String prints the Or in parseable syntax.
func (x *Or) String() string { return formulaString(x) }

// String prints the Implies in parseable syntax.
func (x *Implies) String() string { return formulaString(x) }

// String prints the Sep in parseable syntax.
func (x *Sep) String() string { return formulaString(x) }

// String prints the Exists in parseable syntax.
func (x *Exists) String() string { return formulaString(x) }

// String prints the Forall in parseable syntax.
func (x *Forall) String() string { return formulaString(x) }

func termString(t Term) string {
	var b strings.Builder
	writeTerm(&b, t, 0)
	return b.String()
}

func formulaString(f Formula) string {
	var b strings.Builder
	writeFormula(&b, f, 0)
	return b.String()
}
