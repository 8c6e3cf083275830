package isa

import (
	"math/rand"
	"testing"
)

// benchProgram returns 1000 random valid instructions and their encoding.
func benchProgram(b *testing.B) ([]Instruction, []byte) {
	r := rand.New(rand.NewSource(2))
	forms := allForms()
	insns := make([]Instruction, 1000)
	for i := range insns {
		insns[i] = randomInstruction(r, forms)
	}
	code, err := Encode(insns)
	if err != nil {
		b.Fatal(err)
	}
	return insns, code
}

func BenchmarkDecode(b *testing.B) {
	_, code := benchProgram(b)
	b.SetBytes(int64(len(code)))
	for b.Loop() {
		if _, err := Decode(code); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	insns, code := benchProgram(b)
	b.SetBytes(int64(len(code)))
	for b.Loop() {
		if _, err := Encode(insns); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStringParse(b *testing.B) {
	insns, _ := benchProgram(b)
	for b.Loop() {
		for _, ins := range insns {
			if _, _, err := ParseInstruction(ins.String()); err != nil {
				b.Fatal(err)
			}
		}
	}
}
