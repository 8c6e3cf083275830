package interp

import "fmt"

// A Fault is a run-time safety violation: the program did something the
// kernel's verifier exists to forbid (an out-of-bounds or uninitialised
// read, a dereference of a scalar, arithmetic on a context or map pointer,
// a bad helper argument, ...) or it ran out of its instruction budget.
// Execution stops at the first fault.
type Fault struct {
	Section string // code section of the faulting instruction
	Func    string // function symbol containing it, "" if unknown
	PC      int    // instruction index in the section (an lddw counts once)
	Msg     string // what went wrong, in the program's terms
}

// Error formats the fault as "section+pc (func): msg".
func (f *Fault) Error() string {
	if f.Func != "" {
		return fmt.Sprintf("%s+%d (%s): %s", f.Section, f.PC, f.Func, f.Msg)
	}
	return fmt.Sprintf("%s+%d: %s", f.Section, f.PC, f.Msg)
}

// faultMsg is a fault before its position is attached.
type faultMsg struct{ msg string }

// faultf builds a faultMsg.
func faultf(format string, args ...any) *faultMsg {
	return &faultMsg{fmt.Sprintf(format, args...)}
}
