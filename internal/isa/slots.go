package isa

import "sort"

// Jump and call offsets count 8-byte slots, and a 64-bit immediate load
// takes two slots, so the index of an instruction in a []Instruction (its
// element index) differs from its slot index after the first such load.
// SlotIndex and ElementIndex convert between the two, and JumpTarget
// combines them to find branch targets.

// SlotIndex returns, for each element of insns, the index of its first slot.
// The result has len(insns) entries and is strictly increasing.
func SlotIndex(insns []Instruction) []int {
	slots := make([]int, len(insns))
	n := 0
	for i, ins := range insns {
		slots[i] = n
		n += ins.Slots()
	}
	return slots
}

// SlotCount returns the number of slots insns occupy.
func SlotCount(insns []Instruction) int {
	n := 0
	for _, ins := range insns {
		n += ins.Slots()
	}
	return n
}

// ElementIndex returns the element index of the instruction that starts at
// slot, given slots as returned by SlotIndex. ok is false if slot is out of
// range or falls on the second slot of a 64-bit immediate load.
func ElementIndex(slots []int, slot int) (i int, ok bool) {
	i = sort.SearchInts(slots, slot)
	if i < len(slots) && slots[i] == slot {
		return i, true
	}
	return 0, false
}

// JumpTarget returns the element index that the jump or local call at
// element i of insns transfers control to, given slots = SlotIndex(insns).
// ok is false if insns[i] is not a jump or local call (see BranchOffset),
// or if its target is outside insns or in the middle of a 64-bit immediate
// load.
func JumpTarget(insns []Instruction, slots []int, i int) (target int, ok bool) {
	if i < 0 || i >= len(insns) || len(slots) != len(insns) {
		return 0, false
	}
	off, ok := insns[i].BranchOffset()
	if !ok {
		return 0, false
	}
	t := int64(slots[i]) + 1 + off
	total := int64(slots[len(slots)-1] + insns[len(insns)-1].Slots())
	if t < 0 || t >= total {
		return 0, false
	}
	return ElementIndex(slots, int(t))
}
