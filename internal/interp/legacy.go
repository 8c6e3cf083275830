package interp

import (
	"encoding/binary"

	"vep/internal/isa"
)

// legacyLoad executes LD_ABS and LD_IND, the classic BPF packet loads that
// socket filter and tc programs may use: R0 becomes the big-endian value of
// 1, 2 or 4 bytes at the offset imm (ABS) or src+imm (IND) from the start
// of the packet; R6 must hold the context, R1-R5 are clobbered as by a
// helper call. An offset outside the packet (negative offsets, which the
// kernel gives special link- and network-layer meanings, included) makes
// the current function return 0, as the kernel does.
func (r *run) legacyLoad(ins isa.Instruction) (bool, *faultMsg) {
	if r.typ != progSocketFilter && r.typ != progSchedCls {
		return false, faultf("legacy packet access is not allowed in %s programs", r.typ)
	}
	if v, f := r.read(isa.R6); f != nil || v.k != kindPtr || v.reg != r.ctx || v.off() != 0 {
		return false, faultf("legacy packet access needs the context in r6")
	}
	off := int64(int32(ins.Constant))
	if ins.OpCode.Mode() == isa.ModeIND {
		src, f := r.argScalar(ins.Src)
		if f != nil {
			return false, f
		}
		off = int64(int32(uint32(src + uint64(ins.Constant))))
	}
	for reg := isa.R1; reg <= isa.R5; reg++ {
		r.regs[reg] = value{}
	}
	n := int64(ins.OpCode.Size().Bytes())
	if off < 0 || off+n > r.end-r.data {
		r.regs[isa.R0] = scalar(0)
		return r.exit()
	}
	b := r.pkt.data[r.data+off : r.data+off+n]
	var v uint64
	switch n {
	case 1:
		v = uint64(b[0])
	case 2:
		v = uint64(binary.BigEndian.Uint16(b))
	default:
		v = uint64(binary.BigEndian.Uint32(b))
	}
	r.regs[isa.R0] = scalar(v)
	r.pc++
	return false, nil
}
