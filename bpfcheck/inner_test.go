package bpfcheck

import (
	"strings"
	"testing"
)

// mapInMap looks up an inner array in an array of maps and increments the
// counter it holds (PREVAIL's map_in_map).
const mapInMap = `
	.inner counter_array, array, key=4, value=8, max_entries=4
	.map counters, array, key=4, value=8, max_entries=4
	.map tables, array_of_maps, key=4, value=4, max_entries=1, inner=counter_array

	.section xdp
	.globl prog
prog:
	*(u32 *)(r10 - 8) = 0
	*(u32 *)(r10 - 16) = 3
	r1 = tables ll
	r2 = r10
	r2 += -8
	call 1
	r1 = r0
	if r1 != 0 goto LBB0_2
	r0 = 2
	exit
LBB0_2:
	r2 = r10
	r2 += -16
	call 1
	r1 = r0
	if r1 != 0 goto LBB0_3
	r0 = 2
	exit
LBB0_3:
	r2 = *(u64 *)(r1 + 0)
	r2 += 1
	*(u64 *)(r1 + 0) = r2
	r0 = 2
	exit
`

// mapInMapHash updates an inner hash map of a hash of maps whose key is 8
// bytes, after spilling the inner map pointer across a helper call.
const mapInMapHash = `
	.inner flow_table, hash, key=8, value=16, max_entries=64
	.map flows, hash, key=8, value=16, max_entries=64
	.map by_cpu, hash_of_maps, key=4, value=4, max_entries=8, inner=flow_table

	.section tc
	.globl prog
prog:
	*(u32 *)(r10 - 4) = 0
	r1 = by_cpu ll
	r2 = r10
	r2 += -4
	call 1
	if r0 == 0 goto LBB0_2
	*(u64 *)(r10 - 16) = r0
	call 7
	*(u64 *)(r10 - 24) = r0
	*(u64 *)(r10 - 40) = 0
	*(u64 *)(r10 - 32) = 0
	r1 = *(u64 *)(r10 - 16)
	r2 = r10
	r2 += -24
	r3 = r10
	r3 += -40
	r4 = 0
	call 2
LBB0_2:
	r0 = 0
	exit
`

func TestMapInMap(t *testing.T) {
	cases := []struct {
		name, src string
		accept    bool
		want      string
	}{
		{"array of arrays", mapInMap, true, ""},
		{"outer result not null-checked", strings.Replace(mapInMap, "if r1 != 0 goto LBB0_2", "goto LBB0_2", 1), false, "helper"},
		{"outer null check inverted", strings.Replace(mapInMap, "if r1 != 0 goto LBB0_2", "if r1 == 0 goto LBB0_2", 1), false, "helper"},
		{"inner value not null-checked", strings.Replace(mapInMap, "if r1 != 0 goto LBB0_3", "goto LBB0_3", 1), false, "load"},
		{"inner value past the template's value size", strings.Replace(mapInMap, "r2 = *(u64 *)(r1 + 0)", "r2 = *(u64 *)(r1 + 8)", 1), false, "load"},
		{"inner map dereferenced", strings.Replace(mapInMap, "LBB0_2:\n", "LBB0_2:\n\tr3 = *(u64 *)(r1 + 0)\n", 1), false, "inner map"},
		{"store through the inner map", strings.Replace(mapInMap, "LBB0_2:\n", "LBB0_2:\n\t*(u64 *)(r1 + 0) = 0\n", 1), false, "inner map"},
		{"inner map arithmetic", strings.Replace(mapInMap, "LBB0_2:\n", "LBB0_2:\n\tr1 += 8\n", 1), false, "inner map"},
		{"inner map arithmetic, 32-bit", strings.Replace(mapInMap, "LBB0_2:\n", "LBB0_2:\n\tw1 += 0\n", 1), false, "inner map"},
		{"inner map as the key", strings.Replace(mapInMap, "r2 += -16\n", "r2 += -16\n\tr2 = r1\n", 1), false, "inner map"},
		{"inner map returned", strings.Replace(mapInMap, "LBB0_2:\n", "LBB0_2:\n\tr0 = r1\n\texit\n", 1), false, "inner map"},
		{"inner map copied", strings.Replace(mapInMap, "LBB0_2:\n", "LBB0_2:\n\tr6 = r1\n", 1), true, ""},
		{"inner map stored into its value", strings.Replace(strings.Replace(mapInMap, "LBB0_2:\n", "LBB0_2:\n\tr6 = r1\n", 1),
			"*(u64 *)(r1 + 0) = r2", "*(u64 *)(r1 + 0) = r6", 1), false, "inner map"},
		{"inner map compared with a scalar", strings.Replace(mapInMap, "LBB0_2:\n", "LBB0_2:\n\tif r1 > 7 goto LBB0_3\n", 1), false, "inner map"},
		{"outer map in place of the inner map", strings.Replace(mapInMap, "LBB0_2:\n", "LBB0_2:\n\tr1 = tables ll\n", 1), false, "inner map"},
		{"inner map across an assertion", strings.Replace(mapInMap, "LBB0_2:\n", "LBB0_2:\n\tr6 = r1\n\t/*@ R6 != 0 && data_at(R10 - 16, u32, 3) */\n\tr1 = r6\n", 1), true, ""},
		{"assertion forgets the null check", strings.Replace(mapInMap, "LBB0_2:\n", "LBB0_2:\n\tr6 = r1\n\t/*@ data_at(R10 - 16, u32, 3) */\n\tr1 = r6\n", 1), false, "helper"},
		{"a scalar where the inner map was", strings.Replace(mapInMap, "if r1 != 0 goto LBB0_2\n\tr0 = 2\n\texit\n", "if r1 != 0 goto LBB0_2\n\tr1 = 1\n", 1), false, ""},
		{"hash of hashes, spilled inner map", mapInMapHash, true, ""},
		{"hash of hashes, key too short", strings.Replace(mapInMapHash, "*(u64 *)(r10 - 24) = r0", "*(u32 *)(r10 - 24) = r0", 1), false, "helper"},
		{"hash of hashes, value too short", strings.Replace(mapInMapHash, "*(u64 *)(r10 - 40) = 0\n", "", 1), false, "helper"},
		{"hash of hashes, spilled pointer reloaded as 4 bytes", strings.Replace(mapInMapHash, "r1 = *(u64 *)(r10 - 16)", "r1 = *(u32 *)(r10 - 16)", 1), false, ""},
		{"hash of hashes, outer map updated", strings.Replace(mapInMapHash, "r1 = *(u64 *)(r10 - 16)", "r1 = by_cpu ll", 1), false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, obs, gerr := compile(t, c.src)
			rep := check(t, b)
			if rep.Accepted() != c.accept {
				for _, ob := range obs {
					t.Logf("%v", ob)
				}
				t.Fatalf("accepted = %v, want %v:%s %v", rep.Accepted(), c.accept, reasons(rep), gerr)
			}
			if !c.accept {
				all := reasons(rep)
				if gerr != nil {
					all += gerr.Error()
				}
				if !strings.Contains(all, c.want) {
					t.Errorf("reasons do not mention %q:%s", c.want, all)
				}
				t.Logf("rejected:%s", all)
			}
		})
	}
}
