package bpfcheck

import (
	"testing"

	"vep/internal/asm"
	"vep/internal/elfobj"
	"vep/internal/elfwrite"
	"vep/internal/spec"
	"vep/proofs"
	"vep/solver"
)

// assemble assembles annotated assembly text.
func assemble(t testing.TB, src string) (*elfobj.Object, []spec.Entry) {
	t.Helper()
	u, err := asm.Assemble("test.s", []byte(src))
	if err != nil {
		t.Fatalf("assemble: %v", err)
	}
	return u.Object, u.Annotations
}

// proveAll proves each obligation with the solver; an obligation the
// solver cannot prove gets an empty proof. It returns how many were proved.
func proveAll(t testing.TB, obs []Obligation) ([]*proofs.Entailment, int) {
	t.Helper()
	ps := make([]*proofs.Entailment, len(obs))
	n := 0
	for i, ob := range obs {
		res, err := solver.Prove(ob.VC, nil, solver.Options{})
		if err == nil && res.Valid {
			ps[i] = res.Proof
			n++
			continue
		}
		ps[i] = &proofs.Entailment{}
		if testing.Verbose() {
			reason := ""
			if res != nil {
				reason = res.Reason
			}
			t.Logf("unproved %v: %v %s", ob, err, reason)
		}
	}
	return ps, n
}

// object writes obj with its annotations and proofs (nil: no proof section).
func object(t testing.TB, obj *elfobj.Object, ann []spec.Entry, ps []*proofs.Entailment) []byte {
	t.Helper()
	o := *obj
	o.Extra = nil
	sb, err := spec.Encode(ann)
	if err != nil {
		t.Fatalf("spec: %v", err)
	}
	o.Extra = append(o.Extra, &elfobj.RawSection{Name: spec.SectionName, Data: sb})
	if ps != nil {
		pb, err := EncodeProofs(ps)
		if err != nil {
			t.Fatalf("proofs: %v", err)
		}
		o.Extra = append(o.Extra, &elfobj.RawSection{Name: ProofSectionName, Data: pb})
	}
	b, err := elfwrite.Write(&o)
	if err != nil {
		t.Fatalf("write: %v", err)
	}
	return b
}

// compile assembles src, derives and proves its VCs and returns the object
// bytes, the obligations (nil if GenerateVCs fails) and the error.
func compile(t testing.TB, src string) ([]byte, []Obligation, error) {
	t.Helper()
	obj, ann := assemble(t, src)
	obs, err := GenerateVCs(obj, ann)
	if err != nil {
		return object(t, obj, ann, []*proofs.Entailment{}), nil, err
	}
	ps, _ := proveAll(t, obs)
	return object(t, obj, ann, ps), obs, nil
}

func check(t testing.TB, b []byte) *Report {
	t.Helper()
	rep, err := Check(b)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	return rep
}

func reasons(r *Report) string {
	s := ""
	for _, p := range r.Programs {
		for _, x := range p.Reasons {
			s += "\n\t" + x.String()
		}
	}
	return s
}
