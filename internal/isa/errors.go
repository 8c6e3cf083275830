package isa

import "fmt"

// DecodeError reports an instruction that Decode or Encode rejects.
//
// Slot is the index of the instruction's first 8-byte slot, which is the
// instruction number llvm-objdump prints. Err says what is wrong.
type DecodeError struct {
	Slot int
	Err  error
}

// Error returns "instruction N: reason", where N is the slot index.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("instruction %d: %v", e.Slot, e.Err)
}

// Unwrap returns the underlying reason.
func (e *DecodeError) Unwrap() error { return e.Err }

// SyntaxError reports text that ParseInstruction rejects.
//
// Col is the 1-based byte column in the instruction text where the problem
// was found.
type SyntaxError struct {
	Col int
	Msg string
}

// Error returns "column N: message".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("column %d: %s", e.Col, e.Msg)
}
