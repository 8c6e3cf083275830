package lia

import (
	"fmt"
	"math/big"
	"sort"
	"strings"

	"vep/proofs"
)

// problem is a test problem in a small text syntax:
//
//	hyp; hyp; ... |- goal
//
// A hyp is a constraint or several joined by "||"; a constraint is
// "lin op lin" with op one of <= < >= > == !=; a lin is a sum of integers,
// names and integer*name terms. The goal, if present, is negated and added
// as the last hypotheses, so a valid entailment is an Unsat problem.
type problem struct {
	src   string
	hyps  []proofs.Hyp
	atoms map[string]proofs.Atom
}

func parseProblem(src string) (*problem, error) {
	p := &problem{src: src, atoms: map[string]proofs.Atom{}}
	left, goal, hasGoal := strings.Cut(src, "|-")
	for _, h := range strings.Split(left, ";") {
		if strings.TrimSpace(h) == "" {
			continue
		}
		var cases []proofs.Constraint
		for _, c := range strings.Split(h, "||") {
			hs, err := p.constraint(c)
			if err != nil {
				return nil, err
			}
			if len(hs.Cases) != 1 {
				if len(strings.Split(h, "||")) > 1 {
					return nil, fmt.Errorf("!= inside a disjunction: %q", h)
				}
				p.hyps = append(p.hyps, hs)
				cases = nil
				break
			}
			cases = append(cases, hs.Cases[0])
		}
		if cases != nil {
			p.hyps = append(p.hyps, proofs.Disj(cases...))
		}
	}
	if hasGoal {
		// not (a || b) is not a and not b.
		for _, c := range strings.Split(goal, "||") {
			h, err := p.negate(c)
			if err != nil {
				return nil, err
			}
			p.hyps = append(p.hyps, h)
		}
	}
	return p, nil
}

// negate returns the negation of a conjunction of constraints.
func (p *problem) negate(s string) (proofs.Hyp, error) {
	var cases []proofs.Constraint
	for _, c := range strings.Split(s, "&&") {
		if l, r, ok := strings.Cut(c, "!="); ok {
			a, err := p.lin(l)
			if err != nil {
				return proofs.Hyp{}, err
			}
			b, err := p.lin(r)
			if err != nil {
				return proofs.Hyp{}, err
			}
			cases = append(cases, proofs.Equal(a, b))
			continue
		}
		h, err := p.constraint(c)
		if err != nil {
			return proofs.Hyp{}, err
		}
		cases = append(cases, h.Cases[0].Negate().Cases...)
	}
	return proofs.Disj(cases...), nil
}

func (p *problem) constraint(s string) (proofs.Hyp, error) {
	for _, op := range []string{"<=", ">=", "==", "!=", "<", ">"} {
		l, r, ok := strings.Cut(s, op)
		if !ok {
			continue
		}
		a, err := p.lin(l)
		if err != nil {
			return proofs.Hyp{}, err
		}
		b, err := p.lin(r)
		if err != nil {
			return proofs.Hyp{}, err
		}
		switch op {
		case "<=":
			return proofs.Fact(proofs.Leq(a, b)), nil
		case ">=":
			return proofs.Fact(proofs.Geq(a, b)), nil
		case "==":
			return proofs.Fact(proofs.Equal(a, b)), nil
		case "!=":
			return proofs.NotEqual(a, b), nil
		case "<":
			return proofs.Fact(proofs.Less(a, b)), nil
		}
		return proofs.Fact(proofs.Greater(a, b)), nil
	}
	return proofs.Hyp{}, fmt.Errorf("no relation in %q", s)
}

func (p *problem) lin(s string) (proofs.Lin, error) {
	s = strings.ReplaceAll(strings.ReplaceAll(s, " ", ""), "-", "+-")
	var l proofs.Lin
	for _, t := range strings.Split(s, "+") {
		if t == "" {
			continue
		}
		coef, name := "1", t
		if c, n, ok := strings.Cut(t, "*"); ok {
			coef, name = c, n
		} else if strings.HasPrefix(t, "-") {
			coef, name = "-1", t[1:]
		}
		k, ok := new(big.Int).SetString(coef, 10)
		if !ok {
			return l, fmt.Errorf("bad coefficient %q", coef)
		}
		if v, ok := new(big.Int).SetString(name, 10); ok {
			l = l.Add(proofs.NewLin(v.Mul(v, k)))
			continue
		}
		a, ok := p.atoms[name]
		if !ok {
			a = proofs.Atom(len(p.atoms))
			p.atoms[name] = a
		}
		l = l.Add(proofs.Var(a).Scale(k))
	}
	return l, nil
}

// modelString prints a model with the problem's names.
func (p *problem) modelString(m map[proofs.Atom]*big.Int) string {
	var s []string
	for n, a := range p.atoms {
		s = append(s, fmt.Sprintf("%s=%v", n, m[a]))
	}
	sort.Strings(s)
	return strings.Join(s, " ")
}
