package interp

import (
	"encoding/binary"

	"vep/internal/isa"
)

// locate checks that size bytes at base+off may be accessed and returns
// the region and the offset in it. insn says whether the access is made
// by a load or store instruction (stack accesses must then be aligned)
// rather than by a helper. Context accesses are returned unchecked.
func (r *run) locate(base value, off int64, size int, write, insn bool) (*region, int64, *faultMsg) {
	switch base.k {
	case kindScalar:
		if base.bits == 0 {
			return nil, 0, faultf("null pointer dereference")
		}
		return nil, 0, faultf("dereference of scalar %#x", base.bits)
	case kindMap:
		return nil, 0, faultf("dereference of map handle %s", base.m.def.Name)
	case kindUninit:
		return nil, 0, faultf("dereference of an uninitialised value")
	}
	reg := base.reg
	if reg.dead {
		return nil, 0, faultf("access to %s, %s", reg.name, reg.deadMsg)
	}
	o := base.off() + off
	n := int64(size)
	if reg.kind == regionContext {
		if base.off() != 0 {
			return nil, 0, faultf("access through a modified context pointer")
		}
		return reg, o, nil
	}
	oob := func(lo, hi int64) *faultMsg {
		return faultf("%d-byte access at offset %d of %s, outside [%d, %d)", size, o-lo, reg.name, 0, hi-lo)
	}
	switch reg.kind {
	case regionStack:
		if o < 0 || o+n > stackSize || o+n < o {
			return nil, 0, faultf("%d-byte access at fp%+d, outside the 512-byte stack", size, o-stackSize)
		}
		if insn && o%n != 0 {
			return nil, 0, faultf("misaligned %d-byte stack access at fp%+d", size, o-stackSize)
		}
	case regionPacket:
		switch base.origin {
		case ctxDataEnd:
			return nil, 0, faultf("access through a pointer derived from data_end")
		case ctxDataMeta:
			if o < r.meta || o+n > r.data || o+n < o {
				return nil, 0, faultf("%d-byte metadata access at offset %d from data, outside [%d, 0)", size, o-r.data, r.meta-r.data)
			}
		default:
			if o < r.data || o+n > r.end || o+n < o {
				return nil, 0, faultf("%d-byte packet access at offset %d from data, outside [0, %d)", size, o-r.data, r.end-r.data)
			}
		}
	default:
		if o < 0 || o+n > int64(len(reg.data)) || o+n < o {
			return nil, 0, oob(0, int64(len(reg.data)))
		}
	}
	if write && !reg.writable {
		return nil, 0, faultf("write to read-only %s", reg.name)
	}
	return reg, o, nil
}

// load executes LDX (MEM and MEMSX).
func (r *run) load(ins isa.Instruction) *faultMsg {
	base, f := r.read(ins.Src)
	if f != nil {
		return f
	}
	size := ins.OpCode.Size().Bytes()
	sx := ins.OpCode.Mode() == isa.ModeMEMSX
	reg, o, f := r.locate(base, int64(ins.Offset), size, false, true)
	if f != nil {
		return f
	}
	var v value
	switch reg.kind {
	case regionContext:
		v, f = r.ctxLoad(o, size, sx)
	case regionStack:
		v, f = stackLoad(reg, o, size, sx)
	default:
		v = scalar(extend(reg.data[o:o+int64(size)], sx))
	}
	if f != nil {
		return f
	}
	r.regs[ins.Dst] = v
	return nil
}

// extend reads a little-endian integer of len(b) bytes, zero- or
// sign-extended to 64 bits.
func extend(b []byte, signed bool) uint64 {
	switch len(b) {
	case 1:
		if signed {
			return uint64(int64(int8(b[0])))
		}
		return uint64(b[0])
	case 2:
		v := binary.LittleEndian.Uint16(b)
		if signed {
			return uint64(int64(int16(v)))
		}
		return uint64(v)
	case 4:
		v := binary.LittleEndian.Uint32(b)
		if signed {
			return uint64(int64(int32(v)))
		}
		return uint64(v)
	}
	return binary.LittleEndian.Uint64(b)
}

func putLE(b []byte, v uint64) {
	for i := range b {
		b[i] = byte(v >> (8 * i))
	}
}

// stackLoad reads size bytes of a stack frame at o: a whole spilled
// pointer, or initialised scalar bytes.
func stackLoad(reg *region, o int64, size int, sx bool) (value, *faultMsg) {
	if f := stackSpillOverlap(reg, o, size); f != nil {
		if sp, ok := reg.spills[int(o)]; ok && size == 8 && !sx {
			return sp, nil
		}
		return value{}, f
	}
	for i := o; i < o+int64(size); i++ {
		if !reg.init[i] {
			return value{}, faultf("read of uninitialised stack byte fp%+d", i-stackSize)
		}
	}
	return scalar(extend(reg.data[o:o+int64(size)], sx)), nil
}

// stackSpillOverlap faults if [o, o+size) overlaps a spilled pointer.
func stackSpillOverlap(reg *region, o int64, size int) *faultMsg {
	for slot := o &^ 7; slot < o+int64(size); slot += 8 {
		if _, ok := reg.spills[int(slot)]; ok {
			return faultf("partial or scalar read of a pointer spilled at fp%+d", slot-stackSize)
		}
	}
	return nil
}

// ctxLoad reads a context field; packet pointer fields yield pointers.
func (r *run) ctxLoad(o int64, size int, sx bool) (value, *faultMsg) {
	kind, f := r.layout.check(o, size, false, sx, len(r.ctx.data))
	if f != nil {
		return value{}, f
	}
	switch kind {
	case ctxData:
		return packetPointer(r.pkt, r.data, kind), nil
	case ctxDataEnd:
		return packetPointer(r.pkt, r.end, kind), nil
	case ctxDataMeta:
		return packetPointer(r.pkt, r.meta, kind), nil
	}
	return scalar(extend(r.ctx.data[o:o+int64(size)], sx)), nil
}

// store executes ST and STX (MEM).
func (r *run) store(ins isa.Instruction) *faultMsg {
	base, f := r.read(ins.Dst)
	if f != nil {
		return f
	}
	val := scalar(uint64(ins.Constant))
	if ins.OpCode.Class() == isa.ClassSTX {
		if val, f = r.read(ins.Src); f != nil {
			return f
		}
	}
	size := ins.OpCode.Size().Bytes()
	reg, o, f := r.locate(base, int64(ins.Offset), size, true, true)
	if f != nil {
		return f
	}
	if val.k != kindScalar {
		if reg.kind != regionStack || size != 8 {
			return faultf("store of a %s to %s: pointers may only be spilled to the stack as 8 bytes", kindName(val), reg.name)
		}
		reg.markStackWritten(int(o), 8)
		putLE(reg.data[o:o+8], 0)
		reg.spills[int(o)] = val
		return nil
	}
	switch reg.kind {
	case regionContext:
		// Since Linux 6.4 BPF_ST stores into writable context fields
		// are allowed like BPF_STX ones (the verifier converts both).
		if _, f := r.layout.check(o, size, true, false, len(reg.data)); f != nil {
			return f
		}
	case regionStack:
		reg.markStackWritten(int(o), size)
	}
	putLE(reg.data[o:o+int64(size)], val.bits)
	return nil
}

// atomic executes an atomic read-modify-write on the stack or a map value.
func (r *run) atomic(ins isa.Instruction) *faultMsg {
	base, f := r.read(ins.Dst)
	if f != nil {
		return f
	}
	src, f := r.read(ins.Src)
	if f != nil {
		return f
	}
	size := ins.OpCode.Size().Bytes()
	reg, o, f := r.locate(base, int64(ins.Offset), size, true, true)
	if f != nil {
		return f
	}
	if reg.kind != regionStack && reg.kind != regionMapValue {
		return faultf("atomic operation on %s", reg.name)
	}
	if o%int64(size) != 0 {
		return faultf("misaligned %d-byte atomic operation at offset %d of %s", size, o, reg.name)
	}
	if src.k != kindScalar {
		return faultf("atomic operation with a %s operand", kindName(src))
	}
	var old uint64
	if reg.kind == regionStack {
		v, f := stackLoad(reg, o, size, false)
		if f != nil {
			return f
		}
		if v.k != kindScalar {
			return faultf("atomic operation on a spilled %s", kindName(v))
		}
		old = v.bits
	} else {
		old = extend(reg.data[o:o+int64(size)], false)
	}
	mask := ^uint64(0)
	if size == 4 {
		mask = 0xffffffff
	}
	s := src.bits & mask
	var nv uint64
	op := ins.Constant
	switch op &^ isa.AtomicFetch {
	case isa.AtomicAdd:
		nv = old + s
	case isa.AtomicOr:
		nv = old | s
	case isa.AtomicAnd:
		nv = old & s
	case isa.AtomicXor:
		nv = old ^ s
	case isa.AtomicXchg &^ isa.AtomicFetch:
		nv = s
	case isa.AtomicCmpXchg &^ isa.AtomicFetch:
		r0, f := r.read(isa.R0)
		if f != nil {
			return f
		}
		if r0.k != kindScalar {
			return faultf("cmpxchg with a %s in r0", kindName(r0))
		}
		nv = old
		if r0.bits&mask == old {
			nv = s
		}
		r.regs[isa.R0] = scalar(old)
	}
	putLE(reg.data[o:o+int64(size)], nv&mask)
	if op&isa.AtomicFetch != 0 && op != isa.AtomicCmpXchg {
		r.regs[ins.Src] = scalar(old)
	}
	return nil
}

// readMem returns n bytes a helper reads through pointer v: they must lie
// in a stack, packet or map value region and be initialised.
func (r *run) readMem(v value, n int, arg string) ([]byte, *faultMsg) {
	reg, o, f := r.helperMem(v, n, false, arg)
	if f != nil || n == 0 {
		return nil, f
	}
	if reg.kind == regionStack {
		if f := stackSpillOverlap(reg, o, n); f != nil {
			return nil, faultf("%s: %s", arg, f.msg)
		}
		for i := o; i < o+int64(n); i++ {
			if !reg.init[i] {
				return nil, faultf("%s: read of uninitialised stack byte fp%+d", arg, i-stackSize)
			}
		}
	}
	return append([]byte(nil), reg.data[o:o+int64(n)]...), nil
}

// writeMem stores data through pointer v on behalf of a helper.
func (r *run) writeMem(v value, data []byte, arg string) *faultMsg {
	reg, o, f := r.helperMem(v, len(data), true, arg)
	if f != nil || len(data) == 0 {
		return f
	}
	if reg.kind == regionStack {
		reg.markStackWritten(int(o), len(data))
	}
	copy(reg.data[o:], data)
	return nil
}

func (r *run) helperMem(v value, n int, write bool, arg string) (*region, int64, *faultMsg) {
	if n < 0 {
		return nil, 0, faultf("%s: negative size %d", arg, n)
	}
	if v.k == kindPtr && v.reg.kind == regionContext {
		return nil, 0, faultf("%s: the context cannot be passed as memory", arg)
	}
	if n == 0 {
		if v.k == kindPtr || (v.k == kindScalar && v.bits == 0) {
			return nil, 0, nil
		}
	}
	reg, o, f := r.locate(v, 0, n, write, false)
	if f != nil {
		return nil, 0, faultf("%s: %s", arg, f.msg)
	}
	return reg, o, nil
}

func packetPointer(pkt *region, off int64, origin ctxPtr) value {
	v := pointer(pkt, off)
	v.origin = origin
	return v
}
