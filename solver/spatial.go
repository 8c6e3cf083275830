package solver

import (
	"fmt"

	"vep/proofs"
	"vep/sep"
)

func eq(x, y sep.Term) sep.Formula { return &sep.Cmp{Op: sep.Eq, X: x, Y: y} }
func lt(x, y sep.Term) sep.Formula { return &sep.Cmp{Op: sep.Lt, X: x, Y: y} }
func le(x, y sep.Term) sep.Formula { return &sep.Cmp{Op: sep.Le, X: x, Y: y} }
func add(x, y sep.Term) sep.Term   { return &sep.Binary{Op: sep.Add, X: x, Y: y} }
func sub(x, y sep.Term) sep.Term   { return &sep.Binary{Op: sep.Sub, X: x, Y: y} }

// splittable reports whether the kernel can split or join chunks named name.
func splittable(name string) bool {
	switch name {
	case "chars", "undef_chars", "array", "undef_array", "store_chars":
		return true
	}
	return false
}

// mentions reports whether t mentions one of the names in set.
func mentions(t sep.Node, set map[string]bool) bool {
	found := false
	sep.Walk(t, func(n sep.Node) bool {
		if v, ok := n.(*sep.Var); ok && set[v.Name] {
			found = true
		}
		return !found
	})
	return found
}

// plan rearranges the working chunks so that each goal chunk has a working
// chunk to match, and returns that assignment (goal index to chunk index).
func (p *prover) plan() ([]int, string, error) {
	ex := map[string]bool{}
	for _, e := range p.s.GoalExists() {
		ex[e.Name] = true
	}
	// Existentials fixed by goal equalities are known before planning.
	pre := p.equalityWitnesses(ex)
	for k := range pre {
		delete(ex, k)
	}
	goal := p.s.GoalChunks()
	assign := make([]int, len(goal))
	reserved := map[int]bool{}
	for gi, g := range goal {
		if len(pre) > 0 {
			args := make([]sep.Term, len(g.Args))
			for i, a := range g.Args {
				args[i] = sep.SubstTerm(a, pre)
			}
			g = &sep.Pred{Name: g.Name, Type: g.Type, Args: args}
		}
		ci, reason, err := p.planChunk(g, ex, reserved)
		if err != nil || reason != "" {
			return nil, reason, err
		}
		assign[gi] = ci
		reserved[ci] = true
	}
	return assign, "", nil
}

// planChunk finds or makes a working chunk for goal chunk g.
func (p *prover) planChunk(g *sep.Pred, ex map[string]bool, reserved map[int]bool) (int, string, error) {
	ga := g.Args[0]
	if mentions(ga, ex) {
		for ci, c := range p.s.Chunks() {
			if c != nil && !reserved[ci] && c.Name == g.Name && sep.TypeEqual(c.Type, g.Type) {
				return ci, "", nil
			}
		}
		return 0, fmt.Sprintf("no chunk for %v", g), nil
	}
	gsize, _, err := p.s.SizeTerm(g)
	if err != nil {
		return 0, "", err
	}
	sizeKnown := !mentions(gsize, ex)
moves:
	for move := 0; move < p.opts.MaxPlan; move++ {
		chunks := p.s.Chunks()
		for ci, c := range chunks {
			if c == nil || reserved[ci] {
				continue
			}
			ca := c.Args[0]
			csize, elem, err := p.s.SizeTerm(c)
			if err != nil {
				return 0, "", err
			}
			if !p.provable(eq(ca, ga)) {
				// A goal chunk inside c: split off the bytes before it, or
				// unfold a struct.
				inside := p.provable(le(ca, ga)) && p.provable(lt(ga, add(ca, csize)))
				switch {
				case inside && splittable(c.Name) && elem == 1:
					if err := p.apply(&proofs.SplitChunk{Chunk: ci, At: sub(ga, ca)}); err != nil {
						return 0, "", err
					}
					continue moves
				case inside && isStore(c.Name):
					if err := p.apply(&proofs.UnfoldChunk{Chunk: ci}); err != nil {
						return 0, "", err
					}
					continue moves
				}
				continue
			}
			// Same start: convert c towards g's kind.
			if c.Name != g.Name || !sep.TypeEqual(c.Type, g.Type) {
				var st proofs.Step
				switch {
				case g.Name == "undef_chars" && (c.Name == "chars" || c.Name == "undef_array" || c.Name == "data_at" || isStore(c.Name)),
					g.Name == "undef_array" && c.Name == "array" && sep.TypeEqual(c.Type, g.Type),
					g.Name == "undef_chars" && c.Name == "array":
					st = &proofs.ForgetChunk{Chunk: ci}
					// Keep the contents of the rest: split first.
					sameUnit := (c.Name == "chars" && g.Name == "undef_chars") || (c.Name == "array" && g.Name == "undef_array")
					if sizeKnown && sameUnit && !p.provable(eq(csize, gsize)) && p.provable(le(gsize, csize)) {
						st = &proofs.SplitChunk{Chunk: ci, At: g.Args[1]}
					}
				case g.Name == "chars" && c.Name == "data_at",
					isStore(c.Name) && g.Name != "undef_chars":
					st = &proofs.UnfoldChunk{Chunk: ci}
				case g.Name == "data_at" && c.Name == "chars":
					ty, ok := g.Type.(*sep.IntType)
					if !ok {
						continue
					}
					n := sep.NewInt(int64(ty.Size))
					switch {
					case p.provable(eq(csize, n)):
						st = &proofs.FoldChunk{Chunk: ci, Type: ty}
					case p.provable(le(n, csize)):
						st = &proofs.SplitChunk{Chunk: ci, At: n}
					default:
						continue
					}
				default:
					continue
				}
				if err := p.apply(st); err != nil {
					continue
				}
				continue moves
			}
			if !sizeKnown || !splittable(c.Name) || p.provable(eq(csize, gsize)) {
				return ci, "", nil
			}
			if p.provable(le(gsize, csize)) {
				var at sep.Term
				if c.Name == "store_chars" {
					at = sub(g.Args[1], g.Args[0])
				} else {
					at = g.Args[1]
				}
				if err := p.apply(&proofs.SplitChunk{Chunk: ci, At: at}); err != nil {
					return 0, "", err
				}
				return ci, "", nil
			}
			next := add(ca, csize)
			if c.Name == "store_chars" {
				next = c.Args[1]
			}
			for di, d := range chunks {
				if d == nil || di == ci || reserved[di] {
					continue
				}
				var st proofs.Step
				switch {
				case d.Name == c.Name && sep.TypeEqual(d.Type, c.Type):
					st = &proofs.JoinChunks{A: ci, B: di}
				case c.Name == "chars" && (d.Name == "data_at" || isStore(d.Name)):
					st = &proofs.UnfoldChunk{Chunk: di} // bytes to join next
				default:
					continue
				}
				if p.provable(eq(d.Args[0], next)) {
					if err := p.apply(st); err != nil {
						continue
					}
					continue moves
				}
			}
		}
		break
	}
	return 0, fmt.Sprintf("no chunk of the hypothesis provides %v", g), nil
}

func isStore(name string) bool {
	return len(name) > len("store_") && name[:len("store_")] == "store_" && name != "store_chars"
}

// witnesses guesses the goal's existentials: from the arguments of the
// chunks the goal chunks were assigned, then from goal equalities.
func (p *prover) witnesses(assign []int) ([]sep.Term, string) {
	exs := p.s.GoalExists()
	if len(exs) == 0 {
		return nil, ""
	}
	idx := map[string]int{}
	for i, e := range exs {
		idx[e.Name] = i
	}
	ws := make([]sep.Term, len(exs))
	chunks := p.s.Chunks()
	for gi, g := range p.s.GoalChunks() {
		c := chunks[assign[gi]]
		for k, a := range g.Args {
			if v, ok := a.(*sep.Var); ok && !v.Pre {
				if i, ok := idx[v.Name]; ok && ws[i] == nil && k < len(c.Args) {
					ws[i] = c.Args[k]
				}
			}
		}
	}
	known := map[string]sep.Term{}
	for i, e := range exs {
		if ws[i] != nil {
			known[e.Name] = ws[i]
		}
	}
	ex := map[string]bool{}
	for _, e := range exs {
		if known[e.Name] == nil {
			ex[e.Name] = true
		}
	}
	for k, w := range p.equalityWitnesses(ex) {
		ws[idx[k]] = sep.SubstTerm(w, known)
	}
	for i, w := range ws {
		if w == nil {
			return nil, fmt.Sprintf("no witness for %s", exs[i].Name)
		}
	}
	return ws, ""
}

// equalityWitnesses returns terms for the existentials in ex that the goal
// equates, conjunct by conjunct, with terms free of the other unbound
// existentials: x == t or t == x.
func (p *prover) equalityWitnesses(ex map[string]bool) map[string]sep.Term {
	unbound := map[string]bool{}
	for k := range ex {
		unbound[k] = true
	}
	out := map[string]sep.Term{}
	for changed := true; changed; {
		changed = false
		for _, f := range p.s.GoalPure() {
			for _, c := range flatten(f, nil) {
				cmp, ok := c.(*sep.Cmp)
				if !ok || cmp.Op != sep.Eq {
					continue
				}
				for _, side := range [2][2]sep.Term{{cmp.X, cmp.Y}, {cmp.Y, cmp.X}} {
					v, ok := side[0].(*sep.Var)
					if !ok || v.Pre || !unbound[v.Name] || mentions(side[1], unbound) {
						continue
					}
					out[v.Name] = sep.SubstTerm(side[1], out)
					unbound[v.Name] = false
					changed = true
				}
			}
		}
	}
	return out
}

func flatten(f sep.Formula, out []sep.Formula) []sep.Formula {
	switch g := f.(type) {
	case *sep.And:
		return flatten(g.Y, flatten(g.X, out))
	case *sep.Sep:
		return flatten(g.Y, flatten(g.X, out))
	}
	return append(out, f)
}
