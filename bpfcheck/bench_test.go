package bpfcheck

import "testing"

// BenchmarkCheck measures Check on each safe program (a complete object
// with its proofs).
func BenchmarkCheck(b *testing.B) {
	for _, c := range append(safe, struct{ name, src string }{"probe read", probeRead}) {
		obj, _, err := compile(b, c.src)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(obj)))
			for b.Loop() {
				if rep, err := Check(obj); err != nil || !rep.Accepted() {
					b.Fatal("rejected")
				}
			}
		})
	}
}
