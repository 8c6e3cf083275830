package codegen

import (
	"encoding/binary"

	"vep/cparse"
	"vep/internal/isa"
)

// addrv is an address: a base register (R10 for the frame) plus a constant
// byte offset.
type addrv struct {
	base reg
	off  int64
	// align is the known alignment of base+off, 0 when unknown.
	align int64
}

// alignOf returns the alignment the address is known to have, given the
// alignment of the type it points to.
func (a addrv) alignOf(typeAlign int64) int64 {
	if a.base == rFP {
		al := int64(8)
		for al > 1 && a.off%al != 0 {
			al >>= 1
		}
		return al
	}
	if a.align > 0 {
		return a.align
	}
	return max(typeAlign, 1)
}

// addrVal returns the address as a value.
func (l *lowerer) addrVal(a addrv) val {
	if a.off == 0 && a.base != rFP {
		return regVal(a.base)
	}
	return l.aluOp(isa.ALUAdd, false, regVal(a.base), constVal(a.off))
}

// fitOff makes the offset of a fit a load or store's 16-bit field.
func (l *lowerer) fitOff(a addrv, size int64) addrv {
	if a.off >= -32768 && a.off+size <= 32767 {
		return a
	}
	v := l.aluOp(isa.ALUAdd, false, regVal(a.base), constVal(a.off))
	return addrv{base: v.r, align: a.align}
}

// addr returns the address of a place.
func (l *lowerer) addr(e cparse.Expr) (addrv, error) {
	switch e := e.(type) {
	case *cparse.VarRef:
		b := l.bind(e.Var)
		if b.kind != bMem {
			return addrv{}, errorf(e.At, "the address of register variable %s is taken", e.Var.Name)
		}
		return addrv{base: rFP, off: b.off}, nil
	case *cparse.Deref:
		return l.addrOfPtr(e.Ptr)
	case *cparse.FieldRef:
		a, err := l.addr(e.X)
		if err != nil {
			return addrv{}, err
		}
		a.off += e.F.Offset
		a.align = 0
		return a, nil
	case *cparse.Index:
		a, err := l.addr(e.X)
		if err != nil {
			return addrv{}, err
		}
		a.align = 0
		if c, ok := l.evalConst(e.Idx); ok {
			a.off += c * e.ElemSize
			return a, nil
		}
		iv, err := l.expr(e.Idx)
		if err != nil {
			return addrv{}, err
		}
		return addrv{base: l.ptrIndex(a, iv, e.ElemSize, false)}, nil
	case *cparse.Cast:
		return l.addrOfPtr(e)
	}
	return addrv{}, errorf(e.Pos(), "%s is not a place", e)
}

// addrOfPtr returns the address a pointer expression evaluates to, folding
// constant offsets into the address.
func (l *lowerer) addrOfPtr(e cparse.Expr) (addrv, error) {
	switch x := e.(type) {
	case *cparse.AddrOf:
		return l.addr(x.X)
	case *cparse.Cast:
		if _, ok := x.X.Type().(*cparse.PointerType); ok {
			return l.addrOfPtr(x.X)
		}
	case *cparse.PtrArith:
		a, err := l.addrOfPtr(x.Ptr)
		if err != nil {
			return addrv{}, err
		}
		a.align = 0
		if c, ok := l.evalConst(x.Idx); ok {
			if x.Sub {
				c = -c
			}
			a.off += c * x.ElemSize
			return a, nil
		}
		iv, err := l.expr(x.Idx)
		if err != nil {
			return addrv{}, err
		}
		return addrv{base: l.ptrIndex(a, iv, x.ElemSize, x.Sub)}, nil
	}
	v, err := l.expr(e)
	if err != nil {
		return addrv{}, err
	}
	return addrv{base: l.materialize(v)}, nil
}

// sizeCode returns the instruction size of an access of n bytes.
func sizeCode(n int64) isa.Size {
	switch n {
	case 1:
		return isa.SizeB
	case 2:
		return isa.SizeH
	case 4:
		return isa.SizeW
	}
	return isa.SizeDW
}

// load reads the scalar place e.
func (l *lowerer) load(e cparse.Expr) (val, error) {
	t := e.Type()
	if vr, ok := e.(*cparse.VarRef); ok {
		b := l.bind(vr.Var)
		switch b.kind {
		case bReg:
			return regVal(b.r), nil
		case bConst:
			return constVal(b.c), nil
		}
	}
	if !isScalar(t) {
		return val{}, errorf(e.Pos(), "a value of type %s cannot be held in a register", t)
	}
	if fr, ok := e.(*cparse.FieldRef); ok && fr.F.BitWidth > 0 {
		return l.loadBits(fr)
	}
	a, err := l.addr(e)
	if err != nil {
		return val{}, err
	}
	return l.loadScalar(a, t), nil
}

// loadScalar loads a value of type t from a.
func (l *lowerer) loadScalar(a addrv, t cparse.Type) val {
	n := t.Size()
	a = l.fitOff(a, n)
	d := l.newReg()
	m := minst{op: mLoad, dst: d, a: a.base, b: noReg, off: a.off, size: sizeCode(n)}
	if isSigned(t) && n < 4 && l.g.opts.V4 {
		m.sx = int(n * 8)
		l.emit(m)
		// ldsx extends to 64 bits; keep the upper half zero.
		l.emit(minst{op: mALU, alu: isa.ALUMov, w32: true, dst: d, a: noReg, b: d})
		return regVal(d)
	}
	l.emit(m)
	if isSigned(t) && n < 4 {
		return l.signExtend(d, int(n*8))
	}
	return regVal(d)
}

// storeScalar stores v, a value of type t, at a.
func (l *lowerer) storeScalar(a addrv, t cparse.Type, v val, p cparse.Pos) error {
	n := t.Size()
	if n != 1 && n != 2 && n != 4 && n != 8 {
		return errorf(p, "cannot store a value of type %s", t)
	}
	a = l.fitOff(a, n)
	m := minst{op: mStore, a: a.base, b: noReg, off: a.off, size: sizeCode(n), dst: noReg}
	if v.isC && (n < 8 || fitsImm(v.c)) {
		m.imm = int64(int32(uint32(v.c)))
		if n == 8 {
			m.imm = v.c
		}
	} else {
		m.b = l.materialize(v)
	}
	l.emit(m)
	return nil
}

// loadBits reads a bit-field.
func (l *lowerer) loadBits(fr *cparse.FieldRef) (val, error) {
	a, err := l.addr(fr.X)
	if err != nil {
		return val{}, err
	}
	f := fr.F
	a.off += f.Offset
	unit := unitType(f.UnitSize)
	v := l.loadScalar(a, unit)
	w := f.UnitSize > 4
	bits := int64(32)
	if w {
		bits = 64
	}
	if isSigned(f.Type) {
		v = l.aluOp(isa.ALULsh, !w, v, constVal(bits-int64(f.BitOffset+f.BitWidth)))
		v = l.aluOp(isa.ALUArsh, !w, v, constVal(bits-int64(f.BitWidth)))
	} else {
		v = l.binary(cparse.OpShr, unit, v, constVal(int64(f.BitOffset)))
		if f.BitOffset+f.BitWidth < int(f.UnitSize*8) {
			v = l.binary(cparse.OpAnd, unit, v, constVal(int64(uint64(1)<<f.BitWidth-1)))
		}
	}
	if w && f.Type.Size() <= 4 {
		v = l.cast(v, cparse.U64, cparse.U32)
	}
	return v, nil
}

// storeBits writes v into a bit-field.
func (l *lowerer) storeBits(fr *cparse.FieldRef, v val) error {
	a, err := l.addr(fr.X)
	if err != nil {
		return err
	}
	a.off += fr.F.Offset
	return l.storeBitsAt(a, fr.F, v)
}

// unitType is the unsigned type of a bit-field storage unit.
func unitType(n int64) cparse.Type {
	switch n {
	case 1:
		return cparse.U8
	case 2:
		return cparse.U16
	case 8:
		return cparse.U64
	}
	return cparse.U32
}

// chunk returns the widest access size that fits n remaining bytes at an
// offset with the given alignment.
func chunk(n, align, off int64) int64 {
	for _, s := range []int64{8, 4, 2} {
		if n >= s && align >= s && off%s == 0 {
			return s
		}
	}
	return 1
}

// copyBytes copies n bytes from src to dst.
func (l *lowerer) copyBytes(dst, src addrv, n, align int64) {
	for off := int64(0); off < n; {
		s := chunk(n-off, align, off)
		t := unitType(s)
		v := l.loadScalar(addrv{base: src.base, off: src.off + off}, t)
		_ = l.storeScalar(addrv{base: dst.base, off: dst.off + off}, t, v, l.pos)
		off += s
	}
}

// setBytes stores n copies of byte value b (a register or constant) at dst.
func (l *lowerer) setBytes(dst addrv, b val, n, align int64) {
	var pat val
	if b.isC {
		pat = constVal(int64(uint8(b.c)) * 0x0101010101010101)
	} else {
		x := l.binary(cparse.OpAnd, cparse.U64, b, constVal(0xff))
		pat = l.binary(cparse.OpMul, cparse.U64, x, constVal(0x0101010101010101))
	}
	for off := int64(0); off < n; {
		s := chunk(n-off, align, off)
		v := pat
		if pat.isC {
			v = constVal(norm(unitType(s), pat.c))
		}
		_ = l.storeScalar(addrv{base: dst.base, off: dst.off + off}, unitType(s), v, l.pos)
		off += s
	}
}

// initMem initialises the object of type t at a: a scalar from Init.Expr,
// an aggregate by zeroing it and storing the items. Constant items are
// merged into an image stored 8 bytes at a time.
func (l *lowerer) initMem(a addrv, t cparse.Type, in *cparse.Init, p cparse.Pos) error {
	if in.Expr != nil {
		if isScalar(t) {
			v, err := l.expr(in.Expr)
			if err != nil {
				return err
			}
			return l.storeScalar(a, t, v, p)
		}
		return l.assignAggregate(a, t, in.Expr, p)
	}
	size := t.Size()
	img := make([]byte, size)
	var late []cparse.InitItem
	for _, it := range in.Items {
		n := int64(len(it.Bytes))
		if it.Bytes == nil && it.Value != nil {
			n = it.Value.Type().Size()
		}
		if it.Offset < 0 || it.Offset+n > size {
			return errorf(p, "initialiser item at offset %d outside the %d-byte object", it.Offset, size)
		}
		switch {
		case it.Bytes != nil:
			copy(img[it.Offset:], it.Bytes)
		case it.Field == nil && isScalar(it.Value.Type()):
			c, ok := l.evalConst(it.Value)
			if !ok {
				late = append(late, it)
				continue
			}
			var b [8]byte
			binary.LittleEndian.PutUint64(b[:], uint64(c))
			copy(img[it.Offset:], b[:it.Value.Type().Size()])
		default:
			late = append(late, it)
		}
	}
	align := a.alignOf(t.Align())
	for off := int64(0); off < size; {
		s := chunk(size-off, align, off)
		var b [8]byte
		copy(b[:], img[off:off+s])
		c := int64(binary.LittleEndian.Uint64(b[:]))
		if err := l.storeScalar(addrv{base: a.base, off: a.off + off}, unitType(s), constVal(norm(unitType(s), c)), p); err != nil {
			return err
		}
		off += s
	}
	for _, it := range late {
		if !isScalar(it.Value.Type()) {
			if err := l.assignAggregate(addrv{base: a.base, off: a.off + it.Offset}, it.Value.Type(), it.Value, p); err != nil {
				return err
			}
			continue
		}
		v, err := l.expr(it.Value)
		if err != nil {
			return err
		}
		if it.Field != nil {
			fa := addrv{base: a.base, off: a.off + it.Offset}
			if err := l.storeBitsAt(fa, it.Field, v); err != nil {
				return err
			}
			continue
		}
		if err := l.storeScalar(addrv{base: a.base, off: a.off + it.Offset}, it.Value.Type(), v, p); err != nil {
			return err
		}
	}
	return nil
}

// storeBitsAt writes v into bit-field f whose storage unit is at a.
func (l *lowerer) storeBitsAt(a addrv, f *cparse.Field, v val) error {
	unit := unitType(f.UnitSize)
	mask := int64(uint64(1)<<f.BitWidth-1) << f.BitOffset
	old := l.loadScalar(a, unit)
	kept := l.binary(cparse.OpAnd, unit, old, constVal(norm(unit, ^mask)))
	nv := l.binary(cparse.OpShl, unit, l.cast(v, f.Type, unit), constVal(int64(f.BitOffset)))
	nv = l.binary(cparse.OpAnd, unit, nv, constVal(norm(unit, mask)))
	return l.storeScalar(a, unit, l.binary(cparse.OpOr, unit, kept, nv), l.pos)
}

// assignAggregate copies the struct or array value e into a.
func (l *lowerer) assignAggregate(a addrv, t cparse.Type, e cparse.Expr, p cparse.Pos) error {
	ld, ok := e.(*cparse.Load)
	if !ok {
		return errorf(p, "assignment of a %s value from %s is not supported", t, e)
	}
	src, err := l.addr(ld.X)
	if err != nil {
		return err
	}
	l.copyBytes(a, src, t.Size(), min(a.alignOf(t.Align()), src.alignOf(t.Align())))
	return nil
}
