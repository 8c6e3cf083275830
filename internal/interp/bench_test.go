package interp

import (
	"testing"

	"vep/internal/isa"
)

// BenchmarkLoop measures the interpreter's speed on a loop of ALU,
// stack and jump instructions (about 300k instructions per run).
func BenchmarkLoop(b *testing.B) {
	obj := object(b, "socket", nil,
		mov(r0, 0), mov(r1, 0), st(dw, r10, -8, 0),
		"loop:",
		addr(r0, r1), ldx(dw, r2, r10, -8), add(r2, 1), stx(dw, r10, -8, r2),
		add(r1, 1), jmpK(isa.JumpJLT, r1, 50000, "loop"),
		exit())
	m, err := New(obj, Options{})
	if err != nil {
		b.Fatal(err)
	}
	steps := 0
	for b.Loop() {
		res, err := m.Run("socket", Input{Packet: packet(14)})
		if err != nil || res.Fault != nil {
			b.Fatal(err, res.Fault)
		}
		steps = res.Steps
	}
	b.ReportMetric(float64(steps)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Minsn/s")
}
