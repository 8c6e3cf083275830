package sep

import (
	"math/big"
	"strings"
	"unicode/utf8"
)

// tokKind is the kind of a token.
type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tInt
	tPunct // operators and delimiters; the text says which
)

// token is one lexical token of annotation text.
type token struct {
	kind tokKind
	text string   // identifier name or punctuation; literal spelling
	val  *big.Int // value of a tInt
	pos  Pos
}

// puncts lists the operators, longest first so that the lexer is greedy.
var puncts = []string{
	":=", "**", "&&", "||", "!=", "==", "<=", ">=", "<<", ">>", "=>", "->", "++",
	"(", ")", "[", "]", ",", ":", "+", "-", "*", "/", "%", "&", "|", "^", "~",
	"!", "<", ">", ".", "@",
}

// lex splits src into tokens. start is the position of src's first byte.
func lex(src string, start Pos) ([]token, error) {
	if !start.IsValid() {
		start = Pos{1, 1}
	}
	var toks []token
	line, col := start.Line, start.Col
	pos := func() Pos { return Pos{line, col} }
	i := 0
	adv := func(n int) {
		for k := 0; k < n; k++ {
			if src[i] == '\n' {
				line++
				col = 1
			} else {
				col++
			}
			i++
		}
	}
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			adv(1)
		case isLetter(c):
			j := i
			for j < len(src) && (isLetter(src[j]) || isDigit(src[j])) {
				j++
			}
			toks = append(toks, token{kind: tIdent, text: src[i:j], pos: pos()})
			adv(j - i)
		case isDigit(c):
			p := pos()
			j := i
			for j < len(src) && (isLetter(src[j]) || isDigit(src[j])) {
				j++
			}
			v, err := parseIntLit(src[i:j])
			if err != "" {
				return nil, errorf(p, "%s", err)
			}
			toks = append(toks, token{kind: tInt, text: src[i:j], val: v, pos: p})
			adv(j - i)
		case c == '\'':
			p := pos()
			v, n, err := parseCharLit(src[i:])
			if err != "" {
				return nil, errorf(p, "%s", err)
			}
			toks = append(toks, token{kind: tInt, text: src[i : i+n], val: big.NewInt(v), pos: p})
			adv(n)
		default:
			p := pos()
			found := false
			for _, s := range puncts {
				if strings.HasPrefix(src[i:], s) {
					toks = append(toks, token{kind: tPunct, text: s, pos: p})
					adv(len(s))
					found = true
					break
				}
			}
			if !found {
				r, _ := utf8.DecodeRuneInString(src[i:])
				return nil, errorf(p, "unexpected character %q", r)
			}
		}
	}
	toks = append(toks, token{kind: tEOF, pos: pos()})
	return toks, nil
}

func isLetter(c byte) bool { return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }

// parseIntLit parses a C integer literal (decimal, 0x hexadecimal, 0b
// binary or 0 octal, with an optional u/l suffix). The value is
// unbounded. It returns a message on error.
func parseIntLit(s string) (*big.Int, string) {
	body := strings.TrimRight(s, "uUlL")
	suffix := strings.ToLower(s[len(body):])
	switch suffix {
	case "", "u", "l", "ul", "lu", "ll", "ull", "llu":
	default:
		return nil, "invalid suffix " + s[len(body):] + " on integer literal " + s
	}
	base := 10
	digits := body
	switch {
	case len(body) > 1 && (body[:2] == "0x" || body[:2] == "0X"):
		base, digits = 16, body[2:]
	case len(body) > 1 && (body[:2] == "0b" || body[:2] == "0B"):
		base, digits = 2, body[2:]
	case len(body) > 1 && body[0] == '0':
		base, digits = 8, body[1:]
	}
	v, ok := new(big.Int).SetString(digits, base)
	if !ok || digits == "" || digits[0] == '+' || digits[0] == '-' || strings.Contains(digits, "_") {
		return nil, "invalid integer literal " + s
	}
	return v, ""
}

// parseCharLit parses a C character literal at the start of s and returns
// its value and length.
func parseCharLit(s string) (int64, int, string) {
	if len(s) >= 3 && s[1] != '\\' && s[1] != '\'' && s[1] != '\n' && s[2] == '\'' {
		return int64(s[1]), 3, ""
	}
	if len(s) >= 4 && s[1] == '\\' {
		simple := map[byte]int64{'0': 0, 'n': '\n', 't': '\t', 'r': '\r', '\\': '\\', '\'': '\'', '"': '"', 'a': 7, 'b': 8, 'f': 12, 'v': 11}
		if v, ok := simple[s[2]]; ok && s[3] == '\'' {
			return v, 4, ""
		}
		if s[2] == 'x' {
			j := 3
			var v int64
			for j < len(s) && j < 5 && isHex(s[j]) {
				v = v*16 + hexVal(s[j])
				j++
			}
			if j > 3 && j < len(s) && s[j] == '\'' {
				return v, j + 1, ""
			}
		}
	}
	return 0, 0, "invalid character literal"
}

func isHex(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func hexVal(c byte) int64 {
	switch {
	case isDigit(c):
		return int64(c - '0')
	case 'a' <= c && c <= 'f':
		return int64(c-'a') + 10
	}
	return int64(c-'A') + 10
}
