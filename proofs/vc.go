package proofs

import (
	"fmt"
	"strings"

	"vep/sep"
)

// VC is a verification condition: for all values of its free variables,
// every heap that satisfies Hyp has a sub-heap that satisfies Goal. The
// reading is affine: chunks of Hyp that Goal does not mention are dropped.
type VC struct {
	Hyp, Goal sep.Formula
}

// String returns the VC as "Hyp |- Goal".
func (vc VC) String() string {
	return fmt.Sprintf("%v |- %v", vc.Hyp, vc.Goal)
}

// Entailment is the proof of a VC. Witnesses instantiate the existentials of
// Goal's normal form, in order; Steps rearrange the chunks of Hyp and match
// them with Goal's chunks; Pure holds one proof per pure obligation, in the
// order the kernel generates them (see Session).
type Entailment struct {
	Witnesses []sep.Term
	Steps     []Step
	Pure      []*PureProof
}

// Step is one spatial proof step: *SplitChunk, *JoinChunks, *ForgetChunk,
// *UnfoldChunk, *FoldChunk, *MatchChunk or *UseFact.
type Step interface {
	String() string
	step()
}

// SplitChunk splits the working chunk Chunk at element At (a byte offset for
// chars, undef_chars and store_chars, an element index for array and
// undef_array). The first part replaces the chunk, the second is appended to
// the working list. Obligation: 0 <= At <= size.
type SplitChunk struct {
	Chunk int
	At    sep.Term
}

// JoinChunks joins the working chunks A and B, B directly after A, into one
// that replaces A; B is consumed. Obligation: B starts where A ends.
type JoinChunks struct {
	A, B int
}

// ForgetChunk forgets the contents of a working chunk: chars becomes
// undef_chars, array becomes undef_array, and undef_array, data_at and
// store_T become undef_chars of their bytes.
type ForgetChunk struct {
	Chunk int
}

// UnfoldChunk unfolds a working chunk: data_at of an integer type becomes the
// chars of its little-endian bytes; store_T(p) becomes the chunks of its
// fields and padding (with fresh constants for the field values), the first
// replacing the chunk and the others appended.
type UnfoldChunk struct {
	Chunk int
}

// FoldChunk reads the bytes of working chunk Chunk, chars(p, n, l), as a
// little-endian integer of type Type: it becomes data_at(p, Type, v) with v
// = l[0] + 256*l[1] + … (minus 2^(8n) if Type is signed and the top bit of
// the last byte is set). Obligation: n == sizeof(Type).
type FoldChunk struct {
	Chunk int
	Type  sep.Type
}

// MatchChunk consumes working chunk Chunk to prove goal chunk Goal. They must
// have the same predicate and type; obligations: each argument equal.
type MatchChunk struct {
	Chunk, Goal int
}

// UseFact proves the duplicable goal fact Goal (an index into the goal's pure
// conjuncts, which must be map_value or ctx) by the hypothesis fact Fact (an
// index into the facts, see Session.Facts) of the same predicate.
// Obligations: each argument equal (map names must be identical).
type UseFact struct {
	Fact, Goal int
}

func (*SplitChunk) step()  {}
func (*JoinChunks) step()  {}
func (*ForgetChunk) step() {}
func (*UnfoldChunk) step() {}
func (*FoldChunk) step()   {}
func (*MatchChunk) step()  {}
func (*UseFact) step()     {}

// String returns the step in the text form "split c2 at n".
func (s *SplitChunk) String() string { return fmt.Sprintf("split c%d at %v", s.Chunk, termText(s.At)) }

// String returns the step in the text form "join c1 c3".
func (s *JoinChunks) String() string { return fmt.Sprintf("join c%d c%d", s.A, s.B) }

// String returns the step in the text form "forget c1".
func (s *ForgetChunk) String() string { return fmt.Sprintf("forget c%d", s.Chunk) }

// String returns the step in the text form "unfold c1".
func (s *UnfoldChunk) String() string { return fmt.Sprintf("unfold c%d", s.Chunk) }

// String returns the step in the text form "fold c1 u32".
func (s *FoldChunk) String() string {
	if s.Type == nil {
		return fmt.Sprintf("fold c%d <nil>", s.Chunk)
	}
	return fmt.Sprintf("fold c%d %v", s.Chunk, s.Type)
}

// String returns the step in the text form "match c1 g0".
func (s *MatchChunk) String() string { return fmt.Sprintf("match c%d g%d", s.Chunk, s.Goal) }

// String returns the step in the text form "fact f2 g0".
func (s *UseFact) String() string { return fmt.Sprintf("fact f%d g%d", s.Fact, s.Goal) }

// PureProof discharges one pure obligation. The hypotheses refuted by Arith
// are, in order: the base facts (Session.BaseHyps), the lowering of each
// instance of Insts, the lowering of each lemma instance of Lemmas, and the
// lowering of the negated obligation.
type PureProof struct {
	Insts  []Inst
	Lemmas []Lemma
	Arith  ArithProof
}

// Inst instantiates the forall fact Fact (an index into Session.Facts) at
// Terms, one per bound variable.
type Inst struct {
	Fact  int
	Terms []sep.Term
}

// Lemma is an instance of a lemma schema of the kernel's fixed table at the
// given arguments (see LemmaSchema).
type Lemma struct {
	Schema LemmaSchema
	Args   []sep.Term
}

func termText(t sep.Term) string {
	if t == nil {
		return "<nil>"
	}
	return t.String()
}

// String returns the readable text form of the proof.
func (p *Entailment) String() string {
	var b strings.Builder
	for i, w := range p.Witnesses {
		fmt.Fprintf(&b, "witness %d := %s\n", i, termText(w))
	}
	for _, s := range p.Steps {
		if s == nil {
			b.WriteString("<nil step>\n")
			continue
		}
		b.WriteString(s.String())
		b.WriteByte('\n')
	}
	for i, pp := range p.Pure {
		fmt.Fprintf(&b, "obligation %d\n", i)
		if pp == nil {
			b.WriteString("  <nil>\n")
			continue
		}
		for _, in := range pp.Insts {
			ts := make([]string, len(in.Terms))
			for j, t := range in.Terms {
				ts[j] = termText(t)
			}
			fmt.Fprintf(&b, "  inst f%d at %s\n", in.Fact, strings.Join(ts, ", "))
		}
		for _, l := range pp.Lemmas {
			ts := make([]string, len(l.Args))
			for j, t := range l.Args {
				ts[j] = termText(t)
			}
			fmt.Fprintf(&b, "  lemma %v(%s)\n", l.Schema, strings.Join(ts, ", "))
		}
		if pp.Arith == nil {
			b.WriteString("  <no arith>\n")
		} else {
			for _, line := range strings.Split(arithString(pp.Arith), "\n") {
				b.WriteString("  ")
				b.WriteString(line)
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}
