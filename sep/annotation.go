package sep

// AnnotationKind says where an annotation may stand.
type AnnotationKind int

// Annotation kinds.
const (
	// Contract is a function contract: With, Require and Ensure clauses
	// between the parameters and the body.
	Contract AnnotationKind = iota
	// LoopInv is a loop invariant, Inv P with an optional Variant e,
	// before for, while or do.
	LoopInv
	// Assertion is P or Assert P, standing as a statement.
	Assertion
)

// Annotation is the parsed content of one /*@ … */ comment.
type Annotation struct {
	Kind AnnotationKind
	At   Pos // position of the first token

	// With are the logical constants a contract introduces (Contract).
	With []Ident
	// Require and Ensure are the pre- and postcondition (Contract); nil
	// when the clause is absent. Repeated clauses are joined with &&.
	Require, Ensure Formula

	// Inv is the invariant and Variant the optional termination measure
	// (LoopInv).
	Inv     Formula
	Variant Term

	// Assert is the asserted formula (Assertion).
	Assert Formula
}

// ParseAnnotation parses the text of an annotation comment, without the
// /*@ and */ delimiters:
//
//	With x y … Require P Ensure Q     (each clause optional, With first;
//	                                   Require and Ensure may repeat)
//	Inv P Variant e                   (also Inv: P; Variant optional)
//	Assert P                          (also just P)
//
// The clause keywords are reserved in annotations. ParseAnnotation checks
// the syntax only; names are bound by the caller (see Check).
func ParseAnnotation(src string, cfg *Config) (*Annotation, error) {
	p, err := newParser(src, cfg)
	if err != nil {
		return nil, err
	}
	a, perr := p.annotation()
	if perr == nil {
		perr = p.expectEOF("annotation")
	}
	if perr != nil {
		return nil, p.far
	}
	return a, nil
}

func (p *parser) annotation() (*Annotation, *Error) {
	t := p.tok()
	a := &Annotation{At: t.pos}
	switch {
	case p.is("Inv"):
		a.Kind = LoopInv
		p.next()
		p.got(":")
		f, err := p.formula()
		if err != nil {
			return nil, err
		}
		a.Inv = f
		if p.got("Variant") {
			p.got(":")
			v, err := p.term()
			if err != nil {
				return nil, err
			}
			a.Variant = v
		}
		return a, nil
	case p.is("With") || p.is("Require") || p.is("Ensure"):
		a.Kind = Contract
		if p.got("With") {
			for p.tok().kind == tIdent && !keywords[p.tok().text] {
				v := p.next()
				if err := p.checkBinder(v); err != nil {
					return nil, err
				}
				a.With = append(a.With, Ident{At: v.pos, Name: v.text})
			}
			if len(a.With) == 0 {
				return nil, p.errHere("expected a name after With, found %s", describe(p.tok()))
			}
		}
		for p.is("Require") || p.is("Ensure") {
			kw := p.next()
			p.got(":")
			f, err := p.formula()
			if err != nil {
				return nil, err
			}
			if kw.text == "Require" {
				a.Require = conjoin(a.Require, f)
			} else {
				a.Ensure = conjoin(a.Ensure, f)
			}
		}
		return a, nil
	}
	a.Kind = Assertion
	if p.got("Assert") {
		p.got(":")
	}
	f, err := p.formula()
	if err != nil {
		return nil, err
	}
	a.Assert = f
	return a, nil
}

func conjoin(a, b Formula) Formula {
	if a == nil {
		return b
	}
	return &And{At: b.Pos(), X: a, Y: b}
}
