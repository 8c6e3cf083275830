package vep

import (
	"bytes"
	"debug/elf"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"vep/bpfcheck"
)

// example is a program of the corpus.
type example struct {
	path string
	safe bool
	src  []byte
}

// corpus returns the example programs below examples/, sorted by path.
func corpus(t *testing.T) []example {
	t.Helper()
	files, err := filepath.Glob("examples/*/*.c")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	sort.Strings(files)
	var out []example
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, example{f, bytes.HasPrefix(src, []byte("// expect: safe")), src})
	}
	return out
}

// TestCompileCorpus compiles every safe example, loads it with cilium/ebpf
// and checks it: every proof must be complete and Check must accept every
// object. It logs per program the instructions, times, proof bytes and
// verdict, and what keeps a proof from being complete.
func TestCompileCorpus(t *testing.T) {
	for _, ex := range corpus(t) {
		if !ex.safe {
			continue
		}
		t.Run(strings.TrimSuffix(filepath.Base(ex.path), ".c"), func(t *testing.T) {
			o, err := Compile(ex.path, ex.src)
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			if o.Collection == nil || len(o.Collection.Programs) == 0 {
				t.Fatalf("cilium/ebpf finds no programs in the object")
			}
			rep, err := Check(o.ELF)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			n := 0
			for _, s := range o.Sections {
				n += len(s.Insns)
			}
			t.Logf("insns=%d compile=%v VCs=%d proved=%d proof=%dB accepted=%v check=%v",
				n, o.Time, o.Stats.VCs, o.Stats.Proved, o.Stats.ProofBytes, rep.Accepted(), rep.Time)
			for _, f := range o.Failures {
				t.Logf("failure: %.300s", f)
			}
			if !o.Complete() || !rep.Accepted() {
				for _, p := range rep.Programs {
					for _, r := range p.Reasons {
						t.Logf("reason: %v", r)
					}
				}
				t.Errorf("complete proofs: %v, Check accepts: %v; want both for a safe example", o.Complete(), rep.Accepted())
			}
		})
	}
}

// loopPrograms are programs whose loop invariants and assertions the
// compiler must carry down to the bytecode for Check to accept them.
var loopPrograms = []struct {
	name, src string
}{
	{"invariant and assertion in registers", `
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int loop1(struct xdp_md *ctx)
{
	__u32 s = 0;
	/*@ Inv i <= 100 && s <= 3 * i Variant 100 - i */
	for (__u32 i = 0; i < 100; i++)
		s += 3;
	/*@ s <= 300 */
	return s > 1000 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`},
	{"frame with a stack-held key", `
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
int loop3(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 total = 0;
	__u32 n = bpf_get_prandom_u32() & 1023;
	/*@ Inv i <= n && total <= i Variant n - i */
	for (__u32 i = 0; i < n; i++)
		total++;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);
	if (v)
		*v += total;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`},
}

// TestCompileLoops compiles programs with loop invariants and assertions
// and checks that Check accepts them.
func TestCompileLoops(t *testing.T) {
	for _, tt := range loopPrograms {
		t.Run(tt.name, func(t *testing.T) {
			o, err := Compile("loop.c", []byte(tt.src))
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			var anns []string
			for _, s := range o.Sections {
				for _, a := range s.Annotations {
					anns = append(anns, a.Kind+": "+a.Text)
				}
			}
			if len(anns) == 0 {
				t.Errorf("no bytecode annotations")
			}
			for _, f := range o.Failures {
				t.Errorf("failure: %s", f)
			}
			rep, err := Check(o.ELF)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Accepted() {
				t.Errorf("Check rejects: %+v\nannotations:\n%s", rep.Programs, strings.Join(anns, "\n"))
			}
		})
	}
}

// TestCompileRefusesUnsafe checks that Compile refuses every unsafe
// example with the verifier's report, and that with NoVerify the object,
// which then has no proofs, is rejected by Check.
func TestCompileRefusesUnsafe(t *testing.T) {
	for _, ex := range corpus(t) {
		if ex.safe {
			continue
		}
		t.Run(strings.TrimSuffix(filepath.Base(ex.path), ".c"), func(t *testing.T) {
			_, err := Compile(ex.path, ex.src)
			var ve *VerifyError
			if err == nil {
				t.Fatalf("Compile accepts an unsafe program")
			}
			if !errors.As(err, &ve) {
				t.Logf("Compile: %v", err) // invalid input, such as an undefined function
				return
			}
			o, err := Compile(ex.path, ex.src, NoVerify())
			if err != nil {
				t.Logf("Compile(NoVerify): %v", err) // it cannot be compiled at all
				return
			}
			if o.Collection == nil {
				t.Errorf("no collection spec")
			}
			rep, err := Check(o.ELF)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Accepted() {
				t.Errorf("Check accepts an unsafe program compiled without proofs")
			}
		})
	}
}

// proofRange returns the offset and size of the .vep.proof section.
func proofRange(t *testing.T, b []byte) (int, int) {
	t.Helper()
	f, err := elf.NewFile(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	s := f.Section(bpfcheck.ProofSectionName)
	if s == nil {
		t.Fatalf("no %s section", bpfcheck.ProofSectionName)
	}
	return int(s.Offset), int(s.Size)
}

// TestTamperedProof checks that Check rejects an object whose proof
// section has a byte changed in its header, in a length or at its end.
func TestTamperedProof(t *testing.T) {
	src, err := os.ReadFile("examples/prevail/twomaps.c")
	if err != nil {
		t.Fatal(err)
	}
	o, err := Compile("twomaps.c", src)
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := Check(o.ELF); err != nil || !rep.Accepted() {
		t.Fatalf("the untouched object is not accepted: %v %+v", err, rep)
	}
	off, n := proofRange(t, o.ELF)
	for _, at := range []int{0, 3, 4, 5, 6, n - 1} {
		b := bytes.Clone(o.ELF)
		b[off+at] ^= 0x40
		rep, err := Check(b)
		if err != nil {
			t.Fatalf("byte %d: %v", at, err)
		}
		if rep.Accepted() {
			t.Errorf("Check accepts the object with byte %d of %s flipped", at, bpfcheck.ProofSectionName)
		}
	}
}

// TestCompileAsmRoundTrip checks that the annotated assembly of a compiled
// object proves again into an object that Check accepts.
func TestCompileAsmRoundTrip(t *testing.T) {
	o, err := Compile("loop.c", []byte(loopPrograms[1].src))
	if err != nil {
		t.Fatal(err)
	}
	text, err := o.Asm()
	if err != nil {
		t.Fatal(err)
	}
	p, err := CompileAsm("loop.s", text)
	if err != nil {
		t.Fatalf("CompileAsm: %v\n%s", err, text)
	}
	rep, err := Check(p.ELF)
	if err != nil || !rep.Accepted() {
		t.Fatalf("Check: %v %+v", err, rep)
	}
	if p.Stats.VCs != o.Stats.VCs {
		t.Errorf("%d VCs from the assembly, %d from C", p.Stats.VCs, o.Stats.VCs)
	}
}

// TestProveHandWrittenAsm proves the hand-written example of the README and
// checks that weakening the program's bounds check, or strengthening its
// assertion beyond what the check gives, leaves a proof Check rejects.
func TestProveHandWrittenAsm(t *testing.T) {
	src, err := os.ReadFile("examples/asm/count_ipv4.s")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		old, new string
		accept   bool
	}{
		{"as written", "", "", true},
		{"assertion claims one more byte", "R1 + 14 <= R2", "R1 + 15 <= R2", false},
		{"assertion claims another key", "data_at(R10 - 4, u32, 1)", "data_at(R10 - 8, u32, 1)", false},
		{"bounds check one byte short", "r3 += 14", "r3 += 13", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := string(src)
			if tt.old != "" {
				if !strings.Contains(text, tt.old) {
					t.Fatalf("example no longer contains %q", tt.old)
				}
				text = strings.Replace(text, tt.old, tt.new, 1)
			}
			o, err := CompileAsm("count_ipv4.s", []byte(text))
			if err != nil {
				t.Fatalf("CompileAsm: %v", err)
			}
			rep, err := Check(o.ELF)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			if o.Complete() != tt.accept || rep.Accepted() != tt.accept {
				t.Errorf("proofs complete %v, Check accepts %v; want %v (failures %q)", o.Complete(), rep.Accepted(), tt.accept, o.Failures)
			}
		})
	}
}

// TestCheckAsm checks annotated assembly against a proof given apart: the
// proof of the text as proved is accepted; the same proof for a weaker
// bounds check, an empty proof, and the proof of another program are not.
func TestCheckAsm(t *testing.T) {
	src, err := os.ReadFile("examples/asm/count_ipv4.s")
	if err != nil {
		t.Fatal(err)
	}
	o, err := CompileAsm("count_ipv4.s", src)
	if err != nil || !o.Complete() || len(o.Proof) == 0 {
		t.Fatalf("CompileAsm: %v (failures %q)", err, o.Failures)
	}
	other, err := Compile("loop.c", []byte(loopPrograms[0].src))
	if err != nil || len(other.Proof) == 0 {
		t.Fatalf("Compile: %v", err)
	}
	weak := strings.Replace(string(src), "r3 += 14", "r3 += 13", 1)
	tests := []struct {
		name   string
		src    string
		proof  []byte
		accept bool
	}{
		{"as proved", string(src), o.Proof, true},
		{"bounds check one byte short", weak, o.Proof, false},
		{"no proof", string(src), nil, false},
		{"proof of another program", string(src), other.Proof, false},
		{"truncated proof", string(src), o.Proof[:len(o.Proof)-1], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := CheckAsm("count_ipv4.s", []byte(tt.src), tt.proof)
			if err != nil {
				t.Fatalf("CheckAsm: %v", err)
			}
			if rep.Accepted() != tt.accept {
				t.Errorf("accepted %v, want %v: %+v", rep.Accepted(), tt.accept, rep.Programs)
			}
		})
	}
	if _, err := CheckAsm("bad.s", []byte("r0 = \n"), o.Proof); err == nil || !strings.Contains(err.Error(), "bad.s:1:") {
		t.Errorf("CheckAsm of bad text: %v, want an error at bad.s:1:", err)
	}
}
