package interp

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"testing"

	"github.com/cilium/ebpf"

	"vep/internal/isa"
)

// TestKernelDifferentialMemory runs random XDP programs that mix ALU
// operations and forward jumps with packet loads and stores (plain and
// sign-extending), stack stores, loads and atomics, here and in the kernel,
// and compares the return value and the output packet.
func TestKernelDifferentialMemory(t *testing.T) {
	n := 1500
	if testing.Short() {
		n = 200
	}
	if _, err := loadKernelType(ebpf.XDP, []isa.Instruction{mov(r0, 2), exit()}); err != nil {
		if errors.Is(err, os.ErrPermission) {
			t.Skipf("bpf() not permitted: %v", err)
		}
		t.Skipf("cannot load a trivial XDP program: %v", err)
	}
	rng := rand.New(rand.NewPCG(7, 1969))
	compared, rejected := 0, map[string]int{}
	for i := range n {
		items := randomMemProgram(rng)
		insns, _, _ := assemble(t, items)
		prog, err := loadKernelType(ebpf.XDP, insns)
		if err != nil {
			var ve *ebpf.VerifierError
			if errors.As(err, &ve) && len(ve.Log) > 0 {
				rejected[lastLine(ve.Log)]++
				continue
			}
			t.Fatalf("program %d: load: %v", i, err)
		}
		pkt := make([]byte, 64+rng.IntN(16))
		for j := range pkt {
			pkt[j] = byte(randValue(rng))
		}
		opts := &ebpf.RunOptions{Data: pkt, DataOut: make([]byte, 256)}
		kret, err := prog.Run(opts)
		prog.Close()
		if err != nil {
			t.Fatalf("program %d: test run: %v", i, err)
		}
		res := runObj(t, object(t, "xdp", nil, items...), Input{Packet: pkt})
		compared++
		if res.Fault != nil || uint32(res.R0) != kret || !bytes.Equal(res.Packet, opts.DataOut) {
			t.Errorf("program %d: kernel returned %#x, interpreter %s\nkernel packet % x\nour packet    % x\n%s",
				i, kret, outcome(res), opts.DataOut, res.Packet, listing(insns))
			if compared > 3 {
				t.FailNow()
			}
		}
	}
	var reasons []string
	total := 0
	for r, c := range rejected {
		reasons = append(reasons, fmt.Sprintf("%d× %s", c, r))
		total += c
	}
	sort.Strings(reasons)
	t.Logf("%d programs: %d compared and matched, %d rejected by the verifier %v", n, compared, total, reasons)
	if compared < n*9/10 {
		t.Errorf("only %d of %d programs were compared", compared, n)
	}
}

func loadKernelType(typ ebpf.ProgramType, insns []isa.Instruction) (*ebpf.Program, error) {
	ai, err := toAsm(insns)
	if err != nil {
		return nil, err
	}
	return ebpf.NewProgram(&ebpf.ProgramSpec{Type: typ, Instructions: ai, License: "GPL"})
}

// randomMemProgram returns an XDP program over a packet of at least 64
// bytes. r9 holds data, r6 the context; r0-r5, r7 and r8 are scalars; the
// stack slots fp-8 ... fp-64 are initialised first.
func randomMemProgram(rng *rand.Rand) []any {
	scalars := []isa.Register{r0, r1, r2, r3, r4, r5, r7, r8}
	reg := func() isa.Register { return scalars[rng.IntN(len(scalars))] }
	sizes := []isa.Size{b, h, w, dw}
	items := []any{
		movr(r6, r1), ldx(w, r9, r6, 0), ldx(w, r3, r6, 4),
		movr(r4, r9), add(r4, 64), jmpX(isa.JumpJGT, r4, r3, "short"),
	}
	for _, r := range scalars {
		if rng.IntN(2) == 0 {
			items = append(items, lddw(r, randValue(rng)))
		} else {
			s := sizes[rng.IntN(4)]
			items = append(items, ldx(s, r, r9, int16(rng.IntN(64-s.Bytes()+1))))
		}
	}
	for off := int16(-8); off >= -64; off -= 8 {
		items = append(items, stx(dw, r10, off, reg()))
	}
	n := 10 + rng.IntN(25)
	for i := range n {
		items = append(items, fmt.Sprintf("L%d:", i))
		target := fmt.Sprintf("L%d", i+1+rng.IntN(n-i))
		s := sizes[rng.IntN(4)]
		pktOff := int16(rng.IntN(64 - s.Bytes() + 1))
		stackOff := -int16(8 * (1 + rng.IntN(8)))
		stackOff += int16(rng.IntN(8/s.Bytes()) * s.Bytes())
		switch k := rng.IntN(20); {
		case k < 6:
			op := []isa.ALUOp{isa.ALUAdd, isa.ALUSub, isa.ALUMul, isa.ALUXor, isa.ALUOr, isa.ALUAnd}[rng.IntN(6)]
			c := []isa.Class{a64, a32}[rng.IntN(2)]
			if rng.IntN(2) == 0 {
				items = append(items, aluX(c, op, reg(), reg()))
			} else {
				items = append(items, aluK(c, op, reg(), randImm(rng)))
			}
		case k < 9: // packet load
			if s != dw && rng.IntN(3) == 0 {
				items = append(items, ldxsx(s, reg(), r9, pktOff))
			} else {
				items = append(items, ldx(s, reg(), r9, pktOff))
			}
		case k < 11: // packet store
			if rng.IntN(2) == 0 {
				items = append(items, stx(s, r9, pktOff, reg()))
			} else {
				items = append(items, st(s, r9, pktOff, randImm(rng)))
			}
		case k < 13: // stack load
			if s != dw && rng.IntN(3) == 0 {
				items = append(items, ldxsx(s, reg(), r10, stackOff))
			} else {
				items = append(items, ldx(s, reg(), r10, stackOff))
			}
		case k < 15: // stack store
			if rng.IntN(2) == 0 {
				items = append(items, stx(s, r10, stackOff, reg()))
			} else {
				items = append(items, st(s, r10, stackOff, randImm(rng)))
			}
		case k < 17: // stack atomic
			as := []isa.Size{w, dw}[rng.IntN(2)]
			off := -int16(8 * (1 + rng.IntN(8)))
			if as == w {
				off += int16(4 * rng.IntN(2))
			}
			op := []int64{isa.AtomicAdd, isa.AtomicOr, isa.AtomicAnd, isa.AtomicXor,
				isa.AtomicAdd | isa.AtomicFetch, isa.AtomicOr | isa.AtomicFetch, isa.AtomicAnd | isa.AtomicFetch,
				isa.AtomicXor | isa.AtomicFetch, isa.AtomicXchg, isa.AtomicCmpXchg}[rng.IntN(10)]
			src := reg()
			if op == isa.AtomicCmpXchg && src == r0 {
				src = r1
			}
			items = append(items, atomic(as, r10, off, src, op))
		default:
			c := []isa.Class{isa.ClassJMP, isa.ClassJMP32}[rng.IntN(2)]
			op := []isa.JumpOp{isa.JumpJEQ, isa.JumpJGT, isa.JumpJGE, isa.JumpJSET, isa.JumpJNE,
				isa.JumpJSGT, isa.JumpJSGE, isa.JumpJLT, isa.JumpJLE, isa.JumpJSLT, isa.JumpJSLE}[rng.IntN(11)]
			ins := isa.Instruction{OpCode: isa.JumpOpCode(c, op, isa.SourceX), Dst: reg(), Src: reg()}
			items = append(items, toLabel{ins, target})
		}
	}
	items = append(items, fmt.Sprintf("L%d:", n))
	for _, r := range scalars[1:] {
		items = append(items, aluK(a64, isa.ALUMul, r0, 31), aluX(a64, isa.ALUXor, r0, r))
	}
	for off := int16(-8); off >= -64; off -= 8 {
		items = append(items, ldx(dw, r1, r10, off), aluK(a64, isa.ALUMul, r0, 31), aluX(a64, isa.ALUXor, r0, r1))
	}
	items = append(items, movr(r1, r0), aluK(a64, isa.ALURsh, r1, 32), aluX(a64, isa.ALUXor, r0, r1),
		aluK(a64, isa.ALUAnd, r0, 0x7fffffff), exit(), "short:", mov(r0, 1), exit())
	return items
}
