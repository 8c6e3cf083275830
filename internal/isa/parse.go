package isa

import (
	"fmt"
	"math"
	"strconv"
)

// ParseInstruction parses one instruction in the assembly syntax of clang and
// llvm-mc -arch=bpf -mcpu=v4, plus the extensions documented at Format. The
// text holds no label and no comment.
//
// When the target is symbolic, the name is returned in sym and the field is
// left zero for the caller to resolve: a label in "goto L", "gotol L",
// "if ... goto L" and "call L" (Src is then CallLocal), and a map in
// "rN = NAME ll" (Src is then PseudoMapFD).
//
// Registers are r0 to r10 for 64-bit operands and w0 to w10 for 32-bit ones;
// like llvm-mc, loads and stores of 1, 2 and 4 bytes and the 32-bit
// "lock ... +=" accept either form, and every other mixture is rejected.
// Immediates are decimal or hexadecimal and must fit their field: a 32-bit
// immediate may be written as a signed or an unsigned 32-bit value, where
// llvm-mc would silently truncate larger ones. Errors are *SyntaxError.
func ParseInstruction(text string) (ins Instruction, sym string, err error) {
	toks, err := lex(text)
	if err != nil {
		return Instruction{}, "", err
	}
	p := &parser{toks: toks}
	ins, sym, err = p.instruction()
	if err != nil {
		return Instruction{}, "", err
	}
	if t := p.peek(); t.kind != tokEOF {
		return Instruction{}, "", p.errorf(t, "unexpected %s after instruction", describe(t))
	}
	if err := ins.Validate(); err != nil {
		return Instruction{}, "", &SyntaxError{Col: 1, Msg: err.Error()}
	}
	return ins, sym, nil
}

// parser is a recursive-descent parser over the tokens of one instruction.
type parser struct {
	toks []token
	pos  int
}

func (p *parser) peek() token { return p.toks[p.pos] }

func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.kind != tokEOF {
		p.pos++
	}
	return t
}

func (p *parser) errorf(t token, format string, args ...any) error {
	return &SyntaxError{Col: t.col, Msg: fmt.Sprintf(format, args...)}
}

// describe names a token for error messages.
func describe(t token) string {
	if t.kind == tokEOF {
		return "end of instruction"
	}
	return strconv.Quote(t.text)
}

func isPunct(t token, s string) bool { return t.kind == tokPunct && t.text == s }

func isIdent(t token, s string) bool { return t.kind == tokIdent && t.text == s }

// expect consumes the punctuation s.
func (p *parser) expect(s string) error {
	if t := p.next(); !isPunct(t, s) {
		return p.errorf(t, "expected %q, found %s", s, describe(t))
	}
	return nil
}

// expectWord consumes the identifier s.
func (p *parser) expectWord(s string) error {
	if t := p.next(); !isIdent(t, s) {
		return p.errorf(t, "expected %q, found %s", s, describe(t))
	}
	return nil
}

// regSyntax reports whether s looks like a register name ([rw] and digits);
// ok is false otherwise. It does not check the range.
func regSyntax(s string) (n int, narrow, ok bool) {
	if len(s) < 2 || (s[0] != 'r' && s[0] != 'w') {
		return 0, false, false
	}
	for i := 1; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false, false
		}
	}
	v, err := strconv.Atoi(s[1:])
	if err != nil {
		v = math.MaxInt
	}
	return v, s[0] == 'w', true
}

// isRegister reports whether t is a register name.
func isRegister(t token) bool {
	if t.kind != tokIdent {
		return false
	}
	_, _, ok := regSyntax(t.text)
	return ok
}

// reg consumes a register and reports whether it is a w register.
func (p *parser) reg() (Register, bool, token, error) {
	t := p.next()
	n, narrow, ok := regSyntax(t.text)
	if t.kind != tokIdent || !ok {
		return 0, false, t, p.errorf(t, "expected a register, found %s", describe(t))
	}
	if n > int(R10) || len(t.text) > 2 && t.text[1] == '0' {
		return 0, false, t, p.errorf(t, "invalid register %s", t.text)
	}
	return Register(n), narrow, t, nil
}

// wideReg consumes an r register.
func (p *parser) wideReg() (Register, error) {
	r, narrow, t, err := p.reg()
	if err == nil && narrow {
		err = p.errorf(t, "expected a 64-bit register, found %s", t.text)
	}
	return r, err
}

// regOfWidth consumes a register that must have the given width.
func (p *parser) regOfWidth(narrow bool) (Register, error) {
	r, n, t, err := p.reg()
	if err == nil && n != narrow {
		want := "r"
		if narrow {
			want = "w"
		}
		err = p.errorf(t, "register %s has the wrong width, expected %s%d", t.text, want, r)
	}
	return r, err
}

// sameReg consumes a register that must be exactly want with the given width.
func (p *parser) sameReg(want Register, narrow bool) error {
	t := p.peek()
	r, err := p.regOfWidth(narrow)
	if err == nil && r != want {
		err = p.errorf(t, "register %s must be %s", t.text, regName(want, narrow))
	}
	return err
}

// signedNum consumes an optionally signed number and returns its sign and
// magnitude.
func (p *parser) signedNum() (neg bool, mag uint64, first token, err error) {
	first = p.peek()
	if isPunct(first, "-") || isPunct(first, "+") {
		p.next()
		neg = first.text == "-"
	}
	t := p.next()
	if t.kind != tokNum {
		return false, 0, first, p.errorf(t, "expected a number, found %s", describe(t))
	}
	return neg, t.val, first, nil
}

// imm32 consumes a 32-bit immediate, written as a signed or unsigned 32-bit
// value, and returns it sign-extended.
func (p *parser) imm32() (int64, error) {
	neg, mag, t, err := p.signedNum()
	if err != nil {
		return 0, err
	}
	return p.fit32(neg, mag, t)
}

func (p *parser) fit32(neg bool, mag uint64, t token) (int64, error) {
	if neg {
		if mag > 1<<31 {
			return 0, p.errorf(t, "immediate -%d does not fit in 32 bits", mag)
		}
		return -int64(mag), nil
	}
	if mag > math.MaxUint32 {
		return 0, p.errorf(t, "immediate %d does not fit in 32 bits", mag)
	}
	return int64(int32(uint32(mag))), nil
}

// signedRange consumes an optionally signed number in [lo, hi].
func (p *parser) signedRange(lo, hi int64, what string) (int64, error) {
	neg, mag, t, err := p.signedNum()
	if err != nil {
		return 0, err
	}
	if neg && mag <= uint64(-lo) {
		return -int64(mag), nil
	}
	if !neg && mag <= uint64(hi) {
		return int64(mag), nil
	}
	sign := ""
	if neg {
		sign = "-"
	}
	return 0, p.errorf(t, "%s %s%d out of range [%d, %d]", what, sign, mag, lo, hi)
}

// symbol consumes a name that is not a register.
func (p *parser) symbol() (string, error) {
	t := p.next()
	if t.kind != tokIdent || isRegister(t) {
		return "", p.errorf(t, "expected a symbol, found %s", describe(t))
	}
	return t.text, nil
}

// target consumes a jump target: a symbol or a signed offset in [lo, hi].
func (p *parser) target(lo, hi int64) (int64, string, error) {
	if t := p.peek(); t.kind == tokIdent {
		sym, err := p.symbol()
		return 0, sym, err
	}
	v, err := p.signedRange(lo, hi, "jump offset")
	return v, "", err
}

// addr consumes "rN + off" or "rN - off", where off is a 16-bit offset
// written as a magnitude after the sign.
func (p *parser) addr() (Register, int16, error) {
	base, err := p.wideReg()
	if err != nil {
		return 0, 0, err
	}
	t := p.next()
	if !isPunct(t, "+") && !isPunct(t, "-") {
		return 0, 0, p.errorf(t, "expected \"+\" or \"-\" and an offset, found %s", describe(t))
	}
	n := p.next()
	if n.kind != tokNum {
		return 0, 0, p.errorf(n, "expected an offset, found %s", describe(n))
	}
	if t.text == "-" {
		if n.val > 1<<15 {
			return 0, 0, p.errorf(n, "offset -%d out of 16-bit range", n.val)
		}
		return base, int16(-int64(n.val)), nil
	}
	if n.val > math.MaxInt16 {
		return 0, 0, p.errorf(n, "offset %d out of 16-bit range", n.val)
	}
	return base, int16(n.val), nil
}

// memRef consumes "(rN + off)".
func (p *parser) memRef() (Register, int16, error) {
	if err := p.expect("("); err != nil {
		return 0, 0, err
	}
	base, off, err := p.addr()
	if err != nil {
		return 0, 0, err
	}
	return base, off, p.expect(")")
}

// pointerType consumes "(T *)" and returns T, which must be one of allowed.
func (p *parser) pointerType(allowed ...string) (string, token, error) {
	if err := p.expect("("); err != nil {
		return "", token{}, err
	}
	t := p.next()
	ok := false
	for _, a := range allowed {
		ok = ok || isIdent(t, a)
	}
	if !ok {
		return "", t, p.errorf(t, "expected one of %v, found %s", allowed, describe(t))
	}
	if err := p.expect("*"); err != nil {
		return "", t, err
	}
	return t.text, t, p.expect(")")
}

// sizeOf maps a C type name to its access size.
var sizeOf = map[string]Size{
	"u8": SizeB, "u16": SizeH, "u32": SizeW, "u64": SizeDW,
	"s8": SizeB, "s16": SizeH, "s32": SizeW,
}
