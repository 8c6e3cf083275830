package asm

import (
	"fmt"

	"vep/internal/elfobj"
	"vep/internal/spec"
)

// Unit is an assembled file: the object, its annotations and the source
// position of every instruction and annotation.
type Unit struct {
	// Name is the file name used in positions.
	Name string
	// Object is the assembled object. Its Extra sections are empty: the
	// annotations are in Annotations, not yet encoded.
	Object *elfobj.Object
	// Annotations are the annotations, sorted by section in object order,
	// then by instruction index and kind (source order among equals): a
	// canonical order that spec.Encode accepts.
	Annotations []spec.Entry
	// AnnotationPos[i] is the position of the "/*@" that opens
	// Annotations[i].
	AnnotationPos []Pos
	// Positions maps a code section's name to the position of each of its
	// instructions.
	Positions map[string][]Pos
}

// Pos is a position in the source: a 1-based line and byte column.
type Pos struct {
	Line, Col int
}

// String returns "line:col".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }
