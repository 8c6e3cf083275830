package asm

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vep/internal/elfobj"
	"vep/internal/isa"
	"vep/internal/spec"
)

// ins parses one instruction for expected values.
func ins(t *testing.T, text string) isa.Instruction {
	t.Helper()
	in, _, err := isa.ParseInstruction(text)
	if err != nil {
		t.Fatalf("ParseInstruction(%q): %v", text, err)
	}
	return in
}

func TestAssemble(t *testing.T) {
	callLocal := func(t *testing.T) isa.Instruction {
		in := ins(t, "call 0")
		in.Src, in.Constant = isa.CallLocal, -1
		return in
	}
	mapLoad := func(t *testing.T, dst isa.Register) isa.Instruction {
		return isa.Instruction{OpCode: isa.OpCodeLoadImm64, Dst: dst, Src: isa.PseudoMapFD}
	}
	for _, tc := range []struct {
		name string
		src  string
		want func(t *testing.T) *elfobj.Object
		ann  []spec.Entry
	}{
		{
			name: "minimal",
			src:  ".section xdp\nprog:\n\tr0 = 2\n\texit\n",
			want: func(t *testing.T) *elfobj.Object {
				return &elfobj.Object{Code: []*elfobj.CodeSection{{
					Name:  "xdp",
					Insns: []isa.Instruction{ins(t, "r0 = 2"), ins(t, "exit")},
					Funcs: []elfobj.Func{{Name: "prog", Start: 0, Len: 2}},
				}}}
			},
		},
		{
			name: "clang section, globl, labels on one line, comments",
			src: `	.text
	.section	xdp,"ax",@progbits   # a comment
	.globl	prog                      // another
	.p2align	3
	.type	prog,@function
prog:   r1 = 1 /* inline */
# %bb.0:
LBB0_1: .LBB0_2: if r1 > 3 goto .LBB0_2
	goto LBB0_1
	exit
.Lfunc_end0:
	.size	prog, .Lfunc_end0-prog
`,
			want: func(t *testing.T) *elfobj.Object {
				j := ins(t, "if r1 > 3 goto +0")
				j.Offset = -1
				g := ins(t, "goto +0")
				g.Offset = -2
				return &elfobj.Object{Code: []*elfobj.CodeSection{{
					Name:  "xdp",
					Insns: []isa.Instruction{ins(t, "r1 = 1"), j, g, ins(t, "exit")},
					Funcs: []elfobj.Func{{Name: "prog", Start: 0, Len: 4, Global: true}},
				}}}
			},
		},
		{
			name: "jump offsets count slots across a 64-bit load",
			src: `.section socket
f:	goto L
	r1 = 0x1122334455667788 ll
L:	gotol L
	exit`,
			want: func(t *testing.T) *elfobj.Object {
				g := ins(t, "goto +2")
				gl := ins(t, "gotol +0")
				gl.Constant = -1
				return &elfobj.Object{Code: []*elfobj.CodeSection{{
					Name:  "socket",
					Insns: []isa.Instruction{g, ins(t, "r1 = 0x1122334455667788 ll"), gl, ins(t, "exit")},
					Funcs: []elfobj.Func{{Name: "f", Start: 0, Len: 4}},
				}}}
			},
		},
		{
			name: "maps, license, calls, function addresses, annotations",
			src: `	.license "Dual MIT/GPL"
	.inner tmpl, hash, key=4, value=8, max_entries=16
	.map outer, array_of_maps, key=4, value=4, max_entries=8, inner=tmpl
	.map counts, percpu_array, key=4, value=0x10, max_entries=256, flags=1
	.section kprobe/sys_open
	.globl entry
/*@ Require true */
entry:
	r1 = counts ll
	r2 = outer ll
	/*@ R1 != 0 */
	call sub
	r3 = sub ll
	exit
	.text
	.type other,@function
/*@ With x
    Require R1 == x */
sub:
	/*@ Inv R0 >= 0 */
	r0 = 0
	exit
other:
	/*@ Ensure __return == 0 */
	r0 = 0
	exit
`,
			want: func(t *testing.T) *elfobj.Object {
				fa := isa.Instruction{OpCode: isa.OpCodeLoadImm64, Dst: 3, Src: isa.PseudoFunc}
				return &elfobj.Object{
					License: "Dual MIT/GPL",
					Maps: []*elfobj.Map{
						{Name: "outer", Type: elfobj.MapArrayOfMaps, KeySize: 4, ValueSize: 4, MaxEntries: 8,
							Inner: &elfobj.Map{Name: "tmpl", Type: elfobj.MapHash, KeySize: 4, ValueSize: 8, MaxEntries: 16}},
						{Name: "counts", Type: elfobj.MapPerCPUArray, KeySize: 4, ValueSize: 16, MaxEntries: 256, Flags: 1},
					},
					Code: []*elfobj.CodeSection{{
						Name:  "kprobe/sys_open",
						Insns: []isa.Instruction{mapLoad(t, 1), mapLoad(t, 2), callLocal(t), fa, ins(t, "exit")},
						Funcs: []elfobj.Func{{Name: "entry", Start: 0, Len: 5, Global: true}},
						Relocs: []elfobj.Reloc{
							{Index: 0, Kind: elfobj.RelocMap, Symbol: "counts"},
							{Index: 1, Kind: elfobj.RelocMap, Symbol: "outer"},
							{Index: 2, Kind: elfobj.RelocCall, Symbol: "sub"},
							{Index: 3, Kind: elfobj.RelocFunc, Symbol: "sub"},
						},
					}, {
						Name:  ".text",
						Insns: []isa.Instruction{ins(t, "r0 = 0"), ins(t, "exit"), ins(t, "r0 = 0"), ins(t, "exit")},
						Funcs: []elfobj.Func{{Name: "sub", Start: 0, Len: 2}, {Name: "other", Start: 2, Len: 2}},
					}},
				}
			},
			ann: []spec.Entry{
				{Section: "kprobe/sys_open", Index: 0, Kind: spec.Contract, Text: "Require true"},
				{Section: "kprobe/sys_open", Index: 2, Kind: spec.Assertion, Text: "R1 != 0"},
				{Section: ".text", Index: 0, Kind: spec.Contract, Text: "With x\n    Require R1 == x"},
				{Section: ".text", Index: 0, Kind: spec.Invariant, Text: "Inv R0 >= 0"},
				{Section: ".text", Index: 2, Kind: spec.Contract, Text: "Ensure __return == 0"},
			},
		},
		{
			name: "data sections as clang writes them are skipped",
			src: `	.section	.maps,"aw",@progbits
	.globl	counts
	.p2align	3
counts:
	.zero	32
	.size	counts, 32
	.type	_license,@object
	.section	license,"aw",@progbits
_license:
	.asciz	"GPL#//"
	.section xdp
prog: exit
	.addrsig
	.addrsig_sym counts
`,
			want: func(t *testing.T) *elfobj.Object {
				return &elfobj.Object{Code: []*elfobj.CodeSection{{
					Name:  "xdp",
					Insns: []isa.Instruction{ins(t, "exit")},
					Funcs: []elfobj.Func{{Name: "prog", Len: 1}},
				}}}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := Assemble("t.s", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want(t), u.Object); diff != "" {
				t.Errorf("object (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.ann, u.Annotations); diff != "" {
				t.Errorf("annotations (-want +got):\n%s", diff)
			}
			for _, cs := range u.Object.Code {
				if len(u.Positions[cs.Name]) != len(cs.Insns) {
					t.Errorf("section %s: %d positions for %d instructions", cs.Name, len(u.Positions[cs.Name]), len(cs.Insns))
				}
			}
			if len(u.AnnotationPos) != len(u.Annotations) {
				t.Errorf("%d annotation positions for %d annotations", len(u.AnnotationPos), len(u.Annotations))
			}
		})
	}
}

func TestPositions(t *testing.T) {
	src := "/*@ Require true */\n.section xdp\nf:\n\tr0 = 1\n  LBB0_1:  exit\n"
	u, err := Assemble("p.s", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Pos{{4, 2}, {5, 12}}, u.Positions["xdp"]); diff != "" {
		t.Errorf("positions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Pos{{1, 1}}, u.AnnotationPos); diff != "" {
		t.Errorf("annotation positions (-want +got):\n%s", diff)
	}
}

// TestErrors checks every error with its position. Each case is a small
// change to a valid program.
func TestErrors(t *testing.T) {
	const ok = ".section xdp\nf:\n\tr0 = 0\n\texit\n"
	if _, err := Assemble("e.s", []byte(ok)); err != nil {
		t.Fatalf("base program: %v", err)
	}
	for _, tc := range []struct {
		src  string
		want string // "line:col: message substring"
	}{
		{".section xdp\nf:\n\tr0 = = 0\n\texit\n", "3:7: "},
		{".section xdp\nf:\n\tr11 = 0\n\texit\n", "3:2: "},
		{".section xdp\nf:\n\tr0 = 0\n\tgoto L\n", "4:2: unknown label L"},
		{".section xdp\nf:\n\tgoto +1\n\texit\n", "3:2: jump out of range"},
		{".section xdp\nf:\n\tgoto -2\n\texit\n", "3:2: jump out of range"},
		{".section xdp\nf:\n\tgoto +1\n\tr0 = 0 ll\n\texit\n", "3:2: jump out of range"},
		{".section xdp\nf:\n\tr0 = 0\n\tgoto L\nL:\n", "4:2: jump to L out of range"},
		{".section xdp\nf:\n\tr0 = 0\n\tgoto f2\n\t.section socket\nf2: exit\n", "4:2: label f2 is in section socket, not xdp"},
		{".section xdp\nf:\n\tr0 = 0\nf:\n\texit\n", "4:1: f redeclared (previous declaration at 2:1)"},
		{".map f, array, key=4, value=4, max_entries=1\n.section xdp\nf:\n\texit\n", "3:1: f redeclared"},
		{".section xdp\nf:\n\tr1 = m ll\n\texit\n", "3:2: undeclared map m"},
		{".section xdp\nf:\n\tr1 = L ll\nL:\n\texit\n", "3:2: L is a local label"},
		{".section xdp\nf:\n\tcall g\n\texit\n", "3:2: unknown function g"},
		{".section xdp\nf:\n\tcall L\nL:\n\texit\n", "3:2: call target L is a local label"},
		{".section xdp\n\tr0 = 0\nf:\n\texit\n", "2:2: instruction before the first function label"},
		{".section .maps,\"aw\"\nf:\n\tr0 = 0\n", "3:2: instruction in data section .maps"},
		{".section xdp\nf:\n\t.long 3\n\texit\n", "3:2: data directive .long in code section xdp"},
		{".section xdp\nf:\n\t.bogus 3\n\texit\n", "3:2: unknown directive .bogus"},
		{".section xdp\nf:\n\tr0 = 0\n\texit\n/*@ R0 == 0 */\n", "5:1: annotation is not followed by an instruction"},
		{".section xdp\nf:\n\tr0 = 0\n\texit\n/* open", "5:1: unterminated comment"},
		{".section xdp\nf:\n\t/*@ \xff */ r0 = 0\n\texit\n", "3:2: annotation is not valid UTF-8"},
		{".section xdp\n.globl g\nf:\ng:\n\tr0 = 0\n\texit\n", "3:1: function f has no instructions"},
		{".section xdp\nf:\n\tr0 = 0\n\texit\n.globl g\ng:\n", "6:1: function g has no instructions"},
		{".section\nf:\n\tr0 = 0\n\texit\n", "1:1: .section wants a name"},
		{".section xdp\nf:\n\tr0 = 0\n\texit\n.section socket\ng:\n", "6:1: function g has no instructions"},
		{".section xdp,ax\nf:\n\tr0 = 0\n\texit\n", "1:14: malformed section flags ax"},
		{".section xdp\n.section xdp,\"aw\"\n", "2:1: section xdp was declared as code"},
		{".license GPL\n" + ok, "1:10: malformed license string GPL"},
		{".license \"\"\n" + ok, "1:10: license must be non-empty"},
		{".license \"GPL\"\n.license \"MIT\"\n" + ok, "2:1: license redeclared"},
		{".map m, array, key=4, value=4\n" + ok, "1:1: .map m: missing max_entries="},
		{".map m, arrays, key=4, value=4, max_entries=1\n" + ok, "1:9: unknown map type \"arrays\""},
		{".map m, array, key=4, value=4, max_entries=1, flag=1\n" + ok, "1:47: unknown .map attribute \"flag\""},
		{".map m, array, key=4, value=4, max_entries=-1\n" + ok, "1:32: malformed number \"-1\" for max_entries"},
		{".map m, array, key=4, value=4, max_entries=0x100000000\n" + ok, "1:32: malformed number"},
		{".map m, array, key=4, key=4, value=4, max_entries=1\n" + ok, "1:23: key given twice"},
		{".map m, array, key=4, value=4, max_entries=1\n.map m, hash, key=4, value=4, max_entries=1\n" + ok, "2:1: m redeclared (previous declaration at 1:1)"},
		{".map 1m, array, key=4, value=4, max_entries=1\n" + ok, "1:6: malformed map name"},
		{".map r2, array, key=4, value=4, max_entries=1\n" + ok, "1:6: map name r2 is reserved"},
		{".map LBB0_1, array, key=4, value=4, max_entries=1\n" + ok, "1:6: map name LBB0_1 is reserved"},
		{".map m, array_of_maps, key=4, value=4, max_entries=1\n" + ok, "1:1: map-in-map m needs inner=TEMPLATE"},
		{".map m, array_of_maps, key=4, value=4, max_entries=1, inner=t\n" + ok, "1:55: undeclared inner template t"},
		{".inner t, hash, key=4, value=4, max_entries=1\n.map m, array, key=4, value=4, max_entries=1, inner=t\n" + ok, "2:47: only array_of_maps and hash_of_maps"},
		{".inner t, hash_of_maps, key=4, value=4, max_entries=1\n" + ok, "1:11: nested inner maps"},
		{".inner t, hash, key=4, value=4, max_entries=1, inner_key=4\n" + ok, "1:48: nested inner maps"},
		{".map m, array_of_maps, key=4, value=4, max_entries=1, inner_type=hash, inner_key=4, inner_value=4\n" + ok, "1:1: .map m: missing inner_max_entries="},
		{".map m, array_of_maps, key=4, value=4, max_entries=1, inner_type=hash_of_maps, inner_key=4, inner_value=4, inner_max_entries=1\n" + ok, "1:55: nested inner maps"},
		{".map m, array_of_maps, key=4, value=4, max_entries=1, inner_type=hashes, inner_key=4, inner_value=4, inner_max_entries=1\n" + ok, "1:55: unknown map type \"hashes\""},
		{".inner t, hash, key=4, value=4, max_entries=1\n.map m, array_of_maps, key=4, value=4, max_entries=1, inner=t, inner_type=hash, inner_key=4, inner_value=4, inner_max_entries=1\n" + ok, "2:55: give inner=TEMPLATE or the inner_* attributes, not both"},
		{".map m, hash, key=4, value=4, max_entries=1, inner_type=hash, inner_key=4, inner_value=4, inner_max_entries=1\n" + ok, "1:46: only array_of_maps and hash_of_maps"},
		{".inner t, hash, key=4, value=4, max_entries=1\n.inner t, hash, key=4, value=4, max_entries=1\n" + ok, "2:1: inner template t redeclared"},
		{".section xdp\nf:\n\tr0 = 0\n\texit\n.globl\n", "5:1: .globl wants one name"},
		{".section xdp\nf:\n\tr0 = 0\n\texit\n.type f\n", "5:1: .type wants a name and a type"},
		{".section \"a\nf:\n\tr0 = 0\n\texit\n", "1:10: malformed section name"},
	} {
		_, err := Assemble("e.s", []byte(tc.src))
		var list ErrorList
		if !errors.As(err, &list) {
			t.Errorf("%q: error %v, want an ErrorList", tc.src, err)
			continue
		}
		if !strings.Contains(list[0].Error(), "e.s:"+tc.want) {
			t.Errorf("%q:\n got %v\nwant e.s:%s", tc.src, err, tc.want)
		}
	}
}

func TestJumpRange(t *testing.T) {
	// A jump over 32767 slots fits, one over 32768 does not; gotol does.
	// The program fills the slots with 64-bit loads, two slots each.
	prog := func(jump string, slots int) string {
		return ".section xdp\nf:\n\t" + jump + " L\n" + strings.Repeat("\tr0 = 0 ll\n", slots/2) +
			strings.Repeat("\tr0 = 0\n", slots%2) + "L:\n\texit\n"
	}
	if _, err := Assemble("j.s", []byte(prog("goto", 32767))); err != nil {
		t.Errorf("jump by 32767: %v", err)
	}
	if _, err := Assemble("j.s", []byte(prog("goto", 32768))); err == nil || !strings.Contains(err.Error(), "j.s:3:2: jump to L out of range") {
		t.Errorf("jump by 32768: error %v", err)
	}
	u, err := Assemble("j.s", []byte(prog("gotol", 40000)))
	if err != nil {
		t.Fatalf("gotol by 40000: %v", err)
	}
	if c := u.Object.Code[0].Insns[0].Constant; c != 40000 {
		t.Errorf("gotol constant %d, want 40000", c)
	}
}

func TestAnnotationKinds(t *testing.T) {
	for _, tc := range []struct {
		text string
		want spec.Kind
	}{
		{"With x Require x > 0", spec.Contract},
		{"Require R1 != 0", spec.Contract},
		{"Ensure R0 == 0", spec.Contract},
		{"Inv R1 < 10", spec.Invariant},
		{"Inv: R1 < 10", spec.Invariant},
		{"Invariant R1 < 10", spec.Assertion},
		{"Assert R1 < 10", spec.Assertion},
		{"R1 < 10", spec.Assertion},
		{"Withx > 0", spec.Assertion},
	} {
		if got := annotationKind(tc.text); got != tc.want {
			t.Errorf("annotationKind(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestClangAlias(t *testing.T) {
	a, err := Assemble("a.s", []byte(".section xdp\nf:\n\tr3 = w3\n\texit\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Assemble("b.s", []byte(".section xdp\nf:\n\tw3 = w3\n\texit\n"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(b.Object, a.Object); diff != "" {
		t.Errorf("r3 = w3 differs from w3 = w3:\n%s", diff)
	}
	for _, bad := range []string{"r3 = w11", "r3 = r3 w", "r3 = w3 + 1"} {
		_, err := Assemble("c.s", []byte(".section xdp\nf:\n\t"+bad+"\n\texit\n"))
		if err == nil || !strings.HasPrefix(err.Error(), "c.s:3:") {
			t.Errorf("%q: error %v, want one at line 3", bad, err)
		}
	}
}

func TestAnonymousInner(t *testing.T) {
	u, err := Assemble("a.s", []byte(".map m, hash_of_maps, key=8, value=4, max_entries=2, inner_type=percpu_array, inner_key=4, inner_value=16, inner_max_entries=3, inner_flags=1\n.section xdp\nf: exit\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []*elfobj.Map{{Name: "m", Type: elfobj.MapHashOfMaps, KeySize: 8, ValueSize: 4, MaxEntries: 2,
		Inner: &elfobj.Map{Type: elfobj.MapPerCPUArray, KeySize: 4, ValueSize: 16, MaxEntries: 3, Flags: 1}}}
	if diff := cmp.Diff(want, u.Object.Maps); diff != "" {
		t.Errorf("maps (-want +got):\n%s", diff)
	}
}
