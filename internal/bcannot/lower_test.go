package bcannot

import (
	"os"
	"path/filepath"
	"testing"

	"vep/codegen"
	"vep/cparse"
	"vep/internal/spec"
	"vep/sep"
)

// TestLowerCorpus lowers the annotations of every example and checks that
// each translated annotation parses at bytecode level, names no C variable
// and lands inside its section.
func TestLowerCorpus(t *testing.T) {
	files, err := filepath.Glob("../../examples/*/*.c")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		prog, err := cparse.Parse(f, src)
		if err != nil {
			continue // the unsafe example with an undefined function
		}
		out, err := codegen.Generate(prog, codegen.Options{})
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		ents, errs := Lower(prog, out)
		for _, e := range errs {
			t.Errorf("%v", e)
		}
		if _, err := spec.Encode(ents); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		size := map[string]int{}
		for _, s := range out.Sections {
			size[s.Name] = len(s.Pos)
		}
		for _, e := range ents {
			t.Logf("%s: %s@%d %v: %s", filepath.Base(f), e.Section, e.Index, e.Kind, e.Text)
			if e.Index < 0 || e.Index >= size[e.Section] {
				t.Errorf("%s: entry at %s %d is outside the section", f, e.Section, e.Index)
			}
			if _, err := sep.ParseAnnotation(e.Text, &sep.Config{Mode: sep.ModeBytecode}); err != nil {
				t.Errorf("%s: %q: %v", f, e.Text, err)
			}
		}
	}
}

// testPoint is an assertion point of a function with a variable of each
// kind of location.
func testPoint() *codegen.Point {
	vars := []*cparse.Var{
		{Name: "i", Type: cparse.U32, ID: 0},
		{Name: "n", Type: cparse.S32, ID: 1},
		{Name: "p", Type: &cparse.PointerType{Elem: cparse.U32}, ID: 2},
		{Name: "buf", Type: &cparse.ArrayType{Elem: cparse.U8, Len: 16}, ID: 3},
		{Name: "k", Type: cparse.U64, ID: 4},
		{Name: "j", Type: cparse.U32, ID: 5},
	}
	fn := &cparse.Function{Name: "f", Locals: vars}
	return &codegen.Point{Kind: codegen.PointAssert, Func: fn, Vars: []codegen.VarLoc{
		{Var: vars[0], Where: codegen.InReg, Reg: 6},
		{Var: vars[1], Where: codegen.InReg, Reg: 7},
		{Var: vars[2], Where: codegen.InReg, Reg: 8},
		{Var: vars[3], Where: codegen.InStack, Offset: -16, Size: 16},
		{Var: vars[4], Where: codegen.InStack, Offset: -24, Size: 8},
		{Var: vars[5], Where: codegen.Const, Value: 3},
	}}
}

// TestLowerTerms checks the translation of C-level formulas against fixed
// variable locations.
func TestLowerTerms(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"i < 10", "R6 < 10"},
		{"n >= -1", "(s32) R7 >= -1"},
		{"j == 3", "3 == 3"},
		{"p + 2 == p", "R8 + 2 * 4 == R8"},
		{"p[i] == 0", "*(u32 *)(R8 + R6 * 4) == 0"},
		{"*p == 0", "*(u32 *)(R8) == 0"},
		{"chars(buf, 16, l)", "chars(R10 - 16, 16, l)"},
		{"buf[1] == 0", "*(u8 *)(R10 - 16 + 1) == 0"},
		{"&buf[2] == buf + 2", "R10 - 16 + 2 == R10 - 16 + 2"},
		{"k > 1", "v4_k > 1"},
		{"forall i, 0 <= i => i < 3", "forall i, 0 <= i => i < 3"},
		{"(u8)i == 0", "(u8)R6 == 0"},
		{"undef_array(buf, u32, 4)", "undef_chars(R10 - 16, 4 * 4)"},
		{"array(buf, u8, 16, l)", "chars(R10 - 16, 16, l)"},
		{"array(buf, u32, 2, l)", "data_at(R10 - 16, u32, (u32)l[0]) * data_at(R10 - 12, u32, (u32)l[1]) * len(l) == 2"},
		{"array(p, u32, 2, l)", "array(R8, u32, 2, l)"},
	}
	for _, tt := range tests {
		f, err := sep.ParseFormula(tt.in, nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		tr := newTranslator(nil, testPoint().Func)
		if err := tr.bindPoint(testPoint()); err != nil {
			t.Fatal(err)
		}
		g, err := tr.translate(f)
		if err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		want, err := sep.ParseFormula(tt.want, &sep.Config{Mode: sep.ModeBytecode})
		if err != nil {
			t.Fatalf("%s: %v", tt.want, err)
		}
		if !sep.Equal(g, want) {
			t.Errorf("%s: got %v, want %v", tt.in, g, want)
		}
	}
}

// TestLowerClose checks that a translated assertion binds the stack-held
// variables it uses and bounds the registers of 32-bit variables.
func TestLowerClose(t *testing.T) {
	p := testPoint()
	tr := newTranslator(nil, p.Func)
	if err := tr.bindPoint(p); err != nil {
		t.Fatal(err)
	}
	f, _ := sep.ParseFormula("k > i", nil)
	g, err := tr.closed(f)
	if err != nil {
		t.Fatal(err)
	}
	want := "exists v4_k, data_at(R10 - 24, u64, v4_k) * (0 <= R6 && R6 <= 4294967295 && (0 <= R7 && R7 <= 4294967295) && v4_k > R6)"
	if g.String() != want {
		t.Errorf("got %v\nwant %s", g, want)
	}
}

// TestLowerErrors checks that names without a value at the point are
// reported.
func TestLowerErrors(t *testing.T) {
	for _, in := range []string{"q == 0", "&i == 0", "R1 == 0"} {
		p := testPoint()
		p.Func.Locals = append(p.Func.Locals, &cparse.Var{Name: "q", Type: cparse.U32, ID: 9})
		tr := newTranslator(nil, p.Func)
		if err := tr.bindPoint(p); err != nil {
			t.Fatal(err)
		}
		f, err := sep.ParseFormula(in, &sep.Config{Mode: sep.ModeBytecode})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr.translate(f); err == nil {
			t.Errorf("%s: translated without error", in)
		}
	}
}
