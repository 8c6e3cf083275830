package codegen

import (
	"fmt"
	"os"
	"testing"

	"vep/cparse"
)

func TestZZDump(t *testing.T) {
	f := os.Getenv("F")
	if f == "" {
		t.Skip()
	}
	src, _ := os.ReadFile(f)
	p, err := cparse.Parse(f, src)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Generate(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range out.Object.Code {
		fmt.Printf("== %s: %d insns\n", cs.Name, len(cs.Insns))
		for i, ins := range cs.Insns {
			fmt.Printf("%4d: %s\n", i, ins)
		}
	}
}
