package sep

import (
	"fmt"
	"strings"
)

// Mode selects the level an annotation is written at.
type Mode int

const (
	// ModeC is the C level: every name is a C variable, a logical
	// constant, a bound variable or a map.
	ModeC Mode = iota
	// ModeBytecode is the bytecode level: R0 … R10 are registers.
	ModeBytecode
)

// Config controls parsing. The zero Config parses C-level annotations with
// the Builtin type names, positions starting at 1:1.
type Config struct {
	Mode  Mode
	Types TypeEnv // resolves typedef and struct names; nil means Builtin
	Start Pos     // position of the text's first byte; zero means 1:1
}

// maxDepth bounds the nesting of parentheses and prefix operators.
const maxDepth = 1000

// ParseFormula parses an assertion. The error, if any, is an *Error whose
// position is the place the text stops making sense.
func ParseFormula(src string, cfg *Config) (Formula, error) {
	p, err := newParser(src, cfg)
	if err != nil {
		return nil, err
	}
	f, perr := p.formula()
	if perr == nil {
		perr = p.expectEOF("assertion")
	}
	if perr != nil {
		return nil, p.far
	}
	return f, nil
}

// ParseTerm parses a term.
func ParseTerm(src string, cfg *Config) (Term, error) {
	p, err := newParser(src, cfg)
	if err != nil {
		return nil, err
	}
	t, perr := p.term()
	if perr == nil {
		perr = p.expectEOF("term")
	}
	if perr != nil {
		return nil, p.far
	}
	return t, nil
}

// ParseType parses a C type name such as "unsigned char *" or "struct iphdr".
func ParseType(src string, cfg *Config) (Type, error) {
	p, err := newParser(src, cfg)
	if err != nil {
		return nil, err
	}
	t, perr := p.typeName("type")
	if perr == nil {
		perr = p.expectEOF("type")
	}
	if perr != nil {
		return nil, p.far
	}
	return t, nil
}

// memo is a remembered parse result at one token position; it keeps the
// backtracking over '(' and '*' linear.
type memo struct {
	done bool
	t    Term
	end  int
	err  *Error
}

type parser struct {
	toks  []token
	i     int
	mode  Mode
	env   TypeEnv
	depth int
	far   *Error // the error furthest into the text seen so far

	termMemo, unaryMemo []memo // indexed by token position
}

func newParser(src string, cfg *Config) (*parser, error) {
	var c Config
	if cfg != nil {
		c = *cfg
	}
	if c.Types == nil {
		c.Types = Builtin
	}
	toks, err := lex(src, c.Start)
	if err != nil {
		return nil, err
	}
	return &parser{
		toks: toks, mode: c.Mode, env: c.Types,
		termMemo: make([]memo, len(toks)), unaryMemo: make([]memo, len(toks)),
	}, nil
}

func (p *parser) tok() token { return p.toks[p.i] }
func (p *parser) peek(k int) token {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	return p.toks[len(p.toks)-1]
}
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

// is reports whether the current token is the punctuation or keyword s.
func (p *parser) is(s string) bool {
	t := p.tok()
	return (t.kind == tPunct || t.kind == tIdent) && t.text == s
}

// got consumes the current token if it is s.
func (p *parser) got(s string) bool {
	if p.is(s) {
		p.next()
		return true
	}
	return false
}

// errAt records an error and returns it.
func (p *parser) errAt(pos Pos, format string, args ...any) *Error {
	e := errorf(pos, format, args...)
	if p.far == nil || after(e.Pos, p.far.Pos) {
		p.far = e
	}
	return e
}

func (p *parser) errHere(format string, args ...any) *Error {
	return p.errAt(p.tok().pos, format, args...)
}

func after(a, b Pos) bool {
	return a.Line > b.Line || a.Line == b.Line && a.Col > b.Col
}

// expect consumes s or reports "expected s context, found X".
func (p *parser) expect(s, context string) *Error {
	if p.got(s) {
		return nil
	}
	return p.errHere("expected '%s' %s, found %s", s, context, describe(p.tok()))
}

func (p *parser) expectEOF(what string) *Error {
	if p.tok().kind == tEOF {
		return nil
	}
	return p.errHere("unexpected %s after %s", describe(p.tok()), what)
}

func (p *parser) enter() *Error {
	p.depth++
	if p.depth > maxDepth {
		return p.errHere("annotation nested too deeply")
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "end of annotation"
	case tIdent:
		return "'" + t.text + "'"
	case tInt:
		return "integer " + t.text
	}
	return "'" + t.text + "'"
}

// keywords cannot be used as names.
var keywords = map[string]bool{
	"exists": true, "forall": true, "true": true, "false": true, "emp": true,
	"sizeof": true, "offsetof": true,
	"struct": true, "unsigned": true, "signed": true, "char": true, "short": true,
	"int": true, "long": true, "void": true, "_Bool": true, "bool": true,
	"const": true, "volatile": true,
	// clause keywords of annotations
	"With": true, "Require": true, "Ensure": true, "Inv": true, "Variant": true, "Assert": true,
}

// formula parses P at the loosest precedence.
func (p *parser) formula() (Formula, *Error) {
	x, err := p.orFormula()
	if err != nil {
		return nil, err
	}
	if p.is("=>") {
		pos := p.next().pos
		y, err := p.formula() // right-associative
		if err != nil {
			return nil, err
		}
		return &Implies{At: pos, X: x, Y: y}, nil
	}
	return x, nil
}

func (p *parser) orFormula() (Formula, *Error) {
	x, err := p.andFormula()
	for err == nil && p.is("||") {
		pos := p.next().pos
		var y Formula
		if y, err = p.andFormula(); err == nil {
			x = &Or{At: pos, X: x, Y: y}
		}
	}
	return x, err
}

func (p *parser) andFormula() (Formula, *Error) {
	x, err := p.sepFormula()
	for err == nil && p.is("&&") {
		pos := p.next().pos
		var y Formula
		if y, err = p.sepFormula(); err == nil {
			x = &And{At: pos, X: x, Y: y}
		}
	}
	return x, err
}

func (p *parser) sepFormula() (Formula, *Error) {
	x, err := p.unaryFormula()
	for err == nil && (p.is("*") || p.is("**")) {
		pos := p.next().pos
		var y Formula
		if y, err = p.unaryFormula(); err == nil {
			x = &Sep{At: pos, X: x, Y: y}
		}
	}
	return x, err
}

func (p *parser) unaryFormula() (Formula, *Error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	t := p.tok()
	switch {
	case p.is("!"):
		p.next()
		x, err := p.unaryFormula()
		if err != nil {
			return nil, err
		}
		return &Not{At: t.pos, X: x}, nil
	case t.kind == tIdent && (t.text == "exists" || t.text == "forall"):
		p.next()
		var vars []Ident
		for p.tok().kind == tIdent {
			v := p.next()
			if err := p.checkBinder(v); err != nil {
				return nil, err
			}
			vars = append(vars, Ident{At: v.pos, Name: v.text})
		}
		if len(vars) == 0 {
			return nil, p.errHere("expected a variable after %s, found %s", t.text, describe(p.tok()))
		}
		if err := p.expect(",", "after the variables of "+t.text); err != nil {
			return nil, err
		}
		body, err := p.formula() // extends as far right as possible
		if err != nil {
			return nil, err
		}
		if t.text == "exists" {
			return &Exists{At: t.pos, Vars: vars, Body: body}, nil
		}
		return &Forall{At: t.pos, Vars: vars, Body: body}, nil
	}
	return p.atom()
}

func (p *parser) checkBinder(v token) *Error {
	switch {
	case keywords[v.text]:
		return p.errAt(v.pos, "keyword %s cannot be a bound variable", v.text)
	case v.text == ReturnName:
		return p.errAt(v.pos, "%s cannot be a bound variable", ReturnName)
	case p.mode == ModeBytecode && isRegName(v.text):
		return p.errAt(v.pos, "register %s cannot be a bound variable", v.text)
	case p.isTypedef(v.text):
		return p.errAt(v.pos, "type name %s cannot be a bound variable", v.text)
	}
	return nil
}

func (p *parser) atom() (Formula, *Error) {
	t := p.tok()
	if t.kind == tIdent {
		switch t.text {
		case "true", "false":
			p.next()
			return &Bool{At: t.pos, Val: t.text == "true"}, nil
		case "emp":
			p.next()
			return &Emp{At: t.pos}, nil
		}
		if p.peek(1).kind == tPunct && p.peek(1).text == "(" {
			if sig, ok := p.predSig(t.text); ok {
				return p.pred(sig)
			}
		}
	}
	if p.is("(") {
		// Either a parenthesised formula or a comparison whose left
		// term starts with '(' (a parenthesised term or a cast).
		start := p.i
		f, err := p.comparison()
		if err == nil {
			return f, nil
		}
		p.i = start
		p.next()
		f, err = p.formula()
		if err != nil {
			return nil, err
		}
		if err := p.expect(")", "to close '(' at "+t.pos.String()); err != nil {
			return nil, err
		}
		return f, nil
	}
	return p.comparison()
}

var cmpOps = map[string]CmpOp{"==": Eq, "!=": Ne, "<": Lt, "<=": Le, ">": Gt, ">=": Ge}

func (p *parser) comparison() (Formula, *Error) {
	x, err := p.term()
	if err != nil {
		return nil, err
	}
	op, ok := cmpOps[p.tok().text]
	if !ok || p.tok().kind != tPunct {
		return nil, p.errHere("expected a comparison (==, !=, <, <=, >, >=) after the term %s, found %s", x, describe(p.tok()))
	}
	opTok := p.next()
	y, err := p.term()
	if err != nil {
		return nil, err
	}
	if _, ok := cmpOps[p.tok().text]; ok && p.tok().kind == tPunct {
		return nil, p.errHere("comparisons do not chain: write a %s b && b %s c", opTok.text, p.tok().text)
	}
	pos := opTok.pos
	return &Cmp{At: pos, Op: op, X: x, Y: y}, nil
}

// predSig describes the arguments of a predicate: 't' a term, 'T' a type.
type predSig struct {
	name   string
	params string // one letter per argument
	names  string // argument names for messages
}

var predSigs = map[string]predSig{
	"chars":       {"chars", "ttt", "p, n, l"},
	"array":       {"array", "tTtt", "p, T, n, l"},
	"undef_chars": {"undef_chars", "tt", "p, n"},
	"undef_array": {"undef_array", "tTt", "p, T, n"},
	"store_chars": {"store_chars", "tt", "p, q"},
	"data_at":     {"data_at", "tTt", "p, T, v"},
	"map_value":   {"map_value", "tt", "m, p"},
	"ctx":         {"ctx", "t", "p"},
}

func (p *parser) predSig(name string) (predSig, bool) {
	if s, ok := predSigs[name]; ok {
		return s, true
	}
	if st, ok := strings.CutPrefix(name, "store_"); ok && st != "" {
		return predSig{name, "t", "p"}, true
	}
	return predSig{}, false
}

func (p *parser) pred(sig predSig) (Formula, *Error) {
	t := p.next()
	if st, ok := strings.CutPrefix(sig.name, "store_"); ok && sig.name != "store_chars" {
		if _, ok := p.env.Struct(st); !ok {
			return nil, p.errAt(t.pos, "unknown predicate %s: struct %s is not defined", sig.name, st)
		}
	}
	p.next() // '('
	pr := &Pred{At: t.pos, Name: sig.name}
	for k, kind := range sig.params {
		if k > 0 {
			if p.is(")") {
				return nil, p.errHere("%s takes %d arguments (%s), found %d", sig.name, len(sig.params), sig.names, k)
			}
			if err := p.expect(",", fmt.Sprintf("after argument %d of %s", k, sig.name)); err != nil {
				return nil, err
			}
		}
		if kind == 'T' {
			ty, err := p.typeName(fmt.Sprintf("as argument %d of %s", k+1, sig.name))
			if err != nil {
				return nil, err
			}
			pr.Type = ty
			continue
		}
		a, err := p.term()
		if err != nil {
			return nil, err
		}
		pr.Args = append(pr.Args, a)
	}
	if p.is(",") {
		return nil, p.errHere("%s takes %d arguments (%s), found more", sig.name, len(sig.params), sig.names)
	}
	if err := p.expect(")", "after arguments of "+sig.name); err != nil {
		return nil, err
	}
	return pr, nil
}
