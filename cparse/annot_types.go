package cparse

import (
	"modernc.org/cc/v4"
	"vep/sep"
)

// sepTypes converts IR types to the assertion language's. An anonymous
// struct is known by the name of a typedef for it, if there is one.
type sepTypes struct {
	names map[*StructType]string
}

// typeTable builds the sep type environment of the program's typedefs and
// structs (unions have no counterpart in the assertion language; the
// members of an anonymous struct or union member count as members of the
// struct around it).
func (l *lowerer) typeTable() *sep.StructTable {
	tt := &sep.StructTable{Typedefs: map[string]sep.Type{}, Structs: map[string]*sep.StructLayout{}}
	if l.ast.Scope == nil {
		return tt
	}
	st := &sepTypes{names: map[*StructType]string{}}
	typedefs := map[string]Type{}
	for name, nodes := range l.ast.Scope.Nodes {
		for _, n := range nodes {
			d, ok := n.(*cc.Declarator)
			if !ok || !d.IsTypename() {
				continue
			}
			t, err := l.tc.convType(d.Type(), Pos{})
			if err != nil {
				continue
			}
			typedefs[name] = t
			if s, ok := t.(*StructType); ok && s.Tag == "" && !s.Union {
				st.names[s] = name
			}
		}
	}
	for ct := range l.ast.Structs {
		if ct == nil {
			continue
		}
		if tag := ct.Tag(); tag.SrcStr() == "" {
			continue
		}
		l.tc.convType(ct, Pos{}) // registers it in l.tc.structs
	}
	for _, s := range l.tc.structs {
		name := st.name(s)
		if name == "" || s.Union || s.incomplete {
			continue
		}
		lay := &sep.StructLayout{Name: name, Size: s.Bytes, Align: s.Alignm}
		st.addFields(lay, s, 0)
		tt.Structs[name] = lay
	}
	for name, t := range typedefs {
		if s := st.typ(t); s != nil {
			tt.Typedefs[name] = s
		}
	}
	return tt
}

// name returns the name a struct has in annotations.
func (c *sepTypes) name(s *StructType) string {
	if s.Tag != "" {
		return s.Tag
	}
	return c.names[s]
}

// addFields adds the fields of s at offset base to lay; the fields of an
// anonymous member are added as if they were s's own.
func (c *sepTypes) addFields(lay *sep.StructLayout, s *StructType, base int64) {
	for _, f := range s.Fields {
		if f.Name == "" {
			if inner, ok := f.Type.(*StructType); ok {
				c.addFields(lay, inner, base+f.Offset)
			}
			continue
		}
		ft := c.typ(f.Type)
		if ft == nil {
			continue
		}
		lay.Fields = append(lay.Fields, sep.StructField{Name: f.Name, Offset: base + f.Offset, Type: ft, BitOffset: f.BitOffset, BitSize: f.BitWidth})
	}
}

// typ converts an IR type, or returns nil if the assertion language has no
// such type.
func (c *sepTypes) typ(t Type) sep.Type {
	switch t := t.(type) {
	case *IntType:
		if t.Bool {
			return &sep.BoolType{}
		}
		return &sep.IntType{Size: int(t.Bytes), Signed: t.Signed}
	case *VoidType:
		return &sep.VoidType{}
	case *PointerType:
		e := c.typ(t.Elem)
		if e == nil {
			e = &sep.VoidType{}
		}
		return &sep.PointerType{Elem: e}
	case *ArrayType:
		e := c.typ(t.Elem)
		if e == nil {
			return nil
		}
		return &sep.ArrayType{Elem: e, Len: t.Len}
	case *StructType:
		if name := c.name(t); name != "" && !t.Union {
			return &sep.StructType{Name: name}
		}
	}
	return nil
}
