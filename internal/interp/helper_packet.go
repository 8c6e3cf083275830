package interp

import "vep/internal/isa"

// skbLoadBytes: r1 ctx, r2 offset, r3 destination, r4 length. Copies
// packet bytes; on a range outside the packet it zeroes the destination and
// returns -EFAULT.
func (r *run) skbLoadBytes() (value, *faultMsg) {
	if f := r.argCtx(isa.R1); f != nil {
		return value{}, f
	}
	off, f := r.argScalar(isa.R2)
	if f != nil {
		return value{}, f
	}
	to, f := r.argPtr(isa.R3)
	if f != nil {
		return value{}, f
	}
	n, f := r.argSize(isa.R4, false)
	if f != nil {
		return value{}, f
	}
	off32 := uint64(uint32(off))
	plen := uint64(r.end - r.data)
	if off32 > 0x7fffffff || off32+uint64(n) > plen {
		if f := r.writeMem(to, make([]byte, n), "destination (r3)"); f != nil {
			return value{}, f
		}
		return errno(errEFAULT), nil
	}
	start := r.data + int64(off32)
	if f := r.writeMem(to, append([]byte(nil), r.pkt.data[start:start+int64(n)]...), "destination (r3)"); f != nil {
		return value{}, f
	}
	return scalar(0), nil
}

// movePacket replaces the packet region by a copy and kills the old one,
// so that every packet pointer held in a register or on the stack faults
// when used. The kernel's verifier does the same at every call of a helper
// that may move packet data, whatever the helper's result.
func (r *run) movePacket(helper string) {
	old := r.pkt
	r.pkt = &region{kind: regionPacket, name: "packet", data: old.data, writable: old.writable, base: r.m.bases.alloc()}
	old.dead = true
	old.deadMsg = "invalidated by " + helper
}

// xdpAdjustHead: r1 ctx, r2 delta. Moves the packet start by delta bytes
// (negative grows the packet into the headroom), keeping any metadata in
// front of it.
func (r *run) xdpAdjustHead() (value, *faultMsg) {
	delta, f := r.xdpDelta()
	if f != nil {
		return value{}, f
	}
	r.movePacket("bpf_xdp_adjust_head")
	metaLen := r.data - r.meta
	nd := r.data + delta
	if nd < xdpFrameSize+metaLen || nd > r.end-ethHeaderLen {
		return errno(errEINVAL), nil
	}
	if metaLen > 0 {
		copy(r.pkt.data[r.meta+delta:], r.pkt.data[r.meta:r.data])
	}
	r.meta += delta
	r.data = nd
	return scalar(0), nil
}

// xdpAdjustMeta: r1 ctx, r2 delta. Moves the metadata start; metadata may
// be at most 32 bytes and 4-byte aligned in length.
func (r *run) xdpAdjustMeta() (value, *faultMsg) {
	delta, f := r.xdpDelta()
	if f != nil {
		return value{}, f
	}
	r.movePacket("bpf_xdp_adjust_meta")
	nm := r.meta + delta
	metaLen := r.data - nm
	if nm < xdpFrameSize || nm > r.data || metaLen&3 != 0 || metaLen > 32 {
		return errno(errEINVAL), nil
	}
	r.meta = nm
	return scalar(0), nil
}

// xdpAdjustTail: r1 ctx, r2 delta. Moves the packet end; new bytes are
// zeroed.
func (r *run) xdpAdjustTail() (value, *faultMsg) {
	delta, f := r.xdpDelta()
	if f != nil {
		return value{}, f
	}
	r.movePacket("bpf_xdp_adjust_tail")
	ne := r.end + delta
	if ne > int64(len(r.pkt.data)) || ne < r.data+ethHeaderLen {
		return errno(errEINVAL), nil
	}
	if delta > 0 {
		clear(r.pkt.data[r.end:ne])
	}
	r.end = ne
	return scalar(0), nil
}

// xdpDelta checks the context argument and returns the int delta in r2.
func (r *run) xdpDelta() (int64, *faultMsg) {
	if f := r.argCtx(isa.R1); f != nil {
		return 0, f
	}
	d, f := r.argScalar(isa.R2)
	return int64(int32(d)), f
}
