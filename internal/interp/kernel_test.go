package interp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"vep/internal/isa"
)

// TestKernelDifferential runs random straight-line ALU and jump programs
// both here and in the kernel (BPF_PROG_TEST_RUN on a socket filter) and
// compares the results. It is skipped where bpf() is not permitted.
func TestKernelDifferential(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	probe := []isa.Instruction{mov(r0, 0), exit()}
	if _, err := loadKernel(probe); err != nil {
		if errors.Is(err, os.ErrPermission) {
			t.Skipf("bpf() not permitted: %v", err)
		}
		t.Skipf("cannot load a trivial socket filter: %v", err)
	}
	rng := rand.New(rand.NewPCG(42, 2026))
	compared, rejected := 0, map[string]int{}
	for i := range n {
		items := randomProgram(rng)
		ctx := randomSkb(rng)
		insns, _, _ := assemble(t, items)
		prog, err := loadKernel(insns)
		if err != nil {
			var ve *ebpf.VerifierError
			if errors.As(err, &ve) && len(ve.Log) > 0 {
				rejected[lastLine(ve.Log)]++
				continue
			}
			t.Fatalf("program %d: load: %v", i, err)
		}
		data := make([]byte, 14)
		kret, err := prog.Run(&ebpf.RunOptions{Data: data, Context: ctx})
		prog.Close()
		if err != nil {
			t.Fatalf("program %d: test run: %v", i, err)
		}
		res := runObj(t, object(t, "socket", nil, items...), Input{Packet: data, Context: ctx})
		compared++
		if res.Fault != nil || uint32(res.R0) != kret {
			t.Errorf("program %d: kernel returned %#x, interpreter %s\n%s", i, kret, outcome(res), listing(insns))
			if t.Failed() && compared > 5 {
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

func lastLine(log []string) string {
	for i := len(log) - 1; i >= 0; i-- {
		if s := strings.TrimSpace(log[i]); s != "" && !strings.HasPrefix(s, "processed ") && !strings.HasPrefix(s, "verification time") && !strings.HasPrefix(s, "stack depth") {
			return s
		}
	}
	return "?"
}

// encode is a local encoder, so this test does not depend on isa.Encode.
func encode(insns []isa.Instruction) []byte {
	var b []byte
	for _, ins := range insns {
		b = append(b, byte(ins.OpCode), byte(ins.Dst)|byte(ins.Src)<<4)
		b = binary.LittleEndian.AppendUint16(b, uint16(ins.Offset))
		b = binary.LittleEndian.AppendUint32(b, uint32(ins.Constant))
		if ins.IsLoadImm64() {
			b = append(b, 0, 0, 0, 0)
			b = binary.LittleEndian.AppendUint32(b, uint32(uint64(ins.Constant)>>32))
		}
	}
	return b
}

// toAsm decodes our encoding with cilium/ebpf's decoder.
func toAsm(insns []isa.Instruction) (asm.Instructions, error) {
	var ai asm.Instructions
	r := bytes.NewReader(encode(insns))
	for r.Len() > 0 {
		var ins asm.Instruction
		if err := ins.Unmarshal(r, binary.LittleEndian, "linux"); err != nil {
			return nil, err
		}
		ai = append(ai, ins)
	}
	return ai, nil
}

func loadKernel(insns []isa.Instruction) (*ebpf.Program, error) {
	ai, err := toAsm(insns)
	if err != nil {
		return nil, err
	}
	return ebpf.NewProgram(&ebpf.ProgramSpec{Type: ebpf.SocketFilter, Instructions: ai, License: "GPL"})
}

func listing(insns []isa.Instruction) string {
	ai, err := toAsm(insns)
	if err != nil {
		return err.Error()
	}
	return fmt.Sprint(ai)
}

var edgeValues = []uint64{0, 1, 2, 7, 31, 32, 63, 64, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
	0x7fffffff, 0x80000000, 0xffffffff, 0x100000000, 0x7fffffffffffffff, 0x8000000000000000,
	0xffffffffffffffff, 0xfffffffffffffffe, 0xffffffff80000000, 0xffffffff00000000}

func randValue(rng *rand.Rand) uint64 {
	switch rng.IntN(4) {
	case 0:
		return edgeValues[rng.IntN(len(edgeValues))]
	case 1:
		return uint64(rng.IntN(16))
	case 2:
		return uint64(int64(int32(rng.Uint32())))
	}
	return rng.Uint64()
}

func randImm(rng *rand.Rand) int32 { return int32(randValue(rng)) }

// randomSkb returns a __sk_buff image for BPF_PROG_TEST_RUN whose mark,
// priority and cb[] fields (the ones test runs accept) are random.
func randomSkb(rng *rand.Rand) []byte {
	ctx := make([]byte, 192)
	for _, off := range skbInputs {
		binary.LittleEndian.PutUint32(ctx[off:], uint32(randValue(rng)))
	}
	return ctx
}

// skbInputs are the offsets of mark, priority and cb[0..4].
var skbInputs = []int16{8, 32, 48, 52, 56, 60, 64}

// randomProgram returns items for assemble: initialise r0-r9, a body of
// ALU and forward-jump instructions, then fold all registers into w0.
// Registers r1-r8 are either constants or, so that the verifier cannot
// fold them, constants mixed with 32-bit context fields.
func randomProgram(rng *rand.Rand) []any {
	items := []any{movr(r9, r1)}
	for r := r1; r <= r8; r++ {
		items = append(items, lddw(r, randValue(rng)))
		if rng.IntN(3) > 0 {
			lo, hi := skbInputs[rng.IntN(len(skbInputs))], skbInputs[rng.IntN(len(skbInputs))]
			items = append(items,
				ldx(isa.SizeW, r0, r9, lo), aluX(a64, isa.ALUXor, r, r0),
				ldx(isa.SizeW, r0, r9, hi), aluK(a64, isa.ALULsh, r0, 32), aluX(a64, isa.ALUXor, r, r0))
		}
	}
	items = append(items, lddw(r0, randValue(rng)), lddw(r9, randValue(rng)))
	n := 10 + rng.IntN(30)
	aluOps := []isa.ALUOp{isa.ALUAdd, isa.ALUSub, isa.ALUMul, isa.ALUDiv, isa.ALUOr, isa.ALUAnd,
		isa.ALULsh, isa.ALURsh, isa.ALUNeg, isa.ALUMod, isa.ALUXor, isa.ALUMov, isa.ALUArsh, isa.ALUEnd}
	jumpOps := []isa.JumpOp{isa.JumpJEQ, isa.JumpJGT, isa.JumpJGE, isa.JumpJSET, isa.JumpJNE,
		isa.JumpJSGT, isa.JumpJSGE, isa.JumpJLT, isa.JumpJLE, isa.JumpJSLT, isa.JumpJSLE}
	reg := func() isa.Register { return isa.Register(rng.IntN(10)) }
	for i := range n {
		items = append(items, fmt.Sprintf("L%d:", i))
		target := fmt.Sprintf("L%d", i+1+rng.IntN(n-i))
		switch k := rng.IntN(10); {
		case k < 7: // ALU
			c := isa.ClassALU64
			if rng.IntN(2) == 0 {
				c = isa.ClassALU
			}
			op := aluOps[rng.IntN(len(aluOps))]
			ins := isa.Instruction{OpCode: isa.ALUOpCode(c, op, isa.SourceK), Dst: reg()}
			x := rng.IntN(2) == 0
			switch op {
			case isa.ALUNeg:
				items = append(items, ins)
				continue
			case isa.ALUEnd:
				ins.Constant = []int64{16, 32, 64}[rng.IntN(3)]
				if c == isa.ClassALU && rng.IntN(2) == 0 {
					ins.OpCode = isa.ALUOpCode(c, op, isa.SourceX)
				}
				items = append(items, ins)
				continue
			case isa.ALUDiv, isa.ALUMod:
				ins.Offset = int16(rng.IntN(2))
				if !x {
					for ins.Constant == 0 {
						ins.Constant = int64(randImm(rng))
					}
				}
			case isa.ALULsh, isa.ALURsh, isa.ALUArsh:
				width := int64(64)
				if c == isa.ClassALU {
					width = 32
				}
				ins.Constant = rng.Int64N(width)
			case isa.ALUMov:
				if x && rng.IntN(2) == 0 {
					ins.Offset = []int16{8, 16, 32}[rng.IntN(3)]
					if c == isa.ClassALU && ins.Offset == 32 {
						ins.Offset = 16
					}
				}
			}
			if x {
				ins.OpCode = isa.ALUOpCode(c, op, isa.SourceX)
				ins.Src, ins.Constant = reg(), 0
			} else if ins.Constant == 0 && op != isa.ALULsh && op != isa.ALURsh && op != isa.ALUArsh {
				ins.Constant = int64(randImm(rng))
			}
			items = append(items, ins)
		case k < 9: // conditional jump
			c := isa.ClassJMP
			if rng.IntN(2) == 0 {
				c = isa.ClassJMP32
			}
			op := jumpOps[rng.IntN(len(jumpOps))]
			ins := isa.Instruction{OpCode: isa.JumpOpCode(c, op, isa.SourceK), Dst: reg(), Constant: int64(randImm(rng))}
			if rng.IntN(2) == 0 {
				ins.OpCode = isa.JumpOpCode(c, op, isa.SourceX)
				ins.Src, ins.Constant = reg(), 0
			}
			items = append(items, toLabel{ins, target})
		default: // unconditional: ja or gotol, behind a branch around it
			// so that the verifier's CFG check sees no unreachable code
			after := fmt.Sprintf("M%d", i)
			items = append(items, jmpK(isa.JumpJSET, reg(), randImm(rng), after))
			if rng.IntN(2) == 0 {
				items = append(items, ja(target))
			} else {
				items = append(items, toLabel{isa.Instruction{OpCode: isa.JumpOpCode(isa.ClassJMP32, isa.JumpJA, isa.SourceK)}, target})
			}
			items = append(items, after+":")
		}
	}
	items = append(items, fmt.Sprintf("L%d:", n))
	for r := r1; r <= r9; r++ {
		items = append(items, aluK(a64, isa.ALUMul, r0, 31), aluX(a64, isa.ALUXor, r0, r))
	}
	items = append(items, movr(r1, r0), aluK(a64, isa.ALURsh, r1, 32), aluX(a64, isa.ALUXor, r0, r1), exit())
	return items
}
