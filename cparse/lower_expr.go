package cparse

import (
	"modernc.org/cc/v4"
)

// isPlace reports whether x denotes storage rather than a value.
func isPlace(x Expr) bool {
	switch x.(type) {
	case *VarRef, *Deref, *FieldRef, *Index:
		return true
	}
	return false
}

// rootVar returns the variable a place is part of, or nil.
func rootVar(x Expr) *Var {
	for {
		switch y := x.(type) {
		case *VarRef:
			return y.Var
		case *FieldRef:
			x = y.X
		case *Index:
			x = y.X
		default:
			return nil
		}
	}
}

// addrOf returns the address of the place x, with pointer type t, and
// marks its variable address-taken.
func addrOf(x Expr, t *PointerType, p Pos) Expr {
	if v := rootVar(x); v != nil {
		v.AddrTaken = true
	}
	return &AddrOf{At: p, X: x, T: t}
}

// value turns the result of lower into a value: a scalar or struct place is
// loaded, an array decays to a pointer to its first element.
func (l *lowerer) value(x Expr) (Expr, error) {
	if !isPlace(x) {
		return x, nil
	}
	switch t := x.Type().(type) {
	case *ArrayType:
		return addrOf(x, &PointerType{Elem: t.Elem}, x.Pos()), nil
	case *FuncType:
		return nil, errorf(x.Pos(), "function values are not supported")
	}
	return &Load{At: x.Pos(), X: x}, nil
}

// expr lowers e to a value.
func (l *lowerer) expr(e cc.ExpressionNode) (Expr, error) {
	x, err := l.lower(e)
	if err != nil {
		return nil, err
	}
	return l.value(x)
}

// scalar lowers e to a scalar value.
func (l *lowerer) scalar(e cc.ExpressionNode) (Expr, error) {
	x, err := l.expr(e)
	if err != nil {
		return nil, err
	}
	if !isScalar(x.Type()) {
		return nil, errorf(l.posOf(e), "operand of type %s is not a scalar", x.Type())
	}
	return x, nil
}

// integer lowers e to an integer value.
func (l *lowerer) integer(e cc.ExpressionNode) (Expr, *IntType, error) {
	x, err := l.expr(e)
	if err != nil {
		return nil, nil, err
	}
	t, ok := intOf(x)
	if !ok {
		return nil, nil, errorf(l.posOf(e), "operand of type %s is not an integer", x.Type())
	}
	return x, t, nil
}

// place lowers e, which must be an lvalue.
func (l *lowerer) place(e cc.ExpressionNode) (Expr, error) {
	x, err := l.lower(e)
	if err != nil {
		return nil, err
	}
	if !isPlace(x) {
		return nil, errorf(l.posOf(e), "expression is not assignable")
	}
	return x, nil
}

// ccType converts the cc/v4 type of e.
func (l *lowerer) ccType(e cc.ExpressionNode) (Type, error) {
	return l.tc.convType(e.Type(), l.posOf(e))
}

// lower lowers an expression to a place or a value.
func (l *lowerer) lower(e cc.ExpressionNode) (Expr, error) {
	if e == nil {
		return nil, errorf(Pos{}, "missing expression")
	}
	p := l.posOf(e)
	// Integer constant expressions are folded with C's semantics.
	if cc.IsIntegerType(e.Type()) && e.Pure() {
		if v, ok := intValue(e); ok {
			t, err := l.ccType(e)
			if err != nil {
				return nil, err
			}
			return &IntLit{At: p, T: t, Val: truncate(v, t)}, nil
		}
	}
	switch x := e.(type) {
	case *cc.PrimaryExpression:
		return l.primary(x)
	case *cc.ExpressionList:
		if x.ExpressionList == nil {
			return l.lower(x.AssignmentExpression)
		}
		first, err := l.expr(x.AssignmentExpression)
		if err != nil {
			return nil, err
		}
		rest, err := l.expr(x.ExpressionList)
		if err != nil {
			return nil, err
		}
		return &Comma{At: p, X: first, Y: rest}, nil
	case *cc.AssignmentExpression:
		return l.assignment(x)
	case *cc.ConditionalExpression:
		return l.conditional(x)
	case *cc.LogicalOrExpression:
		return l.logical(p, false, x.LogicalOrExpression, x.LogicalAndExpression)
	case *cc.LogicalAndExpression:
		return l.logical(p, true, x.LogicalAndExpression, x.InclusiveOrExpression)
	case *cc.InclusiveOrExpression:
		return l.binary(l.posOf(&x.Token), OpOr, x.InclusiveOrExpression, x.ExclusiveOrExpression)
	case *cc.ExclusiveOrExpression:
		return l.binary(l.posOf(&x.Token), OpXor, x.ExclusiveOrExpression, x.AndExpression)
	case *cc.AndExpression:
		return l.binary(l.posOf(&x.Token), OpAnd, x.AndExpression, x.EqualityExpression)
	case *cc.EqualityExpression:
		op := OpEq
		if x.Case == cc.EqualityExpressionNeq {
			op = OpNe
		}
		return l.binary(l.posOf(&x.Token), op, x.EqualityExpression, x.RelationalExpression)
	case *cc.RelationalExpression:
		op := map[cc.RelationalExpressionCase]BinOp{
			cc.RelationalExpressionLt: OpLt, cc.RelationalExpressionGt: OpGt,
			cc.RelationalExpressionLeq: OpLe, cc.RelationalExpressionGeq: OpGe,
		}[x.Case]
		return l.binary(l.posOf(&x.Token), op, x.RelationalExpression, x.ShiftExpression)
	case *cc.ShiftExpression:
		op := OpShl
		if x.Case == cc.ShiftExpressionRsh {
			op = OpShr
		}
		return l.binary(l.posOf(&x.Token), op, x.ShiftExpression, x.AdditiveExpression)
	case *cc.AdditiveExpression:
		op := OpAdd
		if x.Case == cc.AdditiveExpressionSub {
			op = OpSub
		}
		return l.binary(l.posOf(&x.Token), op, x.AdditiveExpression, x.MultiplicativeExpression)
	case *cc.MultiplicativeExpression:
		op := map[cc.MultiplicativeExpressionCase]BinOp{
			cc.MultiplicativeExpressionMul: OpMul, cc.MultiplicativeExpressionDiv: OpDiv,
			cc.MultiplicativeExpressionMod: OpMod,
		}[x.Case]
		return l.binary(l.posOf(&x.Token), op, x.MultiplicativeExpression, x.CastExpression)
	case *cc.CastExpression:
		return l.cast(x)
	case *cc.UnaryExpression:
		return l.unary(x)
	case *cc.PostfixExpression:
		return l.postfix(x)
	case *cc.ConstantExpression:
		return l.lower(x.ConditionalExpression)
	}
	return nil, errorf(p, "unsupported expression")
}

func (l *lowerer) primary(x *cc.PrimaryExpression) (Expr, error) {
	p := l.posOf(x)
	switch x.Case {
	case cc.PrimaryExpressionIdent:
		switch r := x.ResolvedTo().(type) {
		case *cc.Declarator:
			if v := l.fs.vars[r]; v != nil {
				return &VarRef{At: p, Var: v}, nil
			}
			name := x.Token.SrcStr()
			switch {
			case l.maps[r] != nil:
				return nil, errorf(p, "map %s can only be used as &%s", name, name)
			case l.helpers[r] != 0 || l.fnDefs[name] != nil:
				return nil, errorf(p, "function %s can only be called", name)
			case r.IsSynthetic():
				return nil, errorf(p, "undeclared identifier %s", name)
			}
			return nil, errorf(p, "global variable %s cannot be used in code (only maps can)", name)
		case *cc.Parameter:
			return nil, errorf(p, "unnamed parameter")
		}
		return nil, errorf(p, "unknown identifier %s", x.Token.SrcStr())
	case cc.PrimaryExpressionInt, cc.PrimaryExpressionChar:
		v, ok := intValue(x)
		if !ok {
			return nil, errorf(p, "integer constant out of range")
		}
		t, err := l.ccType(x)
		if err != nil {
			return nil, err
		}
		return &IntLit{At: p, T: t, Val: truncate(v, t)}, nil
	case cc.PrimaryExpressionFloat:
		return nil, errorf(p, "floating-point constants are not supported (eBPF has no floating point)")
	case cc.PrimaryExpressionString, cc.PrimaryExpressionLString:
		return nil, errorf(p, "string literals are supported only as initialisers of char arrays")
	case cc.PrimaryExpressionLChar:
		return nil, errorf(p, "wide character constants are not supported")
	case cc.PrimaryExpressionExpr:
		return l.lower(x.ExpressionList)
	case cc.PrimaryExpressionStmt:
		return nil, errorf(p, "statement expressions are not supported")
	case cc.PrimaryExpressionGeneric:
		return nil, errorf(p, "_Generic is not supported")
	}
	return nil, errorf(p, "unsupported primary expression")
}

// binary lowers the binary operator op with C's conversions.
func (l *lowerer) binary(p Pos, op BinOp, a, b cc.ExpressionNode) (Expr, error) {
	x, err := l.scalar(a)
	if err != nil {
		return nil, err
	}
	y, err := l.scalar(b)
	if err != nil {
		return nil, err
	}
	return l.binaryOp(p, op, x, y)
}

// binaryOp applies op to the values x and y.
func (l *lowerer) binaryOp(p Pos, op BinOp, x, y Expr) (Expr, error) {
	xt, xInt := intOf(x)
	yt, yInt := intOf(y)
	xp, xPtr := x.Type().(*PointerType)
	yp, yPtr := y.Type().(*PointerType)
	switch {
	case xInt && yInt:
		var t *IntType
		if op == OpShl || op == OpShr {
			t = promote(xt)
		} else {
			t = common(xt, yt)
		}
		res := Type(t)
		if op.IsCompare() {
			res = S32
		}
		return &Binary{At: p, Op: op, X: convert(x, t), Y: convert(y, t), Operand: t, T: res}, nil
	case op == OpAdd && xPtr && yInt:
		return &PtrArith{At: p, Ptr: x, Idx: convert(y, indexType(yt)), ElemSize: elemSize(xp.Elem)}, nil
	case op == OpAdd && xInt && yPtr:
		return &PtrArith{At: p, Ptr: y, Idx: convert(x, indexType(xt)), ElemSize: elemSize(yp.Elem)}, nil
	case op == OpSub && xPtr && yInt:
		return &PtrArith{At: p, Sub: true, Ptr: x, Idx: convert(y, indexType(yt)), ElemSize: elemSize(xp.Elem)}, nil
	case op == OpSub && xPtr && yPtr:
		return &PtrDiff{At: p, X: x, Y: y, ElemSize: elemSize(xp.Elem)}, nil
	case op.IsCompare() && xPtr && yPtr:
		return &Binary{At: p, Op: op, X: x, Y: convert(y, xp), Operand: xp, T: S32}, nil
	case (op == OpEq || op == OpNe) && xPtr && yInt:
		return &Binary{At: p, Op: op, X: x, Y: convert(y, xp), Operand: xp, T: S32}, nil
	case (op == OpEq || op == OpNe) && xInt && yPtr:
		return &Binary{At: p, Op: op, X: convert(x, yp), Y: y, Operand: yp, T: S32}, nil
	}
	return nil, errorf(p, "invalid operands to %s: %s and %s", op, x.Type(), y.Type())
}

func (l *lowerer) logical(p Pos, and bool, a, b cc.ExpressionNode) (Expr, error) {
	x, err := l.scalar(a)
	if err != nil {
		return nil, err
	}
	y, err := l.scalar(b)
	if err != nil {
		return nil, err
	}
	return &Logical{At: p, And: and, X: x, Y: y}, nil
}

func (l *lowerer) conditional(x *cc.ConditionalExpression) (Expr, error) {
	p := l.posOf(x)
	if x.Case != cc.ConditionalExpressionCond {
		return l.lower(x.LogicalOrExpression)
	}
	if x.ExpressionList == nil {
		return nil, errorf(p, "the GNU ?: without a middle operand is not supported")
	}
	c, err := l.scalar(x.LogicalOrExpression)
	if err != nil {
		return nil, err
	}
	a, err := l.expr(x.ExpressionList)
	if err != nil {
		return nil, err
	}
	b, err := l.expr(x.ConditionalExpression)
	if err != nil {
		return nil, err
	}
	t, err := l.ccType(x)
	if err != nil {
		return nil, err
	}
	switch t.(type) {
	case *VoidType, *StructType:
	default:
		if !isScalar(t) {
			return nil, errorf(p, "conditional of type %s is not supported", t)
		}
		a, b = convert(a, t), convert(b, t)
	}
	return &CondExpr{At: p, C: c, X: a, Y: b, T: t}, nil
}

func (l *lowerer) cast(x *cc.CastExpression) (Expr, error) {
	if x.Case != cc.CastExpressionCast {
		return l.lower(x.UnaryExpression)
	}
	p := l.posOf(x)
	t, err := l.ccType(x)
	if err != nil {
		return nil, err
	}
	v, err := l.expr(x.CastExpression)
	if err != nil {
		return nil, err
	}
	switch t.(type) {
	case *VoidType:
		return &Cast{At: p, X: v, T: t}, nil
	case *IntType, *PointerType:
		if !isScalar(v.Type()) {
			return nil, errorf(p, "cannot cast %s to %s", v.Type(), t)
		}
		c := convert(v, t)
		if cst, ok := c.(*Cast); ok {
			cst.At = p
		}
		return c, nil
	}
	return nil, errorf(p, "cast to %s is not supported", t)
}

func (l *lowerer) unary(x *cc.UnaryExpression) (Expr, error) {
	p := l.posOf(x)
	switch x.Case {
	case cc.UnaryExpressionPostfix:
		return l.lower(x.PostfixExpression)
	case cc.UnaryExpressionInc, cc.UnaryExpressionDec:
		op := OpAdd
		if x.Case == cc.UnaryExpressionDec {
			op = OpSub
		}
		return l.incDec(p, x.UnaryExpression, op, false)
	case cc.UnaryExpressionAddrof:
		if d := addrOfDeclarator(x); d != nil {
			if m := l.maps[d]; m != nil {
				t, err := l.ccType(x)
				if err != nil {
					return nil, err
				}
				return &MapRef{At: p, Map: m, T: t}, nil
			}
		}
		pl, err := l.lower(x.CastExpression)
		if err != nil {
			return nil, err
		}
		if !isPlace(pl) {
			return nil, errorf(p, "cannot take the address of this expression")
		}
		if f, ok := pl.(*FieldRef); ok && f.F.BitWidth > 0 {
			return nil, errorf(p, "cannot take the address of bit-field %s", f.F.Name)
		}
		return addrOf(pl, &PointerType{Elem: pl.Type()}, p), nil
	case cc.UnaryExpressionDeref:
		v, err := l.expr(x.CastExpression)
		if err != nil {
			return nil, err
		}
		pt, ok := v.Type().(*PointerType)
		if !ok {
			return nil, errorf(p, "dereference of a non-pointer of type %s", v.Type())
		}
		switch pt.Elem.(type) {
		case *VoidType:
			return nil, errorf(p, "dereference of a void pointer")
		case *FuncType:
			return nil, errorf(p, "calls through function pointers are not supported")
		}
		if pt.Elem.Size() <= 0 {
			if _, ok := pt.Elem.(*ArrayType); !ok {
				return nil, errorf(p, "dereference of a pointer to incomplete type %s", pt.Elem)
			}
		}
		return &Deref{At: p, T: pt.Elem, Ptr: v}, nil
	case cc.UnaryExpressionPlus, cc.UnaryExpressionMinus, cc.UnaryExpressionCpl:
		v, t, err := l.integer(x.CastExpression)
		if err != nil {
			return nil, err
		}
		pt := promote(t)
		if x.Case == cc.UnaryExpressionPlus {
			return convert(v, pt), nil
		}
		op := OpNeg
		if x.Case == cc.UnaryExpressionCpl {
			op = OpCpl
		}
		return &Unary{At: p, Op: op, X: convert(v, pt), T: pt}, nil
	case cc.UnaryExpressionNot:
		v, err := l.scalar(x.CastExpression)
		if err != nil {
			return nil, err
		}
		return &Unary{At: p, Op: OpNot, X: v, T: S32}, nil
	case cc.UnaryExpressionSizeofExpr, cc.UnaryExpressionSizeofType,
		cc.UnaryExpressionAlignofExpr, cc.UnaryExpressionAlignofType:
		// Constant: folded in lower unless the operand has no size.
		return nil, errorf(p, "sizeof or _Alignof of a type without a constant size")
	}
	return nil, errorf(p, "unsupported unary operator %s", x.Token.SrcStr())
}

// incDec lowers ++x, --x (post false) and x++, x-- (post true).
func (l *lowerer) incDec(p Pos, operand cc.ExpressionNode, op BinOp, post bool) (Expr, error) {
	lhs, err := l.place(operand)
	if err != nil {
		return nil, err
	}
	one := &IntLit{At: p, T: S32, Val: 1}
	rhs, err := l.compound(p, lhs, op, one)
	if err != nil {
		return nil, err
	}
	return &AssignExpr{At: p, LHS: lhs, Op: op, RHS: rhs, Post: post}, nil
}

// compound returns the new value of lhs op= y, computed from OldValue.
func (l *lowerer) compound(p Pos, lhs Expr, op BinOp, y Expr) (Expr, error) {
	lt := lhs.Type()
	old := &OldValue{At: p, T: lt}
	if !isScalar(lt) {
		return nil, errorf(p, "invalid operand of type %s to %s=", lt, op)
	}
	v, err := l.binaryOp(p, op, old, y)
	if err != nil {
		return nil, err
	}
	if isPointer(lt) && !isPointer(v.Type()) {
		return nil, errorf(p, "invalid pointer arithmetic in %s=", op)
	}
	return convert(v, lt), nil
}

func (l *lowerer) assignment(x *cc.AssignmentExpression) (Expr, error) {
	if x.Case == cc.AssignmentExpressionCond {
		return l.lower(x.ConditionalExpression)
	}
	p := l.posOf(&x.Token)
	lhs, err := l.place(x.UnaryExpression)
	if err != nil {
		return nil, err
	}
	if _, ok := lhs.Type().(*ArrayType); ok {
		return nil, errorf(p, "assignment to an array")
	}
	y, err := l.expr(x.AssignmentExpression)
	if err != nil {
		return nil, err
	}
	if x.Case == cc.AssignmentExpressionAssign {
		rhs, err := l.assignConv(y, lhs.Type(), p)
		if err != nil {
			return nil, err
		}
		return &AssignExpr{At: p, LHS: lhs, Op: OpNone, RHS: rhs}, nil
	}
	op := map[cc.AssignmentExpressionCase]BinOp{
		cc.AssignmentExpressionMul: OpMul, cc.AssignmentExpressionDiv: OpDiv,
		cc.AssignmentExpressionMod: OpMod, cc.AssignmentExpressionAdd: OpAdd,
		cc.AssignmentExpressionSub: OpSub, cc.AssignmentExpressionLsh: OpShl,
		cc.AssignmentExpressionRsh: OpShr, cc.AssignmentExpressionAnd: OpAnd,
		cc.AssignmentExpressionXor: OpXor, cc.AssignmentExpressionOr: OpOr,
	}[x.Case]
	if !isScalar(y.Type()) {
		return nil, errorf(p, "invalid operand of type %s", y.Type())
	}
	rhs, err := l.compound(p, lhs, op, y)
	if err != nil {
		return nil, err
	}
	return &AssignExpr{At: p, LHS: lhs, Op: op, RHS: rhs}, nil
}

func (l *lowerer) postfix(x *cc.PostfixExpression) (Expr, error) {
	p := l.posOf(x)
	switch x.Case {
	case cc.PostfixExpressionPrimary:
		return l.lower(x.PrimaryExpression)
	case cc.PostfixExpressionIndex:
		return l.index(x)
	case cc.PostfixExpressionCall:
		return l.call(x)
	case cc.PostfixExpressionSelect, cc.PostfixExpressionPSelect:
		var base Expr
		var err error
		if x.Case == cc.PostfixExpressionSelect {
			base, err = l.lower(x.PostfixExpression)
			if err == nil && !isPlace(base) {
				err = errorf(p, "member access on a struct value that is not stored is not supported")
			}
		} else {
			var v Expr
			v, err = l.expr(x.PostfixExpression)
			if err == nil {
				pt, ok := v.Type().(*PointerType)
				if !ok {
					err = errorf(p, "-> on a non-pointer of type %s", v.Type())
				} else {
					base = &Deref{At: p, T: pt.Elem, Ptr: v}
				}
			}
		}
		if err != nil {
			return nil, err
		}
		st, ok := base.Type().(*StructType)
		if !ok {
			return nil, errorf(p, "member access on non-struct type %s", base.Type())
		}
		name := x.Token2.SrcStr()
		path := st.Lookup(name)
		if path == nil {
			return nil, errorf(p, "%s has no member %s", st, name)
		}
		fp := l.posOf(&x.Token2)
		for _, f := range path {
			base = &FieldRef{At: fp, X: base, F: f}
		}
		return base, nil
	case cc.PostfixExpressionInc, cc.PostfixExpressionDec:
		op := OpAdd
		if x.Case == cc.PostfixExpressionDec {
			op = OpSub
		}
		return l.incDec(l.posOf(&x.Token), x.PostfixExpression, op, true)
	case cc.PostfixExpressionComplit:
		return nil, errorf(p, "compound literals are not supported")
	}
	return nil, errorf(p, "unsupported postfix expression")
}

// index lowers a[i]: an Index into an array place, else *(a + i).
func (l *lowerer) index(x *cc.PostfixExpression) (Expr, error) {
	p := l.posOf(&x.Token)
	a, err := l.lower(x.PostfixExpression)
	if err != nil {
		return nil, err
	}
	i, err := l.lower(x.ExpressionList)
	if err != nil {
		return nil, err
	}
	if _, ok := i.Type().(*ArrayType); ok && isPlace(i) {
		a, i = i, a // i[a]
	}
	iv, err := l.value(i)
	if err != nil {
		return nil, err
	}
	it, ok := intOf(iv)
	if !ok {
		return nil, errorf(p, "array index of type %s is not an integer", iv.Type())
	}
	if at, ok := a.Type().(*ArrayType); ok && isPlace(a) {
		return &Index{At: p, X: a, Idx: convert(iv, indexType(it)), ElemSize: at.Elem.Size()}, nil
	}
	av, err := l.value(a)
	if err != nil {
		return nil, err
	}
	pt, ok := av.Type().(*PointerType)
	if !ok {
		return nil, errorf(p, "subscript of a non-pointer of type %s", av.Type())
	}
	if _, ok := pt.Elem.(*VoidType); ok {
		return nil, errorf(p, "subscript of a void pointer")
	}
	ptr := &PtrArith{At: p, Ptr: av, Idx: convert(iv, indexType(it)), ElemSize: elemSize(pt.Elem)}
	return &Deref{At: p, T: pt.Elem, Ptr: ptr}, nil
}
