package asm

import (
	"strings"
	"testing"
)

// BenchmarkAssemble assembles a program of 10000 instructions.
func BenchmarkAssemble(b *testing.B) {
	src := []byte(".section xdp\nf:\n" + strings.Repeat("\tr0 = *(u32 *)(r1 + 4)\n\tif r0 > 3 goto f\n", 5000) + "\texit\n")
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Assemble("b.s", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDisassemble disassembles the same program.
func BenchmarkDisassemble(b *testing.B) {
	src := []byte(".section xdp\nf:\n" + strings.Repeat("\tr0 = *(u32 *)(r1 + 4)\n\tif r0 > 3 goto f\n", 5000) + "\texit\n")
	u, err := Assemble("b.s", src)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Disassemble(u.Object, u.Annotations); err != nil {
			b.Fatal(err)
		}
	}
}
