package lia

import (
	"testing"

	"vep/proofs"
)

// typical are entailments and satisfiable problems of the kinds eBPF
// verification produces: packet bounds, loop indices, 32-bit ranges,
// disequalities and integer-only infeasibility.
var typical = []struct {
	name string
	src  string
	want Status
}{
	{"packet access", "data + 14 <= data_end; off < 14; off >= 0 |- data + off + 1 <= data_end", Unsat},
	{"packet access unchecked", "data + 14 <= data_end; off >= 0 |- data + off + 1 <= data_end", Sat},
	{"packet off by one", "data + 14 <= data_end; off <= 14; off >= 0 |- data + off + 1 <= data_end", Sat},
	{"loop index", "0 <= i; i < cap; i + 1 < cap |- i + 1 < cap", Unsat},
	{"loop index unguarded", "0 <= i; i < cap |- i + 1 < cap", Sat},
	{"loop step", "0 <= i; i < cap; i + 1 < cap; j == i + 1 |- 0 <= j && j < cap", Unsat},
	{"u32 range", "0 <= x; x < 4294967296 |- x <= 4294967295", Unsat},
	{"u32 range tight", "0 <= x; x < 4294967296 |- x < 4294967295", Sat},
	{"u32 add no wrap", "0 <= x; x < 4294967296; 0 <= y; y <= 255 |- x + y < 4294967551", Unsat},
	{"u64 range", "0 <= x; x <= 18446744073709551615; y == x + 1 |- y <= 18446744073709551616", Unsat},
	{"disequality", "x != 0; 0 <= x; x <= 1 |- x == 1", Unsat},
	{"disequality open", "x != 0; 0 <= x; x <= 2 |- x == 1", Sat},
	{"parity", "2*x == 2*y + 1", Unsat},
	{"gcd", "3*x + 6*y == 4", Unsat},
	{"coprime", "3*x + 5*y == 4", Sat},
	{"half", "x + y == 1; x - y == 0", Unsat},
	{"strict chain", "a < b; b < c; c < a", Unsat},
	{"difference chain", "a + 3 <= b; b + 4 <= c; c <= a + 6", Unsat},
	{"difference chain sat", "a + 3 <= b; b + 4 <= c; c <= a + 7", Sat},
	{"neq both ways", "x != y; x <= y; y <= x", Unsat},
	{"three cases", "x == 0 || x == 1 || x == 2; x != 0; x != 1; x != 2", Unsat},
	{"masked byte", "0 <= m; m <= 255; p + 256 <= end |- p + m < end", Unsat},
	{"ihl", "data + 34 <= end; 5 <= ihl; ihl <= 15; off == 4*ihl; data + 14 + off + 8 <= end |- data + 14 + off + 2 <= end", Unsat},
	{"ihl unchecked", "data + 34 <= end; 5 <= ihl; ihl <= 15; off == 4*ihl |- data + 14 + off + 8 <= end", Sat},
	{"stack slot", "r10 - 512 <= p; p + 8 <= r10; q == p + 4 |- r10 - 512 <= q && q + 4 <= r10", Unsat},
	{"odd stride", "0 <= i; i <= 10; 3*i == 2*k + 1; 2 <= k; k <= 3", Unsat},
	{"big coefficients", "9223372036854775807*x - 9223372036854775806*y == 1; 0 <= x; x <= 3; 0 <= y; y <= 3", Sat},
	{"big unsat", "9223372036854775807*x - 9223372036854775807*y == 1", Unsat},
	{"big bounds", "x >= 36893488147419103232; x <= 36893488147419103231 || y >= 0; y < 0", Unsat},
	{"lattice", "2*x - 2*y + z == 1; z == 0", Unsat},
	{"lattice 3", "x + 2*y + 3*z == 1; 2*x + 4*y + 6*z + 2*w == 4; w == 2*v; 0 <= x", Unsat},
	{"lattice sat", "x + 2*y + 3*z == 1; 2*x + 4*y + 6*z + 2*w == 4; w == 2*v + 1; 0 <= x", Sat},
	{"lattice unit bounded", "6*x + 10*y + 15*z == 1; -10 <= x; x <= 10; -10 <= y; y <= 10; -10 <= z; z <= 10", Sat},
	{"lattice coprime pairs", "6*x + 10*y == 1 + 15*z; 6*x + 10*y == 15*z", Unsat},
	{"empty", "", Sat},
	{"constant false", "0 >= 1", Unsat},
	{"constant eq", "3 == 3; 1 != 2", Sat},
}

func TestTypical(t *testing.T) {
	for _, tt := range typical {
		t.Run(tt.name, func(t *testing.T) {
			p, err := parseProblem(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Refute(p.hyps, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tt.want {
				t.Fatalf("%s: got %v %s (model %s), want %v", tt.src, res.Status, res.Reason, p.modelString(res.Model), tt.want)
			}
			if res.Status == Unsat {
				// Refute checked the proof; check the encoding too.
				b, err := proofs.MarshalArith(res.Proof)
				if err != nil {
					t.Fatal(err)
				}
				q, err := proofs.UnmarshalArith(b, len(p.hyps))
				if err != nil {
					t.Fatal(err)
				}
				if err := proofs.CheckRefutation(p.hyps, q); err != nil {
					t.Fatal(err)
				}
				t.Logf("%d bytes:\n%v", len(b), res.Proof)
			} else {
				t.Logf("model %s", p.modelString(res.Model))
			}
		})
	}
}

func TestFalseHypothesis(t *testing.T) {
	hyps := []proofs.Hyp{proofs.Fact(proofs.Geq(proofs.Var(0), proofs.Const(0))), proofs.Disj()}
	res, err := Refute(hyps, Options{})
	if err != nil || res.Status != Unsat {
		t.Fatalf("got %v, %v", res.Status, err)
	}
}

func TestBadRelation(t *testing.T) {
	hyps := []proofs.Hyp{proofs.Fact(proofs.Constraint{L: proofs.Var(0), Rel: 9})}
	if _, err := Refute(hyps, Options{}); err == nil {
		t.Fatal("accepted an unknown relation")
	}
}

// TestUnknown checks that limits produce Unknown rather than a hang.
func TestUnknown(t *testing.T) {
	p, err := parseProblem("0 <= i; i <= 10; 3*i == 2*k + 1; 2 <= k; k <= 3")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []Options{{MaxNodes: 1}} {
		res, err := Refute(p.hyps, o)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != Unknown || res.Reason == "" {
			t.Fatalf("%+v: got %v %q", o, res.Status, res.Reason)
		}
	}
	// Problems whose relaxation is unbounded and that the equality check
	// does not settle: branch and bound cannot close them, and must stop.
	// The first is satisfiable (x=1, y=1, z=-1), the second is not.
	for _, src := range []string{"6*x + 10*y + 15*z == 1; 0 <= x", "2*x - 2*y + z <= 1; 2*x - 2*y + z >= 1; z == 0"} {
		p, err := parseProblem(src)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Refute(p.hyps, Options{MaxNodes: 2000})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %v %s", src, res.Status, res.Reason)
	}
}
