package codegen

import (
	"vep/cparse"
	"vep/internal/isa"
)

// bindKind says where a variable of an inline frame lives.
type bindKind uint8

const (
	bReg   bindKind = iota // in virtual register r
	bMem                   // in the frame slot at R10+off
	bConst                 // its value is the constant c (an unrolled loop counter, a constant argument)
)

// binding is the location of a variable in one inline frame.
type binding struct {
	kind bindKind
	r    reg
	off  int64
	c    int64
}

// inlineFrame is one activation of a function whose body is being lowered:
// the top function or an inlined callee.
type inlineFrame struct {
	fn     *cparse.Function
	vars   map[*cparse.Var]*binding
	ret    reg // where an inlined function's result goes (noReg for void)
	retLbl int // where its returns jump; -1 in the top function
	parent *inlineFrame
}

// loopCtx holds the targets of break and continue in a loop or switch.
type loopCtx struct {
	brk, cont int // labels; cont is -1 in a switch
	// fixups are the counters of unrolled loops whose constant value must
	// be written back to their register before leaving the loop.
	fixups []fixup
}

// fixup writes constant c to the register of an unrolled loop's counter.
type fixup struct {
	r reg
	c *int64
}

// pointSnap records a point and the bindings in scope when it was lowered.
type pointSnap struct {
	p    *Point
	vars []*cparse.Var
	bind []binding
}

// lowerer lowers one top-level function to machine IR.
type lowerer struct {
	g         *generator
	top       *cparse.Function
	code      []minst
	nextReg   reg
	nextLabel int
	frame     int64 // bytes of the stack frame in use
	frameErr  error
	fr        *inlineFrame
	loops     []*loopCtx
	olds      []val
	pos       cparse.Pos
	points    []*pointSnap
	// cse remembers pointer-plus-variable-index results, so that a bounds
	// check and the access it guards use the same register (the kernel
	// verifier gives each variable-offset sum a new identity); gen counts
	// the definitions of each register to invalidate entries.
	cse map[cseKey]cseEntry
	gen map[reg]int
	// jc is, for each label, the entries valid on every jump to it so far.
	jc map[int]map[cseKey]cseEntry
}

// val is the value of an expression: a constant (in register
// representation) or a register.
type val struct {
	r   reg
	c   int64
	isC bool
}

func constVal(c int64) val { return val{r: noReg, c: c, isC: true} }
func regVal(r reg) val     { return val{r: r} }

func (l *lowerer) newReg() reg {
	r := l.nextReg
	l.nextReg++
	return r
}

func (l *lowerer) newLabel() int {
	l.nextLabel++
	return l.nextLabel
}

func (l *lowerer) emit(m minst) {
	if !m.pos.IsValid() {
		m.pos = l.pos
	}
	var buf [8]reg
	for _, d := range m.defs(buf[:]) {
		l.gen[d]++
	}
	switch m.op {
	case mJmp, mJcc:
		if old, ok := l.jc[m.target]; ok {
			l.jc[m.target] = intersect(old, l.cse)
		} else {
			l.jc[m.target] = l.saveCSE()
		}
	case mLabel:
		// What reaches a label: the jumps to it and the fall-through.
		falls := true
		for i := len(l.code) - 1; i >= 0; i-- {
			if p := l.code[i].op; p != mLabel && p != mPoint {
				falls = !l.code[i].endsBlock()
				break
			}
		}
		jumped, ok := l.jc[m.target]
		switch {
		case !ok && !falls:
			l.cse = map[cseKey]cseEntry{}
		case ok && falls:
			l.cse = intersect(jumped, l.cse)
		case ok:
			l.cse = intersect(jumped, jumped)
		}
	}
	l.code = append(l.code, m)
}

func (l *lowerer) label(id int) { l.emit(minst{op: mLabel, target: id}) }
func (l *lowerer) jump(id int)  { l.emit(minst{op: mJmp, target: id}) }

// allocSlot reserves size bytes of the frame and returns their offset from
// R10. Slots are 8-byte aligned.
func (l *lowerer) allocSlot(size int64, p cparse.Pos) int64 {
	if size <= 0 {
		size = 1
	}
	l.frame = (l.frame + size + 7) &^ 7
	if l.frame > MaxFrame && l.frameErr == nil {
		l.frameErr = errorf(p, "the stack frame of %s needs %d bytes, more than the %d bytes eBPF allows", l.top.Name, l.frame, MaxFrame)
	}
	return -l.frame
}

// inMemory reports whether a variable needs frame storage.
func inMemory(v *cparse.Var) bool {
	return v.AddrTaken || !isScalar(v.Type)
}

// bind returns the binding of v in the current frame, creating it.
func (l *lowerer) bind(v *cparse.Var) *binding {
	if b := l.fr.vars[v]; b != nil {
		return b
	}
	b := &binding{kind: bReg, r: noReg}
	if inMemory(v) {
		b.kind = bMem
		b.off = l.allocSlot(v.Type.Size(), v.Pos)
	} else {
		b.r = l.newReg()
	}
	l.fr.vars[v] = b
	return b
}

// movConst sets dst to the 64-bit constant c in as few instructions as
// possible.
func (l *lowerer) movConst(dst reg, c int64) {
	switch {
	case c == int64(int32(c)):
		l.emit(minst{op: mALU, alu: isa.ALUMov, dst: dst, a: noReg, b: noReg, imm: c})
	case c == int64(uint32(c)):
		l.emit(minst{op: mALU, alu: isa.ALUMov, w32: true, dst: dst, a: noReg, b: noReg, imm: int64(int32(uint32(c)))})
	default:
		l.emit(minst{op: mLdImm, dst: dst, a: noReg, b: noReg, imm: c})
	}
}

// mov copies v into dst.
func (l *lowerer) mov(dst reg, v val) {
	if v.isC {
		l.movConst(dst, v.c)
		return
	}
	if v.r == dst {
		return
	}
	l.emit(minst{op: mALU, alu: isa.ALUMov, dst: dst, a: noReg, b: v.r})
}

// materialize returns a register holding v.
func (l *lowerer) materialize(v val) reg {
	if !v.isC {
		return v.r
	}
	r := l.newReg()
	l.movConst(r, v.c)
	return r
}

// function lowers, allocates and emits one function as its own code.
func (g *generator) function(fn *cparse.Function) (*funcCode, error) {
	l := &lowerer{g: g, top: fn, nextReg: firstVirt, pos: fn.Pos, cse: map[cseKey]cseEntry{}, gen: map[reg]int{}, jc: map[int]map[cseKey]cseEntry{}}
	l.fr = &inlineFrame{fn: fn, vars: map[*cparse.Var]*binding{}, ret: noReg, retLbl: -1}
	if len(fn.Params) > 5 {
		return nil, errorf(fn.Pos, "%s has %d parameters; eBPF functions take at most 5", fn.Name, len(fn.Params))
	}
	entry := &Point{Kind: PointEntry, Func: fn, Pos: fn.Pos, Contract: fn.Contract}
	for i, p := range fn.Params {
		entry.Vars = append(entry.Vars, VarLoc{Var: p, Where: InReg, Reg: isa.Register(i + 1), Size: p.Type.Size()})
	}
	l.emit(minst{op: mPoint, point: entry})
	l.emit(minst{op: mEntry, nargs: len(fn.Params)})
	for i, p := range fn.Params {
		b := l.bind(p)
		src := reg(i + 1)
		if b.kind == bMem {
			if err := l.storeScalar(addrv{base: rFP, off: b.off}, p.Type, regVal(src), p.Pos); err != nil {
				return nil, err
			}
		} else {
			l.mov(b.r, regVal(src))
		}
	}
	if err := l.stmt(fn.Body); err != nil {
		return nil, err
	}
	l.pos = fn.Body.At
	l.movConst(0, 0)
	l.emit(minst{op: mExit})
	if l.frameErr != nil {
		return nil, l.frameErr
	}
	return l.finish()
}
