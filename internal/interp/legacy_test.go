package interp

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/cilium/ebpf"

	"vep/internal/isa"
)

func ldabs(s isa.Size, imm int32) isa.Instruction {
	return isa.Instruction{OpCode: isa.LoadStoreOp(isa.ClassLD, isa.ModeABS, s), Constant: int64(imm)}
}

func ldind(s isa.Size, src isa.Register, imm int32) isa.Instruction {
	return isa.Instruction{OpCode: isa.LoadStoreOp(isa.ClassLD, isa.ModeIND, s), Src: src, Constant: int64(imm)}
}

func TestLegacyLoads(t *testing.T) {
	runCases(t, []tcase{
		{name: "abs byte", prog: []any{movr(r6, r1), ldabs(b, 13), exit()}, want: "r0=0xd"},
		{name: "abs half is big-endian", prog: []any{movr(r6, r1), ldabs(h, 12), exit()}, want: "r0=0xc0d"},
		{name: "abs word", prog: []any{movr(r6, r1), ldabs(w, 10), exit()}, want: "r0=0xa0b0c0d"},
		{name: "abs past the end returns 0", prog: []any{movr(r6, r1), ldabs(w, 11), mov(r0, 7), exit()}, want: "r0=0x0"},
		{name: "negative offset returns 0", prog: []any{movr(r6, r1), ldabs(b, -1), mov(r0, 7), exit()}, want: "r0=0x0"},
		{name: "ind", prog: []any{movr(r6, r1), mov(r7, 3), ldind(h, r7, 9), exit()}, want: "r0=0xc0d"},
		{name: "ind wraps to 32 bits", prog: []any{movr(r6, r1), lddw(r7, 0x1_0000_0003), ldind(b, r7, 1), exit()}, want: "r0=0x4"},
		{name: "ind past the end", prog: []any{movr(r6, r1), mov(r7, 14), ldind(b, r7, 0), mov(r0, 7), exit()}, want: "r0=0x0"},
		{name: "clobbers r1-r5", prog: []any{movr(r6, r1), mov(r2, 1), ldabs(b, 0), movr(r0, r2), exit()}, want: "fault: read of uninitialised register r2"},
		{name: "needs ctx in r6", prog: []any{mov(r6, 0), ldabs(b, 0), exit()}, want: "fault: needs the context in r6"},
		{name: "ind needs a scalar", prog: []any{movr(r6, r1), ldind(b, r10, 0), exit()}, want: "fault: argument r10 must be a scalar"},
		{name: "returns from a subprogram only", prog: []any{movr(r6, r1), callLocal("fn_f"), add(r0, 5), exit(), "fn_f:", movr(r6, r1), ldabs(b, 100), mov(r0, 1), exit()}, want: "r0=0x5"},
		{name: "not in xdp", sec: "xdp", prog: []any{movr(r6, r1), ldabs(b, 0), exit()}, want: "fault: not allowed in xdp programs"},
		{name: "tc", sec: "tc", prog: []any{movr(r6, r1), ldabs(b, 5), exit()}, want: "r0=0x5"},
	})
}

// TestKernelDifferentialLegacy compares LD_ABS and LD_IND, in and out of
// bounds, with the kernel on tc programs.
func TestKernelDifferentialLegacy(t *testing.T) {
	n := 600
	if testing.Short() {
		n = 100
	}
	if _, err := loadKernelType(ebpf.SchedCLS, []isa.Instruction{mov(r0, 0), exit()}); err != nil {
		if errors.Is(err, os.ErrPermission) {
			t.Skipf("bpf() not permitted: %v", err)
		}
		t.Skipf("cannot load a trivial tc program: %v", err)
	}
	rng := rand.New(rand.NewPCG(3, 14))
	sizes := []isa.Size{b, h, w}
	compared, rejected := 0, 0
	for i := range n {
		items := []any{movr(r6, r1), mov(r7, int32(rng.IntN(80))), mov(r8, int32(rng.IntN(80))), mov(r9, 0)}
		for range 3 + rng.IntN(8) {
			s := sizes[rng.IntN(3)]
			if rng.IntN(2) == 0 {
				items = append(items, ldabs(s, int32(rng.IntN(72))))
			} else {
				items = append(items, ldind(s, []isa.Register{r7, r8}[rng.IntN(2)], int32(rng.IntN(40)-8)))
			}
			items = append(items, aluK(a64, isa.ALUMul, r9, 31), aluX(a64, isa.ALUXor, r9, r0))
			if rng.IntN(3) == 0 {
				items = append(items, aluX(a64, isa.ALUAdd, r7, r0), aluK(a64, isa.ALUAnd, r7, 63))
			}
		}
		items = append(items, movr(r0, r9), aluK(a64, isa.ALUOr, r0, 1), exit())
		insns, _, _ := assemble(t, items)
		prog, err := loadKernelType(ebpf.SchedCLS, insns)
		if err != nil {
			rejected++
			t.Logf("program %d rejected: %v", i, err)
			continue
		}
		pkt := make([]byte, 40+rng.IntN(30))
		for j := range pkt {
			pkt[j] = byte(rng.Uint32())
		}
		pkt[12], pkt[13] = 0x88, 0xb5 // a local EtherType: the kernel parses no IP header
		kret, err := prog.Run(&ebpf.RunOptions{Data: pkt})
		prog.Close()
		if err != nil {
			t.Fatalf("program %d: test run: %v", i, err)
		}
		res := runObj(t, object(t, "tc", nil, items...), Input{Packet: pkt})
		compared++
		if res.Fault != nil || uint32(res.R0) != kret {
			t.Fatalf("program %d: kernel %#x, interpreter %s\n%s", i, kret, outcome(res), listing(insns))
		}
	}
	t.Logf("%d programs: %d compared and matched, %d rejected", n, compared, rejected)
	if compared < n*9/10 {
		t.Error(fmt.Sprintf("only %d of %d compared", compared, n))
	}
}
