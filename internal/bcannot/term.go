package bcannot

import (
	"fmt"

	"vep/cparse"
	"vep/sep"
)

// env returns the type environment of the program.
func (t *translator) env() sep.TypeEnv {
	if t.prog == nil || t.prog.Types == nil {
		return nil
	}
	return t.prog.Types
}

// toSep converts a C type to the assertion language's (nil if it has no
// counterpart).
func toSep(t cparse.Type) sep.Type {
	switch t := t.(type) {
	case *cparse.IntType:
		if t.Bool {
			return &sep.BoolType{}
		}
		return &sep.IntType{Size: int(t.Bytes), Signed: t.Signed}
	case *cparse.VoidType:
		return &sep.VoidType{}
	case *cparse.PointerType:
		e := toSep(t.Elem)
		if e == nil {
			e = &sep.VoidType{}
		}
		return &sep.PointerType{Elem: e}
	case *cparse.ArrayType:
		if e := toSep(t.Elem); e != nil {
			return &sep.ArrayType{Elem: e, Len: t.Len}
		}
	case *cparse.StructType:
		if t.Tag != "" && !t.Union {
			return &sep.StructType{Name: t.Tag}
		}
	}
	return nil
}

// elemSize is the size by which pointer arithmetic on a pointer to e
// moves: 1 for void and char.
func (t *translator) elemSize(e sep.Type) (int64, error) {
	if _, ok := e.(*sep.VoidType); ok {
		return 1, nil
	}
	return sep.SizeOf(t.env(), e)
}

// bytecodeType returns the type to print in a bytecode annotation: only
// integer types parse there.
func bytecodeType(ty sep.Type) (sep.Type, error) {
	switch ty := ty.(type) {
	case *sep.IntType:
		return ty, nil
	case *sep.BoolType:
		return &sep.IntType{Size: 1}, nil
	case *sep.PointerType:
		return &sep.IntType{Size: 8}, nil
	}
	return nil, fmt.Errorf("type %v has no bytecode counterpart", ty)
}

// rvalue translates a C-level term and returns its C type (nil for a
// mathematical integer or a list).
func (t *translator) rvalue(x sep.Term) (sep.Term, sep.Type, error) {
	switch x := x.(type) {
	case *sep.Int:
		return x, nil, nil
	case *sep.Var:
		return t.variable(x)
	case *sep.Reg:
		return nil, nil, fmt.Errorf("register %v in a C annotation", x)
	case *sep.Unary:
		y, _, err := t.rvalue(x.X)
		if err != nil {
			return nil, nil, err
		}
		return &sep.Unary{Op: x.Op, X: y}, nil, nil
	case *sep.Binary:
		return t.binary(x)
	case *sep.Call:
		args := make([]sep.Term, len(x.Args))
		for i, a := range x.Args {
			y, _, err := t.rvalue(a)
			if err != nil {
				return nil, nil, err
			}
			args[i] = y
		}
		return &sep.Call{Fun: x.Fun, Args: args}, nil, nil
	case *sep.Cast:
		y, _, err := t.rvalue(x.X)
		if err != nil {
			return nil, nil, err
		}
		switch ty := x.Type.(type) {
		case *sep.IntType:
			return &sep.Cast{Type: ty, X: y}, nil, nil
		case *sep.BoolType:
			return &sep.Cast{Type: &sep.IntType{Size: 1}, X: y}, nil, nil
		case *sep.PointerType:
			return y, ty, nil
		}
		return nil, nil, fmt.Errorf("cast to %v", x.Type)
	case *sep.Field, *sep.Deref:
		return t.load(x)
	case *sep.Index:
		_, xt, err := t.rvalue(x.X)
		if err != nil {
			return nil, nil, err
		}
		if xt == nil {
			l, _, err := t.rvalue(x.X)
			if err != nil {
				return nil, nil, err
			}
			i, _, err := t.rvalue(x.I)
			if err != nil {
				return nil, nil, err
			}
			return &sep.Index{X: l, I: i}, nil, nil
		}
		return t.load(x)
	case *sep.Slice:
		l, _, err1 := t.rvalue(x.X)
		lo, _, err2 := t.rvalue(x.Lo)
		hi, _, err3 := t.rvalue(x.Hi)
		return &sep.Slice{X: l, Lo: lo, Hi: hi}, nil, firstErr(err1, err2, err3)
	case *sep.Update:
		l, _, err1 := t.rvalue(x.X)
		i, _, err2 := t.rvalue(x.I)
		v, _, err3 := t.rvalue(x.V)
		return &sep.Update{X: l, I: i, V: v}, nil, firstErr(err1, err2, err3)
	case *sep.Concat:
		a, _, err1 := t.rvalue(x.X)
		b, _, err2 := t.rvalue(x.Y)
		return &sep.Concat{X: a, Y: b}, nil, firstErr(err1, err2)
	case *sep.Len:
		l, _, err := t.rvalue(x.X)
		return &sep.Len{X: l}, nil, err
	case *sep.Repeat:
		v, _, err1 := t.rvalue(x.V)
		n, _, err2 := t.rvalue(x.N)
		return &sep.Repeat{V: v, N: n}, nil, firstErr(err1, err2)
	case *sep.ListLit:
		out := &sep.ListLit{}
		for _, e := range x.Elems {
			y, _, err := t.rvalue(e)
			if err != nil {
				return nil, nil, err
			}
			out.Elems = append(out.Elems, y)
		}
		return out, nil, nil
	case *sep.AddrOf:
		a, ty, err := t.lvalue(x.X)
		if err != nil {
			return nil, nil, err
		}
		return a, &sep.PointerType{Elem: ty}, nil
	case *sep.Sizeof:
		n, err := sep.SizeOf(t.env(), x.Type)
		return num(n), nil, err
	case *sep.Offsetof:
		n, _, err := sep.OffsetOf(t.env(), x.Type, x.Field)
		return num(n), nil, err
	}
	return nil, nil, fmt.Errorf("unsupported term %v", x)
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// variable translates a name.
func (t *translator) variable(x *sep.Var) (sep.Term, sep.Type, error) {
	if x.Name == sep.ReturnName && t.ret != nil {
		v, _ := typed(reg(0), t.ret, 8)
		return v, toSep(t.ret), nil
	}
	if !t.names[x.Name] || t.consts[x.Name] {
		return x, nil, nil // a With constant, a map or a bound name
	}
	if x.Pre {
		for k, p := range t.fn.Params {
			if p.Name == x.Name && k < 5 {
				v, _ := typed(&sep.Reg{N: k + 1, Pre: true}, p.Type, 8)
				return v, toSep(p.Type), nil
			}
		}
		return nil, nil, fmt.Errorf("%v: no such parameter", x)
	}
	b, err := t.value(x.Name)
	if err != nil {
		return nil, nil, err
	}
	ty := toSep(b.v.Type)
	switch vt := b.v.Type.(type) {
	case *cparse.ArrayType:
		if b.addr == nil {
			return nil, nil, fmt.Errorf("array %s has no storage here", x.Name)
		}
		return b.addr, &sep.PointerType{Elem: toSep(vt.Elem)}, nil
	case *cparse.StructType:
		return nil, nil, fmt.Errorf("struct %s used as a value", x.Name)
	}
	if t.loads && b.load != nil {
		v, _ := typed(b.load, b.v.Type, b.width)
		return v, ty, nil
	}
	return b.val, ty, nil
}

// binary translates x, scaling pointer arithmetic.
func (t *translator) binary(x *sep.Binary) (sep.Term, sep.Type, error) {
	a, at, err := t.rvalue(x.X)
	if err != nil {
		return nil, nil, err
	}
	b, bt, err := t.rvalue(x.Y)
	if err != nil {
		return nil, nil, err
	}
	ap, aok := at.(*sep.PointerType)
	bp, bok := bt.(*sep.PointerType)
	switch {
	case x.Op == sep.Add && aok && !bok, x.Op == sep.Sub && aok && !bok:
		n, err := t.elemSize(ap.Elem)
		if err != nil {
			return nil, nil, err
		}
		return &sep.Binary{Op: x.Op, X: a, Y: scale(b, n)}, at, nil
	case x.Op == sep.Add && bok && !aok:
		n, err := t.elemSize(bp.Elem)
		if err != nil {
			return nil, nil, err
		}
		return &sep.Binary{Op: sep.Add, X: scale(a, n), Y: b}, bt, nil
	case x.Op == sep.Sub && aok && bok:
		n, err := t.elemSize(ap.Elem)
		if err != nil {
			return nil, nil, err
		}
		d := sep.Term(&sep.Binary{Op: sep.Sub, X: a, Y: b})
		if n != 1 {
			d = &sep.Binary{Op: sep.Div, X: d, Y: num(n)}
		}
		return d, nil, nil
	}
	return &sep.Binary{Op: x.Op, X: a, Y: b}, nil, nil
}

func scale(t sep.Term, n int64) sep.Term {
	if n == 1 {
		return t
	}
	return &sep.Binary{Op: sep.Mul, X: t, Y: num(n)}
}

// lvalue returns the address and type of the object x designates.
func (t *translator) lvalue(x sep.Term) (sep.Term, sep.Type, error) {
	switch x := x.(type) {
	case *sep.Var:
		if t.names[x.Name] && !t.consts[x.Name] && !x.Pre {
			b := t.byName[x.Name]
			if b == nil || b.addr == nil {
				return nil, nil, fmt.Errorf("&%s: the variable has no stack storage here", x.Name)
			}
			return b.addr, toSep(b.v.Type), nil
		}
	case *sep.Deref:
		p, pt, err := t.rvalue(x.X)
		if err != nil {
			return nil, nil, err
		}
		ptr, ok := pt.(*sep.PointerType)
		if !ok {
			return nil, nil, fmt.Errorf("*%v: not a pointer", x.X)
		}
		return p, ptr.Elem, nil
	case *sep.Index:
		p, pt, err := t.rvalue(x.X)
		if err != nil {
			return nil, nil, err
		}
		ptr, ok := pt.(*sep.PointerType)
		if !ok {
			return nil, nil, fmt.Errorf("%v: not a pointer or array", x.X)
		}
		i, _, err := t.rvalue(x.I)
		if err != nil {
			return nil, nil, err
		}
		n, err := t.elemSize(ptr.Elem)
		if err != nil {
			return nil, nil, err
		}
		return &sep.Binary{Op: sep.Add, X: p, Y: scale(i, n)}, ptr.Elem, nil
	case *sep.Field:
		var base sep.Term
		var st sep.Type
		var err error
		if x.Arrow {
			var pt sep.Type
			base, pt, err = t.rvalue(x.X)
			if err == nil {
				if ptr, ok := pt.(*sep.PointerType); ok {
					st = ptr.Elem
				} else {
					err = fmt.Errorf("%v: not a pointer", x.X)
				}
			}
		} else {
			base, st, err = t.lvalue(x.X)
		}
		if err != nil {
			return nil, nil, err
		}
		off, ft, err := sep.OffsetOf(t.env(), st, x.Name)
		if err != nil {
			return nil, nil, err
		}
		if off == 0 {
			return base, ft, nil
		}
		return &sep.Binary{Op: sep.Add, X: base, Y: num(off)}, ft, nil
	}
	return nil, nil, fmt.Errorf("%v is not an object in memory", x)
}

// load returns the contents of the object x designates: a typed load for
// a scalar, the address for an array.
func (t *translator) load(x sep.Term) (sep.Term, sep.Type, error) {
	a, ty, err := t.lvalue(x)
	if err != nil {
		return nil, nil, err
	}
	if at, ok := ty.(*sep.ArrayType); ok {
		return a, &sep.PointerType{Elem: at.Elem}, nil
	}
	bt, err := bytecodeType(ty)
	if err != nil {
		return nil, nil, fmt.Errorf("%v: %v", x, err)
	}
	return &sep.Deref{X: &sep.Cast{Type: &sep.PointerType{Elem: bt}, X: a}}, ty, nil
}
