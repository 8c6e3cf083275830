package sep

import (
	"sort"
	"strconv"
)

// Key returns the name under which FreeVars reports the leaf t and Subst
// replaces it: "x" for a variable, "x@pre" for its entry value, "R3" or
// "R3@pre" for a register, ReturnName for the returned value. It returns
// false for any other term.
func Key(t Term) (string, bool) {
	switch t := t.(type) {
	case *Var:
		if t.Pre {
			return t.Name + "@pre", true
		}
		return t.Name, true
	case *Reg:
		if t.N >= 0 && t.N < len(regKeys) {
			if t.Pre {
				return regPreKeys[t.N], true
			}
			return regKeys[t.N], true
		}
		k := "R" + strconv.Itoa(t.N)
		if t.Pre {
			k += "@pre"
		}
		return k, true
	}
	return "", false
}

// regKeys and regPreKeys are the keys of the registers R0 … R15 without
// and with @pre, as the general case of Key builds them.
var regKeys, regPreKeys = func() (a, b [16]string) {
	for i := range a {
		a[i] = "R" + strconv.Itoa(i)
		b[i] = a[i] + "@pre"
	}
	return
}()

// FreeVars returns the keys (see Key) of the leaves of n not bound by a
// quantifier, sorted and without duplicates.
func FreeVars(n Node) []string {
	set := map[string]bool{}
	freeVars(n, map[string]int{}, set)
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func freeVars(n Node, bound map[string]int, set map[string]bool) {
	Walk(n, func(m Node) bool {
		switch m := m.(type) {
		case *Var, *Reg:
			k, _ := Key(m.(Term))
			if bound[k] == 0 {
				set[k] = true
			}
		case *Exists:
			bindAll(m.Vars, bound, 1)
			freeVars(m.Body, bound, set)
			bindAll(m.Vars, bound, -1)
			return false
		case *Forall:
			bindAll(m.Vars, bound, 1)
			freeVars(m.Body, bound, set)
			bindAll(m.Vars, bound, -1)
			return false
		}
		return true
	})
}

func bindAll(vars []Ident, bound map[string]int, d int) {
	for _, v := range vars {
		bound[v.Name] += d
	}
}

// Subst replaces every free leaf whose key (see Key) is in s by s[key]. It
// is capture-avoiding: a quantified variable that occurs free in a
// replacement is renamed (x to x_1, x_2, …) in the result.
func Subst(f Formula, s map[string]Term) Formula {
	if len(s) == 0 {
		return f
	}
	return substFormula(f, s)
}

// SubstTerm is Subst for terms.
func SubstTerm(t Term, s map[string]Term) Term {
	if len(s) == 0 {
		return t
	}
	return substTerm(t, s)
}

func substTerm(t Term, s map[string]Term) Term {
	if k, ok := Key(t); ok {
		if r, ok := s[k]; ok {
			return r
		}
		return t
	}
	return mapTerm(t, func(x Term) Term { return substTerm(x, s) })
}

func substFormula(f Formula, s map[string]Term) Formula {
	switch q := f.(type) {
	case *Exists:
		vars, body := substBinder(q.Vars, q.Body, s)
		if body == q.Body && sameIdents(vars, q.Vars) {
			return f
		}
		return &Exists{At: q.At, Vars: vars, Body: body}
	case *Forall:
		vars, body := substBinder(q.Vars, q.Body, s)
		if body == q.Body && sameIdents(vars, q.Vars) {
			return f
		}
		return &Forall{At: q.At, Vars: vars, Body: body}
	}
	return mapFormula(f,
		func(t Term) Term { return substTerm(t, s) },
		func(g Formula) Formula { return substFormula(g, s) })
}

// substBinder substitutes s into body under the binders vars, renaming
// binders that would capture a free variable of a replacement. It returns
// vars itself if no binder was renamed.
func substBinder(vars []Ident, body Formula, s map[string]Term) ([]Ident, Formula) {
	if len(vars) == 0 {
		return vars, substFormula(body, s)
	}
	// Drop the substitutions the binders shadow, and those for keys that
	// do not occur free in body.
	bodyFree := FreeVars(body)
	inner := map[string]Term{}
	for _, k := range bodyFree {
		if r, ok := s[k]; ok && !binds(vars, k) {
			inner[k] = r
		}
	}
	if len(inner) == 0 {
		return vars, body
	}
	avoid := map[string]bool{}
	for _, r := range inner {
		for _, k := range FreeVars(r) {
			avoid[k] = true
		}
	}
	out := vars
	for i, v := range vars {
		if !avoid[v.Name] {
			continue
		}
		if sameIdents(out, vars) {
			out = append([]Ident(nil), vars...)
		}
		used := map[string]bool{}
		for k := range avoid {
			used[k] = true
		}
		Walk(body, func(n Node) bool {
			switch n := n.(type) {
			case *Var:
				used[n.Name] = true
			case *Exists:
				for _, w := range n.Vars {
					used[w.Name] = true
				}
			case *Forall:
				for _, w := range n.Vars {
					used[w.Name] = true
				}
			}
			return true
		})
		for _, w := range out {
			used[w.Name] = true
		}
		fresh := freshName(v.Name, used)
		out[i] = Ident{At: v.At, Name: fresh}
		inner[v.Name] = &Var{At: v.At, Name: fresh}
	}
	return out, substFormula(body, inner)
}

// sameIdents reports whether a and b are the same slice (not merely equal).
func sameIdents(a, b []Ident) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

func binds(vars []Ident, k string) bool {
	for _, v := range vars {
		if v.Name == k {
			return true
		}
	}
	return false
}

// freshName returns base_N for the smallest N >= 1 not in used.
func freshName(base string, used map[string]bool) string {
	for n := 1; ; n++ {
		s := base + "_" + strconv.Itoa(n)
		if !used[s] {
			return s
		}
	}
}
