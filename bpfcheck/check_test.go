package bpfcheck

import (
	"strings"
	"testing"
)

const xdpPacket = `
	.section xdp
	.globl prog
prog:
	r2 = *(u32 *)(r1 + 0)
	r3 = *(u32 *)(r1 + 4)
	r4 = r2
	r4 += 14
	if r4 > r3 goto LBB0_2
	r0 = *(u16 *)(r2 + 12)
	r0 = 2
	exit
LBB0_2:
	r0 = 1
	exit
`

const mapLookup = `
	.map counts, array, key=4, value=8, max_entries=256
	.section xdp
	.globl prog
prog:
	r1 = 0
	*(u32 *)(r10 - 4) = r1
	r2 = r10
	r2 += -4
	r1 = counts ll
	call 1
	if r0 == 0 goto LBB0_2
	r1 = *(u64 *)(r0 + 0)
	r1 += 1
	*(u64 *)(r0 + 0) = r1
LBB0_2:
	r0 = 2
	exit
`

const stackLoop = `
	.section xdp
	.globl prog
prog:
	r1 = 0
	*(u64 *)(r10 - 8) = r1
	r2 = 0
	/*@ Inv exists l, R2 <= 8 && chars(R10 - 8, 8, l) Variant 8 - R2 */
LBB0_1:
	if r2 >= 8 goto LBB0_3
	r3 = r10
	r3 += -8
	r3 += r2
	*(u8 *)(r3 + 0) = r2
	r2 += 1
	goto LBB0_1
LBB0_3:
	r0 = *(u64 *)(r10 - 8)
	r0 &= 3
	exit
`

const bpfCall = `
	.section xdp
	.globl prog
prog:
	r1 = 7
	call clamp
	exit

	.text
	/*@ Require R1 <= 100 Ensure R0 <= 4 */
clamp:
	r0 = r1
	if r0 <= 4 goto LBB1_2
	r0 = 4
LBB1_2:
	exit
`

const packetAssert = `
	.section xdp
	.globl prog
prog:
	r2 = *(u32 *)(r1 + 0)
	r3 = *(u32 *)(r1 + 4)
	r4 = r2
	r4 += 14
	if r4 > r3 goto LBB0_2
	/*@ R2 + 14 <= R3 */
	r0 = *(u16 *)(r2 + 12)
	r0 = 2
	exit
LBB0_2:
	r0 = 1
	exit
`

const nestedLoops = `
	.section xdp
	.globl prog
prog:
	r6 = 0
	/*@ Inv R6 <= 4 Variant 4 - R6 */
LBB0_1:
	if r6 >= 4 goto LBB0_5
	r7 = 0
	/*@ Inv R6 < 4 && R7 <= 3 Variant 3 - R7 */
LBB0_2:
	if r7 >= 3 goto LBB0_4
	r7 += 1
	goto LBB0_2
LBB0_4:
	r6 += 1
	goto LBB0_1
LBB0_5:
	r0 = 0
	exit
`

// safe are the programs Check must accept.
var safe = []struct{ name, src string }{
	{"xdp packet", xdpPacket},
	{"map lookup", mapLookup},
	{"stack loop", stackLoop},
	{"bpf call", bpfCall},
	{"packet assertion", packetAssert},
	{"nested loops", nestedLoops},
	{"stack run", stackRunBytes},
	{"stack run of words", stackRunWords},
	{"map in map", mapInMap},
}

func TestAcceptSafe(t *testing.T) {
	for _, c := range safe {
		t.Run(c.name, func(t *testing.T) {
			b, obs, err := compile(t, c.src)
			if err != nil {
				t.Fatalf("GenerateVCs: %v", err)
			}
			rep := check(t, b)
			if !rep.Accepted() {
				t.Fatalf("rejected:%s", reasons(rep))
			}
			if rep.VCs != len(obs) || rep.VCs == 0 {
				t.Errorf("report has %d VCs, GenerateVCs %d", rep.VCs, len(obs))
			}
			for _, ob := range obs {
				t.Logf("%v", ob)
			}
		})
	}
}

var _ = strings.Contains

const probeRead = `
	.section kprobe/sys_open
	.globl prog
prog:
	r6 = r1
	r1 = r10
	r1 += -16
	r2 = 16
	r3 = 4096
	call 113
	r0 = *(u64 *)(r10 - 8)
	r1 = 1
	lock *(u64 *)(r10 - 16) += r1
	r0 = 0
	exit
`

func TestHelperWritesStack(t *testing.T) {
	b, _, err := compile(t, probeRead)
	if err != nil {
		t.Fatal(err)
	}
	if rep := check(t, b); !rep.Accepted() {
		t.Fatalf("rejected:%s", reasons(rep))
	}
	for _, m := range [][2]string{
		{"r2 = 16", "r2 = 17"},
		{"r0 = *(u64 *)(r10 - 8)", "r0 = *(u64 *)(r10 - 24)"},
		{"lock *(u64 *)(r10 - 16) += r1", "lock *(u64 *)(r10 - 20) += r1"},
	} {
		b, _, _ := compile(t, strings.Replace(probeRead, m[0], m[1], 1))
		if rep := check(t, b); rep.Accepted() {
			t.Errorf("mutant %q accepted", m[1])
		}
	}
}

const mapUpdate = `
	.map flows, hash, key=4, value=8, max_entries=1024
	.section tc
	.globl prog
prog:
	r1 = 7
	*(u32 *)(r10 - 4) = r1
	r1 = 1
	*(u64 *)(r10 - 16) = r1
	r1 = flows ll
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	r4 = 0
	call 2
	r0 = 0
	exit
`

func TestMapUpdate(t *testing.T) {
	b, _, err := compile(t, mapUpdate)
	if err != nil {
		t.Fatal(err)
	}
	if rep := check(t, b); !rep.Accepted() {
		t.Fatalf("rejected:%s", reasons(rep))
	}
	for _, m := range [][2]string{
		{"r4 = 0", "r4 = 3"}, // flags out of range
		{"*(u64 *)(r10 - 16) = r1", "*(u32 *)(r10 - 16) = r1"}, // value half uninitialised
		{"r3 += -16", "r3 += -12"},                             // value overlaps the key
		{"r1 = flows ll", "r1 = 0"},                            // not a map
	} {
		b, _, _ := compile(t, strings.Replace(mapUpdate, m[0], m[1], 1))
		if rep := check(t, b); rep.Accepted() {
			t.Errorf("mutant %q accepted", m[1])
		}
	}
}
