package cparse

// promote applies the integer promotions: types narrower than int become
// int (s32).
func promote(t *IntType) *IntType {
	if t.Bytes < 4 || t.Bool {
		return S32
	}
	return t
}

// common returns the type of the usual arithmetic conversions of two
// integer types on LP64.
func common(a, b *IntType) *IntType {
	a, b = promote(a), promote(b)
	switch {
	case *a == *b:
		return a
	case a.Signed == b.Signed:
		if a.Bytes >= b.Bytes {
			return a
		}
		return b
	}
	u, s := a, b
	if a.Signed {
		u, s = b, a
	}
	if u.Bytes >= s.Bytes {
		return u
	}
	return s
}

// truncate returns v converted to the integer type t, as two's-complement
// bits sign- or zero-extended to 64.
func truncate(v int64, t Type) int64 {
	it, ok := t.(*IntType)
	if !ok {
		return v
	}
	if it.Bool {
		if v != 0 {
			return 1
		}
		return 0
	}
	bits := uint(it.Bytes * 8)
	if bits >= 64 {
		return v
	}
	if it.Signed {
		return v << (64 - bits) >> (64 - bits)
	}
	return int64(uint64(v) & (1<<bits - 1))
}

// convert returns x converted to t: x itself if it has type t, a folded
// IntLit for an integer constant converted to an integer type, else a Cast.
func convert(x Expr, t Type) Expr {
	if sameType(x.Type(), t) {
		return x
	}
	if lit, ok := x.(*IntLit); ok && isInteger(lit.T) && isInteger(t) {
		return &IntLit{At: lit.At, T: t, Val: truncate(lit.Val, t)}
	}
	return &Cast{At: x.Pos(), X: x, T: t}
}

// assignConv converts the value x to the type t of the object it is stored
// in, as assignment, initialisation, argument passing and return do.
func (l *lowerer) assignConv(x Expr, t Type, p Pos) (Expr, error) {
	xt := x.Type()
	switch t := t.(type) {
	case *IntType:
		if isScalar(xt) {
			return convert(x, t), nil
		}
	case *PointerType:
		if isScalar(xt) {
			return convert(x, t), nil
		}
	case *StructType:
		if sameType(xt, t) {
			return x, nil
		}
	}
	return nil, errorf(p, "cannot convert %s to %s", xt, t)
}

// intOf returns the integer type of x, if it has one.
func intOf(x Expr) (*IntType, bool) {
	t, ok := x.Type().(*IntType)
	return t, ok
}

// indexType is the type an index or pointer offset is converted to: s64
// for a signed one, u64 for an unsigned one.
func indexType(t *IntType) *IntType {
	if t.Signed {
		return S64
	}
	return U64
}
