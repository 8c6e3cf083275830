package bpfcheck

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"vep/internal/interp"
)

// interpR0 runs a kprobe program in the interpreter and returns R0.
func interpR0(t *testing.T, src string) uint64 {
	t.Helper()
	obj, _ := assemble(t, src)
	m, err := interp.New(obj, interp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.Run(obj.Code[0].Name, interp.Input{})
	if err != nil || res.Fault != nil {
		t.Fatalf("interp: %v %v\n%s", err, res.Fault, src)
	}
	return res.R0
}

// TestALUSemantics checks the checker's arithmetic against the
// interpreter on constants: the checker folds the operation and decides
// the following branch itself, so GenerateVCs succeeds only if its value
// is the interpreter's (the other branch reads an uninitialised stack
// slot).
func TestALUSemantics(t *testing.T) {
	ops := []string{"+=", "-=", "*=", "/=", "%=", "|=", "&=", "^=", "<<=", ">>=", "s>>=", "s/=", "s%="}
	vals := []uint64{0, 1, 2, 7, 31, 32, 63, 64, 0x7fffffff, 0x80000000, 0xffffffff, 1 << 32, 1<<63 - 1, 1 << 63, 1<<64 - 1, 1<<64 - 7}
	rng := rand.New(rand.NewPCG(1, 2))
	for k := 0; k < 8; k++ {
		vals = append(vals, rng.Uint64(), uint64(rng.Uint32()))
	}
	var progs []string
	for _, op := range ops {
		for _, w := range []string{"r", "w"} {
			for k := 0; k < 12; k++ {
				a, b := vals[rng.IntN(len(vals))], vals[rng.IntN(len(vals))]
				progs = append(progs, fmt.Sprintf("\tr0 = %d ll\n\tr1 = %d ll\n\t%s0 %s %s1\n", a, b, w, op, w))
				progs = append(progs, fmt.Sprintf("\tr0 = %d ll\n\t%s0 %s %d\n", a, w, op, int32(b)))
			}
		}
	}
	for _, v := range vals {
		for _, u := range []string{"r0 = -r0", "w0 = -w0", "r0 = (s8)r1", "r0 = (s16)r1", "r0 = (s32)r1", "w0 = (s8)w1", "w0 = (s16)w1", "r0 = le16 r0", "r0 = le32 r0", "r0 = le64 r0", "w0 = w1", "r0 = r1"} {
			progs = append(progs, fmt.Sprintf("\tr0 = %d ll\n\tr1 = %d ll\n\t%s\n", v, v^0x5a5a, u))
		}
	}
	for _, body := range progs {
		want := interpR0(t, "\t.section kprobe/x\n\t.globl prog\nprog:\n"+body+"\texit\n")
		src := "\t.section kprobe/x\n\t.globl prog\nprog:\n" + body +
			fmt.Sprintf("\tr2 = %d ll\n\tif r0 == r2 goto LBB0_1\n\tr0 = *(u64 *)(r10 - 8)\nLBB0_1:\n\tr0 = 0\n\texit\n", want)
		if _, err := GenerateVCs(assemble(t, src)); err != nil {
			t.Errorf("%s: interpreter says %#x; checker: %v", strings.ReplaceAll(body, "\n", ";"), want, err)
		}
	}
	t.Logf("%d operations agree with the interpreter", len(progs))
}

// TestJumpSemantics checks constant comparisons the same way.
func TestJumpSemantics(t *testing.T) {
	ops := []string{"==", "!=", ">", ">=", "<", "<=", "s>", "s>=", "s<", "s<=", "&"}
	vals := []uint64{0, 1, 5, 0x7fffffff, 0x80000000, 0xffffffff, 1 << 32, 1<<63 - 1, 1 << 63, 1<<64 - 1}
	n := 0
	for _, op := range ops {
		for _, w := range []string{"r", "w"} {
			for _, a := range vals {
				for _, b := range vals {
					body := fmt.Sprintf("\tr0 = %d ll\n\tr1 = %d ll\n\tif %s0 %s %s1 goto LBB0_1\n", a, b, w, op, w)
					want := interpR0(t, "\t.section kprobe/x\n\t.globl prog\nprog:\n"+body+"\tr0 = 0\n\texit\nLBB0_1:\n\tr0 = 1\n\texit\n")
					taken, fall := "\tr0 = 0\n", "\tr0 = *(u64 *)(r10 - 8)\n"
					if want == 0 {
						taken, fall = fall, taken
					}
					src := "\t.section kprobe/x\n\t.globl prog\nprog:\n" + body + fall + "\texit\nLBB0_1:\n" + taken + "\texit\n"
					if _, err := GenerateVCs(assemble(t, src)); err != nil {
						t.Errorf("if %s0 %s %s1 with %#x, %#x: interpreter says %d; checker: %v", w, op, w, a, b, want, err)
					}
					n++
				}
			}
		}
	}
	t.Logf("%d comparisons agree with the interpreter", n)
}
