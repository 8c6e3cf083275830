package isa

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/rand"
	"slices"
	"strings"
	"testing"
)

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDecodeRejects checks one rule of RFC 9669 per case: each input differs
// from a valid instruction in one field.
func TestDecodeRejects(t *testing.T) {
	for _, tc := range []struct {
		name, hex, want string
	}{
		{"length not a multiple of 8", "95000000000000", "not a multiple of 8"},
		{"trailing partial slot", "95000000 00000000 95", "not a multiple of 8"},
		{"unknown ALU op 0xe", "e7010000 00000000", "unknown opcode 0xe7"},
		{"unknown ALU64 op 0xf", "ff210000 00000000", "unknown opcode 0xff"},
		{"unknown JMP op 0xe", "e5010000 00000000", "unknown opcode 0xe5"},
		{"unknown JMP32 op 0xf", "fe210000 00000000", "unknown opcode 0xfe"},
		{"dst register 11", "b70b0000 01000000", "destination register 11"},
		{"src register 11", "bfb10000 00000000", "source register 11"},
		{"dst register 15 in load", "610f0000 00000000", "destination register 15"},
		{"ALU K with nonzero src", "07210000 01000000", "src is 2"},
		{"ALU X with nonzero imm", "0f210000 01000000", "imm is 1"},
		{"ALU add with nonzero offset", "07010100 01000000", "offset is 1"},
		{"sdiv offset 2", "3f210200 00000000", "division offset 2"},
		{"smod offset -1", "9701ffff 03000000", "division offset -1"},
		{"smod K offset 2", "94010200 03000000", "division offset 2"},
		{"movsx offset 1", "bf210100 00000000", "sign-extension width 1"},
		{"movsx 32 in ALU", "bc212000 00000000", "sign-extension width 32"},
		{"movsx 64", "bf214000 00000000", "sign-extension width 64"},
		{"mov K with offset 8", "b7010800 01000000", "offset is 8"},
		{"neg with source X", "8f210000 00000000", "unknown opcode 0x8f"},
		{"neg with nonzero imm", "87010000 01000000", "imm is 1"},
		{"neg with nonzero src", "87210000 00000000", "src is 2"},
		{"byte swap width 8", "dc010000 08000000", "byte swap width 8"},
		{"byte swap width 0", "d4010000 00000000", "byte swap width 0"},
		{"bswap width 48", "d7010000 30000000", "byte swap width 48"},
		{"ALU64 END with source X", "df010000 10000000", "unknown opcode 0xdf"},
		{"byte swap with nonzero src", "dc110000 10000000", "src is 1"},
		{"byte swap with nonzero offset", "dc010100 10000000", "offset is 1"},
		{"ja with source X", "0d000100 00000000", "unknown opcode 0x0d"},
		{"ja with nonzero imm", "05000100 01000000", "imm is 1"},
		{"ja with nonzero dst", "05010100 00000000", "dst is 1"},
		{"ja with nonzero src", "05100100 00000000", "src is 1"},
		{"gotol with nonzero offset", "06000100 01000000", "offset is 1"},
		{"gotol with source X", "0e000000 01000000", "unknown opcode 0x0e"},
		{"jeq K with nonzero src", "15210100 00000000", "src is 2"},
		{"jeq X with nonzero imm", "1d210100 01000000", "imm is 1"},
		{"jne32 X with nonzero imm", "5e210100 01000000", "imm is 1"},
		{"call src 3", "85300000 01000000", "source 3"},
		{"call with nonzero dst", "85010000 01000000", "dst is 1"},
		{"call with nonzero offset", "85000100 01000000", "offset is 1"},
		{"call with source X", "8d000000 00000000", "unknown opcode 0x8d"},
		{"call in JMP32", "86000000 01000000", "unknown opcode 0x86"},
		{"exit with nonzero imm", "95000000 01000000", "imm is 1"},
		{"exit with nonzero dst", "95010000 00000000", "dst is 1"},
		{"exit with nonzero src", "95100000 00000000", "src is 1"},
		{"exit with nonzero offset", "95000100 00000000", "offset is 1"},
		{"exit in JMP32", "96000000 00000000", "unknown opcode 0x96"},
		{"exit with source X", "9d000000 00000000", "unknown opcode 0x9d"},
		{"lddw truncated", "18010000 01000000", "truncated"},
		{"lddw truncated after code", "95000000 00000000 18010000 01000000", "truncated"},
		{"lddw second slot opcode", "18010000 01000000 18000000 00000000", "second slot"},
		{"lddw second slot dst", "18010000 01000000 00010000 00000000", "second slot"},
		{"lddw second slot src", "18010000 01000000 00100000 00000000", "second slot"},
		{"lddw second slot offset", "18010000 01000000 00000100 00000000", "second slot"},
		{"lddw pseudo src 7", "18710000 01000000 00000000 00000000", "pseudo source 7"},
		{"lddw pseudo src 15", "18f10000 01000000 00000000 00000000", "pseudo source 15"},
		{"lddw nonzero offset", "18010100 01000000 00000000 00000000", "offset is 1"},
		{"lddw dst 11", "180b0000 01000000 00000000 00000000", "destination register 11"},
		{"lddw map fd with next imm", "18110000 01000000 00000000 01000000", "second immediate"},
		{"lddw btf id with next imm", "18310000 01000000 00000000 01000000", "second immediate"},
		{"lddw func with next imm", "18410000 01000000 00000000 01000000", "second immediate"},
		{"lddw map idx with next imm", "18510000 01000000 00000000 01000000", "second immediate"},
		{"LD IMM size W", "00010000 00000000", "unknown opcode 0x00"},
		{"LD IMM size B", "10010000 00000000", "unknown opcode 0x10"},
		{"LD MEM", "61010000 00000000 60010000 00000000", "instruction 1: unknown opcode 0x60"},
		{"LD ABS DW", "38000000 01000000", "unknown opcode 0x38"},
		{"LD IND DW", "58200000 01000000", "unknown opcode 0x58"},
		{"ABS with nonzero dst", "30010000 0c000000", "dst is 1"},
		{"ABS with nonzero src", "30100000 0c000000", "src is 1"},
		{"ABS with nonzero offset", "30000100 0c000000", "offset is 1"},
		{"IND with nonzero dst", "50210000 00000000", "dst is 1"},
		{"IND with nonzero offset", "50200100 00000000", "offset is 1"},
		{"IND with src 11", "50b00000 00000000", "source register 11"},
		{"LDX with nonzero imm", "61210000 01000000", "imm is 1"},
		{"LDX MEMSX DW", "99210000 00000000", "unknown opcode 0x99"},
		{"LDX IMM", "19210000 00000000", "unknown opcode 0x19"},
		{"LDX ABS", "21210000 00000000", "unknown opcode 0x21"},
		{"LDX ATOMIC", "c1210000 00000000", "unknown opcode 0xc1"},
		{"LDX mode 0xa0", "a1210000 00000000", "unknown opcode 0xa1"},
		{"LDX mode 0xe0", "e1210000 00000000", "unknown opcode 0xe1"},
		{"ST with nonzero src", "62210000 01000000", "src is 2"},
		{"ST MEMSX", "82010000 01000000", "unknown opcode 0x82"},
		{"ST ATOMIC", "c2010000 01000000", "unknown opcode 0xc2"},
		{"ST IMM", "02010000 01000000", "unknown opcode 0x02"},
		{"STX with nonzero imm", "63210000 01000000", "imm is 1"},
		{"STX MEMSX", "83210000 00000000", "unknown opcode 0x83"},
		{"STX ABS", "23210000 00000000", "unknown opcode 0x23"},
		{"atomic size B", "d3210000 00000000", "unknown opcode 0xd3"},
		{"atomic size H", "cb210000 00000000", "unknown opcode 0xcb"},
		{"atomic op sub", "db210000 10000000", "unknown atomic operation 0x10"},
		{"atomic xchg without fetch", "db210000 e0000000", "unknown atomic operation 0xe0"},
		{"atomic cmpxchg without fetch", "c3210000 f0000000", "unknown atomic operation 0xf0"},
		{"atomic fetch flag alone on mul", "db210000 21000000", "unknown atomic operation 0x21"},
		{"atomic load-acquire (not in RFC 9669)", "db210000 00010000", "unknown atomic operation 0x100"},
		{"atomic with src 11", "dbb10000 00000000", "source register 11"},
		{"error slot after lddw", "18010000 01000000 00000000 00000000 bf2b0000 00000000", "instruction 2: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			insns, err := Decode(mustHex(t, tc.hex))
			if err == nil {
				t.Fatalf("Decode accepted %s as\n%v", tc.hex, insns)
			}
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v is %T, want *DecodeError", err, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "instruction ") {
				t.Errorf("error %q does not name the instruction", err)
			}
		})
	}
}

// validOpcodes lists every opcode of RFC 9669 (Appendix A), written out
// independently of the decoder.
var validOpcodes = []byte{
	// ALU64, K then X.
	0x07, 0x17, 0x27, 0x37, 0x47, 0x57, 0x67, 0x77, 0x87, 0x97, 0xa7, 0xb7, 0xc7, 0xd7,
	0x0f, 0x1f, 0x2f, 0x3f, 0x4f, 0x5f, 0x6f, 0x7f, 0x9f, 0xaf, 0xbf, 0xcf,
	// ALU, K then X (0xdc is END to big endian).
	0x04, 0x14, 0x24, 0x34, 0x44, 0x54, 0x64, 0x74, 0x84, 0x94, 0xa4, 0xb4, 0xc4, 0xd4,
	0x0c, 0x1c, 0x2c, 0x3c, 0x4c, 0x5c, 0x6c, 0x7c, 0x9c, 0xac, 0xbc, 0xcc, 0xdc,
	// JMP.
	0x05, 0x15, 0x1d, 0x25, 0x2d, 0x35, 0x3d, 0x45, 0x4d, 0x55, 0x5d, 0x65, 0x6d, 0x75, 0x7d,
	0x85, 0x95, 0xa5, 0xad, 0xb5, 0xbd, 0xc5, 0xcd, 0xd5, 0xdd,
	// JMP32.
	0x06, 0x16, 0x1e, 0x26, 0x2e, 0x36, 0x3e, 0x46, 0x4e, 0x56, 0x5e, 0x66, 0x6e, 0x76, 0x7e,
	0xa6, 0xae, 0xb6, 0xbe, 0xc6, 0xce, 0xd6, 0xde,
	// LD: lddw, ABS, IND.
	0x18, 0x20, 0x28, 0x30, 0x40, 0x48, 0x50,
	// LDX MEM, MEMSX.
	0x61, 0x69, 0x71, 0x79, 0x81, 0x89, 0x91,
	// ST, STX, atomics.
	0x62, 0x6a, 0x72, 0x7a, 0x63, 0x6b, 0x73, 0x7b, 0xc3, 0xdb,
}

// TestValidOpcodes decodes every opcode with its other fields zero (or imm
// 16, which byte swaps need) and checks that exactly the opcodes of
// validOpcodes are accepted.
func TestValidOpcodes(t *testing.T) {
	var accepted []byte
	for op := 0; op < 256; op++ {
		ok := false
		for _, imm := range []byte{0, 16} {
			b := []byte{byte(op), 0, 0, 0, imm, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
			if op != 0x18 {
				b = b[:8]
			}
			if _, err := Decode(b); err == nil {
				ok = true
			}
		}
		if ok {
			accepted = append(accepted, byte(op))
		}
	}
	want := slices.Clone(validOpcodes)
	slices.Sort(want)
	if !bytes.Equal(accepted, want) {
		t.Errorf("accepted opcodes\n% x\nwant\n% x", accepted, want)
	}
	if len(want) != 125 {
		t.Errorf("validOpcodes has %d entries, want 125", len(want))
	}
}

// TestRoundTripRandom checks bytes -> Decode -> String -> ParseInstruction ->
// Encode on random streams of valid instructions.
func TestRoundTripRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	forms := allForms()
	total := 0
	for stream := 0; stream < 200; stream++ {
		insns := make([]Instruction, 1+r.Intn(50))
		for i := range insns {
			insns[i] = randomInstruction(r, forms)
		}
		total += len(insns)
		code, err := Encode(insns)
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		decoded, err := Decode(code)
		if err != nil {
			t.Fatalf("Decode: %v", err)
		}
		if !slices.Equal(decoded, insns) {
			t.Fatalf("Decode(Encode(x)) != x:\n%v\n%v", decoded, insns)
		}
		parsed := make([]Instruction, len(decoded))
		for i, ins := range decoded {
			text := ins.String()
			p, sym, err := ParseInstruction(text)
			if err != nil || sym != "" {
				t.Fatalf("ParseInstruction(%q) = %v, %q, %v", text, p, sym, err)
			}
			if p.String() != text {
				t.Fatalf("print(parse(%q)) = %q", text, p.String())
			}
			parsed[i] = p
		}
		again, err := Encode(parsed)
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		if !bytes.Equal(again, code) {
			t.Fatalf("round trip changed bytes:\n% x\n% x", code, again)
		}
	}
	if total < 2000 {
		t.Fatalf("only %d instructions tested", total)
	}
}

// TestAllFormsValid keeps the generator honest: every form must validate
// and survive a text round trip.
func TestAllFormsValid(t *testing.T) {
	for _, ins := range allForms() {
		if err := ins.Validate(); err != nil {
			t.Errorf("%#v: %v", ins, err)
			continue
		}
		p, _, err := ParseInstruction(ins.String())
		if err != nil || p != ins {
			t.Errorf("ParseInstruction(%q) = %#v, %v; want %#v", ins.String(), p, err, ins)
		}
	}
}

func TestEncodeRejects(t *testing.T) {
	for _, tc := range []struct {
		insns []Instruction
		want  string
	}{
		{[]Instruction{{OpCode: OpCodeLoadImm64, Dst: 1}, {OpCode: OpCodeExit, Dst: 1}}, "instruction 2: "},
		{[]Instruction{{OpCode: ALUOpCode(ClassALU64, ALUAdd, SourceK), Dst: 1, Constant: 1 << 32}}, "does not fit in 32 bits"},
		{[]Instruction{{OpCode: ALUOpCode(ClassALU64, ALUAdd, SourceK), Dst: 1, Constant: -1<<31 - 1}}, "does not fit in 32 bits"},
		{[]Instruction{{OpCode: JumpOpCode(ClassJMP32, JumpJA, SourceK), Constant: 1 << 31}}, "does not fit in 32 bits"},
		{[]Instruction{{OpCode: OpCodeCall, Src: 12}}, "source register 12"},
	} {
		_, err := Encode(tc.insns)
		var de *DecodeError
		if !errors.As(err, &de) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Encode(%v) error %v, want *DecodeError containing %q", tc.insns, err, tc.want)
		}
	}
}

func TestDecodeExamples(t *testing.T) {
	for _, tc := range []struct {
		hex  string
		want []Instruction
	}{
		{"", []Instruction{}},
		{"61700400 00000000", []Instruction{{OpCode: 0x61, Dst: 0, Src: 7, Offset: 4}}},
		{"18010000 ffffffff 00000000 ffffffff 95000000 00000000", []Instruction{
			{OpCode: OpCodeLoadImm64, Dst: 1, Constant: -1}, {OpCode: OpCodeExit}}},
		{"18210000 05000000 00000000 07000000", []Instruction{{OpCode: OpCodeLoadImm64, Dst: 1, Src: PseudoMapValue, Constant: 7<<32 | 5}}},
		{"18010000 00000080 00000000 00000000", []Instruction{{OpCode: OpCodeLoadImm64, Dst: 1, Constant: 0x80000000}}},
		{"0600 0000 a0860100", []Instruction{{OpCode: 0x06, Constant: 100000}}},
		{"c5010300 65000000", []Instruction{{OpCode: 0xc5, Dst: 1, Offset: 3, Constant: 101}}},
		{"07010000 00000080", []Instruction{{OpCode: 0x07, Dst: 1, Constant: -1 << 31}}},
	} {
		got, err := Decode(mustHex(t, tc.hex))
		if err != nil {
			t.Errorf("Decode(%s): %v", tc.hex, err)
			continue
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Decode(%s) = %#v, want %#v", tc.hex, got, tc.want)
		}
	}
}
