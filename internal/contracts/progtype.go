package contracts

import (
	"fmt"
	"slices"
	"sync"

	"vep/sep"
)

// ProgKind is a program type number, as the kernel's enum bpf_prog_type.
type ProgKind int

// Program type numbers (include/uapi/linux/bpf.h, enum bpf_prog_type).
const (
	ProgSocketFilter  ProgKind = 1
	ProgKprobe        ProgKind = 2
	ProgSchedCls      ProgKind = 3
	ProgSchedAct      ProgKind = 4
	ProgTracepoint    ProgKind = 5
	ProgXDP           ProgKind = 6
	ProgPerfEvent     ProgKind = 7
	ProgSockOps       ProgKind = 13
	ProgRawTracepoint ProgKind = 17
)

// Range is an inclusive range of integers.
type Range struct{ Min, Max int64 }

// ReturnRule is what the kernel demands of R0 at program exit.
type ReturnRule struct {
	// Checked reports that the kernel verifier enforces Range; when it is
	// false any initialised scalar may be returned.
	Checked bool
	// Range is the enforced range when Checked.
	Range Range
	// Meaningful, if not nil, is the range the attach point gives a
	// meaning to. Values outside are not unsafe (the kernel does not
	// reject them), but a checker may warn.
	Meaningful *Range
}

// ProgramType is the contract of one program type.
type ProgramType struct {
	// Name is vep's name of the type: "socket", "xdp", "xdp/devmap",
	// "tc", "action", "kprobe", "kretprobe", "tracepoint",
	// "raw_tracepoint", "perf_event" or "sockops".
	Name string
	// Kind is the kernel's program type number.
	Kind ProgKind
	// Context is the struct R1 points to at entry.
	Context *Context
	// Return is the exit rule (kernel/bpf/verifier.c check_return_code).
	Return ReturnRule

	helpers []int32 // sorted

	exitOnce      sync.Once
	exitC, exitBC sep.Formula
	exitErr       error
}

// Allows reports whether the program type may call helper id. Only helpers
// with a contract in this table are ever allowed.
func (t *ProgramType) Allows(id int32) bool {
	_, ok := slices.BinarySearch(t.helpers, id)
	return ok
}

// AllowedHelpers returns the ids of the helpers the type may call, in
// ascending order.
func (t *ProgramType) AllowedHelpers() []int32 { return slices.Clone(t.helpers) }

// Entry returns the entry contract: the context fact of the first
// argument, ctx(R1) at bytecode level or ctx(param) at C level, where param
// is the entry function's parameter name.
func (t *ProgramType) Entry(mode sep.Mode, param string) (sep.Formula, error) {
	var arg sep.Term
	if mode == sep.ModeBytecode {
		arg = &sep.Reg{N: 1}
	} else {
		if !isIdent(param) {
			return nil, fmt.Errorf("entry of %s program: parameter name %q is not an identifier", t.Name, param)
		}
		arg = &sep.Var{Name: param}
	}
	return &sep.Pred{Name: "ctx", Args: []sep.Term{arg}}, nil
}

// Exit returns the exit condition over the returned value: sep.ReturnName
// at C level, R0 at bytecode level; "true" when the kernel does not check
// the return value.
func (t *ProgramType) Exit(mode sep.Mode) (sep.Formula, error) {
	t.exitOnce.Do(func() {
		text := "true"
		if t.Return.Checked {
			text = fmt.Sprintf("%d <= __return && __return <= %d", t.Return.Range.Min, t.Return.Range.Max)
		}
		t.exitC, t.exitErr = sep.ParseFormula(text, nil)
		if t.exitErr == nil {
			t.exitBC = sep.Subst(t.exitC, map[string]sep.Term{sep.ReturnName: &sep.Reg{N: 0}})
		}
	})
	if mode == sep.ModeBytecode {
		return t.exitBC, t.exitErr
	}
	return t.exitC, t.exitErr
}

// HasPacket reports whether the context has packet pointer fields.
func (t *ProgramType) HasPacket() bool { return len(t.Context.PacketFields()) > 0 }

var packetFacts struct {
	once        sync.Once
	plain, meta sep.Formula
	err         error
}

// PacketFact returns what the program may assume of its packet pointers
// once it has loaded them: data <= data_end and the packet bytes are owned
// (store_chars(data, data_end)). With a non-nil meta (the value loaded from
// data_meta), also meta <= data and the metadata bytes before data are
// owned. The terms are the loaded values: registers at bytecode level, C
// expressions at C level. Every helper with ChangesPacketData invalidates
// the fact.
func (t *ProgramType) PacketFact(data, dataEnd, meta sep.Term) (sep.Formula, error) {
	if !t.HasPacket() {
		return nil, fmt.Errorf("%s programs have no packet pointers", t.Name)
	}
	if meta != nil {
		if _, ok := t.metaField(); !ok {
			return nil, fmt.Errorf("%s programs have no data_meta", t.Name)
		}
	}
	packetFacts.once.Do(func() {
		packetFacts.plain, packetFacts.err = sep.ParseFormula(
			"data <= data_end && store_chars(data, data_end)", nil)
		if packetFacts.err == nil {
			packetFacts.meta, packetFacts.err = sep.ParseFormula(
				"data_meta <= data && data <= data_end && store_chars(data_meta, data) * store_chars(data, data_end)", nil)
		}
	})
	if packetFacts.err != nil {
		return nil, packetFacts.err
	}
	s := map[string]sep.Term{"data": data, "data_end": dataEnd}
	if meta == nil {
		return sep.Subst(packetFacts.plain, s), nil
	}
	s["data_meta"] = meta
	return sep.Subst(packetFacts.meta, s), nil
}

func (t *ProgramType) metaField() (*Field, bool) {
	for _, f := range t.Context.PacketFields() {
		if f.Kind == PacketMeta {
			return f, true
		}
	}
	return nil, false
}

var progKindNames = map[ProgKind]string{
	ProgSocketFilter:  "BPF_PROG_TYPE_SOCKET_FILTER",
	ProgKprobe:        "BPF_PROG_TYPE_KPROBE",
	ProgSchedCls:      "BPF_PROG_TYPE_SCHED_CLS",
	ProgSchedAct:      "BPF_PROG_TYPE_SCHED_ACT",
	ProgTracepoint:    "BPF_PROG_TYPE_TRACEPOINT",
	ProgXDP:           "BPF_PROG_TYPE_XDP",
	ProgPerfEvent:     "BPF_PROG_TYPE_PERF_EVENT",
	ProgSockOps:       "BPF_PROG_TYPE_SOCK_OPS",
	ProgRawTracepoint: "BPF_PROG_TYPE_RAW_TRACEPOINT",
}

// String returns the kernel's name of the program type.
func (k ProgKind) String() string {
	if s, ok := progKindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("ProgKind(%d)", int(k))
}

// Contract returns the default contract of an entry point of this type:
// Require the context fact of its parameter (Entry), Ensure the exit rule
// (Exit). At bytecode level param is ignored and the contract is over R1
// and R0.
func (t *ProgramType) Contract(mode sep.Mode, param string) (*Contract, error) {
	pre, err := t.Entry(mode, param)
	if err != nil {
		return nil, err
	}
	post, err := t.Exit(mode)
	if err != nil {
		return nil, err
	}
	return &Contract{Require: pre, Ensure: post}, nil
}
