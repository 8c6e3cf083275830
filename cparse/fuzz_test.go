package cparse

import (
	"os"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics and that what it accepts can be
// printed, and that every error it reports is located.
func FuzzParse(f *testing.F) {
	for _, file := range exampleFiles(f) {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte(snippetHeader + "int f(int a) { /*@ a > 0 */ return a; }"))
	f.Add([]byte(snippetHeader + "int f(int *p) { int s = 0; /*@ Inv s >= 0 Variant 3 - s */ while (s < 3) s += p[s]; return s; }"))
	f.Add([]byte("int f(void) { goto x; x: return 0; }"))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Parse("fuzz.c", src)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		for _, fn := range p.Funcs {
			if s := fn.String(); !strings.Contains(s, fn.Name) {
				t.Fatalf("function text %q lacks its name", s)
			}
		}
		for _, m := range p.Maps {
			_ = m.String()
		}
	})
}
