package cparse

import (
	"modernc.org/cc/v4"
)

// btfMap lowers a BTF-style map definition in SEC(".maps"): a struct whose
// members are written with __uint(name, N) (int (*name)[N]),
// __type(name, T) (T *name) and __array(values, struct inner) (struct
// inner *values[]).
func (l *lowerer) btfMap(d *cc.Declarator, init *cc.Initializer, p Pos) {
	t, err := l.tc.convType(d.Type(), p)
	if err != nil {
		l.error(err)
		return
	}
	st, ok := t.(*StructType)
	if !ok {
		l.error(errorf(p, "map %s in SEC(\".maps\") must be a struct", d.Name()))
		return
	}
	m, err := mapFromStruct(d.Name(), st, p)
	if err != nil {
		l.error(err)
		return
	}
	if init != nil {
		if err := l.innerInit(m, st, init); err != nil {
			l.error(err)
			return
		}
	}
	l.addMap(d, m)
}

func (l *lowerer) addMap(d *cc.Declarator, m *Map) {
	if _, dup := l.mapName[m.Name]; dup {
		l.error(errorf(m.Pos, "map %s defined twice", m.Name))
		return
	}
	l.maps[d] = m
	l.mapName[m.Name] = m
	l.prog.Maps = append(l.prog.Maps, m)
}

// mapFromStruct reads a BTF-style map definition from its struct type.
func mapFromStruct(name string, st *StructType, p Pos) (*Map, error) {
	m := &Map{Name: name, Pos: p, Section: ".maps"}
	for _, f := range st.Fields {
		switch f.Name {
		case "type", "max_entries", "key_size", "value_size", "map_flags":
			pt, ok := f.Type.(*PointerType)
			var at *ArrayType
			if ok {
				at, ok = pt.Elem.(*ArrayType)
			}
			if !ok {
				return nil, errorf(p, "map %s: member %s must be written __uint(%s, N)", name, f.Name, f.Name)
			}
			switch f.Name {
			case "type":
				m.Type = at.Len
			case "max_entries":
				m.MaxEntries = at.Len
			case "key_size":
				m.KeySize = at.Len
			case "value_size":
				m.ValueSize = at.Len
			case "map_flags":
				m.Flags = at.Len
			}
		case "key", "value":
			pt, ok := f.Type.(*PointerType)
			if !ok {
				return nil, errorf(p, "map %s: member %s must be written __type(%s, T)", name, f.Name, f.Name)
			}
			if f.Name == "key" {
				m.Key, m.KeySize = pt.Elem, pt.Elem.Size()
			} else {
				m.Value, m.ValueSize = pt.Elem, pt.Elem.Size()
			}
		case "values":
			at, ok := f.Type.(*ArrayType)
			var pt *PointerType
			if ok {
				pt, ok = at.Elem.(*PointerType)
			}
			var inner *StructType
			if ok {
				inner, ok = pt.Elem.(*StructType)
			}
			if !ok {
				return nil, errorf(p, "map %s: member values must be written __array(values, struct inner_map)", name)
			}
			im, err := mapFromStruct(inner.Tag, inner, p)
			if err != nil {
				return nil, err
			}
			m.Inner = im
			m.ValueSize = 4 // an inner map's id
		default:
			return nil, errorf(p, "map %s: unknown member %s", name, f.Name)
		}
	}
	return m, nil
}

// innerInit reads .values = {[i] = &inner, …} of a map-in-map.
func (l *lowerer) innerInit(m *Map, st *StructType, init *cc.Initializer) error {
	var vals *Field
	for _, f := range st.Fields {
		if f.Name == "values" {
			vals = f
		}
	}
	var walk func(in *cc.Initializer) error
	walk = func(in *cc.Initializer) error {
		if in == nil {
			return nil
		}
		if in.Case == cc.InitializerInitList {
			for il := in.InitializerList; il != nil; il = il.InitializerList {
				if err := walk(il.Initializer); err != nil {
					return err
				}
			}
			return nil
		}
		p := l.posOf(in)
		if vals == nil || in.Offset() < vals.Offset {
			return errorf(p, "map %s: only the values of a map-in-map may be initialised", m.Name)
		}
		d := addrOfDeclarator(in.AssignmentExpression)
		inner := l.maps[d]
		if inner == nil {
			return errorf(p, "map %s: a value must be the address of a map defined before", m.Name)
		}
		if m.InnerInit == nil {
			m.InnerInit = map[int64]*Map{}
		}
		m.InnerInit[(in.Offset()-vals.Offset)/8] = inner
		return nil
	}
	return walk(init)
}

// addrOfDeclarator returns d for the expression &d, else nil.
func addrOfDeclarator(e cc.ExpressionNode) *cc.Declarator {
	for {
		switch x := e.(type) {
		case *cc.UnaryExpression:
			if x.Case != cc.UnaryExpressionAddrof {
				return nil
			}
			pe, ok := x.CastExpression.(*cc.PrimaryExpression)
			if !ok || pe.Case != cc.PrimaryExpressionIdent {
				return nil
			}
			d, _ := pe.ResolvedTo().(*cc.Declarator)
			return d
		case *cc.CastExpression:
			if x.Case != cc.CastExpressionCast {
				return nil
			}
			e = x.CastExpression
		case *cc.PrimaryExpression:
			if x.Case != cc.PrimaryExpressionExpr {
				return nil
			}
			e = x.ExpressionList
		default:
			return nil
		}
	}
}

// legacyMap lowers a struct bpf_map_def in SEC("maps").
func (l *lowerer) legacyMap(d *cc.Declarator, init *cc.Initializer, p Pos) {
	st, ok := d.Type().(*cc.StructType)
	var tag cc.Token
	if ok {
		tag = st.Tag()
	}
	if !ok || tag.SrcStr() != "bpf_map_def" {
		l.error(errorf(p, "map %s in SEC(\"maps\") must be a struct bpf_map_def", d.Name()))
		return
	}
	m := &Map{Name: d.Name(), Pos: p, Section: "maps"}
	var walk func(in *cc.Initializer) error
	walk = func(in *cc.Initializer) error {
		if in == nil {
			return nil
		}
		if in.Case == cc.InitializerInitList {
			for il := in.InitializerList; il != nil; il = il.InitializerList {
				if err := walk(il.Initializer); err != nil {
					return err
				}
			}
			return nil
		}
		var v int64
		switch x := in.AssignmentExpression.Value().(type) {
		case cc.Int64Value:
			v = int64(x)
		case cc.UInt64Value:
			v = int64(x)
		default:
			return errorf(l.posOf(in), "map %s: the initialiser must be constant", m.Name)
		}
		f := in.Field()
		if f == nil {
			return errorf(l.posOf(in), "map %s: initialiser without a member", m.Name)
		}
		switch f.Name() {
		case "type":
			m.Type = v
		case "key_size":
			m.KeySize = v
		case "value_size":
			m.ValueSize = v
		case "max_entries":
			m.MaxEntries = v
		case "map_flags":
			m.Flags = v
		default:
			return errorf(l.posOf(in), "map %s: unsupported member %s", m.Name, f.Name())
		}
		return nil
	}
	if err := walk(init); err != nil {
		l.error(err)
		return
	}
	l.addMap(d, m)
}
