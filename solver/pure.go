package solver

import (
	"vep/proofs"
	"vep/sep"
)

// choose picks the forall instances and lemma instances for proving f: each
// single-variable forall fact at every index term that occurs in f or the
// facts, then the lemmas for the non-linear terms that occur, closed under
// the terms the lemmas themselves introduce (three rounds).
func (p *prover) choose(f sep.Formula) *proofs.PureProof {
	pp := &proofs.PureProof{}
	facts := p.s.Facts()
	// Terms are immutable and every sep.Term is a pointer, so their
	// texts, which key the sets below, are computed once per term.
	texts := map[sep.Term]string{}
	text := func(t sep.Term) string {
		s, ok := texts[t]
		if !ok {
			s = t.String()
			texts[t] = s
		}
		return s
	}
	var scan []sep.Node
	scan = append(scan, f)
	var foralls []int
	for i, h := range facts {
		if q, ok := h.(*sep.Forall); ok {
			if len(q.Vars) == 1 {
				foralls = append(foralls, i)
			}
			continue
		}
		scan = append(scan, h)
	}
	if len(foralls) > 0 {
		seen := map[string]bool{}
		var idx []sep.Term
		for _, n := range scan {
			sep.Walk(n, func(m sep.Node) bool {
				if x, ok := m.(*sep.Index); ok {
					if k := text(x.I); !seen[k] {
						seen[k] = true
						idx = append(idx, x.I)
					}
				}
				return true
			})
		}
		for _, fi := range foralls {
			q := facts[fi].(*sep.Forall)
			for _, t := range idx {
				if len(pp.Insts) >= p.opts.MaxInsts {
					break
				}
				pp.Insts = append(pp.Insts, proofs.Inst{Fact: fi, Terms: []sep.Term{t}})
				scan = append(scan, sep.Subst(q.Body, map[string]sep.Term{q.Vars[0].Name: t}))
			}
		}
	}
	seen := map[string]bool{}
	reads := map[string][]*sep.Index{}
	var kb []byte // the key of a lemma, built without allocating
	for round := 0; round < 3 && len(scan) > 0; round++ {
		var next []sep.Node
		add := func(l proofs.Lemma) {
			kb = append(kb[:0], l.Schema.String()...)
			for _, a := range l.Args {
				kb = append(append(kb, '|'), text(a)...)
			}
			if seen[string(kb)] || len(pp.Lemmas) >= proofs.MaxInsts {
				return
			}
			seen[string(kb)] = true
			fs, err := p.s.LemmaFormulas(l)
			if err != nil {
				return
			}
			pp.Lemmas = append(pp.Lemmas, l)
			for _, f := range fs {
				next = append(next, f)
			}
		}
		for _, n := range scan {
			sep.Walk(n, func(m sep.Node) bool {
				switch t := m.(type) {
				case *sep.Forall, *sep.Exists:
					return false
				case *sep.Cmp:
					if p.s.IsList(t.X) || p.s.IsList(t.Y) {
						add(proofs.Lemma{Schema: proofs.LemmaLen, Args: []sep.Term{t.X}})
						add(proofs.Lemma{Schema: proofs.LemmaLen, Args: []sep.Term{t.Y}})
					}
				case *sep.Len:
					add(proofs.Lemma{Schema: proofs.LemmaLen, Args: []sep.Term{t.X}})
				case *sep.Index:
					if _, isVar := t.X.(*sep.Var); !isVar {
						add(proofs.Lemma{Schema: proofs.LemmaElem, Args: []sep.Term{t.X, t.I}})
						add(proofs.Lemma{Schema: proofs.LemmaLen, Args: []sep.Term{t.X}})
					}
					k := text(t.X)
					for _, o := range reads[k] {
						if text(o.I) != text(t.I) {
							add(proofs.Lemma{Schema: proofs.LemmaCong, Args: []sep.Term{o, t}})
						}
					}
					if len(reads[k]) < 8 {
						reads[k] = append(reads[k], t)
					}
				case *sep.Cast:
					add(proofs.Lemma{Schema: proofs.LemmaCastRange, Args: []sep.Term{t}})
					add(proofs.Lemma{Schema: proofs.LemmaCastID, Args: []sep.Term{t}})
				case *sep.Binary:
					switch t.Op {
					case sep.BitAnd:
						add(proofs.Lemma{Schema: proofs.LemmaAndBounds, Args: []sep.Term{t}})
					case sep.Shr:
						add(proofs.Lemma{Schema: proofs.LemmaShrBounds, Args: []sep.Term{t}})
					case sep.Rem:
						add(proofs.Lemma{Schema: proofs.LemmaRemBounds, Args: []sep.Term{t}})
					case sep.Div:
						add(proofs.Lemma{Schema: proofs.LemmaDivBounds, Args: []sep.Term{t}})
					}
				}
				return true
			})
		}
		scan = next
	}
	return pp
}
