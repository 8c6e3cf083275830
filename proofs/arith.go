package proofs

import (
	"fmt"
	"math/big"
	"strings"
)

// ArithProof is a refutation of a list of hypotheses: a tree of Farkas,
// Cut, Split and CaseOr nodes. Steps that derive a new fact append it to the
// hypothesis list seen by their sub-proofs, so hypothesis indices in a
// sub-proof may refer to facts derived on the path from the root.
type ArithProof interface {
	String() string
	arithNode()
}

// Coef is one summand of a combination: Coef times the constraint of
// hypothesis Hyp, which must be a plain fact (a Hyp with one case).
type Coef struct {
	Hyp  int
	Coef *big.Int
}

// Farkas is a leaf: the combination Σ Coef·hyp, with positive coefficients
// on >= facts and nonzero ones on == facts, must cancel every atom and leave
// a negative constant, deriving 0 <= constant < 0.
type Farkas struct {
	Comb []Coef
}

// Cut is a Chvátal–Gomory cut. The non-negative combination Σ Coef·hyp is
// Σ a_j·x_j + b >= 0 where Div > 0 divides every a_j; the cut derives
// Σ (a_j/Div)·x_j + floor(b/Div) >= 0, appends it to the hypotheses and
// continues with Then. With Div = 1 it just names a combination.
type Cut struct {
	Comb []Coef
	Div  *big.Int
	Then ArithProof
}

// Split is the case split E <= K | E >= K+1. Le refutes the hypotheses
// extended with K - E >= 0, Ge those extended with E - K - 1 >= 0.
type Split struct {
	E      Lin
	K      *big.Int
	Le, Ge ArithProof
}

// CaseOr refutes a disjunctive hypothesis case by case: Cases[i] refutes the
// hypotheses extended with the i-th case of hypothesis Hyp. There must be
// exactly one sub-proof per case.
type CaseOr struct {
	Hyp   int
	Cases []ArithProof
}

func (*Farkas) arithNode() {}
func (*Cut) arithNode()    {}
func (*Split) arithNode()  {}
func (*CaseOr) arithNode() {}

// String returns the proof as indented text, one step per line.
func (p *Farkas) String() string { return arithString(p) }

// String returns the proof as indented text, one step per line.
func (p *Cut) String() string { return arithString(p) }

// String returns the proof as indented text, one step per line.
func (p *Split) String() string { return arithString(p) }

// String returns the proof as indented text, one step per line.
func (p *CaseOr) String() string { return arithString(p) }

func arithString(p ArithProof) string {
	var b strings.Builder
	writeArith(&b, p, 0)
	return strings.TrimSuffix(b.String(), "\n")
}

func writeComb(b *strings.Builder, comb []Coef) {
	for i, c := range comb {
		if i > 0 {
			b.WriteString(" + ")
		}
		fmt.Fprintf(b, "%v*h%d", c.Coef, c.Hyp)
	}
}

func writeArith(b *strings.Builder, p ArithProof, indent int) {
	pad := strings.Repeat("  ", indent)
	b.WriteString(pad)
	if isNilNode(p) {
		b.WriteString("<nil>\n")
		return
	}
	switch p := p.(type) {
	case *Farkas:
		b.WriteString("farkas ")
		writeComb(b, p.Comb)
		b.WriteByte('\n')
	case *Cut:
		b.WriteString("cut (")
		writeComb(b, p.Comb)
		fmt.Fprintf(b, ") / %v\n", p.Div)
		writeArith(b, p.Then, indent)
	case *Split:
		fmt.Fprintf(b, "split %v <= %v\n", p.E, p.K)
		writeArith(b, p.Le, indent+1)
		b.WriteString(pad)
		b.WriteString("else\n")
		writeArith(b, p.Ge, indent+1)
	case *CaseOr:
		fmt.Fprintf(b, "caseor h%d\n", p.Hyp)
		for i, q := range p.Cases {
			fmt.Fprintf(b, "%scase %d\n", pad, i)
			writeArith(b, q, indent+1)
		}
	default:
		b.WriteString("<nil>\n")
	}
}

// isNilNode reports whether p is nil or a nil pointer of a node type.
func isNilNode(p ArithProof) bool {
	switch p := p.(type) {
	case *Farkas:
		return p == nil
	case *Cut:
		return p == nil
	case *Split:
		return p == nil
	case *CaseOr:
		return p == nil
	}
	return true
}
