package interp

import (
	"testing"

	"vep/internal/isa"
)

const (
	a64 = isa.ClassALU64
	a32 = isa.ClassALU
)

func sdivX(c isa.Class, dst, src isa.Register) isa.Instruction {
	ins := aluX(c, isa.ALUDiv, dst, src)
	ins.Offset = 1
	return ins
}

func smodX(c isa.Class, dst, src isa.Register) isa.Instruction {
	ins := aluX(c, isa.ALUMod, dst, src)
	ins.Offset = 1
	return ins
}

func movsx(c isa.Class, dst, src isa.Register, bits int16) isa.Instruction {
	ins := aluX(c, isa.ALUMov, dst, src)
	ins.Offset = bits
	return ins
}

func endianIns(c isa.Class, src isa.Source, dst isa.Register, width int64) isa.Instruction {
	return isa.Instruction{OpCode: isa.ALUOpCode(c, isa.ALUEnd, src), Dst: dst, Constant: width}
}

func TestALU(t *testing.T) {
	const min64 = 0x8000000000000000
	tests := []struct {
		name string
		prog []any
		want uint64
	}{
		{"add64 wraps", []any{lddw(r0, ^uint64(0)), add(r0, 2)}, 1},
		{"add32 zero-extends", []any{lddw(r0, 0xffffffff00000005), aluK(a32, isa.ALUAdd, r0, 1)}, 6},
		{"sub32 wraps", []any{mov(r0, 0), aluK(a32, isa.ALUSub, r0, 1)}, 0xffffffff},
		{"mul64 wraps", []any{lddw(r0, 1<<63|3), aluK(a64, isa.ALUMul, r0, 2)}, 6},
		{"mul32 of high bits", []any{lddw(r0, 0x1_0000_0003), aluK(a32, isa.ALUMul, r0, 3)}, 9},
		{"div64 by zero is 0", []any{mov(r0, 7), mov(r1, 0), aluX(a64, isa.ALUDiv, r0, r1)}, 0},
		{"div32 by zero is 0", []any{mov(r0, 7), mov(r1, 0), aluX(a32, isa.ALUDiv, r0, r1)}, 0},
		{"div32 by 2^32 is by 0", []any{mov(r0, 7), lddw(r1, 1<<32), aluX(a32, isa.ALUDiv, r0, r1)}, 0},
		{"mod64 by zero keeps dst", []any{lddw(r0, 0xffffffff00000007), mov(r1, 0), aluX(a64, isa.ALUMod, r0, r1)}, 0xffffffff00000007},
		{"mod32 by zero truncates dst", []any{lddw(r0, 0xffffffff00000007), mov(r1, 0), aluX(a32, isa.ALUMod, r0, r1)}, 7},
		{"udiv64 by -1 imm", []any{mov(r0, 100), aluK(a64, isa.ALUDiv, r0, -1)}, 0},
		{"udiv64 big", []any{lddw(r0, ^uint64(0)), mov(r1, 3), aluX(a64, isa.ALUDiv, r0, r1)}, 0x5555555555555555},
		{"umod64", []any{mov(r0, 100), mov(r1, 7), aluX(a64, isa.ALUMod, r0, r1)}, 2},
		{"sdiv64 INT_MIN/-1", []any{lddw(r0, min64), mov(r1, -1), sdivX(a64, r0, r1)}, min64},
		{"smod64 INT_MIN%-1", []any{lddw(r0, min64), mov(r1, -1), smodX(a64, r0, r1)}, 0},
		{"sdiv32 INT_MIN/-1", []any{mov(r0, -0x80000000), mov(r1, -1), sdivX(a32, r0, r1)}, 0x80000000},
		{"smod32 INT_MIN%-1", []any{mov(r0, -0x80000000), mov(r1, -1), smodX(a32, r0, r1)}, 0},
		{"sdiv64 truncates", []any{mov(r0, -7), mov(r1, 2), sdivX(a64, r0, r1)}, uint64(^uint64(2))},
		{"smod64 sign of dividend", []any{mov(r0, -7), mov(r1, 2), smodX(a64, r0, r1)}, ^uint64(0)},
		{"smod64 negative divisor", []any{mov(r0, 7), mov(r1, -2), smodX(a64, r0, r1)}, 1},
		{"sdiv64 by zero", []any{mov(r0, -7), mov(r1, 0), sdivX(a64, r0, r1)}, 0},
		{"smod64 by zero", []any{mov(r0, -7), mov(r1, 0), smodX(a64, r0, r1)}, ^uint64(6)},
		{"smod32 by zero", []any{mov(r0, -7), mov(r1, 0), smodX(a32, r0, r1)}, 0xfffffff9},
		{"sdiv32", []any{mov(r0, -7), mov(r1, 2), sdivX(a32, r0, r1)}, 0xfffffffd},
		{"sdiv64 imm", []any{mov(r0, -7), func() isa.Instruction { i := aluK(a64, isa.ALUDiv, r0, 2); i.Offset = 1; return i }()}, ^uint64(2)},
		{"lsh64 masks", []any{mov(r0, 1), mov(r1, 65), aluX(a64, isa.ALULsh, r0, r1)}, 2},
		{"lsh32 masks", []any{mov(r0, 1), mov(r1, 33), aluX(a32, isa.ALULsh, r0, r1)}, 2},
		{"rsh32 drops high bits", []any{lddw(r0, 0xff00000080000000), aluK(a32, isa.ALURsh, r0, 4)}, 0x08000000},
		{"arsh64", []any{lddw(r0, min64), aluK(a64, isa.ALUArsh, r0, 63)}, ^uint64(0)},
		{"arsh32", []any{mov(r0, -0x80000000), aluK(a32, isa.ALUArsh, r0, 31)}, 0xffffffff},
		{"arsh32 masks", []any{mov(r0, -0x80000000), mov(r1, 63), aluX(a32, isa.ALUArsh, r0, r1)}, 0xffffffff},
		{"neg64", []any{mov(r0, 5), aluK(a64, isa.ALUNeg, r0, 0)}, ^uint64(4)},
		{"neg32", []any{mov(r0, 5), aluK(a32, isa.ALUNeg, r0, 0)}, 0xfffffffb},
		{"or32", []any{lddw(r0, 0xffffffff00000001), aluK(a32, isa.ALUOr, r0, 2)}, 3},
		{"and64 imm sign-extends", []any{lddw(r0, 0xffffffff00000001), aluK(a64, isa.ALUAnd, r0, -1)}, 0xffffffff00000001},
		{"xor32", []any{mov(r0, 0xf0), aluK(a32, isa.ALUXor, r0, -1)}, 0xffffff0f},
		{"mov64 imm sign-extends", []any{mov(r0, -1)}, ^uint64(0)},
		{"mov32 imm zero-extends", []any{aluK(a32, isa.ALUMov, r0, -1)}, 0xffffffff},
		{"mov32 reg truncates", []any{lddw(r1, 0xffffffff12345678), aluX(a32, isa.ALUMov, r0, r1)}, 0x12345678},
		{"movsx8", []any{mov(r1, 0x80), movsx(a64, r0, r1, 8)}, 0xffffffffffffff80},
		{"movsx16", []any{mov(r1, 0x8000), movsx(a64, r0, r1, 16)}, 0xffffffffffff8000},
		{"movsx32", []any{lddw(r1, 0x80000000), movsx(a64, r0, r1, 32)}, 0xffffffff80000000},
		{"movsx32 positive", []any{lddw(r1, 0xffffffff7fffffff), movsx(a64, r0, r1, 32)}, 0x7fffffff},
		{"alu32 movsx8", []any{mov(r1, 0x80), movsx(a32, r0, r1, 8)}, 0xffffff80},
		{"alu32 movsx16", []any{mov(r1, 0x8000), movsx(a32, r0, r1, 16)}, 0xffff8000},
		{"be16", []any{lddw(r0, 0xaabbccdd12345678), endianIns(a32, isa.SourceX, r0, 16)}, 0x7856},
		{"be32", []any{lddw(r0, 0xaabbccdd12345678), endianIns(a32, isa.SourceX, r0, 32)}, 0x78563412},
		{"be64", []any{lddw(r0, 0x0102030405060708), endianIns(a32, isa.SourceX, r0, 64)}, 0x0807060504030201},
		{"le16", []any{lddw(r0, 0xaabbccdd12345678), endianIns(a32, isa.SourceK, r0, 16)}, 0x5678},
		{"le32", []any{lddw(r0, 0xaabbccdd12345678), endianIns(a32, isa.SourceK, r0, 32)}, 0x12345678},
		{"le64", []any{lddw(r0, 0xaabbccdd12345678), endianIns(a32, isa.SourceK, r0, 64)}, 0xaabbccdd12345678},
		{"bswap16", []any{lddw(r0, 0xaabbccdd12345678), endianIns(a64, isa.SourceK, r0, 16)}, 0x7856},
		{"bswap32", []any{lddw(r0, 0xaabbccdd12345678), endianIns(a64, isa.SourceK, r0, 32)}, 0x78563412},
		{"bswap64", []any{lddw(r0, 0x0102030405060708), endianIns(a64, isa.SourceK, r0, 64)}, 0x0807060504030201},
		{"lddw full 64 bits", []any{lddw(r0, 0x8000000000000001)}, 0x8000000000000001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runObj(t, object(t, "socket", nil, append(tt.prog, exit())...), Input{Packet: make([]byte, 14)})
			if res.Fault != nil {
				t.Fatalf("fault: %v", res.Fault)
			}
			if res.R0 != tt.want {
				t.Errorf("r0 = %#x, want %#x", res.R0, tt.want)
			}
		})
	}
}
