package isa

import (
	"errors"
	"strings"
	"testing"
)

// TestParseAccepts lists inputs in the spellings clang and llvm-mc accept and
// the canonical text that String prints for them.
func TestParseAccepts(t *testing.T) {
	for _, tc := range []struct {
		in, want, sym string
	}{
		{"r0 = *(u32 *)(r7 + 4)", "w0 = *(u32 *)(r7 + 4)", ""},
		{"w0 = *(u32 *)(r7 + 4)", "", ""},
		{"r0 = *(u64 *)(r10 - 8)", "", ""},
		{"r0 = *(s8 *)(r7 + 0x10)", "r0 = *(s8 *)(r7 + 16)", ""},
		{"r1 = *(u8 *)(r2 - 32768)", "w1 = *(u8 *)(r2 - 32768)", ""},
		{"*(u32 *)(r1 + 4) = r2", "*(u32 *)(r1 + 4) = w2", ""},
		{"*(u32*)(r1+4)=w2", "*(u32 *)(r1 + 4) = w2", ""},
		{"*(u64 *)(r1 + 4) = -5", "", ""},
		{"*(u32 *)(r1 + 4) = 0xffffffff", "*(u32 *)(r1 + 4) = -1", ""},
		{"w1 += w2", "", ""},
		{"r1 += -2", "", ""},
		{"r1 += 4294967295", "r1 += -1", ""},
		{"r1 s/= r2", "", ""},
		{"w1 s%= 3", "", ""},
		{"r1 s>>= 63", "", ""},
		{"r1=r2", "r1 = r2", ""},
		{"r1 = -r1", "", ""},
		{"w1 = - 5", "w1 = -5", ""},
		{"r1 = +5", "r1 = 5", ""},
		{"r1 = 0x80000000", "r1 = -2147483648", ""},
		{"r1 = 0x1234 ll", "r1 = 4660 ll", ""},
		{"r1 = 18446744073709551615 ll", "r1 = -1 ll", ""},
		{"r1 = -9223372036854775808 ll", "", ""},
		{"r1 = NAME ll", "ld_pseudo r1, 1, 0", "NAME"},
		{"r9 = .L.map_2 ll", "ld_pseudo r9, 1, 0", ".L.map_2"},
		{"ld_pseudo r1, 2, 5", "", ""},
		{"ld_pseudo r1, 2, 5, 7", "", ""},
		{"ld_pseudo r1, 1, -1", "ld_pseudo r1, 1, 4294967295", ""},
		{"ld_pseudo r1, 0, 5", "r1 = 5 ll", ""},
		{"if r1 s<= r4 goto +3", "", ""},
		{"if w1 > 5 goto LBB0_3", "if w1 > 5 goto +0", "LBB0_3"},
		{"if r1 & 0x10 goto -1", "if r1 & 16 goto -1", ""},
		{"if r1 s<= r4 goto+3", "if r1 s<= r4 goto +3", ""},
		{"if w2 s>= -5 goto 7", "if w2 s>= -5 goto +7", ""},
		{"call 1", "", ""},
		{"call -3", "", ""},
		{"call 0xffffffff", "call -1", ""},
		{"call fn", "call pc+0", "fn"},
		{"call pc", "call pc+0", "pc"},
		{"call pc-3", "", ""},
		{"call pc + 5", "call pc+5", ""},
		{"call kfunc 77", "", ""},
		{"call kfunc", "call pc+0", "kfunc"},
		{"gotol +100000", "", ""},
		{"gotol LBB1_2", "gotol +0", "LBB1_2"},
		{"goto -32768", "", ""},
		{"goto 5", "goto +5", ""},
		{"goto L", "goto +0", "L"},
		{"r1 = be16 r1", "", ""},
		{"r1 = le64 r1", "", ""},
		{"r1 = bswap32 r1", "", ""},
		{"r1 = (s8)r2", "", ""},
		{"r1 = ( s32 ) r2", "r1 = (s32)r2", ""},
		{"w1 = (s16)w2", "", ""},
		{"lock *(u64 *)(r1 + 0) += r2", "", ""},
		{"lock *(u32 *)(r1 + 0) += r2", "lock *(u32 *)(r1 + 0) += w2", ""},
		{"lock *(u32 *)(r1 - 8) ^= w2", "", ""},
		{"r0 = atomic_fetch_add((u64 *)(r1 + 0), r0)", "", ""},
		{"w3 = atomic_fetch_and((u32 *)(r1 - 4), w3)", "", ""},
		{"r0 = cmpxchg_64(r1 + 0, r0, r2)", "", ""},
		{"w0 = cmpxchg32_32(r1 + 0, w0, w2)", "", ""},
		{"r2 = xchg_64(r1 + 0, r2)", "", ""},
		{"w2 = xchg32_32(r1 - 2, w2)", "", ""},
		{"r0 = *(u8 *)skb[12]", "", ""},
		{"r0 = *(u32 *)skb[0x10]", "r0 = *(u32 *)skb[16]", ""},
		{"r0 = *(u16 *)skb[r9]", "", ""},
		{"r0 = *(u16 *)skb[r9 - 4]", "", ""},
		{"\texit ", "exit", ""},
	} {
		ins, sym, err := ParseInstruction(tc.in)
		if err != nil {
			t.Errorf("ParseInstruction(%q): %v", tc.in, err)
			continue
		}
		want := tc.want
		if want == "" {
			want = tc.in
		}
		if got := ins.String(); got != want || sym != tc.sym {
			t.Errorf("ParseInstruction(%q) prints %q with sym %q, want %q with %q", tc.in, got, sym, want, tc.sym)
		}
		if sym != "" {
			text := ins.Format(sym)
			again, sym2, err := ParseInstruction(text)
			if err != nil || again != ins || sym2 != sym {
				t.Errorf("Format(%q) = %q parses as %v, %q, %v", sym, text, again, sym2, err)
			}
		}
	}
}

// TestParseRejects lists inputs that ParseInstruction rejects, most of which
// llvm-mc rejects too; each names the column of the problem.
func TestParseRejects(t *testing.T) {
	for _, tc := range []struct {
		in   string
		col  int
		want string
	}{
		{"", 1, "unknown instruction"},
		{"nop", 1, "unknown instruction"},
		{"R1 = R2", 1, "unknown instruction"},
		{"r11 = 1", 1, "invalid register r11"},
		{"r01 = 1", 1, "invalid register"},
		{"w1 += r2", 7, "wrong width"},
		{"r1 += w2", 7, "wrong width"},
		{"if w1 == r2 goto +3", 10, "wrong width"},
		{"if r1 == w2 goto +3", 10, "wrong width"},
		{"r1 = (s8)w2", 10, "wrong width"},
		{"w1 = (s32)w2", 7, "sign-extension type"},
		{"w1 = (s8)r2", 10, "wrong width"},
		{"r1 = -r2", 7, "must be r1"},
		{"w1 = -r1", 7, "wrong width"},
		{"w0 = *(u64 *)(r7 + 4)", 1, "needs an r register"},
		{"w0 = *(s8 *)(r7 + 4)", 1, "needs an r register"},
		{"*(u64 *)(r1 + 4) = w2", 20, "64-bit register"},
		{"r0 = *(u32 *)(w7 + 4)", 15, "64-bit register"},
		{"*(u32 *)(r1 + -4) = r2", 15, "expected an offset"},
		{"*(u32 *)(r1 + 32768) = r2", 15, "out of 16-bit range"},
		{"*(u32 *)(r1 - 32769) = r2", 15, "out of 16-bit range"},
		{"*(u32 *)(r1) = r2", 12, "expected \"+\" or \"-\""},
		{"*(u128 *)(r1 + 0) = r2", 3, "expected one of"},
		{"lock *(u64 *)(r1 + 0) += w2", 26, "64-bit register"},
		{"lock *(u16 *)(r1 + 0) += w2", 8, "expected one of"},
		{"lock *(u64 *)(r1 + 0) -= r2", 23, "expected one of"},
		{"lock *(u32 *)(r1 + 0) ^= r2", 26, "wrong width"},
		{"lock *(u32 *)(r1 + 0) |= r2", 26, "wrong width"},
		{"lock *(u64 *)(r1 + 0) += 5", 26, "expected a register"},
		{"r0 = atomic_fetch_add((u32 *)(r1 + 0), r0)", 1, "wrong width"},
		{"r0 = atomic_fetch_add((u64 *)(r1 + 0), r2)", 40, "must be r0"},
		{"r3 = cmpxchg_64(r1 + 0, r3, r2)", 6, "r0"},
		{"r0 = cmpxchg_64(r1 + 0, r0, w2)", 29, "wrong width"},
		{"w0 = cmpxchg_64(r1 + 0, w0, w2)", 6, "needs r registers"},
		{"w2 = xchg_64(r1 + 0, w2)", 6, "needs r registers"},
		{"r2 = xchg32_32(r1 + 0, r2)", 6, "needs w registers"},
		{"r2 = xchg_64(r1 + 0, r3)", 22, "must be r2"},
		{"w1 = be16 w1", 1, "needs an r register"},
		{"r1 = be16 r2", 11, "must be r1"},
		{"r1 = bswap16 w1", 14, "wrong width"},
		{"r1 = be8 r1", 10, "expected \"ll\""},
		{"r1 = 4294967296", 6, "does not fit in 32 bits"},
		{"r1 = -2147483649", 6, "does not fit in 32 bits"},
		{"w1 = 5 ll", 1, "needs an r register"},
		{"r1 = 18446744073709551616 ll", 6, "does not fit in 64 bits"},
		{"r1 = -9223372036854775809 ll", 6, "does not fit in 64 bits"},
		{"r1 = 5ll", 6, "malformed number"},
		{"r1 = 5 LL", 8, "unexpected \"LL\""},
		{"r1 = 010", 6, "leading zero"},
		{"r1 = 0x", 6, "malformed number"},
		{"r1 = 1+2", 7, "unexpected \"+\""},
		{"r1 = r2 ll", 9, "unexpected \"ll\""},
		{"r1 = sym", 9, "expected \"ll\""},
		{"r1 = sym + 8 ll", 10, "expected \"ll\""},
		{"r1 = ~r1", 6, "unexpected character"},
		{"r1 s<<= 3", 5, "expected s/="},
		{"r1 s >>= 3", 6, "expected s/="},
		{"if r1 s == r2 goto +1", 9, "signed comparison"},
		{"if r1 s> r2 goto r3", 18, "expected a symbol"},
		{"if r1 =! r2 goto +1", 8, "unexpected character"},
		{"if r1 = r2 goto +1", 7, "expected a comparison"},
		{"if r1 > r2 goto", 16, "expected a number"},
		{"if r1 > r2", 11, "expected \"goto\""},
		{"goto +32768", 6, "out of range"},
		{"goto -32769", 6, "out of range"},
		{"gotol +2147483648", 7, "out of range"},
		{"call 4294967296", 6, "does not fit in 32 bits"},
		{"call r1", 6, "expected a symbol"},
		{"call pc+2147483648", 8, "out of range"},
		{"callx r1", 1, "unknown instruction"},
		{"exit 0", 6, "after instruction"},
		{"exit;", 5, "unexpected character"},
		{"exit # comment", 6, "unexpected character"},
		{"r0 = *(u8 *)skb[r2 + 4294967295]", 22, "does not fit in 32 bits"},
		{"r1 = *(u8 *)skb[12]", 1, "must load into r0"},
		{"w0 = *(u8 *)skb[12]", 1, "must load into r0"},
		{"r0 = *(u64 *)skb[12]", 8, "not supported"},
		{"r0 = *(s8 *)skb[12]", 8, "not supported"},
		{"ld_pseudo r1, 7, 5", 15, "pseudo source"},
		{"ld_pseudo w1, 1, 5", 11, "64-bit register"},
		{"ld_pseudo r1, 1, 5, 7", 1, "second immediate"},
		{"ld_pseudo r1, 2, 4294967296", 18, "does not fit in 32 bits"},
		{"r10 = (s64)r1", 8, "sign-extension type"},
	} {
		ins, sym, err := ParseInstruction(tc.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("ParseInstruction(%q) = %v, %q, %v; want *SyntaxError", tc.in, ins, sym, err)
			continue
		}
		if se.Col != tc.col || !strings.Contains(se.Msg, tc.want) {
			t.Errorf("ParseInstruction(%q): %v; want column %d containing %q", tc.in, err, tc.col, tc.want)
		}
	}
}

func TestFormatSymbol(t *testing.T) {
	for _, tc := range []struct {
		ins  Instruction
		sym  string
		want string
	}{
		{Instruction{OpCode: JumpOpCode(ClassJMP, JumpJA, SourceK), Offset: 3}, "L1", "goto L1"},
		{Instruction{OpCode: JumpOpCode(ClassJMP32, JumpJA, SourceK), Constant: 3}, "L1", "gotol L1"},
		{Instruction{OpCode: JumpOpCode(ClassJMP32, JumpJSLT, SourceX), Dst: 1, Src: 2, Offset: 3}, "LBB0_3", "if w1 s< w2 goto LBB0_3"},
		{Instruction{OpCode: OpCodeCall, Src: CallLocal, Constant: -1}, "f", "call f"},
		{Instruction{OpCode: OpCodeCall, Src: CallHelper, Constant: 1}, "f", "call 1"},
		{Instruction{OpCode: OpCodeCall, Src: CallKfunc, Constant: 9}, "f", "call kfunc 9"},
		{Instruction{OpCode: OpCodeLoadImm64, Dst: 1, Src: PseudoMapFD}, "counts", "r1 = counts ll"},
		{Instruction{OpCode: OpCodeLoadImm64, Dst: 1, Src: PseudoMapValue, Constant: 8 << 32}, "counts", "ld_pseudo r1, 2, 0, 8"},
		{Instruction{OpCode: OpCodeLoadImm64, Dst: 1, Constant: 5}, "x", "r1 = 5 ll"},
		{Instruction{OpCode: OpCodeExit}, "x", "exit"},
		{Instruction{OpCode: 0xff}, "", ".invalid opcode=0xff dst=0 src=0 offset=0 imm=0"},
	} {
		got := tc.ins.Format(tc.sym)
		if got != tc.want {
			t.Errorf("Format(%q) of %#v = %q, want %q", tc.sym, tc.ins, got, tc.want)
		}
		if strings.HasPrefix(got, ".invalid") {
			continue
		}
		ins, sym, err := ParseInstruction(got)
		if err != nil {
			t.Errorf("ParseInstruction(%q): %v", got, err)
			continue
		}
		if ins.Format(sym) != got {
			t.Errorf("ParseInstruction(%q) formats as %q", got, ins.Format(sym))
		}
	}
}
