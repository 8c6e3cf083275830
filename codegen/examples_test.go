package codegen

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/cilium/ebpf"

	"vep/cparse"
	"vep/internal/elfobj"
	"vep/internal/elfwrite"
	"vep/internal/interp"
	"vep/internal/isa"
)

const clangPath = "/usr/lib/llvm-19/bin/clang"

// exampleResult is what TestExamples found for one example.
type exampleResult struct {
	name         string
	ours, theirs int // instructions (all code sections)
	kernel       string
	clangKernel  string
	testRun      string
}

// samplePackets are the packets XDP and socket programs run on: TCP,
// UDP, a large ICMP packet and a runt.
func samplePackets() [][]byte {
	udp := samplePacket()
	udp[14+9] = 17
	icmp := make([]byte, 700)
	copy(icmp, samplePacket())
	icmp[14+9] = 1
	return [][]byte{samplePacket(), udp, icmp, samplePacket()[:20]}
}

// samplePacket is an Ethernet/IPv4/TCP packet of 74 bytes.
func samplePacket() []byte {
	p := make([]byte, 74)
	copy(p[0:], []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00})
	ip := p[14:]
	ip[0] = 0x45
	binary.BigEndian.PutUint16(ip[2:], 60)
	ip[8] = 64
	ip[9] = 6
	copy(ip[12:], []byte{10, 0, 0, 1, 10, 0, 0, 2})
	tcp := ip[20:]
	binary.BigEndian.PutUint16(tcp[0:], 1234)
	binary.BigEndian.PutUint16(tcp[2:], 80)
	tcp[12] = 0x50
	for i := 54; i < len(p); i++ {
		p[i] = byte('a' + i%26)
	}
	return p
}

// TestExamples compiles every example that cparse lowers, checks that the
// object round-trips through elfwrite and cilium/ebpf and prepares in the
// interpreter, and, where the tools are there, compares the instruction
// count with clang-19 -O2 -mcpu=v3, loads both objects into the kernel and
// runs XDP programs with BPF_PROG_TEST_RUN against the interpreter.
func TestExamples(t *testing.T) {
	files, err := filepath.Glob("../examples/*/*.c")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	_, clangErr := os.Stat(clangPath)
	haveClang := clangErr == nil
	root := os.Geteuid() == 0
	var mu sync.Mutex
	var results []*exampleResult
	t.Run("each", func(t *testing.T) {
		for _, file := range files {
			name := strings.TrimPrefix(file, "../examples/")
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				src, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				prog, err := cparse.Parse(file, src)
				if err != nil {
					t.Skipf("cparse does not lower it: %v", err)
				}
				out, err := Generate(prog, Options{})
				if err != nil {
					t.Fatalf("Generate: %v", err)
				}
				res := &exampleResult{name: name}
				if len(out.Sections) != len(out.Object.Code) {
					t.Fatalf("%d section infos for %d sections", len(out.Sections), len(out.Object.Code))
				}
				for i, si := range out.Sections {
					if len(si.Pos) != len(out.Object.Code[i].Insns) {
						t.Errorf("section %s: %d positions for %d instructions", si.Name, len(si.Pos), len(out.Object.Code[i].Insns))
					}
				}
				b, err := elfwrite.Write(out.Object)
				if err != nil {
					t.Fatalf("elfwrite: %v", err)
				}
				res.ours = codeSlots(t, b)
				if _, err := elfobj.Read(b); err != nil {
					t.Fatalf("elfobj.Read of our object: %v", err)
				}
				spec, err := ebpf.LoadCollectionSpecFromReader(bytes.NewReader(b))
				if err != nil {
					t.Fatalf("cilium/ebpf: %v", err)
				}
				m, err := interp.New(out.Object, interp.Options{})
				if err != nil {
					t.Fatalf("interp.New: %v", err)
				}
				var clangSpec *ebpf.CollectionSpec
				if haveClang {
					co := filepath.Join(t.TempDir(), "clang.o")
					cmd := exec.Command(clangPath, "-O2", "-g", "-target", "bpf", "-mcpu=v3", "-nostdinc",
						"-isystem", "../cparse/include", "-c", file, "-o", co)
					if msg, err := cmd.CombinedOutput(); err != nil {
						t.Logf("clang: %v: %s", err, msg)
					} else if cb, err := os.ReadFile(co); err == nil {
						res.theirs = codeSlots(t, cb)
						clangSpec, _ = ebpf.LoadCollectionSpecFromReader(bytes.NewReader(cb))
					}
				}
				if root {
					res.kernel, res.testRun = loadAndRun(t, spec, m, out.Object)
					if clangSpec != nil {
						res.clangKernel, _ = loadAndRun(t, clangSpec, nil, nil)
					}
				}
				mu.Lock()
				results = append(results, res)
				mu.Unlock()
			})
		}
	})
	sort.Slice(results, func(i, j int) bool { return results[i].name < results[j].name })
	var kernelOK, clangOK, both, runs, runsOK int
	var sumOurs, sumTheirs int
	for _, r := range results {
		ratio := 0.0
		if r.theirs > 0 {
			ratio = float64(r.ours) / float64(r.theirs)
			sumOurs += r.ours
			sumTheirs += r.theirs
		}
		t.Logf("%-32s ours %4d clang %4d ratio %.2f kernel[ours]=%s kernel[clang]=%s %s", r.name, r.ours, r.theirs, ratio, r.kernel, r.clangKernel, r.testRun)
		if r.kernel == "ok" {
			kernelOK++
		}
		if r.clangKernel == "ok" {
			clangOK++
			if r.kernel == "ok" {
				both++
			}
		}
		for _, part := range strings.Split(r.testRun, ",") {
			var a, b int
			if n, _ := fmt.Sscanf(part, "run ok %d/%d packets", &a, &b); n == 2 {
				runsOK += a
				runs += b
			}
		}
	}
	if sumTheirs > 0 {
		t.Logf("total: %d compiled, ours %d insns vs clang %d (%.2f); kernel loads ours %d, clang's %d, both %d; BPF_PROG_TEST_RUN results equal to the interpreter's on %d/%d packet runs",
			len(results), sumOurs, sumTheirs, float64(sumOurs)/float64(sumTheirs), kernelOK, clangOK, both, runsOK, runs)
	}
}

// loadAndRun loads a collection into the kernel and reports "ok" or the
// verifier's first complaint; for XDP programs of our own objects that use
// no randomness or time it compares BPF_PROG_TEST_RUN with the
// interpreter.
func loadAndRun(t *testing.T, spec *ebpf.CollectionSpec, m *interp.Machine, obj *elfobj.Object) (string, string) {
	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		msg := err.Error()
		if i := strings.IndexByte(msg, '\n'); i > 0 {
			msg = msg[:i]
		}
		if len(msg) > 90 {
			msg = msg[:90]
		}
		return "rejected(" + msg + ")", ""
	}
	defer coll.Close()
	if m == nil {
		return "ok", ""
	}
	var runs []string
	for _, cs := range obj.Code {
		if (cs.Name != "xdp" && cs.Name != "socket") || usesNondeterminism(obj) {
			continue
		}
		for _, f := range cs.Funcs {
			p := coll.Programs[f.Name]
			if p == nil {
				continue
			}
			agree, total := 0, 0
			for k, pkt := range samplePackets() {
				if cs.Name == "socket" && len(pkt) < 60 {
					continue // the kernel's skb test runs want a full frame
				}
				total++
				ret, err := p.Run(&ebpf.RunOptions{Data: append([]byte{}, pkt...)})
				if err != nil {
					runs = append(runs, fmt.Sprintf("packet %d: run error: %v", k, err))
					continue
				}
				res, err := m.Run(cs.Name, interp.Input{Packet: append([]byte{}, pkt...)})
				switch {
				case err != nil:
					runs = append(runs, fmt.Sprintf("packet %d: interp error: %v", k, err))
				case res.Fault != nil:
					runs = append(runs, fmt.Sprintf("packet %d: interp fault: %v", k, res.Fault))
				case uint32(res.R0) != ret:
					t.Errorf("%s packet %d: kernel returned %d, interpreter %d", f.Name, k, ret, res.R0)
					runs = append(runs, "run MISMATCH")
				default:
					agree++
				}
			}
			runs = append(runs, fmt.Sprintf("run ok %d/%d packets", agree, total))
		}
	}
	return "ok", strings.Join(runs, ",")
}

// codeSlots returns the number of 8-byte instruction slots in the code
// sections of an ELF object.
func codeSlots(t *testing.T, b []byte) int {
	f, err := elf.NewFile(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("reading ELF: %v", err)
	}
	n := 0
	for _, s := range f.Sections {
		if s.Flags&elf.SHF_EXECINSTR != 0 {
			n += int(s.Size / 8)
		}
	}
	return n
}

// usesNondeterminism reports whether a section calls bpf_get_prandom_u32,
// bpf_ktime_get_ns or bpf_get_smp_processor_id.
func usesNondeterminism(obj *elfobj.Object) bool {
	for _, cs := range obj.Code {
		for _, ins := range cs.Insns {
			if ins.OpCode == isa.JumpOpCode(isa.ClassJMP, isa.JumpCall, isa.SourceK) && ins.Src == isa.CallHelper {
				switch ins.Constant {
				case 5, 7, 8:
					return true
				}
			}
		}
	}
	return false
}
