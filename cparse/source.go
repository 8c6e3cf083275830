package cparse

import "sort"

// srcFile is the main source file: its text and the offsets of its lines.
type srcFile struct {
	name      string
	src       []byte
	lineStart []int
}

func newSrcFile(name string, src []byte) *srcFile {
	f := &srcFile{name: name, src: src, lineStart: []int{0}}
	for i, c := range src {
		if c == '\n' {
			f.lineStart = append(f.lineStart, i+1)
		}
	}
	return f
}

// pos returns the position of byte offset off.
func (f *srcFile) pos(off int) Pos {
	if off < 0 {
		off = 0
	}
	line := sort.Search(len(f.lineStart), func(i int) bool { return f.lineStart[i] > off })
	return Pos{File: f.name, Line: line, Col: off - f.lineStart[line-1] + 1}
}

// offset returns the byte offset of line:col, or -1.
func (f *srcFile) offset(line, col int) int {
	if line < 1 || line > len(f.lineStart) {
		return -1
	}
	return f.lineStart[line-1] + col - 1
}

// rawToken is a token of the main file as written, before preprocessing.
type rawToken struct {
	off  int
	text string
}

// rawComment is an annotation comment /*@ … */ of the main file.
type rawComment struct {
	off, end int    // of "/*@" and after "*/"
	text     string // between "/*@" and "*/"
	prev     int    // index in the token list of the token before, or -1
	next     int    // index of the token after (len(tokens) at the end)
}

// scanSource splits the main file into tokens, skipping ordinary comments,
// preprocessor directives and the contents of string and character
// literals (each literal is one token), and collects the annotations. An
// unterminated annotation is an error.
func scanSource(f *srcFile) ([]rawToken, []*rawComment, error) {
	src := f.src
	var toks []rawToken
	var anns []*rawComment
	lineStart := true
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			lineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '\\' && i+1 < len(src) && src[i+1] == '\n':
			i += 2
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := indexFrom(src, i+2, "*/")
			if i+2 < len(src) && src[i+2] == '@' {
				if end < 0 {
					return nil, nil, errorf(f.pos(i), "unterminated annotation")
				}
				anns = append(anns, &rawComment{off: i, end: end + 2, text: string(src[i+3 : end]), prev: len(toks) - 1, next: len(toks)})
			}
			if end < 0 {
				i = len(src)
			} else {
				i = end + 2
			}
			continue
		case c == '#' && lineStart:
			// A directive runs to the end of the line, continuations included.
			for i < len(src) && src[i] != '\n' {
				if src[i] == '\\' && i+1 < len(src) && src[i+1] == '\n' {
					i += 2
					continue
				}
				if src[i] == '/' && i+1 < len(src) && src[i+1] == '*' {
					if i+2 < len(src) && src[i+2] == '@' {
						return nil, nil, errorf(f.pos(i), "annotation inside a preprocessor directive")
					}
					end := indexFrom(src, i+2, "*/")
					if end < 0 {
						i = len(src)
						break
					}
					i = end + 2
					continue
				}
				i++
			}
			continue
		}
		lineStart = false
		start := i
		switch {
		case c == '"' || c == '\'':
			i++
			for i < len(src) && src[i] != c && src[i] != '\n' {
				if src[i] == '\\' {
					i++
				}
				i++
			}
			i++
		case isIdentByte(c) || (c >= '0' && c <= '9'):
			for i < len(src) && (isIdentByte(src[i]) || (src[i] >= '0' && src[i] <= '9') || (src[i] == '.' && c >= '0' && c <= '9')) {
				i++
			}
		default:
			i++
		}
		if i > len(src) {
			i = len(src)
		}
		toks = append(toks, rawToken{off: start, text: string(src[start:i])})
	}
	return toks, anns, nil
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func indexFrom(b []byte, from int, s string) int {
	for i := from; i+len(s) <= len(b); i++ {
		if string(b[i:i+len(s)]) == s {
			return i
		}
	}
	return -1
}
