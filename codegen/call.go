package codegen

import (
	"vep/cparse"
	"vep/internal/isa"
)

// call lowers a call; want says whether its value is used.
func (l *lowerer) call(e *cparse.Call, want bool) (val, error) {
	switch e.Kind {
	case cparse.CallBuiltin:
		return l.builtin(e, want)
	case cparse.CallFunc:
		if e.Func == nil {
			return val{}, errorf(e.At, "call of %s without a definition", e.Name)
		}
		if !isSubprogram(e.Func) {
			return l.inline(e)
		}
	}
	if len(e.Args) > 5 {
		return val{}, errorf(e.At, "%s takes %d arguments; eBPF calls pass at most 5", e.Name, len(e.Args))
	}
	args := make([]val, len(e.Args))
	for i, a := range e.Args {
		v, err := l.expr(a)
		if err != nil {
			return val{}, err
		}
		if !v.isC && i+1 < len(e.Args) && writesRegVar(e.Args[i+1]) {
			t := l.newReg()
			l.mov(t, v)
			v = regVal(t)
		}
		args[i] = v
	}
	l.pos = e.At
	for i, v := range args {
		l.mov(reg(i+1), v)
	}
	m := minst{op: mCall, nargs: len(args), dst: noReg, a: noReg, b: noReg}
	if e.Kind == cparse.CallHelper {
		m.imm = e.Helper
	} else {
		m.local = true
		m.sym = e.Func.Name
	}
	l.emit(m)
	if _, ok := e.T.(*cparse.VoidType); ok || !want {
		return constVal(0), nil
	}
	r := l.newReg()
	l.mov(r, regVal(0))
	return regVal(r), nil
}

// inline lowers a call of a function without a contract by lowering its
// body in a new frame.
func (l *lowerer) inline(e *cparse.Call) (val, error) {
	fn := e.Func
	for f := l.fr; f != nil; f = f.parent {
		if f.fn == fn {
			return val{}, errorf(e.At, "recursive call of %s", fn.Name)
		}
	}
	if len(e.Args) != len(fn.Params) {
		return val{}, errorf(e.At, "%s takes %d arguments, not %d", fn.Name, len(fn.Params), len(e.Args))
	}
	args := make([]val, len(e.Args))
	for i, a := range e.Args {
		v, err := l.expr(a)
		if err != nil {
			return val{}, err
		}
		if !v.isC && i+1 < len(e.Args) && writesRegVar(e.Args[i+1]) {
			t := l.newReg()
			l.mov(t, v)
			v = regVal(t)
		}
		args[i] = v
	}
	fr := &inlineFrame{fn: fn, vars: map[*cparse.Var]*binding{}, ret: noReg, retLbl: l.newLabel(), parent: l.fr}
	if _, ok := fn.Result.(*cparse.VoidType); !ok {
		fr.ret = l.newReg()
	}
	written := assignedVars(fn)
	l.fr = fr
	for i, p := range fn.Params {
		v := args[i]
		switch {
		case inMemory(p):
			b := l.bind(p)
			if err := l.storeScalar(addrv{base: rFP, off: b.off}, p.Type, v, e.At); err != nil {
				l.fr = fr.parent
				return val{}, err
			}
		case !written[p] && v.isC:
			fr.vars[p] = &binding{kind: bConst, c: v.c}
		case !written[p]:
			fr.vars[p] = &binding{kind: bReg, r: v.r}
		default:
			b := l.bind(p)
			l.mov(b.r, v)
		}
	}
	loops := l.loops
	l.loops = nil
	err := l.stmt(fn.Body)
	l.loops = loops
	l.fr = fr.parent
	if err != nil {
		return val{}, err
	}
	l.label(fr.retLbl)
	l.pos = e.At
	if fr.ret == noReg {
		return constVal(0), nil
	}
	return regVal(fr.ret), nil
}

// assignedVars returns the variables of fn that are assigned after their
// declaration.
func assignedVars(fn *cparse.Function) map[*cparse.Var]bool {
	out := map[*cparse.Var]bool{}
	cparse.WalkStmt(fn.Body, func(s cparse.Stmt) {
		if a, ok := s.(*cparse.Assign); ok {
			if vr, ok := a.LHS.(*cparse.VarRef); ok {
				out[vr.Var] = true
			}
		}
	}, func(e cparse.Expr) {
		switch x := e.(type) {
		case *cparse.AssignExpr:
			if vr, ok := x.LHS.(*cparse.VarRef); ok {
				out[vr.Var] = true
			}
		case *cparse.AddrOf:
			if vr, ok := x.X.(*cparse.VarRef); ok {
				out[vr.Var] = true
			}
		}
	})
	return out
}

// builtin lowers a compiler builtin.
func (l *lowerer) builtin(e *cparse.Call, want bool) (val, error) {
	name := e.Builtin
	switch name {
	case "__builtin_memcpy", "__builtin_memset":
		dst, err := l.addrOfPtr(e.Args[0])
		if err != nil {
			return val{}, err
		}
		n, ok := l.evalConst(e.Args[2])
		if !ok || n < 0 || n > 4096 {
			return val{}, errorf(e.At, "%s needs a constant size", name)
		}
		align := dst.alignOf(ptrAlign(e.Args[0]))
		if name == "__builtin_memcpy" {
			src, err := l.addrOfPtr(e.Args[1])
			if err != nil {
				return val{}, err
			}
			align = min(align, src.alignOf(ptrAlign(e.Args[1])))
			dst, src = l.fitOff(dst, n), l.fitOff(src, n)
			l.copyBytes(dst, src, n, align)
		} else {
			b, err := l.expr(e.Args[1])
			if err != nil {
				return val{}, err
			}
			dst = l.fitOff(dst, n)
			l.setBytes(dst, b, n, align)
		}
		if !want {
			return constVal(0), nil
		}
		return l.addrVal(dst), nil
	case "__builtin_bswap16", "__builtin_bswap32", "__builtin_bswap64":
		v, err := l.expr(e.Args[0])
		if err != nil {
			return val{}, err
		}
		bits := map[string]int64{"__builtin_bswap16": 16, "__builtin_bswap32": 32, "__builtin_bswap64": 64}[name]
		if v.isC {
			return constVal(bswapConst(v.c, bits)), nil
		}
		d := l.newReg()
		l.emit(minst{op: mALU, alu: isa.ALUEnd, w32: true, dst: d, a: v.r, b: noReg, imm: bits})
		return regVal(d), nil
	}
	return l.atomic(e, want)
}

// ptrAlign returns the alignment of what a pointer argument (before its
// conversion to void *) points to.
func ptrAlign(e cparse.Expr) int64 {
	for {
		c, ok := e.(*cparse.Cast)
		if !ok {
			break
		}
		if _, ok := c.X.Type().(*cparse.PointerType); !ok {
			break
		}
		e = c.X
	}
	if pt, ok := e.Type().(*cparse.PointerType); ok {
		if _, ok := pt.Elem.(*cparse.VoidType); !ok {
			return pt.Elem.Align()
		}
	}
	return 1
}

func bswapConst(c, bits int64) int64 {
	var r uint64
	u := uint64(c)
	for i := int64(0); i < bits/8; i++ {
		r = r<<8 | (u>>(8*i))&0xff
	}
	return int64(r)
}

// atomic lowers the __sync builtins with atomic instructions.
func (l *lowerer) atomic(e *cparse.Call, want bool) (val, error) {
	type spec struct {
		op    int64
		sub   bool
		after cparse.BinOp // OpNone: returns the old value
	}
	specs := map[string]spec{
		"__sync_fetch_and_add": {isa.AtomicAdd, false, cparse.OpNone},
		"__sync_fetch_and_sub": {isa.AtomicAdd, true, cparse.OpNone},
		"__sync_fetch_and_or":  {isa.AtomicOr, false, cparse.OpNone},
		"__sync_fetch_and_and": {isa.AtomicAnd, false, cparse.OpNone},
		"__sync_fetch_and_xor": {isa.AtomicXor, false, cparse.OpNone},
		"__sync_add_and_fetch": {isa.AtomicAdd, false, cparse.OpAdd},
		"__sync_sub_and_fetch": {isa.AtomicAdd, true, cparse.OpSub},
		"__sync_or_and_fetch":  {isa.AtomicOr, false, cparse.OpOr},
		"__sync_and_and_fetch": {isa.AtomicAnd, false, cparse.OpAnd},
		"__sync_xor_and_fetch": {isa.AtomicXor, false, cparse.OpXor},
	}
	sp, ok := specs[e.Builtin]
	if !ok || len(e.Args) != 2 {
		return val{}, errorf(e.At, "builtin %s is not supported", e.Builtin)
	}
	t := e.T
	n := t.Size()
	if n != 4 && n != 8 {
		return val{}, errorf(e.At, "%s on a %d-byte integer: eBPF atomics are 4 or 8 bytes wide", e.Builtin, n)
	}
	a, err := l.addrOfPtr(e.Args[0])
	if err != nil {
		return val{}, err
	}
	v, err := l.expr(e.Args[1])
	if err != nil {
		return val{}, err
	}
	a = l.fitOff(a, n)
	operand := v
	if sp.sub {
		operand = l.binary(cparse.OpSub, t, constVal(0), v)
	}
	l.pos = e.At
	m := minst{op: mAtomic, a: a.base, off: a.off, size: sizeCode(n), imm: sp.op, dst: noReg}
	if !want {
		m.b = l.materialize(operand)
		l.emit(m)
		return constVal(0), nil
	}
	if !operand.isC && !v.isC && operand.r == v.r && sp.after != cparse.OpNone {
		t := l.newReg()
		l.mov(t, operand)
		operand = regVal(t)
	}
	d := l.newReg()
	m.b = l.materialize(operand)
	m.dst = d
	m.fetch = true
	m.imm |= isa.AtomicFetch
	l.emit(m)
	if sp.after == cparse.OpNone {
		return regVal(d), nil
	}
	return l.binary(sp.after, t, regVal(d), v), nil
}
