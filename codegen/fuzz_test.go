package codegen

import (
	"os"
	"path/filepath"
	"testing"

	"vep/cparse"
	"vep/internal/elfwrite"
	"vep/internal/interp"
)

// FuzzGenerate feeds whatever C cparse accepts to Generate: it must return
// an object or an error, never panic, and the object must be writable and
// loadable by the interpreter.
func FuzzGenerate(f *testing.F) {
	files, _ := filepath.Glob("../examples/*/*.c")
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		prog, err := cparse.Parse("fuzz.c", src)
		if err != nil {
			return
		}
		for _, opts := range []Options{{}, {V4: true}} {
			out, err := Generate(prog, opts)
			if err != nil {
				continue
			}
			if _, err := elfwrite.Write(out.Object); err != nil {
				t.Fatalf("elfwrite rejects the object: %v", err)
			}
			if _, err := interp.New(out.Object, interp.Options{}); err != nil {
				t.Fatalf("interp rejects the object: %v", err)
			}
		}
	})
}
