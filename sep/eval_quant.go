package sep

import "math/big"

// quant evaluates forall (all) or exists over vars by enumerating each
// variable over the range its guard allows.
func (e *evaluator) quant(vars []Ident, body Formula, all bool) (bool, *Error) {
	var guard []Formula
	if all {
		if imp, ok := body.(*Implies); ok {
			guard = conjuncts(imp.X, nil)
		}
	} else {
		guard = conjuncts(body, nil)
	}
	saved := map[string]*Value{}
	for _, v := range vars {
		if old, ok := e.local[v.Name]; ok {
			saved[v.Name] = &old
		} else {
			saved[v.Name] = nil
		}
		delete(e.local, v.Name)
	}
	defer func() {
		for name, old := range saved {
			if old != nil {
				e.local[name] = *old
			} else {
				delete(e.local, name)
			}
		}
	}()
	return e.enumerate(vars, 0, guard, body, all)
}

func (e *evaluator) enumerate(vars []Ident, k int, guard []Formula, body Formula, all bool) (bool, *Error) {
	if k == len(vars) {
		return e.formula(body)
	}
	v := vars[k]
	lo, hi, err := e.bounds(v, vars[k+1:], guard, map[string]bool{v.Name: true})
	if err != nil {
		return false, err
	}
	if lo == nil || hi == nil {
		q := "exists"
		if all {
			q = "forall"
		}
		return false, errorf(v.At, "cannot evaluate %s %s: its guard gives no lower and upper bound", q, v.Name)
	}
	span := new(big.Int).Sub(hi, lo)
	if span.Cmp(big.NewInt(MaxQuantRange)) >= 0 {
		return false, errorf(v.At, "cannot evaluate quantified %s: range [%s, %s] has more than %d values", v.Name, lo, hi, MaxQuantRange)
	}
	for i := new(big.Int).Set(lo); i.Cmp(hi) <= 0; i.Add(i, big.NewInt(1)) {
		e.local[v.Name] = Value{n: new(big.Int).Set(i)}
		b, err := e.enumerate(vars, k+1, guard, body, all)
		if err != nil {
			return false, err
		}
		if b != all {
			return b, nil
		}
	}
	delete(e.local, v.Name)
	return all, nil
}

func conjuncts(f Formula, out []Formula) []Formula {
	if a, ok := f.(*And); ok {
		return conjuncts(a.Y, conjuncts(a.X, out))
	}
	return append(out, f)
}

// bounds returns an integer range for v given by the guard's comparisons
// between v and terms that mention neither v nor the later variables, or
// between v and a later variable w, through the bounds of w. A nil end
// means no bound. The range may be wider than the guard allows: the
// enumeration evaluates the guard again.
func (e *evaluator) bounds(v Ident, later []Ident, guard []Formula, visiting map[string]bool) (lo, hi *big.Int, err *Error) {
	for _, g := range guard {
		c, ok := g.(*Cmp)
		if !ok {
			continue
		}
		op, other := c.Op, c.Y
		if !isVar(c.X, v.Name) {
			if !isVar(c.Y, v.Name) {
				continue
			}
			other = c.X
			op = [...]CmpOp{Eq: Eq, Ne: Ne, Lt: Gt, Le: Ge, Gt: Lt, Ge: Le}[op]
		}
		one := big.NewInt(1)
		if w, ok := laterVar(other, later); ok && !visiting[w.Name] {
			visiting[w.Name] = true
			unbound := append([]Ident{v}, later...)
			wlo, whi, err := e.bounds(w, unbound, guard, visiting)
			delete(visiting, w.Name)
			if err != nil {
				return nil, nil, err
			}
			switch op {
			case Lt, Le, Eq:
				if whi != nil {
					hi = minBig(hi, whi)
				}
			}
			switch op {
			case Gt, Ge, Eq:
				if wlo != nil {
					lo = maxBig(lo, wlo)
				}
			}
			continue
		}
		if mentions(other, v.Name, later) {
			continue
		}
		b, err := e.intTerm(other)
		if err != nil {
			return nil, nil, err
		}
		switch op {
		case Lt:
			hi = minBig(hi, new(big.Int).Sub(b, one))
		case Le:
			hi = minBig(hi, b)
		case Gt:
			lo = maxBig(lo, new(big.Int).Add(b, one))
		case Ge:
			lo = maxBig(lo, b)
		case Eq:
			lo, hi = maxBig(lo, b), minBig(hi, b)
		}
	}
	return lo, hi, nil
}

func laterVar(t Term, later []Ident) (Ident, bool) {
	for _, w := range later {
		if isVar(t, w.Name) {
			return w, true
		}
	}
	return Ident{}, false
}

func isVar(t Term, name string) bool {
	x, ok := t.(*Var)
	return ok && !x.Pre && x.Name == name
}

func mentions(t Term, name string, later []Ident) bool {
	for _, k := range FreeVars(t) {
		if k == name {
			return true
		}
		for _, w := range later {
			if k == w.Name {
				return true
			}
		}
	}
	return false
}

func minBig(a, b *big.Int) *big.Int {
	if a == nil || b.Cmp(a) < 0 {
		return b
	}
	return a
}

func maxBig(a, b *big.Int) *big.Int {
	if a == nil || b.Cmp(a) > 0 {
		return b
	}
	return a
}
