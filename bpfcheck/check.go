package bpfcheck

import (
	"errors"
	"fmt"
	"time"

	"vep/internal/elfobj"
	"vep/internal/spec"
	"vep/proofs"
)

// Option configures Check.
type Option func(*options)

type options struct {
	maxProofBytes int
}

// WithMaxProofBytes lowers the largest ".vep.proof" section Check accepts
// (at most MaxProofBytes).
func WithMaxProofBytes(n int) Option {
	return func(o *options) {
		if n >= 0 && n < o.maxProofBytes {
			o.maxProofBytes = n
		}
	}
}

// Report is the verdict of Check on an object.
type Report struct {
	// Programs has one entry per program section, in object order.
	Programs []ProgramReport
	// VCs is the number of verification conditions derived.
	VCs int
	// ProofBytes is the size of the ".vep.proof" section.
	ProofBytes int
	// Time is the time Check took.
	Time time.Duration
}

// Accepted reports whether the object has programs and all are accepted.
func (r *Report) Accepted() bool {
	if len(r.Programs) == 0 {
		return false
	}
	for _, p := range r.Programs {
		if !p.Accepted {
			return false
		}
	}
	return true
}

// ProgramReport is the verdict on one program.
type ProgramReport struct {
	Section, Func string
	// Type is the program type's name, "" if the section has none.
	Type     string
	Accepted bool
	// Reasons say why the program is rejected.
	Reasons []Reason
	// VCs counts the verification conditions of the program's functions
	// (a subprogram counts for every program that calls it).
	VCs int
	// ProofBytes is the size of their proofs.
	ProofBytes int
	// Time is the time spent deriving and checking them.
	Time time.Duration
}

// Reason is one cause of rejection.
type Reason struct {
	Section, Func string
	// Insn is the instruction index, -1 if the reason has none.
	Insn int
	// VC is the verification condition in assertion syntax, if any.
	VC string
	// Msg says what is wrong.
	Msg string
}

func (r Reason) String() string {
	s := fmt.Sprintf("%s/%s", r.Section, r.Func)
	if r.Insn >= 0 {
		s += fmt.Sprintf(": instruction %d", r.Insn)
	}
	s += ": " + r.Msg
	if r.VC != "" {
		s += " (VC: " + r.VC + ")"
	}
	return s
}

func reasonOf(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return Reason{Section: e.Section, Func: e.Func, Insn: e.Insn, Msg: e.Msg}
	}
	return Reason{Insn: -1, Msg: err.Error()}
}

// Check reads an ELF object, re-derives the verification conditions of its
// programs from the bytecode and ".vep.spec", and validates each proof of
// ".vep.proof" with the proof kernel. It returns an error only when obj is
// not a readable object; every other problem rejects programs in the
// Report.
func Check(obj []byte, opts ...Option) (*Report, error) {
	t0 := time.Now()
	o := options{maxProofBytes: MaxProofBytes}
	for _, f := range opts {
		f(&o)
	}
	if len(obj) > 1<<30 {
		return nil, errors.New("bpfcheck: object larger than 1 GiB")
	}
	eo, err := elfobj.Read(obj)
	if err != nil {
		return nil, fmt.Errorf("bpfcheck: %w", err)
	}
	rep := &Report{}
	defer func() { rep.Time = time.Since(t0) }()
	rejectAll := func(msg string) (*Report, error) {
		rep.Programs = nil
		for _, s := range eo.Code {
			if s == nil || s.Name == ".text" || len(s.Funcs) == 0 {
				continue
			}
			rep.Programs = append(rep.Programs, ProgramReport{Section: s.Name, Func: s.Funcs[0].Name,
				Reasons: []Reason{{Section: s.Name, Func: s.Funcs[0].Name, Insn: -1, Msg: msg}}})
		}
		return rep, nil
	}
	var specData, proofData []byte
	var haveSpec, haveProof bool
	for _, x := range eo.Extra {
		switch x.Name {
		case spec.SectionName:
			specData, haveSpec = x.Data, true
		case ProofSectionName:
			proofData, haveProof = x.Data, true
		}
	}
	var ann []spec.Entry
	if haveSpec {
		if ann, err = spec.Decode(specData); err != nil {
			return rejectAll(err.Error())
		}
	}
	c, ferr, err := build(eo, ann)
	if err != nil {
		return rejectAll(err.Error())
	}
	order, res := c.generate(ferr)
	var obs []Obligation
	owner := []*function{}
	structural := false
	for _, f := range order {
		if res[f].err != nil {
			structural = true
		}
		obs = append(obs, res[f].obs...)
		for range res[f].obs {
			owner = append(owner, f)
		}
	}
	for _, p := range c.progs {
		structural = structural || p.err != nil
	}
	rep.VCs = len(obs)
	rep.ProofBytes = len(proofData)
	failed := map[*function][]Reason{}
	var global string
	switch {
	case structural:
		global = "not checked: another program or function of the object is rejected"
	case len(proofData) > o.maxProofBytes:
		global = fmt.Sprintf("%s of %d bytes exceeds the limit of %d", ProofSectionName, len(proofData), o.maxProofBytes)
	case !haveProof && len(obs) > 0:
		global = "no " + ProofSectionName + " section"
	case haveProof || len(obs) > 0:
		ps, sizes, err := decodeProofSizes(proofData, len(obs), nil)
		if err != nil {
			global = err.Error()
			break
		}
		for i, ob := range obs {
			f := owner[i]
			t0 := time.Now()
			err := proofs.CheckEntailment(ob.VC, nil, ps[i])
			res[f].time += time.Since(t0)
			res[f].bytes += sizes[i]
			if err != nil {
				failed[f] = append(failed[f], Reason{Section: ob.Section, Func: ob.Func, Insn: ob.Insn,
					VC: ob.VC.String(), Msg: fmt.Sprintf("%s: proof %d rejected: %v", ob.Kind, i, err)})
			}
		}
	}
	for _, p := range c.progs {
		pr := ProgramReport{Section: p.entry.sec.Name, Func: p.entry.name}
		if p.prog != nil {
			pr.Type = p.prog.Name
		}
		if p.err != nil {
			pr.Reasons = append(pr.Reasons, reasonOf(p.err))
		}
		for _, f := range p.funcs {
			if fr := res[f]; fr != nil {
				pr.VCs += len(fr.obs)
				pr.ProofBytes += fr.bytes
				pr.Time += fr.time
				if fr.err != nil {
					pr.Reasons = append(pr.Reasons, reasonOf(fr.err))
				}
			}
			pr.Reasons = append(pr.Reasons, failed[f]...)
		}
		if len(pr.Reasons) == 0 && global != "" {
			pr.Reasons = append(pr.Reasons, Reason{Section: pr.Section, Func: pr.Func, Insn: -1, Msg: global})
		}
		pr.Accepted = len(pr.Reasons) == 0
		rep.Programs = append(rep.Programs, pr)
	}
	return rep, nil
}
