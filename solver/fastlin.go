package solver

import (
	"math"
	"math/bits"
	"strconv"

	"vep/sep"
)

// A fast path for the linear forms of simple integer terms: names,
// registers, int64 literals, +, -, unary minus and ~, multiplication by a
// literal and shifts left by a small literal, with int64 coefficients and
// overflow checks. It agrees with the kernel's linearizer on the terms it
// accepts (an atom per name, keyed as sep.Key keys it) and declines every
// other term, for which the caller asks the session. It only guides the
// search: the kernel checks every step and obligation anyway.

// fterm is coef·(the name key).
type fterm struct {
	key  string
	coef int64
}

// flin accumulates c + Σ terms; terms may hold zero coefficients.
type flin struct {
	c     int64
	terms []fterm
}

func (l *flin) reset() {
	l.c = 0
	l.terms = l.terms[:0]
}

// regKeys are the keys of R0 … R15 and of their @pre forms.
var regKeys, regPreKeys = func() (a, b [16]string) {
	for i := range a {
		a[i] = "R" + strconv.Itoa(i)
		b[i] = a[i] + "@pre"
	}
	return
}()

// leafKey returns the atom key of a name or register without allocating
// in the common cases.
func leafKey(t sep.Term) (string, bool) {
	switch t := t.(type) {
	case *sep.Var:
		if !t.Pre {
			return t.Name, true
		}
	case *sep.Reg:
		if t.N >= 0 && t.N < len(regKeys) {
			if t.Pre {
				return regPreKeys[t.N], true
			}
			return regKeys[t.N], true
		}
	}
	return sep.Key(t)
}

func (l *flin) addTerm(key string, k int64) {
	for i := range l.terms {
		if l.terms[i].key == key {
			s, ok := add64(l.terms[i].coef, k)
			if !ok {
				l.terms[i].coef = math.MinInt64 // poisons: reported by ok()
				return
			}
			l.terms[i].coef = s
			return
		}
	}
	l.terms = append(l.terms, fterm{key, k})
}

// add adds k·t to l. It reports false for a term outside the fragment, a
// list name, or an overflow.
func (p *prover) flAdd(l *flin, t sep.Term, k int64) bool {
	// Deep terms are left to the session, whose linearizer has a nesting
	// limit.
	p.fdepth++
	ok := p.fdepth <= 64 && p.flAdd1(l, t, k)
	p.fdepth--
	return ok
}

// flAdd1 is flAdd below the depth check.
func (p *prover) flAdd1(l *flin, t sep.Term, k int64) bool {
	switch t := t.(type) {
	case *sep.Int:
		if t.Val == nil || !t.Val.IsInt64() {
			return false
		}
		v, ok := mul64(t.Val.Int64(), k)
		if !ok {
			return false
		}
		if l.c, ok = add64(l.c, v); !ok {
			return false
		}
		return true
	case *sep.Var, *sep.Reg:
		key, ok := leafKey(t)
		if !ok || !p.intName(key, t) {
			return false
		}
		l.addTerm(key, k)
		return true
	case *sep.Unary:
		if k == math.MinInt64 {
			return false
		}
		switch t.Op {
		case sep.Neg:
			return p.flAdd(l, t.X, -k)
		case sep.BitNot: // ~x == -x - 1
			var ok bool
			if l.c, ok = add64(l.c, -k); !ok {
				return false
			}
			return p.flAdd(l, t.X, -k)
		}
		return false
	case *sep.Sizeof:
		n, err := sep.SizeOf(p.typeEnv(), t.Type)
		return err == nil && p.flConst(l, n, k)
	case *sep.Offsetof:
		n, _, err := sep.OffsetOf(p.typeEnv(), t.Type, t.Field)
		return err == nil && p.flConst(l, n, k)
	case *sep.Binary:
		switch t.Op {
		case sep.Add:
			return p.flAdd(l, t.X, k) && p.flAdd(l, t.Y, k)
		case sep.Sub:
			return k != math.MinInt64 && p.flAdd(l, t.X, k) && p.flAdd(l, t.Y, -k)
		case sep.Mul:
			if c, ok := p.constOf(t.X, 0); ok {
				if m, ok := mul64(k, c); ok {
					return p.flAdd(l, t.Y, m)
				}
				return false
			}
			if c, ok := p.constOf(t.Y, 0); ok {
				if m, ok := mul64(k, c); ok {
					return p.flAdd(l, t.X, m)
				}
				return false
			}
		case sep.Shl:
			if s, ok := p.constOf(t.Y, 0); ok {
				if s >= 0 && s < 62 {
					if m, ok := mul64(k, int64(1)<<s); ok {
						return p.flAdd(l, t.X, m)
					}
				}
			}
		}
	}
	return false
}

// constOf returns the value of a constant term of the fragment: literals,
// sizeof, offsetof and +, -, * of constants.
func (p *prover) constOf(t sep.Term, depth int) (int64, bool) {
	if depth > 32 {
		return 0, false
	}
	switch t := t.(type) {
	case *sep.Int:
		if t.Val != nil && t.Val.IsInt64() {
			return t.Val.Int64(), true
		}
	case *sep.Sizeof:
		n, err := sep.SizeOf(p.typeEnv(), t.Type)
		return n, err == nil
	case *sep.Offsetof:
		n, _, err := sep.OffsetOf(p.typeEnv(), t.Type, t.Field)
		return n, err == nil
	case *sep.Unary:
		if x, ok := p.constOf(t.X, depth+1); ok && x != math.MinInt64 {
			switch t.Op {
			case sep.Neg:
				return -x, true
			case sep.BitNot:
				return add64(-x, -1)
			}
		}
	case *sep.Binary:
		x, ok := p.constOf(t.X, depth+1)
		if !ok {
			return 0, false
		}
		y, ok := p.constOf(t.Y, depth+1)
		if !ok {
			return 0, false
		}
		switch t.Op {
		case sep.Add:
			return add64(x, y)
		case sep.Sub:
			if y == math.MinInt64 {
				return 0, false
			}
			return add64(x, -y)
		case sep.Mul:
			return mul64(x, y)
		}
	}
	return 0, false
}

// intName reports whether the name t, keyed key, is an integer (not a
// list or a map) in the session's sorts. Only a name that is a map
// operand somewhere in the VC (an argument of value_size, inner, … or of
// map_value) can be a map; the session is asked about those, once each.
func (p *prover) intName(key string, t sep.Term) bool {
	if p.s.IsList(t) {
		return false
	}
	if p.mapOperands == nil {
		p.mapOperands = map[string]bool{}
		mark := func(n sep.Node) {
			sep.Walk(n, func(m sep.Node) bool {
				if v, ok := m.(sep.Term); ok {
					if k, ok := sep.Key(v); ok {
						p.mapOperands[k] = true
					}
				}
				return true
			})
		}
		for _, f := range []sep.Formula{p.vc.Hyp, p.vc.Goal} {
			sep.Walk(f, func(n sep.Node) bool {
				switch n := n.(type) {
				case *sep.Call:
					for _, a := range n.Args {
						mark(a)
					}
				case *sep.Pred:
					if n.Name == "map_value" && len(n.Args) > 0 {
						mark(n.Args[0])
					}
				}
				return true
			})
		}
	}
	if !p.mapOperands[key] {
		return true
	}
	if v, ok := p.intNames[key]; ok {
		return v
	}
	if p.intNames == nil {
		p.intNames = map[string]bool{}
	}
	_, ok := p.s.Difference(t, t)
	p.intNames[key] = ok
	return ok
}

// flConst adds k·n to the constant of l.
func (p *prover) flConst(l *flin, n, k int64) bool {
	v, ok := mul64(n, k)
	if ok {
		l.c, ok = add64(l.c, v)
	}
	return ok
}

func (p *prover) typeEnv() sep.TypeEnv {
	if p.env == nil {
		return sep.Builtin
	}
	return p.env
}

// ok reports whether no coefficient overflowed.
func (l *flin) ok() bool {
	for _, t := range l.terms {
		if t.coef == math.MinInt64 {
			return false
		}
	}
	return true
}

// isConst reports whether every coefficient is zero.
func (l *flin) isConst() bool {
	for _, t := range l.terms {
		if t.coef != 0 {
			return false
		}
	}
	return true
}

// diff sets p.fl to x - y and reports whether both are in the fragment.
func (p *prover) diff(x, y sep.Term) bool {
	p.fl.reset()
	return p.flAdd(&p.fl, x, 1) && p.flAdd(&p.fl, y, -1) && p.fl.ok()
}

// add64 returns a+b and whether it is exact and not MinInt64.
func add64(a, b int64) (int64, bool) {
	s := a + b
	if (s^a)&(s^b) < 0 || s == math.MinInt64 {
		return 0, false
	}
	return s, true
}

// mul64 returns a*b and whether it is exact and not MinInt64.
func mul64(a, b int64) (int64, bool) {
	if a == math.MinInt64 || b == math.MinInt64 {
		return 0, false
	}
	ua, ub := uint64(a), uint64(b)
	if a < 0 {
		ua = uint64(-a)
	}
	if b < 0 {
		ub = uint64(-b)
	}
	hi, lo := bits.Mul64(ua, ub)
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	r := int64(lo)
	if (a < 0) != (b < 0) {
		r = -r
	}
	return r, true
}
