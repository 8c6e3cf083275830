package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vep/internal/elfobj"
	"vep/internal/elfwrite"
)

// files used by the tests, written into a temporary directory.
var testFiles = map[string]string{
	"pass.s": `	.license "GPL"
	.section xdp
	.globl prog
/*@ Require ctx(R1) */
prog:
	r2 = *(u32 *)(r1 + 0)
	r3 = *(u32 *)(r1 + 4)
	r4 = r2
	r4 += 14
	/*@ R4 == R2 + 14 */
	if r4 > r3 goto LBB0_2
	r0 = *(u8 *)(r2 + 12)
LBB0_2:
	r0 = 2
	exit
`,
	"fault.s": `	.section xdp
prog:
	r2 = *(u32 *)(r1 + 0)
	r0 = *(u8 *)(r2 + 100)
	r0 = 2
	exit
`,
	"map.s": `	.license "GPL"
	.map counts, array, key=4, value=8, max_entries=4
	.section socket
prog:
	*(u32 *)(r10 - 4) = 1
	r2 = r10
	r2 += -4
	r1 = counts ll
	call 1
	if r0 == 0 goto LBB0_1
	r0 = *(u64 *)(r0 + 0)
	exit
LBB0_1:
	r0 = 0
	exit
`,
	"two.s": `	.section xdp
a:	r0 = 2
	exit
	.section socket
b:	r0 = 0
	exit
`,
	"kprobe.s":  ".section kprobe/sys_open\nf:\n\tr0 = *(u64 *)(r1 + 8)\n\texit\n",
	"regs":      "\x00\x00\x00\x00\x00\x00\x00\x00\x07\x01",
	"bad.s":     ".section xdp\nf:\n r0 = 1\n goto X\n",
	"pkt":       strings.Repeat("\x00", 64),
	"counts":    "# key value\n01000000 2a00000000000000\n\n",
	"badcounts": "01000000 2a00000000000000\n01000000 zz\n",
	"shortkey":  "0100 2a00000000000000\n",
	"notelf.o":  "not an object",
}

// setup writes testFiles into a new directory and changes into it.
func setup(t *testing.T) {
	dir := t.TempDir()
	for name, data := range testFiles {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
}

func TestCommands(t *testing.T) {
	setup(t)
	for _, tc := range []struct {
		args       string
		code       int
		stdout     string // substring expected in stdout
		stderr     string // substring expected in stderr
		wantStdout string // exact stdout, if not empty
	}{
		{args: "", code: 2, stderr: "Usage:"},
		{args: "help", code: 0, stdout: "asm      assemble"},
		{args: "help run", code: 0, stdout: "KEY VALUE"},
		{args: "help nope", code: 2, stderr: `unknown command "nope"`},
		{args: "nope", code: 2, stderr: `unknown command "nope"`},
		{args: "asm -h", code: 0, stdout: "usage: vep asm"},
		{args: "disasm -h", code: 0, stdout: "usage: vep disasm"},
		{args: "run -h", code: 0, stdout: "usage: vep run"},
		{args: "asm", code: 2, stderr: "asm wants one input file"},
		{args: "asm bad.s", code: 2, stderr: "vep: bad.s:4:2: unknown label X"},
		{args: "asm missing.s", code: 2, stderr: "missing.s"},
		{args: "asm pass.s -o pass.o", code: 0},
		{args: "asm -o fault.o fault.s", code: 0},
		{args: "asm map.s", code: 0},
		{args: "asm two.s", code: 0},
		{args: "asm pkt", code: 2, stderr: `vep: pkt:1:1: unexpected character "\x00"`},
		{args: "disasm pass.o", code: 0, wantStdout: `	.license "GPL"

	.section xdp
	.globl prog
	/*@ Require ctx(R1) */
prog:
	w2 = *(u32 *)(r1 + 0)
	w3 = *(u32 *)(r1 + 4)
	r4 = r2
	r4 += 14
	/*@ R4 == R2 + 14 */
	if r4 > r3 goto LBB0_6
	w0 = *(u8 *)(r2 + 12)
LBB0_6:
	r0 = 2
	exit
`},
		{args: "disasm notelf.o", code: 2, stderr: "notelf.o: elfobj:"},
		{args: "disasm", code: 2, stderr: "disasm wants one object file"},
		{args: "run pass.o --packet pkt", code: 0, wantStdout: "R0 = 2 (0x2)\n"},
		{args: "asm kprobe.s", code: 0},
		{args: "run kprobe.o --ctx regs", code: 0, wantStdout: "R0 = 263 (0x107)\n"},
		{args: "run kprobe.o", code: 0, wantStdout: "R0 = 0 (0x0)\n"},
		{args: "run pass.o --section xdp --packet pkt --seed 7", code: 0, wantStdout: "R0 = 2 (0x2)\n"},
		{args: "run fault.o --packet pkt", code: 1, stdout: "fault: xdp+1 (prog): "},
		{args: "run map.o --packet pkt", code: 0, wantStdout: "R0 = 0 (0x0)\n"},
		{args: "run map.o --packet pkt --map counts=counts", code: 0, wantStdout: "R0 = 42 (0x2a)\n"},
		{args: "run map.o --packet pkt --map counts=badcounts", code: 2, stderr: `badcounts:2: "zz" is not a hexadecimal byte string`},
		{args: "run map.o --packet pkt --map counts=shortkey", code: 2, stderr: "shortkey:1: "},
		{args: "run map.o --packet pkt --map nope=counts", code: 2, stderr: `no map "nope"`},
		{args: "run map.o --packet pkt --map counts", code: 2, stderr: "--map wants NAME=FILE"},
		{args: "run two.o --packet pkt", code: 2, stderr: "has 2 program sections (xdp, socket)"},
		{args: "run two.o --section socket --packet pkt", code: 0, wantStdout: "R0 = 0 (0x0)\n"},
		{args: "run two.o --section tc --packet pkt", code: 2, stderr: `no code section "tc"`},
		{args: "run pass.o --packet pkt --ctx pkt", code: 2, stderr: "not both"},
		{args: "run pass.o --bogus", code: 2, stderr: "flag provided but not defined: -bogus"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(strings.Fields(tc.args), strings.NewReader(""), &stdout, &stderr)
		if code != tc.code {
			t.Errorf("vep %s: exit %d, want %d\nstdout: %s\nstderr: %s", tc.args, code, tc.code, stdout.String(), stderr.String())
		}
		if !strings.Contains(stdout.String(), tc.stdout) {
			t.Errorf("vep %s: stdout %q, want it to contain %q", tc.args, stdout.String(), tc.stdout)
		}
		if tc.wantStdout != "" && stdout.String() != tc.wantStdout {
			t.Errorf("vep %s: stdout\n%s\nwant\n%s", tc.args, stdout.String(), tc.wantStdout)
		}
		if !strings.Contains(stderr.String(), tc.stderr) {
			t.Errorf("vep %s: stderr %q, want it to contain %q", tc.args, stderr.String(), tc.stderr)
		}
	}
}

// TestAsmDisasmFixedPoint checks that assembling what disasm prints gives
// the same object file, byte for byte.
func TestAsmDisasmFixedPoint(t *testing.T) {
	setup(t)
	for _, name := range []string{"pass", "map", "two"} {
		var out, errb bytes.Buffer
		if code := run([]string{"asm", name + ".s"}, nil, &out, &errb); code != 0 {
			t.Fatalf("asm %s: %d %s", name, code, errb.String())
		}
		if code := run([]string{"disasm", name + ".o"}, nil, &out, &errb); code != 0 {
			t.Fatalf("disasm %s: %d %s", name, code, errb.String())
		}
		if err := os.WriteFile(name+"2.s", out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if code := run([]string{"asm", name + "2.s"}, nil, &out, &errb); code != 0 {
			t.Fatalf("asm %s2: %d %s", name, code, errb.String())
		}
		a, _ := os.ReadFile(name + ".o")
		b, _ := os.ReadFile(name + "2.o")
		if !bytes.Equal(a, b) {
			t.Errorf("%s: object of the disassembly differs from the original object", name)
		}
	}
}

// TestCorruptSpec checks that a damaged .vep.spec section is reported.
func TestCorruptSpec(t *testing.T) {
	setup(t)
	var out, errb bytes.Buffer
	if code := run([]string{"asm", "pass.s"}, nil, &out, &errb); code != 0 {
		t.Fatalf("asm: %s", errb.String())
	}
	b, _ := os.ReadFile("pass.o")
	obj, err := elfobj.Read(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range obj.Extra {
		if x.Name == ".vep.spec" {
			x.Data = append(x.Data, 0)
		}
	}
	b, err = elfwrite.Write(obj)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("corrupt.o", b, 0o644); err != nil {
		t.Fatal(err)
	}
	code := run([]string{"disasm", "corrupt.o"}, nil, &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "section .vep.spec: spec: offset") {
		t.Errorf("disasm corrupt.o: exit %d, stderr %q", code, errb.String())
	}
}
