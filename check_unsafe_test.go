package vep

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"vep/bpfcheck"
	"vep/internal/elfobj"
	"vep/internal/elfwrite"
	"vep/proofs"
)

// withProofSection returns b with a ".vep.proof" section holding data,
// added by elfwrite when b has none.
func withProofSection(b, data []byte) ([]byte, error) {
	secs, err := elfSections(b)
	if err != nil {
		return nil, err
	}
	if _, ok := secs[bpfcheck.ProofSectionName]; ok {
		return replaceSection(b, bpfcheck.ProofSectionName, data)
	}
	obj, err := elfobj.Read(b)
	if err != nil {
		return nil, err
	}
	obj.Extra = append(obj.Extra, &elfobj.RawSection{Name: bpfcheck.ProofSectionName, Data: data})
	return elfwrite.Write(obj)
}

// rejects reports whether Check rejects every program of b (an unreadable
// object counts as rejected), with the reasons.
func rejects(t *testing.T, b []byte) (bool, string) {
	t.Helper()
	rep, err := Check(b)
	if err != nil {
		return true, err.Error()
	}
	var rs []string
	all := true
	for _, p := range rep.Programs {
		if p.Accepted {
			all = false
			rs = append(rs, fmt.Sprintf("%s/%s ACCEPTED", p.Section, p.Func))
		}
		for _, r := range p.Reasons {
			rs = append(rs, r.String())
		}
	}
	if len(rep.Programs) == 0 {
		return true, "no programs"
	}
	return all, strings.Join(rs, "; ")
}

// TestCheckRejectsUnsafe compiles every unsafe example without
// verification and checks that Check rejects it (a) without proofs, (b)
// with the proof section of each accepted safe example transplanted in,
// (c) with the solver's proofs of whatever it can prove of the unsafe
// bytecode, alone and with forged annotations (an entry contract assuming
// false, an assertion false or true at the faulting instruction). The
// interpreter must find the fault the example is named for, which shows the
// example is unsafe at bytecode level.
func TestCheckRejectsUnsafe(t *testing.T) {
	srcs, safe, files, err := advCorpus()
	if err != nil {
		t.Fatal(err)
	}
	donors := acceptedExamples(t)
	for _, f := range files {
		if safe[f] {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(f), ".c")
		t.Run(name, func(t *testing.T) {
			o, err := Compile(f, srcs[f], NoVerify())
			if err != nil {
				// Such a program cannot be turned into an object at all;
				// the error must say why.
				msg := err.Error()
				if len(msg) < 10 || !strings.Contains(msg, filepath.Base(f)) && !strings.Contains(msg, f) {
					t.Errorf("Compile(NoVerify) fails with an unclear error: %q", msg)
				}
				var ve *VerifyError
				if errors.As(err, &ve) {
					t.Errorf("Compile(NoVerify) ran the verifier: %v", err)
				}
				t.Skipf("cannot be compiled even without verification: %s", firstLine(msg))
			}
			seed := seedOf(name)
			// The dynamic oracle: the bytecode faults on some input.
			res := runOracle(o.ELF, allPrograms(o.ELF), seed, oracleRuns())
			if res.fault != "" {
				t.Logf("interpreter: %s", firstLine(res.fault))
			} else {
				t.Logf("the interpreter finds no fault in %d runs (limits %d)", oracleRuns(), res.limited)
			}
			faultPC := -1
			var faultSec string
			if sm := faultAt.FindStringSubmatch(res.fault); sm != nil {
				faultSec = sm[1]
				fmt.Sscan(sm[2], &faultPC)
			}
			n := 0
			check := func(desc string, b []byte) {
				t.Helper()
				n++
				if ok, why := rejects(t, b); !ok {
					t.Errorf("SOUNDNESS BUG: Check accepts unsafe %s %s: %s", name, desc, why)
				} else {
					t.Logf("%s: rejected: %.200s", desc, why)
				}
			}
			// (a) No proof section.
			if sectionData(o.ELF, bpfcheck.ProofSectionName) != nil {
				t.Errorf("NoVerify object carries a proof section")
			}
			check("without proofs", o.ELF)
			// (b) Stale or forged proofs from the safe examples.
			for _, d := range donors {
				b, err := withProofSection(o.ELF, sectionData(d.elf, bpfcheck.ProofSectionName))
				if err != nil {
					t.Fatalf("transplanting the proofs of %s: %v", d.name, err)
				}
				check("with the proofs of "+d.name, b)
			}
			// (c) The solver's best proofs of the unsafe bytecode, and
			// forged annotations that try to make it provable.
			empty, err := withProofSection(o.ELF, joinProofs(1, 0, nil))
			if err != nil {
				t.Fatal(err)
			}
			pc := &proofCache{m: map[string]*proofs.Entailment{}}
			far := time.Now().Add(time.Minute)
			if b, proved, vcs, ok := reprove(empty, pc, far); ok {
				t.Logf("solver proves %d of %d VCs", proved, vcs)
				check("with the solver's proofs", b)
			} else {
				t.Logf("no VCs can be generated (structural rejection)")
			}
			obj, err := elfobj.Read(o.ELF)
			if err != nil {
				t.Fatal(err)
			}
			for _, cs := range obj.Code {
				if cs.Name == ".text" || len(cs.Funcs) == 0 {
					continue
				}
				at := []int{0}
				if cs.Name == faultSec && faultPC > 0 {
					at = append(at, faultPC)
				}
				for _, i := range at {
					for _, fg := range forgeries {
						b, ok := forge(empty, fg, cs.Name, i)
						if !ok {
							continue
						}
						if rb, _, _, ok := reprove(b, pc, far); ok {
							b = rb
						}
						check(fmt.Sprintf("with %s (%s, instruction %d) and the solver's proofs", fg.desc, cs.Name, i), b)
					}
				}
			}
			t.Logf("%d rejections checked", n)
		})
	}
}

// faultAt finds the section and instruction of an interpreter fault
// ("xdp+12 (prog): ...").
var faultAt = regexp.MustCompile(`\s(\S+)\+(\d+) \(`)

// newKernelRuleCases are memory-safe operations that older kernels
// refuse and current ones (which vep's contract table and interpreter
// follow) allow: a BPF_ST (store of an immediate) into a writable context
// field, refused before Linux 6.4 ("BPF_ST stores into R1 ctx is not
// allowed"; the corpus's tcp_iw and tcp_rwnd compile to such stores), and
// bpf_get_current_pid_tgid outside tracing programs, offered to every
// program type since Linux 6.10. Check must accept them and the
// interpreter must run them without a fault.
var newKernelRuleCases = []struct{ name, src string }{
	{"BPF_ST into a writable context field", `
	.license "GPL"
	.section sockops
	.globl prog
prog:
	*(u32 *)(r1 + 4) = -1
	r0 = 1
	exit
`},
	{"bpf_get_current_pid_tgid from xdp", `
	.license "GPL"
	.section xdp
	.globl prog
prog:
	call 14
	r0 = 2
	exit
`},
	// The reject twin: the same store into op, a read-only field.
	{"reject: BPF_ST into a read-only context field", `
	.license "GPL"
	.section sockops
	.globl prog
prog:
	*(u32 *)(r1 + 0) = -1
	r0 = 1
	exit
`},
}

// TestCheckNewKernelRules checks that Check and the interpreter agree on
// the operations of newKernelRuleCases.
func TestCheckNewKernelRules(t *testing.T) {
	for _, c := range newKernelRuleCases {
		t.Run(c.name, func(t *testing.T) {
			o, err := CompileAsm("rule.s", []byte(c.src))
			if err != nil {
				t.Fatalf("CompileAsm: %v", err)
			}
			rep, err := Check(o.ELF)
			if err != nil {
				t.Fatal(err)
			}
			want := !strings.HasPrefix(c.name, "reject:")
			if rep.Accepted() != want {
				t.Fatalf("Check accepts: %v, want %v: %+v", rep.Accepted(), want, rep)
			}
			if !want {
				return
			}
			if res := runOracle(o.ELF, allPrograms(o.ELF), 1, 1); res.fault != "" {
				t.Errorf("Check accepts a program the interpreter faults on: %s", res.fault)
			}
		})
	}
}
