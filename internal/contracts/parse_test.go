package contracts

import (
	"testing"

	"vep/sep"
)

// TestEveryContractParses parses and normalizes every helper contract and
// checks that it mentions only its parameters, its With constants and, in
// Ensure, __return.
func TestEveryContractParses(t *testing.T) {
	for _, h := range Helpers() {
		for vi, v := range h.Variants {
			c, err := v.Contract()
			if err != nil {
				t.Errorf("bpf_%s variant %d: %v", h.Name, vi, err)
				continue
			}
			scope := map[string]bool{}
			for _, p := range h.Params {
				scope[p.Name] = true
			}
			for _, w := range c.With {
				scope[w] = true
			}
			if err := sep.Check(c.Require, func(n string) bool { return scope[n] }); err != nil {
				t.Errorf("bpf_%s variant %d Require: %v", h.Name, vi, err)
			}
			if err := sep.Check(c.Ensure, func(n string) bool { return scope[n] || n == sep.ReturnName }); err != nil {
				t.Errorf("bpf_%s variant %d Ensure: %v", h.Name, vi, err)
			}
			for _, f := range []sep.Formula{c.Require, c.Ensure} {
				if _, err := sep.Normalize(f); err != nil {
					t.Errorf("bpf_%s variant %d: normalize %s: %v", h.Name, vi, f, err)
				}
			}
		}
	}
}

// TestConcurrentParse parses the table from many goroutines at once: the
// lazy, cached parse must be safe (run with -race).
func TestConcurrentParse(t *testing.T) {
	done := make(chan error)
	for range 8 {
		go func() {
			var first error
			for _, h := range Helpers() {
				for _, v := range h.Variants {
					if _, err := v.Contract(); err != nil && first == nil {
						first = err
					}
				}
			}
			for _, pt := range ProgramTypes() {
				if _, err := pt.Exit(sep.ModeBytecode); err != nil && first == nil {
					first = err
				}
			}
			done <- first
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
