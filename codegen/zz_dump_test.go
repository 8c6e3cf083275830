package codegen

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"vep/cparse"
)

func TestZZDump(t *testing.T) {
	if os.Getenv("DUMP") == "" {
		t.Skip()
	}
	files, _ := filepath.Glob("../examples/*/*.c")
	for _, f := range files {
		if os.Getenv("F") != "" && os.Getenv("F") != f {
			continue
		}
		src, _ := os.ReadFile(f)
		p, err := cparse.Parse(f, src)
		if err != nil {
			fmt.Println("PARSEERR", f, err)
			continue
		}
		out, err := Generate(p, Options{})
		if err != nil {
			fmt.Println("GENERR", f, err)
			continue
		}
		for _, cs := range out.Object.Code {
			fmt.Printf("== %s %s: %d insns\n", f, cs.Name, len(cs.Insns))
			if os.Getenv("F") != "" {
				for i, ins := range cs.Insns {
					fmt.Printf("%4d: %s\n", i, ins)
				}
			}
		}
	}
}
