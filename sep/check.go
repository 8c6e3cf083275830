package sep

// Check reports every name in n that is not bound, as an ErrorList with one
// positioned error per occurrence (there are no implicit existentials). A
// name is bound if a quantifier around it binds it or if inScope(name) is
// true; inScope decides for C variables, With constants, maps and
// ReturnName. x@pre is bound if inScope("x") and no quantifier binds x.
// Registers are always bound. A nil inScope binds nothing. Check also
// rejects a quantifier that binds the same name twice.
func Check(n Node, inScope func(name string) bool) error {
	if inScope == nil {
		inScope = func(string) bool { return false }
	}
	var errs ErrorList
	check(n, map[string]int{}, inScope, &errs)
	return errs.Err()
}

func check(n Node, bound map[string]int, inScope func(string) bool, errs *ErrorList) {
	Walk(n, func(m Node) bool {
		switch m := m.(type) {
		case *Var:
			switch {
			case m.Pre && bound[m.Name] > 0:
				*errs = append(*errs, errorf(m.At, "%s@pre: %s is a quantified variable and has no value at entry", m.Name, m.Name))
			case bound[m.Name] > 0:
			case !inScope(m.Name):
				if m.Name == ReturnName {
					*errs = append(*errs, errorf(m.At, "%s is only defined in an Ensure clause", ReturnName))
				} else {
					*errs = append(*errs, errorf(m.At, "unbound name %s (there are no implicit existentials: bind it with With, exists or forall)", m.Name))
				}
			}
		case *Exists:
			checkBinder(m.Vars, m.Body, bound, inScope, errs)
			return false
		case *Forall:
			checkBinder(m.Vars, m.Body, bound, inScope, errs)
			return false
		}
		return true
	})
}

func checkBinder(vars []Ident, body Formula, bound map[string]int, inScope func(string) bool, errs *ErrorList) {
	seen := map[string]bool{}
	for _, v := range vars {
		if seen[v.Name] {
			*errs = append(*errs, errorf(v.At, "%s is bound twice by the same quantifier", v.Name))
		}
		seen[v.Name] = true
	}
	bindAll(vars, bound, 1)
	check(body, bound, inScope, errs)
	bindAll(vars, bound, -1)
}
