package lia

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"vep/proofs"
)

// randProblem returns a random problem over n atoms, each bounded in
// [-8, 8] by explicit hypotheses, with a few Ge, Eq and disjunctive
// hypotheses with coefficients in [-3, 3] and constants in [-10, 10].
func randProblem(r *rand.Rand, n int) []proofs.Hyp {
	var hyps []proofs.Hyp
	for a := range n {
		x := proofs.Var(proofs.Atom(a))
		hyps = append(hyps,
			proofs.Fact(proofs.Geq(x, proofs.Const(-8))),
			proofs.Fact(proofs.Leq(x, proofs.Const(8))))
	}
	randCons := func() proofs.Constraint {
		var terms []proofs.Term
		for a := range n {
			if c := r.IntN(7) - 3; c != 0 && r.IntN(3) > 0 {
				terms = append(terms, proofs.Term{Atom: proofs.Atom(a), Coef: big.NewInt(int64(c))})
			}
		}
		l := proofs.NewLin(big.NewInt(int64(r.IntN(21)-10)), terms...)
		if r.IntN(5) == 0 {
			return proofs.Constraint{L: l, Rel: proofs.RelEq}
		}
		return proofs.Constraint{L: l, Rel: proofs.RelGe}
	}
	for range 1 + r.IntN(4) {
		switch r.IntN(5) {
		case 0:
			hyps = append(hyps, proofs.Disj(randCons(), randCons()))
		case 1:
			hyps = append(hyps, proofs.Constraint{L: randCons().L, Rel: proofs.RelEq}.Negate())
		default:
			hyps = append(hyps, proofs.Fact(randCons()))
		}
	}
	r.Shuffle(len(hyps), func(i, j int) { hyps[i], hyps[j] = hyps[j], hyps[i] })
	return hyps
}

// bruteSat reports whether some assignment of atoms 0..n-1 in [-8, 8]
// satisfies every hypothesis. It evaluates in int64: coefficients and
// values are tiny.
func bruteSat(hyps []proofs.Hyp, n int) bool {
	type con struct {
		eq    bool
		c     int64
		coefs []int64
	}
	var disj [][]con
	for _, h := range hyps {
		var cs []con
		for _, c := range h.Cases {
			k := con{eq: c.Rel == proofs.RelEq, c: c.L.Constant().Int64(), coefs: make([]int64, n)}
			for a := range n {
				k.coefs[a] = c.L.Coef(proofs.Atom(a)).Int64()
			}
			cs = append(cs, k)
		}
		disj = append(disj, cs)
	}
	vals := make([]int64, n)
	for i := range vals {
		vals[i] = -8
	}
	for {
		ok := true
		for _, cs := range disj {
			any := false
			for _, k := range cs {
				v := k.c
				for a, c := range k.coefs {
					v += c * vals[a]
				}
				if v == 0 || v > 0 && !k.eq {
					any = true
					break
				}
			}
			if !any {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
		i := 0
		for ; i < n; i++ {
			if vals[i] < 8 {
				vals[i]++
				break
			}
			vals[i] = -8
		}
		if i == n {
			return false
		}
	}
}

// TestRandomAgainstBruteForce compares Refute's verdict with enumeration on
// thousands of small bounded problems. Refute itself checks every proof with
// the kernel and every model against the hypotheses.
func TestRandomAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	count := map[Status]int{}
	for i := range 3000 {
		n := 2 + r.IntN(3)
		hyps := randProblem(r, n)
		res, err := Refute(hyps, Options{})
		if err != nil {
			t.Fatalf("problem %d %v: %v", i, hyps, err)
		}
		count[res.Status]++
		want := Unsat
		if bruteSat(hyps, n) {
			want = Sat
		}
		if res.Status != want {
			t.Fatalf("problem %d %v: got %v (%s), want %v", i, hyps, res.Status, res.Reason, want)
		}
	}
	t.Logf("verdicts: %v", count)
}

// TestRandomUnbounded runs problems without the explicit bounds. Refute may
// answer Unknown, but a Sat or Unsat answer is verified by Refute itself,
// and an Unsat answer must agree with any model brute force finds in
// [-8, 8].
func TestRandomUnbounded(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 17))
	count := map[Status]int{}
	for i := range 1000 {
		n := 2 + r.IntN(3)
		var hyps []proofs.Hyp
		for _, h := range randProblem(r, n) {
			if len(h.Cases) == 1 && h.Cases[0].L.Len() == 1 && h.Cases[0].Rel == proofs.RelGe {
				c := h.Cases[0].L.Constant().Int64()
				if c == 8 || c == -8 {
					continue // an explicit bound
				}
			}
			hyps = append(hyps, h)
		}
		res, err := Refute(hyps, Options{MaxNodes: 500})
		if err != nil {
			t.Fatalf("problem %d %v: %v", i, hyps, err)
		}
		count[res.Status]++
		if res.Status == Unsat && bruteSat(hyps, n) {
			t.Fatalf("problem %d %v: Unsat, but brute force finds a model", i, hyps)
		}
	}
	t.Logf("verdicts: %v", count)
}

// TestRandomDifference compares Refute with brute force on bounded
// difference-constraint problems (x - y <= c, x - y < c, x == y + c,
// x != y + c), the common shape in eBPF bounds checks.
func TestRandomDifference(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 23))
	count := map[Status]int{}
	for i := range 1500 {
		n := 2 + r.IntN(3)
		var hyps []proofs.Hyp
		for a := range n {
			x := proofs.Var(proofs.Atom(a))
			if r.IntN(3) > 0 {
				hyps = append(hyps, proofs.Fact(proofs.Geq(x, proofs.Const(int64(r.IntN(17)-8)))))
			} else {
				hyps = append(hyps, proofs.Fact(proofs.Geq(x, proofs.Const(-8))))
			}
			hyps = append(hyps, proofs.Fact(proofs.Leq(x, proofs.Const(8))))
		}
		for range 1 + r.IntN(5) {
			x, y := proofs.Var(proofs.Atom(r.IntN(n))), proofs.Var(proofs.Atom(r.IntN(n)))
			yc := y.AddConst(int64(r.IntN(13) - 6))
			switch r.IntN(5) {
			case 0:
				hyps = append(hyps, proofs.Fact(proofs.Less(x, yc)))
			case 1:
				hyps = append(hyps, proofs.Fact(proofs.Equal(x, yc)))
			case 2:
				hyps = append(hyps, proofs.NotEqual(x, yc))
			default:
				hyps = append(hyps, proofs.Fact(proofs.Leq(x, yc)))
			}
		}
		res, err := Refute(hyps, Options{})
		if err != nil {
			t.Fatalf("problem %d %v: %v", i, hyps, err)
		}
		count[res.Status]++
		want := Unsat
		if bruteSat(hyps, n) {
			want = Sat
		}
		if res.Status != want {
			t.Fatalf("problem %d %v: got %v, want %v", i, hyps, res.Status, want)
		}
	}
	t.Logf("verdicts: %v", count)
}

// TestRandomFreeAtoms adds to bounded random problems hypotheses that each
// introduce a fresh unbounded atom (with a nonzero coefficient in an
// inequality, or ±1 in an equality, possibly in a disjunction), mentioning
// earlier fresh atoms too. Such hypotheses can always be satisfied, so the
// verdict must be that of brute force on the bounded part; Refute sets them
// aside and must still produce a model that satisfies them.
func TestRandomFreeAtoms(t *testing.T) {
	r := rand.New(rand.NewPCG(29, 31))
	count := map[Status]int{}
	for i := range 1500 {
		n := 2 + r.IntN(3)
		hyps := randProblem(r, n)
		want := Unsat
		if bruteSat(hyps, n) {
			want = Sat
		}
		for k := range 1 + r.IntN(4) {
			fresh := proofs.Atom(n + k)
			c := int64(r.IntN(7) - 3)
			if c == 0 {
				c = 1
			}
			terms := []proofs.Term{{Atom: fresh, Coef: big.NewInt(c)}}
			for a := range n + k {
				if r.IntN(3) == 0 {
					terms = append(terms, proofs.Term{Atom: proofs.Atom(a), Coef: big.NewInt(int64(r.IntN(7) - 3))})
				}
			}
			l := proofs.NewLin(big.NewInt(int64(r.IntN(21)-10)), terms...)
			con := proofs.Constraint{L: l, Rel: proofs.RelGe}
			if c == 1 || c == -1 {
				if r.IntN(2) == 0 {
					con.Rel = proofs.RelEq
				}
			}
			h := proofs.Fact(con)
			if r.IntN(3) == 0 {
				other := proofs.Constraint{L: proofs.NewLin(big.NewInt(int64(r.IntN(5)-4)), proofs.Term{Atom: proofs.Atom(r.IntN(n)), Coef: big.NewInt(1)}), Rel: proofs.RelGe}
				h = proofs.Disj(other, con)
			}
			hyps = append(hyps, h)
		}
		r.Shuffle(len(hyps), func(i, j int) { hyps[i], hyps[j] = hyps[j], hyps[i] })
		res, err := Refute(hyps, Options{})
		if err != nil {
			t.Fatalf("problem %d %v: %v", i, hyps, err)
		}
		count[res.Status]++
		if res.Status != want {
			t.Fatalf("problem %d %v: got %v (%s), want %v", i, hyps, res.Status, res.Reason, want)
		}
	}
	t.Logf("verdicts: %v", count)
}

// TestConcurrentRefute runs random problems from several goroutines at
// once (the search storage is pooled) and compares each verdict with the
// one of a sequential run.
func TestConcurrentRefute(t *testing.T) {
	r := rand.New(rand.NewPCG(37, 41))
	var probs [][]proofs.Hyp
	var want []Status
	for range 200 {
		hyps := randProblem(r, 2+r.IntN(3))
		res, err := Refute(hyps, Options{})
		if err != nil {
			t.Fatal(err)
		}
		probs = append(probs, hyps)
		want = append(want, res.Status)
	}
	errs := make(chan error, 4)
	for g := range 4 {
		go func() {
			for i := range probs {
				k := (i + 50*g) % len(probs)
				res, err := Refute(probs[k], Options{})
				if err == nil && res.Status != want[k] {
					err = fmt.Errorf("problem %d: %v, sequentially %v", k, res.Status, want[k])
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
