package asm

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// itemKind says what a scanned item is.
type itemKind uint8

const (
	itemLabel itemKind = iota + 1 // text is the label's name
	itemStmt                      // an instruction or directive
	itemAnnot                     // text is an annotation's content
)

// item is one element of the source in order: a label, a statement or an
// annotation.
type item struct {
	kind itemKind
	text string
	pos  Pos
}

// scan splits src into items. Comments are removed (the columns of the
// remaining text are kept); annotation comments become items. A statement
// is the rest of a line after its labels.
func (a *assembler) scan(src []byte) []item {
	text := string(src)
	blank := []byte(text)
	type annot struct {
		off  int
		text string
		pos  Pos
	}
	var annots []annot
	line, lineStart := 1, 0
	pos := func(off int) Pos { return Pos{line, off - lineStart + 1} }
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\n':
			line, lineStart = line+1, i+1
			i++
		case c == '"':
			// A string runs to the closing quote or the end of the line.
			i++
			for i < len(text) && text[i] != '"' && text[i] != '\n' {
				if text[i] == '\\' && i+1 < len(text) && text[i+1] != '\n' {
					i++
				}
				i++
			}
			if i < len(text) && text[i] == '"' {
				i++
			}
		case c == '#' || strings.HasPrefix(text[i:], "//"):
			for i < len(text) && text[i] != '\n' {
				blank[i] = ' '
				i++
			}
		case strings.HasPrefix(text[i:], "/*"):
			start, startPos := i, pos(i)
			end := strings.Index(text[i+2:], "*/")
			if end < 0 {
				a.errorf(startPos, "unterminated comment")
				end = len(text)
			} else {
				end += i + 2 + 2
			}
			if strings.HasPrefix(text[start:], "/*@") {
				body := strings.TrimSpace(text[start+3 : max(start+3, end-2)])
				if !utf8.ValidString(body) {
					a.errorf(startPos, "annotation is not valid UTF-8")
				}
				annots = append(annots, annot{start, body, startPos})
			}
			for ; i < end; i++ {
				if text[i] == '\n' {
					line, lineStart = line+1, i+1
				} else {
					blank[i] = ' '
				}
			}
		default:
			i++
		}
	}

	var items []item
	off := 0
	for n, l := range strings.SplitAfter(string(blank), "\n") {
		lineOff := off
		off += len(l)
		l = strings.TrimRight(l, " \t\r\n")
		col := 0
		for {
			for col < len(l) && (l[col] == ' ' || l[col] == '\t') {
				col++
			}
			if col == len(l) {
				break
			}
			for len(annots) > 0 && annots[0].off < lineOff+col {
				items = append(items, item{itemAnnot, annots[0].text, annots[0].pos})
				annots = annots[1:]
			}
			p := Pos{n + 1, col + 1}
			if name, ok := labelAt(l[col:]); ok {
				items = append(items, item{itemLabel, name, p})
				col += strings.Index(l[col:], ":") + 1
				continue
			}
			items = append(items, item{itemStmt, l[col:], p})
			break
		}
	}
	for _, an := range annots {
		items = append(items, item{itemAnnot, an.text, an.pos})
	}
	return items
}

// labelAt reports whether s starts with a label "NAME:" and returns NAME.
func labelAt(s string) (string, bool) {
	n := identLen(s)
	if n == 0 {
		return "", false
	}
	rest := strings.TrimLeft(s[n:], " \t")
	if !strings.HasPrefix(rest, ":") {
		return "", false
	}
	return s[:n], true
}

// identLen returns the length of the identifier at the start of s: a
// letter, '_', '.' or '$' followed by those and digits.
func identLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c == '_' || c == '.' || c == '$' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && !(i > 0 && '0' <= c && c <= '9') {
			return i
		}
	}
	return len(s)
}

// isIdent reports whether s is one identifier.
func isIdent(s string) bool { return s != "" && identLen(s) == len(s) }

// reservedName matches identifiers that cannot name a map or function in
// instruction text: registers, and the labels Disassemble generates.
var reservedName = regexp.MustCompile(`^([rw][0-9]+|LBB[0-9]+_[0-9]+)$`)

// isSymbol reports whether s can name a map or a function.
func isSymbol(s string) bool { return isIdent(s) && !reservedName.MatchString(s) }
