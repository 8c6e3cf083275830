package bpfcheck

import (
	"strings"
	"testing"
)

// stackRunBytes reads one byte of a 32-byte array zeroed by four 8-byte stores
// (four adjacent chunks) at a random index masked to 0 … 31.
const stackRunBytes = `
	.section xdp
	.globl prog
prog:
	*(u64 *)(r10 - 32) = 0
	*(u64 *)(r10 - 24) = 0
	*(u64 *)(r10 - 16) = 0
	*(u64 *)(r10 - 8) = 0
	call 7
	w0 &= 31
	r1 = r10
	r1 += -32
	r1 += r0
	w1 = *(u8 *)(r1 + 0)
	r0 = 2
	if w1 != 0 goto LBB0_2
	r0 = 1
LBB0_2:
	exit
`

// stackRunWords reads an aligned 4-byte word of the run built by eight
// 4-byte stores, through a pointer chosen on a random bit between two
// halves of which only the chosen one is initialised (PREVAIL's
// twostackvars).
const stackRunWords = `
	.section xdp
	.globl prog
prog:
	call 7
	w0 &= 1
	if w0 == 0 goto LBB0_2
	*(u32 *)(r10 - 64) = 0
	*(u32 *)(r10 - 60) = 1
	*(u32 *)(r10 - 56) = 2
	*(u32 *)(r10 - 52) = 3
	*(u32 *)(r10 - 48) = 4
	*(u32 *)(r10 - 44) = 5
	*(u32 *)(r10 - 40) = 6
	*(u32 *)(r10 - 36) = 7
	r6 = r10
	r6 += -64
	goto LBB0_3
LBB0_2:
	*(u64 *)(r10 - 32) = 0
	*(u64 *)(r10 - 24) = 0
	*(u64 *)(r10 - 16) = 0
	*(u64 *)(r10 - 8) = 0
	r6 = r10
	r6 += -32
LBB0_3:
	call 7
	w0 &= 7
	r0 <<= 2
	r6 += r0
	w1 = *(u32 *)(r6 + 0)
	w1 &= 1
	r0 = 1
	if w1 == 0 goto LBB0_4
	r0 = 2
LBB0_4:
	exit
`

// stackRunStore stores at a random index of a zeroed 16-byte array, then
// reads the array's first byte: initialised still, but perhaps clobbered.
const stackRunStore = `
	.section xdp
	.globl prog
prog:
	*(u64 *)(r10 - 16) = 0
	*(u64 *)(r10 - 8) = 0
	call 7
	w0 &= 15
	r1 = r10
	r1 += -16
	r1 += r0
	r2 = 9
	*(u8 *)(r1 + 0) = r2
	r0 = *(u8 *)(r10 - 16)
	r0 &= 3
	exit
`

// stackRunIsolated stores at a variable offset into a run with an isolated
// chunk: the precise rule applies and the other chunk keeps its value.
const stackRunIsolated = `
	.section xdp
	.globl prog
prog:
	*(u64 *)(r10 - 32) = 0
	*(u64 *)(r10 - 8) = 0
	call 7
	w0 &= 7
	r1 = r10
	r1 += -32
	r1 += r0
	r2 = 9
	*(u8 *)(r1 + 0) = r2
	r0 = *(u64 *)(r10 - 8)
	if r0 == 0 goto LBB0_2
	r0 = *(u64 *)(r10 - 64)
LBB0_2:
	r0 = 2
	exit
`

// stackRunPrecise returns a byte of the first of two adjacent chunks: the
// load's conditional fact gives its value, 0, a valid XDP action.
const stackRunPrecise = `
	.section xdp
	.globl prog
prog:
	*(u64 *)(r10 - 16) = 0
	r1 = 9
	*(u64 *)(r10 - 8) = r1
	call 7
	w0 &= 7
	r1 = r10
	r1 += -16
	r1 += r0
	r0 = *(u8 *)(r1 + 0)
	exit
`

func TestStackRuns(t *testing.T) {
	cases := []struct {
		name, src string
		accept    bool
		want      string // a fragment of the rejection reasons
	}{
		{"byte in a run of four chunks", stackRunBytes, true, ""},
		{"one byte past the run", strings.Replace(stackRunBytes, "r1 += -32", "r1 += -31", 1), false, "load"},
		{"index not masked", strings.Replace(stackRunBytes, "w0 &= 31", "w0 &= 63", 1), false, "load"},
		{"index unbounded", strings.Replace(stackRunBytes, "w0 &= 31\n", "", 1), false, "load"},
		{"hole in the middle", strings.Replace(stackRunBytes, "*(u64 *)(r10 - 16) = 0\n", "", 1), false, "load"},
		{"hole of one byte", strings.Replace(stackRunBytes, "*(u64 *)(r10 - 16) = 0\n", "*(u32 *)(r10 - 16) = 0\n\t*(u16 *)(r10 - 12) = 0\n\t*(u8 *)(r10 - 10) = 0\n", 1), false, "load"},
		{"byte hole filled", strings.Replace(stackRunBytes, "*(u64 *)(r10 - 16) = 0\n", "*(u32 *)(r10 - 16) = 0\n\t*(u16 *)(r10 - 12) = 0\n\t*(u8 *)(r10 - 10) = 0\n\t*(u8 *)(r10 - 9) = 0\n", 1), true, ""},
		{"negative index", strings.Replace(stackRunBytes, "w0 &= 31\n", "w0 &= 31\n\tr0 += -1\n", 1), false, "load"},
		{"index below the frame", strings.Replace(stackRunBytes, "r1 += -32", "r1 += -2147483648\n\tr1 += -2147483648", 1), false, "load"},
		{"no initialised run", strings.Replace(strings.Replace(strings.Replace(strings.Replace(stackRunBytes,
			"*(u64 *)(r10 - 32) = 0\n", "", 1), "*(u64 *)(r10 - 24) = 0\n", "", 1), "*(u64 *)(r10 - 16) = 0\n", "", 1), "*(u64 *)(r10 - 8) = 0\n", "", 1), false, "no initialised stack region"},
		{"run cut by a spilled pointer", strings.Replace(stackRunBytes, "*(u64 *)(r10 - 16) = 0\n", "*(u64 *)(r10 - 16) = r1\n", 1), false, "load"},
		{"words, half chosen with the pointer", stackRunWords, true, ""},
		{"words, wrong half", strings.Replace(stackRunWords, "r6 += -64", "r6 += -32", 1), false, "load"},
		{"words, index one word too far", strings.Replace(stackRunWords, "w0 &= 7", "w0 &= 15", 1), false, "load"},
		{"words, misaligned", strings.Replace(stackRunWords, "r6 += -64", "r6 += -63", 1), false, "load"},
		{"words, shift lost", strings.Replace(stackRunWords, "r0 <<= 2", "r0 <<= 1", 1), false, "load"},
		{"variable store, then a byte it may clobber", stackRunStore, true, ""},
		{"variable store clobbers the value", strings.Replace(stackRunStore, "r0 &= 3\n", "if r0 == 0 goto LBB0_2\n\tr0 = *(u64 *)(r10 - 64)\nLBB0_2:\n\tr0 &= 3\n", 1), false, "uninitialised"},
		{"variable store past the run", strings.Replace(stackRunStore, "w0 &= 15", "w0 &= 31", 1), false, "store"},
		{"variable store into a hole", strings.Replace(stackRunStore, "*(u64 *)(r10 - 8) = 0\n", "*(u32 *)(r10 - 8) = 0\n", 1), false, "store"},
		{"load inside one chunk of a run keeps its value", stackRunPrecise, true, ""},
		{"load may reach the next chunk", strings.Replace(stackRunPrecise, "w0 &= 7", "w0 &= 15", 1), false, "exit"},
		{"load from the chunk that holds 9", strings.Replace(stackRunPrecise, "r1 += -16", "r1 += -8", 1), false, "exit"},
		{"precise store in an isolated chunk", stackRunIsolated, true, ""},
		{"precise store reaches the other chunk", strings.Replace(stackRunIsolated, "w0 &= 7", "w0 &= 31", 1), false, "store"},
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
			if !c.accept && c.want != "" {
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
