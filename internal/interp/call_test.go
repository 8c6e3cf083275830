package interp

import (
	"testing"

	"vep/internal/elfobj"
	"vep/internal/isa"
)

func TestCalls(t *testing.T) {
	// nest calls itself through r1 levels.
	nest := func(levels int32) []any {
		return []any{
			mov(r1, levels), callLocal("fn_nest"), exit(),
			"fn_nest:", mov(r0, 0), jmpK(isa.JumpJEQ, r1, 1, "leaf"), add(r1, -1), callLocal("fn_nest"), "leaf:", exit(),
		}
	}
	runCases(t, []tcase{
		{name: "arguments and callee-saved registers", prog: []any{
			mov(r6, 7), mov(r1, 3), callLocal("fn_add"), addr(r0, r6), exit(),
			"fn_add:", movr(r0, r1), add(r0, 10), mov(r6, 100), exit(),
		}, want: "r0=0x14"},
		{name: "callee cannot read caller r6", prog: []any{
			mov(r6, 7), callLocal("fn_f"), exit(),
			"fn_f:", movr(r0, r6), exit(),
		}, want: "fault: read of uninitialised register r6"},
		{name: "arguments are clobbered", prog: []any{
			mov(r1, 3), callLocal("fn_f"), movr(r0, r1), exit(),
			"fn_f:", mov(r0, 0), exit(),
		}, want: "fault: read of uninitialised register r1"},
		{name: "callee writes caller stack", prog: []any{
			movr(r1, r10), add(r1, -8), callLocal("fn_f"), ldx(dw, r0, r10, -8), exit(),
			"fn_f:", st(dw, r1, 0, 33), mov(r0, 0), exit(),
		}, want: "r0=0x21"},
		{name: "fresh frame per call", prog: []any{
			st(dw, r10, -8, 1), callLocal("fn_f"), exit(),
			"fn_f:", ldx(dw, r0, r10, -8), exit(),
		}, want: "fault: uninitialised stack byte fp-8"},
		{name: "pointer to a returned frame", prog: []any{
			callLocal("fn_f"), ldx(dw, r0, r0, 0), exit(),
			"fn_f:", st(dw, r10, -8, 1), movr(r0, r10), add(r0, -8), exit(),
		}, want: "fault: which belonged to a function that has returned"},
		{name: "spilled pointer to a returned frame", prog: []any{
			movr(r1, r10), add(r1, -8), callLocal("fn_f"), ldx(dw, r2, r10, -8), ldx(dw, r0, r2, 0), exit(),
			"fn_f:", st(dw, r10, -8, 1), movr(r2, r10), stx(dw, r1, 0, r2), mov(r0, 0), exit(),
		}, want: "fault: which belonged to a function that has returned"},
		{name: "eight frames", prog: nest(7), want: "r0=0x0"},
		{name: "nine frames", prog: nest(8), want: "fault: call nesting exceeds 8 frames"},
		{name: "fall off the end", prog: []any{mov(r0, 0), jmpK(isa.JumpJEQ, r0, 0, "end"), exit(), "end:", mov(r0, 1), ja("end")}, opts: Options{StepLimit: 50}, want: "fault: step limit"},
	})
}

// TestCrossSectionCall calls a .text function through a relocation.
func TestCrossSectionCall(t *testing.T) {
	main, mfuncs, _ := assemble(t, []any{mov(r1, 4), isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, isa.JumpCall, isa.SourceK), Src: isa.CallLocal, Constant: -1}, exit()})
	text, tfuncs, _ := assemble(t, []any{mov(r0, 1), exit(), "fn_double:", movr(r0, r1), addr(r0, r1), exit()})
	obj := &elfobj.Object{Code: []*elfobj.CodeSection{
		{Name: "xdp", Insns: main, Funcs: mfuncs, Relocs: []elfobj.Reloc{{Index: 1, Kind: elfobj.RelocCall, Symbol: "fn_double"}}},
		{Name: ".text", Insns: text, Funcs: tfuncs},
	}}
	res := runObj(t, obj, Input{Packet: packet(14)})
	if outcome(res) != "r0=0x8" {
		t.Fatalf("got %s, want r0=0x8", outcome(res))
	}
	// A call to a missing symbol is an invalid program.
	obj.Code[0].Relocs[0].Symbol = "missing"
	if _, err := New(obj, Options{}); err == nil {
		t.Fatal("New accepted a call to a missing function")
	}
}

func TestInvalidPrograms(t *testing.T) {
	tests := []struct {
		name string
		prog []any
	}{
		{"jump out of range", []any{isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, isa.JumpJA, isa.SourceK), Offset: 5}, exit()}},
		{"jump backwards out of range", []any{isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, isa.JumpJA, isa.SourceK), Offset: -2}, exit()}},
		{"jump into lddw", []any{isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP, isa.JumpJA, isa.SourceK), Offset: 1}, lddw(r0, 1), exit()}},
		{"write r10", []any{mov(r10, 0), exit()}},
		{"bad opcode", []any{isa.Instruction{OpCode: 0xff}, exit()}},
		{"no exit", []any{mov(r0, 0)}},
		{"neg with immediate", []any{aluK(a64, isa.ALUNeg, r0, 1), exit()}},
		{"movsx32 in alu32", []any{movsx(a32, r0, r1, 32), exit()}},
		{"bad atomic", []any{atomic(dw, r10, -8, r1, 0x12), exit()}},
		{"map without relocation", []any{isa.Instruction{OpCode: isa.OpCodeLoadImm64, Src: isa.PseudoMapFD}, exit()}},
		{"unknown map", []any{ldMap(r1, "nope"), exit()}},
		{"legacy packet load of 8 bytes", []any{isa.Instruction{OpCode: isa.LoadStoreOp(isa.ClassLD, isa.ModeABS, isa.SizeDW)}, exit()}},
		{"legacy packet load into r1", []any{isa.Instruction{OpCode: isa.LoadStoreOp(isa.ClassLD, isa.ModeABS, isa.SizeB), Dst: r1}, exit()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj := object(t, "socket", nil, tt.prog...)
			if _, err := New(obj, Options{}); err == nil {
				t.Fatal("New accepted an invalid program")
			}
		})
	}
	// The valid twin of the first case.
	if _, err := New(object(t, "socket", nil, mov(r0, 0), ja("x"), lddw(r0, 1), "x:", exit()), Options{}); err != nil {
		t.Fatal(err)
	}
}

func TestRunErrors(t *testing.T) {
	m, err := New(object(t, "socket", nil, mov(r0, 0), exit()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Run("nope", Input{}); err == nil {
		t.Error("Run of a missing section succeeded")
	}
	m2, _ := New(object(t, "weird", nil, mov(r0, 0), exit()), Options{})
	if _, err := m2.Run("weird", Input{}); err == nil {
		t.Error("Run of an unknown program type succeeded")
	}
	m3, _ := New(object(t, "kprobe/x", nil, mov(r0, 0), exit()), Options{})
	if _, err := m3.Run("kprobe/x", Input{Context: make([]byte, 200)}); err == nil {
		t.Error("Run with an oversized context succeeded")
	}
}

func TestRunProgram(t *testing.T) {
	insns, _, _ := assemble(t, []any{mov(r0, 1), exit(), mov(r0, 2), exit()})
	obj := &elfobj.Object{Code: []*elfobj.CodeSection{{Name: "xdp", Insns: insns, Funcs: []elfobj.Func{
		{Name: "first", Start: 0, Len: 2, Global: true}, {Name: "second", Start: 2, Len: 2, Global: true}}}}}
	m, err := New(obj, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]uint64{"first": 1, "second": 2} {
		res, err := m.RunProgram(name, Input{Packet: packet(14)})
		if err != nil || res.Fault != nil || res.R0 != want {
			t.Errorf("%s: %v %v %v", name, err, res, want)
		}
	}
	if _, err := m.RunProgram("third", Input{}); err == nil {
		t.Error("RunProgram of a missing program succeeded")
	}
}
