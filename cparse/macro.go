package cparse

import (
	"strings"

	"modernc.org/cc/v4"
)

// macroTable holds the macros of a translation unit for expansion in
// annotations.
type macroTable struct {
	defs map[string]*macroDef
}

// macroDef is one macro definition. off is the offset of its definition in
// the main file, or -1 for a macro of a header or the prelude (always
// defined before any annotation).
type macroDef struct {
	name     string
	fnLike   bool
	params   []string
	variadic bool
	body     []atok
	off      int
	pasting  bool // the body uses # or ##
}

// atok is a token of annotation text: its text, whether whitespace (sp)
// precedes it and the file offset it comes from.
type atok struct {
	text string
	sp   string // the whitespace before it, as written (or " ")
	orig int
	raw  bool // written in the annotation itself, not produced by a macro
}

func newMacroTable(ast *cc.AST, file *srcFile) *macroTable {
	mt := &macroTable{defs: map[string]*macroDef{}}
	for name, m := range ast.Macros {
		if m == nil {
			continue
		}
		d := &macroDef{name: name, fnLike: m.IsFnLike, variadic: m.VarArg >= 0, off: -1}
		if p := m.Position(); p.Filename == file.name {
			d.off = file.offset(p.Line, p.Column)
		}
		for _, t := range m.Params {
			d.params = append(d.params, t.SrcStr())
		}
		for _, t := range m.ReplacementList() {
			s := t.SrcStr()
			if s == "#" || s == "##" || s == "%:" || s == "%:%:" {
				d.pasting = true
			}
			sp := ""
			if len(t.Sep()) > 0 {
				sp = " "
			}
			d.body = append(d.body, atok{text: s, sp: sp})
		}
		mt.defs[name] = d
	}
	return mt
}

// maxExpansion bounds the tokens an annotation may expand to.
const maxExpansion = 1 << 16

// expandError is an error of macro expansion at a file offset.
type expandError struct {
	off int
	msg string
}

// expand macro-expands toks with the macros defined before file offset at.
func (mt *macroTable) expand(toks []atok, at int, disabled map[string]bool, count *int) ([]atok, *expandError) {
	var out []atok
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		d := mt.defs[t.text]
		if d == nil || disabled[t.text] || (d.off >= 0 && d.off > at) || !isIdentStart(t.text) {
			out = append(out, t)
			continue
		}
		var args [][]atok
		if d.fnLike {
			if i+1 >= len(toks) || toks[i+1].text != "(" {
				out = append(out, t)
				continue
			}
			var end int
			var err *expandError
			args, end, err = collectArgs(toks, i+1)
			if err != nil {
				return nil, err
			}
			if len(args) == 1 && len(args[0]) == 0 && len(d.params) == 0 {
				args = nil
			}
			if len(args) < len(d.params) || (!d.variadic && len(args) > len(d.params)) {
				return nil, &expandError{t.orig, "macro " + d.name + " expects " + itoa(len(d.params)) + " arguments, not " + itoa(len(args))}
			}
			i = end
		}
		if d.pasting {
			return nil, &expandError{t.orig, "macro " + d.name + " uses # or ## and cannot be expanded in an annotation"}
		}
		// Arguments are fully expanded before substitution.
		bind := map[string][]atok{}
		for k, name := range d.params {
			a, err := mt.expand(args[k], at, disabled, count)
			if err != nil {
				return nil, err
			}
			bind[name] = a
		}
		if d.variadic && len(args) > len(d.params) {
			var va []atok
			for k := len(d.params); k < len(args); k++ {
				if k > len(d.params) {
					va = append(va, atok{text: ",", orig: t.orig})
				}
				a, err := mt.expand(args[k], at, disabled, count)
				if err != nil {
					return nil, err
				}
				va = append(va, a...)
			}
			bind["__VA_ARGS__"] = va
		}
		var body []atok
		for _, b := range d.body {
			if a, ok := bind[b.text]; ok {
				for k, x := range a {
					if k == 0 {
						x.sp = b.sp
					}
					body = append(body, x)
				}
				continue
			}
			b.orig = t.orig
			body = append(body, b)
		}
		if len(body) > 0 {
			body[0].sp = t.sp
		}
		*count += len(body)
		if *count > maxExpansion {
			return nil, &expandError{t.orig, "macro expansion in the annotation is too large"}
		}
		dis := make(map[string]bool, len(disabled)+1)
		for k := range disabled {
			dis[k] = true
		}
		dis[d.name] = true
		exp, err := mt.expand(body, at, dis, count)
		if err != nil {
			return nil, err
		}
		out = append(out, exp...)
	}
	return out, nil
}

// collectArgs collects the arguments of a macro call whose "(" is
// toks[open]; it returns them and the index of the ")".
func collectArgs(toks []atok, open int) ([][]atok, int, *expandError) {
	var args [][]atok
	var cur []atok
	depth := 0
	for i := open + 1; i < len(toks); i++ {
		switch toks[i].text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			if depth == 0 {
				if toks[i].text != ")" {
					return nil, 0, &expandError{toks[i].orig, "unbalanced " + toks[i].text + " in macro arguments"}
				}
				args = append(args, cur)
				return args, i, nil
			}
			depth--
		case ",":
			if depth == 0 {
				args = append(args, cur)
				cur = nil
				continue
			}
		}
		cur = append(cur, toks[i])
	}
	return nil, 0, &expandError{toks[open].orig, "unterminated macro call"}
}

func isIdentStart(s string) bool { return s != "" && isIdentByte(s[0]) }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		return "-" + string(b)
	}
	return string(b)
}

// annotTokens splits annotation text starting at file offset base into
// tokens. Identifiers, numbers and the punctuators of C and the assertion
// language are tokens; a character the grammar does not know is a token of
// its own (the assertion parser reports it).
func annotTokens(text string, base int) []atok {
	var out []atok
	i := 0
	for i < len(text) {
		start := i
		for i < len(text) && strings.IndexByte(" \t\r\n\f\v", text[i]) >= 0 {
			i++
		}
		sp := text[start:i]
		if i >= len(text) {
			break
		}
		ts := i
		c := text[i]
		switch {
		case isIdentByte(c):
			for i < len(text) && (isIdentByte(text[i]) || (text[i] >= '0' && text[i] <= '9')) {
				i++
			}
		case c >= '0' && c <= '9':
			for i < len(text) && (isIdentByte(text[i]) || (text[i] >= '0' && text[i] <= '9')) {
				i++
			}
		default:
			i++
			for _, op := range []string{"==", "!=", "<=", ">=", "&&", "||", "=>", "->", "<<", ">>", "++", "**", ":=", "##"} {
				if strings.HasPrefix(text[ts:], op) {
					i = ts + len(op)
					break
				}
			}
		}
		out = append(out, atok{text: text[ts:i], sp: sp, orig: base + ts, raw: true})
	}
	return out
}
