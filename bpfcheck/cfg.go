package bpfcheck

import (
	"fmt"

	"vep/internal/elfobj"
	"vep/internal/isa"
	"vep/sep"
)

// function is one function of a code section with its control-flow facts.
type function struct {
	sec        *elfobj.CodeSection
	secIndex   int
	name       string
	start, end int  // element indices [start, end) of sec.Insns
	entry      bool // a program's entry point
	slots      []int

	contract *sep.Annotation         // the function's own contract, if any
	cuts     map[int]*sep.Annotation // invariants and assertions by index
	back     map[[2]int]bool         // retreating edges of a DFS from start
	loops    map[int]map[int]bool    // loop head -> instructions of its loop
	maps     map[int]string          // map relocations by index
	calls    map[int]*function       // bpf-to-bpf call targets by index
	frame    int64                   // stack bytes used (positive)
}

// Error is a rejection: the section and function, the instruction index
// (-1 if none) and the reason.
type Error struct {
	Section, Func string
	Insn          int
	Msg           string
}

func (e *Error) Error() string {
	if e.Insn < 0 {
		return fmt.Sprintf("%s/%s: %s", e.Section, e.Func, e.Msg)
	}
	return fmt.Sprintf("%s/%s: instruction %d: %s", e.Section, e.Func, e.Insn, e.Msg)
}

// errorf returns an error naming the function and instruction.
func (f *function) errorf(i int, format string, args ...any) error {
	return &Error{Section: f.sec.Name, Func: f.name, Insn: i, Msg: fmt.Sprintf(format, args...)}
}

// succs returns the successors of instruction i inside f, rejecting jumps
// out of the function, into a 64-bit immediate load, and falling off the end.
func (f *function) succs(i int) ([]int, error) {
	ins := f.sec.Insns[i]
	next := func() (int, error) {
		if i+1 >= f.end {
			return 0, f.errorf(i, "control falls off the end of the function")
		}
		return i + 1, nil
	}
	switch {
	case ins.IsExit():
		return nil, nil
	case ins.IsJump():
		t, ok := isa.JumpTarget(f.sec.Insns, f.slots, i)
		if !ok {
			return nil, f.errorf(i, "jump target is outside the section or inside a 64-bit load")
		}
		if t < f.start || t >= f.end {
			return nil, f.errorf(i, "jump to instruction %d leaves the function", t)
		}
		if ins.IsUnconditionalJump() {
			return []int{t}, nil
		}
		n, err := next()
		if err != nil {
			return nil, err
		}
		return []int{n, t}, nil
	}
	n, err := next()
	if err != nil {
		return nil, err
	}
	return []int{n}, nil
}

// analyse validates every instruction of f, checks the control flow and
// finds the retreating edges of a depth-first search from the entry; each
// must land on an invariant with a variant.
func (f *function) analyse() error {
	for i := f.start; i < f.end; i++ {
		if err := f.sec.Insns[i].Validate(); err != nil {
			return f.errorf(i, "invalid instruction: %v", err)
		}
		if _, err := f.succs(i); err != nil {
			return err
		}
	}
	f.back = map[[2]int]bool{}
	const white, grey, black = 0, 1, 2
	color := make([]uint8, f.end-f.start)
	type frame struct {
		i    int
		succ []int
		k    int
	}
	s0, _ := f.succs(f.start)
	stack := []frame{{f.start, s0, 0}}
	color[0] = grey
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.k == len(top.succ) {
			color[top.i-f.start] = black
			stack = stack[:len(stack)-1]
			continue
		}
		t := top.succ[top.k]
		top.k++
		switch color[t-f.start] {
		case grey:
			f.back[[2]int{top.i, t}] = true
			a := f.cuts[t]
			if a == nil || a.Kind != sep.LoopInv {
				return f.errorf(t, "loop at instruction %d has no invariant (back edge from instruction %d)", t, top.i)
			}
			if a.Variant == nil {
				return f.errorf(t, "loop at instruction %d has no variant (back edge from instruction %d)", t, top.i)
			}
		case white:
			color[t-f.start] = grey
			s, _ := f.succs(t)
			stack = append(stack, frame{t, s, 0})
		}
	}
	// The loop of head h: the instructions that reach the source of a
	// retreating edge into h without passing h.
	preds := map[int][]int{}
	for i := f.start; i < f.end; i++ {
		if color[i-f.start] == white {
			continue
		}
		s, _ := f.succs(i)
		for _, t := range s {
			preds[t] = append(preds[t], i)
		}
	}
	f.loops = map[int]map[int]bool{}
	for e := range f.back {
		h := e[1]
		if f.loops[h] == nil {
			f.loops[h] = map[int]bool{}
		}
	}
	if len(f.loops) > MaxLoops {
		return f.errorf(f.start, "more than %d loops in one function", MaxLoops)
	}
	visits := 0
	for e := range f.back {
		h, l := e[1], f.loops[e[1]]
		work := []int{e[0]}
		for len(work) > 0 {
			i := work[len(work)-1]
			work = work[:len(work)-1]
			if i == h || l[i] {
				continue
			}
			if visits++; visits > MaxSteps {
				return f.errorf(h, "loops too large to analyse")
			}
			l[i] = true
			work = append(work, preds[i]...)
		}
	}
	return nil
}
