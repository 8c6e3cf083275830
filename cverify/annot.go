package cverify

import (
	"fmt"
	"math/big"

	"vep/cparse"
	"vep/sep"
)

// aenv resolves the names of an annotation.
type aenv struct {
	names map[string]value // With and exists constants, parameters, __return
	pre   map[string]value // x@pre at a call: the arguments
	vars  bool             // C variables of the top frame are in scope
	annot *cparse.Annotation
	at    cparse.Pos // fallback position
}

func (e *aenv) pos(n sep.Node) cparse.Pos {
	if e.annot != nil {
		return e.annot.FilePos(n.Pos())
	}
	return e.at
}

// annotError is an annotation the verifier cannot use.
type annotError struct {
	pos cparse.Pos
	msg string
}

func (v *verifier) errAt(env *aenv, n sep.Node, format string, args ...any) *annotError {
	return &annotError{pos: env.pos(n), msg: fmt.Sprintf(format, args...)}
}

// sepToC converts a scalar annotation type to the C type of the same
// layout (struct and array types give nil).
func sepToC(t sep.Type) cparse.Type {
	switch t := t.(type) {
	case *sep.IntType:
		switch {
		case t.Size == 1 && t.Signed:
			return cparse.S8
		case t.Size == 1:
			return cparse.U8
		case t.Size == 2 && t.Signed:
			return cparse.S16
		case t.Size == 2:
			return cparse.U16
		case t.Size == 4 && t.Signed:
			return cparse.S32
		case t.Size == 4:
			return cparse.U32
		case t.Signed:
			return cparse.S64
		}
		return cparse.U64
	case *sep.BoolType:
		return cparse.Bool
	case *sep.PointerType:
		return &cparse.PointerType{Elem: cparse.U8}
	}
	return nil
}

// varValue reads the current value of the C variable called name in the
// top frame.
func (v *verifier) varValue(st *state, name string) (value, bool, error) {
	fr := st.top()
	var found *cparse.Var
	for _, x := range fr.fn.Params {
		if x.Name == name {
			found = x
		}
	}
	for _, x := range fr.fn.Locals {
		if x.Name == name {
			if r, ok := fr.vars[x]; ok && st.regions[r].dead == "" && (found == nil || st.regions[r].cells[0].init) {
				found = x
			}
		}
	}
	if found == nil {
		return value{}, false, nil
	}
	r := st.regions[fr.vars[found]]
	if _, ok := found.Type.(*cparse.ArrayType); ok {
		return value{k: kStack, t: num(0), region: fr.vars[found], typ: &cparse.PointerType{Elem: found.Type.(*cparse.ArrayType).Elem}}, true, nil
	}
	if _, ok := found.Type.(*cparse.StructType); ok {
		return value{k: kStack, t: num(0), region: fr.vars[found], typ: &cparse.PointerType{Elem: found.Type}}, true, nil
	}
	w := found.Type.Size()
	for i := int64(0); i < w; i++ {
		if !r.cells[i].init {
			return value{}, true, fmt.Errorf("the annotation uses %s, which is not initialised here", name)
		}
	}
	if rec := r.cells[0].rec; rec != nil && rec.off == 0 && rec.w == w {
		same := true
		for i := int64(0); i < w; i++ {
			same = same && r.cells[i].rec == rec
		}
		if same {
			return rec.v, true, nil
		}
	}
	if r.cells[0].zero {
		return scalar(num(0), found.Type), true, nil
	}
	// An unknown value: name it so that later uses agree.
	x := scalar(v.fresh(name, found.Type), found.Type)
	rec := &record{off: 0, w: w, v: x}
	for i := int64(0); i < w; i++ {
		r.cells[i].rec = rec
	}
	return x, true, nil
}

// aval evaluates an annotation term.
func (v *verifier) aval(st *state, env *aenv, t sep.Term) (value, *annotError) {
	switch t := t.(type) {
	case *sep.Int:
		return scalar(bignum(t.Val), nil), nil
	case *sep.Var:
		if t.Pre {
			if x, ok := env.pre[t.Name]; ok && env.pre != nil {
				return x, nil
			}
			if x, ok := st.top().pre[t.Name]; ok {
				return x, nil
			}
			return value{}, v.errAt(env, t, "%s@pre: %s is not a parameter", t.Name, t.Name)
		}
		if x, ok := env.names[t.Name]; ok {
			if x.k == kScalar && x.t == nil {
				return value{}, v.errAt(env, t, "%s is not determined here", t.Name)
			}
			return x, nil
		}
		if env.vars {
			x, ok, err := v.varValue(st, t.Name)
			if err != nil {
				return value{}, v.errAt(env, t, "%v", err)
			}
			if ok {
				return x, nil
			}
		}
		if x, ok := st.top().with[t.Name]; ok {
			return scalar(x, nil), nil
		}
		for _, m := range v.prog.Maps {
			if m.Name == t.Name {
				return value{k: kMap, m: m}, nil
			}
		}
		return value{}, v.errAt(env, t, "unknown name %s in annotation", t.Name)
	case *sep.Unary:
		x, err := v.aval(st, env, t.X)
		if err != nil {
			return value{}, err
		}
		if x.k != kScalar {
			return value{}, v.errAt(env, t, "unsupported: %s of a pointer", t)
		}
		if t.Op == sep.Neg {
			return scalar(tneg(x.t), nil), nil
		}
		return scalar(tsub(tneg(x.t), num(1)), nil), nil
	case *sep.Binary:
		x, err := v.aval(st, env, t.X)
		if err != nil {
			return value{}, err
		}
		y, err := v.aval(st, env, t.Y)
		if err != nil {
			return value{}, err
		}
		if x.k == kScalar && y.k == kScalar {
			return scalar(tbin(t.Op, x.t, y.t), nil), nil
		}
		if x.k != kScalar && y.k == kScalar && (t.Op == sep.Add || t.Op == sep.Sub) {
			d := tmul(y.t, num(elemSize(x.typ)))
			if t.Op == sep.Sub {
				d = tneg(d)
			}
			x.t = tadd(x.t, d)
			return x, nil
		}
		if x.k == kScalar && y.k != kScalar && t.Op == sep.Add {
			y.t = tadd(y.t, tmul(x.t, num(elemSize(y.typ))))
			return y, nil
		}
		if t.Op == sep.Sub && x.k != kScalar && y.k != kScalar {
			return scalar(tsub(v.addr(x), v.addr(y)), nil), nil
		}
		return value{}, v.errAt(env, t, "unsupported pointer arithmetic %s in annotation", t)
	case *sep.Call:
		m, err := v.aval(st, env, t.Args[0])
		if err != nil {
			return value{}, err
		}
		if m.k != kMap {
			return value{}, v.errAt(env, t, "%s needs a map", t.Fun)
		}
		switch t.Fun {
		case "value_size":
			return scalar(num(m.m.ValueSize), nil), nil
		case "key_size":
			return scalar(num(m.m.KeySize), nil), nil
		case "max_entries":
			return scalar(num(m.m.MaxEntries), nil), nil
		case "inner":
			if m.m.Inner == nil {
				return value{}, v.errAt(env, t, "map %s has no inner map", m.m.Name)
			}
			return value{k: kMap, m: m.m.Inner}, nil
		}
	case *sep.Sizeof:
		n, err := sep.SizeOf(v.env, t.Type)
		if err != nil {
			return value{}, v.errAt(env, t, "%v", err)
		}
		return scalar(num(n), nil), nil
	case *sep.Offsetof:
		n, _, err := sep.OffsetOf(v.env, t.Type, t.Field)
		if err != nil {
			return value{}, v.errAt(env, t, "%v", err)
		}
		return scalar(num(n), nil), nil
	case *sep.Cast:
		x, err := v.aval(st, env, t.X)
		if err != nil {
			return value{}, err
		}
		if ct := sepToC(t.Type); ct != nil && x.k == kScalar {
			if _, ok := ct.(*cparse.IntType); ok {
				return scalar(v.fit(st, x.t, ct), ct), nil
			}
		}
		if pt, ok := t.Type.(*sep.PointerType); ok && x.k != kScalar {
			if n, err := sep.SizeOf(v.env, pt.Elem); err == nil {
				x.typ = &cparse.PointerType{Elem: &cparse.ArrayType{Elem: cparse.U8, Len: n}}
			}
			return x, nil
		}
	case *sep.Index, *sep.Slice, *sep.Len, *sep.ListLit, *sep.Concat, *sep.Repeat, *sep.Update:
		// List terms over logical constants.
		bad := false
		var werr *annotError
		out := mapListTerm(t, func(x sep.Term) sep.Term {
			if bad {
				return x
			}
			xv, err := v.aval(st, env, x)
			if err != nil {
				bad, werr = true, err
				return x
			}
			if xv.k != kScalar {
				bad, werr = true, v.errAt(env, t, "unsupported: reading memory in an annotation (%s)", t)
			}
			return xv.t
		})
		if bad {
			return value{}, werr
		}
		return scalar(out, nil), nil
	}
	return value{}, v.errAt(env, t, "unsupported annotation term %s", t)
}

// mapListTerm rebuilds a list term with its direct subterms mapped.
func mapListTerm(t sep.Term, f func(sep.Term) sep.Term) sep.Term {
	switch t := t.(type) {
	case *sep.Index:
		return &sep.Index{X: f(t.X), I: f(t.I)}
	case *sep.Slice:
		return &sep.Slice{X: f(t.X), Lo: f(t.Lo), Hi: f(t.Hi)}
	case *sep.Len:
		return &sep.Len{X: f(t.X)}
	case *sep.ListLit:
		out := &sep.ListLit{}
		for _, e := range t.Elems {
			out.Elems = append(out.Elems, f(e))
		}
		return out
	case *sep.Concat:
		return &sep.Concat{X: f(t.X), Y: f(t.Y)}
	case *sep.Repeat:
		return &sep.Repeat{V: f(t.V), N: f(t.N)}
	case *sep.Update:
		return &sep.Update{X: f(t.X), I: f(t.I), V: f(t.V)}
	}
	return t
}

// addr is the address term of a value, for comparisons in annotations.
func (v *verifier) addr(x value) sep.Term {
	switch x.k {
	case kStack:
		return tadd(v.base(fmt.Sprintf("stack_%d", x.region)), x.t)
	case kMapVal:
		return tadd(v.base(fmt.Sprintf("mapval_%d", x.obj)), x.t)
	case kCtx:
		return tadd(v.base("ctx"), x.t)
	case kMap:
		return v.base("map_" + x.m.Name)
	}
	return x.t
}

// base names the (unknown, non-null) start address of an object.
func (v *verifier) base(name string) sep.Term {
	if _, ok := v.ranges[name]; !ok {
		v.ranges[name] = bound{big.NewInt(1), new(big.Int).Lsh(big.NewInt(1), 62)}
	}
	return tvar(name)
}

// apure translates a pure annotation formula to a formula over terms.
func (v *verifier) apure(st *state, env *aenv, f sep.Formula) (sep.Formula, *annotError) {
	switch f := f.(type) {
	case *sep.Bool:
		return f, nil
	case *sep.Emp:
		return &sep.Bool{Val: true}, nil
	case *sep.Cmp:
		x, err := v.aval(st, env, f.X)
		if err != nil {
			return nil, err
		}
		y, err := v.aval(st, env, f.Y)
		if err != nil {
			return nil, err
		}
		return cmp(f.Op, v.addr(x), v.addr(y)), nil
	case *sep.Not:
		x, err := v.apure(st, env, f.X)
		if err != nil {
			return nil, err
		}
		return not(x), nil
	case *sep.And, *sep.Or, *sep.Implies:
		var a, b sep.Formula
		switch f := f.(type) {
		case *sep.And:
			a, b = f.X, f.Y
		case *sep.Or:
			a, b = f.X, f.Y
		case *sep.Implies:
			a, b = f.X, f.Y
		}
		x, err := v.apure(st, env, a)
		if err != nil {
			return nil, err
		}
		y, err := v.apure(st, env, b)
		if err != nil {
			return nil, err
		}
		switch f.(type) {
		case *sep.And:
			return and(x, y), nil
		case *sep.Or:
			return &sep.Or{X: x, Y: y}, nil
		}
		return &sep.Implies{X: x, Y: y}, nil
	case *sep.Forall:
		inner := &aenv{names: map[string]value{}, vars: env.vars, annot: env.annot, at: env.at}
		for k, x := range env.names {
			inner.names[k] = x
		}
		for _, id := range f.Vars {
			inner.names[id.Name] = scalar(tvar(id.Name), nil)
		}
		body, err := v.apure(st, inner, f.Body)
		if err != nil {
			return nil, err
		}
		return &sep.Forall{Vars: f.Vars, Body: body}, nil
	case *sep.Pred:
		if f.Owned() {
			return nil, v.errAt(env, f, "unsupported: spatial predicate %s in a pure position", f.Name)
		}
		args := make([]value, len(f.Args))
		for i, a := range f.Args {
			x, err := v.aval(st, env, a)
			if err != nil {
				return nil, err
			}
			args[i] = x
		}
		zero := func(x value) bool { c, ok := constInt64(x.t); return ok && c == 0 }
		switch f.Name {
		case "ctx":
			return &sep.Bool{Val: args[0].k == kCtx && zero(args[0])}, nil
		case "map_value":
			ok := args[0].k == kMap && args[1].k == kMapVal && zero(args[1]) &&
				(args[1].nullID == 0 || st.null[args[1].nullID]) &&
				args[1].m.ValueSize == args[0].m.ValueSize
			return &sep.Bool{Val: ok}, nil
		}
	}
	return nil, v.errAt(env, f, "unsupported annotation formula %s", f)
}
