package lia

import (
	"math/big"
	"testing"

	"vep/proofs"
)

// problemFromBytes decodes a small bounded problem: the first byte picks
// 2–4 atoms (each bounded in [-8, 8]), then every n+3 bytes give one
// hypothesis: n coefficients in [-3, 3], a constant in [-10, 10] and a
// kind (>=, ==, != or a disjunction with the next constraint).
func problemFromBytes(data []byte) ([]proofs.Hyp, int) {
	if len(data) == 0 {
		return nil, 0
	}
	n := 2 + int(data[0])%3
	data = data[1:]
	var hyps []proofs.Hyp
	for a := range n {
		x := proofs.Var(proofs.Atom(a))
		hyps = append(hyps, proofs.Fact(proofs.Geq(x, proofs.Const(-8))), proofs.Fact(proofs.Leq(x, proofs.Const(8))))
	}
	cons := func(b []byte) proofs.Lin {
		var terms []proofs.Term
		for a := range n {
			terms = append(terms, proofs.Term{Atom: proofs.Atom(a), Coef: big.NewInt(int64(b[a]%7) - 3)})
		}
		return proofs.NewLin(big.NewInt(int64(b[n]%21)-10), terms...)
	}
	for len(data) >= n+2 && len(hyps) < 2*n+6 {
		l := cons(data)
		kind := data[n+1] % 4
		data = data[n+2:]
		switch {
		case kind == 0:
			hyps = append(hyps, proofs.Fact(proofs.Constraint{L: l, Rel: proofs.RelGe}))
		case kind == 1:
			hyps = append(hyps, proofs.Fact(proofs.Constraint{L: l, Rel: proofs.RelEq}))
		case kind == 2:
			hyps = append(hyps, proofs.NotEqual(l, proofs.Const(0)))
		case len(data) >= n+2:
			m := cons(data)
			data = data[n+2:]
			hyps = append(hyps, proofs.Disj(proofs.Constraint{L: l, Rel: proofs.RelGe}, proofs.Constraint{L: m, Rel: proofs.RelEq}))
		}
	}
	return hyps, n
}

// FuzzRefute compares Refute with brute force on decoded problems. Refute
// itself checks its proofs with the kernel and its models.
func FuzzRefute(f *testing.F) {
	f.Add([]byte{0, 4, 2, 10, 0, 2, 4, 9, 0})
	f.Add([]byte{1, 5, 1, 3, 12, 1, 1, 5, 3, 10, 2})
	f.Add([]byte{2, 6, 6, 0, 0, 3, 3, 0, 1, 1, 2, 4, 5, 6, 7, 1, 2, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		hyps, n := problemFromBytes(data)
		if hyps == nil {
			return
		}
		res, err := Refute(hyps, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := Unsat
		if bruteSat(hyps, n) {
			want = Sat
		}
		if res.Status != want {
			t.Fatalf("%v: got %v %s, want %v", hyps, res.Status, res.Reason, want)
		}
	})
}
