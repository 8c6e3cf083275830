package elfobj_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vep/internal/elfobj"
	"vep/internal/elfwrite"
)

// FuzzRead reads arbitrary files. Read must not panic; what it accepts must
// satisfy the model's invariants and, where the writer can express it,
// survive a write and a second read unchanged.
func FuzzRead(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.o"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		if obj, err := elfobj.Read(b); err == nil {
			w, err := elfwrite.Write(obj)
			if err != nil {
				f.Fatalf("%s: %v", name, err)
			}
			f.Add(w)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		obj, err := elfobj.Read(b)
		if err != nil {
			return
		}
		checkInvariants(t, obj)
		w, err := elfwrite.Write(obj)
		if err != nil {
			return
		}
		again, err := elfobj.Read(w)
		if err != nil {
			t.Fatalf("Read(Write(obj)): %v", err)
		}
		if diff := cmp.Diff(obj, again); diff != "" {
			t.Fatalf("Read(Write(obj)) differs (-first +second):\n%s", diff)
		}
	})
}

// checkInvariants checks what Read promises about an object it accepts.
func checkInvariants(t *testing.T, obj *elfobj.Object) {
	t.Helper()
	names := make(map[string]bool)
	funcs := make(map[string]bool)
	maps := make(map[string]bool)
	for _, m := range obj.Maps {
		if names[m.Name] {
			t.Fatalf("duplicate name %q", m.Name)
		}
		names[m.Name], maps[m.Name] = true, true
	}
	for _, cs := range obj.Code {
		next := 0
		for _, fn := range cs.Funcs {
			if fn.Start != next || fn.Len <= 0 {
				t.Fatalf("section %s: function %s does not follow at %d", cs.Name, fn.Name, next)
			}
			next += fn.Len
			if names[fn.Name] {
				t.Fatalf("duplicate name %q", fn.Name)
			}
			names[fn.Name], funcs[fn.Name] = true, true
		}
		if next != len(cs.Insns) || next == 0 {
			t.Fatalf("section %s: functions cover %d of %d instructions", cs.Name, next, len(cs.Insns))
		}
	}
	for _, cs := range obj.Code {
		prev := -1
		for _, r := range cs.Relocs {
			if r.Index <= prev || r.Index >= len(cs.Insns) {
				t.Fatalf("section %s: relocation index %d after %d", cs.Name, r.Index, prev)
			}
			prev = r.Index
			checkRelocatedInsn(t, cs, r)
			switch r.Kind {
			case elfobj.RelocMap:
				if !maps[r.Symbol] {
					t.Fatalf("section %s: relocation to unknown map %q", cs.Name, r.Symbol)
				}
			case elfobj.RelocCall, elfobj.RelocFunc:
				if !funcs[r.Symbol] {
					t.Fatalf("section %s: relocation to unknown function %q", cs.Name, r.Symbol)
				}
			default:
				t.Fatalf("section %s: relocation kind %d", cs.Name, r.Kind)
			}
		}
		for i, ins := range cs.Insns {
			if ins.IsLocalCall() {
				found := false
				for _, r := range cs.Relocs {
					found = found || r.Index == i
				}
				if !found {
					t.Fatalf("section %s: local call %d without relocation", cs.Name, i)
				}
			}
		}
	}
}

func BenchmarkRead(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join("testdata", "mim.o"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := elfobj.Read(raw); err != nil {
			b.Fatal(err)
		}
	}
}
