package isa

import (
	"bytes"
	"testing"
)

// FuzzDecode checks that Decode never panics and that whatever it accepts
// encodes back to the same bytes and survives a text round trip.
func FuzzDecode(f *testing.F) {
	for _, ins := range allForms() {
		b, err := Encode([]Instruction{ins})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{})
	f.Add([]byte{0x18, 0x01, 0, 0, 1, 0, 0, 0})
	f.Add([]byte{0x18, 0x71, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{0xdb, 0x21, 0, 0, 0, 1, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		insns, err := Decode(b)
		if err != nil {
			return
		}
		out, err := Encode(insns)
		if err != nil {
			t.Fatalf("Encode of decoded %v: %v", insns, err)
		}
		if !bytes.Equal(out, b) {
			t.Fatalf("re-encoded % x, input % x", out, b)
		}
		for _, ins := range insns {
			text := ins.String()
			p, sym, err := ParseInstruction(text)
			if err != nil || sym != "" || p != ins {
				t.Fatalf("ParseInstruction(%q) = %#v, %q, %v; want %#v", text, p, sym, err, ins)
			}
		}
	})
}

// FuzzParseInstruction checks that ParseInstruction never panics and that
// what it accepts formats to text that parses to the same instruction and
// symbol and formats identically.
func FuzzParseInstruction(f *testing.F) {
	for _, ins := range allForms() {
		f.Add(ins.String())
	}
	for _, s := range []string{
		"r1 = NAME ll", "call fn", "goto L", "gotol L", "if r1 > r2 goto L",
		"r1 = 0x1234 ll", "*(u32*)(r1+4)=r2", "r1 s/= r2", "w0 = cmpxchg32_32(r1 + 0, w0, w2)",
		"r0 = *(u16 *)skb[r9 - 4]", "ld_pseudo r1, 2, 5, 7", "call kfunc 5", "call pc-1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ins, sym, err := ParseInstruction(s)
		if err != nil {
			return
		}
		text := ins.Format(sym)
		again, sym2, err := ParseInstruction(text)
		if err != nil || again != ins || sym2 != sym {
			t.Fatalf("%q formats as %q, which parses as %#v, %q, %v; want %#v, %q", s, text, again, sym2, err, ins, sym)
		}
		if got := again.Format(sym2); got != text {
			t.Fatalf("%q: format not stable: %q then %q", s, text, got)
		}
		if _, err := Encode([]Instruction{ins}); err != nil {
			t.Fatalf("%q parsed to an instruction Encode rejects: %v", s, err)
		}
	})
}
