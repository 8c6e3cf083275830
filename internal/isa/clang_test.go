package isa

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const llvmBin = "/usr/lib/llvm-19/bin/"

// TestClangObject compiles testdata/v4.c with clang -mcpu=v4, decodes its
// code sections and checks that String prints every instruction as
// llvm-mc's disassembler does.
func TestClangObject(t *testing.T) {
	needLLVM(t)
	for _, tool := range []string{"clang", "llvm-objcopy"} {
		if _, err := os.Stat(llvmBin + tool); err != nil {
			t.Skipf("LLVM 19 %s not found: %v", tool, err)
		}
	}
	dir := t.TempDir()
	obj := filepath.Join(dir, "v4.o")
	run := func(name string, args ...string) {
		t.Helper()
		out, err := exec.Command(llvmBin+name, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
	}
	run("clang", "-O2", "-target", "bpf", "-mcpu=v4", "-c", "testdata/v4.c", "-o", obj)
	total := 0
	for _, sec := range []string{".text", "socket"} {
		bin := filepath.Join(dir, "sec.bin")
		run("llvm-objcopy", "-O", "binary", "--only-section="+sec, obj, bin)
		code, err := os.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		insns, err := Decode(code)
		if err != nil {
			t.Fatalf("section %s: %v", sec, err)
		}
		if len(insns) == 0 {
			t.Fatalf("section %s is empty", sec)
		}
		var src strings.Builder
		for i, b := range code {
			fmt.Fprintf(&src, "0x%02x%c", b, " \n"[boolInt(i%8 == 7)])
		}
		lines := runMC(t, src.String(), "--disassemble")
		if len(lines) != len(insns) {
			t.Fatalf("section %s: llvm-mc printed %d instructions, Decode gave %d", sec, len(lines), len(insns))
		}
		for i, ins := range insns {
			want := ins.String()
			if alt := llvmDisasmText(ins); alt != "" {
				want = alt
			}
			if got := normalize(lines[i]); got != want {
				t.Errorf("section %s, instruction %d: llvm-mc prints %q, String %q", sec, i, got, want)
			}
		}
		again, err := Encode(insns)
		if err != nil || !bytes.Equal(again, code) {
			t.Errorf("section %s: Encode(Decode(code)) differs: %v", sec, err)
		}
		total += len(insns)
	}
	t.Logf("decoded %d instructions of clang output", total)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
