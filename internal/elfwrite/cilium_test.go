package elfwrite_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"testing"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"vep/internal/elfobj"
	"vep/internal/elfwrite"
	"vep/internal/isa"
)

// ciliumFuncs splits the instructions of every program of spec at function
// symbols and returns them by function name.
func ciliumFuncs(spec *ebpf.CollectionSpec) map[string]asm.Instructions {
	out := make(map[string]asm.Instructions)
	for _, p := range spec.Programs {
		// Subprograms are linked into every program that calls them.
		prog := make(map[string]asm.Instructions)
		var name string
		for _, ins := range p.Instructions {
			if s := ins.Symbol(); s != "" {
				name = s
			}
			prog[name] = append(prog[name], ins)
		}
		for name, insns := range prog {
			if _, ok := out[name]; !ok {
				out[name] = insns
			}
		}
	}
	return out
}

// TestCiliumSpec loads every written object with cilium/ebpf and compares
// its view of the instructions, relocations and maps with ours.
func TestCiliumSpec(t *testing.T) {
	cases := testObjects()
	// Clang-built objects, read and written again.
	for _, name := range []string{"xdp_map", "calls", "mim", "legacy", "callback"} {
		b, err := os.ReadFile("../elfobj/testdata/" + name + ".o")
		if err != nil {
			t.Fatal(err)
		}
		obj, err := elfobj.Read(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cases = append(cases, struct {
			name string
			obj  *elfobj.Object
		}{"clang-" + name, obj})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := elfwrite.Write(tc.obj)
			if err != nil {
				t.Fatal(err)
			}
			spec, err := ebpf.LoadCollectionSpecFromReader(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("cilium/ebpf: %v", err)
			}
			funcs := ciliumFuncs(spec)
			for _, cs := range tc.obj.Code {
				if cs.Name != ".text" {
					for _, f := range cs.Funcs {
						p := spec.Programs[f.Name]
						if p == nil {
							t.Fatalf("cilium/ebpf has no program %s", f.Name)
						}
						if p.SectionName != cs.Name {
							t.Errorf("program %s: section %q, want %q", f.Name, p.SectionName, cs.Name)
						}
					}
				}
				for _, f := range cs.Funcs {
					got, ok := funcs[f.Name]
					if !ok && cs.Name == ".text" {
						continue // cilium/ebpf links only the subprograms a program uses
					}
					checkFunc(t, cs, f, got)
				}
			}
			if len(spec.Maps) != len(tc.obj.Maps) {
				t.Errorf("cilium/ebpf has %d maps, want %d", len(spec.Maps), len(tc.obj.Maps))
			}
			for _, m := range tc.obj.Maps {
				ms := spec.Maps[m.Name]
				if ms == nil {
					t.Errorf("cilium/ebpf has no map %s", m.Name)
					continue
				}
				checkMap(t, m, ms)
				if m.Inner != nil {
					if ms.InnerMap == nil {
						t.Errorf("map %s: cilium/ebpf has no inner map", m.Name)
					} else {
						checkMap(t, m.Inner, ms.InnerMap)
					}
				}
			}
		})
	}
}

// checkFunc compares the instructions of f with cilium's, by encoding. The
// immediates that relocations resolve are cleared on both sides; the
// relocation targets are compared with cilium's references instead.
func checkFunc(t *testing.T, cs *elfobj.CodeSection, f elfobj.Func, got asm.Instructions) {
	t.Helper()
	if len(got) != f.Len {
		t.Errorf("function %s: cilium/ebpf has %d instructions, want %d", f.Name, len(got), f.Len)
		return
	}
	relocs := make(map[int]elfobj.Reloc)
	for _, r := range cs.Relocs {
		relocs[r.Index] = r
	}
	for i := range f.Len {
		ins := cs.Insns[f.Start+i]
		c := got[i]
		r, relocated := relocs[f.Start+i]
		if relocated {
			ins.Constant = 0
			c.Constant = 0
			if ref := c.Reference(); ref != r.Symbol {
				t.Errorf("function %s: instruction %d: cilium/ebpf references %q, want %q", f.Name, i, ref, r.Symbol)
			}
		}
		want, err := isa.Encode([]isa.Instruction{ins})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := c.Marshal(&buf, binary.LittleEndian); err != nil {
			t.Fatalf("function %s: instruction %d: cilium marshal: %v", f.Name, i, err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("function %s: instruction %d: cilium/ebpf % x, want % x", f.Name, i, buf.Bytes(), want)
		}
	}
}

func checkMap(t *testing.T, m *elfobj.Map, ms *ebpf.MapSpec) {
	t.Helper()
	if uint32(ms.Type) != m.Type || ms.KeySize != m.KeySize || ms.ValueSize != m.ValueSize ||
		ms.MaxEntries != m.MaxEntries || ms.Flags != m.Flags {
		t.Errorf("map %s: cilium/ebpf %v key %d value %d max %d flags %d, want type %d key %d value %d max %d flags %d",
			m.Name, ms.Type, ms.KeySize, ms.ValueSize, ms.MaxEntries, ms.Flags,
			m.Type, m.KeySize, m.ValueSize, m.MaxEntries, m.Flags)
	}
}

// newCollection loads a written object into the kernel, or skips the test
// when this process may not.
func newCollection(t *testing.T, obj *elfobj.Object) *ebpf.Collection {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("loading BPF programs needs root")
	}
	b, err := elfwrite.Write(obj)
	if err != nil {
		t.Fatal(err)
	}
	spec, err := ebpf.LoadCollectionSpecFromReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	coll, err := ebpf.NewCollection(spec)
	if errors.Is(err, ebpf.ErrNotSupported) || errors.Is(err, os.ErrPermission) {
		t.Skipf("kernel does not let this process load BPF programs: %v", err)
	}
	if err != nil {
		t.Fatalf("loading into the kernel: %v", err)
	}
	t.Cleanup(func() { coll.Close() })
	return coll
}

// runXDP runs an XDP program once on a minimal Ethernet frame.
func runXDP(t *testing.T, p *ebpf.Program) uint32 {
	t.Helper()
	pkt := make([]byte, 64)
	ret, err := p.Run(&ebpf.RunOptions{Data: pkt})
	if errors.Is(err, ebpf.ErrNotSupported) || errors.Is(err, os.ErrPermission) {
		t.Skipf("BPF_PROG_TEST_RUN not available: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return ret
}

func TestKernelMapLookup(t *testing.T) {
	coll := newCollection(t, xdpMapObject())
	p := coll.Programs["xdp_map"]
	if got := runXDP(t, p); got != 0 {
		t.Errorf("with arr[0] = 0: returned %d, want 0", got)
	}
	if err := coll.Maps["arr"].Put(uint32(0), uint64(2)); err != nil {
		t.Fatal(err)
	}
	if got := runXDP(t, p); got != 2 {
		t.Errorf("with arr[0] = 2: returned %d, want 2 (XDP_PASS)", got)
	}
}

func TestKernelCalls(t *testing.T) {
	coll := newCollection(t, callsObject())
	if got := runXDP(t, coll.Programs["xdp_calls"]); got != 2 {
		t.Errorf("returned %d, want 2", got)
	}
}

func TestKernelMapInMap(t *testing.T) {
	coll := newCollection(t, mapInMapObject())
	p := coll.Programs["xdp_mim"]
	if got := runXDP(t, p); got != 1 {
		t.Errorf("with an empty outer map: returned %d, want 1", got)
	}
	inner, err := ebpf.NewMap(&ebpf.MapSpec{Type: ebpf.Array, KeySize: 4, ValueSize: 4, MaxEntries: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer inner.Close()
	if err := inner.Put(uint32(0), uint32(3)); err != nil {
		t.Fatal(err)
	}
	if err := coll.Maps["outer"].Put(uint32(0), inner); err != nil {
		t.Fatal(err)
	}
	if got := runXDP(t, p); got != 3 {
		t.Errorf("with inner[0] = 3: returned %d, want 3", got)
	}
}

// TestKernelClangObjects reads clang-built objects, writes them again and
// checks that every XDP program returns in the kernel what clang's original
// returns.
func TestKernelClangObjects(t *testing.T) {
	for _, name := range []string{"xdp_map", "calls"} {
		t.Run(name, func(t *testing.T) {
			orig, err := os.ReadFile("../elfobj/testdata/" + name + ".o")
			if err != nil {
				t.Fatal(err)
			}
			obj, err := elfobj.Read(orig)
			if err != nil {
				t.Fatal(err)
			}
			ours := newCollection(t, obj)
			spec, err := ebpf.LoadCollectionSpecFromReader(bytes.NewReader(orig))
			if err != nil {
				t.Fatal(err)
			}
			theirs, err := ebpf.NewCollection(spec)
			if err != nil {
				t.Fatalf("loading clang's object: %v", err)
			}
			defer theirs.Close()
			n := 0
			for pname, p := range theirs.Programs {
				want := runXDP(t, p)
				got := runXDP(t, ours.Programs[pname])
				if got != want {
					t.Errorf("program %s returned %d, clang's object %d", pname, got, want)
				}
				n++
			}
			if n == 0 {
				t.Fatal("no programs")
			}
		})
	}
}
