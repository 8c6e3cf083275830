package proofs

import (
	"errors"
	"math/big"
	"strings"
	"testing"
)

func bi(v int64) *big.Int { return big.NewInt(v) }

func cf(h int, c int64) Coef { return Coef{h, bi(c)} }

func lin(c int64, terms ...Term) Lin { return NewLin(bi(c), terms...) }

func ge(l Lin) Hyp { return Fact(Constraint{l, RelGe}) }
func eq(l Lin) Hyp { return Fact(Constraint{l, RelEq}) }

// testHyps is a fixed hypothesis set, over x = x1 and y = x2:
//
//	h0: x - 3 >= 0        h1: -x + 2 >= 0      (x >= 3, x <= 2)
//	h2: 2x - 1 == 0                            (no integer solution)
//	h3: 2x - 1 >= 0       h4: -2x + 1 >= 0     (x = 1/2 over the rationals)
//	h5: x >= 0            h6: -x >= 0          (x = 0)
//	h7: -x - 1 >= 0 | x - 1 >= 0               (x != 0)
//	h8: false
//	h9: x - y == 0        h10: x - y - 1 >= 0
var testHyps = []Hyp{
	ge(lin(-3, term(1, 1))),
	ge(lin(2, term(1, -1))),
	eq(lin(-1, term(1, 2))),
	ge(lin(-1, term(1, 2))),
	ge(lin(1, term(1, -2))),
	ge(lin(0, term(1, 1))),
	ge(lin(0, term(1, -1))),
	Disj(Constraint{lin(-1, term(1, -1)), RelGe}, Constraint{lin(-1, term(1, 1)), RelGe}),
	Disj(),
	eq(lin(0, term(1, 1), term(2, -1))),
	ge(lin(-1, term(1, 1), term(2, -1))),
}

const nTest = 11 // len(testHyps): the first derived hypothesis is h11

// Valid proofs, each paired in the table below with near misses.
var (
	okFarkas   = &Farkas{[]Coef{cf(0, 1), cf(1, 1)}}
	okEq       = &Farkas{[]Coef{cf(9, -1), cf(10, 1)}} // -(x-y) + (x-y-1) = -1
	okCutPair  = &Cut{[]Coef{cf(2, 1)}, bi(2), &Cut{[]Coef{cf(2, -1)}, bi(2), &Farkas{[]Coef{cf(nTest, 1), cf(nTest+1, 1)}}}}
	okSplit    = &Split{Var(1), bi(0), &Farkas{[]Coef{cf(3, 1), cf(nTest, 2)}}, &Farkas{[]Coef{cf(4, 1), cf(nTest, 2)}}}
	okCaseOr   = &CaseOr{7, []ArithProof{&Farkas{[]Coef{cf(nTest, 1), cf(5, 1)}}, &Farkas{[]Coef{cf(nTest, 1), cf(6, 1)}}}}
	okFalse    = &CaseOr{8, nil}
	okCutScale = &Cut{[]Coef{cf(3, 1), cf(4, 1)}, bi(1), &Farkas{[]Coef{cf(0, 1), cf(1, 1), cf(nTest, 5)}}} // names 0 >= 0
)

func TestCheckRefutation(t *testing.T) {
	tests := []struct {
		name    string
		p       ArithProof
		path    string // expected error path, "" if the proof is valid
		errText string
	}{
		{"farkas", okFarkas, "", ""},
		{"farkas scaled", &Farkas{[]Coef{cf(0, 7), cf(1, 7)}}, "", ""},
		{"farkas unequal scale", &Farkas{[]Coef{cf(0, 2), cf(1, 1)}}, "farkas", "does not cancel"},
		{"farkas one side", &Farkas{[]Coef{cf(0, 1)}}, "farkas", "does not cancel"},
		{"farkas empty", &Farkas{}, "farkas", "not a contradiction"},
		{"farkas negative ge", &Farkas{[]Coef{cf(0, -1), cf(1, -1)}}, "farkas", "not positive"},
		{"farkas zero", &Farkas{[]Coef{cf(0, 0), cf(1, 1)}}, "farkas", "not positive"},
		{"farkas eq any sign", okEq, "", ""},
		{"farkas eq wrong sign", &Farkas{[]Coef{cf(9, 1), cf(10, 1)}}, "farkas", "does not cancel"},
		{"farkas eq zero", &Farkas{[]Coef{cf(9, 0), cf(10, 1)}}, "farkas", "zero"},
		{"farkas out of range", &Farkas{[]Coef{cf(0, 1), cf(nTest, 1)}}, "farkas", "out of range"},
		{"farkas negative index", &Farkas{[]Coef{cf(-1, 1)}}, "farkas", "out of range"},
		{"farkas on disjunction", &Farkas{[]Coef{cf(7, 1), cf(5, 1)}}, "farkas", "disjunction"},
		{"farkas nil coef", &Farkas{[]Coef{{0, nil}}}, "farkas", "missing"},
		{"farkas cancels to zero", &Farkas{[]Coef{cf(5, 1), cf(6, 1)}}, "farkas", "not a contradiction"},

		{"cut pair", okCutPair, "", ""},
		{"cut divisor 1", &Cut{[]Coef{cf(2, 1)}, bi(1), &Cut{[]Coef{cf(2, -1)}, bi(1), &Farkas{[]Coef{cf(nTest, 1), cf(nTest+1, 1)}}}}, "cut/cut/farkas", "not a contradiction"},
		{"cut divisor 3", &Cut{[]Coef{cf(2, 1)}, bi(3), okFarkas}, "cut", "does not divide"},
		{"cut divisor 0", &Cut{[]Coef{cf(2, 1)}, bi(0), okFarkas}, "cut", "not positive"},
		{"cut divisor -2", &Cut{[]Coef{cf(2, 1)}, bi(-2), okFarkas}, "cut", "not positive"},
		{"cut nil divisor", &Cut{[]Coef{cf(2, 1)}, nil, okFarkas}, "cut", "missing"},
		{"cut scope", &Cut{[]Coef{cf(2, 1)}, bi(2), &Farkas{[]Coef{cf(nTest, 1), cf(nTest+1, 1)}}}, "cut/farkas", "out of range"},
		{"cut names a combination", okCutScale, "", ""},
		{"cut then wrong", &Cut{[]Coef{cf(3, 1), cf(4, 1)}, bi(1), &Farkas{[]Coef{cf(nTest, 5)}}}, "cut/farkas", "not a contradiction"},

		{"split", okSplit, "", ""},
		{"split moved", &Split{Var(1), bi(1), okSplit.Le, okSplit.Ge}, "split.le/farkas", "not a contradiction"},
		{"split moved down", &Split{Var(1), bi(-1), okSplit.Le, okSplit.Ge}, "split.ge/farkas", "not a contradiction"},
		{"split swapped", &Split{Var(1), bi(0), okSplit.Ge, okSplit.Le}, "split.le/farkas", "does not cancel"},
		{"split other atom", &Split{Var(2), bi(0), okSplit.Le, okSplit.Ge}, "split.le/farkas", "does not cancel"},
		{"split nil K", &Split{Var(1), nil, okSplit.Le, okSplit.Ge}, "root", "missing"},
		{"split nil branch", &Split{Var(1), bi(0), okSplit.Le, nil}, "split.ge", "missing proof step"},

		{"caseor", okCaseOr, "", ""},
		{"caseor swapped", &CaseOr{7, []ArithProof{okCaseOr.Cases[1], okCaseOr.Cases[0]}}, "caseor.0/farkas", "does not cancel"},
		{"caseor too few", &CaseOr{7, okCaseOr.Cases[:1]}, "caseor", "2 cases, proof has 1"},
		{"caseor wrong hyp", &CaseOr{5, okCaseOr.Cases[:1]}, "caseor.0/farkas", "does not cancel"},
		{"caseor out of range", &CaseOr{nTest, nil}, "caseor", "out of range"},
		{"empty disjunction", okFalse, "", ""},
		{"empty case analysis of a fact", &CaseOr{0, nil}, "caseor", "1 cases, proof has 0"},

		{"nil", nil, "root", "missing proof step"},
		{"typed nil", (*Farkas)(nil), "root", "missing proof step"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckRefutation(testHyps, tt.p)
			if tt.path == "" {
				if err != nil {
					t.Fatalf("rejected valid proof:\n%v\n%v", tt.p, err)
				}
				return
			}
			var ce *CheckError
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, want a CheckError", err)
			}
			if ce.Path != tt.path || !strings.Contains(ce.Msg, tt.errText) {
				t.Fatalf("got %q at %q, want %q at %q", ce.Msg, ce.Path, tt.errText, tt.path)
			}
		})
	}
}

func TestCheckLimits(t *testing.T) {
	var deep ArithProof = okFarkas
	for range 50 {
		deep = &Cut{[]Coef{cf(5, 1)}, bi(1), deep}
	}
	huge := new(big.Int).Lsh(bi(1), 5000)
	tests := []struct {
		name string
		lim  Limits
		p    ArithProof
		text string
	}{
		{"depth", Limits{MaxDepth: 10, MaxSteps: 1000, MaxCoefBits: 64}, deep, "deeper than 10"},
		{"steps", Limits{MaxDepth: 100, MaxSteps: 20, MaxCoefBits: 64}, deep, "exceeds 20 steps"},
		{"coef bits", DefaultLimits, &Farkas{[]Coef{{0, huge}, {1, huge}}}, "5001 bits"},
		{"divisor bits", DefaultLimits, &Cut{[]Coef{cf(0, 1)}, huge, okFarkas}, "5001 bits"},
		{"split bits", DefaultLimits, &Split{Var(1), huge, okFarkas, okFarkas}, "5001 bits"},
		{"split term bits", DefaultLimits, &Split{Var(1).Scale(huge), bi(0), okFarkas, okFarkas}, "5001-bit"},
		{"sum bits", Limits{MaxDepth: 10, MaxSteps: 100, MaxCoefBits: 8}, &Cut{[]Coef{cf(0, 255)}, bi(1), okFarkas}, "limit 8"},
	}
	for _, tt := range tests {
		err := tt.lim.CheckRefutation(testHyps, tt.p)
		if err == nil || !strings.Contains(err.Error(), tt.text) {
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.text)
		}
	}
	if err := (Limits{MaxDepth: 60, MaxSteps: 1000, MaxCoefBits: 64}).CheckRefutation(testHyps, deep); err != nil {
		t.Errorf("deep proof within limits: %v", err)
	}
}

// TestCheckKeepsHyps checks that derived facts do not leak into the
// caller's slice or into sibling branches.
func TestCheckKeepsHyps(t *testing.T) {
	hyps := make([]Hyp, nTest, nTest+10)
	copy(hyps, testHyps)
	// The ge branch may not use the le branch's fact as h12.
	leak := &Split{Var(1), bi(0), okSplit.Le, &Farkas{[]Coef{cf(4, 1), cf(nTest+1, 2)}}}
	if err := CheckRefutation(hyps, leak); err == nil {
		t.Fatal("accepted a reference to an out-of-scope fact")
	}
	if err := CheckRefutation(hyps, okCutPair); err != nil {
		t.Fatal(err)
	}
	if got := hyps[:cap(hyps)][nTest].Cases; got != nil {
		t.Fatalf("kernel wrote into the caller's backing array: %v", got)
	}
}

func TestProofString(t *testing.T) {
	p := &Cut{[]Coef{cf(2, 1)}, bi(2), &Split{Var(1).AddConst(2), bi(3), okFarkas, &CaseOr{7, []ArithProof{okFarkas, nil}}}}
	want := `cut (1*h2) / 2
split x1 + 2 <= 3
  farkas 1*h0 + 1*h1
else
  caseor h7
  case 0
    farkas 1*h0 + 1*h1
  case 1
    <nil>`
	if got := p.String(); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

// TestCheckLongCycle refutes x0 <= x1 <= … <= xn < x0 with one Farkas
// combination of n+1 facts; with a term missing it must be rejected.
func TestCheckLongCycle(t *testing.T) {
	const n = 20000
	hyps := make([]Hyp, 0, n+1)
	comb := make([]Coef, 0, n+1)
	for i := range n {
		hyps = append(hyps, Fact(Leq(Var(Atom(i)), Var(Atom(i+1)))))
		comb = append(comb, cf(i, 1))
	}
	hyps = append(hyps, Fact(Less(Var(n), Var(0))))
	comb = append(comb, cf(n, 1))
	if err := CheckRefutation(hyps, &Farkas{comb}); err != nil {
		t.Fatal(err)
	}
	if err := CheckRefutation(hyps, &Farkas{comb[1:]}); err == nil {
		t.Fatal("accepted a broken cycle")
	}
}
