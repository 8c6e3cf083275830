package interp

import (
	"encoding/binary"
	"hash/fnv"

	"vep/internal/elfobj"
	"vep/internal/isa"
)

// currentTask is the opaque, nonzero address bpf_get_current_task
// returns: a kernel address no program may dereference.
const currentTask = 0xffff888000c0ffee

func (r *run) getCurrentTask() (value, *faultMsg) {
	return scalar(currentTask), nil
}

// Default call chains of bpf_get_stackid, when Options leave them nil.
var (
	defaultKernelStack = []uint64{0xffffffff81000100, 0xffffffff81000200, 0xffffffff81000300, 0xffffffff81000400}
	defaultUserStack   = []uint64{0x401000, 0x401100, 0x401200}
)

// Flags of bpf_get_stackid and map flags of stack trace maps.
const (
	stackSkipMask     = 0xff    // BPF_F_SKIP_FIELD_MASK
	stackUser         = 1 << 8  // BPF_F_USER_STACK
	stackFastCmp      = 1 << 9  // BPF_F_FAST_STACK_CMP
	stackReuseID      = 1 << 10 // BPF_F_REUSE_STACKID
	stackMapBuildID   = 1 << 5  // BPF_F_STACK_BUILD_ID (map flag)
	perfEventMaxStack = 127     // sysctl_perf_event_max_stack default
	stackBuildIDSize  = 32      // sizeof(struct bpf_stack_build_id)
)

// stackBucket is one stored stack of a stack trace map.
type stackBucket struct {
	hash uint32
	ips  []uint64
}

// getStackid: r1 ctx, r2 stack trace map, r3 flags. Stores the current
// (fake, from Options) kernel or user call chain, minus the skipped
// frames, in the bucket its hash selects and returns the bucket index:
// -EINVAL for unknown flags, -EFAULT if no frame is left after skipping,
// -EEXIST if the bucket holds another stack and BPF_F_REUSE_STACKID is
// not set.
func (r *run) getStackid() (value, *faultMsg) {
	if f := r.argCtx(isa.R1); f != nil {
		return value{}, f
	}
	m, f := r.argMap(isa.R2)
	if f != nil {
		return value{}, f
	}
	if m.def.Type != elfobj.MapStackTrace {
		return value{}, faultf("map %s is not a stack trace map", m.def.Name)
	}
	flags, f := r.argScalar(isa.R3)
	if f != nil {
		return value{}, f
	}
	if flags&^(stackSkipMask|stackUser|stackFastCmp|stackReuseID) != 0 {
		return errno(errEINVAL), nil
	}
	elem := uint32(8)
	if m.def.Flags&stackMapBuildID != 0 {
		elem = stackBuildIDSize
	}
	skip := int(flags & stackSkipMask)
	depth := int(m.def.ValueSize/elem) + skip
	depth = min(depth, perfEventMaxStack)
	chain := r.m.opts.KernelStack
	if chain == nil {
		chain = defaultKernelStack
	}
	if flags&stackUser != 0 {
		chain = r.m.opts.UserStack
		if chain == nil {
			chain = defaultUserStack
		}
	}
	chain = chain[:min(len(chain), depth)]
	if len(chain) <= skip {
		return errno(errEFAULT), nil
	}
	ips := chain[skip:]
	h := fnv.New32a()
	for _, ip := range ips {
		h.Write(binary.LittleEndian.AppendUint64(nil, ip))
	}
	hash := h.Sum32()
	id := hash & (m.buckets() - 1)
	if m.stacks == nil {
		m.stacks = map[uint32]*stackBucket{}
	}
	b := m.stacks[id]
	if b != nil && b.hash == hash && (flags&stackFastCmp != 0 || equalU64(b.ips, ips)) {
		return scalar(uint64(id)), nil
	}
	if b != nil && flags&stackReuseID == 0 {
		return errno(errEEXIST), nil
	}
	m.stacks[id] = &stackBucket{hash: hash, ips: append([]uint64(nil), ips...)}
	return scalar(uint64(id)), nil
}

// buckets is the number of buckets of a stack trace map: max_entries
// rounded up to a power of two.
func (m *MapState) buckets() uint32 {
	n := uint32(1)
	for n < m.def.MaxEntries && n != 0 {
		n <<= 1
	}
	if n == 0 {
		return 1 << 31
	}
	return n
}

func equalU64(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// perfValueSize is sizeof(struct bpf_perf_event_value): counter, enabled,
// running.
const perfValueSize = 24

// perfProgReadValue: r1 ctx, r2 buffer, r3 size. Fills the buffer with
// the event's counter, enabled and running times (from the deterministic
// clock), or zeroes it and returns -EINVAL unless size is 24.
func (r *run) perfProgReadValue() (value, *faultMsg) {
	if f := r.argCtx(isa.R1); f != nil {
		return value{}, f
	}
	buf, f := r.argPtr(isa.R2)
	if f != nil {
		return value{}, f
	}
	n, f := r.argSize(isa.R3, false)
	if f != nil {
		return value{}, f
	}
	out := make([]byte, n)
	if n != perfValueSize {
		return errno(errEINVAL), r.writeMem(buf, out, "buffer (r2)")
	}
	r.m.clock += 1000
	binary.LittleEndian.PutUint64(out[0:], r.m.clock/1000)
	binary.LittleEndian.PutUint64(out[8:], r.m.clock)
	binary.LittleEndian.PutUint64(out[16:], r.m.clock)
	return scalar(0), r.writeMem(buf, out, "buffer (r2)")
}

// probeReadUser: r1 destination, r2 size, r3 user address. Like
// probeReadKernel, but reads Options.UserMemory; a pointer into BPF
// memory is a kernel address and fails with -EFAULT.
func (r *run) probeReadUser() (value, *faultMsg) { return r.probeRead(r.userRead) }

// probeReadUserStr: r1 destination, r2 size, r3 user address. Like
// probeReadKernelStr on Options.UserMemory.
func (r *run) probeReadUserStr() (value, *faultMsg) { return r.probeReadStr(r.userRead) }

// userRead reads n bytes of the fake user address space without
// faulting.
func (r *run) userRead(src value, n int) ([]byte, bool) {
	if src.k != kindScalar {
		return nil, false
	}
	for _, seg := range r.m.opts.UserMemory {
		if src.bits >= seg.Addr && src.bits-seg.Addr <= uint64(len(seg.Data)) &&
			uint64(n) <= uint64(len(seg.Data))-(src.bits-seg.Addr) {
			o := src.bits - seg.Addr
			return append([]byte(nil), seg.Data[o:o+uint64(n)]...), true
		}
	}
	return nil, false
}

// stackUserBuildID is BPF_F_USER_BUILD_ID, a flag of bpf_get_stack.
const stackUserBuildID = 1 << 11

// getStack: r1 ctx, r2 buffer, r3 size, r4 flags. Copies the current
// (fake) kernel or user call chain, minus the skipped frames, into the
// buffer (as struct bpf_stack_build_id entries holding only the address
// with BPF_F_USER_BUILD_ID) and zeroes the rest; returns the bytes
// copied. On error it zeroes the whole buffer: -EINVAL for unknown flags,
// a build id request for a kernel stack or a size that is not a multiple
// of the entry size, -EFAULT if more frames are skipped than there are.
func (r *run) getStack() (value, *faultMsg) {
	if f := r.argCtx(isa.R1); f != nil {
		return value{}, f
	}
	buf, f := r.argPtr(isa.R2)
	if f != nil {
		return value{}, f
	}
	n, f := r.argSize(isa.R3, true)
	if f != nil {
		return value{}, f
	}
	flags, f := r.argScalar(isa.R4)
	if f != nil {
		return value{}, f
	}
	out := make([]byte, n)
	fail := func(e int) (value, *faultMsg) {
		return errno(e), r.writeMem(buf, out, "buffer (r2)")
	}
	user := flags&stackUser != 0
	buildID := flags&stackUserBuildID != 0
	if flags&^(stackSkipMask|stackUser|stackUserBuildID) != 0 || !user && buildID {
		return fail(errEINVAL)
	}
	elem := 8
	if buildID {
		elem = stackBuildIDSize
	}
	if n%elem != 0 {
		return fail(errEINVAL)
	}
	skip := int(flags & stackSkipMask)
	depth := min(n/elem+skip, perfEventMaxStack)
	chain := r.m.opts.KernelStack
	if chain == nil {
		chain = defaultKernelStack
	}
	if user {
		chain = r.m.opts.UserStack
		if chain == nil {
			chain = defaultUserStack
		}
	}
	chain = chain[:min(len(chain), depth)]
	if len(chain) < skip {
		return fail(errEFAULT)
	}
	ips := chain[skip:]
	ips = ips[:min(len(ips), n/elem)]
	for i, ip := range ips {
		if buildID {
			const buildIDIP = 2 // BPF_STACK_BUILD_ID_IP: no build id, ip only
			binary.LittleEndian.PutUint32(out[i*elem:], buildIDIP)
			binary.LittleEndian.PutUint64(out[i*elem+24:], ip)
		} else {
			binary.LittleEndian.PutUint64(out[i*elem:], ip)
		}
	}
	return scalar(uint64(len(ips) * elem)), r.writeMem(buf, out, "buffer (r2)")
}
