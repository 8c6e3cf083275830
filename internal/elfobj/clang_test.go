package elfobj_test

import (
	"bytes"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vep/internal/elfobj"
	"vep/internal/isa"
)

var update = flag.Bool("update", false, "rebuild testdata/*.o with clang")

const (
	clangPath   = "/usr/lib/llvm-19/bin/clang"
	objdumpPath = "/usr/lib/llvm-19/bin/llvm-objdump"
)

// clangCase is a C program in testdata and what Read must make of it.
type clangCase struct {
	file string
	// err, if set, is the expected error; the other fields are ignored.
	err  string
	maps []*elfobj.Map
	// funcs lists per code section the functions in order, "name" for
	// global and "static name" for local ones.
	funcs map[string][]string
	// relocs lists per code section the relocations in order, as
	// "map NAME", "call NAME" or "func NAME".
	relocs map[string][]string
	extra  []string
}

var clangCases = []clangCase{
	{
		file:   "xdp_map",
		maps:   []*elfobj.Map{{Name: "arr", Type: elfobj.MapArray, KeySize: 4, ValueSize: 8, MaxEntries: 4}},
		funcs:  map[string][]string{"xdp": {"xdp_map"}},
		relocs: map[string][]string{"xdp": {"map arr"}},
	},
	{
		file:   "calls",
		funcs:  map[string][]string{".text": {"twice", "static add3"}, "xdp": {"xdp_calls", "xdp_other"}},
		relocs: map[string][]string{".text": {"call add3"}, "xdp": {"call twice", "call add3", "call add3"}},
	},
	{
		file: "mim",
		maps: []*elfobj.Map{
			{Name: "outer", Type: elfobj.MapArrayOfMaps, KeySize: 4, ValueSize: 4, MaxEntries: 8,
				Inner: &elfobj.Map{Name: "inner_def", Type: elfobj.MapArray, KeySize: 4, ValueSize: 4, MaxEntries: 1}},
			{Name: "h", Type: elfobj.MapHash, KeySize: 6, ValueSize: 16, MaxEntries: 128, Flags: 1},
			{Name: "pc", Type: elfobj.MapPerCPUArray, KeySize: 4, ValueSize: 12, MaxEntries: 2},
		},
		funcs:  map[string][]string{"xdp": {"xdp_mim"}},
		relocs: map[string][]string{"xdp": {"map outer", "map h", "map pc"}},
	},
	{
		file: "legacy",
		maps: []*elfobj.Map{
			{Name: "counts", Type: elfobj.MapArray, KeySize: 4, ValueSize: 8, MaxEntries: 16},
			{Name: "flows", Type: elfobj.MapHash, KeySize: 8, ValueSize: 4, MaxEntries: 1024, Flags: 1},
		},
		funcs:  map[string][]string{"socket": {"sock"}},
		relocs: map[string][]string{"socket": {"map flows", "map counts"}},
		extra:  []string{".vep.spec"},
	},
	{
		file:   "callback",
		funcs:  map[string][]string{".text": {"static cb"}, "tracepoint/syscalls/sys_enter_getpid": {"tp"}},
		relocs: map[string][]string{".text": nil, "tracepoint/syscalls/sys_enter_getpid": {"func cb"}},
	},
	{file: "bad_rodata", err: "section xdp: instruction 0: reference to global data section .rodata is not supported"},
	{file: "bad_extern", err: `section xdp: instruction 1: reference to extern symbol "bpf_kfunc_example" is not supported`},
	{file: "bad_static_map", err: "section xdp: instruction 4: map reference through the local section symbol in section .maps"},
	{file: "bad_mim_init", err: `map "outer": initial values of member "values" are not supported`},
}

// check compares what Read returned for c with the expectations.
func (c clangCase) check(t *testing.T, obj *elfobj.Object, err error) {
	t.Helper()
	if c.err != "" {
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Fatalf("Read: got error %v, want one containing %q", err, c.err)
		}
		return
	}
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if obj.License != "GPL" {
		t.Errorf("license %q, want GPL", obj.License)
	}
	if diff := cmp.Diff(c.maps, obj.Maps); diff != "" {
		t.Errorf("maps (-want +got):\n%s", diff)
	}
	funcs := make(map[string][]string)
	relocs := make(map[string][]string)
	kinds := map[elfobj.RelocKind]string{elfobj.RelocMap: "map", elfobj.RelocCall: "call", elfobj.RelocFunc: "func", elfobj.RelocMapValue: "value"}
	for _, cs := range obj.Code {
		funcs[cs.Name] = nil
		relocs[cs.Name] = nil
		for _, f := range cs.Funcs {
			name := f.Name
			if !f.Global {
				name = "static " + name
			}
			funcs[cs.Name] = append(funcs[cs.Name], name)
		}
		for _, r := range cs.Relocs {
			relocs[cs.Name] = append(relocs[cs.Name], kinds[r.Kind]+" "+r.Symbol)
			checkRelocatedInsn(t, cs, r)
		}
	}
	if diff := cmp.Diff(c.funcs, funcs); diff != "" {
		t.Errorf("functions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(c.relocs, relocs); diff != "" {
		t.Errorf("relocations (-want +got):\n%s", diff)
	}
	var extra []string
	for _, x := range obj.Extra {
		extra = append(extra, x.Name)
	}
	if diff := cmp.Diff(c.extra, extra); diff != "" {
		t.Errorf("extra sections (-want +got):\n%s", diff)
	}
}

// checkRelocatedInsn checks the canonical form of a relocated instruction.
func checkRelocatedInsn(t *testing.T, cs *elfobj.CodeSection, r elfobj.Reloc) {
	t.Helper()
	ins := cs.Insns[r.Index]
	var ok bool
	switch r.Kind {
	case elfobj.RelocMap:
		ok = ins.IsLoadImm64() && ins.Src == isa.PseudoMapFD && ins.Constant == 0
	case elfobj.RelocFunc:
		ok = ins.IsLoadImm64() && ins.Src == isa.PseudoFunc && ins.Constant == 0
	case elfobj.RelocCall:
		ok = ins.IsLocalCall() && ins.Constant == -1
	}
	if !ok {
		t.Errorf("section %s: instruction %d: %+v is not the canonical form of relocation kind %d", cs.Name, r.Index, ins, r.Kind)
	}
}

// TestReadTestdata reads the clang-built objects kept in testdata, so that
// the checks run without clang too.
func TestReadTestdata(t *testing.T) {
	for _, c := range clangCases {
		t.Run(c.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", c.file+".o"))
			if err != nil {
				t.Fatal(err)
			}
			obj, err := elfobj.Read(b)
			c.check(t, obj, err)
		})
	}
}

// TestClangOracle compiles the C programs in testdata with clang and checks
// the result of Read against llvm-objdump and the C source.
func TestClangOracle(t *testing.T) {
	for _, p := range []string{clangPath, objdumpPath} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("LLVM 19 not installed: %v", err)
		}
	}
	dir := t.TempDir()
	for _, c := range clangCases {
		t.Run(c.file, func(t *testing.T) {
			out := filepath.Join(dir, c.file+".o")
			cmd := exec.Command(clangPath, "-O2", "-target", "bpf", "-mcpu=v3", "-g", "-c", c.file+".c", "-o", out)
			cmd.Dir = "testdata"
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("clang: %v\n%s", err, msg)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if *update {
				if err := os.WriteFile(filepath.Join("testdata", c.file+".o"), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			obj, err := elfobj.Read(b)
			c.check(t, obj, err)
			if err != nil {
				return
			}
			want, err := objdump(out)
			if err != nil {
				t.Fatal(err)
			}
			for _, cs := range obj.Code {
				compareObjdump(t, cs, want[cs.Name])
				delete(want, cs.Name)
			}
			for name, w := range want {
				if len(w) > 0 {
					t.Errorf("llvm-objdump shows section %s, which Read dropped", name)
				}
			}
		})
	}
}

// compareObjdump compares the encoding of a section's instructions with the
// bytes llvm-objdump printed, slot by slot. For relocated instructions the
// source register and immediates, which Read canonicalises, are masked.
func compareObjdump(t *testing.T, cs *elfobj.CodeSection, want [][]byte) {
	t.Helper()
	relocated := make(map[int]bool)
	for _, r := range cs.Relocs {
		relocated[r.Index] = true
	}
	if len(want) != len(cs.Insns) {
		t.Fatalf("section %s: %d instructions, llvm-objdump shows %d", cs.Name, len(cs.Insns), len(want))
	}
	for i, ins := range cs.Insns {
		got, err := isa.Encode([]isa.Instruction{ins})
		if err != nil {
			t.Fatalf("section %s: instruction %d: %v", cs.Name, i, err)
		}
		w := bytes.Clone(want[i])
		if relocated[i] {
			for _, b := range [][]byte{got, w} {
				b[1] &= 0x0f
				clear(b[4:8])
				if len(b) == 16 {
					clear(b[12:16])
				}
			}
		}
		if !bytes.Equal(got, w) {
			t.Errorf("section %s: instruction %d: encodes as % x, llvm-objdump shows % x", cs.Name, i, got, w)
		}
	}
}

var (
	objdumpSection = regexp.MustCompile(`^Disassembly of section (.*):$`)
	objdumpInsn    = regexp.MustCompile(`^\s*(\d+):\t((?:[0-9a-f]{2} ?)+)\t`)
)

// objdump returns the raw bytes of each instruction llvm-objdump -d prints,
// by section.
func objdump(path string) (map[string][][]byte, error) {
	out, err := exec.Command(objdumpPath, "-d", path).Output()
	if err != nil {
		return nil, fmt.Errorf("llvm-objdump: %v", err)
	}
	res := make(map[string][][]byte)
	var sec string
	slot := 0
	for _, line := range strings.Split(string(out), "\n") {
		if m := objdumpSection.FindStringSubmatch(line); m != nil {
			sec, slot = m[1], 0
			continue
		}
		m := objdumpInsn.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		if n != slot {
			return nil, fmt.Errorf("section %s: llvm-objdump instruction number %d, want slot %d", sec, n, slot)
		}
		raw, err := hex.DecodeString(strings.ReplaceAll(m[2], " ", ""))
		if err != nil {
			return nil, err
		}
		res[sec] = append(res[sec], raw)
		slot += len(raw) / 8
	}
	return res, nil
}
