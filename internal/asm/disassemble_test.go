package asm

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vep/internal/elfobj"
	"vep/internal/isa"
	"vep/internal/spec"
)

// roundTripSources are programs whose objects must survive
// Assemble(Disassemble(x)).
var roundTripSources = []string{
	`	.license "GPL"
	.map counts, array, key=4, value=8, max_entries=256
	.section xdp
	.globl prog
/*@ Require ctx(R1) */
prog:
	r6 = r1
	r1 = counts ll
	call helper
	/*@ Inv 0 <= R0 */
LBB0_1:
	r0 += 1
	w0 += 1
	if w0 < 10 goto LBB0_1
	/*@ R0 == 10 */
	r0 = 2
	exit
	.text
/*@ Ensure __return == 0 */
helper:
	r0 = 0
	exit
`,
	`	.license "Dual \"MIT\"/GPL"
	.inner tmpl, hash, key=4, value=8, max_entries=16, flags=0x1
	.map outer, hash_of_maps, key=4, value=4, max_entries=8, inner=tmpl
	.map outer2, array_of_maps, key=4, value=4, max_entries=8, inner=tmpl
	.map rb, ringbuf, key=0, value=0, max_entries=4096
	.map anon, array_of_maps, key=4, value=4, max_entries=2, inner_type=array, inner_key=4, inner_value=4, inner_max_entries=1, inner_flags=0x400
	.map odd, 99, key=1, value=2, max_entries=3
	.section "weird section,name"
	.globl a
a:
	/*@ Inv R1 >= 0 */
	/*@ Require R1 == 0 */
	/*@ Inv R2 >= 0 */
	/*@ R1 >= 0 */
	r1 = 0x7fffffffffffffff ll
	r2 = b ll
	call b
	call 1
	gotol L2
	r3 = *(u32 *)(r10 - 8)
L2:	r0 = *(s16 *)(r1 + 2)
	lock *(u64 *)(r10 - 8) += r1
	if r1 s<= r4 goto +0
	goto -1
	exit
	.text
b:	r0 = 0
	exit
	.type c,@function
c:	r0 = 1
	exit
	.section socket
s:	exit
	.section .text.sub,"ax",@progbits
d:	r0 = 3
	exit
`,
}

func TestRoundTrip(t *testing.T) {
	for i, src := range roundTripSources {
		u, err := Assemble("rt.s", []byte(src))
		if err != nil {
			t.Fatalf("source %d: %v", i, err)
		}
		text, err := Disassemble(u.Object, u.Annotations)
		if err != nil {
			t.Fatalf("source %d: Disassemble: %v", i, err)
		}
		u2, err := Assemble("rt2.s", text)
		if err != nil {
			t.Fatalf("source %d: reassembling:\n%s\n%v", i, text, err)
		}
		if diff := cmp.Diff(u.Object, u2.Object); diff != "" {
			t.Errorf("source %d: object (-first +second):\n%s\n%s", i, diff, text)
		}
		if diff := cmp.Diff(u.Annotations, u2.Annotations); diff != "" {
			t.Errorf("source %d: annotations (-first +second):\n%s\n%s", i, diff, text)
		}
		// The text is a fixed point.
		text2, err := Disassemble(u2.Object, u2.Annotations)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(text), string(text2)); diff != "" {
			t.Errorf("source %d: text is not a fixed point (-first +second):\n%s", i, diff)
		}
	}
}

func TestDisassembleText(t *testing.T) {
	src := roundTripSources[0]
	u, err := Assemble("t.s", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	text, err := Disassemble(u.Object, u.Annotations)
	if err != nil {
		t.Fatal(err)
	}
	want := `	.license "GPL"
	.map counts, array, key=4, value=8, max_entries=256

	.section xdp
	.globl prog
	/*@ Require ctx(R1) */
prog:
	r6 = r1
	r1 = counts ll
	call helper
	/*@ Inv 0 <= R0 */
LBB0_3:
	r0 += 1
	w0 += 1
	if w0 < 10 goto LBB0_3
	/*@ R0 == 10 */
	r0 = 2
	exit

	.text
	/*@ Ensure __return == 0 */
helper:
	r0 = 0
	exit
`
	if diff := cmp.Diff(want, string(text)); diff != "" {
		t.Errorf("Disassemble (-want +got):\n%s", diff)
	}
}

// TestDisassembleErrors checks that objects the text cannot express are
// rejected; each is one change away from the valid base object.
func TestDisassembleErrors(t *testing.T) {
	base := func() (*elfobj.Object, []spec.Entry) {
		u, err := Assemble("b.s", []byte(roundTripSources[0]))
		if err != nil {
			t.Fatal(err)
		}
		return u.Object, u.Annotations
	}
	if obj, ann := base(); true {
		if _, err := Disassemble(obj, ann); err != nil {
			t.Fatalf("base: %v", err)
		}
	}
	for _, tc := range []struct {
		name   string
		change func(*elfobj.Object, []spec.Entry) []spec.Entry
		want   string
	}{
		{"jump out of section", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			o.Code[0].Insns[5].Offset = 100
			return a
		}, "section xdp: instruction 5: jump target slot"},
		{"jump into 64-bit load", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			o.Code[0].Insns[5].Offset = -5
			return a
		}, "instruction 5: jump target slot 2"},
		{"unknown map", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			o.Code[0].Relocs[0].Symbol = "nope"
			return a
		}, "instruction 1: reference to unknown map \"nope\""},
		{"map reloc with constant", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			o.Code[0].Insns[1].Constant = 1
			return a
		}, "instruction 1: relocation"},
		{"unknown function", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			o.Code[0].Relocs[1].Symbol = "nope"
			return a
		}, "instruction 2: call of unknown function"},
		{"map value reloc", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			o.Code[0].Relocs[0].Kind = elfobj.RelocMapValue
			return a
		}, "cannot be written as text"},
		{"annotation kind", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			a[1].Kind = spec.Assertion
			return a
		}, "assertion annotation \"Inv 0 <= R0\" would read back as invariant"},
		{"contract off a function", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			a[2].Kind = spec.Contract
			return a
		}, "would read back as assertion"},
		{"annotation closes comment", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			a[2].Text = "R0 == 10 */ r0 = 3 /*"
			return a
		}, "contains */"},
		{"annotation white space", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			a[2].Text = " R0 == 10"
			return a
		}, "surrounding white space"},
		{"annotation index", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			a[2].Index = 8
			return a
		}, "outside the section"},
		{"annotation section", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			a[2].Section = "tc"
			return a
		}, "unknown section tc"},
		{"function gap", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			o.Code[0].Funcs[0].Len--
			return a
		}, "belong to no function"},
		{"map name", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			o.Maps[0].Name = "a b"
			return a
		}, "not a unique identifier"},
		{"map named like a register", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			o.Maps[0].Name = "r1"
			return a
		}, "not a unique identifier"},
		{"function named like a label", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			o.Code[1].Funcs[0].Name = "LBB1_0"
			return a
		}, "not a unique identifier"},
		{"map named like a function", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			o.Maps[0].Name = "helper"
			return a
		}, "not a unique identifier"},
		{"empty section", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			o.Code = append(o.Code, &elfobj.CodeSection{Name: "tc"})
			return a
		}, "section tc: section has no instructions"},
		{"invalid instruction", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			o.Code[0].Insns[0].OpCode = 0xff
			return a
		}, "instruction 0:"},
		{"repeated section", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			o.Code[1].Name = "xdp"
			return a
		}, "repeated code section"},
		{"license NUL", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			o.License = "G\x00"
			return a
		}, "NUL"},
		{"inner on array", func(o *elfobj.Object, a []spec.Entry) []spec.Entry {
			o.Maps[0].Inner = &elfobj.Map{Name: "t", Type: elfobj.MapHash}
			return a
		}, "inner map does not match"},
	} {
		obj, ann := base()
		ann = tc.change(obj, ann)
		_, err := Disassemble(obj, ann)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestDisassembleBuiltObject(t *testing.T) {
	// An object built in Go, not from text, survives the round trip.
	obj := &elfobj.Object{
		License: "GPL",
		Code: []*elfobj.CodeSection{{
			Name: "tracepoint/syscalls/sys_enter_openat",
			Insns: []isa.Instruction{
				ins(t, "r0 = 0"),
				ins(t, "if r0 == 0 goto +1"),
				ins(t, "r0 = 1"),
				ins(t, "exit"),
			},
			Funcs: []elfobj.Func{{Name: "tp", Start: 0, Len: 4, Global: true}},
		}},
	}
	ann := []spec.Entry{{Section: obj.Code[0].Name, Index: 3, Kind: spec.Assertion, Text: "R0 <= 1"}}
	text, err := Disassemble(obj, ann)
	if err != nil {
		t.Fatal(err)
	}
	u, err := Assemble("b.s", text)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	if diff := cmp.Diff(obj, u.Object); diff != "" {
		t.Errorf("object (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(ann, u.Annotations); diff != "" {
		t.Errorf("annotations (-want +got):\n%s", diff)
	}
}

func TestDisassembleNil(t *testing.T) {
	if _, err := Disassemble(nil, nil); err == nil {
		t.Error("Disassemble(nil) succeeded")
	}
	if _, err := Disassemble(&elfobj.Object{Code: []*elfobj.CodeSection{nil}}, nil); err == nil {
		t.Error("Disassemble with a nil section succeeded")
	}
}
