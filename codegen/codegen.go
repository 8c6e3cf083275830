package codegen

import (
	"fmt"
	"sort"

	"vep/cparse"
	"vep/internal/elfobj"
	"vep/internal/isa"
)

// MaxFrame is the largest stack frame of one function, in bytes.
const MaxFrame = 512

// MaxUnroll is the largest trip count of a loop without an invariant that
// is unrolled.
const MaxUnroll = 64

// Options configure Generate.
type Options struct {
	// V4 allows the instructions of -mcpu=v4: sign-extending moves and
	// loads and signed division and modulo. Without it, the code uses
	// -mcpu=v3 sequences (shifts and unsigned division) instead.
	V4 bool
}

// Output is the result of Generate.
type Output struct {
	// Object is the eBPF object: one code section per entry point SEC,
	// ".text" with the subprograms, the maps and the license.
	Object *elfobj.Object
	// Sections holds, in the order of Object.Code, the source positions
	// and annotation points of each code section.
	Sections []*SectionInfo
}

// SectionInfo describes the instructions of one code section.
type SectionInfo struct {
	// Name is the section's name, as in Object.Code.
	Name string
	// Frames is the stack frame size in bytes of each function of the
	// section, in the order of its elfobj.Func entries: the frame is
	// [R10-Frame, R10).
	Frames []int64
	// Pos is the C position of each instruction (indexed as Insns).
	Pos []cparse.Pos
	// Points are the annotation points in the section, in instruction
	// order.
	Points []*Point
}

// PointKind says what an annotation point is.
type PointKind uint8

// The kinds of annotation point.
const (
	PointEntry  PointKind = iota + 1 // function entry (contract's Require)
	PointLoop                        // loop head (invariant)
	PointAssert                      // assertion statement
)

// String returns "entry", "loop" or "assert".
func (k PointKind) String() string {
	switch k {
	case PointEntry:
		return "entry"
	case PointLoop:
		return "loop"
	case PointAssert:
		return "assert"
	}
	return "?"
}

// Point is an annotation-bearing point of the IR and where it lands in the
// bytecode.
type Point struct {
	Kind PointKind
	Func *cparse.Function // the function whose code it is (after inlining, the inlined one)
	Pos  cparse.Pos
	// Contract, Inv or Assert is the annotation (at most one is set).
	Contract *cparse.Contract
	Inv      *cparse.Invariant
	Assert   *cparse.Assert
	// Index is the instruction index in the section where the point lands:
	// the first instruction executed when control reaches it.
	Index int
	// Vars says where each C variable in scope lives at Index.
	Vars []VarLoc
}

// VarLoc is the location of a C variable at an annotation point.
//
// A register (or an 8-byte spill slot) holds a value of a type of at most
// 32 bits in its low 32 bits with the upper half zero, a signed 8- or
// 16-bit value sign-extended to 32 bits; 64-bit values and pointers fill
// it. A variable whose storage is in the frame (arrays, structs, variables
// whose address is taken) has Size bytes at R10+Offset in its C layout.
type VarLoc struct {
	Var *cparse.Var
	// Where: InReg (Reg holds its value), InStack (its storage, or its
	// spilled value, is Size bytes at R10+Offset), Const (its value is
	// Value, in register representation; an unrolled loop counter or a
	// constant argument of an inlined call) or Dead (no value is kept: the
	// variable is not read again).
	Where  LocKind
	Reg    isa.Register
	Offset int16
	Size   int64
	Value  int64
}

// LocKind is where a variable lives.
type LocKind uint8

// The kinds of location.
const (
	Dead LocKind = iota
	InReg
	InStack
	Const
)

// Generate compiles prog to an eBPF object. It returns an error with the C
// position of the first construct it cannot compile, such as a frame over
// 512 bytes.
func Generate(prog *cparse.Program, opts Options) (*Output, error) {
	if prog == nil {
		return nil, fmt.Errorf("codegen: nil program")
	}
	g := &generator{prog: prog, opts: opts}
	obj := &elfobj.Object{License: prog.License}
	for _, m := range prog.Maps {
		obj.Maps = append(obj.Maps, convMap(m))
	}
	out := &Output{Object: obj}

	type secBuild struct {
		cs   *elfobj.CodeSection
		info *SectionInfo
	}
	secs := map[string]*secBuild{}
	var order []string
	add := func(name string, fn *cparse.Function, global bool) error {
		code, err := g.function(fn)
		if err != nil {
			return err
		}
		sb := secs[name]
		if sb == nil {
			sb = &secBuild{cs: &elfobj.CodeSection{Name: name}, info: &SectionInfo{Name: name}}
			secs[name] = sb
			order = append(order, name)
		}
		base := len(sb.cs.Insns)
		sb.cs.Funcs = append(sb.cs.Funcs, elfobj.Func{Name: fn.Name, Start: base, Len: len(code.insns), Global: global})
		sb.cs.Insns = append(sb.cs.Insns, code.insns...)
		sb.info.Pos = append(sb.info.Pos, code.pos...)
		sb.info.Frames = append(sb.info.Frames, code.frame)
		for _, r := range code.relocs {
			r.Index += base
			sb.cs.Relocs = append(sb.cs.Relocs, r)
		}
		for _, p := range code.points {
			p.Index += base
			sb.info.Points = append(sb.info.Points, p)
		}
		return nil
	}
	for _, fn := range prog.Funcs {
		if fn.Section != "" {
			if err := add(fn.Section, fn, true); err != nil {
				return nil, err
			}
		}
	}
	for _, fn := range prog.Funcs {
		if fn.Section == "" && isSubprogram(fn) {
			if err := add(".text", fn, !fn.Static); err != nil {
				return nil, err
			}
		}
	}
	for _, name := range order {
		sb := secs[name]
		sort.SliceStable(sb.cs.Relocs, func(i, j int) bool { return sb.cs.Relocs[i].Index < sb.cs.Relocs[j].Index })
		obj.Code = append(obj.Code, sb.cs)
		out.Sections = append(out.Sections, sb.info)
	}
	return out, nil
}

// isSubprogram reports whether calls to fn are bpf-to-bpf calls rather than
// inlined.
func isSubprogram(fn *cparse.Function) bool {
	return fn.Contract != nil || fn.Inline == cparse.InlineNever
}

// convMap converts a map definition of the IR to the object's.
func convMap(m *cparse.Map) *elfobj.Map {
	om := &elfobj.Map{
		Name:       m.Name,
		Type:       uint32(m.Type),
		KeySize:    uint32(m.KeySize),
		ValueSize:  uint32(m.ValueSize),
		MaxEntries: uint32(m.MaxEntries),
		Flags:      uint32(m.Flags),
	}
	if m.Inner != nil {
		om.Inner = convMap(m.Inner)
	}
	return om
}

// generator holds what the compilation of one program shares.
type generator struct {
	prog *cparse.Program
	opts Options
}

// errorf returns a located error.
func errorf(p cparse.Pos, format string, args ...any) error {
	return &cparse.Error{Pos: p, Msg: fmt.Sprintf(format, args...)}
}
