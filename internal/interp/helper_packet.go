package interp

import (
	"encoding/binary"

	"vep/internal/isa"
)

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

// Flags of bpf_skb_store_bytes.
const (
	flagRecomputeCsum  = 1 << 0 // BPF_F_RECOMPUTE_CSUM
	flagInvalidateHash = 1 << 1 // BPF_F_INVALIDATE_HASH
)

// skbMaxLen is BPF_SKB_MAX_LEN (SKB_MAX_ALLOC): four pages minus struct
// skb_shared_info, the longest packet bpf_skb_change_head may produce.
const skbMaxLen = 4*4096 - 320

// skbStoreBytes: r1 ctx, r2 offset, r3 source, r4 length, r5 flags.
// Copies length bytes into the packet at offset: -EINVAL for unknown
// flags, -EFAULT for a range outside the packet. The kernel's verifier
// invalidates every packet pointer at the call, whatever the result.
func (r *run) skbStoreBytes() (value, *faultMsg) {
	if f := r.argCtx(isa.R1); f != nil {
		return value{}, f
	}
	off, f := r.argScalar(isa.R2)
	if f != nil {
		return value{}, f
	}
	from, f := r.argPtr(isa.R3)
	if f != nil {
		return value{}, f
	}
	n, f := r.argSize(isa.R4, false)
	if f != nil {
		return value{}, f
	}
	data, f := r.readMem(from, n, "source (r3)")
	if f != nil {
		return value{}, f
	}
	flags, f := r.argScalar(isa.R5)
	if f != nil {
		return value{}, f
	}
	r.movePacket("bpf_skb_store_bytes")
	if flags&^(flagRecomputeCsum|flagInvalidateHash) != 0 {
		return errno(errEINVAL), nil
	}
	off32 := uint64(uint32(off))
	if off32 > 0x7fffffff || off32+uint64(n) > uint64(r.end-r.data) {
		return errno(errEFAULT), nil
	}
	copy(r.pkt.data[r.data+int64(off32):], data)
	return scalar(0), nil
}

// skbChangeHead: r1 ctx, r2 head_room, r3 flags. Grows the packet at its
// front by head_room zero bytes (reallocating the buffer when its headroom
// is too small): -EINVAL for nonzero flags or a packet that would exceed
// BPF_SKB_MAX_LEN. Packet pointers are invalidated whatever the result;
// __sk_buff.len follows the new length.
func (r *run) skbChangeHead() (value, *faultMsg) {
	if f := r.argCtx(isa.R1); f != nil {
		return value{}, f
	}
	room, f := r.argScalar(isa.R2)
	if f != nil {
		return value{}, f
	}
	flags, f := r.argScalar(isa.R3)
	if f != nil {
		return value{}, f
	}
	r.movePacket("bpf_skb_change_head")
	oldLen := uint32(r.end - r.data)
	head := uint32(room)
	newLen := oldLen + head // u32 arithmetic, as in the kernel
	if flags != 0 || newLen > skbMaxLen || newLen < oldLen {
		return errno(errEINVAL), nil
	}
	grow := int64(head)
	if r.data < grow { // skb_cow: make room in front
		buf := make([]byte, grow+PacketHeadroom+int64(len(r.pkt.data))-r.data)
		copy(buf[grow+PacketHeadroom:], r.pkt.data[r.data:])
		shift := grow + PacketHeadroom - r.data
		r.pkt.data = buf
		r.data += shift
		r.end += shift
	}
	r.data -= grow
	clear(r.pkt.data[r.data : r.data+grow])
	r.meta = r.data
	le32put(r.ctx.data[0:], uint32(r.end-r.data)) // __sk_buff.len
	return scalar(0), nil
}

// csumDiff: r1 from, r2 from_size, r3 to, r4 to_size, r5 seed. Returns
// the ones' complement sum of to minus that of from, seeded and folded to
// 16 bits, as Linux 6.12 and later do on every architecture; those
// kernels accept any sizes (older ones returned -EINVAL unless both were
// multiples of 4 and summed to at most 512, and returned the unfolded
// 32-bit sum). A buffer may be NULL when its size is zero. Checked against
// Linux 6.18 by TestKernelDifferentialHelpers.
func (r *run) csumDiff() (value, *faultMsg) {
	from, f := r.argPtr(isa.R1)
	if f != nil {
		return value{}, f
	}
	fromSize, f := r.argSize(isa.R2, true)
	if f != nil {
		return value{}, f
	}
	to, f := r.argPtr(isa.R3)
	if f != nil {
		return value{}, f
	}
	toSize, f := r.argSize(isa.R4, true)
	if f != nil {
		return value{}, f
	}
	seed, f := r.argScalar(isa.R5)
	if f != nil {
		return value{}, f
	}
	a, f := r.readMem(from, fromSize, "from (r1)")
	if f != nil {
		return value{}, f
	}
	b, f := r.readMem(to, toSize, "to (r3)")
	if f != nil {
		return value{}, f
	}
	return scalar(uint64(csumDiffValue(a, b, uint32(seed)))), nil
}

// csumPartial adds the little-endian 32-bit words of b (the last one
// zero-padded) to sum with end-around carry, like the kernel's
// csum_partial on x86-64: the result is congruent to the sum modulo
// 2^32-1 and is zero only if every word and sum are.
func csumPartial(b []byte, sum uint32) uint32 {
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum = csumAdd(sum, binary.LittleEndian.Uint32(w[:]))
	}
	return sum
}

func csumAdd(a, b uint32) uint32 {
	s := a + b
	if s < b {
		s++
	}
	return s
}

// csumFold16 is csum_from32to16: the 32-bit sum folded to 16 bits with
// end-around carry, not complemented.
func csumFold16(s uint32) uint16 {
	s += s>>16 | s<<16
	return uint16(s >> 16)
}

// csumDiffValue computes bpf_csum_diff's result for from bytes a, to
// bytes b and seed.
func csumDiffValue(a, b []byte, seed uint32) uint16 {
	switch {
	case len(b) == 0:
		return csumFold16(^csumPartial(a, ^seed))
	case len(a) == 0:
		return csumFold16(csumPartial(b, seed))
	}
	return csumFold16(csumAdd(csumPartial(b, seed), ^csumPartial(a, 0)))
}

// redirect: r1 ifindex, r2 flags. tc: TC_ACT_REDIRECT, or TC_ACT_SHOT for
// flags other than BPF_F_INGRESS; xdp: XDP_REDIRECT, or XDP_ABORTED for
// any flags.
func (r *run) redirect() (value, *faultMsg) {
	if _, f := r.argScalar(isa.R1); f != nil {
		return value{}, f
	}
	flags, f := r.argScalar(isa.R2)
	if f != nil {
		return value{}, f
	}
	const (
		tcActShot, tcActRedirect = 2, 7
		xdpAborted, xdpRedirect  = 0, 4
		flagIngress              = 1 // BPF_F_INGRESS
	)
	if r.typ == progXDP {
		if flags != 0 {
			return scalar(xdpAborted), nil
		}
		return scalar(xdpRedirect), nil
	}
	if flags&^flagIngress != 0 {
		return scalar(tcActShot), nil
	}
	return scalar(tcActRedirect), nil
}

// Flags of bpf_l3_csum_replace and bpf_l4_csum_replace.
const (
	csumFieldMask    = 0xf    // BPF_F_HDR_FIELD_MASK
	csumPseudoHdr    = 1 << 4 // BPF_F_PSEUDO_HDR
	csumMarkMangled0 = 1 << 5 // BPF_F_MARK_MANGLED_0
	csumMarkEnforce  = 1 << 6 // BPF_F_MARK_ENFORCE
	csumIPv6         = 1 << 7 // BPF_F_IPV6
)

// csumFold is csum_fold: the 32-bit sum folded to 16 bits with
// end-around carry, complemented.
func csumFold(s uint32) uint16 { return ^csumFold16(s) }

// csumReplace4 is csum_replace4 on the checksum c: from replaced by to.
func csumReplace4(c uint16, from, to uint32) uint16 {
	tmp := csumAdd(^uint32(c), ^from)
	return csumFold(csumAdd(tmp, to))
}

// csumReplaceByDiff is csum_replace_by_diff.
func csumReplaceByDiff(c uint16, diff uint32) uint16 {
	return csumFold(csumAdd(diff, ^uint32(c)))
}

func csum16Add(c, a uint16) uint16 {
	r := c + a
	if r < a {
		r++
	}
	return r
}

// csumReplace2 is csum_replace2.
func csumReplace2(c, from, to uint16) uint16 {
	return ^csum16Add(csum16Add(^c, ^from), to)
}

// csumReplace is bpf_l3_csum_replace (l4 false) and bpf_l4_csum_replace:
// r1 ctx, r2 offset of the 16-bit checksum, r3 from, r4 to, r5 flags
// (the size of from and to, 0 meaning that to is a checksum difference).
// Updates the checksum in the packet: -EINVAL for bad flags, sizes or a
// nonzero from with size 0, -EFAULT for an odd offset or one outside the
// packet. Packet pointers are invalidated whatever the result.
func (r *run) csumReplace(l4 bool) (value, *faultMsg) {
	if f := r.argCtx(isa.R1); f != nil {
		return value{}, f
	}
	var args [4]uint64
	for i, reg := range []isa.Register{isa.R2, isa.R3, isa.R4, isa.R5} {
		v, f := r.argScalar(reg)
		if f != nil {
			return value{}, f
		}
		args[i] = v
	}
	off, from, to, flags := uint32(args[0]), args[1], args[2], args[3]
	name := "bpf_l3_csum_replace"
	allowed := uint64(csumFieldMask)
	if l4 {
		name = "bpf_l4_csum_replace"
		allowed |= csumPseudoHdr | csumMarkMangled0 | csumMarkEnforce | csumIPv6
	}
	r.movePacket(name)
	if flags&^allowed != 0 {
		return errno(errEINVAL), nil
	}
	if off > 0xffff || off&1 != 0 || int64(off)+2 > r.end-r.data {
		return errno(errEFAULT), nil
	}
	p := r.pkt.data[r.data+int64(off):]
	c := binary.LittleEndian.Uint16(p)
	mangled0 := l4 && flags&csumMarkMangled0 != 0
	if mangled0 && flags&csumMarkEnforce == 0 && c == 0 {
		return scalar(0), nil
	}
	switch flags & csumFieldMask {
	case 0:
		if from != 0 {
			return errno(errEINVAL), nil
		}
		c = csumReplaceByDiff(c, uint32(to))
	case 2:
		if l4 { // inet_proto_csum_replace2 widens to 32 bits
			c = csumReplace4(c, uint32(uint16(from)), uint32(uint16(to)))
		} else {
			c = csumReplace2(c, uint16(from), uint16(to))
		}
	case 4:
		c = csumReplace4(c, uint32(from), uint32(to))
	default:
		return errno(errEINVAL), nil
	}
	if mangled0 && c == 0 {
		c = 0xffff // CSUM_MANGLED_0
	}
	binary.LittleEndian.PutUint16(p, c)
	return scalar(0), nil
}

func (r *run) l3CsumReplace() (value, *faultMsg) { return r.csumReplace(false) }
func (r *run) l4CsumReplace() (value, *faultMsg) { return r.csumReplace(true) }

// Map types bpf_redirect_map accepts and its flags.
const (
	mapDevmap         = 14
	mapCpumap         = 16
	mapXskmap         = 17
	mapDevmapHash     = 25
	redirectBroadcast = 1 << 3 // BPF_F_BROADCAST
	redirectExclude   = 1 << 4 // BPF_F_EXCLUDE_INGRESS
)

// redirectMap: r1 devmap, cpumap or xskmap, r2 key, r3 flags. The
// interpreter's maps of these types are empty, so the lookup fails and
// the call returns the action in the low two bits of flags, or
// XDP_REDIRECT for a devmap broadcast; XDP_ABORTED for unknown flags.
func (r *run) redirectMap() (value, *faultMsg) {
	m, f := r.argMap(isa.R1)
	if f != nil {
		return value{}, f
	}
	if _, f := r.argScalar(isa.R2); f != nil {
		return value{}, f
	}
	flags, f := r.argScalar(isa.R3)
	if f != nil {
		return value{}, f
	}
	const actionMask, xdpAborted, xdpRedirect = 3, 0, 4
	allowed := uint64(actionMask)
	switch m.def.Type {
	case mapDevmap, mapDevmapHash:
		allowed |= redirectBroadcast | redirectExclude
	case mapCpumap, mapXskmap:
	default:
		return value{}, faultf("map %s of type %d cannot be used with bpf_redirect_map", m.def.Name, m.def.Type)
	}
	if flags&^allowed != 0 {
		return scalar(xdpAborted), nil
	}
	if flags&redirectBroadcast != 0 {
		return scalar(xdpRedirect), nil
	}
	return scalar(flags & actionMask), nil
}

// loopbackIfindex is the only interface index bpf_clone_redirect finds.
const loopbackIfindex = 1

// cloneRedirect: r1 ctx, r2 ifindex, r3 flags. Sends a copy of the packet
// to the interface: 0 for the loopback interface (index 1, the only one
// the interpreter knows), -EINVAL for any other index or flags other than
// BPF_F_INGRESS. Packet pointers are invalidated whatever the result.
func (r *run) cloneRedirect() (value, *faultMsg) {
	if f := r.argCtx(isa.R1); f != nil {
		return value{}, f
	}
	ifindex, f := r.argScalar(isa.R2)
	if f != nil {
		return value{}, f
	}
	flags, f := r.argScalar(isa.R3)
	if f != nil {
		return value{}, f
	}
	r.movePacket("bpf_clone_redirect")
	const flagIngress = 1
	if flags&^flagIngress != 0 || uint32(ifindex) != loopbackIfindex {
		return errno(errEINVAL), nil
	}
	return scalar(0), nil
}
