package elfwrite_test

import (
	"bytes"
	"debug/elf"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vep/internal/elfobj"
	"vep/internal/elfwrite"
	"vep/internal/isa"
)

func TestRoundTrip(t *testing.T) {
	for _, tc := range testObjects() {
		t.Run(tc.name, func(t *testing.T) {
			b, err := elfwrite.Write(tc.obj)
			if err != nil {
				t.Fatal(err)
			}
			got, err := elfobj.Read(b)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.obj, got); diff != "" {
				t.Errorf("Read(Write(obj)) differs (-want +got):\n%s", diff)
			}
			// Writing is deterministic.
			b2, err := elfwrite.Write(got)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, b2) {
				t.Errorf("Write(Read(Write(obj))) differs from Write(obj)")
			}
		})
	}
}

// TestWriteCanonicalises checks that relocated fields are rewritten whatever
// the object holds there.
func TestWriteCanonicalises(t *testing.T) {
	obj := callsObject()
	obj.Code[0].Insns[1].Constant = 1234
	want := callsObject()
	b, err := elfwrite.Write(obj)
	if err != nil {
		t.Fatal(err)
	}
	got, err := elfobj.Read(b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(o *elfobj.Object)
		errstr string
	}{
		{"reloc-unknown-map", func(o *elfobj.Object) { o.Code[0].Relocs[0].Symbol = "nope" }, `unknown map "nope"`},
		{"reloc-not-lddw", func(o *elfobj.Object) { o.Code[0].Relocs[0].Index = 4 }, "not a 64-bit immediate load"},
		{"reloc-out-of-range", func(o *elfobj.Object) { o.Code[0].Relocs[0].Index = 99 }, "outside the section"},
		{"reloc-twice", func(o *elfobj.Object) { o.Code[0].Relocs = append(o.Code[0].Relocs, o.Code[0].Relocs[0]) }, "more than one relocation"},
		{"reloc-map-value", func(o *elfobj.Object) { o.Code[0].Relocs[0].Kind = elfobj.RelocMapValue }, "map value relocations are not supported"},
		{"reloc-call-on-lddw", func(o *elfobj.Object) { o.Code[0].Relocs[0].Kind = elfobj.RelocCall }, "not a bpf-to-bpf call"},
		{"reloc-func-unknown", func(o *elfobj.Object) { o.Code[0].Relocs[0].Kind = elfobj.RelocFunc }, `unknown function "arr"`},
		{"func-gap", func(o *elfobj.Object) { o.Code[0].Funcs[0].Len-- }, "belong to no function"},
		{"func-late-start", func(o *elfobj.Object) { o.Code[0].Funcs[0].Start = 1 }, "want it to start at 0"},
		{"func-too-long", func(o *elfobj.Object) { o.Code[0].Funcs[0].Len++ }, "end inside the section"},
		{"func-dup-name", func(o *elfobj.Object) { o.Maps[0].Name = "xdp_map" }, "duplicate map name"},
		{"empty-section", func(o *elfobj.Object) { o.Code[0].Insns = nil; o.Code[0].Funcs = nil }, "no instructions"},
		{"reserved-section", func(o *elfobj.Object) { o.Code[0].Name = ".maps" }, "reserved name"},
		{"data-section", func(o *elfobj.Object) { o.Code[0].Name = ".rodata" }, "reserved name"},
		{"dup-section", func(o *elfobj.Object) {
			o.Extra = []*elfobj.RawSection{{Name: "xdp", Data: []byte{1}}}
		}, "appears twice"},
		{"empty-extra", func(o *elfobj.Object) { o.Extra = []*elfobj.RawSection{{Name: ".vep.spec"}} }, "is empty"},
		{"reserved-extra", func(o *elfobj.Object) { o.Extra = []*elfobj.RawSection{{Name: ".BTF", Data: []byte{1}}} }, "reserved name"},
		{"nil-section", func(o *elfobj.Object) { o.Code = append(o.Code, nil) }, "code section 1 is nil"},
		{"nil-map", func(o *elfobj.Object) { o.Maps = append(o.Maps, nil) }, "map 1 is nil"},
		{"nil-extra", func(o *elfobj.Object) { o.Extra = append(o.Extra, nil) }, "extra section 0 is nil"},
		{"license-nul", func(o *elfobj.Object) { o.License = "G\x00PL" }, "NUL"},
		{"bad-insn", func(o *elfobj.Object) { o.Code[0].Insns[0].OpCode = 0xff }, "section xdp: instruction 0"},
		{"inner-on-array", func(o *elfobj.Object) { o.Maps[0].Inner = &elfobj.Map{Type: elfobj.MapArray} }, "only an array or hash of maps"},
		{"mim-without-inner", func(o *elfobj.Object) { o.Maps[0].Type = elfobj.MapArrayOfMaps; o.Maps[0].ValueSize = 4 }, "needs an inner map"},
		{"mim-value-size", func(o *elfobj.Object) {
			o.Maps[0].Type = elfobj.MapArrayOfMaps
			o.Maps[0].Inner = &elfobj.Map{Type: elfobj.MapArray}
		}, "value size 4"},
		{"nested-inner", func(o *elfobj.Object) {
			o.Maps[0].Type = elfobj.MapArrayOfMaps
			o.Maps[0].ValueSize = 4
			o.Maps[0].Inner = &elfobj.Map{Type: elfobj.MapArrayOfMaps, ValueSize: 4, Inner: &elfobj.Map{Type: elfobj.MapArray}}
		}, "nested inner maps"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			obj := xdpMapObject()
			if _, err := elfwrite.Write(obj); err != nil {
				t.Fatalf("unedited object: %v", err)
			}
			tc.edit(obj)
			_, err := elfwrite.Write(obj)
			if err == nil || !strings.Contains(err.Error(), tc.errstr) {
				t.Fatalf("Write: got error %v, want one containing %q", err, tc.errstr)
			}
		})
	}
}

// TestWriteCallOnNonCall checks that a call relocation must sit on a local
// call.
func TestWriteCallOnNonCall(t *testing.T) {
	obj := callsObject()
	obj.Code[0].Insns[1] = callHelper(1)
	if _, err := elfwrite.Write(obj); err == nil || !strings.Contains(err.Error(), "not a bpf-to-bpf call") {
		t.Fatalf("got %v", err)
	}
	obj = callsObject()
	obj.Code[0].Relocs[0].Symbol = "missing"
	if _, err := elfwrite.Write(obj); err == nil || !strings.Contains(err.Error(), `unknown function "missing"`) {
		t.Fatalf("got %v", err)
	}
	obj = callsObject()
	obj.Code[0].Insns[0] = isa.Instruction{OpCode: isa.OpCodeLoadImm64}
	if _, err := elfwrite.Write(obj); err != nil {
		t.Fatalf("lddw in place of a mov: %v", err)
	}
}

// TestWriteSameSectionCall checks that calls inside one section are written
// without relocations, as clang writes them, and calls into .text with them.
func TestWriteSameSectionCall(t *testing.T) {
	b, err := elfwrite.Write(callsObject())
	if err != nil {
		t.Fatal(err)
	}
	f, err := elf.NewFile(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if s := f.Section(".rel.text"); s != nil {
		t.Errorf("unexpected section .rel.text")
	}
	s := f.Section(".relxdp")
	if s == nil || s.Size != 2*16 {
		t.Fatalf("section .relxdp: %+v, want two relocations", s)
	}
}

func TestWriteCallIntoOtherProgram(t *testing.T) {
	obj := callsObject()
	obj.Code = append(obj.Code, &elfobj.CodeSection{
		Name:  "socket",
		Insns: []isa.Instruction{movImm(isa.R0, 0), exit()},
		Funcs: []elfobj.Func{{Name: "sock", Start: 0, Len: 2, Global: true}},
	})
	obj.Code[0].Relocs[0].Symbol = "sock"
	if _, err := elfwrite.Write(obj); err == nil || !strings.Contains(err.Error(), "only if the target is in .text") {
		t.Fatalf("got %v", err)
	}
	obj = callbackObject()
	obj.Code[0].Relocs[0].Symbol = "tp_loop"
	if _, err := elfwrite.Write(obj); err == nil || !strings.Contains(err.Error(), "function addresses only in .text") {
		t.Fatalf("got %v", err)
	}
}

func TestWriteNil(t *testing.T) {
	if _, err := elfwrite.Write(nil); err == nil {
		t.Fatal("Write(nil) succeeded")
	}
}

func BenchmarkWrite(b *testing.B) {
	obj := mapInMapObject()
	for b.Loop() {
		if _, err := elfwrite.Write(obj); err != nil {
			b.Fatal(err)
		}
	}
}
