package asm

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"vep/internal/elfobj"
	"vep/internal/isa"
	"vep/internal/spec"
)

// Disassemble returns the annotated assembly text of obj with the
// annotations ann, such that Assemble of the text returns obj (without its
// Extra sections) and ann (in the order Unit.Annotations documents).
//
// Every jump target gets a label LBB<s>_<i>, where s is the index of the
// code section in obj.Code and i the index of the target instruction.
// Disassemble returns an error, naming the section and instruction index,
// for what the text cannot express: a jump whose target is not an
// instruction of its section, a relocation against an unknown map or
// function or on an instruction of the wrong form, a map-value relocation,
// names that are not identifiers, repeated or empty sections, instructions
// outside every function, and annotations that are outside their section,
// contain "*/", have surrounding white space, or whose kind the text would
// not give back.
func Disassemble(obj *elfobj.Object, ann []spec.Entry) ([]byte, error) {
	if obj == nil {
		return nil, fmt.Errorf("asm: no object")
	}
	seen := make(map[string]bool)
	for _, cs := range obj.Code {
		if cs == nil || seen[cs.Name] {
			return nil, fmt.Errorf("asm: missing or repeated code section")
		}
		seen[cs.Name] = true
	}
	for _, m := range obj.Maps {
		if m == nil {
			return nil, fmt.Errorf("asm: missing map definition")
		}
	}
	d := &disassembler{obj: obj, funcs: make(map[string]bool), maps: make(map[string]bool)}
	if err := d.header(); err != nil {
		return nil, err
	}
	byIndex, err := d.annotations(ann)
	if err != nil {
		return nil, err
	}
	for si, cs := range obj.Code {
		if err := d.section(si, cs, byIndex[cs.Name]); err != nil {
			return nil, fmt.Errorf("asm: section %s: %w", cs.Name, err)
		}
	}
	return []byte(d.b.String()), nil
}

// disassembler holds the state of one Disassemble call.
type disassembler struct {
	obj   *elfobj.Object
	b     strings.Builder
	funcs map[string]bool // function names of every section
	maps  map[string]bool
}

// header prints the license and the map declarations and collects names.
func (d *disassembler) header() error {
	for _, cs := range d.obj.Code {
		for _, f := range cs.Funcs {
			if !isSymbol(f.Name) || localLabel.MatchString(f.Name) || d.funcs[f.Name] {
				return fmt.Errorf("asm: section %s: function name %q is not a unique identifier", cs.Name, f.Name)
			}
			d.funcs[f.Name] = true
		}
	}
	if l := d.obj.License; l != "" {
		if strings.IndexByte(l, 0) >= 0 {
			return fmt.Errorf("asm: license holds a NUL byte")
		}
		fmt.Fprintf(&d.b, "\t.license %s\n", strconv.Quote(l))
	}
	inners := make(map[string]*elfobj.Map)
	var lines []string
	for _, m := range d.obj.Maps {
		if !isSymbol(m.Name) || d.maps[m.Name] || d.funcs[m.Name] {
			return fmt.Errorf("asm: map name %q is not a unique identifier", m.Name)
		}
		d.maps[m.Name] = true
		line := fmt.Sprintf("\t.map %s, %s", m.Name, mapAttrs(m))
		switch in := m.Inner; {
		case in == nil && isMapInMap(m.Type), in != nil && !isMapInMap(m.Type):
			return fmt.Errorf("asm: map %s: inner map does not match map type %s", m.Name, mapTypeName(m.Type))
		case in != nil && (in.Inner != nil || isMapInMap(in.Type) || in.Type == 0):
			return fmt.Errorf("asm: map %s: nested inner maps or an inner map of type 0 are not supported", m.Name)
		case in != nil && in.Name == "":
			line += fmt.Sprintf(", inner_type=%s, inner_key=%d, inner_value=%d, inner_max_entries=%d",
				mapTypeName(in.Type), in.KeySize, in.ValueSize, in.MaxEntries)
			if in.Flags != 0 {
				line += fmt.Sprintf(", inner_flags=%#x", in.Flags)
			}
		case in != nil:
			if !isIdent(in.Name) {
				return fmt.Errorf("asm: map %s: inner template name %q is not an identifier", m.Name, in.Name)
			}
			if prev, ok := inners[in.Name]; ok {
				if *prev != *in {
					return fmt.Errorf("asm: map %s: two different inner templates named %s", m.Name, in.Name)
				}
			} else {
				inners[in.Name] = in
				fmt.Fprintf(&d.b, "\t.inner %s, %s\n", in.Name, mapAttrs(in))
			}
			line += ", inner=" + in.Name
		}
		if m.Type == 0 {
			return fmt.Errorf("asm: map %s has type 0", m.Name)
		}
		lines = append(lines, line)
	}
	for _, l := range lines {
		d.b.WriteString(l + "\n")
	}
	return nil
}

// mapAttrs returns "TYPE, key=K, value=V, max_entries=N[, flags=F]".
func mapAttrs(m *elfobj.Map) string {
	s := fmt.Sprintf("%s, key=%d, value=%d, max_entries=%d", mapTypeName(m.Type), m.KeySize, m.ValueSize, m.MaxEntries)
	if m.Flags != 0 {
		s += fmt.Sprintf(", flags=%#x", m.Flags)
	}
	return s
}

// annotations checks ann and groups it by section and index.
func (d *disassembler) annotations(ann []spec.Entry) (map[string]map[int][]spec.Entry, error) {
	size := make(map[string]int)
	for _, cs := range d.obj.Code {
		size[cs.Name] = len(cs.Insns)
	}
	out := make(map[string]map[int][]spec.Entry)
	for _, e := range ann {
		n, ok := size[e.Section]
		switch {
		case !ok:
			return nil, fmt.Errorf("asm: %s annotation for unknown section %s", e.Kind, e.Section)
		case e.Index < 0 || e.Index >= n:
			return nil, fmt.Errorf("asm: section %s: %s annotation at instruction %d, outside the section", e.Section, e.Kind, e.Index)
		case !e.Kind.Valid():
			return nil, fmt.Errorf("asm: section %s: instruction %d: unknown annotation kind %d", e.Section, e.Index, uint8(e.Kind))
		case e.Text != strings.TrimSpace(e.Text) || strings.Contains(e.Text, "*/"):
			return nil, fmt.Errorf("asm: section %s: instruction %d: annotation text %q has surrounding white space or contains */", e.Section, e.Index, e.Text)
		}
		if out[e.Section] == nil {
			out[e.Section] = make(map[int][]spec.Entry)
		}
		out[e.Section][e.Index] = append(out[e.Section][e.Index], e)
	}
	for _, m := range out {
		for _, es := range m {
			sort.SliceStable(es, func(i, j int) bool { return es[i].Kind < es[j].Kind })
		}
	}
	return out, nil
}

// sectionNameRe matches the section names printed without quotes.
var sectionNameRe = regexp.MustCompile(`^[A-Za-z0-9_.$/\-]+$`)

// section prints one code section; si is its index in the object.
func (d *disassembler) section(si int, cs *elfobj.CodeSection, ann map[int][]spec.Entry) error {
	if len(cs.Insns) == 0 {
		return fmt.Errorf("section has no instructions")
	}
	name := cs.Name
	if !sectionNameRe.MatchString(name) {
		name = strconv.Quote(name)
	}
	if d.b.Len() > 0 {
		d.b.WriteByte('\n')
	}
	switch {
	case cs.Name == ".text":
		d.b.WriteString("\t.text\n")
	case cs.Name == "license" || cs.Name == "maps" || strings.HasPrefix(cs.Name, "."):
		// Without flags these names would be data sections.
		fmt.Fprintf(&d.b, "\t.section %s,\"ax\",@progbits\n", name)
	default:
		fmt.Fprintf(&d.b, "\t.section %s\n", name)
	}

	slot := make([]int, len(cs.Insns)+1)
	index := make(map[int]int)
	for i, ins := range cs.Insns {
		index[slot[i]] = i
		slot[i+1] = slot[i] + ins.Slots()
	}
	relocs := make(map[int]elfobj.Reloc)
	for _, r := range cs.Relocs {
		if r.Index < 0 || r.Index >= len(cs.Insns) {
			return fmt.Errorf("relocation at instruction %d, outside the section", r.Index)
		}
		if _, dup := relocs[r.Index]; dup {
			return fmt.Errorf("instruction %d: two relocations", r.Index)
		}
		relocs[r.Index] = r
	}

	// Text of each instruction, and the jump targets.
	texts := make([]string, len(cs.Insns))
	targets := make(map[int]bool)
	for i, ins := range cs.Insns {
		if err := ins.Validate(); err != nil {
			return fmt.Errorf("instruction %d: %v", i, err)
		}
		t, target, err := d.insnText(si, i, ins, relocs, slot, index)
		if err != nil {
			return fmt.Errorf("instruction %d: %v", i, err)
		}
		texts[i] = t
		if target >= 0 {
			targets[target] = true
		}
	}

	funcAt := make(map[int]elfobj.Func)
	next := 0
	for _, f := range cs.Funcs {
		if f.Start != next || f.Len <= 0 {
			return fmt.Errorf("function %s at [%d, %d) does not follow the previous function, which ends at %d", f.Name, f.Start, f.Start+f.Len, next)
		}
		funcAt[f.Start] = f
		next = f.Start + f.Len
	}
	if next != len(cs.Insns) {
		return fmt.Errorf("instructions %d to %d belong to no function", next, len(cs.Insns)-1)
	}

	for i := range cs.Insns {
		var before, after []spec.Entry // printed before and after the labels
		f, isFunc := funcAt[i]
		for _, e := range ann[i] {
			switch {
			case e.Kind == spec.Assertion:
				after = append(after, e)
			case isFunc && e.Kind == spec.Invariant:
				after = append(after, e)
			default:
				before = append(before, e)
			}
		}
		if isFunc {
			if f.Global {
				fmt.Fprintf(&d.b, "\t.globl %s\n", f.Name)
			} else if i > 0 {
				fmt.Fprintf(&d.b, "\t.type %s,@function\n", f.Name)
			}
		}
		for _, e := range before {
			if err := d.annotation(e, isFunc && e.Kind == spec.Contract); err != nil {
				return err
			}
		}
		if isFunc {
			fmt.Fprintf(&d.b, "%s:\n", f.Name)
		}
		// After the function label, invariants come before the local
		// label and assertions after it.
		k := 0
		for ; k < len(after) && after[k].Kind == spec.Invariant; k++ {
			if err := d.annotation(after[k], false); err != nil {
				return err
			}
		}
		if targets[i] {
			fmt.Fprintf(&d.b, "LBB%d_%d:\n", si, i)
		}
		for ; k < len(after); k++ {
			if err := d.annotation(after[k], false); err != nil {
				return err
			}
		}
		fmt.Fprintf(&d.b, "\t%s\n", texts[i])
	}
	return nil
}

// annotation prints e, after checking that Assemble reads it back with the
// same kind; contract says whether a function label follows it.
func (d *disassembler) annotation(e spec.Entry, contract bool) error {
	k := annotationKind(e.Text)
	if contract {
		k = spec.Contract
	}
	if k != e.Kind {
		return fmt.Errorf("instruction %d: %s annotation %q would read back as %s", e.Index, e.Kind, e.Text, k)
	}
	fmt.Fprintf(&d.b, "\t/*@ %s */\n", e.Text)
	return nil
}

// insnText returns the text of instruction i of section si and the index of
// its jump target, or -1.
func (d *disassembler) insnText(si, i int, ins isa.Instruction, relocs map[int]elfobj.Reloc, slot []int, index map[int]int) (string, int, error) {
	op := ins.OpCode
	if r, ok := relocs[i]; ok {
		switch {
		case r.Kind == elfobj.RelocMap && ins.IsLoadImm64() && ins.Src == isa.PseudoMapFD && ins.Constant == 0:
			if !d.maps[r.Symbol] {
				return "", -1, fmt.Errorf("reference to unknown map %q", r.Symbol)
			}
			return ins.Format(r.Symbol), -1, nil
		case r.Kind == elfobj.RelocFunc && ins.IsLoadImm64() && ins.Src == isa.PseudoFunc && ins.Constant == 0:
			if !d.funcs[r.Symbol] {
				return "", -1, fmt.Errorf("address of unknown function %q", r.Symbol)
			}
			return fmt.Sprintf("r%d = %s ll", ins.Dst, r.Symbol), -1, nil
		case r.Kind == elfobj.RelocCall && op.Class() == isa.ClassJMP && op.JumpOp() == isa.JumpCall && ins.Src == isa.CallLocal && ins.Constant == -1:
			if !d.funcs[r.Symbol] {
				return "", -1, fmt.Errorf("call of unknown function %q", r.Symbol)
			}
			return ins.Format(r.Symbol), -1, nil
		}
		return "", -1, fmt.Errorf("relocation of kind %d against %q on %q cannot be written as text", r.Kind, r.Symbol, ins.String())
	}
	if !op.Class().IsJump() || op.JumpOp() == isa.JumpExit || op.JumpOp() == isa.JumpCall {
		if op.Class().IsJump() && op.JumpOp() == isa.JumpCall && ins.Src == isa.CallLocal {
			if _, ok := index[slot[i]+1+int(ins.Constant)]; !ok {
				return "", -1, fmt.Errorf("call target out of range")
			}
		}
		return ins.String(), -1, nil
	}
	off := int(ins.Offset)
	if op.Class() == isa.ClassJMP32 && op.JumpOp() == isa.JumpJA {
		off = int(ins.Constant)
	}
	t, ok := index[slot[i]+1+off]
	if !ok {
		return "", -1, fmt.Errorf("jump target slot %d is not an instruction of the section", slot[i]+1+off)
	}
	return ins.Format(fmt.Sprintf("LBB%d_%d", si, t)), t, nil
}
