package isa

import "math"

// The grammar of each instruction form, one method per form.

// instruction parses one instruction.
func (p *parser) instruction() (Instruction, string, error) {
	t := p.peek()
	switch {
	case isIdent(t, "exit"):
		p.next()
		return Instruction{OpCode: JumpOpCode(ClassJMP, JumpExit, SourceK)}, "", nil
	case isIdent(t, "call"):
		p.next()
		return p.call()
	case isIdent(t, "goto"):
		p.next()
		off, sym, err := p.target(math.MinInt16, math.MaxInt16)
		return Instruction{OpCode: JumpOpCode(ClassJMP, JumpJA, SourceK), Offset: int16(off)}, sym, err
	case isIdent(t, "gotol"):
		p.next()
		off, sym, err := p.target(math.MinInt32, math.MaxInt32)
		return Instruction{OpCode: JumpOpCode(ClassJMP32, JumpJA, SourceK), Constant: off}, sym, err
	case isIdent(t, "if"):
		p.next()
		return p.conditional()
	case isIdent(t, "lock"):
		p.next()
		ins, err := p.lock()
		return ins, "", err
	case isIdent(t, "ld_pseudo"):
		p.next()
		ins, err := p.ldPseudo()
		return ins, "", err
	case isPunct(t, "*"):
		p.next()
		ins, err := p.store()
		return ins, "", err
	case isRegister(t):
		return p.regStatement()
	}
	return Instruction{}, "", p.errorf(t, "unknown instruction starting with %s", describe(t))
}

// call parses the operand of "call".
func (p *parser) call() (Instruction, string, error) {
	ins := Instruction{OpCode: JumpOpCode(ClassJMP, JumpCall, SourceK)}
	t, after := p.peek(), p.toks[min(p.pos+1, len(p.toks)-1)]
	var err error
	switch {
	case isIdent(t, "pc") && (isPunct(after, "+") || isPunct(after, "-")):
		p.next()
		ins.Src = CallLocal
		ins.Constant, err = p.signedRange(math.MinInt32, math.MaxInt32, "call offset")
	case isIdent(t, "kfunc") && (after.kind == tokNum || isPunct(after, "+") || isPunct(after, "-")):
		p.next()
		ins.Src = CallKfunc
		ins.Constant, err = p.imm32()
	case t.kind == tokIdent:
		ins.Src = CallLocal
		sym, err := p.symbol()
		return ins, sym, err
	default:
		ins.Constant, err = p.imm32()
	}
	return ins, "", err
}

var condOps = map[string]JumpOp{
	"==": JumpJEQ, "!=": JumpJNE, ">": JumpJGT, ">=": JumpJGE, "<": JumpJLT, "<=": JumpJLE, "&": JumpJSET,
}

var signedCondOps = map[string]JumpOp{
	">": JumpJSGT, ">=": JumpJSGE, "<": JumpJSLT, "<=": JumpJSLE,
}

// conditional parses "if rA op rB|imm goto target".
func (p *parser) conditional() (Instruction, string, error) {
	dst, narrow, _, err := p.reg()
	if err != nil {
		return Instruction{}, "", err
	}
	t := p.next()
	op, ok := condOps[t.text]
	if isIdent(t, "s") {
		o := p.next()
		op, ok = signedCondOps[o.text]
		if !ok || o.kind != tokPunct || o.col != t.col+1 {
			return Instruction{}, "", p.errorf(o, "expected a signed comparison after \"s\", found %s", describe(o))
		}
	} else if !ok || t.kind != tokPunct {
		return Instruction{}, "", p.errorf(t, "expected a comparison, found %s", describe(t))
	}
	class := ClassJMP
	if narrow {
		class = ClassJMP32
	}
	ins := Instruction{Dst: dst}
	if isRegister(p.peek()) {
		ins.OpCode = JumpOpCode(class, op, SourceX)
		ins.Src, err = p.regOfWidth(narrow)
	} else {
		ins.OpCode = JumpOpCode(class, op, SourceK)
		ins.Constant, err = p.imm32()
	}
	if err != nil {
		return Instruction{}, "", err
	}
	if err := p.expectWord("goto"); err != nil {
		return Instruction{}, "", err
	}
	off, sym, err := p.target(math.MinInt16, math.MaxInt16)
	ins.Offset = int16(off)
	return ins, sym, err
}

var lockOps = map[string]int64{"+=": AtomicAdd, "|=": AtomicOr, "&=": AtomicAnd, "^=": AtomicXor}

// lock parses "lock *(uN *)(rA + off) op= rB".
func (p *parser) lock() (Instruction, error) {
	if err := p.expect("*"); err != nil {
		return Instruction{}, err
	}
	typ, _, err := p.pointerType("u32", "u64")
	if err != nil {
		return Instruction{}, err
	}
	base, off, err := p.memRef()
	if err != nil {
		return Instruction{}, err
	}
	t := p.next()
	op, ok := lockOps[t.text]
	if !ok || t.kind != tokPunct {
		return Instruction{}, p.errorf(t, "expected one of += |= &= ^=, found %s", describe(t))
	}
	var src Register
	switch {
	case typ == "u64":
		src, err = p.wideReg()
	case op == AtomicAdd:
		// llvm-mc accepts the legacy 32-bit xadd with an r register.
		src, _, _, err = p.reg()
	default:
		src, err = p.regOfWidth(true)
	}
	return Instruction{OpCode: LoadStoreOp(ClassSTX, ModeATOMIC, sizeOf[typ]), Dst: base, Src: src, Offset: off, Constant: op}, err
}

// ldPseudo parses "ld_pseudo rD, src, imm[, next_imm]".
func (p *parser) ldPseudo() (Instruction, error) {
	dst, err := p.wideReg()
	if err != nil {
		return Instruction{}, err
	}
	if err := p.expect(","); err != nil {
		return Instruction{}, err
	}
	t := p.next()
	if t.kind != tokNum || t.val > PseudoMapIdxVal {
		return Instruction{}, p.errorf(t, "expected a pseudo source 0 to %d, found %s", PseudoMapIdxVal, describe(t))
	}
	if err := p.expect(","); err != nil {
		return Instruction{}, err
	}
	lo, err := p.imm32()
	if err != nil {
		return Instruction{}, err
	}
	var hi int64
	if isPunct(p.peek(), ",") {
		p.next()
		if hi, err = p.imm32(); err != nil {
			return Instruction{}, err
		}
	}
	return Instruction{
		OpCode:   OpCodeLoadImm64,
		Dst:      dst,
		Src:      Register(t.val),
		Constant: int64(uint64(uint32(hi))<<32 | uint64(uint32(lo))),
	}, nil
}

// store parses "*(uN *)(rA + off) = rB|imm" after the leading "*".
func (p *parser) store() (Instruction, error) {
	typ, _, err := p.pointerType("u8", "u16", "u32", "u64")
	if err != nil {
		return Instruction{}, err
	}
	base, off, err := p.memRef()
	if err != nil {
		return Instruction{}, err
	}
	if err := p.expect("="); err != nil {
		return Instruction{}, err
	}
	ins := Instruction{Dst: base, Offset: off}
	if !isRegister(p.peek()) {
		ins.OpCode = LoadStoreOp(ClassST, ModeMEM, sizeOf[typ])
		ins.Constant, err = p.imm32()
		return ins, err
	}
	ins.OpCode = LoadStoreOp(ClassSTX, ModeMEM, sizeOf[typ])
	if typ == "u64" {
		ins.Src, err = p.wideReg()
	} else {
		ins.Src, _, _, err = p.reg()
	}
	return ins, err
}

var aluAssignOps = map[string]ALUOp{
	"+=": ALUAdd, "-=": ALUSub, "*=": ALUMul, "/=": ALUDiv, "|=": ALUOr, "&=": ALUAnd,
	"<<=": ALULsh, ">>=": ALURsh, "%=": ALUMod, "^=": ALUXor,
}

var signedAssignOps = map[string]ALUOp{"/=": ALUDiv, "%=": ALUMod, ">>=": ALUArsh}

// regStatement parses an instruction that starts with its destination
// register: arithmetic, moves, loads, byte swaps, 64-bit immediate loads
// and the fetching atomics.
func (p *parser) regStatement() (Instruction, string, error) {
	dst, narrow, dstTok, err := p.reg()
	if err != nil {
		return Instruction{}, "", err
	}
	class := ClassALU64
	if narrow {
		class = ClassALU
	}
	t := p.next()
	var op ALUOp
	var offset int16
	switch {
	case isPunct(t, "="):
		return p.assign(dst, narrow, dstTok)
	case isIdent(t, "s"):
		o := p.next()
		var ok bool
		op, ok = signedAssignOps[o.text]
		if !ok || o.kind != tokPunct || o.col != t.col+1 {
			return Instruction{}, "", p.errorf(o, "expected s/=, s%%= or s>>=, found %s", describe(o))
		}
		if op != ALUArsh {
			offset = 1
		}
	case t.kind == tokPunct:
		var ok bool
		if op, ok = aluAssignOps[t.text]; !ok {
			return Instruction{}, "", p.errorf(t, "expected an assignment operator, found %s", describe(t))
		}
	default:
		return Instruction{}, "", p.errorf(t, "expected an assignment operator, found %s", describe(t))
	}
	ins := Instruction{Dst: dst, Offset: offset}
	if isRegister(p.peek()) {
		ins.OpCode = ALUOpCode(class, op, SourceX)
		ins.Src, err = p.regOfWidth(narrow)
	} else {
		ins.OpCode = ALUOpCode(class, op, SourceK)
		ins.Constant, err = p.imm32()
	}
	return ins, "", err
}

var swapOps = map[string]struct {
	class Class
	src   Source
	width int64
}{
	"le16": {ClassALU, SourceK, 16}, "le32": {ClassALU, SourceK, 32}, "le64": {ClassALU, SourceK, 64},
	"be16": {ClassALU, SourceX, 16}, "be32": {ClassALU, SourceX, 32}, "be64": {ClassALU, SourceX, 64},
	"bswap16": {ClassALU64, SourceK, 16}, "bswap32": {ClassALU64, SourceK, 32}, "bswap64": {ClassALU64, SourceK, 64},
}

var fetchOps = map[string]int64{
	"atomic_fetch_add": AtomicAdd | AtomicFetch, "atomic_fetch_or": AtomicOr | AtomicFetch,
	"atomic_fetch_and": AtomicAnd | AtomicFetch, "atomic_fetch_xor": AtomicXor | AtomicFetch,
}

// assign parses the right-hand side of "rD = ...".
func (p *parser) assign(dst Register, narrow bool, dstTok token) (Instruction, string, error) {
	class := ClassALU64
	if narrow {
		class = ClassALU
	}
	t := p.peek()
	switch {
	case isPunct(t, "-") && isRegister(p.toks[p.pos+1]):
		p.next()
		if err := p.sameReg(dst, narrow); err != nil {
			return Instruction{}, "", err
		}
		return Instruction{OpCode: ALUOpCode(class, ALUNeg, SourceK), Dst: dst}, "", nil
	case isPunct(t, "-") || isPunct(t, "+") || t.kind == tokNum:
		neg, mag, first, err := p.signedNum()
		if err != nil {
			return Instruction{}, "", err
		}
		if isIdent(p.peek(), "ll") {
			p.next()
			if narrow {
				return Instruction{}, "", p.errorf(dstTok, "64-bit immediate load needs an r register")
			}
			if neg && mag > 1<<63 {
				return Instruction{}, "", p.errorf(first, "immediate -%d does not fit in 64 bits", mag)
			}
			v := int64(mag)
			if neg {
				v = -v
			}
			return Instruction{OpCode: OpCodeLoadImm64, Dst: dst, Constant: v}, "", nil
		}
		v, err := p.fit32(neg, mag, first)
		return Instruction{OpCode: ALUOpCode(class, ALUMov, SourceK), Dst: dst, Constant: v}, "", err
	case isRegister(t):
		src, err := p.regOfWidth(narrow)
		return Instruction{OpCode: ALUOpCode(class, ALUMov, SourceX), Dst: dst, Src: src}, "", err
	case isPunct(t, "("):
		return p.moveSignExtend(dst, narrow)
	case isPunct(t, "*"):
		p.next()
		ins, err := p.load(dst, narrow, dstTok)
		return ins, "", err
	case t.kind == tokIdent:
		p.next()
		if s, ok := swapOps[t.text]; ok {
			if narrow {
				return Instruction{}, "", p.errorf(dstTok, "byte swap needs an r register")
			}
			err := p.sameReg(dst, false)
			return Instruction{OpCode: ALUOpCode(s.class, ALUEnd, s.src), Dst: dst, Constant: s.width}, "", err
		}
		if op, ok := fetchOps[t.text]; ok {
			ins, err := p.fetch(dst, narrow, dstTok, op)
			return ins, "", err
		}
		switch t.text {
		case "xchg_64", "xchg32_32", "cmpxchg_64", "cmpxchg32_32":
			ins, err := p.exchange(dst, narrow, t)
			return ins, "", err
		}
		if isRegister(t) {
			break
		}
		if err := p.expectWord("ll"); err != nil {
			return Instruction{}, "", err
		}
		if narrow {
			return Instruction{}, "", p.errorf(dstTok, "64-bit immediate load needs an r register")
		}
		return Instruction{OpCode: OpCodeLoadImm64, Dst: dst, Src: PseudoMapFD}, t.text, nil
	}
	return Instruction{}, "", p.errorf(t, "unexpected %s after \"=\"", describe(t))
}

// moveSignExtend parses "(sN)rS" after "rD =".
func (p *parser) moveSignExtend(dst Register, narrow bool) (Instruction, string, error) {
	p.next()
	t := p.next()
	widths := map[string]int16{"s8": 8, "s16": 16, "s32": 32}
	w, ok := widths[t.text]
	if !ok || t.kind != tokIdent || narrow && w == 32 {
		return Instruction{}, "", p.errorf(t, "expected a sign-extension type, found %s", describe(t))
	}
	if err := p.expect(")"); err != nil {
		return Instruction{}, "", err
	}
	class := ClassALU64
	if narrow {
		class = ClassALU
	}
	src, err := p.regOfWidth(narrow)
	return Instruction{OpCode: ALUOpCode(class, ALUMov, SourceX), Dst: dst, Src: src, Offset: w}, "", err
}

// load parses "*(T *)(rS + off)" or "*(T *)skb[...]" after "rD =".
func (p *parser) load(dst Register, narrow bool, dstTok token) (Instruction, error) {
	typ, typTok, err := p.pointerType("u8", "u16", "u32", "u64", "s8", "s16", "s32")
	if err != nil {
		return Instruction{}, err
	}
	size := sizeOf[typ]
	if isIdent(p.peek(), "skb") {
		p.next()
		return p.legacyPacket(dst, narrow, dstTok, typ, typTok)
	}
	mode := ModeMEM
	if typ[0] == 's' {
		mode = ModeMEMSX
	}
	if narrow && (size == SizeDW || mode == ModeMEMSX) {
		return Instruction{}, p.errorf(dstTok, "a %s load needs an r register", typ)
	}
	src, off, err := p.memRef()
	return Instruction{OpCode: LoadStoreOp(ClassLDX, mode, size), Dst: dst, Src: src, Offset: off}, err
}

// legacyPacket parses "skb[imm]" or "skb[rS]" (or "skb[rS + imm]") after
// "r0 = *(T *)".
func (p *parser) legacyPacket(dst Register, narrow bool, dstTok token, typ string, typTok token) (Instruction, error) {
	if narrow || dst != R0 {
		return Instruction{}, p.errorf(dstTok, "legacy packet load must load into r0")
	}
	if typ != "u8" && typ != "u16" && typ != "u32" {
		return Instruction{}, p.errorf(typTok, "legacy packet load of %s is not supported", typ)
	}
	if err := p.expect("["); err != nil {
		return Instruction{}, err
	}
	ins := Instruction{OpCode: LoadStoreOp(ClassLD, ModeABS, sizeOf[typ])}
	var err error
	if isRegister(p.peek()) {
		ins.OpCode = LoadStoreOp(ClassLD, ModeIND, sizeOf[typ])
		if ins.Src, err = p.wideReg(); err != nil {
			return Instruction{}, err
		}
		if t := p.peek(); isPunct(t, "+") || isPunct(t, "-") {
			p.next()
			n := p.next()
			if n.kind != tokNum {
				return Instruction{}, p.errorf(n, "expected a number, found %s", describe(n))
			}
			if ins.Constant, err = p.fit32(t.text == "-", n.val, n); err != nil {
				return Instruction{}, err
			}
			if t.text == "+" && n.val > math.MaxInt32 {
				return Instruction{}, p.errorf(n, "immediate %d does not fit in 32 bits", n.val)
			}
		}
	} else if ins.Constant, err = p.imm32(); err != nil {
		return Instruction{}, err
	}
	return ins, p.expect("]")
}

// fetch parses "atomic_fetch_op((uN *)(rA + off), rD)" after "rD =".
func (p *parser) fetch(dst Register, narrow bool, dstTok token, op int64) (Instruction, error) {
	if err := p.expect("("); err != nil {
		return Instruction{}, err
	}
	typ, _, err := p.pointerType("u32", "u64")
	if err != nil {
		return Instruction{}, err
	}
	if narrow != (typ == "u32") {
		return Instruction{}, p.errorf(dstTok, "register %s has the wrong width for a %s operation", dstTok.text, typ)
	}
	base, off, err := p.memRef()
	if err != nil {
		return Instruction{}, err
	}
	if err := p.expect(","); err != nil {
		return Instruction{}, err
	}
	if err := p.sameReg(dst, narrow); err != nil {
		return Instruction{}, err
	}
	ins := Instruction{OpCode: LoadStoreOp(ClassSTX, ModeATOMIC, sizeOf[typ]), Dst: base, Src: dst, Offset: off, Constant: op}
	return ins, p.expect(")")
}

// exchange parses "xchg_64(rA + off, rD)" and "cmpxchg_64(rA + off, r0, rS)"
// and their 32-bit forms after "rD =".
func (p *parser) exchange(dst Register, narrow bool, name token) (Instruction, error) {
	wantNarrow := name.text == "xchg32_32" || name.text == "cmpxchg32_32"
	if narrow != wantNarrow {
		return Instruction{}, p.errorf(name, "%s needs %s registers", name.text, map[bool]string{true: "w", false: "r"}[wantNarrow])
	}
	size := SizeDW
	if narrow {
		size = SizeW
	}
	if err := p.expect("("); err != nil {
		return Instruction{}, err
	}
	base, off, err := p.addr()
	if err != nil {
		return Instruction{}, err
	}
	if err := p.expect(","); err != nil {
		return Instruction{}, err
	}
	ins := Instruction{OpCode: LoadStoreOp(ClassSTX, ModeATOMIC, size), Dst: base, Offset: off}
	if name.text[0] == 'x' {
		ins.Constant, ins.Src = AtomicXchg, dst
		if err := p.sameReg(dst, narrow); err != nil {
			return Instruction{}, err
		}
	} else {
		ins.Constant = AtomicCmpXchg
		if dst != R0 {
			return Instruction{}, p.errorf(name, "compare-and-exchange returns its result in %s", regName(R0, narrow))
		}
		if err := p.sameReg(R0, narrow); err != nil {
			return Instruction{}, err
		}
		if err := p.expect(","); err != nil {
			return Instruction{}, err
		}
		if ins.Src, err = p.regOfWidth(narrow); err != nil {
			return Instruction{}, err
		}
	}
	return ins, p.expect(")")
}
