package sep

// Walk calls fn for n and, if fn returns true, for each child of n in
// order, depth first. Children of a Pred are its Args; types are not nodes.
func Walk(n Node, fn func(Node) bool) {
	if n == nil || !fn(n) {
		return
	}
	switch n := n.(type) {
	case *Unary:
		Walk(n.X, fn)
	case *Binary:
		Walk(n.X, fn)
		Walk(n.Y, fn)
	case *Call:
		for _, a := range n.Args {
			Walk(a, fn)
		}
	case *Cast:
		Walk(n.X, fn)
	case *Field:
		Walk(n.X, fn)
	case *Index:
		Walk(n.X, fn)
		Walk(n.I, fn)
	case *Slice:
		Walk(n.X, fn)
		Walk(n.Lo, fn)
		Walk(n.Hi, fn)
	case *Update:
		Walk(n.X, fn)
		Walk(n.I, fn)
		Walk(n.V, fn)
	case *Concat:
		Walk(n.X, fn)
		Walk(n.Y, fn)
	case *Len:
		Walk(n.X, fn)
	case *Repeat:
		Walk(n.V, fn)
		Walk(n.N, fn)
	case *ListLit:
		for _, e := range n.Elems {
			Walk(e, fn)
		}
	case *Deref:
		Walk(n.X, fn)
	case *AddrOf:
		Walk(n.X, fn)
	case *Cmp:
		Walk(n.X, fn)
		Walk(n.Y, fn)
	case *Pred:
		for _, a := range n.Args {
			Walk(a, fn)
		}
	case *Not:
		Walk(n.X, fn)
	case *And:
		Walk(n.X, fn)
		Walk(n.Y, fn)
	case *Or:
		Walk(n.X, fn)
		Walk(n.Y, fn)
	case *Implies:
		Walk(n.X, fn)
		Walk(n.Y, fn)
	case *Sep:
		Walk(n.X, fn)
		Walk(n.Y, fn)
	case *Exists:
		Walk(n.Body, fn)
	case *Forall:
		Walk(n.Body, fn)
	}
}

// mapTerm returns t with f applied to each immediate child term; it
// returns t itself if no child changed.
func mapTerm(t Term, f func(Term) Term) Term {
	switch t := t.(type) {
	case *Unary:
		if x := f(t.X); x != t.X {
			return &Unary{At: t.At, Op: t.Op, X: x}
		}
	case *Binary:
		x, y := f(t.X), f(t.Y)
		if x != t.X || y != t.Y {
			return &Binary{At: t.At, Op: t.Op, X: x, Y: y}
		}
	case *Call:
		if args, ch := mapTerms(t.Args, f); ch {
			return &Call{At: t.At, Fun: t.Fun, Args: args}
		}
	case *Cast:
		if x := f(t.X); x != t.X {
			return &Cast{At: t.At, Type: t.Type, X: x}
		}
	case *Field:
		if x := f(t.X); x != t.X {
			return &Field{At: t.At, X: x, Name: t.Name, Arrow: t.Arrow}
		}
	case *Index:
		x, i := f(t.X), f(t.I)
		if x != t.X || i != t.I {
			return &Index{At: t.At, X: x, I: i}
		}
	case *Slice:
		x, lo, hi := f(t.X), f(t.Lo), f(t.Hi)
		if x != t.X || lo != t.Lo || hi != t.Hi {
			return &Slice{At: t.At, X: x, Lo: lo, Hi: hi}
		}
	case *Update:
		x, i, v := f(t.X), f(t.I), f(t.V)
		if x != t.X || i != t.I || v != t.V {
			return &Update{At: t.At, X: x, I: i, V: v}
		}
	case *Concat:
		x, y := f(t.X), f(t.Y)
		if x != t.X || y != t.Y {
			return &Concat{At: t.At, X: x, Y: y}
		}
	case *Len:
		if x := f(t.X); x != t.X {
			return &Len{At: t.At, X: x}
		}
	case *Repeat:
		v, n := f(t.V), f(t.N)
		if v != t.V || n != t.N {
			return &Repeat{At: t.At, V: v, N: n}
		}
	case *ListLit:
		if elems, ch := mapTerms(t.Elems, f); ch {
			return &ListLit{At: t.At, Elems: elems}
		}
	case *Deref:
		if x := f(t.X); x != t.X {
			return &Deref{At: t.At, X: x}
		}
	case *AddrOf:
		if x := f(t.X); x != t.X {
			return &AddrOf{At: t.At, X: x}
		}
	}
	return t
}

func mapTerms(ts []Term, f func(Term) Term) ([]Term, bool) {
	out := make([]Term, len(ts))
	changed := false
	for i, t := range ts {
		out[i] = f(t)
		changed = changed || out[i] != t
	}
	return out, changed
}

// mapFormula returns f with ft applied to the terms and ff to the
// subformulas directly below f. Quantifiers are rebuilt with ff applied to
// the body; the caller handles binding.
func mapFormula(f Formula, ft func(Term) Term, ff func(Formula) Formula) Formula {
	switch f := f.(type) {
	case *Cmp:
		x, y := ft(f.X), ft(f.Y)
		if x != f.X || y != f.Y {
			return &Cmp{At: f.At, Op: f.Op, X: x, Y: y}
		}
	case *Pred:
		if args, ch := mapTerms(f.Args, ft); ch {
			return &Pred{At: f.At, Name: f.Name, Type: f.Type, Args: args}
		}
	case *Not:
		if x := ff(f.X); x != f.X {
			return &Not{At: f.At, X: x}
		}
	case *And:
		x, y := ff(f.X), ff(f.Y)
		if x != f.X || y != f.Y {
			return &And{At: f.At, X: x, Y: y}
		}
	case *Or:
		x, y := ff(f.X), ff(f.Y)
		if x != f.X || y != f.Y {
			return &Or{At: f.At, X: x, Y: y}
		}
	case *Implies:
		x, y := ff(f.X), ff(f.Y)
		if x != f.X || y != f.Y {
			return &Implies{At: f.At, X: x, Y: y}
		}
	case *Sep:
		x, y := ff(f.X), ff(f.Y)
		if x != f.X || y != f.Y {
			return &Sep{At: f.At, X: x, Y: y}
		}
	case *Exists:
		if b := ff(f.Body); b != f.Body {
			return &Exists{At: f.At, Vars: f.Vars, Body: b}
		}
	case *Forall:
		if b := ff(f.Body); b != f.Body {
			return &Forall{At: f.At, Vars: f.Vars, Body: b}
		}
	}
	return f
}
