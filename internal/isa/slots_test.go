package isa

import (
	"slices"
	"testing"
)

func TestSlotIndex(t *testing.T) {
	// Element: slot, text, target.
	//  0:  0 r1 = 5 ll (two slots)
	//  1:  2 if r1 == 0 goto +2 -> slot 5, element 3
	//  2:  3 r2 = 1 ll (two slots)
	insns := []Instruction{
		{OpCode: OpCodeLoadImm64, Dst: 1, Constant: 5},
		{OpCode: JumpOpCode(ClassJMP, JumpJEQ, SourceK), Dst: 1, Offset: 2},
		{OpCode: OpCodeLoadImm64, Dst: 2, Constant: 1},
		{OpCode: JumpOpCode(ClassJMP, JumpJA, SourceK), Offset: -3},      // slot 5 -> slot 3, element 2
		{OpCode: JumpOpCode(ClassJMP, JumpJA, SourceK), Offset: -3},      // slot 6 -> slot 4, middle of lddw
		{OpCode: OpCodeCall, Src: CallLocal, Constant: 1},                // slot 7 -> slot 9, element 7
		{OpCode: JumpOpCode(ClassJMP32, JumpJA, SourceK), Constant: -10}, // slot 8 -> slot -1, out of range
		{OpCode: OpCodeExit}, // slot 9
		{OpCode: JumpOpCode(ClassJMP32, JumpJA, SourceK), Constant: -11},            // slot 10 -> slot 0, element 0
		{OpCode: JumpOpCode(ClassJMP, JumpJGT, SourceX), Dst: 1, Src: 2, Offset: 0}, // slot 11 -> slot 12, past the end
	}
	slots := SlotIndex(insns)
	if want := []int{0, 2, 3, 5, 6, 7, 8, 9, 10, 11}; !slices.Equal(slots, want) {
		t.Fatalf("SlotIndex = %v, want %v", slots, want)
	}
	if n := SlotCount(insns); n != 12 {
		t.Errorf("SlotCount = %d, want 12", n)
	}
	for _, tc := range []struct {
		slot, elem int
		ok         bool
	}{{0, 0, true}, {1, 0, false}, {2, 1, true}, {4, 0, false}, {5, 3, true}, {11, 9, true}, {12, 0, false}, {-1, 0, false}} {
		e, ok := ElementIndex(slots, tc.slot)
		if e != tc.elem || ok != tc.ok {
			t.Errorf("ElementIndex(%d) = %d, %v; want %d, %v", tc.slot, e, ok, tc.elem, tc.ok)
		}
	}
	for _, tc := range []struct {
		i, target int
		ok        bool
	}{{0, 0, false}, {1, 3, true}, {3, 2, true}, {4, 0, false}, {5, 7, true}, {6, 0, false}, {7, 0, false}, {8, 0, true}, {9, 0, false}, {-1, 0, false}, {10, 0, false}} {
		got, ok := JumpTarget(insns, slots, tc.i)
		if got != tc.target || ok != tc.ok {
			t.Errorf("JumpTarget(%d) = %d, %v; want %d, %v", tc.i, got, ok, tc.target, tc.ok)
		}
	}
}

func TestPredicates(t *testing.T) {
	for _, tc := range []struct {
		text                                        string
		call, local, helper, kfunc, exit, jump, cnd bool
		load, store, atomic                         bool
	}{
		{text: "call 1", call: true, helper: true},
		{text: "call pc+2", call: true, local: true},
		{text: "call kfunc 3", call: true, kfunc: true},
		{text: "exit", exit: true},
		{text: "goto +1", jump: true},
		{text: "gotol -1", jump: true},
		{text: "if w1 < 2 goto +1", jump: true, cnd: true},
		{text: "r1 = *(u64 *)(r2 + 0)", load: true},
		{text: "r0 = *(u8 *)skb[r2]", load: true},
		{text: "r1 = 1 ll"},
		{text: "*(u8 *)(r2 + 0) = 1", store: true},
		{text: "*(u8 *)(r2 + 0) = w1", store: true},
		{text: "lock *(u64 *)(r1 + 0) += r2", atomic: true},
		{text: "r1 += 1"},
	} {
		ins, _, err := ParseInstruction(tc.text)
		if err != nil {
			t.Fatal(err)
		}
		got := []bool{ins.IsCall(), ins.IsLocalCall(), ins.IsHelperCall(), ins.IsKfuncCall(), ins.IsExit(), ins.IsJump(), ins.IsConditionalJump(), ins.IsLoad(), ins.IsStore(), ins.IsAtomic()}
		want := []bool{tc.call, tc.local, tc.helper, tc.kfunc, tc.exit, tc.jump, tc.cnd, tc.load, tc.store, tc.atomic}
		if !slices.Equal(got, want) {
			t.Errorf("%q: predicates %v, want %v", tc.text, got, want)
		}
		if ins.IsUnconditionalJump() != (tc.jump && !tc.cnd) {
			t.Errorf("%q: IsUnconditionalJump = %v", tc.text, ins.IsUnconditionalJump())
		}
		_, branch := ins.BranchOffset()
		if branch != (tc.jump || tc.local) {
			t.Errorf("%q: BranchOffset ok = %v", tc.text, branch)
		}
	}
}
