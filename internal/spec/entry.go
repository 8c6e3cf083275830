package spec

import (
	"cmp"
	"fmt"
	"slices"
)

// SectionName is the name of the ELF section that carries the encoding.
const SectionName = ".vep.spec"

// MaxIndex is the largest instruction index an entry may carry.
const MaxIndex = 1<<31 - 1

// Kind says what an annotation is.
type Kind uint8

// Annotation kinds, in canonical order.
const (
	// Contract is a function contract (With / Require / Ensure) at the
	// first instruction of a function.
	Contract Kind = iota + 1
	// Invariant is a loop invariant (Inv ... [Variant ...]) at a loop head.
	Invariant
	// Assertion is an assertion, a cut point before the instruction.
	Assertion
)

// String returns the kind's name: "contract", "invariant" or "assertion".
func (k Kind) String() string {
	switch k {
	case Contract:
		return "contract"
	case Invariant:
		return "invariant"
	case Assertion:
		return "assertion"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Valid reports whether k is one of the three kinds.
func (k Kind) Valid() bool { return k >= Contract && k <= Assertion }

// Entry is one annotation attached to an instruction.
type Entry struct {
	// Section is the name of the code section, such as "xdp" or ".text".
	Section string
	// Index is the instruction's index in the section's instruction list.
	Index int
	// Kind is the annotation's kind.
	Kind Kind
	// Text is the annotation's source, without the comment delimiters.
	Text string
}

// Sort puts entries into canonical order, stably: sections in the order of
// their first entry, then by index, then by kind.
func Sort(entries []Entry) {
	first := make(map[string]int)
	for i, e := range entries {
		if _, ok := first[e.Section]; !ok {
			first[e.Section] = i
		}
	}
	slices.SortStableFunc(entries, func(a, b Entry) int {
		if c := cmp.Compare(first[a.Section], first[b.Section]); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Index, b.Index); c != 0 {
			return c
		}
		return cmp.Compare(a.Kind, b.Kind)
	})
}
