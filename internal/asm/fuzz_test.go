package asm

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzAssemble checks that Assemble never panics and that whatever it
// accepts survives Disassemble and Assemble unchanged.
func FuzzAssemble(f *testing.F) {
	f.Add([]byte(oracleSource))
	for _, src := range roundTripSources {
		f.Add([]byte(src))
	}
	f.Add([]byte(".section xdp\nf:\n\tr0 = 0\n\tgoto L\nL:\n"))
	f.Add([]byte("/*@ Inv x */ .section \"a,b\"\nf: /*@ R0 == 0 */ r0 = 1 // c\n\texit # d\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		u, err := Assemble("f.s", src)
		if err != nil {
			return
		}
		text, err := Disassemble(u.Object, u.Annotations)
		if err != nil {
			t.Fatalf("Disassemble of an assembled unit: %v\nsource:\n%s", err, src)
		}
		u2, err := Assemble("f2.s", text)
		if err != nil {
			t.Fatalf("reassembling: %v\nsource:\n%s\ndisassembly:\n%s", err, src, text)
		}
		if diff := cmp.Diff(u.Object, u2.Object); diff != "" {
			t.Fatalf("object changed (-first +second):\n%s\nsource:\n%s\ndisassembly:\n%s", diff, src, text)
		}
		if diff := cmp.Diff(u.Annotations, u2.Annotations); diff != "" {
			t.Fatalf("annotations changed (-first +second):\n%s\nsource:\n%s\ndisassembly:\n%s", diff, src, text)
		}
	})
}
