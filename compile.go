package vep

import (
	"bytes"
	"fmt"
	"time"

	"github.com/cilium/ebpf"

	"vep/bpfcheck"
	"vep/codegen"
	"vep/cparse"
	"vep/internal/asm"
	"vep/internal/bcannot"
	"vep/internal/elfobj"
	"vep/internal/elfwrite"
	"vep/internal/isa"
	"vep/internal/spec"
	"vep/proofs"
	"vep/solver"
)

// CompileOption configures Compile and CompileAsm.
type CompileOption func(*compileConfig)

type compileConfig struct {
	config
	vopts    []Option
	noVerify bool
	v4       bool
}

// WithVerifyOptions passes Verify's options (include directories, macros,
// step bounds) to Compile.
func WithVerifyOptions(opts ...Option) CompileOption {
	return func(c *compileConfig) {
		c.vopts = append(c.vopts, opts...)
		for _, o := range opts {
			o(&c.config)
		}
	}
}

// NoVerify makes Compile skip the C verifier and the proof search: the
// object carries the bytecode annotations but no ".vep.proof" section, so
// Check rejects it.
func NoVerify() CompileOption {
	return func(c *compileConfig) { c.noVerify = true }
}

// WithV4 lets the code generator use the instructions of -mcpu=v4.
func WithV4() CompileOption {
	return func(c *compileConfig) { c.v4 = true }
}

// Object is a compiled eBPF object with its bytecode annotations and
// proofs.
type Object struct {
	// Name is the source name given to Compile.
	Name string
	// ELF is the relocatable object, with ".vep.spec" and (unless
	// NoVerify) ".vep.proof" sections that standard loaders ignore.
	ELF []byte
	// Sections describes each code section, in object order.
	Sections []*Section
	// Collection is ELF as cilium/ebpf loads it.
	Collection *ebpf.CollectionSpec
	// Verify is the C verifier's report (nil with NoVerify or for
	// CompileAsm).
	Verify *Report
	// Stats sums the proof search over all sections.
	Stats ProofStats
	// Proof is the content of the ".vep.proof" section (nil without
	// proofs): with the annotated assembly (Asm) it is what CheckAsm
	// checks.
	Proof []byte
	// Failures lists what keeps the object from a complete proof: an
	// annotation the compiler could not translate, a program the bytecode
	// checker rejects before proofs matter, or a verification condition
	// the solver did not prove. Check rejects the programs concerned.
	Failures []string
	// Time is the wall time of the whole compilation.
	Time time.Duration
}

// Complete reports whether every verification condition has a proof.
func (o *Object) Complete() bool { return len(o.Failures) == 0 && o.Stats.VCs == o.Stats.Proved }

// Section is one code section of an Object.
type Section struct {
	Name string
	// Insns are the instructions (a 64-bit immediate load is one).
	Insns []isa.Instruction
	// Pos is the C position of each instruction (nil for CompileAsm).
	Pos []cparse.Pos
	// Annotations are the bytecode annotations of the section.
	Annotations []Annotation
	// Stats is the proof search for the functions of the section.
	Stats ProofStats
}

// Annotation is a bytecode annotation: its instruction, its kind
// ("contract", "invariant" or "assertion") and its text, which speaks of
// registers and R10-relative stack slots.
type Annotation struct {
	Index int
	Kind  string
	Text  string
}

// ProofStats counts verification conditions and their proofs.
type ProofStats struct {
	// VCs is the number of verification conditions, Proved how many got
	// a proof.
	VCs, Proved int
	// ProofBytes is the size of the encoded proofs (the ".vep.proof"
	// section, for an Object).
	ProofBytes int
	// Time is the time spent generating, proving and validating them.
	Time time.Duration
}

// Compile verifies the annotated C program src (named name in positions),
// compiles it to eBPF, carries its annotations down to the bytecode, proves
// every verification condition of the bytecode and returns the object. It
// returns an error for invalid input, for a program the C verifier rejects
// (a *VerifyError with the report, unless NoVerify) and for code the
// compiler cannot generate. A proof the pipeline cannot produce is not an
// error: it is listed in Object.Failures.
func Compile(name string, src []byte, opts ...CompileOption) (*Object, error) {
	start := time.Now()
	var c compileConfig
	for _, o := range opts {
		o(&c)
	}
	var rep *Report
	if !c.noVerify {
		var err error
		if rep, err = Verify(name, src, c.vopts...); err != nil {
			return nil, err
		}
		if !rep.OK() {
			return nil, &VerifyError{Report: rep}
		}
	}
	prog, err := cparse.Parse(name, src, c.parse...)
	if err != nil {
		return nil, err
	}
	out, err := codegen.Generate(prog, codegen.Options{V4: c.v4})
	if err != nil {
		return nil, err
	}
	ann, lerrs := bcannot.Lower(prog, out)
	o := &Object{Name: name, Verify: rep}
	for _, e := range lerrs {
		o.Failures = append(o.Failures, e.Error())
	}
	pos := map[string][]cparse.Pos{}
	for _, s := range out.Sections {
		pos[s.Name] = s.Pos
	}
	if err := o.finish(out.Object, ann, !c.noVerify, pos); err != nil {
		return nil, err
	}
	o.Time = time.Since(start)
	return o, nil
}

// CompileAsm assembles annotated eBPF assembly (the text of "vep compile
// -S" and "vep asm", see docs/asm.md), proves every verification
// condition of the bytecode against its annotations and returns the
// object. It returns an error for text that does not assemble.
func CompileAsm(name string, src []byte, opts ...CompileOption) (*Object, error) {
	start := time.Now()
	var c compileConfig
	for _, o := range opts {
		o(&c)
	}
	u, err := asm.Assemble(name, src)
	if err != nil {
		return nil, err
	}
	o := &Object{Name: name}
	if err := o.finish(u.Object, u.Annotations, !c.noVerify, nil); err != nil {
		return nil, err
	}
	o.Time = time.Since(start)
	return o, nil
}

// VerifyError is Compile's error for a program the C verifier rejects.
type VerifyError struct {
	Report *Report
}

func (e *VerifyError) Error() string {
	return fmt.Sprintf("%s: the program does not verify:\n%s", e.Report.Name, e.Report.String())
}

// finish attaches the annotations to obj, proves its verification
// conditions (when prove is set), writes the ELF bytes and loads them with
// cilium/ebpf.
func (o *Object) finish(obj *elfobj.Object, ann []spec.Entry, prove bool, pos map[string][]cparse.Pos) error {
	b, err := writeObject(obj, ann, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", o.Name, err)
	}
	// Prove the object as the checker will read it.
	read, err := elfobj.Read(b)
	if err != nil {
		return fmt.Errorf("%s: reading the written object: %w", o.Name, err)
	}
	for _, cs := range read.Code {
		s := &Section{Name: cs.Name, Insns: cs.Insns, Pos: pos[cs.Name]}
		for _, e := range ann {
			if e.Section == cs.Name {
				s.Annotations = append(s.Annotations, Annotation{Index: e.Index, Kind: e.Kind.String(), Text: e.Text})
			}
		}
		o.Sections = append(o.Sections, s)
	}
	if prove {
		data, failures := o.prove(read, ann)
		o.Failures = append(o.Failures, failures...)
		if data != nil {
			o.Proof = data
			if b, err = writeObject(obj, ann, data); err != nil {
				return fmt.Errorf("%s: %w", o.Name, err)
			}
		}
		if len(failures) == 0 {
			// The proofs were not validated when found: the object is
			// complete only if the checker accepts it as written.
			t0 := time.Now()
			rep, err := bpfcheck.Check(b)
			o.Stats.Time += time.Since(t0)
			switch {
			case err != nil:
				o.Failures = append(o.Failures, fmt.Sprintf("bytecode checker: %v", err))
			case !rep.Accepted():
				for _, p := range rep.Programs {
					for _, r := range p.Reasons {
						o.Failures = append(o.Failures, fmt.Sprintf("bytecode checker rejects the proofs found: %v", r))
					}
				}
				if len(o.Failures) == 0 {
					o.Failures = append(o.Failures, "bytecode checker rejects the object")
				}
			}
		}
	}
	o.ELF = b
	cs, err := ebpf.LoadCollectionSpecFromReader(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("%s: the object does not load: %w", o.Name, err)
	}
	o.Collection = cs
	return nil
}

// writeObject writes obj as ELF with the annotations ann (sorted in place)
// in ".vep.spec" and, unless empty, proof in ".vep.proof"; it replaces the
// object's other extra sections.
func writeObject(obj *elfobj.Object, ann []spec.Entry, proof []byte) ([]byte, error) {
	spec.Sort(ann)
	obj.Extra = nil
	if len(ann) > 0 {
		data, err := spec.Encode(ann)
		if err != nil {
			return nil, err
		}
		obj.Extra = append(obj.Extra, &elfobj.RawSection{Name: spec.SectionName, Data: data})
	}
	if len(proof) > 0 {
		obj.Extra = append(obj.Extra, &elfobj.RawSection{Name: proofSection, Data: proof})
	}
	return elfwrite.Write(obj)
}

// proofSection is the name of the proof section.
const proofSection = bpfcheck.ProofSectionName

// prove generates the verification conditions of obj, proves each and
// returns the ".vep.proof" section and what could not be proved. An
// unproved condition gets an empty proof, which Check rejects, so that the
// other programs of the object keep theirs.
func (o *Object) prove(obj *elfobj.Object, ann []spec.Entry) ([]byte, []string) {
	t0 := time.Now()
	obs, err := bpfcheck.GenerateVCs(obj, ann)
	if err != nil {
		o.Stats.Time = time.Since(t0)
		return nil, []string{fmt.Sprintf("bytecode checker: %v", err)}
	}
	bySec := map[string]*Section{}
	for _, s := range o.Sections {
		bySec[s.Name] = s
	}
	var failures []string
	ps := make([]*proofs.Entailment, len(obs))
	for i, ob := range obs {
		t1 := time.Now()
		// finish validates every proof by running the checker on the
		// object, so the solver need not validate them one by one.
		res, err := solver.Prove(ob.VC, nil, solver.Options{Unchecked: true})
		var why string
		switch {
		case err != nil:
			why = err.Error()
		case !res.Valid:
			why = res.Reason
		}
		st := &o.Stats
		sec := bySec[ob.Section]
		st.VCs++
		if sec != nil {
			sec.Stats.VCs++
		}
		if why != "" {
			failures = append(failures, fmt.Sprintf("%s/%s: instruction %d: %s: not proved: %s", ob.Section, ob.Func, ob.Insn, ob.Kind, why))
			ps[i] = &proofs.Entailment{}
		} else {
			ps[i] = res.Proof
			st.Proved++
			if sec != nil {
				sec.Stats.Proved++
			}
		}
		if sec != nil {
			if b, err := proofs.MarshalEntailment(ps[i]); err == nil {
				sec.Stats.ProofBytes += len(b)
			}
			sec.Stats.Time += time.Since(t1)
		}
	}
	data, err := bpfcheck.EncodeProofs(ps)
	o.Stats.Time = time.Since(t0)
	if err != nil {
		return nil, append(failures, err.Error())
	}
	o.Stats.ProofBytes = len(data)
	return data, failures
}

// Asm returns the object's annotated assembly, the text "vep compile -S"
// prints and CompileAsm reads.
func (o *Object) Asm() ([]byte, error) {
	obj, err := elfobj.Read(o.ELF)
	if err != nil {
		return nil, err
	}
	var ann []spec.Entry
	for _, x := range obj.Extra {
		if x.Name == spec.SectionName {
			if ann, err = spec.Decode(x.Data); err != nil {
				return nil, err
			}
		}
	}
	return asm.Disassemble(obj, ann)
}
