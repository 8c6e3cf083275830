package asm

import (
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"vep/internal/elfwrite"
)

// objdumpLine matches an instruction line of llvm-objdump -d: the slot
// number and the 8 bytes of the slot (16 for a 64-bit immediate load).
var objdumpLine = regexp.MustCompile(`^\s*\d+:\s+((?:[0-9a-f]{2} ){7}[0-9a-f]{2}(?: (?:[0-9a-f]{2} ){7}[0-9a-f]{2})?)`)

// objdumpSections returns the bytes llvm-objdump -d shows for each section.
func objdumpSections(t *testing.T, tool, path string) map[string][]byte {
	t.Helper()
	out, err := exec.Command(tool, "-d", path).CombinedOutput()
	if err != nil {
		t.Fatalf("llvm-objdump: %v\n%s", err, out)
	}
	secs := make(map[string][]byte)
	cur := ""
	for _, line := range strings.Split(string(out), "\n") {
		if name, ok := strings.CutPrefix(line, "Disassembly of section "); ok {
			cur = strings.TrimSuffix(name, ":")
			continue
		}
		if m := objdumpLine.FindStringSubmatch(line); m != nil && cur != "" {
			b, err := hex.DecodeString(strings.ReplaceAll(m[1], " ", ""))
			if err != nil {
				t.Fatal(err)
			}
			secs[cur] = append(secs[cur], b...)
		}
	}
	return secs
}

// TestObjdumpOracle checks that llvm-objdump -d of the object that
// elfwrite writes for an assembled file shows the instructions we
// disassemble, and that it finds no other code.
func TestObjdumpOracle(t *testing.T) {
	objdump := llvmTool(t, "llvm-objdump")
	dir := t.TempDir()
	for i, src := range append([]string{oracleSource}, roundTripSources...) {
		u, err := Assemble("o.s", []byte(src))
		if err != nil {
			t.Fatalf("source %d: %v", i, err)
		}
		b, err := elfwrite.Write(u.Object)
		if err != nil {
			t.Fatalf("source %d: elfwrite: %v", i, err)
		}
		path := filepath.Join(dir, "o.o")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		secs := objdumpSections(t, objdump, path)
		if len(secs) != len(u.Object.Code) {
			t.Errorf("source %d: llvm-objdump shows %d code sections, want %d", i, len(secs), len(u.Object.Code))
		}
		for _, cs := range u.Object.Code {
			theirs, ok := secs[cs.Name]
			if !ok {
				t.Errorf("source %d: llvm-objdump shows no section %s", i, cs.Name)
				continue
			}
			compareCode(t, "objdump", cs, theirs)
		}
	}
}
