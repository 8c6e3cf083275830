package cparse

import (
	"strconv"
	"strings"

	"vep/sep"
)

// isInv reports whether annotation text is a loop invariant ("Inv P" or
// "Inv: P").
func isInv(text string) bool {
	t := strings.TrimLeft(text, " \t\r\n")
	return strings.HasPrefix(t, "Inv") && (len(t) == 3 || !isIdentByte(t[3]) && (t[3] < '0' || t[3] > '9'))
}

// expanded is the macro-expanded text of an annotation with the byte
// offset of each of its tokens.
type expanded struct {
	annot *Annotation
	toks  []atok
	start []int // byte offset of toks[i] in annot.Expanded
}

// expandAnnotation tokenises and macro-expands a raw annotation. Enum
// constants that no C variable or With constant shadows become their
// values.
func (l *lowerer) expandAnnotation(a *rawComment) (*expanded, error) {
	base := a.off + 3
	l.annotAt = a.off
	toks := annotTokens(a.text, base)
	count := 0
	exp, xerr := l.macros.expand(toks, a.off, map[string]bool{}, &count)
	if xerr != nil {
		return nil, errorf(l.file.pos(xerr.off), "%s", xerr.msg)
	}
	for i, t := range exp {
		if v, ok := l.enums[t.text]; ok && !l.cName(t.text) {
			exp[i].text = strconv.FormatInt(v, 10)
			if v < 0 {
				exp[i].text = "(" + exp[i].text + ")"
			}
		}
	}
	an := &Annotation{Pos: l.file.pos(a.off), Raw: a.text, file: l.file}
	e := &expanded{annot: an, toks: exp}
	var b strings.Builder
	orig := []int{}
	last := base
	for _, t := range exp {
		sp := t.sp
		if !t.raw && sp != "" {
			sp = " "
		}
		for k := 0; k < len(sp); k++ {
			orig = append(orig, last)
		}
		b.WriteString(sp)
		e.start = append(e.start, b.Len())
		b.WriteString(t.text)
		for k := 0; k < len(t.text); k++ {
			if t.raw {
				orig = append(orig, t.orig+k)
			} else {
				orig = append(orig, t.orig)
			}
		}
		last = t.orig
		if t.raw {
			last = t.orig + len(t.text)
		}
	}
	orig = append(orig, last)
	an.Expanded = b.String()
	an.expOrig = orig
	an.lineStart = []int{0}
	for i := 0; i < len(an.Expanded); i++ {
		if an.Expanded[i] == '\n' {
			an.lineStart = append(an.lineStart, i+1)
		}
	}
	return e, nil
}

// sepPos returns the position, in Expanded, of byte offset off.
func (e *expanded) sepPos(off int) sep.Pos {
	ls := e.annot.lineStart
	line := 1
	for line < len(ls) && ls[line] <= off {
		line++
	}
	return sep.Pos{Line: line, Col: off - ls[line-1] + 1}
}

// clause returns the text of tokens [i, j) and the position it starts at.
func (e *expanded) clause(i, j int) (string, sep.Pos) {
	if i >= j {
		off := len(e.annot.Expanded)
		if i < len(e.start) {
			off = e.start[i]
		}
		return "", e.sepPos(off)
	}
	end := len(e.annot.Expanded)
	if j < len(e.start) {
		end = e.start[j]
	}
	return e.annot.Expanded[e.start[i]:end], e.sepPos(e.start[i])
}

// tokPos is the file position of token i (or of the annotation's end).
func (e *expanded) tokPos(i int) Pos {
	if i < len(e.toks) {
		return e.annot.file.pos(e.toks[i].orig)
	}
	return e.annot.FilePos(e.sepPos(len(e.annot.Expanded)))
}

// sepErr maps an error of package sep into the file.
func (e *expanded) sepErr(err error) error {
	switch x := err.(type) {
	case *sep.Error:
		return errorf(e.annot.FilePos(x.Pos), "%s", x.Msg)
	case sep.ErrorList:
		var out ErrorList
		for _, y := range x {
			out = append(out, errorf(e.annot.FilePos(y.Pos), "%s", y.Msg))
		}
		return out
	}
	return errorf(e.annot.Pos, "%v", err)
}

func (l *lowerer) sepConfig(start sep.Pos) *sep.Config {
	return &sep.Config{Mode: sep.ModeC, Types: l.prog.Types, Start: start}
}

// formula parses tokens [i, j) as an assertion and checks its names.
func (l *lowerer) formula(e *expanded, i, j int, what string, ensure bool) (sep.Formula, error) {
	text, start := e.clause(i, j)
	if strings.TrimSpace(text) == "" {
		return nil, errorf(e.tokPos(i), "empty %s", what)
	}
	f, err := sep.ParseFormula(text, l.sepConfig(start))
	if err != nil {
		return nil, e.sepErr(err)
	}
	if err := sep.Check(f, l.inScope(ensure)); err != nil {
		return nil, e.sepErr(err)
	}
	return f, nil
}

// term parses tokens [i, j) as a term and checks its names.
func (l *lowerer) term(e *expanded, i, j int, what string) (sep.Term, error) {
	text, start := e.clause(i, j)
	if strings.TrimSpace(text) == "" {
		return nil, errorf(e.tokPos(i), "empty %s", what)
	}
	t, err := sep.ParseTerm(text, l.sepConfig(start))
	if err != nil {
		return nil, e.sepErr(err)
	}
	if err := sep.Check(t, l.inScope(false)); err != nil {
		return nil, e.sepErr(err)
	}
	return t, nil
}

// cName reports whether name is a C variable in scope or a With constant.
func (l *lowerer) cName(name string) bool {
	if l.fs == nil {
		return false
	}
	for _, s := range l.fs.scopes {
		for _, n := range s {
			if n == name {
				return true
			}
		}
	}
	for _, w := range l.fs.with {
		if w == name {
			return true
		}
	}
	return false
}

// inScope decides which names an annotation may use: C variables in
// scope, With constants, maps, macros (a name left after expansion, such as
// a function-like macro written without arguments) and, in an Ensure
// clause, __return.
func (l *lowerer) inScope(ensure bool) func(string) bool {
	return func(name string) bool {
		if name == sep.ReturnName {
			return ensure
		}
		if d := l.macros.defs[name]; d != nil && d.off < l.annotAt {
			return true
		}
		return l.cName(name) || l.mapName[name] != nil
	}
}

// contract parses a function contract: With x y … Require P Ensure Q.
func (l *lowerer) contract(a *rawComment) (*Contract, error) {
	e, err := l.expandAnnotation(a)
	if err != nil {
		return nil, err
	}
	c := &Contract{Annot: e.annot}
	kw := map[string]int{}
	var order []int
	for i, t := range e.toks {
		switch t.text {
		case "With", "Require", "Ensure":
			if _, dup := kw[t.text]; dup {
				return nil, errorf(e.tokPos(i), "%s given twice in a contract", t.text)
			}
			kw[t.text] = i
			order = append(order, i)
		case "Inv", "Variant", "Assert":
			return nil, errorf(e.tokPos(i), "%s in a function contract (which has With, Require and Ensure)", t.text)
		}
	}
	if len(e.toks) == 0 || len(order) == 0 || order[0] != 0 {
		return nil, errorf(e.tokPos(0), "a contract starts with With, Require or Ensure")
	}
	rank := map[string]int{"With": 0, "Require": 1, "Ensure": 2}
	for k := 1; k < len(order); k++ {
		if rank[e.toks[order[k]].text] < rank[e.toks[order[k-1]].text] {
			return nil, errorf(e.tokPos(order[k]), "contract clauses must come in the order With, Require, Ensure")
		}
	}
	end := func(k int) int {
		if k+1 < len(order) {
			return order[k+1]
		}
		return len(e.toks)
	}
	// With first: its constants are in scope in the other clauses.
	for k, i := range order {
		if e.toks[i].text != "With" {
			continue
		}
		for j := i + 1; j < end(k); j++ {
			t := e.toks[j]
			if t.text == "," {
				continue
			}
			if !isIdentStart(t.text) {
				return nil, errorf(e.tokPos(j), "With lists names, not %q", t.text)
			}
			if l.cName(t.text) {
				return nil, errorf(e.tokPos(j), "With constant %s shadows a parameter", t.text)
			}
			c.With = append(c.With, t.text)
		}
		if len(c.With) == 0 {
			return nil, errorf(e.tokPos(i), "With without names")
		}
	}
	saved := l.fs.with
	l.fs.with = c.With
	defer func() { l.fs.with = saved }()
	for k, i := range order {
		var err error
		switch e.toks[i].text {
		case "Require":
			c.Require, err = l.formula(e, i+1, end(k), "Require clause", false)
		case "Ensure":
			c.Ensure, err = l.formula(e, i+1, end(k), "Ensure clause", true)
		}
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

// invariant parses Inv P [Variant e].
func (l *lowerer) invariant(a *rawComment) (*Invariant, error) {
	e, err := l.expandAnnotation(a)
	if err != nil {
		return nil, err
	}
	inv := &Invariant{Annot: e.annot}
	i := 1
	if i < len(e.toks) && e.toks[i].text == ":" {
		i++
	}
	v := len(e.toks)
	for j := i; j < len(e.toks); j++ {
		switch e.toks[j].text {
		case "Variant":
			if v != len(e.toks) {
				return nil, errorf(e.tokPos(j), "Variant given twice")
			}
			v = j
		case "Inv", "With", "Require", "Ensure", "Assert":
			return nil, errorf(e.tokPos(j), "%s inside a loop invariant", e.toks[j].text)
		}
	}
	if inv.Inv, err = l.formula(e, i, v, "loop invariant", false); err != nil {
		return nil, err
	}
	if v < len(e.toks) {
		if inv.Variant, err = l.term(e, v+1, len(e.toks), "Variant"); err != nil {
			return nil, err
		}
	}
	return inv, nil
}

// assertion parses /*@ P */ or /*@ Assert P */ as a statement; it reports
// an error and returns nil if it fails.
func (l *lowerer) assertion(a *rawComment) Stmt {
	e, err := l.expandAnnotation(a)
	if err != nil {
		l.error(err)
		return nil
	}
	i := 0
	if len(e.toks) > 0 && e.toks[0].text == "Assert" {
		i = 1
	}
	for j := i; j < len(e.toks); j++ {
		switch e.toks[j].text {
		case "With", "Require", "Ensure":
			l.error(errorf(e.tokPos(j), "misplaced contract: %s belongs between a function's parameter list and its body", e.toks[j].text))
			return nil
		case "Inv", "Variant", "Assert":
			l.error(errorf(e.tokPos(j), "%s inside an assertion", e.toks[j].text))
			return nil
		}
	}
	f, err := l.formula(e, i, len(e.toks), "assertion", false)
	if err != nil {
		l.error(err)
		return nil
	}
	return &Assert{At: e.annot.Pos, Annot: e.annot, Formula: f}
}
