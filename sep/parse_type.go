package sep

import "math/big"

// typeKeywords are the C keywords that start or continue a type name.
var typeKeywords = map[string]bool{
	"struct": true, "unsigned": true, "signed": true, "char": true, "short": true,
	"int": true, "long": true, "void": true, "_Bool": true, "bool": true,
	"const": true, "volatile": true,
}

func (p *parser) isTypedef(name string) bool {
	_, ok := p.env.Typedef(name)
	return ok
}

// startsType reports whether t can start a type name.
func (p *parser) startsType(t token) bool {
	return t.kind == tIdent && (typeKeywords[t.text] || p.isTypedef(t.text))
}

// typeName parses specifiers, then pointer stars, then an optional [N].
func (p *parser) typeName(context string) (Type, *Error) {
	start := p.tok()
	if !p.startsType(start) {
		return nil, p.errHere("expected a type %s, found %s", context, describe(start))
	}
	var (
		ty                         Type
		signed, unsigned           bool
		nChar, nShort, nInt, nLong int
		other                      string // void, bool, struct or typedef
	)
	bad := func(t token) *Error {
		return p.errAt(t.pos, "invalid type: %s cannot be combined with the preceding specifiers", t.text)
	}
	for {
		t := p.tok()
		if t.kind != tIdent {
			break
		}
		switch t.text {
		case "const", "volatile":
			p.next()
			continue
		case "signed", "unsigned":
			if signed || unsigned || other != "" {
				return nil, bad(t)
			}
			signed, unsigned = t.text == "signed", t.text == "unsigned"
		case "char", "short", "int", "long":
			if other != "" {
				return nil, bad(t)
			}
			switch t.text {
			case "char":
				nChar++
			case "short":
				nShort++
			case "int":
				nInt++
			case "long":
				nLong++
			}
			if nChar > 1 || nShort > 1 || nInt > 1 || nLong > 2 ||
				nChar+nShort+nLong > 1 && !(nLong == 2 && nChar+nShort == 0) ||
				nChar == 1 && nInt == 1 {
				return nil, bad(t)
			}
		case "void", "_Bool", "bool":
			if other != "" || signed || unsigned || nChar+nShort+nInt+nLong > 0 {
				return nil, bad(t)
			}
			other = t.text
			if t.text == "void" {
				ty = &VoidType{}
			} else {
				ty = &BoolType{}
			}
		case "struct":
			if other != "" || signed || unsigned || nChar+nShort+nInt+nLong > 0 {
				return nil, bad(t)
			}
			p.next()
			n := p.tok()
			if n.kind != tIdent || keywords[n.text] {
				return nil, p.errHere("expected a struct name after 'struct', found %s", describe(n))
			}
			other = "struct"
			ty = &StructType{Name: n.text}
		default:
			td, ok := p.env.Typedef(t.text)
			if !ok || other != "" || signed || unsigned || nChar+nShort+nInt+nLong > 0 {
				goto done
			}
			other = t.text
			ty = td
		}
		p.next()
	}
done:
	if other == "" {
		size := 4
		switch {
		case nChar == 1:
			size = 1
		case nShort == 1:
			size = 2
		case nLong > 0:
			size = 8
		}
		// char is signed on the BPF target, as on x86.
		ty = &IntType{Size: size, Signed: !unsigned}
	}
	for {
		switch {
		case p.got("*"):
			ty = &PointerType{Elem: ty}
			continue
		case p.got("**"):
			ty = &PointerType{Elem: &PointerType{Elem: ty}}
			continue
		}
		break
	}
	if p.is("[") {
		lb := p.next()
		n := p.tok()
		if n.kind != tInt || n.val.Cmp(big.NewInt(1<<40)) > 0 {
			return nil, p.errHere("expected an array length after '[', found %s", describe(n))
		}
		p.next()
		if err := p.expect("]", "after the array length at "+lb.pos.String()); err != nil {
			return nil, err
		}
		ty = &ArrayType{Elem: ty, Len: n.val.Int64()}
	}
	if _, ok := ty.(*VoidType); ok && context != "in cast" && context != "type" {
		return nil, p.errAt(start.pos, "void is not a type %s", context)
	}
	return ty, nil
}
