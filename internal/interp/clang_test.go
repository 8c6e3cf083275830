package interp

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cilium/ebpf"

	"vep/internal/elfobj"
)

const clangPath = "/usr/lib/llvm-19/bin/clang"

// ipv4 returns an Ethernet frame of n bytes carrying IPv4 with protocol p.
func ipv4(n int, p byte) []byte {
	f := packet(n)
	f[12], f[13] = 0x08, 0x00
	if n > 23 {
		f[23] = p
	}
	return f
}

// TestClangPrograms compiles the C programs in testdata with clang, reads
// them with elfobj.Read and runs each packet through the interpreter and,
// where bpf() is permitted, through the kernel with BPF_PROG_TEST_RUN,
// comparing return values, output packets and map contents.
func TestClangPrograms(t *testing.T) {
	if _, err := os.Stat(clangPath); err != nil {
		t.Skipf("clang-19 not installed: %v", err)
	}
	arp := packet(42)
	arp[12], arp[13] = 0x08, 0x06
	cases := []struct {
		file, section, prog string
		packets             [][]byte
		maps                []string
	}{
		{"parse", "xdp", "parse", [][]byte{ipv4(60, 6), ipv4(60, 17), ipv4(34, 6), ipv4(20, 6), arp, packet(14), ipv4(99, 1)}, []string{"proto_count"}},
		{"push", "xdp", "push", [][]byte{packet(14), packet(64), packet(17)}, nil},
		{"skb", "tc", "skb", [][]byte{packet(14), packet(20), ipv4(40, 1), packet(60), packet(1100)}, []string{"by_len"}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), tc.file+".o")
			cmd := exec.Command(clangPath, "-O2", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu",
				"-c", filepath.Join("testdata", tc.file+".c"), "-o", out)
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("clang: %v\n%s", err, msg)
			}
			raw, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			obj, err := elfobj.Read(raw)
			if err != nil {
				t.Fatalf("elfobj.Read: %v", err)
			}
			m, err := New(obj, Options{})
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			var prog *ebpf.Program
			var coll *ebpf.Collection
			spec, err := ebpf.LoadCollectionSpecFromReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			coll, err = ebpf.NewCollection(spec)
			switch {
			case errors.Is(err, os.ErrPermission):
				t.Logf("kernel comparison skipped: %v", err)
			case err != nil:
				t.Fatalf("kernel load: %v", err)
			default:
				defer coll.Close()
				prog = coll.Programs[tc.prog]
			}
			for i, p := range tc.packets {
				res, err := m.Run(tc.section, Input{Packet: p})
				if err != nil {
					t.Fatal(err)
				}
				if res.Fault != nil {
					t.Fatalf("packet %d: %v", i, res.Fault)
				}
				if prog == nil {
					continue
				}
				opts := &ebpf.RunOptions{Data: p, DataOut: make([]byte, 4096)}
				kret, err := prog.Run(opts)
				if err != nil {
					t.Fatalf("packet %d: kernel run: %v", i, err)
				}
				if uint32(res.R0) != kret {
					t.Errorf("packet %d: r0 = %d, kernel %d", i, res.R0, kret)
				}
				if !bytes.Equal(res.Packet, opts.DataOut) {
					t.Errorf("packet %d: output\n% x\nkernel\n% x", i, res.Packet, opts.DataOut)
				}
			}
			if prog == nil {
				return
			}
			for _, name := range tc.maps {
				ours, _ := m.Map(name)
				km := coll.Maps[name]
				n := 0
				var k, v []byte
				it := km.Iterate()
				for it.Next(&k, &v) {
					n++
					got, ok := ours.Lookup(k)
					if !ok || !bytes.Equal(got, v) {
						t.Errorf("map %s key % x: kernel % x, interpreter % x (%v)", name, k, v, got, ok)
					}
				}
				if err := it.Err(); err != nil {
					t.Fatal(err)
				}
				if n != len(ours.Keys()) {
					t.Errorf("map %s: kernel has %d keys, interpreter %d", name, n, len(ours.Keys()))
				}
			}
		})
	}
}
