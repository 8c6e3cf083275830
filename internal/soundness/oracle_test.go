package soundness

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"vep"
	"vep/internal/elfobj"
	"vep/internal/interp"
)

// clangPath is the compiler the corpus is written for.
const clangPath = "/usr/lib/llvm-19/bin/clang"

// haveClang reports whether the dynamic oracle can run.
func haveClang() bool {
	_, err := os.Stat(clangPath)
	return err == nil
}

// strict reports whether known soundness bugs fail the tests.
func strict() bool { return os.Getenv("VEP_STRICT_SOUNDNESS") == "1" }

// verify runs vep.Verify on src and returns whether it accepted it and the
// printed report. err is non-nil for input vep considers invalid.
func verify(name, src string) (ok bool, report string, err error) {
	rep, err := vep.Verify(name, []byte(src))
	if err != nil {
		return false, "", err
	}
	return rep.OK(), rep.String(), nil
}

// compile compiles src with clang as the corpus prescribes and reads the
// object. It returns an error if clang rejects the program.
func compile(dir, src string) (*elfobj.Object, error) {
	cfile := filepath.Join(dir, "prog.c")
	ofile := filepath.Join(dir, "prog.o")
	if err := os.WriteFile(cfile, []byte(loadable(src)), 0o644); err != nil {
		return nil, err
	}
	inc, err := filepath.Abs("../../cparse/include")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(clangPath, "-O2", "-g", "-target", "bpf", "-mcpu=v3", "-nostdinc", "-isystem", inc,
		"-Wno-everything", "-c", cfile, "-o", ofile)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("clang: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(ofile)
	if err != nil {
		return nil, err
	}
	return elfobj.Read(raw)
}

var (
	strInit   = regexp.MustCompile(`\b(char|__u8) (\w+)\[(\w+)\] = "([^"\\]*)";`)
	braceInit = regexp.MustCompile(`\b(char|__u8) (\w+)\[(\w+)\] = \{([^{}]+)\};`)
	innerInit = regexp.MustCompile(`\) = \{\s*\.values = \{[^{}]*\},\s*\}`)
	stackID   = regexp.MustCompile(`bpf_get_stackid\([^;]*?\)`)
	intLen    = regexp.MustCompile(`\bint len;`)
	voidFunc  = regexp.MustCompile(`(?s)(static __noinline void \w+\([^)]*\)\n(?:/\*@.*?\*/\n)?\{\n.*?)\n\}\n`)
)

// loadable rewrites src, without changing its meaning, around two limits
// of the object reader: initialised character arrays, which clang copies
// from .rodata, become zeroed arrays filled element by element; the
// initial inner maps of a map-in-map are dropped (fillMaps creates them).
// Three rewrites keep runs from stopping early at a fault that is not the
// program's: a void subprogram sets r0 before it returns (clang leaves r0
// unset and the interpreter faults on that at the exit), bpf_get_stackid, which the interpreter lacks, becomes a
// random number, and an int len that holds a difference of packet
// pointers becomes a long (clang subtracts the pointers in 32 bits, which
// the interpreter, like the kernel, refuses).
func loadable(src string) string {
	src = voidFunc.ReplaceAllString(src, "$1\n\tasm volatile(\"r0 = 0\" ::: \"r0\");\n}\n")
	src = stackID.ReplaceAllString(src, "(int)bpf_get_prandom_u32()")
	src = intLen.ReplaceAllString(src, "long len;")
	fill := func(typ, name, size string, elems []string) string {
		if n, err := strconv.Atoi(size); err == nil && len(elems) > n {
			elems = elems[:n]
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s[%s] = {};", typ, name, size)
		for i, e := range elems {
			fmt.Fprintf(&b, " %s[%d] = %s;", name, i, e)
		}
		return b.String()
	}
	src = strInit.ReplaceAllStringFunc(src, func(m string) string {
		sm := strInit.FindStringSubmatch(m)
		var elems []string
		for _, c := range []byte(sm[4]) {
			elems = append(elems, strconv.Itoa(int(c)))
		}
		return fill(sm[1], sm[2], sm[3], elems)
	})
	src = braceInit.ReplaceAllStringFunc(src, func(m string) string {
		sm := braceInit.FindStringSubmatch(m)
		if strings.TrimSpace(sm[4]) == "" {
			return m
		}
		return fill(sm[1], sm[2], sm[3], strings.Split(sm[4], ","))
	})
	return innerInit.ReplaceAllString(src, ")")
}

// interpLimit matches faults that come from limits of the interpreter or
// of clang rather than from the program: helpers the interpreter lacks,
// and 32-bit arithmetic that clang emits on a packet pointer for a pointer
// difference truncated to int (xdp_adjust_tail.c), which the interpreter
// refuses as the kernel does. Such a run stops there, so the rest of that
// path goes unchecked.
var interpLimit = regexp.MustCompile(`unknown or unsupported helper|32-bit arithmetic on a pointer`)

// notTheProgram reports whether f comes from a limit of the interpreter or
// of clang (see interpLimit), or is the exit of a subprogram whose result
// the caller ignores: clang then drops the return value and leaves r0
// unset, which the interpreter reports when the subprogram returns.
func notTheProgram(f *interp.Fault) bool {
	return interpLimit.MatchString(f.Msg) ||
		f.Section == ".text" && f.Msg == "read of uninitialised register r0"
}

// ctxTooLong parses the interpreter's complaint about a context image.
var ctxTooLong = regexp.MustCompile(`context has (\d+)`)

// runs is how many inputs the oracle tries per program section.
const runs = 300

// fault compiles src and runs each of its programs on runs inputs: packets
// of every length up to 100 and some longer ones, shaped as Ethernet/IPv4
// with TCP, UDP or ICMP or filled at random, random contexts and random
// map contents. It returns the first fault as "section: input: fault", ""
// if no run faulted, and an error if the program does not compile or
// cannot be loaded.
func fault(dir, src string) (string, error) {
	obj, err := compile(dir, src)
	if err != nil {
		return "", err
	}
	for _, cs := range obj.Code {
		if cs.Name == ".text" || len(cs.Funcs) == 0 {
			continue
		}
		rng := rand.New(rand.NewPCG(1, uint64(len(src))))
		m, err := interp.New(obj, interp.Options{Seed: 1})
		if err != nil {
			return "", fmt.Errorf("interp.New: %v", err)
		}
		ctxLen := 512
		for i := 0; i < runs; i++ {
			if i%25 == 0 {
				m, err = interp.New(obj, interp.Options{Seed: int64(i), CPU: uint32(rng.IntN(4)), PIDTGID: rng.Uint64()})
				if err != nil {
					return "", fmt.Errorf("interp.New: %v", err)
				}
				fillMaps(m, obj, rng, i/25)
			}
			in := interp.Input{Packet: packet(rng, i), Context: randBytes(rng, ctxLen, i)}
			res, err := m.Run(cs.Name, in)
			if err != nil {
				if sm := ctxTooLong.FindStringSubmatch(err.Error()); sm != nil {
					ctxLen, _ = strconv.Atoi(sm[1])
					in.Context = in.Context[:min(ctxLen, len(in.Context))]
					res, err = m.Run(cs.Name, in)
				}
				if err != nil {
					return "", fmt.Errorf("run %s: %v", cs.Name, err)
				}
			}
			if res.Fault != nil && !notTheProgram(res.Fault) {
				return fmt.Sprintf("%s: input %d (packet of %d bytes % x): %v", cs.Name, i, len(in.Packet), head(in.Packet), res.Fault), nil
			}
		}
	}
	return "", nil
}

func head(b []byte) []byte { return b[:min(len(b), 40)] }

// randBytes returns n random bytes; every seventh input is all zeros and
// every eleventh all 0xff, so that edge values are tried.
func randBytes(rng *rand.Rand, n, i int) []byte {
	b := make([]byte, n)
	switch {
	case i%7 == 3:
	case i%11 == 5:
		for k := range b {
			b[k] = 0xff
		}
	default:
		for k := range b {
			b[k] = byte(rng.Uint32())
		}
	}
	return b
}

// packet returns the i-th test packet: lengths 0..100 in turn, then
// random lengths up to 1500; contents random or a well-formed Ethernet
// and IPv4 header with TCP, UDP or ICMP so that parsing code goes deep.
func packet(rng *rand.Rand, i int) []byte {
	n := i % 101
	if i >= 202 {
		n = rng.IntN(1500)
	}
	p := randBytes(rng, n, i)
	if (i/101)%2 == 1 || i >= 202 && rng.IntN(2) == 0 {
		shape := []byte{6, 17, 1}[rng.IntN(3)]
		put := func(off int, b ...byte) {
			for k, v := range b {
				if off+k < len(p) {
					p[off+k] = v
				}
			}
		}
		put(12, 0x08, 0x00)
		put(14, 0x45)
		if rng.IntN(4) == 0 {
			put(14, 0x40|byte(rng.IntN(16)))
		}
		put(23, shape)
	}
	return p
}

// fillMaps gives every map random contents: all slots of small arrays
// (left empty in round 0), some keys of hash maps.
func fillMaps(m *interp.Machine, obj *elfobj.Object, rng *rand.Rand, round int) {
	for _, def := range obj.Maps {
		ms, ok := m.Map(def.Name)
		if ok && def.Inner != nil {
			for k := uint32(0); k < min(def.MaxEntries, 4); k++ {
				key := make([]byte, 4)
				binary.LittleEndian.PutUint32(key, k)
				if in, err := ms.CreateInner(key); err == nil {
					fillMap(in, in.Def(), rng, round)
				}
			}
			continue
		}
		if !ok || def.Inner != nil || def.ValueSize == 0 || def.KeySize == 0 {
			continue
		}
		fillMap(ms, *def, rng, round)
	}
}

// fillMap stores random values under up to 64 keys of ms.
func fillMap(ms *interp.MapState, def elfobj.Map, rng *rand.Rand, round int) {
	if round == 0 {
		return
	}
	{
		n := int(min(def.MaxEntries, 64))
		for k := 0; k < n; k++ {
			key := make([]byte, def.KeySize)
			if def.Type == 2 && def.KeySize == 4 { // BPF_MAP_TYPE_ARRAY
				binary.LittleEndian.PutUint32(key, uint32(k))
			} else {
				key = randBytes(rng, int(def.KeySize), k)
			}
			val := randBytes(rng, int(def.ValueSize), round+k)
			if round%3 == 2 { // small values: plausible indices and lengths
				for j := range val {
					val[j] = byte(rng.IntN(8))
				}
			}
			_ = ms.Update(key, val)
		}
	}
}

// corpus returns the safe programs of examples/, by path relative to it.
func corpus(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("../../examples/*/*.c")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(string(b), "// expect: safe\n") {
			rel, _ := filepath.Rel("../../examples", f)
			out[filepath.ToSlash(rel)] = string(b)
		}
	}
	return out
}
