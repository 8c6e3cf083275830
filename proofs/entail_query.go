package proofs

import (
	"fmt"
	"math/big"
	"strings"

	"vep/sep"
)

// Queries the solver asks of a session; the kernel's check does not use
// them.

// LemmaHyps returns the hypotheses the lemma instance l contributes, or an
// error if the schema does not apply to its arguments.
func (s *Session) LemmaHyps(l Lemma) ([]Hyp, error) {
	fs, err := lemmaFacts(l, s.lz)
	if err != nil {
		return nil, err
	}
	var out []Hyp
	for _, f := range fs {
		if err := s.lz.sorts.formula(f, map[string]int{}); err != nil {
			return nil, err
		}
		hs, err := s.lw.hyp(f)
		if err != nil {
			return nil, err
		}
		out = append(out, hs...)
	}
	return out, nil
}

// LemmaFormulas returns the valid formulas the lemma instance l states, or
// an error if the schema does not apply to its arguments.
func (s *Session) LemmaFormulas(l Lemma) ([]sep.Formula, error) { return lemmaFacts(l, s.lz) }

// IsList reports whether t denotes a list in this session's sorts.
func (s *Session) IsList(t sep.Term) bool { return s.lz.sorts.isList(t) }

// SizeTerm returns the size in bytes of the owned chunk c as a term, and its
// element size (1 for byte predicates).
func (s *Session) SizeTerm(c *sep.Pred) (size sep.Term, elem int64, err error) {
	if _, err := predSorts(c); err != nil {
		return nil, 0, err
	}
	switch c.Name {
	case "chars", "undef_chars":
		return c.Args[1], 1, nil
	case "array", "undef_array":
		n, err := sep.SizeOf(s.lz.env, c.Type)
		if err != nil {
			return nil, 0, err
		}
		return binT(sep.Mul, c.Args[1], sep.NewInt(n)), n, nil
	case "store_chars":
		return binT(sep.Sub, c.Args[1], c.Args[0]), 1, nil
	case "data_at":
		n, err := sep.SizeOf(s.lz.env, c.Type)
		return sep.NewInt(n), n, err
	}
	if st, ok := strings.CutPrefix(c.Name, "store_"); ok {
		n, err := sep.SizeOf(s.lz.env, &sep.StructType{Name: st})
		return sep.NewInt(n), n, err
	}
	return nil, 0, fmt.Errorf("%v is not an owned chunk", c)
}

// Difference returns x - y if it is a constant, that is if the integer
// terms x and y have the same linear form up to a constant.
func (s *Session) Difference(x, y sep.Term) (*big.Int, bool) {
	if s.lz.sorts.term(x, sortInt, nil) != nil || s.lz.sorts.term(y, sortInt, nil) != nil {
		return nil, false
	}
	lx, err := s.lz.lin(x)
	if err != nil {
		return nil, false
	}
	ly, err := s.lz.lin(y)
	if err != nil {
		return nil, false
	}
	d := linMerge(lx, ly, true)
	if !d.IsConst() {
		return nil, false
	}
	return d.Constant(), true
}
