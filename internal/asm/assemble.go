package asm

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"vep/internal/elfobj"
	"vep/internal/isa"
	"vep/internal/spec"
)

// Assemble assembles the annotated assembly src. name is the file name used
// in error positions. It returns an ErrorList with every error found.
func Assemble(name string, src []byte) (*Unit, error) {
	a := &assembler{
		name:      name,
		obj:       &elfobj.Object{},
		cur:       ".text", // as in llvm-mc
		curCode:   true,
		isCode:    map[string]bool{".text": true},
		sections:  make(map[string]*section),
		globals:   make(map[string]bool),
		funcTypes: make(map[string]bool),
		labels:    make(map[string]*label),
		maps:      make(map[string]*mapDecl),
		inners:    make(map[string]*mapDecl),
	}
	for _, it := range a.scan(src) {
		switch it.kind {
		case itemAnnot:
			a.pending = append(a.pending, pendingAnnot{text: it.text, pos: it.pos})
		case itemLabel:
			a.label(it.text, it.pos)
		case itemStmt:
			if strings.HasPrefix(it.text, ".") {
				a.directive(it.text, it.pos)
			} else {
				a.instruction(it.text, it.pos)
			}
		}
	}
	for _, p := range a.pending {
		a.errorf(p.pos, "annotation is not followed by an instruction")
	}
	a.finish()
	if len(a.errs) > 0 {
		a.errs.sort()
		return nil, a.errs
	}
	return a.unit(), nil
}

// assembler holds the state of one Assemble call.
type assembler struct {
	name string
	errs ErrorList
	obj  *elfobj.Object

	cur       string          // current section's name
	curCode   bool            // whether the current section holds code
	isCode    map[string]bool // kind of every section switched to
	sections  map[string]*section
	order     []*section
	globals   map[string]bool
	funcTypes map[string]bool
	labels    map[string]*label
	maps      map[string]*mapDecl
	mapOrder  []*mapDecl
	inners    map[string]*mapDecl
	license   *Pos // position of the .license directive
	pending   []pendingAnnot
	annots    []annotation
}

// section is a code section being assembled.
type section struct {
	name   string
	insns  []insn
	funcs  []*label
	labels int // number of labels defined in the section
}

// insn is an instruction with its unresolved symbol.
type insn struct {
	ins isa.Instruction
	sym string
	pos Pos
}

// label is a label of a code section; index is the instruction it precedes.
type label struct {
	name  string
	pos   Pos
	sec   *section
	index int
	fn    bool
}

// pendingAnnot is an annotation waiting for its instruction.
type pendingAnnot struct {
	text     string
	pos      Pos
	contract bool // a function label followed it
}

// annotation is an attached annotation with its position.
type annotation struct {
	entry spec.Entry
	pos   Pos
}

// errorf records an error at pos.
func (a *assembler) errorf(pos Pos, format string, args ...any) {
	a.errs = append(a.errs, &Error{Name: a.name, Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// codeSection returns the current code section, creating it on first use.
func (a *assembler) codeSection() *section {
	s, ok := a.sections[a.cur]
	if !ok {
		s = &section{name: a.cur}
		a.sections[a.cur] = s
		a.order = append(a.order, s)
	}
	return s
}

// movZext matches "rD = wS", clang's spelling of the 32-bit move that
// zero-extends wS into rD (LLVM's MOV_32_64), which llvm-mc itself rejects.
var movZext = regexp.MustCompile(`^r([0-9]+)(\s*=\s*)w([0-9]+)$`)

// clangAlias rewrites instruction text that clang -S emits but
// isa.ParseInstruction does not read into the equivalent text it reads,
// keeping every column in place.
func clangAlias(text string) string {
	if !strings.HasPrefix(text, "r") || !strings.Contains(text, "w") {
		return text
	}
	return movZext.ReplaceAllString(text, "w${1}${2}w${3}")
}

// localLabel matches the labels that never start a function.
var localLabel = regexp.MustCompile(`^(\.|LBB[0-9]+_[0-9]+$)`)

// label defines a label at the current position.
func (a *assembler) label(name string, pos Pos) {
	if !a.curCode {
		return // data labels (map definitions, license) carry nothing
	}
	if prev := a.declared(name); prev != nil {
		a.errorf(pos, "%s redeclared (previous declaration at %s)", name, prev)
		return
	}
	s := a.codeSection()
	l := &label{name: name, pos: pos, sec: s, index: len(s.insns)}
	first := s.labels == 0 && len(s.insns) == 0
	s.labels++
	a.labels[name] = l
	if localLabel.MatchString(name) || !(first || a.globals[name] || a.funcTypes[name]) {
		return
	}
	l.fn = true
	if n := len(s.funcs); n > 0 && s.funcs[n-1].index == l.index {
		a.errorf(s.funcs[n-1].pos, "function %s has no instructions", s.funcs[n-1].name)
	}
	s.funcs = append(s.funcs, l)
	for i := range a.pending {
		a.pending[i].contract = true
	}
}

// declared returns the position of the label or map name, or nil.
func (a *assembler) declared(name string) *Pos {
	if l, ok := a.labels[name]; ok {
		return &l.pos
	}
	if m, ok := a.maps[name]; ok {
		return &m.pos
	}
	return nil
}

// instruction assembles one instruction.
func (a *assembler) instruction(text string, pos Pos) {
	if !a.curCode {
		a.errorf(pos, "instruction in data section %s", a.cur)
		return
	}
	ins, sym, err := isa.ParseInstruction(clangAlias(text))
	if err != nil {
		var se *isa.SyntaxError
		if errors.As(err, &se) {
			a.errorf(Pos{pos.Line, pos.Col + se.Col - 1}, "%s", se.Msg)
		} else {
			a.errorf(pos, "%v", err)
		}
		return
	}
	s := a.codeSection()
	if len(s.funcs) == 0 {
		a.errorf(pos, "instruction before the first function label of section %s", s.name)
		return
	}
	index := len(s.insns)
	s.insns = append(s.insns, insn{ins, sym, pos})
	for _, p := range a.pending {
		k := annotationKind(p.text)
		if p.contract {
			k = spec.Contract
		}
		a.annots = append(a.annots, annotation{spec.Entry{Section: s.name, Index: index, Kind: k, Text: p.text}, p.pos})
	}
	a.pending = a.pending[:0]
}
