package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/cilium/ebpf"
)

// TestObjectsLoadWithCiliumEBPF checks that a standard loader reads what
// vep asm writes, ignoring the .vep.spec section: cilium/ebpf finds every
// program with its instructions and every map.
func TestObjectsLoadWithCiliumEBPF(t *testing.T) {
	setup(t)
	for _, tc := range []struct {
		name  string
		prog  string
		insns int // in cilium/ebpf's count, where a 64-bit load is one
		maps  []string
	}{
		{"pass", "prog", 8, nil},
		{"map", "prog", 10, []string{"counts"}},
	} {
		var out, errb bytes.Buffer
		if code := run([]string{"asm", tc.name + ".s"}, nil, &out, &errb); code != 0 {
			t.Fatalf("asm %s: %s", tc.name, errb.String())
		}
		b, err := os.ReadFile(tc.name + ".o")
		if err != nil {
			t.Fatal(err)
		}
		spec, err := ebpf.LoadCollectionSpecFromReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: cilium/ebpf: %v", tc.name, err)
		}
		p, ok := spec.Programs[tc.prog]
		if !ok {
			t.Fatalf("%s: no program %s among %v", tc.name, tc.prog, spec.Programs)
		}
		if len(p.Instructions) != tc.insns {
			t.Errorf("%s: %d instructions, want %d", tc.name, len(p.Instructions), tc.insns)
		}
		for _, m := range tc.maps {
			if _, ok := spec.Maps[m]; !ok {
				t.Errorf("%s: no map %s", tc.name, m)
			}
		}
	}
}
