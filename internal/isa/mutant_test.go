package isa

import (
	"bytes"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// mutants returns small textual variations of the String form of allForms
// (a register width flipped, a number replaced by a boundary value, a token
// dropped, a type or sign changed) that ParseInstruction accepts and that
// llvm-mc can assemble in principle.
func mutants(seed int64, perForm int) []string {
	r := rand.New(rand.NewSource(seed))
	nums := []string{"0", "1", "-1", "32767", "32768", "-32768", "-32769", "2147483647", "2147483648",
		"-2147483648", "-2147483649", "4294967295", "4294967296", "0x10", "+5", "8", "16", "32", "64",
		"r1", "w1", "r0", "w0", "r10", "w10"}
	flip := strings.NewReplacer("r", "w", "w", "r")
	retype := strings.NewReplacer("u32", "u64", "u64", "u32", "u8", "u16", "s8", "s32", "+", "-", "-", "+",
		"<", ">", ">", "<", "s", "", "=", "==")
	seen := map[string]bool{}
	var out []string
	for _, ins := range allForms() {
		if !llvmCanAssemble(ins) {
			continue
		}
		toks := strings.Fields(ins.String())
		for k := 0; k < perForm; k++ {
			m := append([]string(nil), toks...)
			for n := 1 + r.Intn(2); n > 0 && len(m) > 0; n-- {
				i := r.Intn(len(m))
				switch r.Intn(4) {
				case 0:
					m[i] = flip.Replace(m[i])
				case 1:
					m[i] = nums[r.Intn(len(nums))]
				case 2:
					m = append(m[:i], m[i+1:]...)
				default:
					m[i] = retype.Replace(m[i])
				}
			}
			s := strings.Join(m, " ")
			if seen[s] {
				continue
			}
			seen[s] = true
			if p, sym, err := ParseInstruction(s); err == nil && sym == "" && llvmCanAssemble(p) {
				out = append(out, s)
			}
		}
	}
	return out
}

// TestLLVMMutants checks that every mutant ParseInstruction accepts is also
// accepted by llvm-mc, with the same encoding: the parser accepts no
// spelling that LLVM rejects or reads differently.
func TestLLVMMutants(t *testing.T) {
	needLLVM(t)
	cands := mutants(7, 8)
	f := filepath.Join(t.TempDir(), "m.s")
	if err := os.WriteFile(f, []byte(strings.Join(cands, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(llvmMC, "-arch=bpf", "-mcpu=v4", "-show-encoding", f)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	_ = cmd.Run() // errors are examined line by line below
	rejected := map[int]bool{}
	for _, m := range regexp.MustCompile(`(?m)^[^\n]*m\.s:(\d+):\d+: error`).FindAllStringSubmatch(stderr.String(), -1) {
		n, _ := strconv.Atoi(m[1])
		rejected[n-1] = true
		t.Errorf("ParseInstruction accepts %q, llvm-mc rejects it", cands[n-1])
	}
	var encs [][]byte
	for _, l := range strings.Split(stdout.String(), "\n") {
		if _, enc, ok := strings.Cut(l, "# encoding:"); ok {
			b, err := parseEncoding(enc)
			if err != nil {
				t.Fatal(err)
			}
			encs = append(encs, b)
		}
	}
	k := 0
	for i, s := range cands {
		if rejected[i] {
			continue
		}
		if k >= len(encs) {
			t.Fatalf("llvm-mc printed %d encodings for %d accepted lines", len(encs), len(cands)-len(rejected))
		}
		ins, _, _ := ParseInstruction(s)
		ours, _ := Encode([]Instruction{ins})
		if !bytes.Equal(ours, encs[k]) {
			t.Errorf("%q: we encode % x, llvm-mc % x", s, ours, encs[k])
		}
		k++
	}
	t.Logf("%d mutants accepted by ParseInstruction, %d rejected by llvm-mc", len(cands), len(rejected))
}
