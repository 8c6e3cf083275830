package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cilium/ebpf"

	"vep/internal/elfobj"
)

// C programs for the verify, compile, prove, check and bench tests.
var pipelineFiles = map[string]string{
	"safe.c": `// expect: safe
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int pass(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + 14 > data_end)
		return XDP_DROP;
	if (((unsigned char *)data)[12] == 8)
		return XDP_PASS;
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
`,
	"unsafe.c": `// expect: unsafe: packet read without a bounds check
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int oob(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;

	return *(__u32 *)data; /* ERROR "packet access out of bounds" */
}

char LICENSE[] SEC("license") = "GPL";
`,
	// loop.c has a loop invariant, which compile -S carries down to the
	// registers.
	"loop.c": `// expect: safe
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int sum(struct xdp_md *ctx)
{
	__u32 s = 0;

	/*@ Inv i <= 16 Variant 16 - i */
	for (__u32 i = 0; i < 16; i++)
		s += i;
	return s & 1 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
`,
	"bad.c":     "// expect: safe\nint f(void) { return x + ; }\n",
	"garbage.o": "\x7fELF but not really an object",
}

// setupPipeline writes pipelineFiles into a new directory and changes into
// it.
func setupPipeline(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	for name, data := range pipelineFiles {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
}

// vepRun runs vep in process with args and returns the exit code, stdout
// and stderr.
func vepRun(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// sections returns the names of the extra sections of the object file.
func sections(t *testing.T, file string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := elfobj.Read(b)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	var names []string
	for _, x := range obj.Extra {
		names = append(names, x.Name)
	}
	return names
}

// TestPipelineCommands runs verify, compile, prove and check in the order
// a developer would, each step on what the previous one wrote.
func TestPipelineCommands(t *testing.T) {
	setupPipeline(t)
	steps := []struct {
		name   string
		args   string
		code   int
		stdout string // substring expected in stdout
		stderr string // substring expected in stderr
	}{
		{"verify safe", "verify safe.c", 0, `safe.c:6:5: SEC("xdp") pass: verified`, ""},
		{"verify unsafe", "verify unsafe.c", 1, "unsafe.c:10:9: error: packet access out of bounds", ""},
		{"verify both", "verify safe.c unsafe.c", 1, "pass: verified", ""},
		{"verify malformed", "verify bad.c", 2, "", "bad.c:2:"},
		{"verify missing", "verify missing.c", 2, "", "missing.c"},
		{"verify no file", "verify", 2, "", "verify wants at least one input file"},
		{"verify help", "verify -h", 0, "usage: vep verify", ""},

		{"compile safe", "compile safe.c -o safe.o", 0, "", ""},
		{"compile default output", "compile loop.c", 0, "", ""},
		{"compile -S", "compile -S loop.c", 0, "/*@ Inv ", ""},
		{"compile unsafe", "compile unsafe.c -o unsafe.o", 1, "", "unsafe.c:10:9: error: packet access out of bounds"},
		{"compile unsafe --no-verify", "compile --no-verify unsafe.c -o nv.o", 0, "", ""},
		{"compile malformed", "compile bad.c -o bad.o", 2, "", "bad.c:2:"},
		{"compile two files", "compile safe.c loop.c", 2, "", "compile wants one input file"},
		{"compile help", "compile -h", 0, "usage: vep compile", ""},

		{"check accepted", "check safe.o loop.o", 0, "safe.o: xdp/pass: accepted", ""},
		{"check no proof", "check nv.o", 1, "nv.o: xdp/oob: rejected", ""},
		{"check one rejected", "check safe.o nv.o", 1, "safe.o: xdp/pass: accepted", ""},
		{"check garbage", "check garbage.o", 2, "", "garbage.o"},
		{"check missing", "check missing.o", 2, "", "missing.o"},
		{"check no file", "check", 2, "", "check wants at least one object"},
		{"check help", "check -h", 0, "usage: vep check", ""},

		{"prove help", "prove -h", 0, "usage: vep prove", ""},
		{"prove no file", "prove", 2, "", "prove wants one input file"},
		{"prove missing", "prove missing.s", 2, "", "missing.s"},
	}
	for _, s := range steps {
		code, stdout, stderr := vepRun(strings.Fields(s.args)...)
		if code != s.code || !strings.Contains(stdout, s.stdout) || !strings.Contains(stderr, s.stderr) {
			t.Errorf("%s: vep %s: exit %d, want %d with stdout containing %q and stderr containing %q\nstdout: %s\nstderr: %s",
				s.name, s.args, code, s.code, s.stdout, s.stderr, stdout, stderr)
		}
	}

	// The compiled objects load with cilium/ebpf; the verified one carries
	// its proofs, the unverified one none.
	for _, tc := range []struct {
		file, prog string
		proof      bool
	}{
		{"safe.o", "pass", true},
		{"loop.o", "sum", true},
		{"nv.o", "oob", false},
	} {
		b, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		spec, err := ebpf.LoadCollectionSpecFromReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: cilium/ebpf: %v", tc.file, err)
		}
		if p, ok := spec.Programs[tc.prog]; !ok || len(p.Instructions) == 0 {
			t.Errorf("%s: no program %s among %v", tc.file, tc.prog, spec.Programs)
		}
		if got := slices.Contains(sections(t, tc.file), ".vep.proof"); got != tc.proof {
			t.Errorf("%s: has a .vep.proof section: %v, want %v", tc.file, got, tc.proof)
		}
	}
	for _, f := range []string{"unsafe.o", "bad.o"} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s written although compile failed", f)
		}
	}
}

// TestProveCompiledAssembly proves the annotated assembly that compile -S
// prints and checks the object prove writes.
func TestProveCompiledAssembly(t *testing.T) {
	setupPipeline(t)
	code, asm, stderr := vepRun("compile", "-S", "loop.c")
	if code != 0 {
		t.Fatalf("compile -S loop.c: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat("loop.o"); err == nil {
		t.Errorf("compile -S without -o wrote loop.o")
	}
	if !strings.Contains(asm, "/*@ Inv ") || !strings.Contains(asm, "Variant") {
		t.Errorf("compile -S: the loop invariant is not in the assembly:\n%s", asm)
	}
	if err := os.WriteFile("loop.s", []byte(asm), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := vepRun("prove", "loop.s", "-o", "proved.o"); code != 0 {
		t.Fatalf("prove loop.s: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if s := sections(t, "proved.o"); !slices.Contains(s, ".vep.spec") || !slices.Contains(s, ".vep.proof") {
		t.Errorf("proved.o has sections %v, want .vep.spec and .vep.proof", s)
	}
	if code, stdout, stderr := vepRun("check", "proved.o"); code != 0 || !strings.Contains(stdout, "proved.o: xdp/sum: accepted") {
		t.Errorf("check proved.o: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	// The proof alone, checked against the assembly text.
	if code, _, stderr := vepRun("prove", "loop.s", "-o", "proved.o", "--proof", "loop.proof"); code != 0 {
		t.Fatalf("prove --proof: exit %d: %s", code, stderr)
	}
	if code, stdout, stderr := vepRun("check", "loop.s", "--proof", "loop.proof"); code != 0 || !strings.Contains(stdout, "loop.s: xdp/sum: accepted") {
		t.Errorf("check loop.s --proof loop.proof: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if err := os.WriteFile("empty.proof", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, _ := vepRun("check", "loop.s", "--proof", "empty.proof"); code != 1 || !strings.Contains(stdout, "rejected") {
		t.Errorf("check with an empty proof: exit %d, stdout %q; want 1 and a rejection", code, stdout)
	}
	if code, _, _ := vepRun("check", "loop.s", "proved.o", "--proof", "loop.proof"); code != 2 {
		t.Errorf("check --proof with two files: exit %d, want 2", code)
	}
	// Without -o, prove writes next to the input.
	if code, _, stderr := vepRun("prove", "loop.s"); code != 0 {
		t.Errorf("prove loop.s: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat("loop.o"); err != nil {
		t.Errorf("prove loop.s did not write loop.o: %v", err)
	}
	if err := os.WriteFile("broken.s", []byte(".section xdp\nf:\n r0 = 1\n goto X\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := vepRun("prove", "broken.s"); code != 2 || !strings.Contains(stderr, "unknown label X") {
		t.Errorf("prove broken.s: exit %d, stderr %q; want 2 with the assembler's error", code, stderr)
	}
}

// setupCorpus writes a corpus folder with a safe and an unsafe program.
func setupCorpus(t *testing.T) {
	t.Helper()
	setupPipeline(t)
	if err := os.Mkdir("corpus", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"safe.c", "unsafe.c"} {
		if err := os.WriteFile(filepath.Join("corpus", f), []byte(pipelineFiles[f]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestBenchTable(t *testing.T) {
	setupCorpus(t)
	code, stdout, stderr := vepRun("bench", "-n", "1", "corpus")
	if code != 0 {
		t.Fatalf("bench corpus: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	for _, want := range []string{
		"# times: median of 1 runs",
		"corpus/safe.c ", "corpus/unsafe.c ",
		"proved", "nv", "accept", "reject",
		"Verify 2/2 files as expected; Check accepts 1/1 safe programs, rejects all unsafe (1/1)",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("bench table lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "bench: [2/2] corpus/unsafe.c: verify unsafe at line 10") {
		t.Errorf("bench progress lacks the unsafe program's verify line:\n%s", stderr)
	}
}

func TestBenchJSON(t *testing.T) {
	setupCorpus(t)
	code, stdout, stderr := vepRun("bench", "--json", "--runs", "2", "corpus")
	if code != 0 {
		t.Fatalf("bench --json corpus: exit %d\nstderr: %s", code, stderr)
	}
	type measure struct {
		Verdict    string `json:"verdict"`
		Runs       int    `json:"runs"`
		TimeNS     int64  `json:"time_ns"`
		Alloc      uint64 `json:"alloc_bytes"`
		NoVerify   bool   `json:"no_verify"`
		Insns      int    `json:"insns"`
		VCs        int    `json:"vcs"`
		ProofBytes int    `json:"proof_bytes"`
		Programs   int    `json:"programs"`
		Accepted   int    `json:"accepted"`
	}
	var res struct {
		Headline string   `json:"headline"`
		Runs     int      `json:"runs"`
		Stages   []string `json:"stages"`
		Programs []struct {
			Path   string `json:"path"`
			Folder string `json:"folder"`
			Progs  int    `json:"programs"`
			LOC    int    `json:"loc"`
			Annot  int    `json:"annotation_lines"`
			Match  bool   `json:"match"`
			Expect struct {
				Safe bool `json:"safe"`
				Line int  `json:"line"`
			} `json:"expect"`
			Verify  *measure `json:"verify"`
			Compile *measure `json:"compile"`
			Check   *measure `json:"check"`
		} `json:"programs"`
		Folders []struct {
			Folder string `json:"folder"`
		} `json:"folders"`
		Total struct {
			Files         int `json:"files"`
			Programs      int `json:"programs"`
			Matches       int `json:"matches"`
			CheckAccepted int `json:"check_accepted"`
			CheckRejected int `json:"check_rejected_unsafe"`
		} `json:"total"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("bench --json: %v\n%s", err, stdout)
	}
	if !strings.HasPrefix(res.Headline, "Verify 2/2 files as expected; Check accepts 1/1 safe programs, rejects all unsafe (1/1)") {
		t.Errorf("headline %q", res.Headline)
	}
	if res.Runs != 2 || len(res.Stages) < 3 || strings.Join(res.Stages[:3], ",") != "verify,compile,check" {
		t.Errorf("runs %d, stages %v; want 2 runs and verify, compile, check first", res.Runs, res.Stages)
	}
	if len(res.Programs) != 2 || len(res.Folders) != 1 || res.Folders[0].Folder != "corpus" {
		t.Fatalf("programs %+v, folders %+v", res.Programs, res.Folders)
	}
	s, u := res.Programs[0], res.Programs[1]
	if s.Path != "corpus/safe.c" || u.Path != "corpus/unsafe.c" || s.Progs != 1 || s.LOC == 0 || !s.Expect.Safe || u.Expect.Line != 10 {
		t.Errorf("programs %+v, %+v", s, u)
	}
	if !s.Match || s.Verify == nil || s.Verify.Verdict != "safe" || s.Verify.Runs != 2 || s.Verify.TimeNS <= 0 || s.Verify.Alloc == 0 {
		t.Errorf("safe program's verify: match %v, %+v", s.Match, s.Verify)
	}
	if c := s.Compile; c == nil || c.Verdict != "safe" || c.NoVerify || c.Insns == 0 || c.VCs == 0 || c.ProofBytes == 0 {
		t.Errorf("safe program's compile: %+v", c)
	}
	if c := s.Check; c == nil || c.Verdict != "safe" || c.Programs != 1 || c.Accepted != 1 {
		t.Errorf("safe program's check: %+v", c)
	}
	if !u.Match || u.Verify == nil || u.Verify.Verdict != "unsafe" {
		t.Errorf("unsafe program's verify: match %v, %+v", u.Match, u.Verify)
	}
	if c := u.Compile; c == nil || !c.NoVerify || c.Insns == 0 {
		t.Errorf("unsafe program's compile: %+v, want one without verification", c)
	}
	if c := u.Check; c == nil || c.Verdict != "unsafe" || c.Accepted != 0 {
		t.Errorf("unsafe program's check: %+v", c)
	}
	if tot := res.Total; tot.Files != 2 || tot.Programs != 2 || tot.Matches != 2 || tot.CheckAccepted != 1 || tot.CheckRejected != 1 {
		t.Errorf("total %+v", tot)
	}
}

func TestBenchErrors(t *testing.T) {
	setupCorpus(t)
	wrong := strings.Replace(pipelineFiles["unsafe.c"], "// expect: unsafe: packet read without a bounds check", "// expect: safe", 1)
	wrong = strings.Replace(wrong, ` /* ERROR "packet access out of bounds" */`, "", 1)
	if err := os.WriteFile("wrong.c", []byte(wrong), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("noexpect.c", []byte("int x;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args   string
		code   int
		stdout string
		stderr string
	}{
		{"bench -n 1 wrong.c", 1, "verify mismatches (1):", ""},
		{"bench -n 1 noexpect.c", 2, "", "noexpect.c: line 1"},
		{"bench --runs 0 corpus", 2, "", "--runs must be at least 1"},
		{"bench missing", 2, "", "missing"},
		{"bench -h", 0, "usage: vep bench", ""},
	} {
		code, stdout, stderr := vepRun(strings.Fields(tc.args)...)
		if code != tc.code || !strings.Contains(stdout, tc.stdout) || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("vep %s: exit %d, want %d with stdout containing %q and stderr containing %q\nstdout: %s\nstderr: %s",
				tc.args, code, tc.code, tc.stdout, tc.stderr, stdout, stderr)
		}
	}
}

// TestUsageListsEveryCommand checks that "vep help" and the package
// documentation name every command.
func TestUsageListsEveryCommand(t *testing.T) {
	code, stdout, _ := vepRun("help")
	if code != 0 {
		t.Fatalf("vep help: exit %d", code)
	}
	doc, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"asm", "disasm", "run", "bench", "verify", "compile", "prove", "check"} {
		c, ok := commands[name]
		if !ok {
			t.Errorf("command %s is not registered", name)
			continue
		}
		if !strings.Contains(stdout, "\t"+name+strings.Repeat(" ", 9-len(name))+c.summary+"\n") {
			t.Errorf("vep help lacks the line of %s:\n%s", name, stdout)
		}
		if !strings.Contains(string(doc), "//\t"+name+" ") {
			t.Errorf("the package documentation does not list %s", name)
		}
	}
}
