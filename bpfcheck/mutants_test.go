package bpfcheck

import (
	"strings"
	"testing"

	"vep/proofs"
)

// mutate returns src with old replaced by new, which must occur once.
func mutate(t *testing.T, src, old, new string) string {
	t.Helper()
	if strings.Count(src, old) != 1 {
		t.Fatalf("mutation %q: %d occurrences", old, strings.Count(src, old))
	}
	return strings.Replace(src, old, new, 1)
}

// unsafe lists programs Check must reject: small mutations of the safe
// programs and classic bugs. want is a fragment of a reason, "" if any.
func unsafePrograms(t *testing.T) []struct{ name, src, want string } {
	return []struct{ name, src, want string }{
		{"packet check off by one", mutate(t, xdpPacket, "r4 += 14", "r4 += 13"), "load"},
		{"packet check removed", mutate(t, xdpPacket, "if r4 > r3 goto LBB0_2", "r4 = r4"), "load"},
		{"packet check on wrong side", mutate(t, xdpPacket, "if r4 > r3 goto LBB0_2", "if r4 <= r3 goto LBB0_2"), "load"},
		{"packet read past check", mutate(t, xdpPacket, "r0 = *(u16 *)(r2 + 12)", "r0 = *(u16 *)(r2 + 13)"), "load"},
		{"packet end dereferenced", mutate(t, xdpPacket, "r0 = *(u16 *)(r2 + 12)", "r0 = *(u16 *)(r3 + 0)"), "packet end"},
		{"xdp return out of range", mutate(t, xdpPacket, "r0 = 2", "r0 = 7"), "exit"},
		{"null check removed", mutate(t, mapLookup, "if r0 == 0 goto LBB0_2", "r3 = 0"), "load"},
		{"null check inverted", mutate(t, mapLookup, "if r0 == 0 goto LBB0_2", "if r0 != 0 goto LBB0_2"), "load"},
		{"map value overflow", mutate(t, mapLookup, "r1 = *(u64 *)(r0 + 0)", "r1 = *(u64 *)(r0 + 4)"), "load"},
		{"map value store overflow", mutate(t, mapLookup, "*(u64 *)(r0 + 0) = r1", "*(u64 *)(r0 + 1) = r1"), "store"},
		{"map key uninitialised", mutate(t, mapLookup, "*(u32 *)(r10 - 4) = r1", "*(u32 *)(r10 - 8) = r1"), "helper"},
		{"map handle arithmetic", mutate(t, mapLookup, "call 1", "r1 += 8\n\tcall 1"), "pointer arithmetic"},
		{"helper not allowed", mutate(t, mapLookup, "call 1", "call 6"), ""},
		{"loop bound off by one", mutate(t, stackLoop, "if r2 >= 8 goto LBB0_3", "if r2 > 8 goto LBB0_3"), "store"},
		{"invariant weakened", mutate(t, stackLoop, "R2 <= 8 && chars(R10 - 8, 8, l)", "R2 <= 8 && chars(R10 - 8, 4, l)"), ""},
		{"invariant chunk dropped", mutate(t, stackLoop, "exists l, R2 <= 8 && chars(R10 - 8, 8, l)", "R2 <= 8"), "no initialised stack region"},
		{"variant increasing", mutate(t, stackLoop, "Variant 8 - R2", "Variant R2"), "cut"},
		{"variant not decreasing", mutate(t, stackLoop, "r2 += 1", "r2 += 0"), "cut"},
		{"invariant missing", mutate(t, stackLoop, "/*@ Inv exists l, R2 <= 8 && chars(R10 - 8, 8, l) Variant 8 - R2 */", ""), "no invariant"},
		{"variant missing", mutate(t, stackLoop, " Variant 8 - R2", ""), "no variant"},
		{"stack out of frame", mutate(t, stackLoop, "r3 += -8", "r3 += -4"), "store"},
		{"callee ensure too weak", mutate(t, bpfCall, "Ensure R0 <= 4", "Ensure R0 <= 5"), "exit"},
		{"callee breaks ensure", mutate(t, bpfCall, "r0 = 4\n", "r0 = 5\n"), "exit"},
		{"caller breaks require", mutate(t, bpfCall, "r1 = 7", "r1 = 700"), "call"},
		{"callee without contract", mutate(t, bpfCall, "/*@ Require R1 <= 100 Ensure R0 <= 4 */", ""), "no contract"},
		{"assertion too weak", mutate(t, packetAssert, "R2 + 14 <= R3", "R2 + 13 <= R3"), "load"},
		{"assertion unproved", mutate(t, packetAssert, "R2 + 14 <= R3", "R2 + 15 <= R3"), "cut"},
		{"assertion forgets the packet check", mutate(t, packetAssert, "R2 + 14 <= R3", "R2 <= R3"), "load"},
		{"inner loop undoes the outer step", mutate(t, nestedLoops, "r7 += 1\n", "r7 += 1\n\tif r6 == 0 goto LBB0_2\n\tr6 += -1\n"), "cut"},
		{"outer variant increasing", mutate(t, nestedLoops, "Variant 4 - R6", "Variant R6"), "cut"},
		{"inner variant constant", mutate(t, nestedLoops, "Variant 3 - R7", "Variant 3"), "cut"},
		{"uninitialised register", `
	.section xdp
	.globl prog
prog:
	r0 = r5
	exit
`, "read before it is written"},
		{"uninitialised stack", `
	.section xdp
	.globl prog
prog:
	r0 = *(u64 *)(r10 - 8)
	r0 = 0
	exit
`, "uninitialised stack"},
		{"ctx arithmetic", `
	.section xdp
	.globl prog
prog:
	r1 += 4
	r0 = *(u32 *)(r1 + 0)
	r0 = 0
	exit
`, "pointer arithmetic on a context"},
		{"ctx bad field", `
	.section xdp
	.globl prog
prog:
	r0 = *(u32 *)(r1 + 20)
	r0 = 0
	exit
`, ""},
		{"scalar dereference", `
	.section xdp
	.globl prog
prog:
	r2 = 4096
	r0 = *(u32 *)(r2 + 0)
	exit
`, "scalar"},
		{"back edge without invariant", `
	.section xdp
	.globl prog
prog:
	r0 = 0
LBB0_1:
	r0 += 1
	if r0 < 10 goto LBB0_1
	r0 = 0
	exit
`, "no invariant"},
		{"packet pointer after adjust_head", `
	.section xdp
	.globl prog
prog:
	r6 = r1
	r2 = *(u32 *)(r6 + 0)
	r3 = *(u32 *)(r6 + 4)
	r4 = r2
	r4 += 14
	if r4 > r3 goto LBB0_2
	r7 = r2
	r1 = r6
	r2 = 0
	call 44
	r0 = *(u8 *)(r7 + 0)
LBB0_2:
	r0 = 1
	exit
`, "invalid pointer"},
		{"frame too large", `
	.section xdp
	.globl prog
prog:
	r1 = 0
	*(u64 *)(r10 - 520) = r1
	r0 = 0
	exit
`, "outside"},
		{"write to r10", `
	.section xdp
	.globl prog
prog:
	r10 = 0
	r0 = 0
	exit
`, "R10"},
		{"stack offset overflow", `
	.section xdp
	.globl prog
prog:
	r2 = 0x7ffffffffffffff0 ll
	r1 = r10
	r1 += r2
	r3 = 0
	*(u64 *)(r1 + 8) = r3
	r0 = 0
	exit
`, "outside"},
		{"stack pointer walks below the frame", `
	.section xdp
	.globl prog
prog:
	r1 = r10
	r1 += -2147483648
	r1 += -2147483648
	r3 = 0
	*(u64 *)(r1 + 0) = r3
	r0 = 0
	exit
`, "outside"},
		{"32-bit pointer arithmetic", `
	.section xdp
	.globl prog
prog:
	r2 = r10
	w2 += -8
	r0 = 0
	exit
`, "32-bit"},
	}
}

// TestRejectUnsafe compiles each unsafe program with the solver's proofs
// (where it finds any) and checks that Check rejects it.
func TestRejectUnsafe(t *testing.T) {
	n := 0
	for _, c := range unsafePrograms(t) {
		t.Run(c.name, func(t *testing.T) {
			n++
			b, _, gerr := compile(t, c.src)
			rep := check(t, b)
			if rep.Accepted() {
				t.Fatalf("unsafe program accepted")
			}
			all := reasons(rep)
			if gerr != nil {
				all += gerr.Error()
			}
			if c.want != "" && !strings.Contains(all, c.want) {
				t.Errorf("reasons do not mention %q:%s", c.want, all)
			}
			t.Logf("rejected:%s", all)
		})
	}
	t.Logf("%d unsafe programs rejected", n)
}

// TestForgedProofs checks that every safe program is rejected with empty
// proofs, with one proof dropped, with two proofs swapped, with the proof
// of another VC in place of each proof, and without a proof section.
func TestForgedProofs(t *testing.T) {
	tried := 0
	for _, c := range safe {
		obj, ann := assemble(t, c.src)
		obs, err := GenerateVCs(obj, ann)
		if err != nil {
			t.Fatal(err)
		}
		ps, n := proveAll(t, obs)
		if n != len(obs) {
			t.Fatalf("%s: solver proved %d of %d", c.name, n, len(obs))
		}
		reject := func(what string, qs []*proofs.Entailment) {
			t.Helper()
			tried++
			if rep := check(t, object(t, obj, ann, qs)); rep.Accepted() {
				t.Errorf("%s: accepted with %s", c.name, what)
			}
		}
		reject("no proof section", nil)
		empty := make([]*proofs.Entailment, len(ps))
		for i := range empty {
			empty[i] = &proofs.Entailment{}
		}
		reject("empty proofs", empty)
		reject("a proof dropped", ps[:len(ps)-1])
		for i := range ps {
			for j := range ps {
				if i == j || ps[i].String() == ps[j].String() {
					continue
				}
				qs := append([]*proofs.Entailment(nil), ps...)
				qs[i] = ps[j]
				// A proof may happen to prove another VC too; only count
				// the swap as forged if the kernel rejects it directly.
				if proofs.CheckEntailment(obs[i].VC, nil, ps[j]) == nil {
					continue
				}
				reject("another VC's proof", qs)
			}
		}
	}
	t.Logf("%d forged proof sets rejected", tried)
}
