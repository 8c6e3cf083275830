package interp

import (
	"fmt"
	"strings"
	"testing"

	"vep/internal/elfobj"
	"vep/internal/isa"
)

// A tiny assembler for tests: a program is a list of items, each an
// isa.Instruction, a label (a string ending in ':'), a jump or call to a
// label, or a map load.

type toLabel struct {
	ins   isa.Instruction
	label string
}

type mapLoad struct {
	dst   isa.Register
	name  string
	value bool
	off   int32
}

const (
	r0  = isa.R0
	r1  = isa.R1
	r2  = isa.R2
	r3  = isa.R3
	r4  = isa.R4
	r5  = isa.R5
	r6  = isa.R6
	r7  = isa.R7
	r8  = isa.R8
	r9  = isa.R9
	r10 = isa.R10
)

func aluK(c isa.Class, op isa.ALUOp, dst isa.Register, imm int32) isa.Instruction {
	return isa.Instruction{OpCode: isa.ALUOpCode(c, op, isa.SourceK), Dst: dst, Constant: int64(imm)}
}

func aluX(c isa.Class, op isa.ALUOp, dst, src isa.Register) isa.Instruction {
	return isa.Instruction{OpCode: isa.ALUOpCode(c, op, isa.SourceX), Dst: dst, Src: src}
}

func mov(dst isa.Register, imm int32) isa.Instruction {
	return aluK(isa.ClassALU64, isa.ALUMov, dst, imm)
}
func movr(dst, src isa.Register) isa.Instruction { return aluX(isa.ClassALU64, isa.ALUMov, dst, src) }
func add(dst isa.Register, imm int32) isa.Instruction {
	return aluK(isa.ClassALU64, isa.ALUAdd, dst, imm)
}
func addr(dst, src isa.Register) isa.Instruction { return aluX(isa.ClassALU64, isa.ALUAdd, dst, src) }

func lddw(dst isa.Register, v uint64) isa.Instruction {
	return isa.Instruction{OpCode: isa.OpCodeLoadImm64, Dst: dst, Constant: int64(v)}
}

func ldx(s isa.Size, dst, src isa.Register, off int16) isa.Instruction {
	return isa.Instruction{OpCode: isa.LoadStoreOp(isa.ClassLDX, isa.ModeMEM, s), Dst: dst, Src: src, Offset: off}
}

func ldxsx(s isa.Size, dst, src isa.Register, off int16) isa.Instruction {
	return isa.Instruction{OpCode: isa.LoadStoreOp(isa.ClassLDX, isa.ModeMEMSX, s), Dst: dst, Src: src, Offset: off}
}

func stx(s isa.Size, dst isa.Register, off int16, src isa.Register) isa.Instruction {
	return isa.Instruction{OpCode: isa.LoadStoreOp(isa.ClassSTX, isa.ModeMEM, s), Dst: dst, Src: src, Offset: off}
}

func st(s isa.Size, dst isa.Register, off int16, imm int32) isa.Instruction {
	return isa.Instruction{OpCode: isa.LoadStoreOp(isa.ClassST, isa.ModeMEM, s), Dst: dst, Offset: off, Constant: int64(imm)}
}

func atomic(s isa.Size, dst isa.Register, off int16, src isa.Register, op int64) isa.Instruction {
	return isa.Instruction{OpCode: isa.LoadStoreOp(isa.ClassSTX, isa.ModeATOMIC, s), Dst: dst, Src: src, Offset: off, Constant: op}
}

func call(id int32) isa.Instruction {
	return isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, isa.JumpCall, isa.SourceK), Constant: int64(id)}
}

func exit() isa.Instruction {
	return isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, isa.JumpExit, isa.SourceK)}
}

func jmpK(op isa.JumpOp, dst isa.Register, imm int32, label string) toLabel {
	return toLabel{isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, op, isa.SourceK), Dst: dst, Constant: int64(imm)}, label}
}

func jmpX(op isa.JumpOp, dst, src isa.Register, label string) toLabel {
	return toLabel{isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, op, isa.SourceX), Dst: dst, Src: src}, label}
}

func ja(label string) toLabel {
	return toLabel{isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, isa.JumpJA, isa.SourceK)}, label}
}

func callLocal(label string) toLabel {
	return toLabel{isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, isa.JumpCall, isa.SourceK), Src: isa.CallLocal}, label}
}

func ldMap(dst isa.Register, name string) mapLoad { return mapLoad{dst: dst, name: name} }

// assemble resolves labels and returns the instructions, the function
// symbols (every label whose name starts with "fn_" plus the entry) and
// the relocations.
func assemble(t testing.TB, items []any) ([]isa.Instruction, []elfobj.Func, []elfobj.Reloc) {
	t.Helper()
	labels := map[string]int{} // label -> slot
	idxOf := map[string]int{}
	slot, idx := 0, 0
	for _, it := range items {
		switch it := it.(type) {
		case string:
			labels[strings.TrimSuffix(it, ":")] = slot
			idxOf[strings.TrimSuffix(it, ":")] = idx
		case isa.Instruction:
			slot += it.Slots()
			idx++
		case toLabel:
			slot++
			idx++
		case mapLoad:
			slot += 2
			idx++
		default:
			t.Fatalf("bad item %T", it)
		}
	}
	var insns []isa.Instruction
	var relocs []elfobj.Reloc
	slot = 0
	for _, it := range items {
		switch it := it.(type) {
		case isa.Instruction:
			insns = append(insns, it)
			slot += it.Slots()
		case toLabel:
			target, ok := labels[it.label]
			if !ok {
				t.Fatalf("unknown label %s", it.label)
			}
			ins := it.ins
			rel := target - (slot + 1)
			if ins.OpCode.JumpOp() == isa.JumpCall || ins.OpCode.Class() == isa.ClassJMP32 && ins.OpCode.JumpOp() == isa.JumpJA {
				ins.Constant = int64(rel)
			} else {
				ins.Offset = int16(rel)
			}
			insns = append(insns, ins)
			slot++
		case mapLoad:
			ins := isa.Instruction{OpCode: isa.OpCodeLoadImm64, Dst: it.dst, Src: isa.PseudoMapFD}
			kind := elfobj.RelocMap
			if it.value {
				ins.Src = isa.PseudoMapValue
				ins.Constant = int64(it.off) << 32
				kind = elfobj.RelocMapValue
			}
			relocs = append(relocs, elfobj.Reloc{Index: len(insns), Kind: kind, Symbol: it.name})
			insns = append(insns, ins)
			slot += 2
		}
	}
	funcs := []elfobj.Func{{Name: "entry", Start: 0, Global: true}}
	for name, i := range idxOf {
		if strings.HasPrefix(name, "fn_") {
			funcs = append(funcs, elfobj.Func{Name: name, Start: i})
		}
	}
	sortFuncs(funcs, len(insns))
	return insns, funcs, relocs
}

func sortFuncs(fs []elfobj.Func, n int) {
	for i := range fs {
		for j := i + 1; j < len(fs); j++ {
			if fs[j].Start < fs[i].Start {
				fs[i], fs[j] = fs[j], fs[i]
			}
		}
	}
	for i := range fs {
		end := n
		if i+1 < len(fs) {
			end = fs[i+1].Start
		}
		fs[i].Len = end - fs[i].Start
	}
}

// object builds a one-section object.
func object(t testing.TB, section string, maps []*elfobj.Map, items ...any) *elfobj.Object {
	t.Helper()
	insns, funcs, relocs := assemble(t, items)
	return &elfobj.Object{
		License: "GPL",
		Code:    []*elfobj.CodeSection{{Name: section, Insns: insns, Funcs: funcs, Relocs: relocs}},
		Maps:    maps,
	}
}

// runObj loads obj and runs section with in; it fails the test on errors.
func runObj(t testing.TB, obj *elfobj.Object, in Input) *Result {
	t.Helper()
	m, err := New(obj, Options{Seed: 1})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	res, err := m.Run(obj.Code[0].Name, in)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

// outcome is "r0=N" or "fault: msg", for table comparisons.
func outcome(res *Result) string {
	if res.Fault != nil {
		return "fault: " + res.Fault.Msg
	}
	return fmt.Sprintf("r0=%#x", res.R0)
}
