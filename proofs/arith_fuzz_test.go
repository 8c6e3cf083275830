package proofs

import (
	"bytes"
	"math/big"
	"testing"
)

// satHyps has the shape of testHyps (eleven hypotheses over x1, x2, with
// equalities and disjunctions) but is satisfied by x1 = x2 = 1, so the
// kernel must reject every proof against it.
var satHyps = []Hyp{
	ge(lin(-1, term(1, 1))),
	ge(lin(2, term(1, -1))),
	eq(lin(-2, term(1, 2))),
	ge(lin(-1, term(1, 2))),
	ge(lin(3, term(1, -2))),
	ge(lin(0, term(1, 1))),
	ge(lin(1, term(1, -1))),
	Disj(Constraint{lin(-1, term(1, -1)), RelGe}, Constraint{lin(-1, term(1, 1)), RelEq}),
	Disj(Constraint{lin(-1, term(1, 1)), RelGe}, Constraint{lin(-5, term(2, -1)), RelGe}),
	eq(lin(0, term(1, 1), term(2, -1))),
	ge(lin(-2, term(1, 1), term(2, 1))),
}

func TestSatHypsHold(t *testing.T) {
	env := func(Atom) *big.Int { return bi(1) }
	for i, h := range satHyps {
		if !h.Holds(env) {
			t.Fatalf("h%d does not hold: %v", i, h)
		}
	}
}

// FuzzDecodeCheck decodes arbitrary bytes and checks the result against a
// contradictory and a satisfiable hypothesis set: nothing may panic, every
// accepted input must be the canonical encoding of its proof, and no proof
// may refute the satisfiable set.
func FuzzDecodeCheck(f *testing.F) {
	for _, p := range codecProofs {
		b, err := MarshalArith(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{})
	f.Add([]byte{1, tagCaseOr, 8, 0})
	f.Add([]byte{1, tagSplit, 0, 1, 1, 2, 0, tagFarkas, 0, tagFarkas, 0})
	lim := Limits{MaxDepth: 64, MaxSteps: 4096, MaxCoefBits: 512}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := lim.UnmarshalArith(data, nTest)
		if err != nil {
			return
		}
		b, err := MarshalArith(p)
		if err != nil {
			t.Fatalf("decoded proof does not encode: %v", err)
		}
		if !bytes.Equal(b, data) {
			t.Fatalf("non-canonical input accepted: %x re-encodes as %x", data, b)
		}
		_ = lim.CheckRefutation(testHyps, p)
		if err := lim.CheckRefutation(satHyps, p); err == nil {
			t.Fatalf("kernel refuted satisfiable hypotheses with\n%v", p)
		}
	})
}
