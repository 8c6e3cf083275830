package asm

import (
	"bytes"
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"vep/internal/elfobj"
	"vep/internal/isa"
)

// llvmDir holds the LLVM 19 tools the oracle tests use; LLVM 19 is the
// first release whose llvm-mc knows every version 4 instruction.
const llvmDir = "/usr/lib/llvm-19/bin"

// llvmTool returns the path of an LLVM 19 tool or skips the test.
func llvmTool(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(llvmDir, name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("oracle %s not installed (%v); install llvm-19 to run this test", p, err)
	}
	return p
}

// oracleSource is a program with many instruction forms that llvm-mc reads.
const oracleSource = `	.license "GPL"
	.map counts, hash, key=8, value=16, max_entries=1024
	.section socket
	.globl all
all:
	r0 = 0
	r1 = -1
	w2 = 0x7fffffff
	r3 = r1
	w3 = w2
	r3 = (s8)r1
	r3 = (s16)r1
	r3 = (s32)r1
	w4 = (s8)w1
	w4 = (s16)w1
	r1 += 1
	r1 -= r2
	r1 *= -3
	r1 /= r2
	r1 s/= 7
	r1 %= r2
	r1 s%= r2
	r1 |= 255
	r1 &= r2
	r1 <<= 63
	r1 >>= r2
	r1 s>>= 2
	r1 ^= r2
	r1 = -r1
	w1 += w2
	w1 -= 1
	w1 s/= w2
	w1 s>>= 31
	w1 = -w1
	r1 = be16 r1
	r1 = be32 r1
	r1 = be64 r1
	r1 = le16 r1
	r1 = le32 r1
	r1 = le64 r1
	r1 = bswap16 r1
	r1 = bswap32 r1
	r1 = bswap64 r1
	r1 = 0x1122334455667788 ll
	r2 = -9223372036854775808 ll
	r3 = counts ll
	r0 = *(u8 *)(r1 + 0)
	w0 = *(u16 *)(r1 - 2)
	w0 = *(u32 *)(r1 + 32767)
	r0 = *(u64 *)(r1 - 32768)
	r0 = *(s8 *)(r1 + 1)
	r0 = *(s16 *)(r1 + 2)
	r0 = *(s32 *)(r1 + 4)
	*(u8 *)(r10 - 1) = w1
	*(u16 *)(r10 - 2) = w1
	*(u32 *)(r10 - 4) = w1
	*(u64 *)(r10 - 8) = r1
	*(u8 *)(r10 - 1) = 1
	*(u16 *)(r10 - 2) = -2
	*(u32 *)(r10 - 4) = 3
	*(u64 *)(r10 - 8) = -4
	lock *(u32 *)(r10 - 8) += w1
	lock *(u64 *)(r10 - 8) += r1
	lock *(u64 *)(r10 - 8) |= r1
	lock *(u64 *)(r10 - 8) &= r1
	lock *(u64 *)(r10 - 8) ^= r1
	r1 = atomic_fetch_add((u64 *)(r10 - 8), r1)
	w1 = atomic_fetch_or((u32 *)(r10 - 8), w1)
	r1 = xchg_64(r10 - 8, r1)
	w1 = xchg32_32(r10 - 8, w1)
	r0 = cmpxchg_64(r10 - 8, r0, r1)
	w0 = cmpxchg32_32(r10 - 8, w0, w1)
	r0 = *(u8 *)skb[12]
	r0 = *(u16 *)skb[r1]
	r0 = *(u32 *)skb[r1]
	call 1
	call sub
LBB0_1:
	if r1 == r2 goto LBB0_1
	if r1 != 0 goto LBB0_2
	if r1 > 1 goto LBB0_2
	if r1 >= r2 goto LBB0_2
	if r1 < 1 goto LBB0_2
	if r1 <= r2 goto LBB0_2
	if r1 s> -1 goto LBB0_2
	if r1 s>= r2 goto LBB0_2
	if r1 s< 1 goto LBB0_2
	if r1 s<= r2 goto LBB0_2
	if r1 & 8 goto LBB0_2
	if w1 == w2 goto LBB0_2
	if w1 s< -5 goto LBB0_2
	if w1 & w2 goto LBB0_1
	goto LBB0_1
	gotol LBB0_2
LBB0_2:
	exit
	.text
sub:
	r0 = 0
	exit
`

// mapRef matches a map load in disassembled text.
var mapRef = regexp.MustCompile(`= ([A-Za-z_.$][A-Za-z0-9_.$]*) ll$`)

// forLLVM turns vep assembly into what llvm-mc reads: the .license, .map
// and .inner lines are dropped and map loads become loads of 0.
// Annotations are comments for llvm-mc and stay.
func forLLVM(text []byte, obj *elfobj.Object) []byte {
	maps := make(map[string]bool)
	for _, m := range obj.Maps {
		maps[m.Name] = true
	}
	var b bytes.Buffer
	for _, line := range strings.SplitAfter(string(text), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, ".license") || strings.HasPrefix(trimmed, ".map") || strings.HasPrefix(trimmed, ".inner") {
			continue
		}
		if m := mapRef.FindStringSubmatch(trimmed); m != nil && maps[m[1]] {
			line = strings.Replace(line, m[1]+" ll", "0 ll", 1)
		}
		b.WriteString(line)
	}
	return b.Bytes()
}

// relocSlots returns the byte offsets of the relocated instructions of cs.
func relocSlots(cs *elfobj.CodeSection) map[int]bool {
	at := make(map[int]bool)
	for _, r := range cs.Relocs {
		at[r.Index] = true
	}
	slots := make(map[int]bool)
	off := 0
	for i, in := range cs.Insns {
		if at[i] {
			slots[off] = true
		}
		off += 8 * in.Slots()
	}
	return slots
}

// compareCode compares our encoding of cs with LLVM's bytes. At relocated
// instructions the immediates and the source register differ by design
// (each tool spells relocations its own way) and are masked.
func compareCode(t *testing.T, what string, cs *elfobj.CodeSection, theirs []byte) {
	t.Helper()
	ours, err := isa.Encode(cs.Insns)
	if err != nil {
		t.Fatalf("%s: Encode: %v", what, err)
	}
	if len(ours) != len(theirs) {
		t.Errorf("%s: section %s: %d bytes, LLVM %d", what, cs.Name, len(ours), len(theirs))
		return
	}
	mask := func(b []byte) []byte {
		b = bytes.Clone(b)
		for off := range relocSlots(cs) {
			b[off+1] &= 0x0f
			clear(b[off+4 : off+8])
			if b[off] == byte(isa.OpCodeLoadImm64) {
				clear(b[off+12 : off+16])
			}
		}
		return b
	}
	o, l := mask(ours), mask(theirs)
	for off := 0; off < len(o); off += 8 {
		if !bytes.Equal(o[off:off+8], l[off:off+8]) {
			t.Errorf("%s: section %s slot %d: ours % x, LLVM % x", what, cs.Name, off/8, o[off:off+8], l[off:off+8])
		}
	}
}

// sectionBytes returns the contents of the named sections of an ELF file.
func sectionBytes(t *testing.T, path string) map[string][]byte {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := make(map[string][]byte)
	for _, s := range f.Sections {
		if s.Type != elf.SHT_PROGBITS {
			continue
		}
		b, err := s.Data()
		if err != nil {
			t.Fatal(err)
		}
		out[s.Name] = b
	}
	return out
}

// TestLLVMMCOracle checks that llvm-mc assembles our disassembly to the
// same instruction bytes as our own encoding.
func TestLLVMMCOracle(t *testing.T) {
	mc := llvmTool(t, "llvm-mc")
	dir := t.TempDir()
	for i, src := range append([]string{oracleSource}, roundTripSources...) {
		u, err := Assemble("o.s", []byte(src))
		if err != nil {
			t.Fatalf("source %d: %v", i, err)
		}
		text, err := Disassemble(u.Object, u.Annotations)
		if err != nil {
			t.Fatalf("source %d: %v", i, err)
		}
		in := filepath.Join(dir, fmt.Sprintf("s%d.s", i))
		out := filepath.Join(dir, fmt.Sprintf("s%d.o", i))
		if err := os.WriteFile(in, forLLVM(text, u.Object), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(mc, "-arch=bpf", "-mcpu=v4", "-filetype=obj", "-o", out, in)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("source %d: llvm-mc: %v\n%s\n%s", i, err, msg, forLLVM(text, u.Object))
		}
		secs := sectionBytes(t, out)
		for _, cs := range u.Object.Code {
			theirs, ok := secs[cs.Name]
			if !ok {
				t.Errorf("source %d: llvm-mc wrote no section %s", i, cs.Name)
				continue
			}
			compareCode(t, fmt.Sprintf("source %d", i), cs, theirs)
		}
	}
}
