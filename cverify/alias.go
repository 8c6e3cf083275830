package cverify

import (
	"fmt"
	"math/big"

	"vep/cparse"
	"vep/sep"
)

// The strict aliasing rule (C11 6.5p7): an object may be accessed only
// through an lvalue of a type compatible with its effective type (modulo
// signedness and qualifiers) or of a character type. Compilers rely on it
// (clang -O2 drops stores that no access of a compatible type reads), so
// an access that breaks it has no defined meaning and is rejected. The
// effective type of a local variable's bytes is its declared type, whatever
// wrote them (memcpy, memset and helpers write bytes, not types). Memory
// without a declared type (map values, the packet, the context, memory a
// precondition hands over) is not checked.

// throughPointer reports whether the place e is reached through a pointer
// value; a place that names a variable and selects fields and elements of
// it has the declared type of what it selects.
func throughPointer(e cparse.Expr) bool {
	for {
		switch x := e.(type) {
		case *cparse.VarRef:
			return false
		case *cparse.FieldRef:
			e = x.X
		case *cparse.Index:
			e = x.X
		default:
			return true
		}
	}
}

func isCharType(t cparse.Type) bool {
	it, ok := t.(*cparse.IntType)
	return ok && it.Bytes == 1 && !it.Bool
}

// compatibleScalar reports whether an lvalue of type lt may access a
// scalar object of type d.
func compatibleScalar(d, lt cparse.Type) bool {
	switch d := d.(type) {
	case *cparse.IntType:
		l, ok := lt.(*cparse.IntType)
		return ok && l.Bytes == d.Bytes && l.Bool == d.Bool
	case *cparse.PointerType:
		_, ok := lt.(*cparse.PointerType)
		return ok
	}
	return false
}

// leaf is a scalar member of an object: its type and byte range.
type leaf struct {
	t   cparse.Type
	off int64
}

// accessOK reports whether an access of type lt to the bytes [off, off+w)
// of an object of declared type d is allowed; bad is the member type it
// conflicts with otherwise.
func accessOK(d cparse.Type, off, w int64, lt cparse.Type) (ok bool, bad cparse.Type) {
	switch d := d.(type) {
	case *cparse.ArrayType:
		es := d.Elem.Size()
		if es <= 0 || off < 0 || off >= d.Len*es {
			return false, d
		}
		i := off / es
		return accessOK(d.Elem, off-i*es, w, lt)
	case *cparse.StructType:
		var first cparse.Type
		for _, f := range d.Fields {
			if f.BitWidth > 0 {
				continue
			}
			fs := f.Type.Size()
			if off >= f.Offset && off+w <= f.Offset+fs {
				ok, bad := accessOK(f.Type, off-f.Offset, w, lt)
				if ok {
					return true, nil // a union may be read through any member
				}
				if first == nil {
					first = bad
				}
			} else if off < f.Offset+fs && f.Offset < off+w && first == nil {
				first = f.Type
			}
		}
		if first == nil {
			first = d
		}
		return false, first
	}
	if off == 0 && w == d.Size() && compatibleScalar(d, lt) {
		return true, nil
	}
	return false, d
}

// leaves returns the scalar types of an object of type d (each once).
func leaves(d cparse.Type, seen map[string]bool, out []cparse.Type) []cparse.Type {
	switch d := d.(type) {
	case *cparse.ArrayType:
		return leaves(d.Elem, seen, out)
	case *cparse.StructType:
		for _, f := range d.Fields {
			if f.BitWidth == 0 {
				out = leaves(f.Type, seen, out)
			}
		}
		return out
	}
	if k := d.String(); !seen[k] {
		seen[k] = true
		out = append(out, d)
	}
	return out
}

// checkAlias checks an access of type lt through the pointer p against the
// effective type of the stack object p points into.
func (v *verifier) checkAlias(st *state, pos cparse.Pos, p value, lt cparse.Type, f *cparse.Field, write bool) bool {
	if p.k != kStack || lt == nil || isCharType(lt) || f != nil && f.BitWidth > 0 {
		return true
	}
	r := st.regions[p.region]
	if r.typ == nil || r.dead != "" {
		return true
	}
	if _, ok := lt.(*cparse.StructType); ok {
		return true
	}
	verb := "read"
	if write {
		verb = "write"
	}
	w := lt.Size()
	// An access out of bounds (or through a dead pointer) is reported as
	// such.
	inBounds := func() bool { return v.checkBounds(st, pos, p, num(w), write, verb+" of") }
	if off, ok := constInt64(p.t); ok {
		if good, bad := accessOK(r.typ, off, w, lt); !good && inBounds() {
			v.fail(pos, fmt.Sprintf("type-punned access: %s of %s at offset %d of %s, whose declared type there is %s; C's strict aliasing rule (C11 6.5p7) makes this undefined and clang -O2 exploits it: access the object with its own type, or copy its bytes with __builtin_memcpy", verb, lt, off, r.name, bad), nil, nil)
			return false
		}
		return !v.failed()
	}
	// A variable offset into an array that moves by whole elements reaches
	// the same member of some element.
	if sym, c := splitConst(p.t); c.IsInt64() {
		d, off := r.typ, c.Int64()
		for {
			a, ok := d.(*cparse.ArrayType)
			es := int64(0)
			if ok {
				es = a.Elem.Size()
			}
			if !ok || es <= 0 || !multipleOf(sym, es) {
				break
			}
			d, off = a.Elem, ((off%es)+es)%es
			if good, _ := accessOK(d, off, w, lt); good {
				return true
			}
		}
	}
	// Otherwise it may reach any member.
	for _, d := range leaves(r.typ, map[string]bool{}, nil) {
		if (!compatibleScalar(d, lt) || d.Size() != w) && inBounds() {
			v.fail(pos, fmt.Sprintf("type-punned access: %s of %s at a variable offset of %s, which holds %s (declared %s); C's strict aliasing rule (C11 6.5p7) makes this undefined and clang -O2 exploits it: access the object with its own type, or copy its bytes with __builtin_memcpy", verb, lt, r.name, d, r.typ), nil, nil)
			return false
		}
		if v.failed() {
			return false
		}
	}
	return true
}

// multipleOf reports whether the term t is syntactically a multiple of n
// for every value of its variables.
func multipleOf(t sep.Term, n int64) bool {
	switch t := t.(type) {
	case nil:
		return true
	case *sep.Int:
		return new(big.Int).Mod(t.Val, big.NewInt(n)).Sign() == 0
	case *sep.Unary:
		return t.Op == sep.Neg && multipleOf(t.X, n)
	case *sep.Binary:
		switch t.Op {
		case sep.Add, sep.Sub:
			return multipleOf(t.X, n) && multipleOf(t.Y, n)
		case sep.Mul:
			return multipleOf(t.X, n) || multipleOf(t.Y, n)
		}
	}
	return false
}
