package soundness

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// A segKind classifies the bytes of a C source for the mutation operators.
type segKind uint8

const (
	segCode  segKind = iota // C code, including #define bodies
	segAnnot                // the inside of a /*@ ... */ annotation
	segInert                // comments, strings, #include lines: never mutated
)

// classify returns the kind of every byte of src.
func classify(src string) []segKind {
	kinds := make([]segKind, len(src))
	i := 0
	lineStart := true
	for i < len(src) {
		switch {
		case lineStart && strings.HasPrefix(strings.TrimLeft(src[i:], " \t"), "#include"):
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				j = len(src) - i
			}
			for k := i; k < i+j; k++ {
				kinds[k] = segInert
			}
			i += j
		case strings.HasPrefix(src[i:], "/*@"):
			j := strings.Index(src[i+3:], "*/")
			if j < 0 {
				j = len(src) - i - 3
			}
			for k := i; k < i+3+j+2 && k < len(src); k++ {
				kinds[k] = segAnnot
			}
			// The delimiters themselves are inert.
			for k := i; k < i+3; k++ {
				kinds[k] = segInert
			}
			for k := i + 3 + j; k < i+3+j+2 && k < len(src); k++ {
				kinds[k] = segInert
			}
			i += 3 + j + 2
		case strings.HasPrefix(src[i:], "/*"):
			j := strings.Index(src[i+2:], "*/")
			if j < 0 {
				j = len(src) - i - 2
			}
			for k := i; k < i+2+j+2 && k < len(src); k++ {
				kinds[k] = segInert
			}
			i += 2 + j + 2
		case strings.HasPrefix(src[i:], "//"):
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				j = len(src) - i
			}
			for k := i; k < i+j; k++ {
				kinds[k] = segInert
			}
			i += j
		case src[i] == '"' || src[i] == '\'':
			q := src[i]
			j := i + 1
			for j < len(src) && src[j] != q {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			for k := i; k <= j && k < len(src); k++ {
				kinds[k] = segInert
			}
			i = j + 1
		default:
			i++
		}
		if i > 0 && i <= len(src) {
			lineStart = src[i-1] == '\n'
		}
	}
	return kinds
}

// A mutant is a program derived from a safe corpus program by one small
// change that is likely to make it unsafe.
type mutant struct {
	ID   string // file:operator:site, stable as long as the file does not change
	Desc string // line and what changed
	Src  string
}

// An operator proposes mutations of src: it returns, for each site, the
// byte range to replace and its replacement.
type operator struct {
	name  string
	where segKind // segCode or segAnnot: the kind every byte of the site must have
	sites func(src string) []edit
}

// An edit replaces src[lo:hi] with text.
type edit struct {
	lo, hi int
	text   string
}

// regexOp returns an operator that replaces each match of re with the
// results of repl (one mutant per result).
func regexOp(name string, where segKind, re string, repl func(m string) []string) operator {
	rx := regexp.MustCompile(re)
	return operator{name, where, func(src string) []edit {
		var es []edit
		for _, loc := range rx.FindAllStringSubmatchIndex(src, -1) {
			lo, hi := loc[0], loc[1]
			if len(loc) >= 4 && loc[2] >= 0 { // mutate the first group only
				lo, hi = loc[2], loc[3]
			}
			for _, r := range repl(src[lo:hi]) {
				es = append(es, edit{lo, hi, r})
			}
		}
		return es
	}}
}

// relSwap lists, for each comparison operator, the operators it is
// mutated into: the off-by-one weakening and the reversal.
var relSwap = map[string][]string{
	"<":  {"<=", ">"},
	"<=": {"<", ">"},
	">":  {">=", "<"},
	">=": {">", "<"},
	"==": {"!="},
	"!=": {"=="},
}

// literalMutations returns the neighbours of an integer literal.
func literalMutations(m string) []string {
	v, err := strconv.ParseInt(strings.TrimRight(m, "uUlL"), 0, 64)
	if err != nil {
		return nil
	}
	out := []string{strconv.FormatInt(v+1, 10), strconv.FormatInt(v*2+2, 10)}
	if v > 0 {
		out = append(out, strconv.FormatInt(v-1, 10))
	}
	return out
}

// matchParen returns the index of the parenthesis closing the one at
// src[open], or -1.
func matchParen(src string, open int) int {
	depth := 0
	for i := open; i < len(src); i++ {
		switch src[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

var (
	ifRx     = regexp.MustCompile(`\bif \(`)
	stmtRx   = regexp.MustCompile(`(?m)^[ \t]+([^\n{}]*;)[ \t]*$`)
	guardRx  = regexp.MustCompile(`(?m)^([ \t]+if \([^\n]*\)\n[ \t]+return[^\n]*;\n)([ \t]+[^\n{}]*;\n)`)
	annotRx  = regexp.MustCompile(`(?s)/\*@.*?\*/`)
	conjRx   = regexp.MustCompile(`&&`)
	typeSwap = map[string][]string{
		"__u8":         {"__u16", "char"},
		"__u16":        {"__u32", "__s16"},
		"__u32":        {"__u64", "int"},
		"unsigned int": {"int"},
		"__u64":        {"__s64"},
		"char":         {"short"},
	}
)

// operators are the mutation operators, in the order their mutants are
// numbered.
var operators = []operator{
	regexOp("relop", segCode, `(?:[^-<>=!]|^)(<=|>=|==|!=|<|>)(?:[^<>=]|$)`, func(m string) []string { return relSwap[m] }),
	regexOp("literal", segCode, `\b(\d+|0x[0-9a-fA-F]+)[uUlL]*\b`, literalMutations),
	regexOp("sizeof", segCode, `sizeof\([^()]*\)`, func(m string) []string { return []string{"(" + m + " + 1)"} }),
	regexOp("type", segCode, `\b(__u8|__u16|__u32|__u64|unsigned int|char)\b`, func(m string) []string { return typeSwap[m] }),
	regexOp("init", segCode, `( = \{[^;]*\})\s*;`, func(string) []string { return []string{""} }),
	regexOp("mask", segCode, `(& [^;)]+)[;)]`, func(string) []string { return []string{""} }),
	{"ifcond", segCode, func(src string) []edit {
		var es []edit
		for _, loc := range ifRx.FindAllStringIndex(src, -1) {
			open := loc[1] - 1
			cl := matchParen(src, open)
			if cl < 0 {
				continue
			}
			es = append(es, edit{open + 1, cl, "0"}, edit{open + 1, cl, "1"})
		}
		return es
	}},
	{"delete", segCode, func(src string) []edit {
		var es []edit
		for _, loc := range stmtRx.FindAllStringSubmatchIndex(src, -1) {
			es = append(es, edit{loc[2], loc[3], ";"})
		}
		return es
	}},
	{"reorder", segCode, func(src string) []edit {
		var es []edit
		for _, loc := range guardRx.FindAllStringSubmatchIndex(src, -1) {
			guard, use := src[loc[2]:loc[3]], src[loc[4]:loc[5]]
			es = append(es, edit{loc[0], loc[1], use + guard})
		}
		return es
	}},
	// Annotations: drop one, weaken a comparison or constant, drop a conjunct.
	{"annot-drop", segInert, func(src string) []edit {
		var es []edit
		for _, loc := range annotRx.FindAllStringIndex(src, -1) {
			if !strings.Contains(src[loc[0]:loc[1]], "Require") && !strings.Contains(src[loc[0]:loc[1]], "Ensure") {
				es = append(es, edit{loc[0], loc[1], ""})
			}
		}
		return es
	}},
	regexOp("annot-relop", segAnnot, `(?:[^-<>=!]|^)(<=|>=|<|>)(?:[^<>=]|$)`, func(m string) []string { return relSwap[m][:1] }),
	regexOp("annot-literal", segAnnot, `\b(\d+)\b`, literalMutations),
	{"annot-conj", segAnnot, func(src string) []edit {
		var es []edit
		for _, loc := range conjRx.FindAllStringIndex(src, -1) {
			// Drop the conjunct before "&&": back up to the previous
			// keyword, "(" or "&&" on the same annotation.
			lo := loc[0]
			for lo > 0 && !strings.HasSuffix(src[:lo], "&&") && !strings.HasSuffix(src[:lo], "Require") &&
				!strings.HasSuffix(src[:lo], "Inv") && !strings.HasSuffix(src[:lo], "Ensure") &&
				!strings.HasSuffix(src[:lo], "(") && !strings.HasSuffix(src[:lo], ",") && !strings.HasSuffix(src[:lo], "/*@") {
				lo--
			}
			if lo > 0 && lo < loc[0] {
				es = append(es, edit{lo, loc[1], " "})
			}
		}
		return es
	}},
}

// mutants returns every mutant of the program src of file name, each
// different from src and from the others.
func mutants(name, src string) []mutant {
	kinds := classify(src)
	seen := map[string]bool{src: true}
	var out []mutant
	for _, op := range operators {
		for i, e := range op.sites(src) {
			if !op.accepts(kinds, e) {
				continue
			}
			m := src[:e.lo] + e.text + src[e.hi:]
			if seen[m] {
				continue
			}
			seen[m] = true
			line := strings.Count(src[:e.lo], "\n") + 1
			old := strings.TrimSpace(firstLine(src[e.lo:e.hi]))
			out = append(out, mutant{
				ID:   fmt.Sprintf("%s:%s:%d", name, op.name, i),
				Desc: fmt.Sprintf("line %d: %q -> %q", line, old, strings.TrimSpace(firstLine(e.text))),
				Src:  m,
			})
		}
	}
	return out
}

// accepts reports whether every byte of the edit lies in op's kind of text.
func (op operator) accepts(kinds []segKind, e edit) bool {
	if op.name == "annot-drop" {
		return true
	}
	for k := e.lo; k < e.hi; k++ {
		if kinds[k] != op.where {
			return false
		}
	}
	return e.lo < e.hi
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + "..."
	}
	return s
}
