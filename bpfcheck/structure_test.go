package bpfcheck

import (
	"fmt"
	"strings"
	"testing"
)

// TestEntryCut: an invariant on the first instruction must be proved on
// entry, not only assumed.
func TestEntryCut(t *testing.T) {
	src := `
	.section xdp
	.globl prog
prog:
	/*@ Inv R3 == 2 Variant 0 */
	r0 = r3
	exit
`
	b, _, err := compile(t, src)
	if err == nil {
		if rep := check(t, b); rep.Accepted() {
			t.Fatal("assumed an unproved invariant at the entry")
		}
	}
}

// TestSecondProgram: every global function of a program section is a
// program and is checked.
func TestSecondProgram(t *testing.T) {
	src := `
	.section xdp
	.globl one
one:
	r0 = 2
	exit
	.globl two
two:
	r0 = 9
	exit
`
	b, _, _ := compile(t, src)
	rep := check(t, b)
	if rep.Accepted() || len(rep.Programs) != 2 {
		t.Fatalf("accepted or wrong programs: %+v", rep.Programs)
	}
	if !rep.Programs[0].Accepted || rep.Programs[1].Accepted {
		t.Errorf("verdicts %v %v:%s", rep.Programs[0].Accepted, rep.Programs[1].Accepted, reasons(rep))
	}
}

// TestDeterministic: GenerateVCs derives the same list twice.
func TestDeterministic(t *testing.T) {
	for _, c := range safe {
		obj, ann := assemble(t, c.src)
		a, err := GenerateVCs(obj, ann)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := GenerateVCs(obj, ann)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("%s: VCs differ between runs", c.name)
		}
	}
}

// TestRecursion and deep calls are rejected before proofs.
func TestCallGraph(t *testing.T) {
	rec := `
	.section xdp
	.globl prog
prog:
	r1 = 1
	call f
	r0 = 0
	exit
	.text
	/*@ Require R1 <= 5 Ensure R0 <= 5 */
f:
	call f
	exit
`
	if _, err := GenerateVCs(assemble(t, rec)); err == nil || !strings.Contains(err.Error(), "recursive") {
		t.Errorf("recursion: %v", err)
	}
	var b strings.Builder
	b.WriteString("\t.section xdp\n\t.globl prog\nprog:\n\tcall f0\n\tr0 = 0\n\texit\n\t.text\n")
	for i := 0; i < 9; i++ {
		fmt.Fprintf(&b, "\t.type f%d,@function\n\t/*@ Ensure R0 == 0 */\nf%d:\n", i, i)
		if i < 8 {
			fmt.Fprintf(&b, "\tcall f%d\n", i+1)
		}
		b.WriteString("\tr0 = 0\n\texit\n")
	}
	if _, err := GenerateVCs(assemble(t, b.String())); err == nil || !strings.Contains(err.Error(), "deeper") {
		t.Errorf("depth: %v", err)
	}
}

// TestPathExplosion: too many paths between cut points are rejected with a
// request for an assertion.
func TestPathExplosion(t *testing.T) {
	var b strings.Builder
	b.WriteString("\t.section xdp\n\t.globl prog\nprog:\n\tr0 = 0\n\tr2 = *(u32 *)(r1 + 12)\n")
	for i := 0; i < 12; i++ {
		fmt.Fprintf(&b, "\tif r2 > %d goto LBB0_%d\n\tr0 = 1\nLBB0_%d:\n", i, i, i)
	}
	b.WriteString("\tr0 = 0\n\texit\n")
	_, err := GenerateVCs(assemble(t, b.String()))
	if err == nil || !strings.Contains(err.Error(), "add an assertion") {
		t.Fatalf("path explosion: %v", err)
	}
}

// TestCombinedStack: a call chain whose frames exceed 512 bytes is
// rejected.
func TestCombinedStack(t *testing.T) {
	src := `
	.section xdp
	.globl prog
prog:
	r1 = 0
	*(u64 *)(r10 - 296) = r1
	call f
	r0 = 0
	exit
	.text
	/*@ Ensure R0 == 0 */
f:
	r1 = 0
	*(u64 *)(r10 - 264) = r1
	r0 = 0
	exit
`
	_, err := GenerateVCs(assemble(t, src))
	if err == nil || !strings.Contains(err.Error(), "combined stack") {
		t.Fatalf("combined stack: %v", err)
	}
	ok := strings.Replace(src, "r10 - 264", "r10 - 160", 1)
	if _, err := GenerateVCs(assemble(t, ok)); err != nil {
		t.Fatalf("smaller frames: %v", err)
	}
}
