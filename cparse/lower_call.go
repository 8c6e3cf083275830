package cparse

import (
	"strings"

	"modernc.org/cc/v4"
)

// syncBuiltins are the supported __sync builtins: (pointer, value) -> the
// pointee's type.
var syncBuiltins = map[string]bool{
	"__sync_fetch_and_add": true, "__sync_fetch_and_sub": true,
	"__sync_fetch_and_or": true, "__sync_fetch_and_and": true, "__sync_fetch_and_xor": true,
	"__sync_add_and_fetch": true, "__sync_sub_and_fetch": true,
	"__sync_or_and_fetch": true, "__sync_and_and_fetch": true, "__sync_xor_and_fetch": true,
}

// args returns the argument expressions of a call.
func args(x *cc.PostfixExpression) []cc.ExpressionNode {
	var out []cc.ExpressionNode
	for al := x.ArgumentExpressionList; al != nil; al = al.ArgumentExpressionList {
		out = append(out, al.AssignmentExpression)
	}
	return out
}

// callee returns the declarator a call's function expression names.
func callee(e cc.ExpressionNode) (*cc.Declarator, string) {
	for {
		switch x := e.(type) {
		case *cc.PrimaryExpression:
			switch x.Case {
			case cc.PrimaryExpressionIdent:
				d, _ := x.ResolvedTo().(*cc.Declarator)
				return d, x.Token.SrcStr()
			case cc.PrimaryExpressionExpr:
				e = x.ExpressionList
				continue
			}
		case *cc.PostfixExpression:
			if x.Case == cc.PostfixExpressionPrimary {
				e = x.PrimaryExpression
				continue
			}
		case *cc.ExpressionList:
			if x.ExpressionList == nil {
				e = x.AssignmentExpression
				continue
			}
		}
		return nil, ""
	}
}

func (l *lowerer) call(x *cc.PostfixExpression) (Expr, error) {
	p := l.posOf(x)
	d, name := callee(x.PostfixExpression)
	if d == nil {
		return nil, errorf(p, "calls through function pointers are not supported")
	}
	if l.fs.vars[d] != nil {
		return nil, errorf(p, "calls through function pointers are not supported")
	}
	argv := args(x)
	if id, ok := l.helpers[d]; ok {
		pt := d.Type().(*cc.PointerType)
		ft, err := l.tc.convType(pt.Elem(), p)
		if err != nil {
			return nil, err
		}
		as, err := l.callArgs(p, name, ft.(*FuncType), argv)
		if err != nil {
			return nil, err
		}
		return &Call{At: p, Kind: CallHelper, Name: name, Helper: id, Args: as, T: ft.(*FuncType).Result}, nil
	}
	if f := l.fnDefs[name]; f != nil && !d.IsSynthetic() {
		ft, err := l.tc.convType(d.Type(), p)
		if err != nil {
			return nil, err
		}
		fnt, ok := ft.(*FuncType)
		if !ok {
			return nil, errorf(p, "%s is not a function", name)
		}
		as, err := l.callArgs(p, name, fnt, argv)
		if err != nil {
			return nil, err
		}
		return &Call{At: p, Kind: CallFunc, Name: name, Func: f, Args: as, T: f.Result}, nil
	}
	if syncBuiltins[name] || strings.HasPrefix(name, "__builtin_") {
		return l.builtin(p, name, argv)
	}
	if d.IsSynthetic() {
		return nil, errorf(p, "call to undeclared function %s", name)
	}
	return nil, errorf(p, "call to undefined function %s: it is neither defined in this program nor a BPF helper", name)
}

// callArgs lowers and converts the arguments of a call of type ft.
func (l *lowerer) callArgs(p Pos, name string, ft *FuncType, argv []cc.ExpressionNode) ([]Expr, error) {
	if len(argv) < len(ft.Params) || (!ft.Variadic && len(argv) > len(ft.Params)) {
		return nil, errorf(p, "%s takes %d arguments, not %d", name, len(ft.Params), len(argv))
	}
	out := make([]Expr, len(argv))
	for i, a := range argv {
		v, err := l.expr(a)
		if err != nil {
			return nil, err
		}
		if i < len(ft.Params) {
			v, err = l.assignConv(v, ft.Params[i], l.posOf(a))
			if err != nil {
				return nil, err
			}
		} else if it, ok := intOf(v); ok {
			v = convert(v, promote(it))
		} else if !isPointer(v.Type()) {
			return nil, errorf(l.posOf(a), "variadic argument of type %s is not supported", v.Type())
		}
		out[i] = v
	}
	return out, nil
}

// builtin lowers a call of a compiler builtin.
func (l *lowerer) builtin(p Pos, name string, argv []cc.ExpressionNode) (Expr, error) {
	want := func(n int) error {
		if len(argv) != n {
			return errorf(p, "%s takes %d arguments, not %d", name, n, len(argv))
		}
		return nil
	}
	call := &Call{At: p, Kind: CallBuiltin, Name: name, Builtin: name}
	switch {
	case syncBuiltins[name]:
		if err := want(2); err != nil {
			return nil, err
		}
		ptr, err := l.expr(argv[0])
		if err != nil {
			return nil, err
		}
		pt, ok := ptr.Type().(*PointerType)
		var et *IntType
		if ok {
			et, ok = pt.Elem.(*IntType)
		}
		if !ok || et.Bool {
			return nil, errorf(p, "%s needs a pointer to an integer, not %s", name, ptr.Type())
		}
		v, _, err := l.integer(argv[1])
		if err != nil {
			return nil, err
		}
		call.Args = []Expr{ptr, convert(v, et)}
		call.T = et
		return call, nil
	case name == "__builtin_memcpy" || name == "__builtin_memset":
		if err := want(3); err != nil {
			return nil, err
		}
		dst, err := l.expr(argv[0])
		if err != nil {
			return nil, err
		}
		vp := &PointerType{Elem: Void}
		if dst, err = l.assignConv(dst, vp, l.posOf(argv[0])); err != nil {
			return nil, err
		}
		var second Expr
		if name == "__builtin_memcpy" {
			src, err := l.expr(argv[1])
			if err != nil {
				return nil, err
			}
			if second, err = l.assignConv(src, vp, l.posOf(argv[1])); err != nil {
				return nil, err
			}
		} else {
			c, _, err := l.integer(argv[1])
			if err != nil {
				return nil, err
			}
			second = convert(c, S32)
		}
		n, ok := intValue(argv[2])
		if !ok {
			return nil, errorf(l.posOf(argv[2]), "the size of %s must be a constant", name)
		}
		call.Args = []Expr{dst, second, &IntLit{At: l.posOf(argv[2]), T: U64, Val: n}}
		call.T = vp
		return call, nil
	case name == "__builtin_bswap16" || name == "__builtin_bswap32" || name == "__builtin_bswap64":
		if err := want(1); err != nil {
			return nil, err
		}
		t := map[string]*IntType{"__builtin_bswap16": U16, "__builtin_bswap32": U32, "__builtin_bswap64": U64}[name]
		v, _, err := l.integer(argv[0])
		if err != nil {
			return nil, err
		}
		call.Args = []Expr{convert(v, t)}
		call.T = t
		return call, nil
	case name == "__builtin_expect":
		if err := want(2); err != nil {
			return nil, err
		}
		v, _, err := l.integer(argv[0])
		if err != nil {
			return nil, err
		}
		return convert(v, S64), nil
	}
	return nil, errorf(p, "builtin %s is not supported", name)
}
