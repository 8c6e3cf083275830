package sep

import (
	"math/big"
	"strconv"
)

// term parses t at the loosest term precedence (bitwise or).
func (p *parser) term() (Term, *Error) {
	if m := p.termMemo[p.i]; m.done {
		p.i = m.end
		return m.t, m.err
	}
	start := p.i
	t, err := p.binaryTerm(0)
	if err != nil {
		t = nil
	}
	p.termMemo[start] = memo{true, t, p.i, err}
	return t, err
}

// binLevels lists the binary term operators from loosest to tightest, as
// in C. "++" (list concatenation) shares the level of + and -.
var binLevels = [][]string{
	{"|"},
	{"^"},
	{"&"},
	{"<<", ">>"},
	{"+", "-", "++"},
	{"*", "/", "%"},
}

var binOps = map[string]BinaryOp{
	"+": Add, "-": Sub, "*": Mul, "/": Div, "%": Rem,
	"&": BitAnd, "|": BitOr, "^": BitXor, "<<": Shl, ">>": Shr,
}

func (p *parser) binaryTerm(level int) (Term, *Error) {
	if level == len(binLevels) {
		return p.unaryTerm()
	}
	x, err := p.binaryTerm(level + 1)
	if err != nil {
		return nil, err
	}
	for {
		t := p.tok()
		if t.kind != tPunct || !contains(binLevels[level], t.text) {
			return x, nil
		}
		save := p.i
		p.next()
		y, err := p.binaryTerm(level + 1)
		if err != nil {
			if t.text == "*" {
				// Not a multiplication: '*' between formulas is
				// separating conjunction, decided by the caller.
				p.i = save
				return x, nil
			}
			return nil, err
		}
		if t.text == "++" {
			x = &Concat{At: t.pos, X: x, Y: y}
		} else {
			x = &Binary{At: t.pos, Op: binOps[t.text], X: x, Y: y}
		}
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func (p *parser) unaryTerm() (Term, *Error) {
	if m := p.unaryMemo[p.i]; m.done {
		p.i = m.end
		return m.t, m.err
	}
	start := p.i
	t, err := p.unaryTerm1()
	if err != nil {
		t = nil
	}
	p.unaryMemo[start] = memo{true, t, p.i, err}
	return t, err
}

func (p *parser) unaryTerm1() (Term, *Error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	t := p.tok()
	if t.kind == tPunct {
		switch t.text {
		case "-":
			p.next()
			if n := p.tok(); n.kind == tInt && !isPostfix(p.peek(1)) {
				p.next()
				return &Int{At: t.pos, Val: new(big.Int).Neg(n.val)}, nil
			}
			x, err := p.unaryTerm()
			if err != nil {
				return nil, err
			}
			return &Unary{At: t.pos, Op: Neg, X: x}, nil
		case "~":
			p.next()
			x, err := p.unaryTerm()
			if err != nil {
				return nil, err
			}
			return &Unary{At: t.pos, Op: BitNot, X: x}, nil
		case "*":
			p.next()
			x, err := p.unaryTerm()
			if err != nil {
				return nil, err
			}
			return &Deref{At: t.pos, X: x}, nil
		case "&":
			p.next()
			x, err := p.unaryTerm()
			if err != nil {
				return nil, err
			}
			switch x := x.(type) {
			case *Var:
				if x.Pre || x.Name == ReturnName {
					return nil, p.errAt(x.At, "cannot take the address of %s", x)
				}
			case *Field, *Index, *Deref:
			case *Reg:
				return nil, p.errAt(x.At, "cannot take the address of register %s", x)
			default:
				return nil, p.errAt(x.Pos(), "cannot take the address of %s", x)
			}
			return &AddrOf{At: t.pos, X: x}, nil
		case "(":
			if p.startsType(p.peek(1)) {
				p.next()
				ty, err := p.typeName("in cast")
				if err != nil {
					return nil, err
				}
				if err := p.expect(")", "after the type of a cast"); err != nil {
					return nil, err
				}
				x, err := p.unaryTerm()
				if err != nil {
					return nil, err
				}
				return &Cast{At: t.pos, Type: ty, X: x}, nil
			}
		}
	}
	var x Term
	var err *Error
	if t.kind == tIdent && (t.text == "sizeof" || t.text == "offsetof") {
		x, err = p.sizeof()
	} else {
		x, err = p.primary()
	}
	if err != nil {
		return nil, err
	}
	return p.postfix(x)
}

func isPostfix(t token) bool {
	return t.kind == tPunct && (t.text == "[" || t.text == "." || t.text == "->" || t.text == "@")
}

func (p *parser) sizeof() (Term, *Error) {
	t := p.next()
	if err := p.expect("(", "after "+t.text); err != nil {
		return nil, err
	}
	tyPos := p.tok().pos
	ty, err := p.typeName("in " + t.text)
	if err != nil {
		return nil, err
	}
	if t.text == "sizeof" {
		if err := p.expect(")", "after the type of sizeof"); err != nil {
			return nil, err
		}
		if _, e := SizeOf(p.env, ty); e != nil {
			return nil, p.errAt(tyPos, "sizeof(%s): %v", ty, e)
		}
		return &Sizeof{At: t.pos, Type: ty}, nil
	}
	if err := p.expect(",", "after the type of offsetof"); err != nil {
		return nil, err
	}
	f := p.tok()
	if f.kind != tIdent {
		return nil, p.errHere("expected a field name in offsetof, found %s", describe(f))
	}
	p.next()
	if err := p.expect(")", "after the field of offsetof"); err != nil {
		return nil, err
	}
	if _, _, e := OffsetOf(p.env, ty, f.text); e != nil {
		return nil, p.errAt(f.pos, "offsetof(%s, %s): %v", ty, f.text, e)
	}
	return &Offsetof{At: t.pos, Type: ty, Field: f.text}, nil
}

// funcs are the functions a term may call, with their arity.
var funcs = map[string]int{
	"len": 1, "repeat": 2,
	"value_size": 1, "key_size": 1, "max_entries": 1, "inner": 1,
}

func isRegName(s string) bool {
	if len(s) < 2 || len(s) > 3 || s[0] != 'R' {
		return false
	}
	n, err := strconv.Atoi(s[1:])
	return err == nil && 0 <= n && n <= 10 && strconv.Itoa(n) == s[1:]
}

func (p *parser) primary() (Term, *Error) {
	t := p.tok()
	switch t.kind {
	case tInt:
		p.next()
		return &Int{At: t.pos, Val: t.val}, nil
	case tIdent:
		if keywords[t.text] {
			return nil, p.errHere("expected a term, found keyword %s", t.text)
		}
		if p.isTypedef(t.text) {
			return nil, p.errHere("expected a term, found type name %s", t.text)
		}
		if n := p.peek(1); n.kind == tPunct && n.text == "(" {
			return p.call()
		}
		p.next()
		if p.mode == ModeBytecode && isRegName(t.text) {
			n, _ := strconv.Atoi(t.text[1:])
			r := &Reg{At: t.pos, N: n}
			pre, err := p.atPre(t)
			r.Pre = pre
			return r, err
		}
		v := &Var{At: t.pos, Name: t.text}
		pre, err := p.atPre(t)
		v.Pre = pre
		return v, err
	case tPunct:
		switch t.text {
		case "(":
			p.next()
			x, err := p.term()
			if err != nil {
				return nil, err
			}
			if err := p.expect(")", "to close '(' at "+t.pos.String()); err != nil {
				return nil, err
			}
			return x, nil
		case "[":
			p.next()
			l := &ListLit{At: t.pos, Elems: []Term{}}
			if p.got("]") {
				return l, nil
			}
			for {
				x, err := p.term()
				if err != nil {
					return nil, err
				}
				l.Elems = append(l.Elems, x)
				if p.got(",") {
					continue
				}
				if err := p.expect("]", "after the elements of a list"); err != nil {
					return nil, err
				}
				return l, nil
			}
		}
	}
	return nil, p.errHere("expected a term, found %s", describe(t))
}

// atPre parses an optional @pre after the name t.
func (p *parser) atPre(t token) (bool, *Error) {
	if !p.is("@") {
		return false, nil
	}
	p.next()
	if !p.is("pre") {
		return false, p.errHere("expected 'pre' after '@', found %s", describe(p.tok()))
	}
	p.next()
	if t.text == ReturnName {
		return false, p.errAt(t.pos, "%s has no value at entry", ReturnName)
	}
	return true, nil
}

func (p *parser) call() (Term, *Error) {
	t := p.next()
	arity, ok := funcs[t.text]
	if !ok {
		if _, isPred := p.predSig(t.text); isPred {
			return nil, p.errAt(t.pos, "predicate %s used as a term", t.text)
		}
		return nil, p.errAt(t.pos, "unknown function %s", t.text)
	}
	p.next() // '('
	var args []Term
	for k := 0; k < arity; k++ {
		if k > 0 {
			if p.is(")") {
				return nil, p.errHere("%s takes %d arguments, found %d", t.text, arity, k)
			}
			if err := p.expect(",", "after argument "+strconv.Itoa(k)+" of "+t.text); err != nil {
				return nil, err
			}
		}
		a, err := p.term()
		if err != nil {
			return nil, err
		}
		args = append(args, a)
	}
	if p.is(",") {
		return nil, p.errHere("%s takes %d argument(s), found more", t.text, arity)
	}
	if err := p.expect(")", "after arguments of "+t.text); err != nil {
		return nil, err
	}
	switch t.text {
	case "len":
		return &Len{At: t.pos, X: args[0]}, nil
	case "repeat":
		return &Repeat{At: t.pos, V: args[0], N: args[1]}, nil
	}
	return &Call{At: t.pos, Fun: t.text, Args: args}, nil
}

func (p *parser) postfix(x Term) (Term, *Error) {
	for {
		t := p.tok()
		if t.kind != tPunct {
			return x, nil
		}
		switch t.text {
		case "[":
			p.next()
			i, err := p.term()
			if err != nil {
				return nil, err
			}
			switch {
			case p.got("]"):
				x = &Index{At: t.pos, X: x, I: i}
			case p.got(":"):
				j, err := p.term()
				if err != nil {
					return nil, err
				}
				if err := p.expect("]", "after a slice"); err != nil {
					return nil, err
				}
				x = &Slice{At: t.pos, X: x, Lo: i, Hi: j}
			case p.got(":="):
				v, err := p.term()
				if err != nil {
					return nil, err
				}
				if err := p.expect("]", "after a list update"); err != nil {
					return nil, err
				}
				x = &Update{At: t.pos, X: x, I: i, V: v}
			default:
				return nil, p.errHere("expected ']', ':' or ':=' after index, found %s", describe(p.tok()))
			}
		case ".", "->":
			p.next()
			f := p.tok()
			if f.kind != tIdent {
				return nil, p.errHere("expected a field name after '%s', found %s", t.text, describe(f))
			}
			p.next()
			x = &Field{At: t.pos, X: x, Name: f.text, Arrow: t.text == "->"}
		case "@":
			return nil, p.errHere("@pre only follows a name")
		default:
			return x, nil
		}
	}
}
