// Package interp is an interpreter for eBPF programs that checks memory
// safety as it runs. Tests use it as a dynamic oracle (a program the
// checker accepts must never fault here) and `vep run` executes objects
// with it.
//
// Execution follows RFC 9669 with the version 4 additions. Every register
// holds a tagged value: uninitialised, a scalar, a pointer (a memory region
// plus a byte offset) or a map handle. Regions are the stack of each call
// frame (512 bytes with a per-byte initialised shadow), the context, the
// packet and the value of each map element; every load and store is
// checked against the region its pointer points into. Whatever the kernel
// verifier would forbid on the path actually taken is reported as a
// *Fault instead of being executed: an out-of-bounds or uninitialised
// access, a dereference of a scalar, pointer arithmetic on a context or map
// pointer, a misaligned stack or atomic access, a bad helper argument, a
// stale packet pointer after a helper moved the packet, a too deep call
// chain or an exhausted instruction budget.
//
// Choices where the kernel's rules are static and the interpreter's are
// dynamic: pointers may be stored only to the stack, as aligned 8-byte
// spills, and read back whole; a packet pointer remembers whether it was
// derived from data (it may access [data, data_end)), from data_meta
// ([data_meta, data)) or from data_end (no access, no arithmetic); stack
// accesses and atomics must be naturally aligned, other accesses need not
// be (as on x86-64 without strict alignment); a pointer may be compared
// with a scalar only by ==/!= against 0 (a null check) and with another
// pointer only into the same region; reading a register that holds a
// packet pointer invalidated by a helper, or a pointer into the frame of a
// returned function, faults even before it is dereferenced; each call gets
// a fresh 512-byte frame (the kernel's limit on the combined depth of all
// frames is not modelled). Socket filters see the whole packet from the
// Ethernet header on (the kernel's test runs start them at the network
// header).
//
// Helpers that the kernel runs on state the interpreter does not have act
// on deterministic stand-ins: bpf_tail_call jumps to programs stored with
// Machine.SetProgArray (and otherwise fails, leaving R0 undefined);
// bpf_setsockopt, bpf_getsockopt and bpf_sock_map_update act on a fake TCP
// socket whose callback, family and fullness come from the bpf_sock_ops
// context image; bpf_get_stackid records the call chains in Options;
// bpf_get_current_task returns an opaque kernel address.
//
// The interpreter is deterministic: time, random numbers, CPU number and
// process identity come from Options.
package interp

import (
	"fmt"
	"math/rand/v2"

	"vep/internal/elfobj"
)

// DefaultStepLimit is the instruction budget used when Options.StepLimit
// is zero.
const DefaultStepLimit = 1_000_000

// Packet buffer geometry for packet programs, as in the kernel's
// BPF_PROG_TEST_RUN: the packet starts PacketHeadroom bytes into a buffer
// that bpf_xdp_adjust_head may move the start into, and
// bpf_xdp_adjust_tail may grow the packet until PacketFrameEnd bytes from
// the buffer start (a 4096-byte page minus room for struct
// skb_shared_info), or the end of a longer packet.
const (
	PacketHeadroom = 256  // XDP_PACKET_HEADROOM
	PacketFrameEnd = 3776 // 4096 - 320
	xdpFrameSize   = 40   // sizeof(struct xdp_frame): the head may not move into it
	ethHeaderLen   = 14   // ETH_HLEN: the minimum packet after an adjust
)

// Options configure a Machine.
type Options struct {
	// Seed seeds bpf_get_prandom_u32.
	Seed int64
	// CPU is returned by bpf_get_smp_processor_id.
	CPU uint32
	// StepLimit is the maximum number of instructions one Run executes;
	// 0 means DefaultStepLimit.
	StepLimit int
	// PIDTGID is returned by bpf_get_current_pid_tgid (tgid<<32 | pid).
	PIDTGID uint64
	// UIDGID is returned by bpf_get_current_uid_gid (gid<<32 | uid).
	UIDGID uint64
	// Comm is the task name bpf_get_current_comm copies; "" means "vep".
	Comm string
	// KernelMemory is the fake kernel address space that
	// bpf_probe_read_kernel reads; reads outside it fail with -EFAULT.
	KernelMemory []KernelSegment
	// UserMemory is the fake user address space that
	// bpf_probe_read_user reads; reads outside it fail with -EFAULT.
	UserMemory []KernelSegment
	// KernelStack and UserStack are the call chains (innermost first)
	// bpf_get_stackid records; nil means a fixed default chain.
	KernelStack, UserStack []uint64
}

// KernelSegment is a range of fake kernel memory.
type KernelSegment struct {
	Addr uint64
	Data []byte
}

// Input is what one run starts from.
type Input struct {
	// Packet is the packet for xdp, socket filter and tc programs.
	Packet []byte
	// Context is the context image: for kprobe and perf event programs
	// struct pt_regs (and the perf fields), for tracepoints the record, for
	// raw tracepoints the u64 arguments, for xdp and skb programs optional
	// initial values of the non-pointer fields of xdp_md or __sk_buff.
	// It is zero-padded to the size of the program type's context.
	Context []byte
}

// Result is the outcome of one run.
type Result struct {
	// R0 is the return value; meaningful only when Fault is nil.
	R0 uint64
	// Fault is the safety violation that stopped the run, or nil.
	Fault *Fault
	// Steps is the number of instructions executed.
	Steps int
	// Packet is the packet data after the run (data to data_end), for
	// packet programs; nil after a fault.
	Packet []byte
	// Trace holds the output of each bpf_trace_printk call.
	Trace []string
	// Events holds the data of each bpf_perf_event_output call.
	Events [][]byte
	// Ringbuf holds the data of each bpf_ringbuf_output call.
	Ringbuf [][]byte
}

// Machine holds a loaded object: its resolved code and its maps, whose
// contents persist from one Run to the next.
type Machine struct {
	opts     Options
	sections map[string]*section
	order    []*section // sections in object order
	maps     map[string]*MapState
	bases    baseAlloc
	rng      *rand.Rand
	clock    uint64 // bpf_ktime_get_ns
}

// New prepares obj for execution: it creates the maps, resolves map and
// call relocations and validates every code section. Returns an error if a
// map definition is unusable, a relocation cannot be resolved or an
// instruction is malformed (with its section and index).
func New(obj *elfobj.Object, opts Options) (*Machine, error) {
	if opts.StepLimit <= 0 {
		opts.StepLimit = DefaultStepLimit
	}
	if opts.Comm == "" {
		opts.Comm = "vep"
	}
	m := &Machine{
		opts:     opts,
		sections: map[string]*section{},
		maps:     map[string]*MapState{},
		rng:      rand.New(rand.NewPCG(uint64(opts.Seed), uint64(opts.Seed)^0x9e3779b97f4a7c15)),
	}
	for _, def := range obj.Maps {
		if _, dup := m.maps[def.Name]; dup {
			return nil, fmt.Errorf("map %s defined twice", def.Name)
		}
		ms, err := newMapState(def, &m.bases)
		if err != nil {
			return nil, err
		}
		m.maps[def.Name] = ms
	}
	for _, raw := range obj.Extra { // initial contents of .data and .rodata
		if ms := m.maps[raw.Name]; ms != nil && len(ms.array) == 1 {
			copy(ms.array[0].data, raw.Data)
		}
	}
	for _, cs := range obj.Code {
		if _, dup := m.sections[cs.Name]; dup {
			return nil, fmt.Errorf("code section %s appears twice", cs.Name)
		}
		s := newSection(cs)
		m.sections[cs.Name] = s
		m.order = append(m.order, s)
	}
	for _, s := range m.order {
		if err := m.resolve(s); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Map returns the state of the map called name.
func (m *Machine) Map(name string) (*MapState, bool) {
	ms, ok := m.maps[name]
	return ms, ok
}

// Run executes the program in section from its first instruction with
// input in. A safety violation is reported in Result.Fault; the error is
// non-nil only if section does not exist, is not a program section whose
// type the interpreter knows, or in does not fit the program type.
func (m *Machine) Run(section string, in Input) (*Result, error) {
	s := m.sections[section]
	if s == nil {
		return nil, fmt.Errorf("no code section %q", section)
	}
	typ := programType(section)
	if typ == progUnknown {
		return nil, fmt.Errorf("section %q: unknown program type", section)
	}
	if len(s.insns) == 0 {
		return nil, fmt.Errorf("section %q: no instructions", section)
	}
	return m.start(s, typ, 0, in)
}

// RunProgram is Run for the program (global function) called name, for
// objects that hold several programs in one section: execution starts at
// the function's first instruction, and the section name gives the
// program type.
func (m *Machine) RunProgram(name string, in Input) (*Result, error) {
	for _, s := range m.order {
		for _, f := range s.funcs {
			if f.Name != name || !f.Global {
				continue
			}
			typ := programType(s.name)
			if typ == progUnknown {
				return nil, fmt.Errorf("program %s: section %q has an unknown program type", name, s.name)
			}
			return m.start(s, typ, f.Start, in)
		}
	}
	return nil, fmt.Errorf("no program %q", name)
}

func (m *Machine) start(s *section, typ progType, pc int, in Input) (*Result, error) {
	r, err := m.newRun(s, typ, in)
	if err != nil {
		return nil, err
	}
	r.pc = pc
	return r.exec(), nil
}
