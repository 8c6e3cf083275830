package proofs_test

import (
	"crypto/sha256"
	"fmt"
	"os"
	"testing"
	"time"

	"vep/proofs"
	"vep/solver"
)

func FuzzZZWatch(f *testing.F) {
	var vcs []proofs.VC
	for _, src := range fuzzVCs {
		vc := parseVC(f, src)
		vcs = append(vcs, vc)
		res, _ := solver.Prove(vc, nil, solver.Options{})
		data, _ := proofs.MarshalEntailment(res.Proof)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan bool)
		go func() {
			select {
			case <-done:
			case <-time.After(2 * time.Second):
				h := sha256.Sum256(data)
				os.WriteFile(fmt.Sprintf("/tmp/fz/slow-%x", h[:6]), data, 0o644)
			}
		}()
		defer close(done)
		p, err := proofs.UnmarshalEntailment(data, nil)
		if err != nil {
			return
		}
		_ = p.String()
		for _, vc := range vcs {
			_ = proofs.CheckEntailment(vc, nil, p)
		}
	})
}
