package isa

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const llvmMC = "/usr/lib/llvm-19/bin/llvm-mc"

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func needLLVM(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(llvmMC); err != nil {
		t.Skipf("LLVM 19 llvm-mc not found at %s: %v", llvmMC, err)
	}
}

// runMC runs llvm-mc with args on input and returns its output lines that
// carry an instruction (the ".text" directive dropped).
func runMC(t *testing.T, input string, args ...string) []string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "in.s")
	if err := os.WriteFile(f, []byte(input), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(llvmMC, append([]string{"-arch=bpf", "-mcpu=v4"}, append(args, f)...)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("llvm-mc %v: %v\n%s", args, err, stderr.String())
	}
	var lines []string
	for _, l := range strings.Split(stdout.String(), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, ".text") {
			continue
		}
		lines = append(lines, l)
	}
	return lines
}

// normalize collapses runs of blanks, as llvm-mc separates a mnemonic from
// its operands with a tab.
func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }

// parseEncoding parses "[0x61,0x70,...]".
func parseEncoding(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
		return nil, fmt.Errorf("malformed encoding %q", s)
	}
	var out []byte
	for _, f := range strings.Split(s[1:len(s)-1], ",") {
		v, err := strconv.ParseUint(f, 0, 8)
		if err != nil {
			return nil, fmt.Errorf("malformed encoding %q: %v", s, err)
		}
		out = append(out, byte(v))
	}
	return out, nil
}

// TestLLVMAssembler feeds the String form of every instruction of allForms
// that llvm-mc can assemble to llvm-mc and checks that our Encode of our
// ParseInstruction gives llvm-mc's bytes and that llvm-mc prints our text
// back unchanged.
func TestLLVMAssembler(t *testing.T) {
	needLLVM(t)
	var insns []Instruction
	var src strings.Builder
	opcodes := map[OpCode]bool{}
	for _, ins := range allForms() {
		if !llvmCanAssemble(ins) {
			continue
		}
		insns = append(insns, ins)
		opcodes[ins.OpCode] = true
		src.WriteString(ins.String() + "\n")
	}
	lines := runMC(t, src.String(), "-show-encoding")
	if len(lines) != len(insns) {
		t.Fatalf("llvm-mc printed %d instructions, want %d", len(lines), len(insns))
	}
	for i, line := range lines {
		text, enc, ok := strings.Cut(line, "# encoding:")
		if !ok {
			t.Fatalf("no encoding in llvm-mc line %q", line)
		}
		want, err := parseEncoding(enc)
		if err != nil {
			t.Fatal(err)
		}
		ours := insns[i].String()
		ins, sym, err := ParseInstruction(ours)
		if err != nil || sym != "" {
			t.Errorf("ParseInstruction(%q) = %v, %q, %v", ours, ins, sym, err)
			continue
		}
		got, err := Encode([]Instruction{ins})
		if err != nil {
			t.Errorf("Encode(%q): %v", ours, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%q: encoded % x, llvm-mc % x", ours, got, want)
		}
		if normalize(text) != ours {
			t.Errorf("%q: llvm-mc prints %q", ours, normalize(text))
		}
	}
	t.Logf("llvm-mc assembled %d instructions, %d distinct opcodes", len(insns), len(opcodes))
}

// TestLLVMDisassembler encodes every instruction of allForms, disassembles
// the bytes with llvm-mc and checks that String prints what llvm-mc prints,
// except for the documented extensions (llvmDisasmText).
func TestLLVMDisassembler(t *testing.T) {
	needLLVM(t)
	forms := allForms()
	code, err := Encode(forms)
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	for i, b := range code {
		fmt.Fprintf(&src, "0x%02x", b)
		if i%8 == 7 {
			src.WriteByte('\n')
		} else {
			src.WriteByte(' ')
		}
	}
	lines := runMC(t, src.String(), "--disassemble")
	if len(lines) != len(forms) {
		t.Fatalf("llvm-mc printed %d instructions, want %d", len(lines), len(forms))
	}
	opcodes := map[OpCode]bool{}
	extended := 0
	for i, line := range lines {
		ins := forms[i]
		opcodes[ins.OpCode] = true
		want := ins.String()
		if alt := llvmDisasmText(ins); alt != "" {
			want = alt
			extended++
		}
		if got := normalize(line); got != want {
			t.Errorf("%v: llvm-mc prints %q, want %q", ins, got, want)
		}
	}
	t.Logf("llvm-mc disassembled %d instructions (%d in extended syntax), %d distinct opcodes", len(forms), extended, len(opcodes))
}
