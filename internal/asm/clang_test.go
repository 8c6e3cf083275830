package asm

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"vep/internal/elfobj"
)

// clangPrograms are C programs in testdata with the vep directives that
// declare what clang writes as data: the license and the maps.
var clangPrograms = []struct {
	file   string
	header string
}{
	{"xdp_count.c", ".license \"GPL\"\n.map counts, array, key=4, value=8, max_entries=256\n"},
	{"socket_loop.c", ".license \"Dual MIT/GPL\"\n.inner inner, hash, key=4, value=8, max_entries=16\n" +
		".map outer, array_of_maps, key=4, value=4, max_entries=4, inner=inner\n"},
}

// TestClangOutput assembles what clang -S -O2 -target bpf emits (with
// debugging information, so every kind of data directive appears) and
// checks that the object equals the one clang -c writes for the same
// program, as elfobj reads it.
func TestClangOutput(t *testing.T) {
	clang := llvmTool(t, "clang")
	dir := t.TempDir()
	for _, p := range clangPrograms {
		src := filepath.Join("testdata", p.file)
		asmFile := filepath.Join(dir, p.file+".s")
		objFile := filepath.Join(dir, p.file+".o")
		for _, args := range [][]string{{"-S", "-o", asmFile}, {"-c", "-o", objFile}} {
			cmd := exec.Command(clang, append([]string{"-g", "-O2", "-target", "bpf", "-mcpu=v4", src}, args...)...)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: clang %v: %v\n%s", p.file, args, err, out)
			}
		}
		text, err := os.ReadFile(asmFile)
		if err != nil {
			t.Fatal(err)
		}
		u, err := Assemble(p.file+".s", append([]byte(p.header), text...))
		if err != nil {
			t.Fatalf("%s: %v", p.file, err)
		}
		b, err := os.ReadFile(objFile)
		if err != nil {
			t.Fatal(err)
		}
		want, err := elfobj.Read(b)
		if err != nil {
			t.Fatalf("%s: elfobj.Read of clang's object: %v", p.file, err)
		}
		want.Extra = nil
		if diff := cmp.Diff(want, u.Object, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: object (-clang -c +vep asm of clang -S):\n%s", p.file, diff)
		}
		if len(u.Annotations) != 0 {
			t.Errorf("%s: %d annotations from plain C", p.file, len(u.Annotations))
		}
		// The program must have exercised calls, maps and jumps.
		kinds := make(map[elfobj.RelocKind]bool)
		for _, cs := range u.Object.Code {
			for _, r := range cs.Relocs {
				kinds[r.Kind] = true
			}
		}
		if !kinds[elfobj.RelocMap] || !(kinds[elfobj.RelocCall] || kinds[elfobj.RelocFunc]) {
			t.Errorf("%s: relocation kinds %v, want a map and a call or function address", p.file, kinds)
		}
		if !strings.Contains(string(text), "goto") {
			t.Errorf("%s: clang output has no jumps", p.file)
		}
	}
}
