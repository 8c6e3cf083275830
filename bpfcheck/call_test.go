package bpfcheck

import (
	"strings"
	"testing"

	"vep/internal/elfobj"
	"vep/internal/interp"
)

// Tests of bpf-to-bpf calls whose contracts give the callee memory: each
// program is accepted, and each of its small mutants is rejected.

// callStack passes 8 bytes of the caller's stack to fill, which
// initialises them; the caller then reads them, a byte of its frame that
// it did not pass, and R6, which the call preserves.
const callStack = `
	.section xdp
	.globl prog
prog:
	r6 = 3
	r1 = 0
	*(u64 *)(r10 - 8) = r1
	r1 = r10
	r1 += -16
	call fill
	r0 = *(u8 *)(r10 - 16)
	r0 = *(u8 *)(r10 - 9)
	r0 = *(u64 *)(r10 - 8)
	r0 = r6
	exit

	.text
	/*@ Require undef_chars(R1, 8) Ensure exists m, chars(R1, 8, m) */
fill:
	r6 = 100
	r2 = 7
	*(u32 *)(r1 + 0) = r2
	*(u32 *)(r1 + 4) = r2
	r0 = *(u8 *)(r1 + 7)
	r0 = 0
	exit
`

// callKeep passes initialised bytes that the callee only reads; the Ensure
// restates their contents, so the caller still knows them.
const callKeep = `
	.section xdp
	.globl prog
prog:
	r1 = 2
	*(u64 *)(r10 - 8) = r1
	r1 = r10
	r1 += -8
	call peek
	r0 = *(u64 *)(r10 - 8)
	exit

	.text
	/*@ With l Require chars(R1, 8, l) Ensure R0 <= 255 && chars(R1, 8, l) */
peek:
	r0 = *(u8 *)(r1 + 3)
	exit
`

// callMap passes a map value, after its null check, to a callee that
// writes it within the value's size.
const callMap = `
	.map vals, array, key=4, value=16, max_entries=4
	.section xdp
	.globl prog
prog:
	r1 = 0
	*(u32 *)(r10 - 4) = r1
	r2 = r10
	r2 += -4
	r1 = vals ll
	call 1
	if r0 == 0 goto LBB0_2
	r1 = r0
	call bump
LBB0_2:
	r0 = 2
	exit

	.text
	/*@ Require map_value(vals, R1) Ensure true */
bump:
	r2 = *(u64 *)(r1 + 8)
	r2 += 1
	*(u64 *)(r1 + 8) = r2
	r0 = 0
	exit
`

// callEither has a contract with a spatial disjunction: stack bytes or a
// map value. It is called with both.
const callEither = `
	.map vals, array, key=4, value=16, max_entries=4
	.section xdp
	.globl prog
prog:
	r1 = 0
	*(u64 *)(r10 - 16) = r1
	*(u64 *)(r10 - 8) = r1
	*(u32 *)(r10 - 20) = r1
	r2 = r10
	r2 += -20
	r1 = vals ll
	call 1
	r6 = r0
	r1 = r10
	r1 += -16
	r2 = 16
	call last
	if r6 == 0 goto LBB0_2
	r1 = r6
	r2 = 16
	call last
LBB0_2:
	r0 = *(u64 *)(r10 - 8)
	r0 = 2
	exit

	.text
	/*@ With l Require R2 == 16 && (chars(R1, R2, l) || map_value(vals, R1) && R2 <= value_size(vals)) Ensure chars(R1, R2, l) || map_value(vals, R1) && R2 <= value_size(vals) */
last:
	r3 = r1
	r3 += r2
	r0 = *(u8 *)(r3 - 1)
	exit
`

// callLoop fills a buffer of the caller in a loop whose invariant
// describes the part done.
const callLoop = `
	.section xdp
	.globl prog
prog:
	r1 = r10
	r1 += -32
	r2 = 32
	call zero
	r0 = *(u8 *)(r10 - 1)
	r0 = 2
	exit

	.text
	/*@ Require R2 == 32 && undef_chars(R1, R2) Ensure exists m, chars(R1, 32, m) */
zero:
	r3 = 0
	/*@ Inv R1 == R1@pre && R2 == 32 && R3 <= 32 && (exists m, chars(R1, R3, m) * undef_chars(R1 + R3, 32 - R3)) Variant 32 - R3 */
LBB1_1:
	if r3 >= 32 goto LBB1_3
	r4 = r1
	r4 += r3
	r5 = 0
	*(u8 *)(r4 + 0) = r5
	r3 += 1
	goto LBB1_1
LBB1_3:
	r0 = 0
	exit
`

// callRet gets from find a pointer into the bytes it passed and writes
// through it after a null check.
const callRet = `
	.section xdp
	.globl prog
prog:
	r1 = 0
	*(u64 *)(r10 - 8) = r1
	r1 = r10
	r1 += -8
	call find
	if r0 == 0 goto LBB0_2
	r1 = 1
	*(u8 *)(r0 + 0) = r1
LBB0_2:
	r0 = *(u64 *)(r10 - 8)
	r0 = 2
	exit

	.text
	/*@ With l Require chars(R1, 8, l) Ensure (R0 == 0 || R1 <= R0 && R0 < R1 + 8) && chars(R1, 8, l) */
find:
	r0 = r1
	r0 += 3
	exit
`

// callPrefix gets back from init a prefix of the bytes it passed whose
// length is the result: the caller may read inside it, not beyond.
const callPrefix = `
	.section xdp
	.globl prog
prog:
	r1 = r10
	r1 += -8
	call init
	r1 = r10
	r1 += -8
	r1 += r0
	r0 = *(u8 *)(r1 + 0)
	r0 = 2
	exit

	.text
	/*@ Require undef_chars(R1, 8) Ensure R0 < 8 && (exists m, chars(R1, R0 + 1, m) * undef_chars(R1 + (R0 + 1), 7 - R0)) */
init:
	r2 = 5
	*(u8 *)(r1 + 0) = r2
	r0 = 0
	exit
`

func TestCallMemory(t *testing.T) {
	for _, c := range []struct {
		name, src string
		mutants   [][2]string
	}{
		{"stack", callStack, [][2]string{
			// The callee writes a byte beyond its chunk.
			{"*(u32 *)(r1 + 4) = r2", "*(u32 *)(r1 + 5) = r2"},
			{"*(u32 *)(r1 + 0) = r2", "*(u8 *)(r1 + 8) = r2"},
			{"*(u32 *)(r1 + 0) = r2", "*(u8 *)(r1 - 1) = r2"},
			// The callee reads a byte it has not initialised.
			{"*(u32 *)(r1 + 4) = r2", "*(u16 *)(r1 + 4) = r2"},
			// The caller passes less than the Require names: the
			// buffer would run past the frame.
			{"r1 += -16", "r1 += -4"},
			// The Ensure gives back only part of the bytes: the caller
			// reads one it no longer owns.
			{"Ensure exists m, chars(R1, 8, m)", "Ensure exists m, chars(R1, 4, m)"},
			// The caller reads a stack byte it never initialised.
			{"r0 = *(u8 *)(r10 - 9)", "r0 = *(u8 *)(r10 - 17)"},
			// R6 is the caller's (3 after the call), not the callee's.
			{"r6 = 3", "r6 = 5"},
			// A callee may not read R6 …
			{"r6 = 100", "r0 = r6"},
			// … nor return a pointer into its own frame.
			{"r0 = 0\n\texit", "r0 = r10\n\tr0 += -8\n\texit"},
			// The Require needs initialised bytes; the caller's are not.
			{"Require undef_chars(R1, 8)", "Require exists l, chars(R1, 8, l)"},
		}},
		{"contents", callKeep, [][2]string{
			// Without the contents in the Ensure, the value is unknown.
			{"Ensure R0 <= 255 && chars(R1, 8, l)", "Ensure R0 <= 255 && (exists m, chars(R1, 8, m))"},
			// A callee that changes the bytes cannot prove the Ensure.
			{"r0 = *(u8 *)(r1 + 3)", "r0 = 1\n\t*(u8 *)(r1 + 3) = r0"},
			{"r0 = *(u8 *)(r1 + 3)", "r0 = *(u8 *)(r1 + 8)"},
			{"r0 = *(u8 *)(r1 + 3)", "r0 = *(u16 *)(r1 + 3)"},
			// Existential contents in both: the callee may change them.
			{"With l Require chars(R1, 8, l) Ensure R0 <= 255 && chars(R1, 8, l) */\npeek:\n\tr0 = *(u8 *)(r1 + 3)",
				"Require exists l, chars(R1, 8, l) Ensure R0 <= 255 && (exists l, chars(R1, 8, l)) */\npeek:\n\tr0 = 9\n\t*(u8 *)(r1 + 0) = r0"},
		}},
		{"map value", callMap, [][2]string{
			// Beyond the value.
			{"*(u64 *)(r1 + 8) = r2", "*(u64 *)(r1 + 9) = r2"},
			{"r2 = *(u64 *)(r1 + 8)", "r2 = *(u64 *)(r1 + 16)"},
			// Without the null check.
			{"if r0 == 0 goto LBB0_2", "if r0 == 1 goto LBB0_2"},
			// Not the start of the value.
			{"r1 = r0\n", "r1 = r0\n\tr1 += 8\n"},
			// A map value is no stack memory.
			{"Require map_value(vals, R1)", "Require undef_chars(R1, 16)"},
		}},
		{"either", callEither, [][2]string{
			{"r0 = *(u8 *)(r3 - 1)", "r0 = *(u8 *)(r3 + 0)"},
			// The Ensure gives back only half of the stack bytes.
			{"Ensure chars(R1, R2, l) ||", "Ensure (exists m, chars(R1, 8, m)) ||"},
			// Only the stack case is proved.
			{"r1 = r6\n", "r1 = r6\n\tr1 += 1\n"},
			{"Require R2 == 16 &&", "Require R2 <= 32 &&"},
		}},
		{"returned pointer", callRet, [][2]string{
			// Without the null check.
			{"if r0 == 0 goto LBB0_2", "if r0 == 1 goto LBB0_2"},
			// Past the bytes passed.
			{"*(u8 *)(r0 + 0) = r1", "*(u8 *)(r0 + 1) = r1"},
			// The callee returns a pointer just past them.
			{"r0 += 3", "r0 += 8"},
		}},
		{"prefix", callPrefix, [][2]string{
			// One byte past the initialised prefix.
			{"r0 = *(u8 *)(r1 + 0)", "r0 = *(u8 *)(r1 + 1)"},
			// The callee claims a longer prefix than it wrote.
			{"r0 = 0\n\texit", "r0 = 1\n\texit"},
			// The callee initialises nothing.
			{"*(u8 *)(r1 + 0) = r2", "r2 = 6"},
			// A write into the range passed: the prefix is forgotten.
			{"r1 += r0\n", "r1 += r0\n\tr2 = 0\n\t*(u8 *)(r10 - 2) = r2\n"},
		}},
		{"loop", callLoop, [][2]string{
			{"if r3 >= 32 goto LBB1_3", "if r3 > 32 goto LBB1_3"},
			{"r2 = 32\n\tcall zero", "r2 = 32\n\tr1 += 8\n\tcall zero"},
			{"r0 = *(u8 *)(r10 - 1)", "r0 = *(u8 *)(r10 - 33)"},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, obs, err := compile(t, c.src)
			if err != nil {
				t.Fatalf("GenerateVCs: %v", err)
			}
			if rep := check(t, b); !rep.Accepted() {
				for _, ob := range obs {
					t.Logf("%v", ob)
				}
				t.Fatalf("rejected:%s", reasons(rep))
			}
			for _, m := range c.mutants {
				if !strings.Contains(c.src, m[0]) {
					t.Fatalf("mutant %q: %q is not in the program", m[1], m[0])
				}
				b, _, _ := compile(t, strings.Replace(c.src, m[0], m[1], 1))
				rep := check(t, b)
				if rep.Accepted() {
					t.Errorf("mutant %q accepted", m[1])
				} else if testing.Verbose() {
					t.Logf("mutant %q:%.300s", m[1], reasons(rep))
				}
			}
		})
	}
}

// The call programs join the safe programs, so that the mutation sweep
// and FuzzMutant also mutate their call sites.
func init() {
	safe = append(safe, []struct{ name, src string }{
		{"call stack", callStack},
		{"call contents", callKeep},
		{"call map value", callMap},
		{"call either", callEither},
		{"call loop", callLoop},
		{"call returned pointer", callRet},
		{"call prefix", callPrefix},
	}...)
}

// TestCalleeMutantSweep applies single-field mutations to the subprograms
// of the call programs (the mutation sweep only mutates entry sections):
// no accepted mutant may fault in the interpreter.
func TestCalleeMutantSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	progs := []struct{ name, src string }{
		{"stack", callStack}, {"contents", callKeep}, {"map value", callMap},
		{"either", callEither}, {"loop", callLoop}, {"returned pointer", callRet}, {"prefix", callPrefix},
	}
	tried, acc := 0, 0
	for _, p := range progs {
		obj0, _ := assemble(t, p.src)
		text := -1
		for j, s := range obj0.Code {
			if s.Name == ".text" {
				text = j
			}
		}
		if text < 0 {
			t.Fatalf("%s: no .text", p.name)
		}
		n := len(obj0.Code[text].Insns)
		for i := 0; i < n; i++ {
			for field := byte(0); field < 5; field++ {
				for _, v := range []byte{0, 1, 3, 0xff, 0xa0, 0x20, 7} {
					tried++
					obj, ann := assemble(t, p.src)
					obj.Code[0], obj.Code[text] = obj.Code[text], obj.Code[0]
					mutateInsns(obj, []byte{byte(i), field, v, 0})
					obj.Code[0], obj.Code[text] = obj.Code[text], obj.Code[0]
					obs, err := GenerateVCs(obj, ann)
					if err != nil {
						continue
					}
					ps, _ := proveAll(t, obs)
					rep, err := Check(object(t, obj, ann, ps))
					if err != nil || !rep.Accepted() {
						continue
					}
					acc++
					if fault := interpret(obj); fault != "" {
						t.Errorf("%s: mutation insn %d field %d value %#x accepted but faults: %s", p.name, i, field, v, fault)
					}
				}
			}
		}
	}
	t.Logf("%d callee mutants tried, %d accepted", tried, acc)
}

// interpret runs the entry section of obj on a few packets and returns the
// first fault, as runMutant does.
func interpret(obj *elfobj.Object) string {
	m, err := interp.New(obj, interp.Options{StepLimit: 100000})
	if err != nil {
		return "interp: " + err.Error()
	}
	for _, n := range []int{0, 14, 64} {
		res, err := m.Run(obj.Code[0].Name, interp.Input{Packet: make([]byte, n)})
		if err != nil {
			return err.Error()
		}
		if res.Fault != nil {
			if strings.Contains(res.Fault.Error(), "unknown or unsupported helper") {
				return ""
			}
			return res.Fault.Error()
		}
		if res.R0 > 4 {
			return "xdp return value out of range"
		}
	}
	return ""
}
