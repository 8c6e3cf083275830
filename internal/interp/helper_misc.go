package interp

import (
	"vep/internal/elfobj"
	"vep/internal/isa"
)

// ktimeGetNs returns a deterministic monotonic clock that advances by one
// microsecond per call.
func (r *run) ktimeGetNs() (value, *faultMsg) {
	r.m.clock += 1000
	return scalar(r.m.clock), nil
}

func (r *run) getPrandomU32() (value, *faultMsg) {
	return scalar(uint64(r.m.rng.Uint32())), nil
}

func (r *run) getSmpProcessorID() (value, *faultMsg) {
	return scalar(uint64(r.m.opts.CPU)), nil
}

func (r *run) getCurrentPidTgid() (value, *faultMsg) {
	return scalar(r.m.opts.PIDTGID), nil
}

func (r *run) getCurrentUIDGID() (value, *faultMsg) {
	return scalar(r.m.opts.UIDGID), nil
}

// getCurrentComm: r1 buffer, r2 size > 0. Copies the task name,
// NUL-terminated and zero-padded to size.
func (r *run) getCurrentComm() (value, *faultMsg) {
	buf, f := r.argPtr(isa.R1)
	if f != nil {
		return value{}, f
	}
	n, f := r.argSize(isa.R2, false)
	if f != nil {
		return value{}, f
	}
	comm := r.m.opts.Comm
	if len(comm) > 15 { // TASK_COMM_LEN - 1
		comm = comm[:15]
	}
	out := make([]byte, n)
	copy(out[:n-1], comm)
	return scalar(0), r.writeMem(buf, out, "buffer (r1)")
}

// probeReadKernel: r1 destination, r2 size, r3 kernel address. Copies
// from the configured fake kernel memory; on failure zero-fills the
// destination and returns -EFAULT.
func (r *run) probeReadKernel() (value, *faultMsg) { return r.probeRead(r.kernelRead) }

// probeRead runs a probe read helper (r1 destination, r2 size, r3
// source address) that reads the source with from.
func (r *run) probeRead(from func(src value, n int) ([]byte, bool)) (value, *faultMsg) {
	dst, f := r.argPtr(isa.R1)
	if f != nil {
		return value{}, f
	}
	n, f := r.argSize(isa.R2, true)
	if f != nil {
		return value{}, f
	}
	src, f := r.read(isa.R3)
	if f != nil {
		return value{}, f
	}
	if n == 0 {
		return scalar(0), nil
	}
	data, ok := from(src, n)
	if !ok {
		data = make([]byte, n)
	}
	if f := r.writeMem(dst, data, "destination (r1)"); f != nil {
		return value{}, f
	}
	if !ok {
		return errno(errEFAULT), nil
	}
	return scalar(0), nil
}

// kernelRead reads n bytes at an address without faulting: a scalar is
// looked up in Options.KernelMemory, a pointer is read from its region if
// the bytes are in bounds and initialised.
func (r *run) kernelRead(src value, n int) ([]byte, bool) {
	switch src.k {
	case kindScalar:
		for _, seg := range r.m.opts.KernelMemory {
			if src.bits >= seg.Addr && src.bits-seg.Addr <= uint64(len(seg.Data)) &&
				uint64(n) <= uint64(len(seg.Data))-(src.bits-seg.Addr) {
				o := src.bits - seg.Addr
				return append([]byte(nil), seg.Data[o:o+uint64(n)]...), true
			}
		}
	case kindPtr:
		if src.reg.kind == regionContext {
			o := src.off()
			if o >= 0 && o+int64(n) <= int64(len(src.reg.data)) {
				return append([]byte(nil), src.reg.data[o:o+int64(n)]...), true
			}
			return nil, false
		}
		if data, f := r.readMem(src, n, ""); f == nil {
			return data, true
		}
	}
	return nil, false
}

// perfEventOutput: r1 ctx, r2 perf event array, r3 flags, r4 data,
// r5 size. Records the data (followed, for packet programs, by the number
// of packet bytes requested in the BPF_F_CTXLEN_MASK bits of flags).
func (r *run) perfEventOutput() (value, *faultMsg) {
	if f := r.argCtx(isa.R1); f != nil {
		return value{}, f
	}
	m, f := r.argMap(isa.R2)
	if f != nil {
		return value{}, f
	}
	if m.def.Type != elfobj.MapPerfEventArray {
		return value{}, faultf("map %s is not a perf event array", m.def.Name)
	}
	flags, f := r.argScalar(isa.R3)
	if f != nil {
		return value{}, f
	}
	p, f := r.argPtr(isa.R4)
	if f != nil {
		return value{}, f
	}
	n, f := r.argSize(isa.R5, true)
	if f != nil {
		return value{}, f
	}
	data, f := r.readMem(p, n, "data (r4)")
	if f != nil {
		return value{}, f
	}
	const indexMask, ctxLenMask, currentCPU = 0xffffffff, 0xfffff << 32, 0xffffffff
	allowed := uint64(indexMask)
	if r.pkt != nil {
		allowed |= ctxLenMask
	}
	if flags&^allowed != 0 {
		return errno(errEINVAL), nil
	}
	index := flags & indexMask
	if index == currentCPU {
		index = uint64(r.m.opts.CPU)
	}
	if index >= uint64(m.def.MaxEntries) {
		return errno(errE2BIG), nil
	}
	if ctxLen := int64(flags&ctxLenMask) >> 32; ctxLen > 0 {
		if ctxLen > r.end-r.data {
			return errno(errEFAULT), nil
		}
		data = append(data, r.pkt.data[r.data:r.data+ctxLen]...)
	}
	r.res.Events = append(r.res.Events, data)
	return scalar(0), nil
}

// probeReadKernelStr: r1 destination, r2 size, r3 kernel address. Copies
// a NUL-terminated string of at most size bytes (truncated and terminated
// if longer) and returns its length including the NUL; bytes after it are
// left untouched. On failure it zero-fills the destination and returns
// -EFAULT.
func (r *run) probeReadKernelStr() (value, *faultMsg) { return r.probeReadStr(r.kernelRead) }

// probeReadStr runs a probe string read helper (r1 destination, r2 size,
// r3 source address) that reads the source with from.
func (r *run) probeReadStr(from func(src value, n int) ([]byte, bool)) (value, *faultMsg) {
	dst, f := r.argPtr(isa.R1)
	if f != nil {
		return value{}, f
	}
	n, f := r.argSize(isa.R2, true)
	if f != nil {
		return value{}, f
	}
	src, f := r.read(isa.R3)
	if f != nil {
		return value{}, f
	}
	if n == 0 {
		return scalar(0), nil
	}
	if _, _, f := r.helperMem(dst, n, true, "destination (r1)"); f != nil {
		return value{}, f
	}
	var s []byte
	for len(s) < n-1 {
		c, ok := from(pointerOrScalarAdd(src, int64(len(s))), 1)
		if !ok {
			if f := r.writeMem(dst, make([]byte, n), "destination (r1)"); f != nil {
				return value{}, f
			}
			return errno(errEFAULT), nil
		}
		if c[0] == 0 {
			break
		}
		s = append(s, c[0])
	}
	s = append(s, 0)
	return scalar(uint64(len(s))), r.writeMem(dst, s, "destination (r1)")
}

// ringbufOutput: r1 ring buffer map, r2 data, r3 size, r4 flags. Records
// the data; a record larger than the buffer fails with -EAGAIN.
func (r *run) ringbufOutput() (value, *faultMsg) {
	m, f := r.argMap(isa.R1)
	if f != nil {
		return value{}, f
	}
	if m.def.Type != elfobj.MapRingBuf {
		return value{}, faultf("map %s is not a ring buffer", m.def.Name)
	}
	p, f := r.argPtr(isa.R2)
	if f != nil {
		return value{}, f
	}
	n, f := r.argSize(isa.R3, true)
	if f != nil {
		return value{}, f
	}
	data, f := r.readMem(p, n, "data (r2)")
	if f != nil {
		return value{}, f
	}
	flags, f := r.argScalar(isa.R4)
	if f != nil {
		return value{}, f
	}
	const noWakeup, forceWakeup, errEAGAIN = 1, 2, 11
	if flags&^(noWakeup|forceWakeup) != 0 {
		return errno(errEINVAL), nil
	}
	if uint64(n)+8 > uint64(m.def.MaxEntries) { // 8-byte record header
		return errno(errEAGAIN), nil
	}
	r.res.Ringbuf = append(r.res.Ringbuf, append([]byte{}, data...))
	return scalar(0), nil
}
