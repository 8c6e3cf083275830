package sep

import (
	"math/big"
)

// Env is a concrete state for evaluating ground pure terms and formulas.
type Env struct {
	// Vars maps keys (see Key: "x", "x@pre", "R1", ReturnName) to values.
	Vars map[string]Value
	// Maps gives the definitions that value_size, key_size, max_entries
	// and inner read, by map name.
	Maps map[string]MapDef
	// Types resolves sizeof and offsetof; nil means Builtin.
	Types TypeEnv
}

// MapDef is what an assertion can know of a map's definition.
type MapDef struct {
	KeySize, ValueSize, MaxEntries int64
	Inner                          string // name of the inner-map template, if any
}

// Evaluation limits that keep a hostile or mistaken formula from exhausting
// memory or time.
const (
	// MaxQuantRange is the most values a quantified variable may range
	// over during evaluation.
	MaxQuantRange = 1 << 16
	maxBits       = 1 << 16 // largest integer, in bits
	maxListLen    = 1 << 20
	maxSteps      = 1 << 22 // nodes visited in one evaluation
)

// EvalTerm returns the value of t in env. It returns an error, located at
// the offending subterm, for a name without a value, a memory access
// (p->f, *p, &x), division by zero, an index out of range, a type mismatch
// between integers and lists, and results beyond the evaluation limits.
func EvalTerm(t Term, env *Env) (Value, error) {
	e := &evaluator{env: env, local: map[string]Value{}}
	v, err := e.term(t)
	if err != nil {
		return Value{}, err
	}
	return v, nil
}

// EvalFormula returns the truth of the pure formula f in env. &&, || and =>
// evaluate left to right and stop early, so "x != 0 => 10 / x > 1" is
// defined. P * Q of pure formulas is their conjunction. A quantifier is
// evaluated by enumeration, so each of its variables needs bounds in the
// guard: the antecedent of the implication directly under forall, or the
// conjuncts directly under exists (for example forall k, 0 <= k && k < n =>
// …). Spatial predicates and emp have no truth value here and are errors.
func EvalFormula(f Formula, env *Env) (bool, error) {
	e := &evaluator{env: env, local: map[string]Value{}}
	b, err := e.formula(f)
	if err != nil {
		return false, err
	}
	return b, nil
}

type evaluator struct {
	env   *Env
	local map[string]Value // quantified variables, shadowing env.Vars
	steps int
}

func (e *evaluator) step(n Node) *Error {
	e.steps++
	if e.steps > maxSteps {
		return errorf(n.Pos(), "evaluation of %s takes more than %d steps", n, maxSteps)
	}
	return nil
}

func (e *evaluator) lookup(t Term) (Value, *Error) {
	k, _ := Key(t)
	if v, ok := e.local[k]; ok {
		return v, nil
	}
	if e.env != nil {
		if v, ok := e.env.Vars[k]; ok {
			return v, nil
		}
	}
	return Value{}, errorf(t.Pos(), "%s has no value", k)
}

func (e *evaluator) types() TypeEnv {
	if e.env == nil || e.env.Types == nil {
		return Builtin
	}
	return e.env.Types
}

func (e *evaluator) intTerm(t Term) (*big.Int, *Error) {
	v, err := e.term(t)
	if err != nil {
		return nil, err
	}
	if v.list {
		return nil, errorf(t.Pos(), "%s is a list, not an integer", t)
	}
	return v.Int(), nil
}

func (e *evaluator) listTerm(t Term) ([]*big.Int, *Error) {
	v, err := e.term(t)
	if err != nil {
		return nil, err
	}
	if !v.list {
		return nil, errorf(t.Pos(), "%s is an integer, not a list", t)
	}
	return v.l, nil
}

func checkBits(t Term, n *big.Int) (Value, *Error) {
	if n.BitLen() > maxBits {
		return Value{}, errorf(t.Pos(), "value of %s exceeds %d bits", t, maxBits)
	}
	return Value{n: n}, nil
}

func (e *evaluator) term(t Term) (Value, *Error) {
	if t != nil {
		if err := e.step(t); err != nil {
			return Value{}, err
		}
	}
	switch t := t.(type) {
	case *Int:
		if t.Val == nil {
			return Value{}, errorf(t.At, "literal without a value")
		}
		return Value{n: t.Val}, nil
	case *Var, *Reg:
		return e.lookup(t)
	case *Unary:
		x, err := e.intTerm(t.X)
		if err != nil {
			return Value{}, err
		}
		if t.Op == BitNot {
			return Value{n: new(big.Int).Not(x)}, nil
		}
		return Value{n: new(big.Int).Neg(x)}, nil
	case *Binary:
		return e.binary(t)
	case *Call:
		return e.call(t)
	case *Cast:
		x, err := e.intTerm(t.X)
		if err != nil {
			return Value{}, err
		}
		switch ty := t.Type.(type) {
		case *IntType:
			return Value{n: ty.Wrap(x)}, nil
		case *BoolType:
			if x.Sign() != 0 {
				return IntValue(1), nil
			}
			return IntValue(0), nil
		case *PointerType:
			return Value{n: U64.Wrap(x)}, nil
		}
		return Value{}, errorf(t.At, "cannot evaluate a cast to %s", typeString(t.Type))
	case *Field, *Deref, *AddrOf:
		return Value{}, errorf(t.Pos(), "cannot evaluate the memory access %s", t)
	case *Index:
		l, err := e.listTerm(t.X)
		if err != nil {
			return Value{}, err
		}
		i, err := e.index(t.I, len(l))
		if err != nil {
			return Value{}, err
		}
		return Value{n: l[i]}, nil
	case *Slice:
		l, err := e.listTerm(t.X)
		if err != nil {
			return Value{}, err
		}
		lo, err := e.index(t.Lo, len(l)+1)
		if err != nil {
			return Value{}, err
		}
		hi, err := e.index(t.Hi, len(l)+1)
		if err != nil {
			return Value{}, err
		}
		if lo > hi {
			return Value{}, errorf(t.At, "slice %s has lower bound %d above upper bound %d", t, lo, hi)
		}
		return Value{list: true, l: l[lo:hi:hi]}, nil
	case *Update:
		l, err := e.listTerm(t.X)
		if err != nil {
			return Value{}, err
		}
		i, err := e.index(t.I, len(l))
		if err != nil {
			return Value{}, err
		}
		v, err := e.intTerm(t.V)
		if err != nil {
			return Value{}, err
		}
		out := append([]*big.Int(nil), l...)
		out[i] = v
		return Value{list: true, l: out}, nil
	case *Concat:
		x, err := e.listTerm(t.X)
		if err != nil {
			return Value{}, err
		}
		y, err := e.listTerm(t.Y)
		if err != nil {
			return Value{}, err
		}
		if len(x)+len(y) > maxListLen {
			return Value{}, errorf(t.At, "list %s longer than %d", t, maxListLen)
		}
		out := make([]*big.Int, 0, len(x)+len(y))
		return Value{list: true, l: append(append(out, x...), y...)}, nil
	case *Len:
		l, err := e.listTerm(t.X)
		if err != nil {
			return Value{}, err
		}
		return IntValue(int64(len(l))), nil
	case *Repeat:
		v, err := e.intTerm(t.V)
		if err != nil {
			return Value{}, err
		}
		n, err := e.intTerm(t.N)
		if err != nil {
			return Value{}, err
		}
		if n.Sign() < 0 || n.Cmp(big.NewInt(maxListLen)) > 0 {
			return Value{}, errorf(t.N.Pos(), "repeat count %s is not in [0, %d]", n, maxListLen)
		}
		out := make([]*big.Int, n.Int64())
		for i := range out {
			out[i] = v
		}
		return Value{list: true, l: out}, nil
	case *ListLit:
		out := make([]*big.Int, len(t.Elems))
		for i, x := range t.Elems {
			v, err := e.intTerm(x)
			if err != nil {
				return Value{}, err
			}
			out[i] = v
		}
		return Value{list: true, l: out}, nil
	case *Sizeof:
		n, err := SizeOf(e.types(), t.Type)
		if err != nil {
			return Value{}, errorf(t.At, "%v", err)
		}
		return IntValue(n), nil
	case *Offsetof:
		n, _, err := OffsetOf(e.types(), t.Type, t.Field)
		if err != nil {
			return Value{}, errorf(t.At, "%v", err)
		}
		return IntValue(n), nil
	case nil:
		return Value{}, errorf(Pos{}, "missing term")
	}
	return Value{}, errorf(t.Pos(), "cannot evaluate %s", t)
}

// index evaluates t as an index in [0, n).
func (e *evaluator) index(t Term, n int) (int, *Error) {
	i, err := e.intTerm(t)
	if err != nil {
		return 0, err
	}
	if i.Sign() < 0 || i.Cmp(big.NewInt(int64(n))) >= 0 {
		return 0, errorf(t.Pos(), "index %s = %s out of range [0, %d)", t, i, n)
	}
	return int(i.Int64()), nil
}

func (e *evaluator) binary(t *Binary) (Value, *Error) {
	x, err := e.intTerm(t.X)
	if err != nil {
		return Value{}, err
	}
	y, err := e.intTerm(t.Y)
	if err != nil {
		return Value{}, err
	}
	z := new(big.Int)
	switch t.Op {
	case Add:
		z.Add(x, y)
	case Sub:
		z.Sub(x, y)
	case Mul:
		if x.BitLen()+y.BitLen() > maxBits+1 {
			return Value{}, errorf(t.At, "value of %s exceeds %d bits", t, maxBits)
		}
		z.Mul(x, y)
	case Div, Rem:
		if y.Sign() == 0 {
			return Value{}, errorf(t.At, "division by zero in %s", t)
		}
		if t.Op == Div {
			z.Quo(x, y) // truncates toward zero, as C
		} else {
			z.Rem(x, y) // sign of the dividend, as C
		}
	case BitAnd:
		z.And(x, y)
	case BitOr:
		z.Or(x, y)
	case BitXor:
		z.Xor(x, y)
	case Shl, Shr:
		if y.Sign() < 0 {
			return Value{}, errorf(t.At, "negative shift count in %s", t)
		}
		if t.Op == Shr {
			if y.Cmp(big.NewInt(int64(x.BitLen()))) >= 0 {
				if x.Sign() < 0 {
					return IntValue(-1), nil
				}
				return IntValue(0), nil
			}
			z.Rsh(x, uint(y.Int64())) // rounds toward -inf: arithmetic shift
		} else {
			if y.Cmp(big.NewInt(maxBits)) > 0 {
				return Value{}, errorf(t.At, "value of %s exceeds %d bits", t, maxBits)
			}
			z.Lsh(x, uint(y.Int64()))
		}
	default:
		return Value{}, errorf(t.At, "unknown operator in %s", t)
	}
	return checkBits(t, z)
}

func (e *evaluator) call(t *Call) (Value, *Error) {
	if t.Fun == "inner" {
		return Value{}, errorf(t.At, "%s is a map, not a value", t)
	}
	if len(t.Args) != 1 {
		return Value{}, errorf(t.At, "%s takes one argument", t.Fun)
	}
	m, err := e.mapDef(t.Args[0])
	if err != nil {
		return Value{}, err
	}
	switch t.Fun {
	case "value_size":
		return IntValue(m.ValueSize), nil
	case "key_size":
		return IntValue(m.KeySize), nil
	case "max_entries":
		return IntValue(m.MaxEntries), nil
	}
	return Value{}, errorf(t.At, "unknown function %s", t.Fun)
}

// mapDef resolves a map name or inner(…) chain.
func (e *evaluator) mapDef(t Term) (MapDef, *Error) {
	var name string
	switch t := t.(type) {
	case *Var:
		name = t.Name
	case *Call:
		if t.Fun != "inner" || len(t.Args) != 1 {
			return MapDef{}, errorf(t.At, "%s is not a map", t)
		}
		outer, err := e.mapDef(t.Args[0])
		if err != nil {
			return MapDef{}, err
		}
		if outer.Inner == "" {
			return MapDef{}, errorf(t.At, "%s is not a map of maps", t.Args[0])
		}
		name = outer.Inner
	default:
		return MapDef{}, errorf(t.Pos(), "%s is not a map", t)
	}
	if e.env != nil {
		if m, ok := e.env.Maps[name]; ok {
			return m, nil
		}
	}
	return MapDef{}, errorf(t.Pos(), "map %s is not defined", name)
}

func (e *evaluator) formula(f Formula) (bool, *Error) {
	if f != nil {
		if err := e.step(f); err != nil {
			return false, err
		}
	}
	switch f := f.(type) {
	case *Bool:
		return f.Val, nil
	case *Emp, *Pred:
		return false, errorf(f.Pos(), "%s is a fact about memory and has no value here", f)
	case *Cmp:
		return e.cmp(f)
	case *Not:
		b, err := e.formula(f.X)
		return !b, err
	case *And, *Sep:
		x, y := binaryFormula(f)
		b, err := e.formula(x)
		if err != nil || !b {
			return false, err
		}
		return e.formula(y)
	case *Or:
		b, err := e.formula(f.X)
		if err != nil || b {
			return b, err
		}
		return e.formula(f.Y)
	case *Implies:
		b, err := e.formula(f.X)
		if err != nil || !b {
			return !b && err == nil, err
		}
		return e.formula(f.Y)
	case *Exists:
		return e.quant(f.Vars, f.Body, false)
	case *Forall:
		return e.quant(f.Vars, f.Body, true)
	case nil:
		return false, errorf(Pos{}, "missing formula")
	}
	return false, errorf(f.Pos(), "cannot evaluate %s", f)
}

func binaryFormula(f Formula) (Formula, Formula) {
	switch f := f.(type) {
	case *And:
		return f.X, f.Y
	case *Sep:
		return f.X, f.Y
	}
	return nil, nil
}

func (e *evaluator) cmp(f *Cmp) (bool, *Error) {
	x, err := e.term(f.X)
	if err != nil {
		return false, err
	}
	y, err := e.term(f.Y)
	if err != nil {
		return false, err
	}
	if x.list != y.list {
		return false, errorf(f.At, "%s compares a list with an integer", f)
	}
	if x.list {
		switch f.Op {
		case Eq:
			return x.Equal(y), nil
		case Ne:
			return !x.Equal(y), nil
		}
		return false, errorf(f.At, "lists are only compared with == and !=, in %s", f)
	}
	c := x.Int().Cmp(y.Int())
	switch f.Op {
	case Eq:
		return c == 0, nil
	case Ne:
		return c != 0, nil
	case Lt:
		return c < 0, nil
	case Le:
		return c <= 0, nil
	case Gt:
		return c > 0, nil
	case Ge:
		return c >= 0, nil
	}
	return false, errorf(f.At, "unknown comparison in %s", f)
}
