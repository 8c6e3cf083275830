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
			fmt.Println("ERR", f, err)
			continue
		}
		fmt.Println("==", f)
		for _, fn := range p.Funcs {
			fmt.Println(fn.ProgType, fn)
		}
	}
}
