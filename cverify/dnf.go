package cverify

import "vep/sep"

// maxDisjuncts bounds the disjunctive normal form of an annotation.
const maxDisjuncts = 16

// disjuncts splits f at the disjunctions that separate spatial formulas,
// so that each disjunct has a normal form (sep.Normalize). Pure
// disjunctions stay whole. It returns f alone when the split would give
// more than maxDisjuncts formulas.
func disjuncts(f sep.Formula) []sep.Formula {
	out := split(f)
	if len(out) > maxDisjuncts {
		return []sep.Formula{f}
	}
	return out
}

func split(f sep.Formula) []sep.Formula {
	switch g := f.(type) {
	case *sep.Or:
		if !sep.IsSpatial(g.X) && !sep.IsSpatial(g.Y) {
			return []sep.Formula{f}
		}
		return append(split(g.X), split(g.Y)...)
	case *sep.And:
		return cross(split(g.X), split(g.Y), func(x, y sep.Formula) sep.Formula { return &sep.And{At: g.At, X: x, Y: y} })
	case *sep.Sep:
		return cross(split(g.X), split(g.Y), func(x, y sep.Formula) sep.Formula { return &sep.Sep{At: g.At, X: x, Y: y} })
	case *sep.Exists:
		var out []sep.Formula
		for _, b := range split(g.Body) {
			out = append(out, &sep.Exists{At: g.At, Vars: g.Vars, Body: b})
		}
		return out
	}
	return []sep.Formula{f}
}

func cross(xs, ys []sep.Formula, mk func(x, y sep.Formula) sep.Formula) []sep.Formula {
	var out []sep.Formula
	for _, x := range xs {
		for _, y := range ys {
			out = append(out, mk(x, y))
			if len(out) > maxDisjuncts {
				return out
			}
		}
	}
	return out
}

// attempt runs f and reports whether it succeeded without a diagnostic;
// a failure inside f is returned rather than recorded.
func (v *verifier) attempt(f func() bool) (bool, *Diagnostic) {
	saved := v.diag
	v.diag = nil
	ok := f()
	d := v.diag
	v.diag = saved
	return ok && d == nil, d
}

func cloneEnv(e *aenv) *aenv {
	c := *e
	c.names = make(map[string]value, len(e.names))
	for k, x := range e.names {
		c.names[k] = x
	}
	return &c
}
