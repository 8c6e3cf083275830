package bpfcheck

import (
	"strings"
	"testing"
	"time"

	"vep/internal/elfobj"
	"vep/internal/interp"
	"vep/internal/isa"
)

// seedObjects returns the safe programs as complete objects and a few
// unsafe ones.
func seedObjects(t testing.TB) [][]byte {
	var out [][]byte
	for _, c := range safe {
		b, _, _ := compile(t, c.src)
		out = append(out, b)
	}
	return out
}

// FuzzCheck feeds arbitrary bytes to Check: it must not panic and must
// finish quickly.
func FuzzCheck(f *testing.F) {
	for _, b := range seedObjects(f) {
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		t0 := time.Now()
		rep, err := Check(data)
		if err == nil && rep == nil {
			t.Fatal("nil report without error")
		}
		if d := time.Since(t0); d > 10*time.Second {
			t.Fatalf("Check took %v", d)
		}
	})
}

// mutateInsns applies mutations (4 bytes each: instruction, field, value,
// unused) to the first code section of obj.
func mutateInsns(obj *elfobj.Object, muts []byte) {
	code := obj.Code[0].Insns
	for k := 0; k+3 < len(muts) && k < 32; k += 4 {
		ins := &code[int(muts[k])%len(code)]
		v := muts[k+2]
		switch muts[k+1] % 5 {
		case 0:
			ins.Offset = int16(int8(v))
		case 1:
			if !ins.IsLoadImm64() {
				ins.Constant = int64(int8(v))
			}
		case 2:
			ins.Dst = isa.Register(v % 11)
		case 3:
			if !ins.IsLoadImm64() {
				ins.Src = isa.Register(v % 11)
			}
		case 4:
			if !ins.IsLoadImm64() && v != 0x18 {
				ins.OpCode = ins.OpCode&0x07 | isa.OpCode(v&0xf8)
			}
		}
	}
}

// FuzzMutant mutates instructions of the safe programs, proves what the
// solver can and checks: if Check accepts the mutant, the interpreter must
// run it without a fault and with a return value in XDP's range.
func FuzzMutant(f *testing.F) {
	f.Add(uint8(0), []byte{7, 0, 13, 0})
	f.Add(uint8(1), []byte{6, 4, 0x50, 0})
	f.Add(uint8(2), []byte{3, 0, 9, 0})
	f.Add(uint8(3), []byte{5, 1, 5, 0})
	f.Add(uint8(6), []byte{5, 1, 63, 0})  // stack run: index mask widened
	f.Add(uint8(7), []byte{21, 1, 15, 0}) // stack run of words: index mask widened
	f.Add(uint8(8), []byte{7, 0, 0, 0})   // map in map: null check dropped
	f.Fuzz(func(t *testing.T, prog uint8, muts []byte) {
		accepted, faults := runMutant(t, int(prog)%len(safe), muts)
		if accepted && faults != "" {
			t.Fatalf("accepted mutant faults: %s", faults)
		}
	})
}

// runMutant returns whether Check accepts the mutant and, if so, the first
// fault the interpreter finds on a few packets.
func runMutant(t testing.TB, prog int, muts []byte) (bool, string) {
	obj, ann := assemble(t, safe[prog].src)
	mutateInsns(obj, muts)
	obs, err := GenerateVCs(obj, ann)
	if err != nil {
		return false, ""
	}
	ps, _ := proveAll(t, obs)
	rep, err := Check(object(t, obj, ann, ps))
	if err != nil || !rep.Accepted() {
		return false, ""
	}
	m, err := interp.New(obj, interp.Options{StepLimit: 100000})
	if err != nil {
		return true, "interp: " + err.Error()
	}
	for _, n := range []int{0, 1, 13, 14, 15, 64} {
		res, err := m.Run(obj.Code[0].Name, interp.Input{Packet: make([]byte, n)})
		if err != nil {
			return true, err.Error()
		}
		if res.Fault != nil {
			if strings.Contains(res.Fault.Error(), "unknown or unsupported helper") {
				return true, "" // the interpreter lacks a helper the checker allows: no verdict
			}
			return true, res.Fault.Error()
		}
		if res.R0 > 4 {
			return true, "xdp return value out of range"
		}
	}
	return true, ""
}

// TestMutantSweep applies every single-field mutation of a small value
// set to every instruction of the safe programs: no accepted mutant may
// fault in the interpreter.
func TestMutantSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	tried, acc := 0, 0
	for p := range safe {
		obj, _ := assemble(t, safe[p].src)
		n := len(obj.Code[0].Insns)
		for i := 0; i < n; i++ {
			for field := byte(0); field < 5; field++ {
				for _, v := range []byte{0, 1, 3, 0xff, 0xa0, 0x20} {
					tried++
					a, fault := runMutant(t, p, []byte{byte(i), field, v, 0})
					if a {
						acc++
					}
					if a && fault != "" {
						t.Errorf("%s: mutation insn %d field %d value %#x accepted but faults: %s", safe[p].name, i, field, v, fault)
					}
				}
			}
		}
	}
	t.Logf("%d mutants tried, %d accepted (all ran without a fault)", tried, acc)
}
