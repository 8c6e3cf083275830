package cparse

import (
	"fmt"

	"modernc.org/cc/v4"
)

// typeConv converts cc/v4 types into IR types, sharing one *StructType per
// cc/v4 struct or union so that recursive types terminate.
type typeConv struct {
	structs map[cc.Type]*StructType
}

// convType converts t; p is the position an error is reported at.
func (c *typeConv) convType(t cc.Type, p Pos) (Type, error) {
	if t == nil {
		return nil, errorf(p, "expression has no type")
	}
	switch t := t.(type) {
	case *cc.PointerType:
		elem, err := c.convType(t.Elem(), p)
		if err != nil {
			return nil, err
		}
		return &PointerType{Elem: elem}, nil
	case *cc.ArrayType:
		if t.IsVLA() {
			return nil, errorf(p, "variable-length arrays are not supported")
		}
		elem, err := c.convType(t.Elem(), p)
		if err != nil {
			return nil, err
		}
		n := t.Len()
		if n < 0 {
			n = 0
		}
		return &ArrayType{Elem: elem, Len: n}, nil
	case *cc.StructType:
		return c.convStruct(t, false, p)
	case *cc.UnionType:
		return c.convStruct(t, true, p)
	case *cc.EnumType:
		return c.convType(t.UnderlyingType(), p)
	case *cc.FunctionType:
		ft := &FuncType{Variadic: t.IsVariadic()}
		res, err := c.convType(t.Result(), p)
		if err != nil {
			return nil, err
		}
		ft.Result = res
		for _, par := range t.Parameters() {
			pt, err := c.convType(par.Type(), p)
			if err != nil {
				return nil, err
			}
			if _, ok := pt.(*VoidType); ok {
				continue
			}
			ft.Params = append(ft.Params, adjustParam(pt))
		}
		return ft, nil
	}
	switch k := t.Kind(); k {
	case cc.Void:
		return Void, nil
	case cc.Bool:
		return Bool, nil
	case cc.Char, cc.SChar, cc.UChar, cc.Short, cc.UShort, cc.Int, cc.UInt,
		cc.Long, cc.ULong, cc.LongLong, cc.ULongLong:
		return intType(t.Size(), cc.IsSignedInteger(t)), nil
	case cc.Float, cc.Double, cc.LongDouble, cc.Float16, cc.Float32, cc.Float64,
		cc.Float128, cc.Float32x, cc.Float64x, cc.Float128x, cc.BFloat16,
		cc.Decimal32, cc.Decimal64, cc.Decimal128:
		return nil, errorf(p, "floating-point types are not supported (eBPF has no floating point)")
	case cc.Int128, cc.UInt128:
		return nil, errorf(p, "128-bit integers are not supported")
	default:
		if cc.IsComplexType(t) {
			return nil, errorf(p, "complex types are not supported")
		}
		return nil, errorf(p, "type %s is not supported", t)
	}
}

// adjustParam turns an array parameter type into a pointer, as C does.
func adjustParam(t Type) Type {
	if a, ok := t.(*ArrayType); ok {
		return &PointerType{Elem: a.Elem}
	}
	return t
}

// ccFields is what cc/v4's struct and union types share.
type ccFields interface {
	cc.Type
	NumFields() int
	FieldByIndex(int) *cc.Field
	Tag() cc.Token
}

func (c *typeConv) convStruct(t ccFields, union bool, p Pos) (Type, error) {
	if st, ok := c.structs[t]; ok {
		return st, nil
	}
	tag := t.Tag()
	st := &StructType{Tag: tag.SrcStr(), Union: union, Bytes: t.Size(), Alignm: int64(t.Align())}
	c.structs[t] = st
	if t.IsIncomplete() {
		st.incomplete = true
		if t.NumFields() == 0 {
			return st, nil
		}
	}
	for i := 0; i < t.NumFields(); i++ {
		f := t.FieldByIndex(i)
		if f == nil {
			continue
		}
		ft, err := c.convType(f.Type(), p)
		if err != nil {
			return nil, err
		}
		if isIncomplete(ft) {
			return nil, errorf(p, "member %s of %s has incomplete type %s", f.Name(), st, ft)
		}
		nf := &Field{Name: f.Name(), Type: ft, Offset: f.Offset()}
		if f.IsBitfield() {
			if f.Name() == "" {
				continue // padding such as int :0
			}
			nf.BitOffset = f.OffsetBits()
			nf.BitWidth = int(f.ValueBits())
			nf.UnitSize = f.AccessBytes()
			if nf.UnitSize <= 0 {
				return nil, errorf(p, "bit-field %s of %s has no storage unit", f.Name(), st)
			}
		} else if f.Name() == "" {
			if _, ok := ft.(*StructType); !ok {
				continue
			}
		}
		st.Fields = append(st.Fields, nf)
	}
	if st.Bytes < 0 {
		return nil, errorf(p, "%s has no size", fmt.Sprint(st))
	}
	return st, nil
}
