package cparse

import (
	"modernc.org/cc/v4"
)

// localInit lowers the initialiser of a local variable of type t.
func (l *lowerer) localInit(init *cc.Initializer, t Type) (*Init, error) {
	p := l.posOf(init)
	if init.Case == cc.InitializerExpr {
		if at, ok := t.(*ArrayType); ok {
			// A char array initialised by a string literal.
			b, err := l.stringBytes(init, at)
			if err != nil {
				return nil, err
			}
			return &Init{Items: []InitItem{{Offset: 0, Bytes: b}}}, nil
		}
		v, err := l.expr(init.AssignmentExpression)
		if err != nil {
			return nil, err
		}
		v, err = l.assignConv(v, t, p)
		if err != nil {
			return nil, err
		}
		return &Init{Expr: v}, nil
	}
	in := &Init{Items: []InitItem{}}
	if err := l.initItems(init, in); err != nil {
		return nil, err
	}
	return in, nil
}

// stringBytes returns the bytes a string literal stores into the array at.
func (l *lowerer) stringBytes(init *cc.Initializer, at *ArrayType) ([]byte, error) {
	p := l.posOf(init)
	s, ok := init.AssignmentExpression.Value().(cc.StringValue)
	if !ok {
		return nil, errorf(p, "an array can only be initialised by a string literal or a braced list")
	}
	if it, ok := at.Elem.(*IntType); !ok || it.Bytes != 1 {
		return nil, errorf(p, "a string literal initialises only a char array")
	}
	b := []byte(string(s))
	if int64(len(b)) > at.Len {
		b = b[:at.Len]
	}
	return b, nil
}

// initItems adds the leaves of a braced initialiser to in; cc/v4 has
// computed each leaf's offset in the whole object.
func (l *lowerer) initItems(init *cc.Initializer, in *Init) error {
	if init == nil {
		return nil
	}
	if init.Case == cc.InitializerInitList {
		for il := init.InitializerList; il != nil; il = il.InitializerList {
			if err := l.initItems(il.Initializer, in); err != nil {
				return err
			}
		}
		return nil
	}
	p := l.posOf(init)
	t, err := l.tc.convType(init.Type(), p)
	if err != nil {
		return err
	}
	if init.Len() != 1 {
		return errorf(p, "range designators are not supported")
	}
	off := init.Offset()
	if at, ok := t.(*ArrayType); ok {
		b, err := l.stringBytes(init, at)
		if err != nil {
			return err
		}
		in.Items = append(in.Items, InitItem{Offset: off, Bytes: b})
		return nil
	}
	v, err := l.expr(init.AssignmentExpression)
	if err != nil {
		return err
	}
	item := InitItem{Offset: off}
	if f := init.Field(); f != nil && f.IsBitfield() {
		item.Field = &Field{Name: f.Name(), Type: t, Offset: f.Offset(), BitOffset: f.OffsetBits(), BitWidth: int(f.ValueBits()), UnitSize: f.AccessBytes()}
	}
	if item.Value, err = l.assignConv(v, t, p); err != nil {
		return err
	}
	in.Items = append(in.Items, item)
	return nil
}
