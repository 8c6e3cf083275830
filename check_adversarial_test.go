package vep

// Adversarial tests of the trusted checker (vep.Check): mutants of the
// compiled corpus that Check accepts must be safe, which the interpreter
// (internal/interp) decides dynamically on random inputs.
//
// The mutants edit the bytes of the ELF object directly: an instruction's
// fields in its code section, the ".vep.proof" section and the
// ".vep.spec" section. A section whose size changes is written at the end
// of the file and its section header repointed, so that every other byte
// of the object stays as the compiler wrote it.

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"vep/bpfcheck"
	"vep/internal/contracts"
	"vep/internal/elfobj"
	"vep/internal/elfwrite"
	"vep/internal/interp"
	"vep/internal/spec"
	"vep/proofs"
	"vep/solver"
)

// advExample is a compiled safe example that Check accepts.
type advExample struct {
	name  string // file name without ".c"
	path  string
	elf   []byte
	insns int           // instructions over all code sections
	check time.Duration // time of one Check of the untouched object
}

var (
	advOnce     sync.Once
	advAccepted []advExample
	advRejected []string // safe examples Check does not accept (yet)
	advErr      error
)

// advCorpus returns the examples below examples/ as path -> source, and
// whether each is marked safe.
func advCorpus() (map[string][]byte, map[string]bool, []string, error) {
	files, err := filepath.Glob("examples/*/*.c")
	if err != nil {
		return nil, nil, nil, err
	}
	if len(files) == 0 {
		return nil, nil, nil, fmt.Errorf("no examples below examples/")
	}
	sort.Strings(files)
	srcs := map[string][]byte{}
	safe := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, nil, err
		}
		srcs[f] = b
		safe[f] = bytes.HasPrefix(b, []byte("// expect: safe"))
	}
	return srcs, safe, files, nil
}

// acceptedExamples compiles every safe example once per test binary and
// returns those whose objects Check accepts, so that the tests follow the
// checker as it learns to accept more of the corpus.
func acceptedExamples(tb testing.TB) []advExample {
	tb.Helper()
	advOnce.Do(func() {
		srcs, safe, files, err := advCorpus()
		if err != nil {
			advErr = err
			return
		}
		for _, f := range files {
			if !safe[f] {
				continue
			}
			name := strings.TrimSuffix(filepath.Base(f), ".c")
			o, err := Compile(f, srcs[f])
			if err != nil {
				advRejected = append(advRejected, name+" (compile: "+firstLine(err.Error())+")")
				continue
			}
			t0 := time.Now()
			rep, err := Check(o.ELF)
			d := time.Since(t0)
			if err != nil || !rep.Accepted() {
				advRejected = append(advRejected, name)
				continue
			}
			n := 0
			for _, s := range o.Sections {
				n += len(s.Insns)
			}
			advAccepted = append(advAccepted, advExample{name: name, path: f, elf: o.ELF, insns: n, check: d})
		}
		// Programs with bytecode annotations, so that the annotation
		// mutants have something to mutate: the loop programs of
		// compile_test.go and the hand-written assembly examples.
		type extra struct {
			name string
			obj  func() (*Object, error)
		}
		var extras []extra
		for i, lp := range loopPrograms {
			extras = append(extras, extra{fmt.Sprintf("loopprog%d", i), func() (*Object, error) { return Compile("loop.c", []byte(lp.src)) }})
		}
		asms, _ := filepath.Glob("examples/asm/*.s")
		sort.Strings(asms)
		for _, f := range asms {
			extras = append(extras, extra{strings.TrimSuffix(filepath.Base(f), ".s"), func() (*Object, error) {
				src, err := os.ReadFile(f)
				if err != nil {
					return nil, err
				}
				return CompileAsm(f, src)
			}})
		}
		for _, x := range extras {
			o, err := x.obj()
			if err != nil {
				advRejected = append(advRejected, x.name+" (compile: "+firstLine(err.Error())+")")
				continue
			}
			t0 := time.Now()
			rep, err := Check(o.ELF)
			d := time.Since(t0)
			if err != nil || !rep.Accepted() {
				advRejected = append(advRejected, x.name)
				continue
			}
			n := 0
			for _, s := range o.Sections {
				n += len(s.Insns)
			}
			advAccepted = append(advAccepted, advExample{name: x.name, path: x.name, elf: o.ELF, insns: n, check: d})
		}
	})
	if advErr != nil {
		tb.Fatalf("corpus: %v", advErr)
	}
	if len(advAccepted) == 0 {
		tb.Fatalf("Check accepts no compiled example")
	}
	return advAccepted
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// ---------------------------------------------------------------------------
// Raw ELF editing.

// elfSection locates a section in the file: its data and its header.
type elfSection struct {
	name     string
	off, len int // data
	hdr      int // offset of the section header
}

// elfSections returns the sections of an ELF64 little-endian object by
// name.
func elfSections(b []byte) (map[string]elfSection, error) {
	f, err := elf.NewFile(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	if f.Class != elf.ELFCLASS64 || f.Data != elf.ELFDATA2LSB {
		return nil, fmt.Errorf("not an ELF64 little-endian object")
	}
	shoff := int(binary.LittleEndian.Uint64(b[0x28:]))
	shentsize := int(binary.LittleEndian.Uint16(b[0x3a:]))
	out := map[string]elfSection{}
	for i, s := range f.Sections {
		out[s.Name] = elfSection{name: s.Name, off: int(s.Offset), len: int(s.Size), hdr: shoff + i*shentsize}
	}
	return out, nil
}

// replaceSection returns a copy of b whose section name holds data: the
// data is appended (8-byte aligned) at the end of the file and the
// section's header points to it.
func replaceSection(b []byte, name string, data []byte) ([]byte, error) {
	secs, err := elfSections(b)
	if err != nil {
		return nil, err
	}
	s, ok := secs[name]
	if !ok {
		return nil, fmt.Errorf("no section %s", name)
	}
	out := bytes.Clone(b)
	for len(out)%8 != 0 {
		out = append(out, 0)
	}
	off := len(out)
	out = append(out, data...)
	binary.LittleEndian.PutUint64(out[s.hdr+0x18:], uint64(off))
	binary.LittleEndian.PutUint64(out[s.hdr+0x20:], uint64(len(data)))
	return out, nil
}

// sectionData returns the bytes of section name, nil if there is none.
func sectionData(b []byte, name string) []byte {
	secs, err := elfSections(b)
	if err != nil {
		return nil
	}
	s, ok := secs[name]
	if !ok {
		return nil
	}
	return b[s.off : s.off+s.len]
}

// insnSite is one instruction of a code section in the file.
type insnSite struct {
	section string
	index   int // index as elfobj counts (a 64-bit immediate load is one)
	off     int // file offset of its first 8-byte slot
	wide    bool
}

// insnSites lists the instructions of every code section of b.
func insnSites(b []byte) ([]insnSite, error) {
	obj, err := elfobj.Read(b)
	if err != nil {
		return nil, err
	}
	secs, err := elfSections(b)
	if err != nil {
		return nil, err
	}
	var out []insnSite
	for _, cs := range obj.Code {
		s, ok := secs[cs.Name]
		if !ok {
			return nil, fmt.Errorf("code section %s not in the ELF headers", cs.Name)
		}
		p := s.off
		for i := range cs.Insns {
			if p+8 > s.off+s.len {
				return nil, fmt.Errorf("%s: instruction %d past the section end", cs.Name, i)
			}
			wide := b[p] == 0x18
			out = append(out, insnSite{section: cs.Name, index: i, off: p, wide: wide})
			if wide {
				p += 16
			} else {
				p += 8
			}
		}
	}
	return out, nil
}

// ---------------------------------------------------------------------------
// The dynamic oracle.

// oracleRuns is how many inputs the oracle tries on each accepted program.
func oracleRuns() int {
	if testing.Short() {
		return 60
	}
	return 200
}

// oracleSteps is the interpreter's instruction budget per run; the
// corpus needs far fewer.
const oracleSteps = 300_000

var ctxSizeErr = regexp.MustCompile(`the \S+ context has (\d+)|context has (\d+)`)

// interpLimits are faults that come from what the interpreter does not
// model rather than from the program: a helper it lacks, and its budget of
// instructions per run. Check proves termination, not a bound on the
// number of steps: a mutant whose loop bound grows from 1023 to 2^32 - 1
// still terminates but outruns the budget. Such runs are counted (and the
// first of each mutant logged) but are not soundness bugs.
var interpLimits = regexp.MustCompile(`unknown or unsupported helper|step limit of \d+ instructions exceeded`)

// oracleResult is what the oracle found.
type oracleResult struct {
	fault   string // first safety violation, "" if none
	limited int    // runs that stopped at a limit of the interpreter
	// firstLimit describes the first run stopped at a limit.
	firstLimit string
}

// runOracle runs every program of b that rep accepts on runs random
// inputs (packets of many lengths, some shaped as Ethernet/IPv4, random
// context images, random map contents) and returns the first fault: a
// fault of the interpreter, an object the interpreter refuses to load, or
// an exit value outside the range the program type allows.
func runOracle(b []byte, rep *CheckReport, seed uint64, runs int) oracleResult {
	var res oracleResult
	obj, err := elfobj.Read(b)
	if err != nil {
		res.fault = "elfobj.Read of an accepted object: " + err.Error()
		return res
	}
	for pi, pr := range rep.Programs {
		if !pr.Accepted {
			continue
		}
		var ret *contracts.ReturnRule
		if pt, err := contracts.ProgramTypeOf(pr.Section); err == nil && pt.Return.Checked {
			ret = &pt.Return
		}
		global := false
		for _, cs := range obj.Code {
			for _, f := range cs.Funcs {
				if cs.Name == pr.Section && f.Name == pr.Func && f.Global {
					global = true
				}
			}
		}
		rng := rand.New(rand.NewPCG(seed, uint64(pi)+1))
		var m *interp.Machine
		ctxLen := 512
		for i := 0; i < runs; i++ {
			if i%25 == 0 {
				m, err = interp.New(obj, interp.Options{StepLimit: oracleSteps, Seed: int64(seed) + int64(i), CPU: uint32(rng.IntN(4)), PIDTGID: rng.Uint64(), UIDGID: rng.Uint64()})
				if err != nil {
					res.fault = "interp.New refuses an accepted object: " + err.Error()
					return res
				}
				advFillMaps(m, obj, rng, i/25)
			}
			in := interp.Input{Packet: advPacket(rng, i), Context: advBytes(rng, ctxLen, i)}
			run := func() (*interp.Result, error) {
				if global {
					return m.RunProgram(pr.Func, in)
				}
				return m.Run(pr.Section, in)
			}
			r, err := run()
			if err != nil {
				if sm := ctxSizeErr.FindStringSubmatch(err.Error()); sm != nil {
					n, _ := strconv.Atoi(sm[1] + sm[2])
					ctxLen = n
					in.Context = in.Context[:min(n, len(in.Context))]
					r, err = run()
				}
				if err != nil {
					res.fault = fmt.Sprintf("%s/%s: the interpreter cannot run it: %v", pr.Section, pr.Func, err)
					return res
				}
			}
			if r.Fault != nil {
				if interpLimits.MatchString(r.Fault.Msg) {
					if res.limited == 0 {
						res.firstLimit = fmt.Sprintf("%s/%s: input %d: %v", pr.Section, pr.Func, i, r.Fault)
					}
					res.limited++
					if strings.Contains(r.Fault.Msg, "step limit") {
						break // the other inputs would likely run as long
					}
					continue
				}
				res.fault = fmt.Sprintf("%s/%s: input %d (packet of %d bytes % x): %v", pr.Section, pr.Func, i, len(in.Packet), in.Packet[:min(len(in.Packet), 40)], r.Fault)
				return res
			}
			if ret != nil {
				v := int64(r.R0)
				if v < ret.Range.Min || v > ret.Range.Max {
					res.fault = fmt.Sprintf("%s/%s: input %d: returns %d, outside [%d, %d]", pr.Section, pr.Func, i, v, ret.Range.Min, ret.Range.Max)
					return res
				}
			}
		}
	}
	return res
}

// advBytes returns n random bytes; some inputs are all zeros or all 0xff.
func advBytes(rng *rand.Rand, n, i int) []byte {
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

// advPacket returns the i-th packet: lengths 0..99 in turn, then random
// lengths up to 1500; every other packet is shaped as Ethernet + IPv4 with
// TCP, UDP or ICMP so that parsers go deep.
func advPacket(rng *rand.Rand, i int) []byte {
	n := i % 100
	if i >= 100 {
		n = rng.IntN(1500)
	}
	p := advBytes(rng, n, i)
	if i%2 == 1 {
		put := func(off int, v ...byte) {
			for k, x := range v {
				if off+k < len(p) {
					p[off+k] = x
				}
			}
		}
		put(12, 0x08, 0x00)
		put(14, 0x45)
		if rng.IntN(4) == 0 {
			put(14, 0x40|byte(rng.IntN(16)))
		}
		put(23, []byte{6, 17, 1}[rng.IntN(3)])
	}
	return p
}

// advFillMaps fills the maps of m at random (round 0 leaves them empty).
func advFillMaps(m *interp.Machine, obj *elfobj.Object, rng *rand.Rand, round int) {
	if round == 0 {
		return
	}
	for _, def := range obj.Maps {
		ms, ok := m.Map(def.Name)
		if !ok {
			continue
		}
		if def.Inner != nil {
			for k := uint32(0); k < min(def.MaxEntries, 4); k++ {
				key := binary.LittleEndian.AppendUint32(nil, k)
				if in, err := ms.CreateInner(key); err == nil {
					advFillMap(in, in.Def(), rng, round)
				}
			}
			continue
		}
		advFillMap(ms, *def, rng, round)
	}
}

func advFillMap(ms *interp.MapState, def elfobj.Map, rng *rand.Rand, round int) {
	if def.KeySize == 0 || def.ValueSize == 0 {
		return
	}
	for k := 0; k < int(min(def.MaxEntries, 64)); k++ {
		key := make([]byte, def.KeySize)
		if def.KeySize == 4 && (def.Type == elfobj.MapArray || def.Type == elfobj.MapPerCPUArray) {
			binary.LittleEndian.PutUint32(key, uint32(k))
		} else {
			key = advBytes(rng, int(def.KeySize), k)
		}
		val := advBytes(rng, int(def.ValueSize), round+k)
		if round%3 == 2 {
			for j := range val {
				val[j] = byte(rng.IntN(8))
			}
		}
		_ = ms.Update(key, val)
	}
}

// allPrograms is a report that accepts every program of b, for running
// the oracle on code regardless of Check.
func allPrograms(b []byte) *CheckReport {
	obj, err := elfobj.Read(b)
	if err != nil {
		return &CheckReport{}
	}
	rep := &CheckReport{}
	for _, cs := range obj.Code {
		if cs.Name == ".text" {
			continue
		}
		for _, f := range cs.Funcs {
			if f.Global {
				rep.Programs = append(rep.Programs, bpfcheck.ProgramReport{Section: cs.Name, Func: f.Name, Accepted: true})
			}
		}
	}
	return rep
}

// ---------------------------------------------------------------------------
// Judging mutants.

// tally counts the mutants of one category.
type tally struct {
	tried, rejected, unreadable, accepted, partial, faultFree, bugs, limited int
}

func (t *tally) add(u tally) {
	t.tried += u.tried
	t.rejected += u.rejected
	t.unreadable += u.unreadable
	t.accepted += u.accepted
	t.partial += u.partial
	t.faultFree += u.faultFree
	t.bugs += u.bugs
	t.limited += u.limited
}

func (t tally) String() string {
	return fmt.Sprintf("tried %d, rejected %d (unreadable ELF %d), accepted %d (+%d with only some programs accepted), accepted and fault-free %d, soundness bugs %d (runs stopped at interpreter limits %d)",
		t.tried, t.rejected, t.unreadable, t.accepted, t.partial, t.faultFree, t.bugs, t.limited)
}

// judge checks one mutant: rejected, or accepted and fault-free on the
// oracle's inputs; an accepted mutant that faults is reported as a
// soundness bug. A mutant in which only some programs are accepted counts
// as accepted, and the oracle runs those programs.
func judge(t *testing.T, tl *tally, ex string, desc string, b []byte, seed uint64) {
	t.Helper()
	tl.tried++
	rep, err := Check(b)
	if err != nil {
		tl.rejected++
		tl.unreadable++
		return
	}
	if rep == nil {
		t.Errorf("%s: %s: Check returned neither a report nor an error", ex, desc)
		return
	}
	any := false
	for _, p := range rep.Programs {
		any = any || p.Accepted
	}
	if !any {
		tl.rejected++
		return
	}
	if rep.Accepted() {
		tl.accepted++
	} else {
		tl.partial++
	}
	res := runOracle(b, rep, seed, oracleRuns())
	tl.limited += res.limited
	if strings.Contains(res.firstLimit, "step limit") {
		t.Logf("%s: mutant %q runs past the interpreter's step budget (a loop bound Check accepts as terminating): %s", ex, desc, res.firstLimit)
	}
	if res.fault != "" {
		tl.bugs++
		t.Errorf("SOUNDNESS BUG: %s: mutant %q is accepted by Check but faults: %s", ex, desc, res.fault)
		return
	}
	tl.faultFree++
}

// advSeconds is the wall time TestCheckMutants aims at, shared among the
// examples (two run at a time): 30 s, 8 s with -short, or
// VEP_ADVERSARIAL_SECONDS for longer campaigns (the counts of each
// category are logged; 300 s covers the small programs systematically).
func advSeconds() float64 {
	if v, err := strconv.ParseFloat(os.Getenv("VEP_ADVERSARIAL_SECONDS"), 64); err == nil && v > 0 {
		return v
	}
	if testing.Short() {
		return 8
	}
	return 30
}

// exampleBudget is one example's share of advSeconds.
var exampleBudget time.Duration

// budget bounds the time spent on one category of one example: share is
// the category's fraction of the example's budget.
func budget(share float64) time.Duration {
	return time.Duration(share * float64(exampleBudget))
}

// ---------------------------------------------------------------------------
// Instruction mutants.

// insnMutation is one edit of an instruction's bytes.
type insnMutation struct {
	desc string
	edit func(slot []byte) // slot is the instruction's 8 (or 16) bytes
}

// Condition opcodes and their negations (the op part of a jump).
var negatedJump = map[byte]byte{
	0x10: 0x50, 0x50: 0x10, // jeq / jne
	0x20: 0xb0, 0xb0: 0x20, // jgt / jle
	0x30: 0xa0, 0xa0: 0x30, // jge / jlt
	0x60: 0xd0, 0xd0: 0x60, // jsgt / jsle
	0x70: 0xc0, 0xc0: 0x70, // jsge / jslt
}

// insnMutations returns the mutations of the instruction in slot: single
// bit flips of every field and values that matter (a negated condition, a
// neighbouring offset or immediate, another access size, the instruction
// replaced by a no-op or an exit).
func insnMutations(slot []byte, full bool) []insnMutation {
	var ms []insnMutation
	add := func(desc string, edit func(s []byte)) { ms = append(ms, insnMutation{desc, edit}) }
	op := slot[0]
	for bit := 0; bit < 8; bit++ {
		add(fmt.Sprintf("opcode bit %d", bit), func(s []byte) { s[0] ^= 1 << bit })
	}
	for bit := 0; bit < 4; bit++ {
		add(fmt.Sprintf("dst bit %d", bit), func(s []byte) { s[1] ^= 1 << bit })
		add(fmt.Sprintf("src bit %d", bit), func(s []byte) { s[1] ^= 0x10 << bit })
	}
	for _, r := range []byte{0, 1, 10} {
		add(fmt.Sprintf("dst = r%d", r), func(s []byte) { s[1] = s[1]&0xf0 | r })
		add(fmt.Sprintf("src = r%d", r), func(s []byte) { s[1] = s[1]&0x0f | r<<4 })
	}
	offBits := []int{0, 1, 2, 3, 4, 7, 8, 15}
	immBits := []int{0, 1, 2, 3, 4, 5, 7, 8, 12, 15, 16, 24, 31}
	if full {
		offBits = offBits[:0]
		for i := 0; i < 16; i++ {
			offBits = append(offBits, i)
		}
		immBits = immBits[:0]
		for i := 0; i < 32; i++ {
			immBits = append(immBits, i)
		}
	}
	for _, bit := range offBits {
		add(fmt.Sprintf("off bit %d", bit), func(s []byte) { s[2+bit/8] ^= 1 << (bit % 8) })
	}
	for _, d := range []int16{1, -1, 4, -4, 8, -8} {
		add(fmt.Sprintf("off %+d", d), func(s []byte) {
			binary.LittleEndian.PutUint16(s[2:], uint16(int16(binary.LittleEndian.Uint16(s[2:]))+d))
		})
	}
	add("off = 0", func(s []byte) { s[2], s[3] = 0, 0 })
	for _, bit := range immBits {
		add(fmt.Sprintf("imm bit %d", bit), func(s []byte) { s[4+bit/8] ^= 1 << (bit % 8) })
	}
	for _, d := range []int32{1, -1, 8, -8} {
		add(fmt.Sprintf("imm %+d", d), func(s []byte) {
			binary.LittleEndian.PutUint32(s[4:], uint32(int32(binary.LittleEndian.Uint32(s[4:]))+d))
		})
	}
	for _, v := range []int32{0, -1, 1 << 30, -1 << 31, 0x7fffffff} {
		add(fmt.Sprintf("imm = %d", v), func(s []byte) { binary.LittleEndian.PutUint32(s[4:], uint32(v)) })
	}
	add("imm * 2", func(s []byte) {
		binary.LittleEndian.PutUint32(s[4:], binary.LittleEndian.Uint32(s[4:])*2)
	})
	if len(slot) == 16 {
		add("imm high bit 0", func(s []byte) { s[12] ^= 1 })
		add("imm high bit 31", func(s []byte) { s[15] ^= 0x80 })
		add("imm high = 1", func(s []byte) { binary.LittleEndian.PutUint32(s[12:], 1) })
	}
	class := op & 7
	switch class {
	case 0x05, 0x06: // jmp, jmp32
		if n, ok := negatedJump[op&0xf0]; ok {
			add("negated condition", func(s []byte) { s[0] = s[0]&0x0f | n })
			add("condition swapped to always", func(s []byte) { s[0] = 0x05; s[1] = 0; binary.LittleEndian.PutUint32(s[4:], 0) })
		}
	case 0x01, 0x02, 0x03: // ldx, st, stx: other sizes
		for _, size := range []byte{0x00, 0x08, 0x10, 0x18} {
			if op&0x18 != size {
				add(fmt.Sprintf("access size %d", []int{4, 2, 1, 8}[size>>3]), func(s []byte) { s[0] = s[0]&^0x18 | size })
			}
		}
	case 0x04, 0x07: // alu, alu64: other operations
		for _, o := range []byte{0x00, 0x10, 0xb0, 0x50, 0x60, 0x70} {
			if op&0xf0 != o {
				add(fmt.Sprintf("alu op %#x", o), func(s []byte) { s[0] = s[0]&0x0f | o })
			}
		}
	}
	if len(slot) == 8 {
		add("replaced by ja +0", func(s []byte) { copy(s, []byte{0x05, 0, 0, 0, 0, 0, 0, 0}) })
		add("replaced by exit", func(s []byte) { copy(s, []byte{0x95, 0, 0, 0, 0, 0, 0, 0}) })
		add("replaced by r0 = 0", func(s []byte) { copy(s, []byte{0xb7, 0, 0, 0, 0, 0, 0, 0}) })
	}
	return ms
}

// insnMutant is an instruction mutant of an object.
type insnMutant struct {
	desc string
	elf  []byte
}

// allInsnMutants returns every instruction mutant of b (duplicates and
// edits that change nothing removed).
func allInsnMutants(b []byte, full bool) ([]insnMutant, error) {
	sites, err := insnSites(b)
	if err != nil {
		return nil, err
	}
	var out []insnMutant
	for _, st := range sites {
		n := 8
		if st.wide {
			n = 16
		}
		orig := b[st.off : st.off+n]
		seen := map[string]bool{string(orig): true}
		for _, m := range insnMutations(orig, full) {
			slot := bytes.Clone(orig)
			m.edit(slot)
			if seen[string(slot)] {
				continue
			}
			seen[string(slot)] = true
			mb := bytes.Clone(b)
			copy(mb[st.off:], slot)
			out = append(out, insnMutant{fmt.Sprintf("%s insn %d: %s (% x -> % x)", st.section, st.index, m.desc, orig[:8], slot[:8]), mb})
		}
	}
	return out, nil
}

var insnDesc = regexp.MustCompile(`^(\S+) insn (\d+):`)

// insnIndexOf recovers the section and instruction of an instruction
// mutant's description (index -1 if there is none).
func insnIndexOf(desc string) insnSite {
	sm := insnDesc.FindStringSubmatch(desc)
	if sm == nil {
		return insnSite{index: -1}
	}
	i, _ := strconv.Atoi(sm[2])
	return insnSite{section: sm[1], index: i}
}

// sample returns up to n elements of xs chosen with a fixed seed, in
// their original order.
func sample[T any](xs []T, n int, seed uint64) []T {
	if len(xs) <= n {
		return xs
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	idx := rng.Perm(len(xs))[:n]
	sort.Ints(idx)
	out := make([]T, n)
	for i, k := range idx {
		out[i] = xs[k]
	}
	return out
}

// seedOf derives a fixed seed from a name.
func seedOf(s string) uint64 {
	var h uint64 = 1469598103934665603
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

// ---------------------------------------------------------------------------
// Proof-section mutants.

// proofSectionParts splits a ".vep.proof" section into its proofs.
func proofSectionParts(data []byte) ([][]byte, error) {
	if len(data) < 5 || string(data[:4]) != "VEPC" {
		return nil, fmt.Errorf("bad magic")
	}
	off := 5
	n, k := binary.Uvarint(data[off:])
	if k <= 0 {
		return nil, fmt.Errorf("bad count")
	}
	off += k
	var ps [][]byte
	for i := uint64(0); i < n; i++ {
		l, k := binary.Uvarint(data[off:])
		if k <= 0 || off+k+int(l) > len(data) {
			return nil, fmt.Errorf("bad proof %d", i)
		}
		off += k
		ps = append(ps, data[off:off+int(l)])
		off += int(l)
	}
	if off != len(data) {
		return nil, fmt.Errorf("trailing bytes")
	}
	return ps, nil
}

// joinProofs encodes proofs as a ".vep.proof" section with the given
// count (normally len(ps)).
func joinProofs(version byte, count int, ps [][]byte) []byte {
	b := append([]byte("VEPC"), version)
	b = binary.AppendUvarint(b, uint64(count))
	for _, p := range ps {
		b = binary.AppendUvarint(b, uint64(len(p)))
		b = append(b, p...)
	}
	return b
}

// proofMutant is a replacement ".vep.proof" section.
type proofMutant struct {
	desc string
	data []byte
}

// proofMutants returns the mutants of a proof section: bit flips
// (all of them for small sections, else a sample), each proof dropped,
// pairs of proofs swapped, a proof replaced by another or by the empty
// proof, truncations, a wrong count, an unknown version and trailing
// bytes.
func proofMutants(data []byte, seed uint64, maxFlips int) []proofMutant {
	var out []proofMutant
	add := func(desc string, d []byte) {
		if !bytes.Equal(d, data) {
			out = append(out, proofMutant{desc, d})
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0xb17))
	if len(data)*8 <= maxFlips {
		for i := range data {
			for bit := 0; bit < 8; bit++ {
				d := bytes.Clone(data)
				d[i] ^= 1 << bit
				add(fmt.Sprintf("flip byte %d bit %d", i, bit), d)
			}
		}
	} else {
		for k := 0; k < maxFlips; k++ {
			i, bit := rng.IntN(len(data)), rng.IntN(8)
			d := bytes.Clone(data)
			d[i] ^= 1 << bit
			add(fmt.Sprintf("flip byte %d bit %d", i, bit), d)
		}
	}
	ps, err := proofSectionParts(data)
	if err != nil {
		return out
	}
	n := len(ps)
	empty, _ := proofs.MarshalEntailment(&proofs.Entailment{})
	without := func(i int) [][]byte {
		q := append([][]byte(nil), ps[:i]...)
		return append(q, ps[i+1:]...)
	}
	for i := 0; i < n; i++ {
		add(fmt.Sprintf("drop proof %d", i), joinProofs(1, n-1, without(i)))
		add(fmt.Sprintf("drop proof %d, count kept", i), joinProofs(1, n, without(i)))
		q := append([][]byte(nil), ps...)
		q[i] = empty
		add(fmt.Sprintf("proof %d replaced by the empty proof", i), joinProofs(1, n, q))
	}
	var pairs [][2]int
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if !bytes.Equal(ps[i], ps[j]) {
				pairs = append(pairs, [2]int{i, j})
			}
		}
	}
	for _, pr := range sample(pairs, 120, seed) {
		i, j := pr[0], pr[1]
		q := append([][]byte(nil), ps...)
		q[i], q[j] = q[j], q[i]
		add(fmt.Sprintf("swap proofs %d and %d", i, j), joinProofs(1, n, q))
		q = append([][]byte(nil), ps...)
		q[i] = ps[j]
		add(fmt.Sprintf("proof %d replaced by proof %d", i, j), joinProofs(1, n, q))
	}
	// Truncations: at every proof boundary, inside proofs, and short ones.
	cuts := map[int]bool{0: true, 4: true, 5: true, len(data) - 1: true, len(data) / 2: true}
	off := len(joinProofs(1, n, nil))
	for _, p := range ps {
		cuts[off] = true
		cuts[off+1+len(p)/2] = true
		off += len(binary.AppendUvarint(nil, uint64(len(p)))) + len(p)
	}
	for c := range cuts {
		if c >= 0 && c < len(data) {
			add(fmt.Sprintf("truncated to %d bytes", c), bytes.Clone(data[:c]))
		}
	}
	add("count + 1 with a copy of the last proof", joinProofs(1, n+1, append(append([][]byte(nil), ps...), ps[max(n-1, 0):]...)))
	add("count + 1", joinProofs(1, n+1, ps))
	if n > 0 {
		add("count - 1", joinProofs(1, n-1, ps))
	}
	add("version 2", joinProofs(2, n, ps))
	add("version 0", joinProofs(0, n, ps))
	add("trailing zero byte", append(bytes.Clone(data), 0))
	add("empty section", []byte{})
	add("no proofs", joinProofs(1, 0, nil))
	return out
}

// ---------------------------------------------------------------------------
// Annotation mutants.

var (
	numLit    = regexp.MustCompile(`\b[0-9]+\b`)
	regName   = regexp.MustCompile(`\bR([0-9])\b`)
	operators = []struct{ from, to string }{
		{"<=", "<"}, {"<", "<="}, {">=", ">"}, {"==", "!="}, {"!=", "=="},
		{"&&", "||"}, {" - ", " + "}, {" + ", " - "}, {"u64", "u32"}, {"u32", "u8"}, {"u8", "u16"},
		{"chars(", "undef_chars("}, {"exists", "forall"},
	}
)

// textMutations returns mutations of one annotation's text: each numeric
// literal made smaller, larger, zero or doubled; each comparison or
// connective changed; each register renamed; each conjunct dropped; the
// whole text replaced by true or false.
func textMutations(text string) []struct{ desc, text string } {
	var out []struct{ desc, text string }
	seen := map[string]bool{text: true}
	add := func(desc, s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, struct{ desc, text string }{desc, s})
		}
	}
	for _, loc := range numLit.FindAllStringIndex(text, -1) {
		lit := text[loc[0]:loc[1]]
		n, err := strconv.ParseInt(lit, 10, 64)
		if err != nil {
			continue
		}
		if loc[0] > 0 && text[loc[0]-1] == 'R' { // a register name
			continue
		}
		for _, v := range []int64{n - 1, n + 1, 0, 2*n + 1, n + 8} {
			if v < 0 {
				continue
			}
			add(fmt.Sprintf("literal %s at %d -> %d", lit, loc[0], v), text[:loc[0]]+strconv.FormatInt(v, 10)+text[loc[1]:])
		}
	}
	for _, op := range operators {
		for i := 0; ; {
			k := strings.Index(text[i:], op.from)
			if k < 0 {
				break
			}
			k += i
			// Do not turn "<=" into "<=" via "<" -> "<=", nor touch "<<".
			if op.from == "<" && (strings.HasPrefix(text[k:], "<=") || strings.HasPrefix(text[k:], "<<") || k > 0 && text[k-1] == '<') {
				i = k + 1
				continue
			}
			add(fmt.Sprintf("%q at %d -> %q", op.from, k, op.to), text[:k]+op.to+text[k+len(op.from):])
			i = k + len(op.from)
		}
	}
	for _, loc := range regName.FindAllStringSubmatchIndex(text, -1) {
		d := text[loc[2]]
		for _, r := range []byte{'0' + (d-'0'+1)%10, '0' + (d-'0'+9)%10} {
			add(fmt.Sprintf("register R%c at %d -> R%c", d, loc[0], r), text[:loc[2]]+string(r)+text[loc[3]:])
		}
	}
	parts := strings.Split(text, " && ")
	if len(parts) > 1 {
		for i := range parts {
			q := append(append([]string(nil), parts[:i]...), parts[i+1:]...)
			add(fmt.Sprintf("conjunct %d dropped", i), strings.Join(q, " && "))
		}
	}
	add("text -> true", "true")
	add("text -> false", "false")
	add("text -> empty", "")
	return out
}

// specMutant is a replacement ".vep.spec" section.
type specMutant struct {
	desc string
	data []byte
}

// specMutants returns the mutants of the annotations: each entry dropped,
// moved to a neighbouring instruction, given another kind, its text
// mutated (textMutations), pairs of texts swapped, and raw bit flips of the
// encoded section.
func specMutants(data []byte, seed uint64, maxFlips int) []specMutant {
	var out []specMutant
	entries, err := spec.Decode(data)
	if err != nil {
		return nil
	}
	add := func(desc string, es []spec.Entry) {
		spec.Sort(es)
		d, err := spec.Encode(es)
		if err == nil && !bytes.Equal(d, data) {
			out = append(out, specMutant{desc, d})
		}
	}
	clone := func() []spec.Entry { return append([]spec.Entry(nil), entries...) }
	for k, e := range entries {
		where := fmt.Sprintf("%s %s at %d", e.Section, e.Kind, e.Index)
		es := clone()
		add("drop "+where, append(es[:k], es[k+1:]...))
		for _, d := range []int{-1, 1} {
			if e.Index+d >= 0 {
				es := clone()
				es[k].Index += d
				add(fmt.Sprintf("move %s by %+d", where, d), es)
			}
		}
		for _, kind := range []spec.Kind{spec.Contract, spec.Invariant, spec.Assertion} {
			if kind != e.Kind {
				es := clone()
				es[k].Kind = kind
				add(fmt.Sprintf("%s becomes %s", where, kind), es)
			}
		}
		for _, tm := range textMutations(e.Text) {
			es := clone()
			es[k].Text = tm.text
			add(where+": "+tm.desc, es)
		}
		// An assertion false or true added before each of the first
		// instructions after this annotation.
		for _, txt := range []string{"false", "true"} {
			es := clone()
			es = append(es, spec.Entry{Section: e.Section, Index: e.Index + 1, Kind: spec.Assertion, Text: txt})
			add(fmt.Sprintf("assertion %s added after %s", txt, where), es)
		}
	}
	for i := range entries {
		for j := i + 1; j < len(entries); j++ {
			if entries[i].Text != entries[j].Text {
				es := clone()
				es[i].Text, es[j].Text = es[j].Text, es[i].Text
				add(fmt.Sprintf("swap texts of entries %d and %d", i, j), es)
			}
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0x5bec))
	for k := 0; k < maxFlips && len(data) > 0; k++ {
		i, bit := rng.IntN(len(data)), rng.IntN(8)
		d := bytes.Clone(data)
		d[i] ^= 1 << bit
		out = append(out, specMutant{fmt.Sprintf("flip spec byte %d bit %d", i, bit), d})
	}
	return out
}

// setSpec returns b with its ".vep.spec" section holding data. An object
// without the section is rewritten by elfwrite with the section added.
func setSpec(b []byte, data []byte) ([]byte, error) {
	secs, err := elfSections(b)
	if err != nil {
		return nil, err
	}
	if _, ok := secs[spec.SectionName]; ok {
		return replaceSection(b, spec.SectionName, data)
	}
	obj, err := elfobj.Read(b)
	if err != nil {
		return nil, err
	}
	obj.Extra = append(obj.Extra, &elfobj.RawSection{Name: spec.SectionName, Data: data})
	return elfwrite.Write(obj)
}

// specEntries returns the annotations of b (none if it has no section).
func specEntries(b []byte) ([]spec.Entry, error) {
	data := sectionData(b, spec.SectionName)
	if data == nil {
		return nil, nil
	}
	return spec.Decode(data)
}

// forgery is an annotation added to an object to make unsafe code
// provable: a contract that assumes false or promises nothing on an entry
// point, or an assertion or invariant that claims too much.
type forgery struct {
	desc string
	at   func(obj *elfobj.Object, sec string, index int) (spec.Entry, bool)
}

var forgeries = []forgery{
	{"entry contract Require false", func(obj *elfobj.Object, sec string, _ int) (spec.Entry, bool) {
		return spec.Entry{Section: sec, Index: 0, Kind: spec.Contract, Text: "Require false Ensure true"}, true
	}},
	{"entry contract Ensure true", func(obj *elfobj.Object, sec string, _ int) (spec.Entry, bool) {
		return spec.Entry{Section: sec, Index: 0, Kind: spec.Contract, Text: "Require true Ensure true"}, true
	}},
	{"assertion false at the instruction", func(obj *elfobj.Object, sec string, i int) (spec.Entry, bool) {
		return spec.Entry{Section: sec, Index: i, Kind: spec.Assertion, Text: "false"}, true
	}},
	{"assertion true at the instruction", func(obj *elfobj.Object, sec string, i int) (spec.Entry, bool) {
		return spec.Entry{Section: sec, Index: i, Kind: spec.Assertion, Text: "true"}, true
	}},
	{"invariant false Variant 0 at the instruction", func(obj *elfobj.Object, sec string, i int) (spec.Entry, bool) {
		return spec.Entry{Section: sec, Index: i, Kind: spec.Invariant, Text: "Inv false Variant 0"}, true
	}},
	{"assertion on R0 at the instruction", func(obj *elfobj.Object, sec string, i int) (spec.Entry, bool) {
		return spec.Entry{Section: sec, Index: i, Kind: spec.Assertion, Text: "R0 == 0"}, true
	}},
}

// forge returns b with the forged annotation added at instruction index of
// section sec, or false if it cannot be added.
func forge(b []byte, f forgery, sec string, index int) ([]byte, bool) {
	obj, err := elfobj.Read(b)
	if err != nil {
		return nil, false
	}
	es, err := specEntries(b)
	if err != nil {
		return nil, false
	}
	e, ok := f.at(obj, sec, index)
	if !ok {
		return nil, false
	}
	es = append(append([]spec.Entry(nil), es...), e)
	spec.Sort(es)
	data, err := spec.Encode(es)
	if err != nil {
		return nil, false
	}
	out, err := setSpec(b, data)
	if err != nil {
		return nil, false
	}
	return out, true
}

// proofCache maps verification conditions (in assertion syntax) to
// proofs, so that re-proving a mutant calls the solver only for the
// conditions the mutation changed. It starts with the proofs the object
// was compiled with.
type proofCache struct {
	mu sync.Mutex
	m  map[string]*proofs.Entailment
}

func newProofCache(b []byte) *proofCache {
	pc := &proofCache{m: map[string]*proofs.Entailment{}}
	obj, err := elfobj.Read(b)
	if err != nil {
		return pc
	}
	ann, err := specEntries(b)
	if err != nil {
		return pc
	}
	obs, err := bpfcheck.GenerateVCs(obj, ann)
	if err != nil {
		return pc
	}
	parts, err := proofSectionParts(sectionData(b, bpfcheck.ProofSectionName))
	if err != nil || len(parts) != len(obs) {
		return pc
	}
	for i, ob := range obs {
		if p, err := proofs.UnmarshalEntailment(parts[i], nil); err == nil {
			pc.m[ob.VC.String()] = p
		}
	}
	return pc
}

// reprove replaces the proof section of b with proofs of the verification
// conditions b now has: from pc where the condition is unchanged, else
// from the solver until deadline (an unproved condition gets the empty
// proof, as Compile does). ok is false when no VCs can be generated.
func reprove(b []byte, pc *proofCache, deadline time.Time) (out []byte, proved, vcs int, ok bool) {
	obj, err := elfobj.Read(b)
	if err != nil {
		return nil, 0, 0, false
	}
	ann, err := specEntries(b)
	if err != nil {
		return nil, 0, 0, false
	}
	obs, err := bpfcheck.GenerateVCs(obj, ann)
	if err != nil {
		return nil, 0, 0, false
	}
	ps := make([]*proofs.Entailment, len(obs))
	for i, ob := range obs {
		key := ob.VC.String()
		pc.mu.Lock()
		p := pc.m[key]
		pc.mu.Unlock()
		if p == nil && time.Now().Before(deadline) {
			if res, err := solver.Prove(ob.VC, nil, solver.Options{}); err == nil && res.Valid {
				p = res.Proof
				pc.mu.Lock()
				pc.m[key] = p
				pc.mu.Unlock()
			}
		}
		if p != nil {
			ps[i] = p
			proved++
		} else {
			ps[i] = &proofs.Entailment{}
		}
	}
	data, err := bpfcheck.EncodeProofs(ps)
	if err != nil {
		return nil, 0, 0, false
	}
	out, err = withProofSection(b, data)
	if err != nil {
		return nil, 0, 0, false
	}
	return out, proved, len(obs), true
}

// ---------------------------------------------------------------------------
// The test.

// TestCheckMutants mutates every compiled example that Check accepts and
// checks that every mutant Check accepts runs without a fault on random
// inputs. Categories: instruction fields (with the original proofs, and,
// for a sample, with the solver's proofs of the mutated code), the proof
// section, and the annotations.
func TestCheckMutants(t *testing.T) {
	exs := acceptedExamples(t)
	if len(advRejected) > 0 {
		t.Logf("safe examples Check does not accept (not mutated): %s", strings.Join(advRejected, ", "))
	}
	// Two examples run at a time; the few seconds of compiling are
	// already spent.
	exampleBudget = time.Duration(advSeconds() * 2 / float64(len(exs)) * float64(time.Second))
	t.Logf("time budget %.0fs, %v per example", advSeconds(), exampleBudget)
	var mu sync.Mutex
	totals := map[string]*tally{}
	cats := []string{"insn", "insn+reproof", "proof", "spec", "forged"}
	for _, c := range cats {
		totals[c] = &tally{}
	}
	t.Run("examples", func(t *testing.T) {
		for _, ex := range exs {
			t.Run(ex.name, func(t *testing.T) {
				t.Parallel()
				res := mutateExample(t, ex)
				mu.Lock()
				for _, c := range cats {
					totals[c].add(res[c])
				}
				mu.Unlock()
			})
		}
	})
	var all tally
	for _, c := range cats {
		t.Logf("%-13s %v", c+":", *totals[c])
		all.add(*totals[c])
	}
	t.Logf("%-13s %v (%d examples)", "all:", all, len(exs))
}

// mutateExample runs every category of mutants on one example.
func mutateExample(t *testing.T, ex advExample) map[string]tally {
	res := map[string]tally{}
	seed := seedOf(ex.name)
	small := ex.insns <= 60
	// The untouched object, and the object with its proof section moved
	// to the end of the file, must be accepted and fault-free.
	{
		var tl tally
		judge(t, &tl, ex.name, "untouched", ex.elf, seed)
		if tl.faultFree != 1 {
			t.Fatalf("the untouched object is not accepted and fault-free: %v", tl)
		}
		moved, err := replaceSection(ex.elf, bpfcheck.ProofSectionName, sectionData(ex.elf, bpfcheck.ProofSectionName))
		if err != nil {
			t.Fatal(err)
		}
		if rep, err := Check(moved); err != nil || !rep.Accepted() {
			t.Fatalf("moving the proof section makes Check reject: %v", err)
		}
	}
	within := func(start time.Time, share float64) bool { return time.Since(start) < budget(share) }
	pc := newProofCache(ex.elf)

	// (a) Instruction fields, with the original proofs.
	{
		var tl tally
		ms, err := allInsnMutants(ex.elf, small)
		if err != nil {
			t.Fatal(err)
		}
		all := len(ms)
		if !small || testing.Short() {
			ms = sample(ms, 300, seed)
		}
		start := time.Now()
		for _, m := range ms {
			if !within(start, 0.3) {
				t.Logf("insn: time budget spent after %d of %d mutants", tl.tried, len(ms))
				break
			}
			judge(t, &tl, ex.name, m.desc, m.elf, seed)
		}
		t.Logf("insn (%d possible): %v", all, tl)
		res["insn"] = tl
	}
	// (a') Instruction fields with fresh proofs from the solver: the
	// checker then judges proofs of the mutated code itself.
	{
		var tl tally
		ms, err := allInsnMutants(ex.elf, false)
		if err != nil {
			t.Fatal(err)
		}
		n := 60
		if small {
			n = 150
		}
		ms = sample(ms, n, seed^0xa5)
		start := time.Now()
		full := 0
		for _, m := range ms {
			if !within(start, 0.15) {
				t.Logf("insn+reproof: time budget spent after %d of %d mutants", tl.tried, len(ms))
				break
			}
			b, proved, vcs, ok := reprove(m.elf, pc, start.Add(budget(0.15)))
			if !ok {
				b = m.elf // no VCs: judge it with its old proofs
			} else if proved == vcs {
				full++
			}
			judge(t, &tl, ex.name, m.desc+" (re-proved)", b, seed)
		}
		t.Logf("insn+reproof: %v; %d with every VC proved", tl, full)
		res["insn+reproof"] = tl
	}
	// (b) The proof section.
	{
		var tl tally
		data := sectionData(ex.elf, bpfcheck.ProofSectionName)
		flips := 800
		if testing.Short() {
			flips = 200
		}
		ms := proofMutants(data, seed, flips)
		if !small || testing.Short() {
			ms = sample(ms, 300, seed)
		}
		start := time.Now()
		for _, m := range ms {
			if !within(start, 0.25) {
				t.Logf("proof: time budget spent after %d of %d mutants", tl.tried, len(ms))
				break
			}
			b, err := replaceSection(ex.elf, bpfcheck.ProofSectionName, m.data)
			if err != nil {
				t.Fatal(err)
			}
			judge(t, &tl, ex.name, "proof: "+m.desc, b, seed)
		}
		t.Logf("proof: %v", tl)
		res["proof"] = tl
	}
	// (c) The annotations, with the original proofs: each annotation
	// dropped, moved, retyped, its constants weakened and strengthened,
	// its operators and registers changed, texts swapped, bits flipped.
	{
		var tl tally
		data := sectionData(ex.elf, spec.SectionName)
		if data == nil {
			t.Logf("spec: the object has no %s section (no annotations to mutate)", spec.SectionName)
		} else {
			ms := specMutants(data, seed, 60)
			if !small || testing.Short() {
				ms = sample(ms, 300, seed)
			}
			start := time.Now()
			for _, m := range ms {
				if !within(start, 0.1) {
					t.Logf("spec: time budget spent after %d of %d mutants", tl.tried, len(ms))
					break
				}
				b, err := replaceSection(ex.elf, spec.SectionName, m.data)
				if err != nil {
					t.Fatal(err)
				}
				judge(t, &tl, ex.name, "spec: "+m.desc, b, seed)
			}
			t.Logf("spec: %v", tl)
		}
		res["spec"] = tl
	}
	// (c') Forged annotations (an entry contract that assumes false or
	// promises nothing, an assertion or invariant that claims too much)
	// added to the untouched object and to instruction mutants that the
	// interpreter shows to be unsafe, with the solver's proofs: the
	// checker must not let an annotation make unsafe code provable.
	{
		var tl tally
		ms, err := allInsnMutants(ex.elf, false)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		targets := []insnMutant{{"untouched code", ex.elf}}
		for _, m := range sample(ms, 200, seed^0xf0) {
			if len(targets) > 4 || !within(start, 0.05) {
				break
			}
			if r := runOracle(m.elf, allPrograms(m.elf), seed, 40); r.fault != "" && !strings.Contains(r.fault, "cannot run") && !strings.Contains(r.fault, "refuses") {
				targets = append(targets, insnMutant{m.desc + " [unsafe: " + firstLine(r.fault) + "]", m.elf})
			}
		}
		obj, _ := elfobj.Read(ex.elf)
	outer:
		for k, m := range targets {
			site := insnIndexOf(m.desc)
			for _, cs := range obj.Code {
				if cs.Name == ".text" || len(cs.Funcs) == 0 || k > 0 && cs.Name != site.section {
					continue
				}
				for _, f := range forgeries {
					if !within(start, 0.2) {
						t.Logf("forged: time budget spent after %d mutants", tl.tried)
						break outer
					}
					b, ok := forge(m.elf, f, cs.Name, max(site.index, 0))
					if !ok {
						continue
					}
					if rb, _, _, ok := reprove(b, pc, start.Add(budget(0.2))); ok {
						b = rb
					}
					judge(t, &tl, ex.name, fmt.Sprintf("%s + %s in %s", m.desc, f.desc, cs.Name), b, seed)
				}
			}
		}
		t.Logf("forged (%d unsafe instruction mutants as targets): %v", len(targets)-1, tl)
		res["forged"] = tl
	}
	return res
}
