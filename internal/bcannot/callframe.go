package bcannot

import (
	"reflect"

	"vep/cparse"
	"vep/sep"
)

// The frame of a subprogram's loop invariant. The bytecode checker starts
// the runs from a cut point from its annotation alone, so what the Require
// of the function's contract gave it must be restated there: the pure facts
// about parameters the body never assigns, and the memory (chunks and
// map_value facts) of parameters that the loop neither writes through nor
// describes itself. requireFrame returns those conjuncts of the Require.
// A conjunct added wrongly can only make the checker reject.
func requireFrame(fn *cparse.Function, inv *cparse.Invariant) []sep.Formula {
	if fn.Contract == nil || fn.Contract.Require == nil || fn.Section != "" {
		return nil
	}
	params := map[string]*cparse.Var{}
	for _, v := range fn.Params {
		params[v.Name] = v
	}
	asg := assigned(fn)
	loop := findLoop(fn, inv)
	if loop == nil {
		return nil
	}
	bases, other := storeBases(loop)
	described := map[string]bool{}
	sep.Walk(inv.Inv, func(n sep.Node) bool {
		// The addresses the invariant's predicates speak of.
		if p, ok := n.(*sep.Pred); ok && len(p.Args) > 0 {
			a := p.Args[0]
			if p.Name == "map_value" && len(p.Args) > 1 {
				a = p.Args[1]
			}
			for _, v := range sep.FreeVars(a) {
				described[v] = true
			}
		}
		return true
	})
	var out []sep.Formula
	for _, c := range conjuncts(fn.Contract.Require) {
		ok := true
		spatial := hasPred(c)
		for _, name := range sep.FreeVars(c) {
			v := params[name]
			if v == nil {
				continue // a With constant or a map
			}
			if asg[v] || spatial && (bases[name] || described[name]) {
				ok = false
			}
		}
		if spatial && other {
			ok = false // a store through a local pointer may alias a parameter
		}
		if ok {
			out = append(out, c)
		}
	}
	return out
}

// conjuncts splits f at its top-level && and *.
func conjuncts(f sep.Formula) []sep.Formula {
	switch g := f.(type) {
	case *sep.And:
		return append(conjuncts(g.X), conjuncts(g.Y)...)
	case *sep.Sep:
		return append(conjuncts(g.X), conjuncts(g.Y)...)
	}
	return []sep.Formula{f}
}

func hasPred(f sep.Formula) bool {
	found := false
	sep.Walk(f, func(n sep.Node) bool {
		if _, ok := n.(*sep.Pred); ok {
			found = true
		}
		return !found
	})
	return found
}

// findLoop returns the loop statement that carries inv.
func findLoop(fn *cparse.Function, inv *cparse.Invariant) any {
	var found any
	visit(reflect.ValueOf(fn.Body), func(x any) bool {
		switch l := x.(type) {
		case *cparse.While:
			if l.Inv == inv {
				found = l
			}
		case *cparse.DoWhile:
			if l.Inv == inv {
				found = l
			}
		case *cparse.For:
			if l.Inv == inv {
				found = l
			}
		}
		return found == nil
	})
	return found
}

// storeBases returns the parameters a loop may write memory through (the
// variables of every store's target and of every call's arguments), and
// whether it may also write through a variable that is no parameter.
func storeBases(loop any) (map[string]bool, bool) {
	out := map[string]bool{}
	other := false
	add := func(e any) {
		visit(reflect.ValueOf(e), func(x any) bool {
			if r, ok := x.(*cparse.VarRef); ok {
				if _, ptr := r.Var.Type.(*cparse.PointerType); ptr {
					out[r.Var.Name] = true
					if !r.Var.Param {
						other = true
					}
				}
			}
			return true
		})
	}
	visit(reflect.ValueOf(loop), func(x any) bool {
		switch s := x.(type) {
		case *cparse.Assign:
			if _, plain := s.LHS.(*cparse.VarRef); !plain {
				add(s.LHS)
			}
		case *cparse.AssignExpr:
			if _, plain := s.LHS.(*cparse.VarRef); !plain {
				add(s.LHS)
			}
		case *cparse.Call:
			for _, a := range s.Args {
				add(a)
			}
		}
		return true
	})
	return out, other
}

// visit walks the IR generically, calling fn on every pointer it reaches
// (not descending into variables, types, functions, maps and annotations,
// nor below a node for which fn returns false).
func visit(v reflect.Value, fn func(any) bool) {
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			visit(v.Elem(), fn)
		}
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		x := v.Interface()
		switch x.(type) {
		case *cparse.Function, *cparse.Map, cparse.Type, *cparse.Annotation, *cparse.Invariant:
			return
		}
		if !fn(x) {
			return
		}
		if _, ok := x.(*cparse.Var); ok {
			return
		}
		visit(v.Elem(), fn)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				visit(v.Field(i), fn)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			visit(v.Index(i), fn)
		}
	}
}

// entryValues says, in a subprogram, that each parameter the body never
// assigns and a register holds at this point still has its entry value:
// Rj == Rk@pre for parameter k-1 in Rj.
func (t *translator) entryValues() []sep.Formula {
	if t.fn.Contract == nil || t.fn.Section != "" {
		return nil
	}
	asg := assigned(t.fn)
	var out []sep.Formula
	for k, v := range t.fn.Params {
		b := t.byName[v.Name]
		if k >= 5 || asg[v] || b == nil || b.chunk != nil || b.v != v {
			continue
		}
		r, ok := b.raw.(*sep.Reg)
		if !ok || r.Pre {
			continue
		}
		out = append(out, &sep.Cmp{Op: sep.Eq, X: r, Y: &sep.Reg{N: k + 1, Pre: true}})
	}
	// A local pointer initialised with such a parameter and never
	// assigned is equal to it.
	visit(reflect.ValueOf(t.fn.Body), func(x any) bool {
		d, ok := x.(*cparse.Decl)
		if !ok || d.Init == nil || d.Init.Expr == nil || asg[d.Var] {
			return true
		}
		if _, ptr := d.Var.Type.(*cparse.PointerType); !ptr {
			return true
		}
		e := d.Init.Expr
		for {
			c, ok := e.(*cparse.Cast)
			if !ok {
				break
			}
			if _, ptr := c.T.(*cparse.PointerType); !ptr {
				return true
			}
			e = c.X
		}
		if l, ok := e.(*cparse.Load); ok {
			e = l.X
		}
		ref, ok := e.(*cparse.VarRef)
		if !ok || !ref.Var.Param || asg[ref.Var] {
			return true
		}
		k := -1
		for j, v := range t.fn.Params {
			if v == ref.Var {
				k = j
			}
		}
		b := t.byName[d.Var.Name]
		if k < 0 || k >= 5 || b == nil || b.v != d.Var || b.chunk != nil {
			return true
		}
		if r, ok := b.raw.(*sep.Reg); ok && !r.Pre {
			out = append(out, &sep.Cmp{Op: sep.Eq, X: r, Y: &sep.Reg{N: k + 1, Pre: true}})
		}
		return true
	})
	return out
}

// constLocals states, for a loop that no other loop encloses, the value of
// each scalar local initialised with a constant that nothing assigns
// before the loop ends (in program order): the bytecode checker forgets at
// a cut point whatever the annotation does not state.
func constLocals(fn *cparse.Function, inv *cparse.Invariant) []sep.Formula {
	loop := findLoop(fn, inv)
	if loop == nil {
		return nil
	}
	inside := map[any]bool{}
	visit(reflect.ValueOf(loop), func(x any) bool { inside[x] = true; return true })
	nested := false
	visit(reflect.ValueOf(fn.Body), func(x any) bool {
		switch x.(type) {
		case *cparse.While, *cparse.DoWhile, *cparse.For:
			if x != loop {
				found := false
				visit(reflect.ValueOf(x), func(y any) bool { found = found || y == loop; return !found })
				nested = nested || found
			}
		}
		return true
	})
	if nested {
		return nil
	}
	consts := map[*cparse.Var]*cparse.IntLit{}
	var order []*cparse.Var
	killed := map[*cparse.Var]bool{}
	seen, done := false, false
	kill := func(e cparse.Expr) {
		if r, ok := e.(*cparse.VarRef); ok {
			killed[r.Var] = true
		}
	}
	visit(reflect.ValueOf(fn.Body), func(x any) bool {
		if done {
			return false
		}
		if x == loop {
			seen = true
		} else if seen && !inside[x] {
			done = true
			return false
		}
		switch s := x.(type) {
		case *cparse.Decl:
			if !seen && s.Init != nil && !s.Var.AddrTaken {
				if lit, ok := s.Init.Expr.(*cparse.IntLit); ok {
					consts[s.Var] = lit
					order = append(order, s.Var)
				}
			}
		case *cparse.Assign:
			kill(s.LHS)
		case *cparse.AssignExpr:
			kill(s.LHS)
		case *cparse.AddrOf:
			kill(s.X)
		}
		return true
	})
	var out []sep.Formula
	for _, v := range order {
		if killed[v] {
			continue
		}
		if _, ok := v.Type.(*cparse.IntType); !ok {
			continue
		}
		out = append(out, &sep.Cmp{Op: sep.Eq, X: sep.NewVar(v.Name), Y: num(consts[v].Val)})
	}
	return out
}
