package cparse

import "vep/sep"

// Program is a lowered translation unit: its maps, its global data and its
// functions, in source order.
type Program struct {
	Name    string // the file name given to Parse
	Maps    []*Map
	Globals []*Global
	Funcs   []*Function
	// License is the contents of the "license" section, without its NUL.
	License string
	// Types resolves the program's typedef and struct names in annotations.
	Types *sep.StructTable
}

// Map is a map definition: a BTF-style one in SEC(".maps") or a legacy
// struct bpf_map_def in SEC("maps").
type Map struct {
	Name       string
	Pos        Pos
	Section    string // ".maps" or "maps"
	Type       int64  // enum bpf_map_type
	KeySize    int64
	ValueSize  int64
	MaxEntries int64
	Flags      int64
	Key, Value Type // nil when given only by size
	// Inner is the inner-map template of a map-in-map (__array(values, ...)),
	// InnerInit the maps its values are initialised with, by slot.
	Inner     *Map
	InnerInit map[int64]*Map
}

// Global is a global variable other than a map, such as the license.
type Global struct {
	Name    string
	Pos     Pos
	Section string
	Type    Type
	Data    []byte // the initial contents, Type.Size() bytes
	Const   bool
}

// InlineKind says how a function is to be called.
type InlineKind int

const (
	// InlineDefault leaves the choice to the verifier and compiler.
	InlineDefault InlineKind = iota
	// InlineAlways is __always_inline.
	InlineAlways
	// InlineNever is __noinline.
	InlineNever
)

// Function is a function definition: an entry point (Section is its SEC
// name) or a subprogram.
type Function struct {
	Name     string
	Pos      Pos
	Section  string // "" for a subprogram
	ProgType string // the BPF_PROG_TYPE_ name of an entry point
	Static   bool
	Inline   InlineKind
	Result   Type
	Params   []*Var
	Locals   []*Var // every local, in order of declaration
	Body     *Block
	Contract *Contract // nil when the function has none
}

// Var is a parameter or local variable. Each declaration is its own Var, so
// shadowed names are distinct Vars.
type Var struct {
	Name      string
	Type      Type
	Pos       Pos
	Param     bool
	AddrTaken bool // its address is taken (&x, or an array or struct that decays)
	ID        int  // index in Function.Params, or len(Params)+index in Locals
}

// Annotation is the text of one /*@ … */ comment: Raw is its contents as
// written, Expanded after macro expansion. Positions of sep nodes parsed
// from Expanded are mapped back to the file with FilePos.
type Annotation struct {
	Pos      Pos // of the "/*@"
	Raw      string
	Expanded string
	// expOrig[i] is the offset in the file of the token that byte i of
	// Expanded comes from; lineStart are the offsets of Expanded's lines.
	expOrig   []int
	lineStart []int
	file      *srcFile
}

// FilePos maps a position in Expanded (as sep reports it) to the file.
func (a *Annotation) FilePos(p sep.Pos) Pos {
	if a == nil || a.file == nil || !p.IsValid() {
		return a.Pos
	}
	if p.Line > len(a.lineStart) {
		return a.Pos
	}
	off := a.lineStart[p.Line-1] + p.Col - 1
	if off >= len(a.expOrig) {
		off = len(a.expOrig) - 1
	}
	if off < 0 {
		return a.Pos
	}
	return a.file.pos(a.expOrig[off])
}

// Contract is a function contract: With constants, a precondition and a
// postcondition (nil when not given).
type Contract struct {
	Annot   *Annotation
	With    []string
	Require sep.Formula
	Ensure  sep.Formula
}

// Invariant is a loop invariant with its optional variant.
type Invariant struct {
	Annot   *Annotation
	Inv     sep.Formula
	Variant sep.Term // nil without Variant
}
