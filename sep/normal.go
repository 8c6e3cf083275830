package sep

import "strings"

// Owned reports whether the predicate owns the memory it describes (chars,
// array, undef_chars, undef_array, store_chars, data_at, store_T). The
// duplicable facts map_value and ctx own nothing and never imply
// disjointness.
func (x *Pred) Owned() bool {
	return x.Name != "map_value" && x.Name != "ctx"
}

// IsSpatial reports whether f mentions emp or an owned predicate, that is
// whether its truth depends on the heap.
func IsSpatial(f Formula) bool {
	spatial := false
	Walk(f, func(n Node) bool {
		switch n := n.(type) {
		case *Emp:
			spatial = true
		case *Pred:
			spatial = spatial || n.Owned()
		}
		return !spatial
	})
	return spatial
}

// Normal is an assertion in normal form:
//
//	exists Exists, Pure[0] && … && Pure[k] && Chunks[0] * … * Chunks[m]
//
// Every Pure formula is free of spatial predicates (IsSpatial is false; the
// duplicable facts map_value and ctx are pure), and every chunk is an owned
// predicate. The existential variables are distinct from each other and from
// the free variables of the assertion.
type Normal struct {
	Exists []Ident
	Pure   []Formula
	Chunks []*Pred
}

// Normalize brings f into normal form. It reads the logic affinely, as the
// solver does: a pure fact P joined to a spatial S by && or by * both mean
// P holds and S describes the memory, and emp is the empty list of chunks.
//
// Normalize rejects, with the position of the offending spatial formula,
// the assertions outside that fragment: a spatial formula under ||, !, =>
// or forall, and && between two spatial formulas (which would describe the
// same memory twice; join disjoint regions with *).
func Normalize(f Formula) (*Normal, error) {
	n := &normalizer{root: f, out: &Normal{}}
	if _, err := n.walk(f); err != nil {
		return nil, err
	}
	return n.out, nil
}

type normalizer struct {
	root Formula
	used map[string]bool // FreeVars(root) and the existentials so far; nil until the first exists
	out  *Normal
}

// walk adds f, a conjunct of the assertion, to the normal form. It reports
// whether f is spatial (IsSpatial), computed bottom-up so that a long chain
// of conjunctions is normalised in linear time.
func (n *normalizer) walk(f Formula) (bool, *Error) {
	switch g := f.(type) {
	case *Exists:
		if n.used == nil {
			n.used = map[string]bool{}
			freeVars(n.root, map[string]int{}, n.used) // the set of FreeVars(root)
		}
		body := g.Body
		for _, v := range g.Vars {
			name := v.Name
			if n.used[name] {
				name = freshName(v.Name, n.used)
				body = Subst(body, map[string]Term{v.Name: &Var{At: v.At, Name: name}})
			}
			n.used[name] = true
			n.out.Exists = append(n.out.Exists, Ident{At: v.At, Name: name})
		}
		return n.walk(body)
	case *Sep:
		sx, err := n.walk(g.X)
		if err != nil {
			return false, err
		}
		sy, err := n.walk(g.Y)
		return sx || sy, err
	case *And:
		sx, err := n.walk(g.X)
		if err != nil {
			return false, err
		}
		sy, err := n.walk(g.Y)
		if err != nil {
			return false, err
		}
		if sx && sy {
			return false, errorf(g.At, "'&&' between two spatial assertions (%s and %s): join disjoint regions with '*'", g.X, g.Y)
		}
		return sx || sy, nil
	case *Emp:
		return true, nil
	case *Bool:
		if !g.Val {
			n.out.Pure = append(n.out.Pure, g)
		}
		return false, nil
	case *Pred:
		if g.Owned() {
			n.out.Chunks = append(n.out.Chunks, g)
			return true, nil
		}
		n.out.Pure = append(n.out.Pure, g)
		return false, nil
	}
	if err := spatialUnder(f); err != nil {
		return false, err
	}
	n.out.Pure = append(n.out.Pure, f)
	return false, nil
}

// spatialUnder returns an error locating the first spatial formula in f,
// which sits under a connective other than &&, * and exists.
func spatialUnder(f Formula) *Error {
	var ctx string
	switch f.(type) {
	case *Or:
		ctx = "'||'"
	case *Not:
		ctx = "'!'"
	case *Implies:
		ctx = "'=>'"
	case *Forall:
		ctx = "forall"
	default:
		ctx = "a connective"
	}
	var found Node
	Walk(f, func(m Node) bool {
		if found != nil {
			return false
		}
		switch m := m.(type) {
		case *Emp:
			found = m
		case *Pred:
			if m.Owned() {
				found = m
			}
		}
		return found == nil
	})
	if found == nil {
		return nil
	}
	return errorf(found.Pos(), "spatial assertion %s under %s at %s: the normal form allows spatial predicates only joined by '*', '&&' and exists", found, ctx, f.Pos())
}

// Formula returns n as an assertion; Normalize of the result is n again.
// The empty normal form is emp.
func (n *Normal) Formula() Formula {
	chunks := make([]Formula, len(n.Chunks))
	for i, c := range n.Chunks {
		chunks[i] = c
	}
	var body Formula
	switch {
	case len(n.Pure) == 0:
		body = Star(chunks...)
	case len(chunks) == 0:
		body = Conj(n.Pure...)
	default:
		body = &And{X: Conj(n.Pure...), Y: Star(chunks...)}
	}
	if len(n.Exists) > 0 {
		body = &Exists{Vars: n.Exists, Body: body}
	}
	return body
}

// String prints n as an assertion.
func (n *Normal) String() string {
	var b strings.Builder
	writeFormula(&b, n.Formula(), 0)
	return b.String()
}
