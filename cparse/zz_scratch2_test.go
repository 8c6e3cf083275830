package cparse

import (
	"fmt"
	"os"
	"testing"
)

func TestScratchOne(t *testing.T) {
	f := os.Getenv("F")
	src, _ := os.ReadFile(f)
	p, err := Parse(f, src)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range p.Maps {
		fmt.Println("map", m)
	}
	for _, g := range p.Globals {
		fmt.Printf("global %s %s %q\n", g.Name, g.Section, g.Data)
	}
	for _, fn := range p.Funcs {
		fmt.Println(fn.ProgType, fn)
	}
}
