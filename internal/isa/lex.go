package isa

import (
	"fmt"
	"math/bits"
	"strings"
)

// tokKind classifies a token of instruction text.
type tokKind uint8

const (
	tokEOF tokKind = iota
	tokIdent
	tokNum
	tokPunct
)

// token is one lexical element of instruction text. val holds the value of a
// number; col is the 1-based byte column of its first character.
type token struct {
	kind tokKind
	text string
	val  uint64
	col  int
}

// puncts lists the operator tokens, longer ones first so that the lexer
// takes the longest match.
var puncts = []string{
	"<<=", ">>=",
	"+=", "-=", "*=", "/=", "%=", "|=", "&=", "^=", "==", "!=", ">=", "<=",
	">", "<", "=", "&", "(", ")", "*", "+", "-", ",", "[", "]",
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '.' || c == '$' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isIdentChar(c byte) bool { return isIdentStart(c) || isDigit(c) }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func hexVal(c byte) (uint64, bool) {
	switch {
	case isDigit(c):
		return uint64(c - '0'), true
	case 'a' <= c && c <= 'f':
		return uint64(c-'a') + 10, true
	case 'A' <= c && c <= 'F':
		return uint64(c-'A') + 10, true
	}
	return 0, false
}

// lex splits instruction text into tokens, ending with a tokEOF token.
// Numbers are decimal or hexadecimal (0x) and must fit in 64 bits.
func lex(text string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(text) {
		c := text[i]
		col := i + 1
		switch {
		case c == ' ' || c == '\t':
			i++
		case isIdentStart(c):
			j := i + 1
			for j < len(text) && isIdentChar(text[j]) {
				j++
			}
			toks = append(toks, token{kind: tokIdent, text: text[i:j], col: col})
			i = j
		case isDigit(c):
			tok, n, err := lexNumber(text[i:], col)
			if err != nil {
				return nil, err
			}
			toks = append(toks, tok)
			i += n
		default:
			p := ""
			for _, cand := range puncts {
				if strings.HasPrefix(text[i:], cand) {
					p = cand
					break
				}
			}
			if p == "" {
				return nil, &SyntaxError{Col: col, Msg: fmt.Sprintf("unexpected character %q", text[i:i+1])}
			}
			toks = append(toks, token{kind: tokPunct, text: p, col: col})
			i += len(p)
		}
	}
	return append(toks, token{kind: tokEOF, col: len(text) + 1}), nil
}

// lexNumber reads the number at the start of s and returns its token and
// length.
func lexNumber(s string, col int) (token, int, error) {
	base, start := uint64(10), 0
	if len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		base, start = 16, 2
	}
	j := start
	var v uint64
	overflow := false
	for j < len(s) {
		d, ok := hexVal(s[j])
		if !ok || d >= base {
			break
		}
		hi, lo := bits.Mul64(v, base)
		lo, carry := bits.Add64(lo, d, 0)
		overflow = overflow || hi != 0 || carry != 0
		v = lo
		j++
	}
	switch {
	case j == start:
		return token{}, 0, &SyntaxError{Col: col, Msg: "malformed number " + quoteWord(s)}
	case j < len(s) && isIdentChar(s[j]):
		return token{}, 0, &SyntaxError{Col: col, Msg: "malformed number " + quoteWord(s)}
	case base == 10 && j > 1 && s[0] == '0':
		return token{}, 0, &SyntaxError{Col: col, Msg: "number with a leading zero " + quoteWord(s) + " (octal is not supported)"}
	case overflow:
		return token{}, 0, &SyntaxError{Col: col, Msg: "number " + s[:j] + " does not fit in 64 bits"}
	}
	return token{kind: tokNum, text: s[:j], val: v, col: col}, j, nil
}

// quoteWord quotes the identifier-like prefix of s.
func quoteWord(s string) string {
	j := 0
	for j < len(s) && isIdentChar(s[j]) {
		j++
	}
	return fmt.Sprintf("%q", s[:j])
}
